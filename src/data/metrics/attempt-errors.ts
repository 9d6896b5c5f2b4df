/**
 * The failed attempts of every workflow in a window, grouped by error shape
 * (error-shapes.ts), for the weekly report's "most common errors".
 */
import { SCAN_MAX_TIME_MS, type DataSource } from '../core/connection.js';
import { toStringOrNull } from '../core/normalize.js';
import { inWindow, storedTime, windowFilter, type TimeWindow } from '../core/window.js';
import { ErrorTally, type ErrorGroup } from './error-shapes.js';

/** The most common failed-attempt errors across workflows in the window, with the workflows they hit (an attempt without `success: true` failed, as in stats errors). */
export async function scanAttemptErrors(
  ds: DataSource,
  q: { window: TimeWindow; top: number },
): Promise<{ failedAttempts: number; errors: Array<ErrorGroup & { workflows: string[] }> }> {
  return ds.run('scan failed attempts', async () => {
    const tally = new ErrorTally();
    const workflowsByError = new Map<string, Set<string>>();
    let failed = 0;
    const cursor = ds.attempts
      .find(
        { success: { $ne: true }, ...windowFilter('timestamp', q.window) },
        ds.opts({ atLeastMs: SCAN_MAX_TIME_MS }),
      )
      .project<{ workflow_id?: unknown; error?: unknown; timestamp?: unknown }>({
        _id: 0,
        workflow_id: 1,
        error: 1,
        timestamp: 1,
      })
      .batchSize(5000);
    for await (const a of cursor) {
      const t = storedTime(a.timestamp);
      if (!inWindow(t, q.window)) continue;
      failed++;
      const key = tally.add(toStringOrNull(a.error), t);
      let set = workflowsByError.get(key);
      if (!set) workflowsByError.set(key, (set = new Set()));
      // a few names per error are enough to point at the culprits
      if (set.size < 5) set.add(toStringOrNull(a.workflow_id) ?? '(none)');
    }
    return {
      failedAttempts: failed,
      errors: tally.top(q.top).map((e) => ({ ...e, workflows: [...(workflowsByError.get(e.message) ?? [])].sort() })),
    };
  });
}
