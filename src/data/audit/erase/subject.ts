/**
 * Where the backend's documents (and wfctl's) name a user: the one list that the subject export
 * (`audit subject`) and the erasure (`audit erase`) both read, so that what a person is handed is
 * exactly what an erasure pseudonymises.
 *
 * - workflow_audit_logs: the actor, `user_id` (the records of the subject, on the {user_id,
 *   timestamp} index); and wfctl's own events (every type the backend does not write: an export
 *   filtered on the user, a hold on the user) that name the user anywhere in `details` or
 *   `metadata`, found on the {event_type, timestamp} index and checked in Node;
 * - workflow_versions: `changed_by`, and the saved workflow's `created_by` and
 *   `rollback_info.rolled_back_by` (the {changed_by} index serves the first);
 * - custom_workflows: `created_by`, `rollback_info.rolled_back_by`;
 * - workflow_execution_logs: the tolerated flat shape's `triggered_by`, and a run's
 *   `execution.context.user_id` / `triggered_by`.
 * - wfctl_legal_holds: a legal hold on the user (`user_id`), released or not.
 * workflow_action_attempts carry no user.
 *
 * A record of the subject (`actor`: the user acted) has all of the subject's identifying values
 * pseudonymised (user id, addresses, agents, host, wherever they appear in it); a record that only
 * names the subject (`mention`) has the user id pseudonymised, and other people's values kept.
 */
import { BSON, type Document, type Filter } from 'mongodb';
import type { DataSource } from '../../core/connection.js';
import type { RawBatchCursor } from '../../core/raw-cursor.js';
import { BACKEND_EVENT_TYPES, COLLECTIONS, type CollectionKey } from '../../core/types.js';
import { HOLDS_COLLECTION } from '../holds.js';
import { mentionsAny } from './pseudonym.js';

export type SubjectRole = 'actor' | 'mention';

/** The collections of subject.ts: the backend's, and wfctl's legal holds. */
export type SubjectCollectionKey = CollectionKey | 'holds';

export interface SubjectLocation {
  key: SubjectCollectionKey;
  collection: string;
  /** the query of the collection's records that (may) name the subject */
  filter(subject: string): Filter<Document>;
  /** the order of the records (the audit records of the subject: their index's) */
  sort: Record<string, 1 | -1>;
  /** the record's role, or null when a candidate does not name the subject after all */
  role(doc: Document, subject: string): SubjectRole | null;
}

const eq = (v: string) => ({ $eq: v });

export const SUBJECT_LOCATIONS: readonly SubjectLocation[] = [
  {
    key: 'audit',
    collection: COLLECTIONS.audit,
    filter: (u) => ({ user_id: eq(u) }),
    sort: { user_id: 1, timestamp: 1 },
    role: (d, u) => (d.user_id === u ? 'actor' : null),
  },
  {
    key: 'audit',
    collection: COLLECTIONS.audit,
    // wfctl's own events (few): on the event_type index; the name is looked for in Node
    filter: (u) => ({ event_type: { $nin: [...BACKEND_EVENT_TYPES] }, user_id: { $ne: u } }),
    sort: { _id: 1 },
    role: (d, u) => (mentionsAny(d.details, new Set([u])) || mentionsAny(d.metadata, new Set([u])) ? 'mention' : null),
  },
  {
    key: 'versions',
    collection: COLLECTIONS.versions,
    filter: (u) => ({
      $or: [
        { changed_by: eq(u) },
        { 'workflow_data.created_by': eq(u) },
        { 'workflow_data.rollback_info.rolled_back_by': eq(u) },
      ],
    }),
    role: (d, u) => (d.changed_by === u ? 'actor' : 'mention'),
    sort: { _id: 1 },
  },
  {
    key: 'workflows',
    collection: COLLECTIONS.workflows,
    filter: (u) => ({ $or: [{ created_by: eq(u) }, { 'rollback_info.rolled_back_by': eq(u) }] }),
    sort: { _id: 1 },
    role: () => 'mention',
  },
  {
    key: 'executions',
    collection: COLLECTIONS.executions,
    filter: (u) => ({
      $or: [
        { triggered_by: eq(u) },
        { 'execution.context.user_id': eq(u) },
        { 'execution.context.triggered_by': eq(u) },
      ],
    }),
    sort: { _id: 1 },
    role: () => 'mention',
  },
  {
    key: 'holds',
    collection: HOLDS_COLLECTION,
    filter: (u) => ({ user_id: eq(u) }),
    sort: { _id: 1 },
    role: () => 'mention',
  },
];

export interface SubjectRecord {
  location: SubjectLocation;
  role: SubjectRole;
  /** the stored BSON, exactly */
  bytes: Uint8Array;
  /** the document with exact types (promoteValues: false) */
  doc: Document;
}

/** Read options that keep every BSON type as stored (Int32, Double, Long, ...). */
export const EXACT_DESERIALIZE = { promoteValues: false, bsonRegExp: true } as const;

/**
 * Every record that names the subject, a batch at a time: each location in turn, in `_id` order
 * (the audit records of the subject on their index). A record found by two locations is given once.
 */
export async function* subjectRecords(
  ds: DataSource,
  subject: string,
  o: { batchSize?: number; maxTimeMs: number },
): AsyncGenerator<SubjectRecord[]> {
  for (const location of SUBJECT_LOCATIONS) {
    const cursor = ds
      .collection(location.collection)
      .find(location.filter(subject), { ...ds.opts({ atLeastMs: o.maxTimeMs }), raw: true })
      .sort(location.sort)
      .batchSize(o.batchSize ?? 500) as unknown as RawBatchCursor;
    try {
      while (await cursor.hasNext()) {
        const out: SubjectRecord[] = [];
        for (const bytes of cursor.readBufferedDocuments()) {
          const doc = BSON.deserialize(bytes, EXACT_DESERIALIZE);
          const role = location.role(doc, subject);
          if (role) out.push({ location, role, bytes, doc });
        }
        if (out.length > 0) yield out;
      }
    } catch (err) {
      throw ds.wrapError(err, `read the subject's records in ${location.collection}`);
    } finally {
      await cursor.close().catch(() => undefined);
    }
  }
}
