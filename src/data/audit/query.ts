/**
 * workflow_audit_logs: the newest-first list (--limit, or --all streamed), its
 * query plan (--explain), and a record as commands show it. Every query
 * filters and sorts on a prefix of a recommended index (filter.ts names it).
 */
import type { Document } from 'mongodb';
import { SCAN_MAX_TIME_MS, type DataSource } from '../core/connection.js';
import { isPlainObject, toDate, toStringOrNull } from '../core/normalize.js';
import { inRange, storedTime } from '../core/window.js';
import type { RawAuditDoc } from '../core/types.js';
import { auditQueryPlan, validateAuditFilter, type AuditFilter, type AuditQueryPlan } from './filter.js';

/** A record as commands show it; unknown top-level fields are kept in `extra`. */
export interface AuditRecord {
  id: string;
  timestamp: Date | null;
  eventType: string;
  workflowId: string | null;
  userId: string | null;
  /** wfctl's authenticated_user: the database user the writing connection authenticated as (userId is the declared one) */
  authenticatedUser: string | null;
  ipAddress: string | null;
  userAgent: string | null;
  details: Record<string, unknown> | null;
  metadata: Record<string, unknown> | null;
}

const KNOWN_FIELDS = new Set([
  '_id',
  'timestamp',
  'event_type',
  'workflow_id',
  'user_id',
  'ip_address',
  'user_agent',
  'details',
  'metadata',
]);

const LIST_PROJECTION = {
  _id: 1,
  timestamp: 1,
  event_type: 1,
  workflow_id: 1,
  user_id: 1,
  authenticated_user: 1,
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
    authenticatedUser: toStringOrNull(doc.authenticated_user),
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
  const cursor = ds.audit
    .find(plan.filter, limit === undefined ? ds.opts({ atLeastMs: SCAN_MAX_TIME_MS }) : ds.opts())
    .sort(plan.sort)
    .project<RawAuditDoc>(LIST_PROJECTION);
  if (limit !== undefined) cursor.limit(limit);
  return cursor;
}

/** The records with a legacy string timestamp inside the filter's bounds, newest first (few: read whole). */
async function stringDatedRecords(ds: DataSource, query: AuditFilter): Promise<RawAuditDoc[]> {
  const plan = auditQueryPlan(query);
  if (!plan.strings) return [];
  const docs = await ds.run('list string-dated audit events', () =>
    ds.audit
      .find(plan.strings!, ds.opts({ atLeastMs: SCAN_MAX_TIME_MS }))
      .project<RawAuditDoc>(LIST_PROJECTION)
      .toArray(),
  );
  return docs
    .filter((d) => inRange(storedTime(d.timestamp), { from: query.since, to: query.until }))
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
  // the two queries side by side: the wait is the longer one's
  const [dated, strings] = await Promise.all([
    ds.run('list audit events', () => listCursor(ds, query, limit === undefined ? undefined : limit + 1).toArray()),
    stringDatedRecords(ds, query),
  ]);
  const docs = mergeNewestFirst(dated, strings);
  const truncated = limit !== undefined && docs.length > limit;
  return {
    events: (truncated ? docs.slice(0, limit) : docs).map(normalizeAuditRecord),
    limit: limit ?? null,
    truncated,
  };
}

/** Every matching record, newest first, as a stream (for --all); string-dated records are merged in by time. */
export async function* streamAuditEvents(ds: DataSource, query: AuditFilter): AsyncGenerator<AuditRecord> {
  validateAuditFilter(query);
  const cursor = listCursor(ds, query).batchSize(1000);
  let next = 0;
  try {
    // the stream's first batch is asked for while the string-dated records are read
    const [strings] = await Promise.all([stringDatedRecords(ds, query), cursor.hasNext()]);
    for await (const doc of cursor) {
      const t = storedTime(doc.timestamp) ?? -Infinity;
      while (next < strings.length && storedTime(strings[next]!.timestamp)! > t)
        yield normalizeAuditRecord(strings[next++]!);
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
export async function explainAuditList(
  ds: DataSource,
  query: ListAuditQuery,
): Promise<{ plan: AuditQueryPlan; explain: Document }> {
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

/** True when any audit record names this workflow id. */
export async function hasAuditRecords(ds: DataSource, workflowId: string): Promise<boolean> {
  const doc = await ds.run('find audit records', () =>
    ds.audit.findOne({ workflow_id: { $eq: workflowId } }, { ...ds.opts(), projection: { _id: 1 } }),
  );
  return doc !== null;
}

/** A query or plan document, for commands that print what the server was asked (--explain). */
export type AuditDocument = Document;
