/** The audit verbs' flags as the data layer's AuditFilter: the workflow resolved, the rest as given. */
import type { CommandContext } from '../../context.js';
import { resolveAuditWorkflowId, type AuditFilter } from '../../data/audit/index.js';
import type { AuditFilterInput } from './options.js';

/**
 * The data layer's filter for the flags. `onWorkflow` sees how the workflow
 * was resolved (a deleted workflow keeps its id in the trail).
 */
export async function toAuditFilter(
  input: AuditFilterInput,
  ctx: CommandContext,
  onWorkflow?: (resolved: { id: string; exists: boolean }) => Promise<void>,
): Promise<AuditFilter> {
  const ds = await ctx.dataSource();
  const resolved = input.workflow !== undefined ? await resolveAuditWorkflowId(ds, input.workflow) : undefined;
  if (resolved) await onWorkflow?.(resolved);
  return {
    ...(resolved ? { workflowId: resolved.id } : {}),
    ...(input.user !== undefined ? { userId: input.user } : {}),
    ...(input.eventTypes !== undefined ? { eventTypes: input.eventTypes } : {}),
    ...(input.since !== undefined ? { since: input.since } : {}),
    ...(input.until !== undefined ? { until: input.until } : {}),
  };
}
