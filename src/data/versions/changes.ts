/**
 * The change summary of a workflow over the last N days: versions per day
 * and per user, rollbacks with their reasons, and the most frequently
 * changed paths, from the stored diffs. One range query, streamed.
 * Rollbacks are wfctl's and the backend's (rollbackTargetOf).
 */
import type { Document, Filter } from 'mongodb';
import type { DataSource } from '../core/connection.js';
import { toNumberOrNull, toStringOrNull } from '../core/normalize.js';
import type { RawVersionDoc } from '../core/types.js';
import { storedDiffPaths, summarizeStoredDiff, type ChangesSummary } from './diff.js';
import { ROLLBACK_FIELDS, rollbackReasonOf, rollbackTargetOf } from './read.js';
import { DayBuckets, inWindow, storedTime, windowFilter, windowOfDays } from '../core/window.js';

export interface ChangeSummary {
  workflowId: string;
  days: number;
  since: Date;
  until: Date;
  /** values_changed, items_added, items_removed: the backend's change summary of each stored diff, summed */
  totals: { versions: number; rollbacks: number; users: number } & ChangesSummary;
  /** every UTC day the window touches, oldest first, zeros included */
  perDay: Array<{ day: string; versions: number; rollbacks: number }>;
  /** most versions first */
  perUser: Array<{ user: string; versions: number; rollbacks: number; lastChangeAt: Date | null }>;
  /** newest first */
  rollbacks: Array<{
    version: number;
    rollbackOf: number | null;
    reason: string | null;
    changedBy: string | null;
    changedAt: Date | null;
  }>;
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

export async function summarizeChanges(
  ds: DataSource,
  workflowId: string,
  days: number,
  now: Date,
): Promise<ChangeSummary> {
  const window = windowOfDays(days, now);
  const filter = { workflow_id: { $eq: workflowId }, ...windowFilter('changed_at', window) } as Filter<RawVersionDoc>;
  const buckets = new DayBuckets(window);
  const perDay = buckets.days.map((day) => ({ day, versions: 0, rollbacks: 0 }));
  const perUser = new Map<string, { versions: number; rollbacks: number; lastChangeAt: Date | null }>();
  const paths = new Map<string, number>();
  const rollbacks: ChangeSummary['rollbacks'] = [];
  const totals = { versions: 0, rollbacks: 0, users: 0, values_changed: 0, items_added: 0, items_removed: 0 };
  await ds.run('summarize changes', async () => {
    for (const d of perDay) Object.assign(d, { versions: 0, rollbacks: 0 });
    perUser.clear();
    paths.clear();
    rollbacks.length = 0;
    Object.assign(totals, { versions: 0, rollbacks: 0, users: 0, values_changed: 0, items_added: 0, items_removed: 0 });
    const cursor = ds.versions
      .find(filter, ds.opts())
      .project<Document>({ _id: 0, version_number: 1, changed_by: 1, diff: 1, ...ROLLBACK_FIELDS });
    for await (const doc of cursor) {
      const t = storedTime(doc.changed_at);
      if (!inWindow(t, window)) continue;
      const at = new Date(t);
      const rollbackOf = rollbackTargetOf(doc);
      const isRollback = rollbackOf !== null;
      const user = toStringOrNull(doc.changed_by) ?? '(unknown)';
      totals.versions++;
      if (isRollback) totals.rollbacks++;
      const counts = summarizeStoredDiff(doc.diff);
      totals.values_changed += counts.values_changed;
      totals.items_added += counts.items_added;
      totals.items_removed += counts.items_removed;
      const d = perDay[buckets.indexOf(t)];
      if (d) {
        d.versions++;
        if (isRollback) d.rollbacks++;
      }
      const u = perUser.get(user) ?? { versions: 0, rollbacks: 0, lastChangeAt: null };
      u.versions++;
      if (isRollback) u.rollbacks++;
      if (!u.lastChangeAt || at > u.lastChangeAt) u.lastChangeAt = at;
      perUser.set(user, u);
      if (isRollback) {
        rollbacks.push({
          version: toNumberOrNull(doc.version_number) ?? 0,
          rollbackOf,
          reason: rollbackReasonOf(doc),
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
    since: window.from,
    until: window.to,
    totals,
    perDay,
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
