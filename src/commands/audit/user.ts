import type { CommandContext } from '../../context.js';
import { userActivity, type UserActivity } from '../../data/audit/index.js';
import type { IOStreams } from '../../io.js';
import { printJson } from '../../render/json.js';
import { renderKeyValues, renderTable } from '../../render/table.js';
import { createTheme } from '../../render/theme.js';
import { differingAuthenticatedUser } from '../../data/core/index.js';
import { nameWorkflowRows, renderCounts, type NamedCountRow } from './summary.js';

/** `audit user`: the workflows of the timeline and of the counts named (null when none is live). */
export type AuditUserResult = Omit<UserActivity, 'timeline' | 'workflows'> & {
  timeline: Array<UserActivity['timeline'][number] & { workflowName: string | null }>;
  workflows: NamedCountRow[];
};

export async function runAuditUser(
  input: { user: string; days: number; limit: number },
  ctx: CommandContext,
): Promise<AuditUserResult> {
  const ds = await ctx.dataSource();
  const a = await userActivity(ds, input.user, input.days, input.limit, ctx.now());
  const workflows = await nameWorkflowRows(ds, [
    ...a.workflows,
    ...a.timeline.map((e) => ({ key: e.workflowId, count: 0 })),
  ]);
  const names = new Map(workflows.map((r) => [r.key, r.name]));
  return {
    ...a,
    timeline: a.timeline.map((e) => ({
      ...e,
      workflowName: e.workflowId === null ? null : (names.get(e.workflowId) ?? null),
    })),
    workflows: workflows.slice(0, a.workflows.length),
  };
}

export function printAuditUser(a: AuditUserResult, io: IOStreams, format: string): void {
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
            { header: 'time', value: (e: AuditUserResult['timeline'][number]) => e.timestamp, time: 'absolute' },
            { header: 'event', value: (e) => e.eventType },
            // a person reads the name (the id when none is live); piped rows keep the id
            {
              header: 'workflow',
              value: (e) => (io.stdoutIsTTY ? (e.workflowName ?? e.workflowId) : e.workflowId),
              maxWidth: 28,
              minWidth: 16,
            },
            { header: 'ip', value: (e) => e.ipAddress },
            { header: 'summary', value: (e) => e.summary, maxWidth: 60 },
            // on a terminal where it differs from the user asked about; piped, last and as stored
            {
              header: 'authenticated as',
              value: (e) =>
                io.stdoutIsTTY ? differingAuthenticatedUser(a.userId, e.authenticatedUser) : e.authenticatedUser,
              maxWidth: 28,
              hideWhenEmpty: true,
            },
          ],
          a.timeline,
        )
      : `${theme.muted('  none')}\n`,
  );
  io.out(renderCounts(io, 'By event type', 'event', a.byEventType));
  io.out(renderCounts(io, 'Workflows touched', 'workflow', a.workflows));
  io.out(renderCounts(io, 'IP addresses', 'ip', a.ipAddresses));
  io.out(renderCounts(io, 'User agents', 'user agent', a.userAgents));
  // only when some record was written by an authenticated connection: nothing new on a server without users
  if (a.authenticatedUsers.some((r) => r.key !== null))
    io.out(renderCounts(io, 'Authenticated database users', 'authenticated user', a.authenticatedUsers));
}
