import type { CommandContext } from '../../context.js';
import { auditStats, type AuditStats } from '../../data/audit/index.js';
import type { IOStreams } from '../../io.js';
import { printJson } from '../../render/json.js';
import { renderKeyValues, renderTable } from '../../render/table.js';
import { createTheme } from '../../render/theme.js';
import { nameWorkflowRows, renderCounts, renderDays, type NamedCountRow } from './summary.js';

/** `audit stats`: the top workflows named. */
export type AuditStatsResult = Omit<AuditStats, 'topWorkflows'> & { topWorkflows: NamedCountRow[] };

export async function runAuditStats(
  input: { days: number; top: number },
  ctx: CommandContext,
): Promise<AuditStatsResult> {
  const ds = await ctx.dataSource();
  const stats = await auditStats(ds, input.days, input.top, ctx.now());
  return { ...stats, topWorkflows: await nameWorkflowRows(ds, stats.topWorkflows) };
}

export function printAuditStats(s: AuditStatsResult, io: IOStreams, format: string): void {
  if (format === 'json') return printJson(io, s);
  const theme = createTheme(io.colorStdout);
  io.out(
    renderKeyValues(io, [
      ['window', `${s.days} day${s.days === 1 ? '' : 's'} (${s.since.toISOString()} – ${s.until.toISOString()})`],
      ['events', s.total],
      [
        'users',
        `${s.distinctUsers}${s.withoutUser ? ` (and ${s.withoutUser} event${s.withoutUser === 1 ? '' : 's'} without a user)` : ''}`,
      ],
      [
        'workflows',
        `${s.distinctWorkflows}${s.withoutWorkflow ? ` (and ${s.withoutWorkflow} event${s.withoutWorkflow === 1 ? '' : 's'} without a workflow)` : ''}`,
      ],
    ]),
  );
  io.out(renderCounts(io, 'By event type', 'event', s.byEventType));
  io.out(`\n${theme.bold('Busiest hours (UTC)')}\n`);
  io.out(
    s.busiestHours.length
      ? renderTable(
          io,
          [
            { header: 'hour', value: (h: { hour: number; count: number }) => `${String(h.hour).padStart(2, '0')}:00` },
            { header: 'events', value: (h) => h.count, align: 'right' },
          ],
          s.busiestHours.slice(0, 5),
        )
      : `${theme.muted('  none')}\n`,
  );
  io.out(renderCounts(io, `Top users`, 'user', s.topUsers));
  io.out(renderCounts(io, `Top workflows`, 'workflow', s.topWorkflows));
  io.out(renderDays(io, s.perDay));
}
