/**
 * What the audit summaries (summaries.ts) share: the records of a window read
 * as a narrow projection (streamed, or the legacy string timestamps alone
 * beside the server's groups), counters, and the per-day series.
 */
import { SCAN_MAX_TIME_MS, type DataSource } from '../core/connection.js';
import { toDate } from '../core/normalize.js';
import { DayBuckets, inRange, storedTime, type TimeWindow } from '../core/window.js';
import { auditQueryPlan, type AuditFilter } from './filter.js';
import { legacyAuditStrings } from './summary-groups.js';

export interface CountRow {
  key: string | null;
  count: number;
}

export interface DayCount {
  day: string;
  count: number;
}

export interface NarrowDoc {
  _id?: unknown;
  timestamp?: unknown;
  event_type?: unknown;
  workflow_id?: unknown;
  user_id?: unknown;
  authenticated_user?: unknown;
  ip_address?: unknown;
  user_agent?: unknown;
  details?: unknown;
}

export class Counter {
  private readonly m = new Map<string | null, number>();
  add(key: string | null, n = 1): void {
    this.m.set(key, (this.m.get(key) ?? 0) + n);
  }
  rows(limit?: number): CountRow[] {
    const rows = [...this.m.entries()]
      .map(([key, count]) => ({ key, count }))
      .sort((a, b) => b.count - a.count || String(a.key ?? '').localeCompare(String(b.key ?? '')));
    return limit === undefined ? rows : rows.slice(0, limit);
  }
  get size(): number {
    return this.m.size;
  }
}

/** Every UTC day the window touches, with zeros where nothing happened. */
export function daySeries(counts: Map<string, number>, w: TimeWindow): DayCount[] {
  return new DayBuckets(w).days.map((day) => ({ day, count: counts.get(day) ?? 0 }));
}

/**
 * The records of the filter's window with a legacy string timestamp in it,
 * read by string ranges an index answers (the server path); few, so a list.
 */
export async function legacyInWindow(
  ds: DataSource,
  label: string,
  filter: AuditFilter & { since: Date; until: Date },
  projection: Record<string, 0 | 1>,
): Promise<Array<{ doc: NarrowDoc; ts: Date | null }>> {
  return ds.run(label, async () => {
    const found: Array<{ doc: NarrowDoc; ts: Date | null }> = [];
    const cursor = ds.audit
      .find(legacyAuditStrings(filter), ds.opts({ atLeastMs: SCAN_MAX_TIME_MS }))
      .project<NarrowDoc>({ ...projection, timestamp: 1 });
    for await (const doc of cursor)
      if (inRange(storedTime(doc.timestamp), { from: filter.since, to: filter.until }))
        found.push({ doc, ts: toDate(doc.timestamp) });
    // in the order the streaming query gives them: after every date, the greatest text first
    return found.sort((a, b) =>
      a.doc.timestamp! < b.doc.timestamp! ? 1 : a.doc.timestamp! > b.doc.timestamp! ? -1 : 0,
    );
  });
}

export async function scanWindow(
  ds: DataSource,
  filter: AuditFilter,
  projection: Record<string, 0 | 1>,
  visit: (doc: NarrowDoc, ts: Date | null) => void,
): Promise<void> {
  // callers run this inside ds.run with fresh counters, so a retried scan starts over cleanly
  const plan = auditQueryPlan(filter);
  const query = plan.strings ? { $or: [plan.filter, plan.strings] } : plan.filter;
  // a window of a busy system is a long scan; maxTimeMS is cumulative over the cursor's batches
  const cursor = ds.audit
    .find(query, ds.opts({ atLeastMs: SCAN_MAX_TIME_MS }))
    .sort(plan.sort)
    .project<NarrowDoc>({ ...projection, timestamp: 1 })
    .batchSize(2000);
  try {
    for await (const doc of cursor) {
      if (
        typeof doc.timestamp === 'string' &&
        !inRange(storedTime(doc.timestamp), { from: filter.since, to: filter.until })
      )
        continue;
      visit(doc, toDate(doc.timestamp));
    }
  } finally {
    await cursor.close().catch(() => undefined);
  }
}
