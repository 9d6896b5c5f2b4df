/**
 * workflow_audit_logs: filters, the newest-first list, per-workflow and
 * per-user activity, system statistics, and the query plan of each.
 *
 * Every query filters and sorts on a prefix of a recommended index
 * (auditQueryPlan names it). Summaries stream a narrow projection and count in
 * Node: FerretDB computes only the first accumulator of a $group and has no
 * date operators, and one pass over a window is cheaper than several.
 */
import type { Document, Filter, Sort } from 'mongodb';
import { UsageError, WorkflowNotFoundError } from '../../errors.js';
import type { DataSource } from '../core/connection.js';
import { isPlainObject, toDate, toStringOrNull } from '../core/normalize.js';
import { storedTime } from '../core/window.js';
import type { RawAuditDoc } from '../core/types.js';
import { resolveWorkflow } from '../core/workflow-ref.js';

export interface AuditFilter {
  /** workflow id, compared as plain text */
  workflowId?: string;
  /** user id, compared as plain text */
  userId?: string;
  /** any of these event types */
  eventTypes?: string[];
  /** inclusive lower bound */
  since?: Date;
  /** exclusive upper bound */
  until?: Date;
}

/** A record as commands show it; unknown top-level fields are kept in `extra`. */
export interface AuditRecord {
  id: string;
  timestamp: Date | null;
  eventType: string;
  workflowId: string | null;
  userId: string | null;
  ipAddress: string | null;
  userAgent: string | null;
  details: Record<string, unknown> | null;
  metadata: Record<string, unknown> | null;
}

/** maxTimeMS of whole-window scans (summaries, --all): they stop a runaway, not a big window. */
export const SCAN_MAX_TIME_MS = 3_600_000;

const KNOWN_FIELDS = new Set(['_id', 'timestamp', 'event_type', 'workflow_id', 'user_id', 'ip_address', 'user_agent', 'details', 'metadata']);

export function validateAuditFilter(filter: AuditFilter): void {
  if (filter.since && filter.until && filter.since.getTime() >= filter.until.getTime()) {
    throw new UsageError(`--since (${filter.since.toISOString()}) is not before --until (${filter.until.toISOString()})`, {
      hint: '--since is the inclusive start and --until the exclusive end of the time range',
    });
  }
}

/**
 * The time bounds as queries: `dated` matches BSON dates by range (an index
 * range on MongoDB); `strings` selects every legacy ISO-string timestamp,
 * which the caller decides on with inTimeRange after parsing (FerretDB cannot
 * parse strings, and text in mixed formats does not sort as time). Null
 * without bounds.
 */
export function timeRangeFilter(since: Date | undefined, until: Date | undefined): { dated: Filter<RawAuditDoc>; strings: Filter<RawAuditDoc> } | null {
  if (!since && !until) return null;
  return {
    dated: { timestamp: { ...(since ? { $gte: since } : {}), ...(until ? { $lt: until } : {}) } } as Filter<RawAuditDoc>,
    strings: { timestamp: { $type: 'string' } } as Filter<RawAuditDoc>,
  };
}

/** A stored timestamp (date or legacy string, parsed) inside [since, until). */
export function inTimeRange(ts: unknown, since: Date | undefined, until: Date | undefined): boolean {
  const t = storedTime(ts);
  if (t === null) return false;
  return (!since || t >= since.getTime()) && (!until || t < until.getTime());
}

/** The recommended index a filter uses and the query that uses it. */
export interface AuditQueryPlan {
  /** the indexed query: without time bounds everything, with them the BSON-dated records in range */
  filter: Filter<RawAuditDoc>;
  sort: Sort;
  /** key of the recommended index whose prefix the filter and sort use */
  index: Record<string, 1 | -1>;
  /** with time bounds: the records with a legacy string timestamp, read apart and decided in Node (few) */
  strings: Filter<RawAuditDoc> | null;
}

/**
 * The newest-first query for a filter. The equality field picks the index
 * ({workflow_id|user_id|event_type, timestamp:-1}); without one, the
 * wfctl index {timestamp:1, _id:1} read backwards.
 */
export function auditQueryPlan(filter: AuditFilter, direction: 1 | -1 = -1): AuditQueryPlan {
  const and: Filter<RawAuditDoc>[] = [];
  let index: Record<string, 1 | -1> = { timestamp: 1, _id: 1 };
  if (filter.workflowId !== undefined) {
    and.push({ workflow_id: { $eq: filter.workflowId } });
    index = { workflow_id: 1, timestamp: -1 };
  }
  if (filter.userId !== undefined) {
    and.push({ user_id: { $eq: filter.userId } });
    if (filter.workflowId === undefined) index = { user_id: 1, timestamp: -1 };
  }
  if (filter.eventTypes && filter.eventTypes.length > 0) {
    and.push(filter.eventTypes.length === 1 ? { event_type: { $eq: filter.eventTypes[0]! } } : { event_type: { $in: [...filter.eventTypes] } });
    if (filter.workflowId === undefined && filter.userId === undefined) index = { event_type: 1, timestamp: -1 };
  }
  const range = timeRangeFilter(filter.since, filter.until);
  const andOf = (parts: Filter<RawAuditDoc>[]) => (parts.length === 0 ? {} : parts.length === 1 ? parts[0]! : { $and: parts });
  const query = andOf(range ? [...and, range.dated] : and);
  // ties within one millisecond: _id breaks them only where the index has it
  const sort: Sort = 'workflow_id' in index || 'user_id' in index || 'event_type' in index ? { timestamp: direction } : { timestamp: direction, _id: direction };
  return { filter: query, sort, index, strings: range ? andOf([...and, range.strings]) : null };
}

const LIST_PROJECTION = {
  _id: 1,
  timestamp: 1,
  event_type: 1,
  workflow_id: 1,
  user_id: 1,
  ip_address: 1,
  user_agent: 1,
  details: 1,
  metadata: 1,
} as const;

export function normalizeAuditRecord(doc: RawAuditDoc): AuditRecord {
  return {
    id: toStringOrNull(doc._id) ?? '',
    timestamp: toDate(doc.timestamp),
    eventType: toStringOrNull(doc.event_type) ?? '',
    workflowId: toStringOrNull(doc.workflow_id),
    userId: toStringOrNull(doc.user_id),
    ipAddress: toStringOrNull(doc.ip_address),
    userAgent: toStringOrNull(doc.user_agent),
    details: isPlainObject(doc.details) ? doc.details : null,
    metadata: isPlainObject(doc.metadata) ? doc.metadata : null,
  };
}

/** Unknown top-level fields of a raw record, or null. */
export function extraFields(doc: Document): Record<string, unknown> | null {
  let extra: Record<string, unknown> | null = null;
  for (const key of Object.keys(doc)) {
    if (KNOWN_FIELDS.has(key)) continue;
    (extra ??= {})[key] = doc[key];
  }
  return extra;
}

export interface ListAuditQuery extends AuditFilter {
  /** at most this many records; undefined = all */
  limit?: number;
}

export interface ListAuditResult {
  events: AuditRecord[];
  limit: number | null;
  /** more records match than the limit let through */
  truncated: boolean;
}

function listCursor(ds: DataSource, query: ListAuditQuery, limit?: number) {
  const plan = auditQueryPlan(query);
  // --all reads every match: a limit cumulative over its batches would cut it short
  const cursor = ds.audit.find(plan.filter, limit === undefined ? ds.opts({ atLeastMs: SCAN_MAX_TIME_MS }) : ds.opts()).sort(plan.sort).project<RawAuditDoc>(LIST_PROJECTION);
  if (limit !== undefined) cursor.limit(limit);
  return cursor;
}

/** The records with a legacy string timestamp inside the filter's bounds, newest first (few: read whole). */
async function stringDatedRecords(ds: DataSource, query: AuditFilter): Promise<RawAuditDoc[]> {
  const plan = auditQueryPlan(query);
  if (!plan.strings) return [];
  const docs = await ds.run('list string-dated audit events', () =>
    ds.audit.find(plan.strings!, ds.opts({ atLeastMs: SCAN_MAX_TIME_MS })).project<RawAuditDoc>(LIST_PROJECTION).toArray(),
  );
  return docs
    .filter((d) => inTimeRange(d.timestamp, query.since, query.until))
    .map((d) => ({ d, t: storedTime(d.timestamp)! }))
    .sort((a, b) => b.t - a.t)
    .map(({ d }) => d);
}

/** Newest first by parsed time: the dated list with the string-dated records merged in. */
function mergeNewestFirst(dated: RawAuditDoc[], strings: RawAuditDoc[]): RawAuditDoc[] {
  if (strings.length === 0) return dated;
  return [...dated, ...strings]
    .map((d, i) => ({ d, i, t: storedTime(d.timestamp) ?? -Infinity }))
    .sort((a, b) => b.t - a.t || a.i - b.i)
    .map(({ d }) => d);
}

/** Newest first, at most `limit` (one more is read to tell whether there are more). */
export async function listAuditEvents(ds: DataSource, query: ListAuditQuery): Promise<ListAuditResult> {
  validateAuditFilter(query);
  const limit = query.limit;
  const dated = await ds.run('list audit events', () => listCursor(ds, query, limit === undefined ? undefined : limit + 1).toArray());
  const docs = mergeNewestFirst(dated, await stringDatedRecords(ds, query));
  const truncated = limit !== undefined && docs.length > limit;
  return { events: (truncated ? docs.slice(0, limit) : docs).map(normalizeAuditRecord), limit: limit ?? null, truncated };
}

/** Every matching record, newest first, as a stream (for --all); string-dated records are merged in by time. */
export async function* streamAuditEvents(ds: DataSource, query: AuditFilter): AsyncGenerator<AuditRecord> {
  validateAuditFilter(query);
  const strings = await stringDatedRecords(ds, query);
  const cursor = listCursor(ds, query).batchSize(1000);
  let next = 0;
  try {
    for await (const doc of cursor) {
      const t = storedTime(doc.timestamp) ?? -Infinity;
      while (next < strings.length && storedTime(strings[next]!.timestamp)! > t) yield normalizeAuditRecord(strings[next++]!);
      yield normalizeAuditRecord(doc);
    }
    while (next < strings.length) yield normalizeAuditRecord(strings[next++]!);
  } catch (err) {
    throw ds.wrapError(err, 'list audit events');
  } finally {
    await cursor.close().catch(() => undefined);
  }
}

/** The server's plan for the list query (`--explain`). */
export async function explainAuditList(ds: DataSource, query: ListAuditQuery): Promise<{ plan: AuditQueryPlan; explain: Document }> {
  validateAuditFilter(query);
  const plan = auditQueryPlan(query);
  const explain = await ds.run('explain audit query', () => listCursor(ds, query, query.limit).explain('queryPlanner'));
  return { plan, explain };
}

/** "key=value, key=value" from details, for one table cell. */
export function summarizeDetails(details: Record<string, unknown> | null, max = 80): string {
  if (!details) return '';
  const parts: string[] = [];
  for (const [k, v] of Object.entries(details)) {
    const text = typeof v === 'string' ? v : v instanceof Date ? v.toISOString() : safeJson(v);
    parts.push(`${k}=${text}`);
    if (parts.join(', ').length > max) break;
  }
  const line = parts.join(', ');
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? Number(x) : x)) ?? String(v);
  } catch {
    return String(v);
  }
}

// ---- summaries --------------------------------------------------------------

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

/** Every UTC day from `since` to `until` (exclusive), with zeros where nothing happened. */
function daySeries(counts: Map<string, number>, since: Date, until: Date): DayCount[] {
  const out: DayCount[] = [];
  const start = Date.UTC(since.getUTCFullYear(), since.getUTCMonth(), since.getUTCDate());
  for (let t = start; t < until.getTime(); t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    out.push({ day, count: counts.get(day) ?? 0 });
  }
  return out;
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
  const cursor = ds.audit.find(query, ds.opts({ atLeastMs: SCAN_MAX_TIME_MS })).sort(plan.sort).project<NarrowDoc>({ ...projection, timestamp: 1 }).batchSize(2000);
  try {
    for await (const doc of cursor) {
      if (typeof doc.timestamp === 'string' && !inTimeRange(doc.timestamp, filter.since, filter.until)) continue;
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

export async function summarizeWorkflowAudit(ds: DataSource, workflowId: string, days: number, now: Date = new Date()): Promise<WorkflowAuditSummary> {
  const since = new Date(now.getTime() - days * 86_400_000);
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
      perDay: daySeries(perDay, since, now),
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
  timeline: Array<{ id: string; timestamp: Date | null; eventType: string; workflowId: string | null; ipAddress: string | null; summary: string }>;
  timelineTruncated: boolean;
  byEventType: CountRow[];
  workflows: CountRow[];
  ipAddresses: CountRow[];
  userAgents: CountRow[];
}

export async function userActivity(ds: DataSource, userId: string, days: number, timelineLimit = 50, now: Date = new Date()): Promise<UserActivity> {
  const since = new Date(now.getTime() - days * 86_400_000);
  return ds.run('read user activity', async () => {
    const byType = new Counter();
    const workflows = new Counter();
    const ips = new Counter();
    const agents = new Counter();
    const timeline: UserActivity['timeline'] = [];
    let total = 0;
    await scanWindow(
      ds,
      { userId, since, until: now },
      { _id: 1, event_type: 1, workflow_id: 1, ip_address: 1, user_agent: 1, details: 1 },
      (d, ts) => {
        total++;
        const eventType = toStringOrNull(d.event_type);
        byType.add(eventType);
        workflows.add(toStringOrNull(d.workflow_id));
        ips.add(toStringOrNull(d.ip_address));
        agents.add(toStringOrNull(d.user_agent));
        if (timeline.length < timelineLimit) {
          timeline.push({
            id: toStringOrNull(d._id) ?? '',
            timestamp: ts,
            eventType: eventType ?? '',
            workflowId: toStringOrNull(d.workflow_id),
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

export async function auditStats(ds: DataSource, days: number, top = 10, now: Date = new Date()): Promise<AuditStats> {
  const since = new Date(now.getTime() - days * 86_400_000);
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
      perDay: daySeries(perDay, since, now),
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

/**
 * The workflow id an audit filter uses: a live workflow by id or unique name,
 * else the reference itself, as the id of a workflow that may since have been
 * deleted (its trail outlives it). An ambiguous name is still an error.
 */
export async function resolveAuditWorkflowId(ds: DataSource, ref: string): Promise<{ id: string; exists: boolean }> {
  try {
    return { id: (await resolveWorkflow(ds, ref)).id, exists: true };
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return { id: ref, exists: false };
    throw err;
  }
}

/** True when any audit record names this workflow id. */
export async function hasAuditRecords(ds: DataSource, workflowId: string): Promise<boolean> {
  const doc = await ds.run('find audit records', () => ds.audit.findOne({ workflow_id: { $eq: workflowId } }, { ...ds.opts(), projection: { _id: 1 } }));
  return doc !== null;
}

/** A query or plan document, for commands that print what the server was asked (--explain). */
export type AuditDocument = Document;
