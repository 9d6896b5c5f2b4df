/**
 * Legal holds (wfctl's own collection `wfctl_legal_holds`): a hold keeps the
 * audit records it covers from being deleted (archive) or rewritten (erasure)
 * until it is released. A hold covers the records that match every condition
 * it names: a workflow, a user, a time range (since inclusive, until
 * exclusive). Adding and releasing are single-document writes (an insert, an
 * update conditioned on `released_at: null`), each recorded in the audit trail
 * (`legal_hold_added`, `legal_hold_released`) under an _id fixed in advance,
 * so a retried insert never records one twice.
 */
import { ObjectId, type Document, type Filter } from 'mongodb';
import { UsageError } from '../../errors.js';
import type { DataSource } from '../core/connection.js';
import { isDuplicateKey } from '../core/retry.js';
import type { Actor, RawAuditDoc } from '../core/types.js';
import { storedTime } from '../core/window.js';
import { eventMetadata } from '../core/identity.js';

export const HOLDS_COLLECTION = 'wfctl_legal_holds';

/** What a hold covers: every condition given must match (null: any). */
export interface HoldScope {
  workflowId: string | null;
  userId: string | null;
  /** inclusive */
  since: Date | null;
  /** exclusive */
  until: Date | null;
}

export interface LegalHold {
  /** short, stable id, printed and typed by people: `hold-` and 8 hex characters */
  id: string;
  scope: HoldScope;
  reason: string;
  createdBy: string;
  createdAt: Date;
  releasedAt: Date | null;
  releasedBy: string | null;
  releaseReason: string | null;
}

interface StoredHold {
  _id: string;
  workflow_id: string | null;
  user_id: string | null;
  since: Date | null;
  until: Date | null;
  reason: string;
  created_by: string;
  created_at: Date;
  host: string;
  released_at: Date | null;
  released_by: string | null;
  release_reason: string | null;
}

function fromStored(d: StoredHold): LegalHold {
  return {
    id: d._id,
    scope: {
      workflowId: d.workflow_id ?? null,
      userId: d.user_id ?? null,
      since: d.since ?? null,
      until: d.until ?? null,
    },
    reason: d.reason,
    createdBy: d.created_by,
    createdAt: d.created_at,
    releasedAt: d.released_at ?? null,
    releasedBy: d.released_by ?? null,
    releaseReason: d.release_reason ?? null,
  };
}

function holds(ds: DataSource) {
  return ds.collection<StoredHold>(HOLDS_COLLECTION);
}

/** The holds in force (not released), oldest first. */
export async function activeHolds(ds: DataSource): Promise<LegalHold[]> {
  const docs = await ds.run('read the legal holds', () =>
    holds(ds).find({ released_at: null }, ds.opts()).sort({ created_at: 1, _id: 1 }).toArray(),
  );
  return docs.map(fromStored);
}

/** Every hold, released ones too, oldest first. */
export async function listHolds(ds: DataSource, options: { all?: boolean } = {}): Promise<LegalHold[]> {
  const docs = await ds.run('read the legal holds', () =>
    holds(ds)
      .find(options.all === false ? { released_at: null } : {}, ds.opts())
      .sort({ created_at: 1, _id: 1 })
      .toArray(),
  );
  return docs.map(fromStored);
}

/** One hold's condition as a query on workflow_audit_logs (records with a string timestamp: see heldFilter). */
function holdClause(h: LegalHold): Document {
  const c: Document = {};
  if (h.scope.workflowId !== null) c.workflow_id = { $eq: h.scope.workflowId };
  if (h.scope.userId !== null) c.user_id = { $eq: h.scope.userId };
  if (h.scope.since || h.scope.until) {
    const dated: Document = {};
    if (h.scope.since) dated.$gte = h.scope.since;
    if (h.scope.until) dated.$lt = h.scope.until;
    // a legacy ISO-string timestamp cannot be compared on the server: such records are taken as held
    // (kept) when the other conditions match; `isHeld` decides them exactly by their parsed time
    c.$or = [{ timestamp: dated }, { timestamp: { $type: 'string' } }];
  }
  return c;
}

/**
 * The records the holds cover, as a filter (null when there are no holds): add `$nor: [filter]` to a
 * delete so that it never removes a held record, whatever was decided before it.
 */
export function heldFilter(list: readonly LegalHold[]): Filter<RawAuditDoc> | null {
  const active = list.filter((h) => h.releasedAt === null);
  if (active.length === 0) return null;
  return { $or: active.map(holdClause) } as Filter<RawAuditDoc>;
}

/** The holds in force that cover this record (empty: not held). */
export function holdsOf(
  doc: { workflow_id?: unknown; user_id?: unknown; timestamp?: unknown },
  list: readonly LegalHold[],
): LegalHold[] {
  return list.filter((h) => {
    if (h.releasedAt !== null) return false;
    if (h.scope.workflowId !== null && doc.workflow_id !== h.scope.workflowId) return false;
    if (h.scope.userId !== null && doc.user_id !== h.scope.userId) return false;
    if (h.scope.since || h.scope.until) {
      const t = storedTime(doc.timestamp);
      if (t === null) return false;
      if (h.scope.since && t < h.scope.since.getTime()) return false;
      if (h.scope.until && t >= h.scope.until.getTime()) return false;
    }
    return true;
  });
}

export function isHeld(
  doc: { workflow_id?: unknown; user_id?: unknown; timestamp?: unknown },
  list: readonly LegalHold[],
): boolean {
  return holdsOf(doc, list).length > 0;
}

export interface AddHoldInput {
  scope: HoldScope;
  reason: string;
  actor: Actor;
  /** the authenticated database user, recorded beside the declared one */
  authenticatedUser?: string | null;
}

function validateScope(scope: HoldScope, reason: string): void {
  if (scope.workflowId === null && scope.userId === null && !scope.since && !scope.until)
    throw new UsageError('a hold needs at least one of --workflow, --user, --since or --until', {
      hint: 'e.g. wfctl audit hold add --workflow wf-invoices --reason "case 2026-17"',
    });
  if (scope.since && scope.until && scope.since.getTime() >= scope.until.getTime())
    throw new UsageError('--since must be before --until: the hold would cover nothing');
  if (reason.trim() === '') throw new UsageError('a hold needs --reason: say why the records must be kept');
}

function holdEvent(
  type: 'legal_hold_added' | 'legal_hold_released',
  h: LegalHold,
  actor: Actor,
  authenticatedUser: string | null | undefined,
  timestamp: Date,
  reason: string,
): RawAuditDoc & { _id: ObjectId } {
  return {
    _id: new ObjectId(),
    event_type: type,
    workflow_id: h.scope.workflowId,
    user_id: actor.user,
    details: {
      hold_id: h.id,
      scope: {
        workflow_id: h.scope.workflowId,
        user_id: h.scope.userId,
        since: h.scope.since?.toISOString() ?? null,
        until: h.scope.until?.toISOString() ?? null,
      },
      reason,
    },
    metadata: eventMetadata(actor, authenticatedUser),
    timestamp,
    ip_address: null,
    user_agent: actor.userAgent,
  } as RawAuditDoc & { _id: ObjectId };
}

async function insertEvent(ds: DataSource, doc: RawAuditDoc & { _id: ObjectId }): Promise<void> {
  await ds.run('record the legal hold in the audit trail', async () => {
    try {
      await ds.audit.insertOne(doc);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  });
}

/** Places a hold (one insert) and records `legal_hold_added`. */
export async function addHold(ds: DataSource, input: AddHoldInput): Promise<LegalHold> {
  validateScope(input.scope, input.reason);
  const now = new Date();
  const stored: StoredHold = {
    _id: `hold-${new ObjectId().toHexString().slice(-8)}`,
    workflow_id: input.scope.workflowId,
    user_id: input.scope.userId,
    since: input.scope.since,
    until: input.scope.until,
    reason: input.reason,
    created_by: input.actor.user,
    created_at: now,
    host: input.actor.host,
    released_at: null,
    released_by: null,
    release_reason: null,
    ...(input.authenticatedUser ? { authenticated_user: input.authenticatedUser } : {}),
  };
  await ds.run('place the legal hold', async (attempt) => {
    try {
      await holds(ds).insertOne(stored);
    } catch (err) {
      // a retried insert that had landed
      if (!(attempt > 1 && isDuplicateKey(err))) throw err;
    }
  });
  const hold = fromStored(stored);
  await insertEvent(ds, holdEvent('legal_hold_added', hold, input.actor, input.authenticatedUser, now, input.reason));
  return hold;
}

export class HoldNotFoundError extends UsageError {}

/**
 * Releases a hold (one update conditioned on it being in force) and records `legal_hold_released`.
 * An unknown id is bad input (exit 2); a hold released already is said so, nothing written.
 */
export async function releaseHold(
  ds: DataSource,
  input: { id: string; reason: string; actor: Actor; authenticatedUser?: string | null },
): Promise<{ hold: LegalHold; released: boolean }> {
  if (input.reason.trim() === '') throw new UsageError('a release needs --reason: say why the hold ends');
  const found = await ds.run('read the legal hold', () => holds(ds).findOne({ _id: { $eq: input.id } }, ds.opts()));
  if (!found)
    throw new HoldNotFoundError(`no legal hold ${JSON.stringify(input.id)}`, {
      hint: 'wfctl audit hold list shows the holds and their ids',
    });
  if (found.released_at) return { hold: fromStored(found), released: false };
  const now = new Date();
  const res = await ds.run('release the legal hold', () =>
    holds(ds).updateOne(
      { _id: { $eq: input.id }, released_at: null },
      { $set: { released_at: now, released_by: input.actor.user, release_reason: input.reason } },
      ds.opts(),
    ),
  );
  const after = await ds.run('read the legal hold', () => holds(ds).findOne({ _id: { $eq: input.id } }, ds.opts()));
  const hold = fromStored(after ?? found);
  if (res.modifiedCount === 0) return { hold, released: false };
  await insertEvent(
    ds,
    holdEvent('legal_hold_released', hold, input.actor, input.authenticatedUser, now, input.reason),
  );
  return { hold, released: true };
}
