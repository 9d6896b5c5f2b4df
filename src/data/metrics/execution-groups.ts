/**
 * The runs of a window counted on the server: an index range on the window
 * (`$match`), each run's outcome, duration and day computed as readRun
 * (core/runs.ts) computes them, and a `$group` per day x workflow x trigger
 * type x outcome. Durations come from a second `$group`: per workflow (or in
 * all), their count, sum, min and max, the values themselves while a group
 * has at most the sketch's exact limit of them, and a histogram of the
 * sketch's buckets `floor(ln(ms) / ln(1.02))`. The server's `$ln` may round
 * differently from Node's Math.log right at a bucket's edge, so a value that
 * close to an edge comes back as itself and Node places it: the percentiles
 * are those of the streaming sketch, value for value.
 *
 * What the server cannot decide exactly is read on the client, as the
 * streaming scan reads it, and folded into the same figures: runs whose times
 * or stored duration have a type the pipeline leaves alone (a string
 * started_at, a fractional duration_ms, ...), fetched by _id; runs logged
 * with a legacy string time, fetched by a bounded text range that an index
 * answers; and the newest failures, found by a sorted find on the index.
 * The stages themselves and their probe are in run-stages.ts.
 */
import type { Document } from 'mongodb';
import { SCAN_MAX_TIME_MS, type DataSource } from '../core/connection.js';
import { toNumberOrNull, toStringOrNull } from '../core/normalize.js';
import { RUN_PROJECTION, RUN_PROJECTION_WITH_ERROR, runInWindow, runsInWindow, type Run } from '../core/runs.js';
import { RawRunReader } from '../core/raw-runs.js';
import type { TimeWindow } from '../core/window.js';
import { ExecutionFold, type ExecutionQuery, type ExecutionScan, type OutcomeCode } from './execution-fold.js';
import { bucketOf, DurationSketch, EXACT_LIMIT, type SketchParts } from './percentiles.js';
import { countPipeline, durationStages, runStages } from './run-stages.js';

interface CountRow {
  _id: { x?: unknown; d?: unknown; w?: unknown; t?: unknown; o?: unknown };
  n: unknown;
  dn: unknown;
  ds: unknown;
  mn: unknown;
  mx: unknown;
}

interface DurationRow {
  _id: unknown;
  hist: Array<{ b: unknown; v: unknown; n: unknown }>;
  n: unknown;
  s: unknown;
  mn: unknown;
  mx: unknown;
  vals?: unknown[][];
}

const num = (v: unknown): number => toNumberOrNull(v) ?? 0;

/** ExecutionScan from the server's groups; the caller has checked that the server runs them (RUNS_BY_GROUP). */
export async function scanExecutionGroups(ds: DataSource, q: ExecutionQuery): Promise<ExecutionScan> {
  const fold = new ExecutionFold(q);
  const match = runsInWindow(q.window, q.workflowId).dated;
  const opts = ds.opts({ atLeastMs: SCAN_MAX_TIME_MS });
  const rows = await ds.run('group executions', () =>
    ds.executions.aggregate<CountRow>(countPipeline(q), opts).toArray(),
  );
  const clientIds: unknown[] = [];
  const stats = { count: 0, sum: 0, min: Infinity, max: -Infinity };
  for (const r of rows) {
    if (r._id.x !== undefined) {
      clientIds.push(r._id.x);
      continue;
    }
    const o = String(r._id.o) as OutcomeCode;
    const wf = toStringOrNull(r._id.w) ?? '(none)';
    fold.count(fold.dayOf(String(r._id.d)), wf, toStringOrNull(r._id.t) ?? 'unknown', o, num(r.n));
    if (num(r.dn) > 0) {
      stats.count += num(r.dn);
      stats.sum += num(r.ds);
      stats.min = Math.min(stats.min, num(r.mn));
      stats.max = Math.max(stats.max, num(r.mx));
    }
  }
  const parts = (p: typeof stats): SketchParts => ({ ...p, zeros: 0, buckets: null, values: null });
  if (q.percentiles === false || stats.count === 0) fold.sketch = DurationSketch.fromParts(parts(stats));
  else await sketchesOnServer(ds, q, fold, match, stats.count);
  // the runs the client reads, each folded exactly as the stream folds it
  const reader = new RawRunReader();
  const projection = fold.keepFailures > 0 ? RUN_PROJECTION_WITH_ERROR : RUN_PROJECTION;
  for (let i = 0; i < clientIds.length; i += 1000) {
    await readRuns(ds, { _id: { $in: clientIds.slice(i, i + 1000) } }, projection, reader, (run) => {
      if (runInWindow(run, q.window)) fold.add(run, false);
    });
  }
  await readRuns(ds, stringDated(q.window, q.workflowId), projection, reader, (run) => {
    if (runInWindow(run, q.window)) fold.add(run);
  });
  if (fold.keepFailures > 0) await latestFailures(ds, q, fold, reader);
  return fold.result();
}

async function sketchesOnServer(
  ds: DataSource,
  q: ExecutionQuery,
  fold: ExecutionFold,
  match: Document,
  count: number,
): Promise<void> {
  const perWorkflow = q.perWorkflowExactLimit !== undefined;
  // the values of a group are needed while it can still be exact
  const keepValues = count <= EXACT_LIMIT ? count : perWorkflow ? q.perWorkflowExactLimit! : 0;
  // groups whose keys read as one workflow id (an ObjectId and its hex text) are one
  const merged = await durationParts(
    ds,
    [{ $match: match }, ...runStages(q.window), ...durationStages(perWorkflow ? '$w' : null, keepValues)],
    (id) => (perWorkflow ? (toStringOrNull(id) ?? '(none)') : ''),
  );
  const all: SketchParts = {
    count: 0,
    sum: 0,
    min: Infinity,
    max: -Infinity,
    zeros: 0,
    buckets: new Map(),
    values: [],
  };
  for (const [key, p] of merged) {
    if (perWorkflow)
      fold.workflow(key).sketch = DurationSketch.fromParts(dropValuesPast(p, keepValues), q.perWorkflowExactLimit);
    addParts(all, p);
  }
  fold.sketch = DurationSketch.fromParts(dropValuesPast(all, keepValues));
}

/** The rows of durationStages as sketch parts, merged by `keyOf` their group key. */
export async function durationParts(
  ds: DataSource,
  pipeline: Document[],
  keyOf: (id: unknown) => string,
): Promise<Map<string, SketchParts>> {
  const rows = await ds.run('group execution durations', () =>
    ds.executions.aggregate<DurationRow>(pipeline, ds.opts({ atLeastMs: SCAN_MAX_TIME_MS })).toArray(),
  );
  return sketchPartsOf(rows, keyOf);
}

function sketchPartsOf(rows: DurationRow[], keyOf: (id: unknown) => string): Map<string, SketchParts> {
  const merged = new Map<string, SketchParts>();
  for (const r of rows) {
    const key = keyOf(r._id);
    const into = merged.get(key) ?? {
      count: 0,
      sum: 0,
      min: Infinity,
      max: -Infinity,
      zeros: 0,
      buckets: new Map<number, number>(),
      values: [],
    };
    merged.set(key, into);
    addRow(into, r);
  }
  return merged;
}

function addRow(into: SketchParts, r: DurationRow): void {
  into.count += num(r.n);
  into.sum += num(r.s);
  into.min = Math.min(into.min, num(r.mn));
  into.max = Math.max(into.max, num(r.mx));
  for (const h of r.hist) {
    const n = num(h.n);
    if (h.b === null || h.b === undefined) into.zeros += n;
    else {
      // Node places a value near a bucket's edge itself
      const i = h.v === null || h.v === undefined ? num(h.b) : bucketOf(num(h.v));
      into.buckets!.set(i, (into.buckets!.get(i) ?? 0) + n);
    }
  }
  if (r.vals) for (const vs of r.vals) into.values!.push(...vs.map(num));
}

function addParts(into: SketchParts, p: SketchParts): void {
  into.count += p.count;
  into.sum += p.sum;
  into.min = Math.min(into.min, p.min);
  into.max = Math.max(into.max, p.max);
  into.zeros += p.zeros;
  for (const [i, n] of p.buckets!) into.buckets!.set(i, (into.buckets!.get(i) ?? 0) + n);
  into.values!.push(...p.values!);
}

/** Values only when the server sent all of them (a group past `keepValues` sent none). */
export function dropValuesPast(p: SketchParts, keepValues: number): SketchParts {
  return p.count <= keepValues && p.values!.length === p.count ? p : { ...p, values: null };
}

/**
 * The runs logged with a legacy string time, by a bounded text range an
 * index answers: the days from 18 hours before the window to 18 hours after
 * it (the widest offset a string may carry), and text before "0" (leading
 * blanks, which parsing trims). Decided in Node after parsing, as the stream
 * decides them.
 */
export function stringDated(w: TimeWindow, workflowId?: string): Document {
  const HOURS_18 = 18 * 3_600_000;
  const lo = new Date(w.from.getTime() - HOURS_18).toISOString().slice(0, 10);
  const hi = new Date(w.to.getTime() + HOURS_18 + 86_400_000).toISOString().slice(0, 10);
  const text = (field: string) => [{ [field]: { $gte: lo, $lt: hi } }, { [field]: { $gte: '', $lt: '0' } }];
  const wf = workflowId !== undefined ? { workflow_id: { $eq: workflowId } } : {};
  return {
    ...wf,
    $or: [...text('created_at'), ...text('started_at').map((f) => ({ created_at: { $exists: false }, ...f }))],
  };
}

export async function readRuns(
  ds: DataSource,
  filter: Document,
  projection: Document,
  reader: RawRunReader,
  each: (run: Run) => void,
): Promise<void> {
  await ds.run('read executions', async () => {
    const cursor = ds.executions
      .find(filter, { ...ds.opts({ atLeastMs: SCAN_MAX_TIME_MS }), raw: true })
      .project(projection)
      .batchSize(5000) as unknown as AsyncIterable<Uint8Array>;
    for await (const bytes of cursor) each(reader.read(bytes));
  });
}

/**
 * The newest failed runs of the dated ones: a find sorted on the window's
 * index, read until N failures and the runs logged at the same time as the
 * Nth (the fold breaks ties by execution id). Runs without created_at are
 * placed by started_at: flat ones by the same sorted read, nested ones (rare)
 * all read.
 */
async function latestFailures(ds: DataSource, q: ExecutionQuery, fold: ExecutionFold, reader: RawRunReader) {
  const wf = q.workflowId !== undefined ? { workflow_id: { $eq: q.workflowId } } : {};
  const range = { $gte: q.window.from, $lt: q.window.to };
  const failed = { $or: [{ 'execution.status': 'failed' }, { status: 'failed' }] };
  const sorted = [
    { filter: { ...wf, created_at: range, ...failed }, sort: { created_at: -1 } },
    {
      filter: {
        ...wf,
        created_at: { $exists: false },
        started_at: range,
        execution: { $not: { $type: 'object' } },
        status: 'failed',
      },
      sort: { started_at: -1 },
    },
  ] as const;
  for (const s of sorted) {
    await ds.run('find latest failures', async () => {
      const cursor = ds.executions
        .find(s.filter as Document, { ...ds.opts({ atLeastMs: SCAN_MAX_TIME_MS }), raw: true })
        .project(RUN_PROJECTION_WITH_ERROR)
        .sort(s.sort as Document)
        .batchSize(Math.max(16, fold.keepFailures * 2));
      let found = 0;
      let lastT: number | null = null;
      try {
        for await (const bytes of cursor as unknown as AsyncIterable<Uint8Array>) {
          const run = reader.read(bytes);
          if (found >= fold.keepFailures && run.loggedAt !== lastT) break;
          if (run.outcome !== 'failed' || !runInWindow(run, q.window)) continue;
          fold.offerFailure(run);
          found++;
          lastT = run.loggedAt;
        }
      } finally {
        await cursor.close();
      }
    });
  }
  const nestedUndated = { ...wf, created_at: { $exists: false }, started_at: range, execution: { $type: 'object' } };
  await readRuns(ds, nestedUndated, RUN_PROJECTION_WITH_ERROR, reader, (run) => {
    if (run.outcome === 'failed' && runInWindow(run, q.window)) fold.offerFailure(run);
  });
}
