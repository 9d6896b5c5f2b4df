/**
 * `audit erase --subject USER`: the subject's identifying values, wherever subject.ts says the
 * collections name the user, replaced by their keyed pseudonyms (pseudonym.ts), so that the trail
 * keeps its shape: counts per user still add up, one person's records still group together, and
 * the files exported before stay verifiable (they are unchanged; `audit verify --reconcile` reports
 * their records as erased, erased-records.ts).
 *
 * Two passes over the subject's records (index-backed: {user_id, timestamp} for the audit trail):
 * the first gathers the identifying values (the user id; the addresses, agents and hosts of the
 * records the subject made) and decides the legal holds before anything is written; the second
 * rewrites each record with one single-document update (batched in bulk writes, addressed by
 * `_id` and by the values of the fields it replaces as they were read), so a run killed at any
 * point is finished by the next, which finds only the records not yet rewritten (a pseudonym is
 * recognisable and never hashed again). A record that another client changed (or deleted) between
 * the read and the write is not matched, so not overwritten: the run counts those, finishes the
 * rest, and fails with ErasureRaceError, which asks for a rerun (the rerun reads them afresh).
 * Last, the `audit_erased` event names the pseudonym, never the subject.
 */
import { ObjectId, type AnyBulkWriteOperation, type Document } from 'mongodb';
import { RuntimeError, UsageError } from '../../../errors.js';
import { indexBacked } from '../../core/capabilities.js';
import type { DataSource } from '../../core/connection.js';
import type { Actor, RawAuditDoc } from '../../core/types.js';
import { EXPORT_MAX_TIME_MS } from '../export/plan.js';
import { heldRecordsError, holdCovers, holdFactsOf, type ActiveHold, type ActiveHoldSource } from './holds-gate.js';
import { isPseudonym, pseudonymizeDeep, pseudonymOf, type PseudonymKey } from './pseudonym.js';
import { subjectRecords, type SubjectCollectionKey, type SubjectRecord } from './subject.js';
import { validateSubject } from './subject-export.js';

export const AUDIT_ERASED = 'audit_erased';

export interface EraseOptions {
  subject: string;
  reason: string;
  key: PseudonymKey;
  actor: Actor;
  dryRun?: boolean;
  /** erase records under a legal hold too */
  overrideHold?: boolean;
  /** the active legal holds; none when not given */
  holds?: ActiveHoldSource;
  batchSize?: number;
  onProgress?: (done: number) => void;
  /** called with each batch's records after they were read and before they are rewritten (tests race a writer here) */
  beforeWrite?: (records: readonly SubjectRecord[]) => Promise<void>;
}

/**
 * Some records changed (or went) between the erasure's read and its write, and were left as they
 * were: exit 1. Everything else was erased and the event recorded; a rerun finishes the job.
 */
export class ErasureRaceError extends RuntimeError {
  constructor(
    readonly raced: number,
    readonly result: EraseResult,
  ) {
    super(
      `${raced} record${raced === 1 ? '' : 's'} naming the subject changed while the erasure ran and ${raced === 1 ? 'was' : 'were'} left as ${raced === 1 ? 'it was' : 'they were'}; rerun the same audit erase to finish (${result.total} erased now)`,
    );
  }
}

export type RecordCounts = Record<SubjectCollectionKey, number>;

export interface EraseResult {
  /** the pseudonym of the subject's user id (the event names it; `audit hash` gives it) */
  pseudonym: string;
  dryRun: boolean;
  /** records rewritten (or, in a dry run, that would be), per collection */
  records: RecordCounts;
  total: number;
  /** distinct identifying values replaced: the user id, addresses, agents, hosts */
  values: { userIds: number; ipAddresses: number; userAgents: number; hosts: number };
  /** records under legal hold that --override-hold let the run erase */
  heldOverridden: number;
  /** the audit_erased event recorded (null in a dry run, or when an earlier run recorded it and nothing was left) */
  eventId: string | null;
  /** an earlier run already recorded its event: this run found (and finished) what it left */
  earlierEvent: boolean;
}

/** The identifying values of the subject, by kind. */
interface IdentifyingValues {
  all: Set<string>;
  ipAddresses: Set<string>;
  userAgents: Set<string>;
  hosts: Set<string>;
}

export async function eraseSubject(ds: DataSource, o: EraseOptions): Promise<EraseResult> {
  validateSubject(o.subject);
  if (isPseudonym(o.subject))
    throw new UsageError('the subject is already a pseudonym (hmac-sha256:...): there is nothing to erase');
  if (o.reason.trim() === '') throw new UsageError('--reason is empty: say why the subject is erased');
  const pseudonym = pseudonymOf(o.key, o.subject);
  const values = await gather(ds, o);
  const counts: RecordCounts = { workflows: 0, versions: 0, audit: 0, attempts: 0, executions: 0, holds: 0 };
  let done = 0;
  let raced = 0;
  const commandSizes = new Map<string, number>();
  for await (const batch of subjectRecords(ds, o.subject, readOptions(o))) {
    const ops: AnyBulkWriteOperation<Document>[] = [];
    for (const r of batch) {
      const op = rewrite(r, o.subject, values, o.key);
      if (op) ops.push(op);
    }
    if (ops.length === 0) continue;
    const key = batch[0]!.location.key;
    if (o.dryRun) counts[key] += ops.length;
    else {
      await o.beforeWrite?.(batch);
      const collection = batch[0]!.location.collection;
      const size = await writeCommandSize(ds, collection, guardOf(ops[0]!), commandSizes);
      const written = await writeBatch(ds, collection, ops, size);
      counts[key] += written;
      raced += ops.length - written;
    }
    done += ops.length;
    o.onProgress?.(done);
  }
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const result: EraseResult = {
    pseudonym,
    dryRun: o.dryRun === true,
    records: counts,
    total,
    values: {
      userIds: 1,
      ipAddresses: values.ipAddresses.size,
      userAgents: values.userAgents.size,
      hosts: values.hosts.size,
    },
    heldOverridden: values.heldOverridden,
    eventId: null,
    earlierEvent: false,
  };
  if (o.dryRun) return result;
  const earlier = await ds.run('look for an earlier erasure of the subject', () =>
    ds.audit.findOne(
      { event_type: AUDIT_ERASED, 'details.subject': { $eq: pseudonym } },
      { ...ds.opts(), projection: { _id: 1 } },
    ),
  );
  result.earlierEvent = earlier !== null;
  // a rerun that found nothing left after a complete earlier run records nothing more
  if (earlier && total === 0) return result;
  result.eventId = await recordErasedEvent(ds, o, result);
  if (raced > 0) throw new ErasureRaceError(raced, result);
  return result;
}

/**
 * Guarded updates per write command where the server's plan for one scans the collection
 * (FerretDB 1.24: the guard's conditions are not pushed down), so that no command outlasts the
 * reply wait: there each scan slows as records are rewritten (on the demo's 7,745 records the 179
 * updates of one subject took 1.3 s for the first 25 and 7.4 s for the last 25), and the 500 of a
 * read batch in one command outlasted the 65 s wait, leaving the server busy with them. Where the
 * plan reads the `_id` index (MongoDB, FerretDB 2) a read batch is one command.
 */
export const ERASE_SCAN_WRITE_BATCH = 25;

function guardOf(op: AnyBulkWriteOperation<Document>): Document {
  return 'updateOne' in op ? (op.updateOne.filter as Document) : {};
}

/** Updates per write command on this collection, from the server's plan for the first one (cached per collection). */
async function writeCommandSize(
  ds: DataSource,
  collection: string,
  filter: Document,
  known: Map<string, number>,
): Promise<number> {
  const size = known.get(collection);
  if (size !== undefined) return size;
  const plan = await ds
    .run('ask the server how it finds a record to rewrite', () =>
      ds
        .collection(collection)
        .find(filter as never, ds.opts())
        .explain('queryPlanner'),
    )
    .catch(() => null);
  const decided = plan && indexBacked(plan) ? Number.MAX_SAFE_INTEGER : ERASE_SCAN_WRITE_BATCH;
  known.set(collection, decided);
  return decided;
}

/**
 * One batch of guarded updates, in commands of `size`; the records it rewrote. A try that failed
 * (a write conflict) may have rewritten some: they count, and the next try does not match them
 * again, so the ones that no try matched are exactly those changed by someone else since they were
 * read.
 */
async function writeBatch(
  ds: DataSource,
  collection: string,
  ops: AnyBulkWriteOperation<Document>[],
  size: number,
): Promise<number> {
  let written = 0;
  for (let i = 0; i < ops.length; i += size) {
    const part = ops.slice(i, i + size);
    const res = await ds.run(`pseudonymise the subject's records in ${collection}`, async () => {
      try {
        return await ds.collection(collection).bulkWrite(part, { ordered: false, ...ds.opts() });
      } catch (err) {
        written += (err as { result?: { modifiedCount?: number } }).result?.modifiedCount ?? 0;
        throw err;
      }
    });
    written += res.modifiedCount;
  }
  return written;
}

function readOptions(o: EraseOptions): { maxTimeMs: number; batchSize?: number } {
  return { maxTimeMs: EXPORT_MAX_TIME_MS, ...(o.batchSize ? { batchSize: o.batchSize } : {}) };
}

/**
 * Pass 1: the subject's identifying values (from the records the subject made) and the legal holds
 * over any of the subject's records, decided before anything is written.
 */
async function gather(ds: DataSource, o: EraseOptions): Promise<IdentifyingValues & { heldOverridden: number }> {
  const v: IdentifyingValues = {
    all: new Set([o.subject]),
    ipAddresses: new Set(),
    userAgents: new Set(),
    hosts: new Set(),
  };
  const add = (set: Set<string>, value: unknown) => {
    if (typeof value !== 'string' || value === '' || isPseudonym(value)) return;
    set.add(value);
    v.all.add(value);
  };
  const holds: ActiveHold[] = o.holds ? await o.holds(ds) : [];
  const held = new Map<string, { hold: ActiveHold; records: number }>();
  let heldRecords = 0;
  for await (const batch of subjectRecords(ds, o.subject, readOptions(o))) {
    for (const r of batch) {
      if (holds.length > 0 && r.location.key !== 'holds') {
        const facts = holdFactsOf(r.doc, r.location.collection);
        let isHeld = false;
        for (const h of holds) {
          if (!holdCovers(h, facts)) continue;
          isHeld = true;
          const entry = held.get(h.id) ?? { hold: h, records: 0 };
          entry.records++;
          held.set(h.id, entry);
        }
        if (isHeld) heldRecords++;
      }
      if (r.role !== 'actor') continue;
      const d = r.doc;
      const meta = (d.metadata ?? {}) as Record<string, unknown>;
      add(v.ipAddresses, d.ip_address);
      add(v.ipAddresses, meta.ip_address);
      add(v.userAgents, d.user_agent);
      add(v.userAgents, meta.user_agent);
      add(v.hosts, meta.host);
      add(v.hosts, d.host);
    }
  }
  if (held.size > 0 && !o.overrideHold) throw heldRecordsError(held);
  return { ...v, heldOverridden: heldRecords };
}

/**
 * Pass 2, one record: the update that replaces its identifying values (all of the subject's in a
 * record the subject made; the user id only in one that names the subject), addressed by its
 * _id; null when nothing is left to replace (done by an earlier run).
 */
function rewrite(
  r: SubjectRecord,
  subject: string,
  values: IdentifyingValues,
  key: PseudonymKey,
): AnyBulkWriteOperation<Document> | null {
  const which = r.role === 'actor' ? values.all : new Set([subject]);
  const set: Document = {};
  const counter = { changed: 0 };
  for (const [field, value] of Object.entries(r.doc)) {
    if (field === '_id') continue;
    const next = pseudonymizeDeep(value, which, key, counter);
    if (next !== value) set[field] = next;
  }
  if (counter.changed === 0) return null;
  // by _id and the replaced fields' values as read: a record changed in between is not matched, so
  // never overwritten with what was computed from its old values (the run counts it; a rerun redoes it)
  const filter: Document = { _id: r.doc._id };
  for (const field of Object.keys(set)) filter[field] = { $eq: r.doc[field] as unknown };
  return { updateOne: { filter, update: { $set: set } } };
}

/** The audit_erased event: the pseudonym, never the subject (not even in the reason, nor as the actor). */
async function recordErasedEvent(ds: DataSource, o: EraseOptions, r: EraseResult): Promise<string> {
  const id = new ObjectId();
  const hide = (text: string) => text.split(o.subject).join(r.pseudonym);
  const doc: RawAuditDoc = {
    _id: id,
    event_type: AUDIT_ERASED,
    workflow_id: null,
    user_id: o.actor.user === o.subject ? r.pseudonym : o.actor.user,
    details: {
      subject: r.pseudonym,
      reason: hide(o.reason),
      records: r.records,
      values: r.values,
      held_overridden: r.heldOverridden,
      ...(r.earlierEvent ? { completes_earlier_run: true } : {}),
    },
    metadata: { host: o.actor.user === o.subject ? null : o.actor.host, tool: o.actor.userAgent },
    timestamp: new Date(),
    ip_address: null,
    user_agent: o.actor.userAgent,
  };
  await ds.run('record the erasure in the audit trail', () => ds.audit.insertOne(doc));
  return id.toHexString();
}
