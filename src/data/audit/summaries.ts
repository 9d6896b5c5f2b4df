/**
 * Summaries of the audit trail over a window: one workflow's trail, one
 * user's activity, system statistics. Each streams a narrow projection and
 * counts in Node: FerretDB computes only the first accumulator of a $group
 * and has no date operators, and one pass over a window is cheaper than
 * several.
 */
import { SCAN_MAX_TIME_MS, type DataSource } from '../core/connection.js';
import { isPlainObject, toDate, toStringOrNull } from '../core/normalize.js';
import { DayBuckets, inRange, storedTime, windowOfDays, type TimeWindow } from '../core/window.js';
import { auditQueryPlan, type AuditFilter } from './filter.js';
import { summarizeDetails } from './query.js';

export interface CountRow {
  key: string | null;
  count: number;
}

export interface DayCount {
  day: string;
  count: number;
}

interface NarrowDoc {
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

class Counter {
  private readonly m = new Map<string | null, number>();
  add(key: string | null): void {
    this.m.set(key, (this.m.get(key) ?? 0) + 1);
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
function daySeries(counts: Map<string, number>, w: TimeWindow): DayCount[] {
  return new DayBuckets(w).days.map((day) => ({ day, count: counts.get(day) ?? 0 }));
}

async function scanWindow(
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

export interface WorkflowAuditSummary {
  workflowId: string;
  days: number;
  since: Date;
  until: Date;
  total: number;
  byEventType: CountRow[];
  byUser: CountRow[];
  firstEvent: Date | null;
  lastEvent: Date | null;
  perDay: DayCount[];
}

export async function summarizeWorkflowAudit(
  ds: DataSource,
  workflowId: string,
  days: number,
  now: Date,
): Promise<WorkflowAuditSummary> {
  const window = windowOfDays(days, now);
  const { from: since } = window;
  return ds.run('summarize audit trail', async () => {
    const byType = new Counter();
    const byUser = new Counter();
    const perDay = new Map<string, number>();
    let total = 0;
    let first: Date | null = null;
    let last: Date | null = null;
    await scanWindow(ds, { workflowId, since, until: now }, { event_type: 1, user_id: 1 }, (d, ts) => {
      total++;
      byType.add(toStringOrNull(d.event_type));
      byUser.add(toStringOrNull(d.user_id));
      if (ts) {
        if (!first || ts < first) first = ts;
        if (!last || ts > last) last = ts;
        const day = ts.toISOString().slice(0, 10);
        perDay.set(day, (perDay.get(day) ?? 0) + 1);
      }
    });
    return {
      workflowId,
      days,
      since,
      until: now,
      total,
      byEventType: byType.rows(),
      byUser: byUser.rows(),
      firstEvent: first,
      lastEvent: last,
      perDay: daySeries(perDay, window),
    };
  });
}

export interface UserActivity {
  userId: string;
  days: number;
  since: Date;
  until: Date;
  total: number;
  /** newest first, at most `timelineLimit` */
  timeline: Array<{
    id: string;
    timestamp: Date | null;
    eventType: string;
    workflowId: string | null;
    /** the database user the writing connection authenticated as; null when none was recorded */
    authenticatedUser: string | null;
    ipAddress: string | null;
    summary: string;
  }>;
  timelineTruncated: boolean;
  byEventType: CountRow[];
  workflows: CountRow[];
  ipAddresses: CountRow[];
  userAgents: CountRow[];
  /** the database users this declared user's records were written by (null: none recorded) */
  authenticatedUsers: CountRow[];
}

export async function userActivity(
  ds: DataSource,
  userId: string,
  days: number,
  timelineLimit: number,
  now: Date,
): Promise<UserActivity> {
  const window = windowOfDays(days, now);
  const { from: since } = window;
  return ds.run('read user activity', async () => {
    const byType = new Counter();
    const workflows = new Counter();
    const ips = new Counter();
    const agents = new Counter();
    const authenticated = new Counter();
    const timeline: UserActivity['timeline'] = [];
    let total = 0;
    await scanWindow(
      ds,
      { userId, since, until: now },
      { _id: 1, event_type: 1, workflow_id: 1, authenticated_user: 1, ip_address: 1, user_agent: 1, details: 1 },
      (d, ts) => {
        total++;
        const eventType = toStringOrNull(d.event_type);
        byType.add(eventType);
        workflows.add(toStringOrNull(d.workflow_id));
        ips.add(toStringOrNull(d.ip_address));
        agents.add(toStringOrNull(d.user_agent));
        authenticated.add(toStringOrNull(d.authenticated_user));
        if (timeline.length < timelineLimit) {
          timeline.push({
            id: toStringOrNull(d._id) ?? '',
            timestamp: ts,
            eventType: eventType ?? '',
            workflowId: toStringOrNull(d.workflow_id),
            authenticatedUser: toStringOrNull(d.authenticated_user),
            ipAddress: toStringOrNull(d.ip_address),
            summary: summarizeDetails(isPlainObject(d.details) ? d.details : null),
          });
        }
      },
    );
    return {
      userId,
      days,
      since,
      until: now,
      total,
      timeline,
      timelineTruncated: total > timeline.length,
      byEventType: byType.rows(),
      // records without a workflow, an address or an agent count too, under null
      workflows: workflows.rows(),
      ipAddresses: ips.rows(),
      userAgents: agents.rows(),
      authenticatedUsers: authenticated.rows(),
    };
  });
}

export interface AuditStats {
  days: number;
  since: Date;
  until: Date;
  total: number;
  byEventType: CountRow[];
  perDay: DayCount[];
  /** UTC hour of day (0-23), busiest first */
  busiestHours: Array<{ hour: number; count: number }>;
  /** most records first; users and workflows only (records without one are counted in withoutUser/withoutWorkflow) */
  topUsers: CountRow[];
  topWorkflows: CountRow[];
  /** distinct user ids among the records that have one */
  distinctUsers: number;
  distinctWorkflows: number;
  /** records without a user id (the backend's system events) and without a workflow id */
  withoutUser: number;
  withoutWorkflow: number;
}

export async function auditStats(ds: DataSource, days: number, top: number, now: Date): Promise<AuditStats> {
  const window = windowOfDays(days, now);
  const { from: since } = window;
  return ds.run('compute audit statistics', async () => {
    const byType = new Counter();
    const users = new Counter();
    const workflows = new Counter();
    const perDay = new Map<string, number>();
    const hours = new Array<number>(24).fill(0);
    let total = 0;
    let withoutUser = 0;
    let withoutWorkflow = 0;
    await scanWindow(ds, { since, until: now }, { _id: 0, event_type: 1, user_id: 1, workflow_id: 1 }, (d, ts) => {
      total++;
      byType.add(toStringOrNull(d.event_type));
      const user = toStringOrNull(d.user_id);
      if (user !== null) users.add(user);
      else withoutUser++;
      const wf = toStringOrNull(d.workflow_id);
      if (wf !== null) workflows.add(wf);
      else withoutWorkflow++;
      if (ts) {
        const iso = ts.toISOString();
        const day = iso.slice(0, 10);
        perDay.set(day, (perDay.get(day) ?? 0) + 1);
        hours[ts.getUTCHours()]!++;
      }
    });
    return {
      days,
      since,
      until: now,
      total,
      byEventType: byType.rows(),
      perDay: daySeries(perDay, window),
      busiestHours: hours
        .map((count, hour) => ({ hour, count }))
        .filter((h) => h.count > 0)
        .sort((a, b) => b.count - a.count || a.hour - b.hour),
      topUsers: users.rows(top),
      topWorkflows: workflows.rows(top),
      distinctUsers: users.size,
      distinctWorkflows: workflows.size,
      withoutUser,
      withoutWorkflow,
    };
  });
}
