import type { CommandContext } from '../../context.js';
import { hasAuditRecords, resolveAuditWorkflowId, summarizeWorkflowAudit, type CountRow, type DayCount, type WorkflowAuditSummary } from '../../data/audit/index.js';
import { WorkflowNotFoundError } from '../../errors.js';
import type { IOStreams } from '../../io.js';
import { printJson } from '../../render/json.js';
import { renderKeyValues, renderTable } from '../../render/table.js';
import { renderDayChart } from '../../render/chart.js';
import { createTheme } from '../../render/theme.js';
import { quoteInput } from '../../quote.js';

export async function runAuditSummary(input: { workflow: string; days: number }, ctx: CommandContext): Promise<WorkflowAuditSummary> {
  const ds = await ctx.dataSource();
  const { id, exists } = await resolveAuditWorkflowId(ds, input.workflow);
  if (!exists && !(await hasAuditRecords(ds, id))) {
    throw new WorkflowNotFoundError(`workflow ${quoteInput(input.workflow)} not found, and no audit record names it`, { hint: 'wfctl workflows list shows the workflows' });
  }
  return summarizeWorkflowAudit(ds, id, input.days, ctx.now());
}

export function renderCounts(io: IOStreams, title: string, keyHeader: string, rows: CountRow[]): string {
  const theme = createTheme(io.colorStdout);
  const body = rows.length
    ? renderTable(io, [
        { header: keyHeader, value: (r: CountRow) => r.key ?? '(none)' },
        { header: 'events', value: (r) => r.count, align: 'right' },
      ], rows)
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

export function printAuditSummary(s: WorkflowAuditSummary, io: IOStreams, format: string): void {
  if (format === 'json') return printJson(io, s);
  io.out(
    renderKeyValues(io, [
      ['workflow', s.workflowId],
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
