import type { CommandContext } from '../../context.js';
import { hasAuditRecords, resolveAuditWorkflowId, summarizeWorkflowAudit, type CountRow, type DayCount, type WorkflowAuditSummary } from '../../data/audit.js';
import { WorkflowNotFoundError } from '../../errors.js';
import type { IOStreams } from '../../io.js';
import { printJson } from '../../render/json.js';
import { renderKeyValues, renderTable } from '../../render/table.js';
import { createTheme } from '../../render/theme.js';

export async function runAuditSummary(input: { workflow: string; days: number }, ctx: CommandContext): Promise<WorkflowAuditSummary> {
  const ds = await ctx.dataSource();
  const { id, exists } = await resolveAuditWorkflowId(ds, input.workflow);
  if (!exists && !(await hasAuditRecords(ds, id))) {
    throw new WorkflowNotFoundError(`workflow "${input.workflow}" not found, and no audit record names it`, { hint: 'wfctl workflows list shows the workflows' });
  }
  return summarizeWorkflowAudit(ds, id, input.days);
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

/** A bar per day: "2025-01-31  ████▌ 42". */
export function renderDays(io: IOStreams, days: DayCount[]): string {
  const theme = createTheme(io.colorStdout);
  const max = Math.max(1, ...days.map((d) => d.count));
  const width = 40;
  const lines = days.map((d) => {
    const n = Math.round((d.count / max) * width);
    return `${d.day}  ${theme.accent('█'.repeat(n))}${' '.repeat(width - n)} ${d.count}`;
  });
  return `\n${theme.bold('Events per day (UTC)')}\n${lines.join('\n')}\n`;
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
