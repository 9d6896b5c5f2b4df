/**
 * Summaries of the audit trail over a window: one workflow's trail, one
 * user's activity, system statistics. Where the server runs the pipelines
 * (summary-groups.ts), the dated records of the window are grouped there and
 * only rows per group come back; the few legacy string timestamps are read
 * apart and counted here. Otherwise each streams a narrow projection and
 * counts in Node: FerretDB 1.24 computes only the first accumulator of a
 * $group and has no date operators, and one pass over a window is cheaper
 * than several. Both paths feed the same fold, so the figures are the same.
 */
import { SCAN_MAX_TIME_MS, type DataSource } from '../core/connection.js';
import { isPlainObject, toDate, toStringOrNull } from '../core/normalize.js';
import { windowOfDays } from '../core/window.js';
import { auditQueryPlan } from './filter.js';
import { summarizeDetails } from './query.js';
import { useServerPipeline } from '../core/capabilities.js';
import { AUDIT_GROUPS_PROBE, groupAudit } from './summary-groups.js';
import {
  Counter,
  daySeries,
  legacyInWindow,
  scanWindow,
  type CountRow,
  type DayCount,
  type NarrowDoc,
} from './summary-scan.js';

export type { CountRow, DayCount } from './summary-scan.js';

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

/** One workflow's trail, folded record by record or group by group. */
class TrailFold {
  readonly byType = new Counter();
  readonly byUser = new Counter();
  readonly perDay = new Map<string, number>();
  total = 0;
  first: Date | null = null;
  last: Date | null = null;

  add(type: unknown, user: unknown, day: string | null, first: Date | null, last: Date | null, n: number): void {
    this.total += n;
    this.byType.add(toStringOrNull(type), n);
    this.byUser.add(toStringOrNull(user), n);
    if (first && (!this.first || first < this.first)) this.first = first;
    if (last && (!this.last || last > this.last)) this.last = last;
    if (day !== null) this.perDay.set(day, (this.perDay.get(day) ?? 0) + n);
  }

  visit(d: NarrowDoc, ts: Date | null): void {
    this.add(d.event_type, d.user_id, ts ? ts.toISOString().slice(0, 10) : null, ts, ts, 1);
  }
}

export async function summarizeWorkflowAudit(
  ds: DataSource,
  workflowId: string,
  days: number,
  now: Date,
): Promise<WorkflowAuditSummary> {
  const window = windowOfDays(days, now);
  const { from: since } = window;
  const filter = { workflowId, since, until: now };
  const projection = { event_type: 1, user_id: 1 } as const;
  let fold: TrailFold;
  if (await useServerPipeline(ds, AUDIT_GROUPS_PROBE)) {
    const keys = { type: '$event_type', user: '$user_id' };
    const [rows, strings] = await Promise.all([
      groupAudit(ds, { filter, keys, time: 'day', span: true }),
      legacyInWindow(ds, 'read legacy audit records', filter, projection),
    ]);
    fold = new TrailFold();
    for (const r of rows) fold.add(r.key.type, r.key.user, r.at, r.first, r.last, r.count);
    for (const { doc, ts } of strings) fold.visit(doc, ts);
  } else
    fold = await ds.run('summarize audit trail', async () => {
      const f = new TrailFold();
      await scanWindow(ds, filter, projection, (d, ts) => f.visit(d, ts));
      return f;
    });
  return {
    workflowId,
    days,
    since,
    until: now,
    total: fold.total,
    byEventType: fold.byType.rows(),
    byUser: fold.byUser.rows(),
    firstEvent: fold.first,
    lastEvent: fold.last,
    perDay: daySeries(fold.perDay, window),
  };
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

/** One user's counts, folded record by record or group by group. */
class ActivityFold {
  readonly byType = new Counter();
  readonly workflows = new Counter();
  readonly ips = new Counter();
  readonly agents = new Counter();
  readonly authenticated = new Counter();
  total = 0;

  add(k: { type?: unknown; wf?: unknown; ip?: unknown; agent?: unknown; auth?: unknown }, n: number): void {
    this.total += n;
    this.byType.add(toStringOrNull(k.type), n);
    this.workflows.add(toStringOrNull(k.wf), n);
    this.ips.add(toStringOrNull(k.ip), n);
    this.agents.add(toStringOrNull(k.agent), n);
    this.authenticated.add(toStringOrNull(k.auth), n);
  }

  visit(d: NarrowDoc): void {
    const k = {
      type: d.event_type,
      wf: d.workflow_id,
      ip: d.ip_address,
      agent: d.user_agent,
      auth: d.authenticated_user,
    };
    this.add(k, 1);
  }
}

function timelineEntry(d: NarrowDoc, ts: Date | null): UserActivity['timeline'][number] {
  return {
    id: toStringOrNull(d._id) ?? '',
    timestamp: ts,
    eventType: toStringOrNull(d.event_type) ?? '',
    workflowId: toStringOrNull(d.workflow_id),
    authenticatedUser: toStringOrNull(d.authenticated_user),
    ipAddress: toStringOrNull(d.ip_address),
    summary: summarizeDetails(isPlainObject(d.details) ? d.details : null),
  };
}

const ACTIVITY_PROJECTION = {
  _id: 1,
  event_type: 1,
  workflow_id: 1,
  authenticated_user: 1,
  ip_address: 1,
  user_agent: 1,
  details: 1,
} as const;

export async function userActivity(
  ds: DataSource,
  userId: string,
  days: number,
  timelineLimit: number,
  now: Date,
): Promise<UserActivity> {
  const window = windowOfDays(days, now);
  const { from: since } = window;
  const filter = { userId, since, until: now };
  let fold: ActivityFold;
  let timeline: UserActivity['timeline'];
  if (await useServerPipeline(ds, AUDIT_GROUPS_PROBE)) {
    const keys = {
      type: '$event_type',
      wf: '$workflow_id',
      ip: '$ip_address',
      agent: '$user_agent',
      auth: '$authenticated_user',
    };
    // the newest dated records by the index, then (as the streaming query orders them) the legacy strings
    const plan = auditQueryPlan(filter);
    const [rows, newest, strings] = await Promise.all([
      groupAudit(ds, { filter, keys }),
      // limit(0) is no limit: no timeline asked, no query
      timelineLimit <= 0
        ? Promise.resolve([])
        : ds.run('read user timeline', () =>
            ds.audit
              .find(plan.filter, ds.opts({ atLeastMs: SCAN_MAX_TIME_MS }))
              .sort(plan.sort)
              .limit(timelineLimit)
              .project<NarrowDoc>({ ...ACTIVITY_PROJECTION, timestamp: 1 })
              .toArray(),
          ),
      legacyInWindow(ds, 'read legacy audit records', filter, ACTIVITY_PROJECTION),
    ]);
    fold = new ActivityFold();
    for (const r of rows) fold.add(r.key, r.count);
    for (const { doc } of strings) fold.visit(doc);
    timeline = [
      ...newest.map((d) => timelineEntry(d, toDate(d.timestamp))),
      ...strings.map(({ doc, ts }) => timelineEntry(doc, ts)),
    ].slice(0, Math.max(timelineLimit, 0));
  } else
    [fold, timeline] = await ds.run('read user activity', async () => {
      const f = new ActivityFold();
      const t: UserActivity['timeline'] = [];
      await scanWindow(ds, filter, ACTIVITY_PROJECTION, (d, ts) => {
        f.visit(d);
        if (t.length < timelineLimit) t.push(timelineEntry(d, ts));
      });
      return [f, t] as const;
    });
  return {
    userId,
    days,
    since,
    until: now,
    total: fold.total,
    timeline,
    timelineTruncated: fold.total > timeline.length,
    byEventType: fold.byType.rows(),
    // records without a workflow, an address or an agent count too, under null
    workflows: fold.workflows.rows(),
    ipAddresses: fold.ips.rows(),
    userAgents: fold.agents.rows(),
    authenticatedUsers: fold.authenticated.rows(),
  };
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

/** The system's counts, folded record by record or group by group. */
class StatsFold {
  readonly byType = new Counter();
  readonly users = new Counter();
  readonly workflows = new Counter();
  readonly perDay = new Map<string, number>();
  readonly hours = new Array<number>(24).fill(0);
  total = 0;
  withoutUser = 0;
  withoutWorkflow = 0;

  type(type: unknown, n: number): void {
    this.total += n;
    this.byType.add(toStringOrNull(type), n);
  }
  user(user: unknown, n: number): void {
    const id = toStringOrNull(user);
    if (id !== null) this.users.add(id, n);
    else this.withoutUser += n;
  }
  workflow(workflow: unknown, n: number): void {
    const id = toStringOrNull(workflow);
    if (id !== null) this.workflows.add(id, n);
    else this.withoutWorkflow += n;
  }
  /** `at`: the UTC hour, 'YYYY-MM-DDTHH' */
  hour(at: string, n: number): void {
    const day = at.slice(0, 10);
    this.perDay.set(day, (this.perDay.get(day) ?? 0) + n);
    this.hours[Number(at.slice(11, 13))]! += n;
  }

  visit(d: NarrowDoc, ts: Date | null): void {
    this.type(d.event_type, 1);
    this.user(d.user_id, 1);
    this.workflow(d.workflow_id, 1);
    if (ts) this.hour(ts.toISOString().slice(0, 13), 1);
  }
}

export async function auditStats(ds: DataSource, days: number, top: number, now: Date): Promise<AuditStats> {
  const window = windowOfDays(days, now);
  const { from: since } = window;
  const filter = { since, until: now };
  const projection = { _id: 0, event_type: 1, user_id: 1, workflow_id: 1 } as const;
  let fold: StatsFold;
  if (await useServerPipeline(ds, AUDIT_GROUPS_PROBE)) {
    // one group per figure: their product (type x user x workflow x hour) could be as many rows as records
    const [types, users, workflows, hours, strings] = await Promise.all([
      groupAudit(ds, { filter, keys: { type: '$event_type' } }),
      groupAudit(ds, { filter, keys: { user: '$user_id' } }),
      groupAudit(ds, { filter, keys: { wf: '$workflow_id' } }),
      groupAudit(ds, { filter, keys: {}, time: 'hour' }),
      legacyInWindow(ds, 'read legacy audit records', filter, projection),
    ]);
    fold = new StatsFold();
    for (const r of types) fold.type(r.key.type, r.count);
    for (const r of users) fold.user(r.key.user, r.count);
    for (const r of workflows) fold.workflow(r.key.wf, r.count);
    for (const r of hours) if (r.at !== null) fold.hour(r.at, r.count);
    for (const { doc, ts } of strings) fold.visit(doc, ts);
  } else
    fold = await ds.run('compute audit statistics', async () => {
      const f = new StatsFold();
      await scanWindow(ds, filter, projection, (d, ts) => f.visit(d, ts));
      return f;
    });
  return {
    days,
    since,
    until: now,
    total: fold.total,
    byEventType: fold.byType.rows(),
    perDay: daySeries(fold.perDay, window),
    busiestHours: fold.hours
      .map((count, hour) => ({ hour, count }))
      .filter((h) => h.count > 0)
      .sort((a, b) => b.count - a.count || a.hour - b.hour),
    topUsers: fold.users.rows(top),
    topWorkflows: fold.workflows.rows(top),
    distinctUsers: fold.users.size,
    distinctWorkflows: fold.workflows.size,
    withoutUser: fold.withoutUser,
    withoutWorkflow: fold.withoutWorkflow,
  };
}
