/**
 * How each version of a workflow ran while it was live.
 *
 * Live: version n from its `changed_at` until the first `changed_at` of a
 * higher-numbered version (or now). Put the other way, the version live at a
 * time t is the highest-numbered version saved at or before t. With clocks
 * that disagree (a higher version saved "before" a lower one) the lower one's
 * interval is empty: it was live 0 ms and ran nothing. Intervals never
 * overlap, so every run belongs to at most one version.
 *
 * Runs: a run belongs to the version live when it started (`started_at`;
 * without one, the time it was logged). The backend logs a run when it ends
 * (created_at), so a run in flight at a switch is counted for the version it
 * started on, once it has ended; runs still in flight are not in the log yet.
 *
 * Cost: one read of the version list (the caller's, narrow) and the
 * workflow's runs logged since the earliest interval's start, one index range
 * ({workflow_id, created_at}): grouped on the server per version (the live
 * intervals as a $switch) where it runs the runs' pipeline (execution-groups.ts),
 * else one streamed pass. Memory: counts and a duration sketch per version,
 * not per run.
 */
import type { Document } from 'mongodb';
import { SCAN_MAX_TIME_MS, type DataSource } from '../core/connection.js';
import { forEachRaw } from '../core/raw-cursor.js';
import { sideBySide } from '../core/side-by-side.js';
import { runInWindow, runsInWindow, type Run } from '../core/runs.js';
import { useServerPipeline } from '../core/capabilities.js';
import { outcomeCodeOf, type OutcomeCode } from './execution-fold.js';
import {
  addStats,
  groupShapes,
  noDurations,
  readClientDecided,
  readRuns,
  shaped,
  shapeDurations,
  stringDated,
  type CountRow,
} from './execution-groups.js';
import {
  durationStages,
  durationStats,
  hasDuration,
  runOfKey,
  RUNS_BY_GROUP,
  serverShapes,
  type RunShape,
} from './run-stages.js';
import { RawRunReader } from '../core/raw-runs.js';
import { percent } from '../core/window.js';
import { toDate, toNumberOrNull } from '../core/normalize.js';
import { DurationSketch, type SketchParts } from './percentiles.js';

/** A version's number and save time: all the attribution needs. */
export interface VersionStamp {
  version: number;
  changedAt: Date | null;
}

export interface LiveInterval {
  version: number;
  /** the version's changed_at; null when it has none (then it is never live) */
  liveFrom: Date | null;
  /** when a higher version took over; null while it is still live (or when it never was) */
  liveUntil: Date | null;
  /** how long it was live, up to now; 0 for an empty interval, null without changed_at */
  liveMs: number | null;
}

export interface VersionHealth extends LiveInterval {
  /** runs that started while it was live (every status) */
  runs: number;
  /** status success, runs with failed actions included (as the backend counts) */
  succeeded: number;
  /** of `succeeded`: success with some failed actions */
  succeededWithFailedActions: number;
  failed: number;
  /** running, cancelled, or a status wfctl does not know */
  other: number;
  /** succeeded / (succeeded + failed), percent; null without finished runs */
  successRate: number | null;
  /** nearest rank over the runs with a duration; null without any */
  p95DurationMs: number | null;
  /** false once the durations went into buckets: p95 is then within 1% */
  p95Exact: boolean;
}

/**
 * The live intervals of `versions`, in the order given. It must hold every version
 * above the lowest one given (a newest-first list cut by a limit does):
 * a missing higher version would leave its time to a lower one.
 */
export function liveIntervals(versions: VersionStamp[], now: Date): LiveInterval[] {
  const sorted = [...versions].sort((a, b) => b.version - a.version);
  const nowMs = now.getTime();
  let takenOver = Infinity; // the earliest changed_at of the versions above
  const out: LiveInterval[] = [];
  for (const v of sorted) {
    const from = v.changedAt?.getTime() ?? null;
    if (from === null) {
      out.push({ version: v.version, liveFrom: null, liveUntil: null, liveMs: null });
      continue;
    }
    const until = Math.min(takenOver, nowMs);
    const live = Math.max(0, until - from);
    out.push({
      version: v.version,
      liveFrom: new Date(from),
      // taken over by then; an interval emptied by disagreeing clocks ends where it starts
      liveUntil: takenOver <= nowMs ? new Date(Math.max(takenOver, from)) : null,
      liveMs: live,
    });
    takenOver = Math.min(takenOver, from);
  }
  const byVersion = new Map(out.map((iv) => [iv.version, iv]));
  return versions.map((v) => byVersion.get(v.version)!);
}

/** Finds the version live at a time among non-empty, non-overlapping intervals sorted by start. */
class IntervalIndex {
  private readonly starts: number[];
  private readonly ends: number[];
  private readonly slots: number[];
  constructor(intervals: Array<{ from: number; until: number; slot: number }>) {
    const sorted = [...intervals].sort((a, b) => a.from - b.from);
    this.starts = sorted.map((i) => i.from);
    this.ends = sorted.map((i) => i.until);
    this.slots = sorted.map((i) => i.slot);
  }
  /**
   * find() as a server expression on the time `field`: the interval with the
   * greatest start at or before it (the last of equal starts), if it holds it.
   */
  switchOn(field: string): Document {
    const branches = this.starts
      .map((from, i) => ({
        case: { $gte: [field, new Date(from)] },
        then: { $cond: [{ $lt: [field, new Date(this.ends[i]!)] }, this.slots[i]!, -1] },
      }))
      .reverse();
    return { $switch: { branches, default: -1 } };
  }
  /** the slot of the interval holding t, or -1 */
  find(t: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    let at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! <= t) {
        at = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return at >= 0 && t < this.ends[at]! ? this.slots[at]! : -1;
  }
}

/** a version's p95 is exact up to this many durations */
const SKETCH_LIMIT = 256;

class HealthAcc {
  runs = 0;
  succeeded = 0;
  withFailedActions = 0;
  failed = 0;
  other = 0;
  sketch = new DurationSketch(SKETCH_LIMIT);
}

export interface VersionHealthQuery {
  workflowId: string;
  /** the versions to report on (see liveIntervals for which must be there) */
  versions: VersionStamp[];
  now: Date;
  /**
   * Count only runs that started at or after this time (a baseline's
   * start); default: from the earliest interval. Runs are read from the
   * log from here on.
   */
  since?: Date;
}

/** Health of each given version, in the order given. */
export async function versionHealth(ds: DataSource, q: VersionHealthQuery): Promise<VersionHealth[]> {
  const intervals = liveIntervals(q.versions, q.now);
  let accs = intervals.map(() => new HealthAcc());
  const live = intervals
    .map((iv, slot) => ({ iv, slot }))
    .filter(({ iv }) => iv.liveFrom !== null && iv.liveMs !== null && iv.liveMs > 0)
    .map(({ iv, slot }) => ({ from: iv.liveFrom!.getTime(), until: iv.liveFrom!.getTime() + iv.liveMs!, slot }));
  if (live.length > 0) {
    const earliest = Math.min(...live.map((i) => i.from));
    const since = Math.max(earliest, q.since?.getTime() ?? -Infinity);
    if (since < q.now.getTime())
      accs = await attributeRuns(
        ds,
        q.workflowId,
        { from: new Date(since), to: q.now },
        new IntervalIndex(live),
        intervals.length,
      );
  }
  return intervals.map((iv, i) => {
    const a = accs[i]!;
    const d = a.sketch.summary();
    return {
      ...iv,
      runs: a.runs,
      succeeded: a.succeeded,
      succeededWithFailedActions: a.withFailedActions,
      failed: a.failed,
      other: a.other,
      successRate: percent(a.succeeded, a.succeeded + a.failed),
      p95DurationMs: d.p95Ms,
      p95Exact: d.exact,
    };
  });
}

/** What the attribution reads of a run (both shapes): its times, its status, its failed actions. */
const HEALTH_PROJECTION = {
  _id: 0,
  created_at: 1,
  'execution.status': 1,
  'execution.started_at': 1,
  'execution.completed_at': 1,
  'execution.actions_failed': 1,
  status: 1,
  started_at: 1,
  completed_at: 1,
  duration_ms: 1,
} as const;

/**
 * The runs logged in `w`, counted per version: every run that started in `w`
 * is there, since a run is logged when it ends, after it started. On a server
 * that runs the runs' pipeline, grouped there by the interval holding each
 * run's start (a $switch over the live intervals); else one streamed pass.
 */
async function attributeRuns(
  ds: DataSource,
  workflowId: string,
  w: { from: Date; to: Date },
  index: IntervalIndex,
  slots: number,
): Promise<HealthAcc[]> {
  if (await useServerPipeline(ds, RUNS_BY_GROUP)) return attributeOnServer(ds, workflowId, w, index, slots);
  return ds.run('scan executions', async () => {
    // inside the retried function: a retry starts counting afresh
    const accs = Array.from({ length: slots }, () => new HealthAcc());
    const cursor = ds.executions
      .find(runsInWindow(w, workflowId).all, { ...ds.opts({ atLeastMs: SCAN_MAX_TIME_MS }), raw: true })
      .project(HEALTH_PROJECTION)
      .batchSize(5000);
    const reader = new RawRunReader();
    await forEachRaw(cursor, (bytes) => attribute(reader.read(bytes), w, index, accs));
    return accs;
  });
}

function attribute(run: Run, w: { from: Date; to: Date }, index: IntervalIndex, accs: HealthAcc[]): void {
  if (!runInWindow(run, w)) return;
  const started = run.startedAt ?? run.loggedAt!;
  if (started < w.from.getTime()) return;
  const slot = index.find(started);
  if (slot < 0) return;
  const a = accs[slot]!;
  a.runs++;
  if (run.durationMs !== null) a.sketch.add(run.durationMs);
  count(a, outcomeCodeOf(run), 1);
}

function count(a: HealthAcc, o: OutcomeCode, n: number): void {
  if (o === 's' || o === 'p') {
    a.succeeded += n;
    if (o === 'p') a.withFailedActions += n;
  } else if (o === 'f') a.failed += n;
  else a.other += n;
}

async function attributeOnServer(
  ds: DataSource,
  workflowId: string,
  w: { from: Date; to: Date },
  index: IntervalIndex,
  slots: number,
): Promise<HealthAcc[]> {
  const accs = Array.from({ length: slots }, () => new HealthAcc());
  const shapes = serverShapes(w, workflowId);
  // the slot of the version that was current when the run started (or was logged)
  const slot = (shape: RunShape) => ({
    $let: {
      vars: { sa: shape.startedOrLogged },
      in: { $cond: [{ $gte: ['$$sa', w.from] }, index.switchOn('$$sa'), -1] },
    },
  });
  const onClient = (run: Run) => attribute(run, w, index, accs);
  const [grouped] = await sideBySide([
    groupShapes<CountRow & { _id: { k?: unknown } }>(
      ds,
      'group executions by version',
      shapes.map((s) => [
        { $match: s.match },
        { $group: { _id: s.key({ ...s.outcome, k: slot(s), hd: hasDuration(s) }), ...durationStats(s) } },
      ]),
    ),
    // the client's runs go into the sketches as the stream adds them; the server's parts are merged after
    readRuns(ds, stringDated(w, workflowId), HEALTH_PROJECTION, new RawRunReader(), onClient),
  ]);
  const rows = await readClientDecided(ds, w, workflowId, grouped, HEALTH_PROJECTION, onClient);
  const stats = new Map<number, SketchParts>();
  for (const r of rows) {
    const k = toNumberOrNull(r._id.k) ?? -1;
    if (k < 0) continue;
    const a = accs[k]!;
    const n = toNumberOrNull(r.n) ?? 0;
    a.runs += n;
    count(a, runOfKey(r._id).outcome, n);
    if (!stats.has(k)) stats.set(k, noDurations());
    addStats(stats.get(k)!, r);
  }
  if (stats.size === 0) return accs;
  // then the durations: a version with few enough runs value by value, the others as buckets
  const small = [...stats].filter(([, p]) => p.count <= SKETCH_LIMIT).map(([k]) => k);
  const hists = await shapeDurations(
    ds,
    shapes.map((s) => [{ $match: s.match }, ...durationStages(slot(s), small, s.duration)]),
    (id) => String(id),
    small.length > 0,
  );
  for (const [k, p] of stats) accs[k]!.sketch = accs[k]!.sketch.merged(shaped(p, [hists.get(String(k))]));
  return accs;
}

/** Every version of a workflow as a stamp, newest first: one narrow read, served by {workflow_id, version_number}. */
export async function readVersionStamps(ds: DataSource, workflowId: string): Promise<VersionStamp[]> {
  return ds.run('list versions', async () => {
    const out: VersionStamp[] = [];
    const cursor = ds.versions
      .find({ workflow_id: { $eq: workflowId } }, ds.opts())
      .sort({ version_number: -1 })
      .project<{ version_number?: unknown; changed_at?: unknown }>({ _id: 0, version_number: 1, changed_at: 1 });
    for await (const d of cursor) {
      const version = toNumberOrNull(d.version_number);
      if (version !== null) out.push({ version, changedAt: toDate(d.changed_at) });
    }
    return out;
  });
}

/** A version's health as the commands print it and a rollback keeps it (VersionHealth without the version number and the sketch's flag). */
export type HealthFigures = Omit<VersionHealth, 'version' | 'p95Exact'>;

export function healthFigures(h: VersionHealth): HealthFigures {
  const { version, p95Exact, ...figures } = h;
  void version;
  void p95Exact;
  return figures;
}
