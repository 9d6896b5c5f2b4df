/**
 * The versions saved in a window (analytics' change scan): who changes what,
 * and rollbacks as rollbackTargetOf tells them. Where the server runs the
 * pipeline, the versions of the window are counted per workflow and user by a
 * `$group` behind an index-backed `$match`, and only the rollback candidates
 * come back (a narrow projection) to be decided in Node: rollbackTargetOf's
 * last step (a fresh rollback_info) is not an expression a server shares.
 * Legacy string timestamps are fetched apart (few, by an index range) and
 * folded by the streaming code. Otherwise one streamed pass, as before.
 */
import type { Document } from 'mongodb';
import { useServerPipeline, type CapabilityProbe } from '../core/capabilities.js';
import { SCAN_MAX_TIME_MS, type DataSource } from '../core/connection.js';
import { toNumberOrNull, toStringOrNull } from '../core/normalize.js';
import { datedInWindow, legacyStringsNear } from '../core/server-window.js';
import { COLLECTIONS } from '../core/types.js';
import { DayBuckets, inWindow, storedTime, windowFilter, type TimeWindow } from '../core/window.js';
import { ROLLBACK_CANDIDATES, ROLLBACK_FIELDS, rollbackReasonOf, rollbackTargetOf } from '../versions/read.js';

/** Exactly the stages and operators changeCountPipeline uses. */
export const CHANGE_GROUPS_PROBE: CapabilityProbe = {
  name: 'change groups',
  collection: COLLECTIONS.versions,
  pipeline: [
    // a $match the probe's one document passes: the $group must see it to check its operators
    { $match: { wfctl_probe_absent: { $exists: false } } },
    { $group: { _id: { w: { $literal: 'x' }, u: { $literal: 'y' } }, n: { $sum: 1 } } },
  ],
  check: (rows) => {
    const id = rows[0]?._id as Document | undefined;
    return rows.length === 1 && id?.w === 'x' && id.u === 'y' && rows[0]!.n === 1;
  },
};

/** Versions saved in the window (dated) per workflow and user. */
export function changeCountPipeline(w: TimeWindow): Document[] {
  return [
    { $match: datedInWindow('changed_at', w) },
    { $group: { _id: { w: '$workflow_id', u: '$changed_by' }, n: { $sum: 1 } } },
  ];
}

/** The dated versions of the window that may be rollbacks. */
export function rollbackCandidatesInWindow(w: TimeWindow): Document {
  return { $and: [ROLLBACK_CANDIDATES, datedInWindow('changed_at', w)] };
}

/** A rollback among the latest. */
export interface RollbackRow {
  workflowId: string | null;
  versionNumber: number | null;
  rollbackOf: number | null;
  changedBy: string | null;
  changedAt: Date | null;
  reason: string | null;
}

/** The change scan's figures: versions saved per workflow and user, rollbacks per day, the latest rollbacks. */
export interface ChangeScan {
  versions: number;
  perWorkflow: Map<string, number>;
  perUser: Map<string, number>;
  rollbacks: number;
  rollbacksPerDay: Array<{ day: string; rollbacks: number }>;
  latestRollbacks: RollbackRow[];
}

const VERSION_PROJECTION = { _id: 0, workflow_id: 1, changed_by: 1, version_number: 1, ...ROLLBACK_FIELDS } as const;

/** The change scan's figures, folded version by version or group by group. */
class ChangeFold {
  private readonly days: DayBuckets;
  private readonly perDay: number[];
  private readonly latest: Array<RollbackRow & { t: number }> = [];
  readonly scan: ChangeScan = {
    versions: 0,
    perWorkflow: new Map(),
    perUser: new Map(),
    rollbacks: 0,
    rollbacksPerDay: [],
    latestRollbacks: [],
  };

  constructor(
    private readonly window: TimeWindow,
    private readonly keep: number,
  ) {
    this.days = new DayBuckets(window);
    this.perDay = new Array<number>(this.days.length).fill(0);
  }

  /** `n` versions of one workflow saved by one user. */
  count(workflow: unknown, user: unknown, n: number): void {
    const s = this.scan;
    s.versions += n;
    const wf = toStringOrNull(workflow) ?? '(none)';
    s.perWorkflow.set(wf, (s.perWorkflow.get(wf) ?? 0) + n);
    const by = toStringOrNull(user) ?? '(unknown)';
    s.perUser.set(by, (s.perUser.get(by) ?? 0) + n);
  }

  /** One version as the stream reads it: counted, and decided as a rollback. */
  add(v: Document): void {
    if (!inWindow(storedTime(v.changed_at), this.window)) return;
    this.count(v.workflow_id, v.changed_by, 1);
    this.rollback(v);
  }

  /** A version of the window (already counted) when it is a rollback. */
  rollback(v: Document): void {
    const t = storedTime(v.changed_at);
    const rollbackOf = rollbackTargetOf(v);
    if (!inWindow(t, this.window) || rollbackOf === null) return;
    this.scan.rollbacks++;
    const d = this.days.indexOf(t);
    if (d >= 0) this.perDay[d]!++;
    if (this.keep === 0) return;
    const row = {
      t,
      workflowId: toStringOrNull(v.workflow_id) ?? '(none)',
      versionNumber: toNumberOrNull(v.version_number),
      rollbackOf,
      changedBy: toStringOrNull(v.changed_by),
      changedAt: new Date(t),
      reason: rollbackReasonOf(v),
    };
    if (this.latest.length === this.keep && newerFirst(row, this.latest[this.keep - 1]!) > 0) return;
    this.latest.push(row);
    // newest first; at the same time by workflow and version, whatever the read order
    this.latest.sort(newerFirst);
    if (this.latest.length > this.keep) this.latest.pop();
  }

  result(): ChangeScan {
    this.scan.rollbacksPerDay = this.days.days.map((day, i) => ({ day, rollbacks: this.perDay[i]! }));
    this.scan.latestRollbacks = this.latest.map(({ t, ...row }) => (void t, row));
    return this.scan;
  }
}

function newerFirst(a: RollbackRow & { t: number }, b: RollbackRow & { t: number }): number {
  return (
    b.t - a.t ||
    (a.workflowId ?? '').localeCompare(b.workflowId ?? '') ||
    (b.versionNumber ?? -Infinity) - (a.versionNumber ?? -Infinity) ||
    (a.reason ?? '').localeCompare(b.reason ?? '')
  );
}

/** The versions matching `filter`, streamed. */
async function streamVersions(ds: DataSource, filter: Document, each: (v: Document) => void): Promise<void> {
  const cursor = ds.versions
    .find(filter, ds.opts({ atLeastMs: SCAN_MAX_TIME_MS }))
    .project<Document>(VERSION_PROJECTION);
  for await (const v of cursor) each(v);
}

/** The versions matching `filter` as a list: the rollback candidates and legacy strings of a window, few. */
function listVersions(ds: DataSource, label: string, filter: Document): Promise<Document[]> {
  return ds.run(label, async () => {
    const found: Document[] = [];
    await streamVersions(ds, filter, (v) => found.push(v));
    return found;
  });
}

/**
 * Versions saved in the window: grouped on the server where it runs the
 * pipeline, else one streamed pass. A retried request starts afresh (its own
 * fold or list), so nothing is counted twice.
 */
export async function changesInWindow(
  ds: DataSource,
  q: { window: TimeWindow; latestRollbacks?: number },
): Promise<ChangeScan> {
  const keep = q.latestRollbacks ?? 0;
  if (!(await useServerPipeline(ds, CHANGE_GROUPS_PROBE)))
    return ds.run('scan versions', async () => {
      const fold = new ChangeFold(q.window, keep);
      await streamVersions(ds, windowFilter('changed_at', q.window), (v) => fold.add(v));
      return fold.result();
    });
  const [groups, candidates, strings] = await Promise.all([
    ds.run('group versions', () =>
      ds.versions.aggregate(changeCountPipeline(q.window), ds.opts({ atLeastMs: SCAN_MAX_TIME_MS })).toArray(),
    ),
    listVersions(ds, 'scan rollback candidates', rollbackCandidatesInWindow(q.window)),
    listVersions(ds, 'scan legacy versions', legacyStringsNear('changed_at', q.window)),
  ]);
  const fold = new ChangeFold(q.window, keep);
  for (const r of groups) {
    const k = (r._id ?? {}) as Document;
    fold.count(k.w, k.u, toNumberOrNull(r.n) ?? 0);
  }
  for (const v of candidates) fold.rollback(v);
  for (const v of strings) fold.add(v);
  return fold.result();
}
