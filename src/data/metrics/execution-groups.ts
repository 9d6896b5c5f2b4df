/**
 * The runs of a window counted on the server: a `$group` per day x workflow x
 * status x trigger x failed actions over the runs the server decides exactly
 * (run-stages.ts), each group's outcome derived in Node as readRun derives
 * it, with the durations' count, sum, min and max. Percentiles come from a
 * second `$group`, a histogram of the sketch's buckets
 * `floor(ln(ms) / ln(1.02))` per workflow (or in all), with the values
 * themselves while a group is small enough to be exact. The server's `$ln`
 * may round differently from Node's Math.log right at a bucket's edge, so a
 * value that close to an edge comes back as itself and Node places it: the
 * percentiles are those of the streaming sketch, value for value.
 *
 * What the server does not decide is read on the client, as the streaming
 * scan reads it, and folded into the same figures: the other runs of the
 * window (the complementary query), runs logged with a legacy string time
 * (a bounded text range that an index answers), and the newest failures (a
 * sorted find on the index). All of them run side by side.
 */
import type { Document } from 'mongodb';
import { SCAN_MAX_TIME_MS, type DataSource } from '../core/connection.js';
import { forEachRaw } from '../core/raw-cursor.js';
import { sideBySide } from '../core/side-by-side.js';
import { toNumberOrNull, toStringOrNull } from '../core/normalize.js';
import { RUN_PROJECTION, RUN_PROJECTION_WITH_ERROR, runInWindow, type Run } from '../core/runs.js';
import { RawRunReader } from '../core/raw-runs.js';
import type { TimeWindow } from '../core/window.js';
import { ExecutionFold, type ExecutionQuery, type ExecutionScan } from './execution-fold.js';
import { bucketOf, EXACT_LIMIT, type SketchParts } from './percentiles.js';
import {
  CLIENT_DECIDED,
  clientDecided,
  countPipelines,
  durationStages,
  runOfKey,
  serverShapes,
  type ExactKeys,
  type RunKey,
} from './run-stages.js';

export interface CountRow {
  _id: RunKey & { d?: unknown; hd?: unknown };
  n: unknown;
  s: unknown;
  mn: unknown;
  mx: unknown;
}

interface DurationRow {
  _id: unknown;
  hist: Array<{ b: unknown; v: unknown; n: unknown }>;
  n: unknown;
}

const num = (v: unknown): number => toNumberOrNull(v) ?? 0;

export const noDurations = (): SketchParts => ({
  count: 0,
  sum: 0,
  min: Infinity,
  max: -Infinity,
  zeros: 0,
  buckets: null,
  values: null,
});

/** A count row's durations (hd: the runs of the group have one the sketch takes) into `into`'s stats. */
export function addStats(into: SketchParts, r: CountRow): void {
  if (r._id.hd !== true) return;
  into.count += num(r.n);
  into.sum += num(r.s);
  if (r.mn !== undefined) into.min = Math.min(into.min, num(r.mn));
  if (r.mx !== undefined) into.max = Math.max(into.max, num(r.mx));
}

/**
 * ExecutionScan from the server's groups; the caller has checked that the
 * server runs them (RUNS_BY_GROUP). The counts, the durations' histogram, the
 * runs the client decides and the legacy string-dated ones are read side by
 * side: the wait is the longest one's, not their sum.
 */
export async function scanExecutionGroups(ds: DataSource, q: ExecutionQuery): Promise<ExecutionScan> {
  const fold = new ExecutionFold(q);
  const perWorkflow = q.perWorkflowExactLimit !== undefined;
  const wantSketch = q.percentiles !== false;
  const projection = fold.keepFailures > 0 ? RUN_PROJECTION_WITH_ERROR : RUN_PROJECTION;
  const durations = new Durations(ds, q);
  const [grouped, hist] = await sideBySide([
    groupShapes<CountRow>(ds, 'group executions', countPipelines(q)),
    wantSketch ? durations.parts(null) : Promise.resolve(undefined),
    // the client's runs go into the fold as the stream adds them; the server's parts are merged after
    readRuns(ds, stringDated(q.window, q.workflowId), projection, new RawRunReader(), (run) => {
      if (runInWindow(run, q.window)) fold.add(run);
    }),
    fold.keepFailures > 0 ? latestFailures(ds, q, fold) : Promise.resolve(),
  ]);
  const rows = await readClientDecided(ds, q.window, q.workflowId, grouped, projection, (run) => {
    if (runInWindow(run, q.window)) fold.add(run, false);
  });
  const all = noDurations();
  const byWorkflow = new Map<string, SketchParts>();
  for (const r of rows) {
    const k = runOfKey(r._id);
    const wf = k.workflowId ?? '(none)';
    fold.count(fold.dayOf(String(r._id.d)), wf, k.triggerType ?? 'unknown', k.outcome, num(r.n));
    addStats(all, r);
    if (perWorkflow) {
      if (!byWorkflow.has(wf)) byWorkflow.set(wf, noDurations());
      addStats(byWorkflow.get(wf)!, r);
      durations.sawWorkflow(wf, r._id.w);
    }
  }
  let parts = hist ?? new Map<string, HistParts>();
  if (wantSketch && all.count > 0) {
    // a window small enough to be exact: every value, in a second small pass; else each small workflow's
    if (all.count <= EXACT_LIMIT) parts = await durations.parts('all');
    else if (perWorkflow) {
      const small = [...byWorkflow].filter(([, p]) => p.count <= q.perWorkflowExactLimit!).map(([wf]) => wf);
      for (const [wf, h] of await durations.ofWorkflows(small)) parts.set(wf, h);
    }
  }
  fold.sketch = fold.sketch.merged(wantSketch ? shaped(all, [...parts.values()]) : all);
  for (const [wf, p] of byWorkflow) {
    const acc = fold.workflow(wf);
    acc.sketch = acc.sketch.merged(wantSketch ? shaped(p, [parts.get(wf)]) : p);
  }
  return fold.result();
}

/** The durations' pipelines of one query: in all, or per workflow (the report). */
class Durations {
  private readonly perWorkflow: boolean;
  /** per workflow as wfctl names it, the raw ids that read as it (an ObjectId and its hex text) */
  private readonly rawIds = new Map<string, Map<string, unknown>>();
  constructor(
    private readonly ds: DataSource,
    private readonly q: ExecutionQuery,
  ) {
    this.perWorkflow = q.perWorkflowExactLimit !== undefined;
  }

  sawWorkflow(wf: string, raw: unknown): void {
    if (!this.rawIds.has(wf)) this.rawIds.set(wf, new Map());
    this.rawIds.get(wf)!.set(`${Object.prototype.toString.call(raw)}:${String(raw)}`, raw);
  }

  /** each shape's pipeline, `narrow` added to its $match */
  parts(exact: ExactKeys, narrow: Document = {}) {
    return shapeDurations(
      this.ds,
      serverShapes(this.q.window, this.q.workflowId).map((s) => [
        { $match: { ...s.match, ...narrow } },
        ...durationStages(this.perWorkflow ? '$workflow_id' : null, exact, s.duration),
      ]),
      (id) => (this.perWorkflow ? (toStringOrNull(id) ?? '(none)') : ''),
      exact !== null,
    );
  }

  /** Every value of these workflows: only their runs, by the {workflow_id, created_at} index. */
  async ofWorkflows(workflows: string[]): Promise<Map<string, HistParts>> {
    const raw = workflows.flatMap((wf) => [...(this.rawIds.get(wf)?.values() ?? [])]);
    if (raw.length === 0) return new Map();
    return this.parts('all', { workflow_id: { $in: raw } });
  }
}

/**
 * The dated runs the server left to the client (the groups count them under
 * CLIENT_DECIDED), read only when there are any (none, on the backend's own
 * documents): the complementary query costs the server a pass over the
 * window. Resolves with the groups of the runs the server decided.
 */
export async function readClientDecided<T extends { _id: unknown }>(
  ds: DataSource,
  w: TimeWindow,
  workflowId: string | undefined,
  rows: T[],
  projection: Document,
  each: (run: Run) => void,
): Promise<T[]> {
  const decided = rows.filter((r) => r._id !== CLIENT_DECIDED);
  if (decided.length < rows.length)
    await readRuns(ds, clientDecided(w, workflowId), projection, new RawRunReader(), each);
  return decided;
}

/**
 * Stats from the counts with the histograms (and values) of the same runs:
 * the buckets, and the values when every one of them came. The two come from
 * two queries: a run logged between them (late, into the past) may be in one
 * only, which moves a percentile by one rank at most.
 */
export function shaped(stats: SketchParts, hists: Array<HistParts | undefined>): SketchParts {
  const buckets = new Map<number, number>();
  let zeros = 0;
  let values: number[] | null = [];
  for (const h of hists) {
    if (!h) continue;
    zeros += h.zeros;
    for (const [i, n] of h.buckets) buckets.set(i, (buckets.get(i) ?? 0) + n);
    values = values && h.values ? values.concat(h.values) : null;
  }
  return { ...stats, zeros, buckets, values: values !== null && values.length === stats.count ? values : null };
}

/** The histogram of one key: buckets, values under 1 ms, the values when the server sent them. */
export interface HistParts {
  n: number;
  zeros: number;
  buckets: Map<number, number>;
  values: number[] | null;
}

async function aggregate<T extends Document>(ds: DataSource, what: string, pipeline: Document[]): Promise<T[]> {
  return ds.run(what, () => ds.executions.aggregate<T>(pipeline, ds.opts({ atLeastMs: SCAN_MAX_TIME_MS })).toArray());
}

/** The rows of each shape's pipeline (serverShapes), side by side. */
export async function groupShapes<T extends Document>(
  ds: DataSource,
  what: string,
  pipelines: Document[][],
): Promise<T[]> {
  return (await sideBySide(pipelines.map((p) => aggregate<T>(ds, what, p)))).flat();
}

/** The rows of each shape's durationStages, merged by `keyOf` their group key; with `exact`, each key's values as well. */
export async function shapeDurations(
  ds: DataSource,
  pipelines: Document[][],
  keyOf: (id: unknown) => string,
  exact: boolean,
): Promise<Map<string, HistParts>> {
  const rows = await groupShapes<DurationRow>(ds, 'group execution durations', pipelines);
  const merged = new Map<string, HistParts>();
  for (const r of rows) {
    const key = keyOf(r._id);
    const into = merged.get(key) ?? { n: 0, zeros: 0, buckets: new Map<number, number>(), values: exact ? [] : null };
    merged.set(key, into);
    into.n += num(r.n);
    for (const h of r.hist) {
      const n = num(h.n);
      const v = h.v === null || h.v === undefined ? null : num(h.v);
      if (h.b === 'z') into.zeros += n;
      else {
        // Node places a value near a bucket's edge itself
        const i = v === null ? num(h.b) : bucketOf(v);
        into.buckets.set(i, (into.buckets.get(i) ?? 0) + n);
      }
      if (into.values !== null) {
        if (v === null) into.values = null;
        else for (let j = 0; j < n; j++) into.values.push(v);
      }
    }
  }
  return merged;
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
      .batchSize(5000);
    await forEachRaw(cursor, (bytes) => each(reader.read(bytes)));
  });
}

/**
 * The newest failed runs of the dated ones: a find sorted on the window's
 * index, read until N failures and the runs logged at the same time as the
 * Nth (the fold breaks ties by execution id). Runs without created_at are
 * placed by started_at: flat ones by the same sorted read, nested ones (rare)
 * all read.
 */
async function latestFailures(ds: DataSource, q: ExecutionQuery, fold: ExecutionFold) {
  const reader = new RawRunReader();
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
