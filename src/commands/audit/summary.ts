import type { CommandContext } from '../../context.js';
import {
  hasAuditRecords,
  resolveAuditWorkflowId,
  summarizeWorkflowAudit,
  type CountRow,
  type DayCount,
  type WorkflowAuditSummary,
} from '../../data/audit/index.js';
import { WorkflowNotFoundError } from '../../errors.js';
import type { IOStreams } from '../../io.js';
import { printJson } from '../../render/json.js';
import { renderKeyValues, renderTable } from '../../render/table.js';
import { renderDayChart } from '../../render/chart.js';
import { createTheme } from '../../render/theme.js';
import { quoteInput } from '../../quote.js';
import { workflowNames } from '../../data/core/index.js';

/** `audit summary`: the data layer's summary and the workflow's name (null when none is live). */
export type AuditSummaryResult = WorkflowAuditSummary & { workflowName: string | null };

/** A count by workflow id, with the workflow's name (null when none is live). */
export type NamedCountRow = CountRow & { name: string | null };

/** Names the workflows of count rows keyed by workflow id: one query. */
export async function nameWorkflowRows(
  ds: Parameters<typeof workflowNames>[0],
  rows: CountRow[],
): Promise<NamedCountRow[]> {
  const names = await workflowNames(
    ds,
    rows.map((r) => r.key),
  );
  return rows.map((r) => ({ ...r, name: r.key === null ? null : (names.get(r.key) ?? null) }));
}

export async function runAuditSummary(
  input: { workflow: string; days: number },
  ctx: CommandContext,
): Promise<AuditSummaryResult> {
  const ds = await ctx.dataSource();
  const { id, exists } = await resolveAuditWorkflowId(ds, input.workflow);
  if (!exists && !(await hasAuditRecords(ds, id))) {
    throw new WorkflowNotFoundError(`workflow ${quoteInput(input.workflow)} not found, and no audit record names it`, {
      hint: 'wfctl workflows list shows the workflows',
    });
  }
  const summary = await summarizeWorkflowAudit(ds, id, input.days, ctx.now());
  return { ...summary, workflowName: (await workflowNames(ds, [id])).get(id) ?? null };
}

/** Counts by key; rows of workflows (with a name) show the name beside the id. */
export function renderCounts(
  io: IOStreams,
  title: string,
  keyHeader: string,
  rows: Array<CountRow & { name?: string | null }>,
): string {
  const theme = createTheme(io.colorStdout);
  const named = rows.some((r) => r.name !== undefined);
  const body = rows.length
    ? renderTable(
        io,
        [
          { header: keyHeader, value: (r: CountRow & { name?: string | null }) => r.key ?? '(none)' },
          { header: 'events', value: (r: CountRow & { name?: string | null }) => r.count, align: 'right' as const },
          // last, so that piped rows keep their positions
          ...(named
            ? [{ header: 'name', value: (r: CountRow & { name?: string | null }) => r.name, maxWidth: 40 }]
            : []),
        ],
        rows,
      )
    : `${theme.muted('  none')}\n`;
  return `\n${theme.bold(title)}\n${body}`;
}

/** Events per day: bars (sparklines for long windows) on a terminal, "day<TAB>count" rows when piped. */
export function renderDays(io: IOStreams, days: DayCount[]): string {
  const theme = createTheme(io.colorStdout);
  const chart = renderDayChart(
    io,
    days.map((d) => ({ day: d.day, ok: d.count, bad: 0 })),
    { ok: 'events', bad: '', okOnly: true },
  );
  return `\n${theme.bold('Events per day (UTC)')}\n${chart}`;
}

export function printAuditSummary(s: AuditSummaryResult, io: IOStreams, format: string): void {
  if (format === 'json') return printJson(io, s);
  io.out(
    renderKeyValues(io, [
      ['workflow', s.workflowName === null ? s.workflowId : `${s.workflowId} (${s.workflowName})`],
      ['window', `${s.days} day${s.days === 1 ? '' : 's'} (${s.since.toISOString()} – ${s.until.toISOString()})`],
      ['events', s.total],
      ['first event', s.firstEvent],
      ['last event', s.lastEvent],
    ]),
  );
  io.out(renderCounts(io, 'By event type', 'event', s.byEventType));
  io.out(renderCounts(io, 'By user', 'user', s.byUser));
  io.out(renderDays(io, s.perDay));
}
