/**
 * The server plan of `stats errors` and of the weekly report's errors: an
 * index-backed `$match` on the window and a `$group` on the server, one row
 * per group instead of one document per attempt. Error text is grouped as it
 * was logged (one row per distinct raw error) and shaped on the client by the
 * same ErrorTally, so both paths give the same shapes. Days are UTC days, as
 * DayBuckets names them. Legacy string timestamps are fetched apart (few, by
 * an index range) and folded by the streaming code.
 */
import type { Document } from 'mongodb';
import type { CapabilityProbe } from '../core/capabilities.js';
import { SCAN_MAX_TIME_MS, type DataSource } from '../core/connection.js';
import { toNumberOrNull, toStringOrNull } from '../core/normalize.js';
import { datedInWindow, utcDayOf } from '../core/server-window.js';
import { COLLECTIONS } from '../core/types.js';
import type { TimeWindow } from '../core/window.js';

const PROBE_DAY = new Date('2025-01-31T23:59:59.999Z');

/** Exactly the stages and operators the pipelines below use. */
export const ATTEMPT_GROUPS_PROBE: CapabilityProbe = {
  name: 'attempt groups',
  collection: COLLECTIONS.attempts,
  pipeline: [
    // a $match the probe's one document passes: the $group must see it to check its operators
    { $match: { wfctl_probe_absent: { $exists: false } } },
    {
      $group: {
        _id: { a: { $literal: 'x' }, d: { $dateToString: { format: '%Y-%m-%d', date: { $literal: PROBE_DAY } } } },
        n: { $sum: 1 },
        last: { $max: { $literal: PROBE_DAY } },
      },
    },
  ],
  check: (rows) =>
    rows.length === 1 &&
    (rows[0]!._id as Document | undefined)?.d === '2025-01-31' &&
    rows[0]!.n === 1 &&
    rows[0]!.last instanceof Date &&
    rows[0]!.last.getTime() === PROBE_DAY.getTime(),
};

/** What the rows are folded into (stats.ts's fold, which the streaming path feeds attempt by attempt). */
export interface AttemptSink {
  /** `count` attempts of one action on one UTC day, all ok or all failed, with attempt number n */
  countAttempts(name: string, day: string, ok: boolean, n: number, strategy: string | null, count: number): void;
  /** `count` failed attempts of one action with one raw error, the latest at `lastMs` */
  countFailures(name: string, error: string | null, lastMs: number, count: number): void;
}

/** Per action, day, outcome, attempt number (and strategy with --action): the counts. */
export function attemptCountPipeline(match: Document, w: TimeWindow, withStrategy: boolean): Document[] {
  return [
    { $match: { ...match, ...datedInWindow('timestamp', w) } },
    {
      $group: {
        _id: {
          a: '$action_name',
          d: utcDayOf('timestamp'),
          s: '$success',
          n: '$attempt',
          ...(withStrategy ? { r: '$strategy' } : {}),
        },
        c: { $sum: 1 },
      },
    },
  ];
}

/** Per action and raw error of the failed attempts: how many, and the latest. */
export function attemptFailurePipeline(match: Document, w: TimeWindow): Document[] {
  return [
    { $match: { ...match, success: { $ne: true }, ...datedInWindow('timestamp', w) } },
    { $group: { _id: { a: '$action_name', e: '$error' }, c: { $sum: 1 }, t: { $max: '$timestamp' } } },
  ];
}

/** Runs both pipelines (dated attempts only) and feeds their rows to the sink. */
export async function groupAttempts(
  ds: DataSource,
  q: { match: Document; window: TimeWindow; withStrategy: boolean },
  sink: AttemptSink,
): Promise<void> {
  const opts = ds.opts({ atLeastMs: SCAN_MAX_TIME_MS });
  const [counts, failures] = await Promise.all([
    ds.run('group action attempts', () =>
      ds.attempts.aggregate(attemptCountPipeline(q.match, q.window, q.withStrategy), opts).toArray(),
    ),
    ds.run('group failed attempts', () =>
      ds.attempts.aggregate(attemptFailurePipeline(q.match, q.window), opts).toArray(),
    ),
  ]);
  for (const row of counts) {
    const k = (row._id ?? {}) as Document;
    sink.countAttempts(
      toStringOrNull(k.a) ?? '(unnamed)',
      String(k.d),
      k.s === true,
      toNumberOrNull(k.n) ?? 1,
      toStringOrNull(k.r),
      toNumberOrNull(row.c) ?? 0,
    );
  }
  for (const row of failures) {
    const k = (row._id ?? {}) as Document;
    const last = row.t instanceof Date ? row.t.getTime() : -Infinity;
    sink.countFailures(toStringOrNull(k.a) ?? '(unnamed)', toStringOrNull(k.e), last, toNumberOrNull(row.c) ?? 0);
  }
}

/** The report's errors: per raw error and workflow, failed attempts of every workflow in the window. */
export function errorsByWorkflowPipeline(w: TimeWindow): Document[] {
  return [
    { $match: { success: { $ne: true }, ...datedInWindow('timestamp', w) } },
    { $group: { _id: { e: '$error', w: '$workflow_id' }, c: { $sum: 1 }, t: { $max: '$timestamp' } } },
  ];
}

/** Rows of errorsByWorkflowPipeline: raw error, workflow, count, latest. */
export async function groupErrorsByWorkflow(
  ds: DataSource,
  w: TimeWindow,
): Promise<Array<{ error: string | null; workflow: string | null; lastMs: number; count: number }>> {
  const rows = await ds.run('group failed attempts', () =>
    ds.attempts.aggregate(errorsByWorkflowPipeline(w), ds.opts({ atLeastMs: SCAN_MAX_TIME_MS })).toArray(),
  );
  return rows.map((row) => {
    const k = (row._id ?? {}) as Document;
    return {
      error: toStringOrNull(k.e),
      workflow: toStringOrNull(k.w),
      lastMs: row.t instanceof Date ? row.t.getTime() : -Infinity,
      count: toNumberOrNull(row.c) ?? 0,
    };
  });
}
