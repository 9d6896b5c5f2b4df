/**
 * Runs of a window counted by status, in total and per workflow: one
 * server-side $group over the dated runs, and the few legacy string-dated
 * ones read and decided in Node. Used by stats errors and the checks.
 */
import type { Document } from 'mongodb';
import { SCAN_MAX_TIME_MS, type DataSource } from '../core/connection.js';
import { forEachRaw } from '../core/raw-cursor.js';
import { toNumberOrNull, toStringOrNull } from '../core/normalize.js';
import { RUN_PROJECTION, runInWindow, runsInWindow } from '../core/runs.js';
import { RawRunReader } from '../core/raw-runs.js';
import type { TimeWindow } from '../core/window.js';
import { probeServer } from '../core/capabilities.js';
import { stringDated as boundedStrings } from './execution-groups.js';
import { RUNS_BY_GROUP } from './run-stages.js';

export interface StatusCounts {
  total: number;
  succeeded: number;
  failed: number;
  /** running, cancelled and anything else */
  other: number;
}

/**
 * Runs logged in the window by status: one server-side $group over the dated
 * ones (both shapes' status fields in one compound key: FerretDB computes a
 * single accumulator per $group), and the few legacy string-dated ones read
 * and decided in Node.
 */
export async function countExecutionsByStatus(
  ds: DataSource,
  w: TimeWindow,
  workflowId?: string,
): Promise<StatusCounts> {
  return (await countExecutions(ds, w, workflowId, false)).total;
}

/**
 * countExecutionsByStatus, and the same counts for each workflow that logged
 * a run in the window (keyed by workflow_id; runs without one count in the
 * total only): the same one $group, by workflow too.
 */
export async function countExecutionsByWorkflow(
  ds: DataSource,
  w: TimeWindow,
): Promise<{ total: StatusCounts; byWorkflow: Map<string, StatusCounts> }> {
  return countExecutions(ds, w, undefined, true);
}

/** The counts' $group; its $match is an index range on the window (see countPipelines in run-stages.ts). */
export function statusPipeline(w: TimeWindow, workflowId: string | undefined, byWorkflow: boolean): Document[] {
  const key = { nested: '$execution.status', flat: '$status', ...(byWorkflow ? { wf: '$workflow_id' } : {}) };
  return [{ $match: runsInWindow(w, workflowId).dated }, { $group: { _id: key, n: { $sum: 1 } } }];
}

async function countExecutions(
  ds: DataSource,
  w: TimeWindow,
  workflowId: string | undefined,
  byWorkflow: boolean,
): Promise<{ total: StatusCounts; byWorkflow: Map<string, StatusCounts> }> {
  const q = runsInWindow(w, workflowId);
  // legacy string times: a bounded text range an index answers where the server runs the runs' pipeline; on
  // FerretDB 1.24 (which does not) selecting them by type is faster, every query being a full scan there
  const bounded = ds.pipelines !== 'client' && (await probeServer(ds, RUNS_BY_GROUP)).supported;
  const strings = bounded ? boundedStrings(w, workflowId) : q.strings;
  const zero = (): StatusCounts => ({ total: 0, succeeded: 0, failed: 0, other: 0 });
  const result = { total: zero(), byWorkflow: new Map<string, StatusCounts>() };
  const add = (wf: string | null, status: string | null, n: number) => {
    const into = [result.total];
    if (byWorkflow && wf !== null && wf !== '') {
      if (!result.byWorkflow.has(wf)) result.byWorkflow.set(wf, zero());
      into.push(result.byWorkflow.get(wf)!);
    }
    for (const counts of into) {
      counts.total += n;
      if (status === 'success') counts.succeeded += n;
      else if (status === 'failed') counts.failed += n;
      else counts.other += n;
    }
  };
  // the two queries side by side: the wait is the longer one's, not their sum
  const grouped = ds.run('count executions by status', () =>
    ds.executions
      .aggregate<{ _id: { nested?: unknown; flat?: unknown; wf?: unknown } | null; n: number }>(
        statusPipeline(w, workflowId, byWorkflow),
        ds.opts({ atLeastMs: SCAN_MAX_TIME_MS }),
      )
      .toArray(),
  );
  const stringDated = ds.run('count string-dated executions', async () => {
    const runs: Array<{ wf: string | null; status: string | null }> = [];
    const cursor = ds.executions
      .find(strings, { ...ds.opts({ atLeastMs: SCAN_MAX_TIME_MS }), raw: true })
      .project(RUN_PROJECTION)
      .batchSize(5000);
    const reader = new RawRunReader();
    await forEachRaw(cursor, (bytes) => {
      const run = reader.read(bytes);
      if (runInWindow(run, w)) runs.push({ wf: run.workflowId, status: run.status });
    });
    return runs;
  });
  const [rows, legacy] = await Promise.all([grouped, stringDated]);
  for (const r of rows)
    add(
      toStringOrNull(r._id?.wf),
      toStringOrNull(r._id?.nested) ?? toStringOrNull(r._id?.flat),
      toNumberOrNull(r.n) ?? 0,
    );
  for (const run of legacy) add(run.wf, run.status, 1);
  return result;
}
