import type { CommandContext } from '../../context.js';
import { userActivity, type UserActivity } from '../../data/audit/index.js';
import type { IOStreams } from '../../io.js';
import { printJson } from '../../render/json.js';
import { renderKeyValues, renderTable } from '../../render/table.js';
import { createTheme } from '../../render/theme.js';
import { renderCounts } from './summary.js';

export async function runAuditUser(input: { user: string; days: number; limit: number }, ctx: CommandContext): Promise<UserActivity> {
  const ds = await ctx.dataSource();
  return userActivity(ds, input.user, input.days, input.limit, ctx.now());
}

export function printAuditUser(a: UserActivity, io: IOStreams, format: string): void {
  if (format === 'json') return printJson(io, a);
  const theme = createTheme(io.colorStdout);
  io.out(
    renderKeyValues(io, [
      ['user', a.userId],
      ['window', `${a.days} day${a.days === 1 ? '' : 's'} (${a.since.toISOString()} – ${a.until.toISOString()})`],
      ['events', a.total],
    ]),
  );
  io.out(`\n${theme.bold(`Timeline (newest ${a.timeline.length}${a.timelineTruncated ? ` of ${a.total}` : ''})`)}\n`);
  io.out(
    a.timeline.length
      ? renderTable(
          io,
          [
            { header: 'time', value: (e: UserActivity['timeline'][number]) => e.timestamp, time: 'absolute' },
            { header: 'event', value: (e) => e.eventType },
            { header: 'workflow', value: (e) => e.workflowId, maxWidth: 28, shrink: false },
            { header: 'ip', value: (e) => e.ipAddress },
            { header: 'summary', value: (e) => e.summary, maxWidth: 60 },
          ],
          a.timeline,
        )
      : `${theme.muted('  none')}\n`,
  );
  io.out(renderCounts(io, 'By event type', 'event', a.byEventType));
  io.out(renderCounts(io, 'Workflows touched', 'workflow', a.workflows));
  io.out(renderCounts(io, 'IP addresses', 'ip', a.ipAddresses));
  io.out(renderCounts(io, 'User agents', 'user agent', a.userAgents));
}
