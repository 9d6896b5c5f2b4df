/**
 * The failed attempts of every workflow in a window, grouped by error shape
 * (error-shapes.ts), for the weekly report's "most common errors".
 */
import { SCAN_MAX_TIME_MS, type DataSource } from '../core/connection.js';
import { toStringOrNull } from '../core/normalize.js';
import { inWindow, storedTime, windowFilter, type TimeWindow } from '../core/window.js';
import { ErrorTally, type ErrorGroup } from './error-shapes.js';
import { ATTEMPT_GROUPS_PROBE, groupErrorsByWorkflow } from './attempt-groups.js';
import { useServerPipeline } from '../core/capabilities.js';
import { legacyStringsNear } from '../core/server-window.js';

/**
 * The most common failed-attempt errors across workflows in the window, with
 * up to five of the workflows they hit (the least ids, whatever the read
 * order). An attempt without `success: true` failed, as in stats errors.
 * Grouped on the server where it runs the pipeline (legacy string timestamps,
 * few, streamed beside it), else one streamed pass.
 */
export async function scanAttemptErrors(
  ds: DataSource,
  q: { window: TimeWindow; top: number },
): Promise<{ failedAttempts: number; errors: Array<ErrorGroup & { workflows: string[] }> }> {
  // a retried request starts afresh (its own tally), so nothing is counted twice
  const stream = (label: string, strings: Record<string, unknown>, keepRows: boolean) =>
    ds.run(label, async () => {
      const acc = new ErrorsByWorkflow(keepRows);
      const cursor = ds.attempts
        .find({ success: { $ne: true }, ...strings }, ds.opts({ atLeastMs: SCAN_MAX_TIME_MS }))
        .project<{ workflow_id?: unknown; error?: unknown; timestamp?: unknown }>({
          _id: 0,
          workflow_id: 1,
          error: 1,
          timestamp: 1,
        })
        .batchSize(5000);
      for await (const a of cursor) {
        const t = storedTime(a.timestamp);
        if (inWindow(t, q.window)) acc.add(toStringOrNull(a.error), toStringOrNull(a.workflow_id), t, 1);
      }
      return acc;
    });
  let acc: ErrorsByWorkflow;
  if (await useServerPipeline(ds, ATTEMPT_GROUPS_PROBE)) {
    const [grouped, strings] = await Promise.all([
      groupErrorsByWorkflow(ds, q.window),
      stream('scan legacy failed attempts', legacyStringsNear('timestamp', q.window), true),
    ]);
    acc = new ErrorsByWorkflow(false);
    for (const r of [...grouped, ...strings.rows]) acc.add(r.error, r.workflow, r.lastMs, r.count);
  } else acc = await stream('scan failed attempts', windowFilter('timestamp', q.window), false);
  return {
    failedAttempts: acc.failed,
    errors: acc.tally.top(q.top).map((e) => ({ ...e, workflows: [...(acc.workflows.get(e.message) ?? [])] })),
  };
}

interface ErrorRow {
  error: string | null;
  workflow: string | null;
  lastMs: number;
  count: number;
}

/** Failed attempts by error shape, with the least five workflow ids of each. */
class ErrorsByWorkflow {
  readonly tally = new ErrorTally();
  readonly workflows = new Map<string, string[]>();
  /** what was added, when kept (the few legacy-string attempts, folded once their request is done) */
  readonly rows: ErrorRow[] = [];
  failed = 0;

  constructor(private readonly keepRows: boolean) {}

  add(error: string | null, workflow: string | null, lastMs: number, count: number): void {
    if (this.keepRows) this.rows.push({ error, workflow, lastMs, count });
    this.failed += count;
    const key = this.tally.add(error, lastMs, count);
    let ids = this.workflows.get(key);
    if (!ids) this.workflows.set(key, (ids = []));
    keepLeast(ids, workflow ?? '(none)', 5);
  }
}

/** Keeps `ids` sorted, without repeats, and at most `n` long: the least ids seen. */
function keepLeast(ids: string[], id: string, n: number): void {
  if (ids.length >= n && id >= ids[n - 1]!) return;
  let i = 0;
  while (i < ids.length && ids[i]! < id) i++;
  if (ids[i] === id) return;
  ids.splice(i, 0, id);
  if (ids.length > n) ids.pop();
}
