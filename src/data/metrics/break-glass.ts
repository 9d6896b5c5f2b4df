/**
 * Changes applied with --break-glass (without the approvals their target
 * requires) in a window, from their change_applied audit events: the weekly
 * report lists every one.
 */
import type { DataSource } from '../core/connection.js';
import { toDate, toNumberOrNull, toStringOrNull, isPlainObject } from '../core/normalize.js';
import type { TimeWindow } from '../core/window.js';

export interface BreakGlassRow {
  at: Date | null;
  workflowId: string | null;
  by: string | null;
  authenticated: boolean;
  kind: string | null;
  version: number | null;
  reason: string | null;
  requestId: string | null;
}

export async function scanBreakGlass(ds: DataSource, window: TimeWindow): Promise<BreakGlassRow[]> {
  const docs = await ds.run('read break-glass changes', () =>
    ds.audit
      .find(
        { event_type: 'change_applied', 'details.break_glass': true, timestamp: { $gte: window.from, $lt: window.to } },
        ds.opts(),
      )
      .sort({ timestamp: -1, _id: 1 })
      .limit(1000)
      .toArray(),
  );
  return docs.map((d) => {
    const details = isPlainObject(d.details) ? d.details : {};
    return {
      at: toDate(d.timestamp),
      workflowId: toStringOrNull(d.workflow_id),
      by: toStringOrNull(d.user_id),
      authenticated: details.authenticated === true,
      kind: toStringOrNull(details.kind),
      version: toNumberOrNull(details.version),
      reason: toStringOrNull(details.reason),
      requestId: toStringOrNull(details.request_id),
    };
  });
}
