/**
 * The change summary of a workflow over the last N days: versions per day
 * and per user, rollbacks with their reasons, and the most frequently
 * changed paths, from the stored diffs. One range query, streamed.
 */
import type { Filter } from 'mongodb';
import type { DataSource } from './connection.js';
import { toDate, toNumberOrNull, toStringOrNull } from './normalize.js';
import type { RawVersionDoc } from './types.js';
import { storedDiffPaths, summarizeStoredDiff } from './version-diff.js';

export interface ChangeSummary {
  workflowId: string;
  days: number;
  since: Date;
  until: Date;
  totals: { versions: number; rollbacks: number; users: number; added: number; removed: number; modified: number };
  /** UTC days with at least one version, oldest first */
  perDay: Array<{ day: string; versions: number; rollbacks: number }>;
  /** most versions first */
  perUser: Array<{ user: string; versions: number; rollbacks: number; lastChangeAt: Date | null }>;
  /** newest first */
  rollbacks: Array<{ version: number; rollbackOf: number | null; reason: string | null; changedBy: string | null; changedAt: Date | null }>;
  /** paths as "actions[0].config.url", most changed first, at most 10 */
  topPaths: Array<{ path: string; changes: number }>;
}

/** "root['actions'][0]['config']" → "actions[0].config" */
export function readablePath(deepDiffPath: string): string {
  const re = /\['((?:[^'\\]|\\.)*)'\]|\["([^"]*)"\]|\[(\d+)\]/g;
  let out = '';
  for (const m of deepDiffPath.replace(/^root/, '').matchAll(re)) {
    if (m[3] !== undefined) out += `[${m[3]}]`;
    else {
      const key = (m[1] ?? m[2] ?? '').replace(/\\'/g, "'");
      out += /^[A-Za-z_$][\w$-]*$/.test(key) ? (out ? `.${key}` : key) : `[${JSON.stringify(key)}]`;
    }
  }
  return out || '(root)';
}

export async function summarizeChanges(ds: DataSource, workflowId: string, days: number, now: Date = new Date()): Promise<ChangeSummary> {
  const since = new Date(now.getTime() - days * 86_400_000);
  const filter = {
    workflow_id: { $eq: workflowId },
    // older backends wrote ISO strings; exact bounds are applied below
    $or: [{ changed_at: { $gte: since } }, { changed_at: { $gte: since.toISOString().slice(0, 10) } }],
  } as Filter<RawVersionDoc>;
  const perDay = new Map<string, { versions: number; rollbacks: number }>();
  const perUser = new Map<string, { versions: number; rollbacks: number; lastChangeAt: Date | null }>();
  const paths = new Map<string, number>();
  const rollbacks: ChangeSummary['rollbacks'] = [];
  const totals = { versions: 0, rollbacks: 0, users: 0, added: 0, removed: 0, modified: 0 };
  await ds.run('summarize changes', async () => {
    perDay.clear();
    perUser.clear();
    paths.clear();
    rollbacks.length = 0;
    Object.assign(totals, { versions: 0, rollbacks: 0, users: 0, added: 0, removed: 0, modified: 0 });
    const cursor = ds.versions
      .find(filter, ds.opts())
      .project<Partial<RawVersionDoc>>({ _id: 0, version_number: 1, changed_at: 1, changed_by: 1, rollback_of: 1, reason: 1, diff: 1 });
    for await (const doc of cursor) {
      const at = toDate(doc.changed_at);
      if (!at || at < since || at > now) continue;
      const rollbackOf = toNumberOrNull(doc.rollback_of);
      const isRollback = rollbackOf !== null;
      const user = toStringOrNull(doc.changed_by) ?? '(unknown)';
      totals.versions++;
      if (isRollback) totals.rollbacks++;
      const counts = summarizeStoredDiff(doc.diff);
      totals.added += counts.added;
      totals.removed += counts.removed;
      totals.modified += counts.modified;
      const day = at.toISOString().slice(0, 10);
      const d = perDay.get(day) ?? { versions: 0, rollbacks: 0 };
      d.versions++;
      if (isRollback) d.rollbacks++;
      perDay.set(day, d);
      const u = perUser.get(user) ?? { versions: 0, rollbacks: 0, lastChangeAt: null };
      u.versions++;
      if (isRollback) u.rollbacks++;
      if (!u.lastChangeAt || at > u.lastChangeAt) u.lastChangeAt = at;
      perUser.set(user, u);
      if (isRollback) {
        rollbacks.push({
          version: toNumberOrNull(doc.version_number) ?? 0,
          rollbackOf,
          reason: toStringOrNull(doc.reason),
          changedBy: toStringOrNull(doc.changed_by),
          changedAt: at,
        });
      }
      for (const p of new Set(storedDiffPaths(doc.diff).map(readablePath))) paths.set(p, (paths.get(p) ?? 0) + 1);
    }
  });
  totals.users = perUser.size;
  return {
    workflowId,
    days,
    since,
    until: now,
    totals,
    perDay: [...perDay.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, v]) => ({ day, ...v })),
    perUser: [...perUser.entries()]
      .sort(([ua, a], [ub, b]) => b.versions - a.versions || ua.localeCompare(ub))
      .map(([user, v]) => ({ user, ...v })),
    rollbacks: rollbacks.sort((a, b) => b.version - a.version),
    topPaths: [...paths.entries()]
      .sort(([pa, a], [pb, b]) => b - a || pa.localeCompare(pb))
      .slice(0, 10)
      .map(([path, changes]) => ({ path, changes })),
  };
}
