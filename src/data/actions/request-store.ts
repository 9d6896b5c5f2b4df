/**
 * wfctl_change_requests: a change (a rollback, a new version) that needs
 * approvals before it is applied. Every step is one single-document atomic
 * update whose filter holds the step's conditions (no transactions: FerretDB
 * 1.24 has none): an approval counts once per approver (its key in
 * `approvals` must not exist yet), only a pending, unexpired request takes
 * one, and one apply claims the request (pending -> applying) before it
 * writes.
 */
import { randomBytes } from 'node:crypto';
import type { Collection } from 'mongodb';
import type { DataSource } from '../core/connection.js';
import { NotFoundError, RuntimeError } from '../../errors.js';
import { isDuplicateKey } from '../core/retry.js';
import { quoteInput } from '../../quote.js';
import { identityKey, type RequestIdentity } from './identity.js';

export const CHANGE_REQUESTS = 'wfctl_change_requests';
export const DEFAULT_REQUEST_TTL_MS = 24 * 3_600_000;

export type RequestStatus = 'pending' | 'rejected' | 'applying' | 'applied' | 'expired' | 'stale';

/** What a request will do, as filed: the plan its hash covers. */
export interface RequestPlan {
  kind: 'rollback' | 'version';
  workflow_id: string;
  /** the version the change builds on (null: the workflow has none) */
  expected_current: number | null;
  /** rollback: the version restored */
  to: number | null;
  /** rollback: the reason; version: the message */
  reason: string;
  /** canonical Extended JSON's SHA-256 of the data the new version will hold */
  data_sha256: string;
  /** the number the new version will most likely get */
  new_version: number;
}

export interface Approval {
  id: string;
  authenticated: boolean;
  declared: string;
  host: string;
  at: Date;
  comment: string | null;
}

export interface ChangeRequestDoc {
  _id: string;
  workflow_name: string;
  plan: RequestPlan;
  plan_hash: string;
  /** version requests: the workflow data to write */
  data?: Record<string, unknown>;
  /** what the plan was decided on (a rollback's evidence), kept for the reviewers */
  evidence?: Record<string, unknown> | null;
  requester: RequestIdentity;
  required_approvals: number;
  /** by identityKey(approver id): one entry per approver, whatever the races */
  approvals: Record<string, Approval>;
  approval_count: number;
  status: RequestStatus;
  created_at: Date;
  expires_at: Date;
  updated_at: Date;
  rejection?: { by: RequestIdentity; at: Date; reason: string };
  applying?: { by: RequestIdentity; at: Date; break_glass: boolean };
  applied?: { by: RequestIdentity; at: Date; version: number | null };
  stale?: { at: Date; why: string };
}

export function requests(ds: DataSource): Collection<ChangeRequestDoc> {
  return ds.collection<ChangeRequestDoc>(CHANGE_REQUESTS);
}

/**
 * wfctl_change_marks: what must happen once is an insert under a fixed _id, which the
 * server's unique _id decides even where an update's filter and its write are not one
 * step (FerretDB 1.24 reads and then writes): `<id>/a/<approver key>`, one per approver;
 * `<id>/final`, the one step that ends a pending request (apply's claim, reject, expiry).
 */
export const CHANGE_MARKS = 'wfctl_change_marks';

interface MarkDoc {
  _id: string;
  request_id: string;
  kind: 'approval' | 'final';
  approval?: Approval;
  final?: { step: 'apply' | 'reject' | 'expire'; by: string | null; at: Date };
}

function marks(ds: DataSource): Collection<MarkDoc> {
  return ds.collection<MarkDoc>(CHANGE_MARKS);
}

async function insertMark(ds: DataSource, mark: MarkDoc): Promise<boolean> {
  return ds.run('record a change request step', async () => {
    try {
      await marks(ds).insertOne(mark);
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  });
}

/** The approvals of the requests, from their marks (the request document's own map is not the record). */
async function withApprovals(ds: DataSource, docs: ChangeRequestDoc[]): Promise<ChangeRequestDoc[]> {
  if (docs.length === 0) return docs;
  const found = await ds.run('read the approvals', () =>
    marks(ds)
      .find({ request_id: { $in: docs.map((d) => d._id) }, kind: 'approval' }, ds.opts())
      .toArray(),
  );
  for (const d of docs) {
    const mine = found.filter((m) => m.request_id === d._id && m.approval);
    mine.sort((a, b) => a.approval!.at.getTime() - b.approval!.at.getTime() || a._id.localeCompare(b._id));
    d.approvals = Object.fromEntries(mine.map((m) => [identityKey(m.approval!.id), m.approval!]));
    d.approval_count = mine.length;
  }
  return docs;
}

/** cr-3f9a0c12b4 */
export function newRequestId(): string {
  return `cr-${randomBytes(5).toString('hex')}`;
}

/** pending with enough approvals reads "approved"; pending past its expiry, "expired" */
export function shownStatus(doc: ChangeRequestDoc, now: Date): RequestStatus | 'approved' {
  if (doc.status === 'pending' && doc.expires_at.getTime() <= now.getTime()) return 'expired';
  if (doc.status === 'pending' && doc.approval_count >= doc.required_approvals) return 'approved';
  return doc.status;
}

export async function insertRequest(ds: DataSource, doc: ChangeRequestDoc): Promise<void> {
  await ds.run('file the change request', () => requests(ds).insertOne(doc));
}

export async function readRequest(ds: DataSource, id: string): Promise<ChangeRequestDoc> {
  const doc = await ds.run('read the change request', () => requests(ds).findOne({ _id: id }, ds.opts()));
  if (!doc) throw new NotFoundError(`no change request ${quoteInput(id)}`, { hint: 'wfctl requests list shows them' });
  return (await withApprovals(ds, [doc]))[0]!;
}

export interface RequestFilter {
  status?: RequestStatus;
  workflowId?: string;
  limit?: number;
}

export async function listRequests(ds: DataSource, f: RequestFilter): Promise<ChangeRequestDoc[]> {
  const q: Record<string, unknown> = {};
  if (f.status) q.status = f.status;
  if (f.workflowId) q['plan.workflow_id'] = f.workflowId;
  const docs = await ds.run('list change requests', () =>
    requests(ds)
      .find(q, ds.opts())
      .sort({ created_at: -1, _id: 1 })
      .limit(f.limit ?? 50)
      .toArray(),
  );
  return withApprovals(ds, docs);
}

/** A refusal of a step on a request: exit 1, saying what holds instead. */
export class RequestRefusedError extends RuntimeError {}

/** Why a step on `doc` cannot be taken (null: it can, as far as status and expiry go). */
export function notPendingWhy(doc: ChangeRequestDoc, now: Date): string | null {
  switch (shownStatus(doc, now)) {
    case 'expired':
      return `it expired at ${doc.expires_at.toISOString()}`;
    case 'rejected':
      return `it was rejected by ${doc.rejection?.by.id ?? 'someone'}: ${doc.rejection?.reason ?? ''}`;
    case 'applied':
      return `it was applied already${doc.applied?.version != null ? ` (version ${doc.applied.version})` : ''}`;
    case 'applying':
      return `it is being applied by ${doc.applying?.by.id ?? 'someone'} since ${doc.applying?.at.toISOString() ?? '?'}`;
    case 'stale':
      return `it is stale: ${doc.stale?.why ?? 'the workflow changed'}`;
    default:
      return null;
  }
}

/** The one step that ends a pending request: of apply, reject and expiry at once, one wins. */
async function finalStep(
  ds: DataSource,
  id: string,
  step: 'apply' | 'reject' | 'expire',
  by: string | null,
  now: Date,
): Promise<boolean> {
  return insertMark(ds, { _id: `${id}/final`, request_id: id, kind: 'final', final: { step, by, at: now } });
}

async function setStatus(ds: DataSource, id: string, set: Record<string, unknown>, unset?: string): Promise<void> {
  await ds.run('update the change request', () =>
    requests(ds).updateOne({ _id: id }, { $set: set, ...(unset ? { $unset: { [unset]: '' } } : {}) }),
  );
}

/** Marks a pending request past its expiry expired; true when this call did. */
export async function expireRequest(ds: DataSource, doc: ChangeRequestDoc, now: Date): Promise<boolean> {
  if (doc.status !== 'pending' || doc.expires_at.getTime() > now.getTime()) return false;
  if (!(await finalStep(ds, doc._id, 'expire', null, now))) return false;
  await setStatus(ds, doc._id, { status: 'expired', updated_at: now });
  return true;
}

/**
 * Adds one approval: once per approver (two at once from one approver: one counts, by
 * the mark's unique _id). The caller has checked the request is pending, unexpired and
 * not the approver's own; an approval that lands after the request was ended is taken
 * back. True when it counted.
 */
export async function addApproval(ds: DataSource, id: string, a: Approval): Promise<boolean> {
  const _id = `${id}/a/${identityKey(a.id)}`;
  if (!(await insertMark(ds, { _id, request_id: id, kind: 'approval', approval: a }))) return false;
  const ended = await ds.run('read the change request', () => marks(ds).findOne({ _id: `${id}/final` }, ds.opts()));
  if (ended) {
    await ds.run('take back a late approval', () => marks(ds).deleteOne({ _id }));
    return false;
  }
  return true;
}

export async function rejectRequest(
  ds: DataSource,
  id: string,
  by: RequestIdentity,
  reason: string,
  now: Date,
): Promise<boolean> {
  if (!(await finalStep(ds, id, 'reject', by.id, now))) return false;
  await setStatus(ds, id, { status: 'rejected', rejection: { by, at: now, reason }, updated_at: now });
  return true;
}

/** Claims an approved request for applying: of two applies at once, one gets it. */
export async function claimRequest(
  ds: DataSource,
  doc: ChangeRequestDoc,
  by: RequestIdentity,
  now: Date,
): Promise<boolean> {
  if (!(await finalStep(ds, doc._id, 'apply', by.id, now))) return false;
  await setStatus(ds, doc._id, { status: 'applying', applying: { by, at: now, break_glass: false }, updated_at: now });
  return true;
}

/** The end of an apply: applied (with the version written), stale (the workflow moved), or back to pending (a failure). */
export async function settleRequest(
  ds: DataSource,
  id: string,
  to: 'applied' | 'stale' | 'pending',
  set: Partial<Pick<ChangeRequestDoc, 'applied' | 'stale'>>,
  now: Date,
): Promise<void> {
  if (to === 'pending') {
    await setStatus(ds, id, { status: 'pending', updated_at: now }, 'applying');
    await ds.run('release the change request', () => marks(ds).deleteOne({ _id: `${id}/final` }));
    return;
  }
  await setStatus(ds, id, { status: to, ...set, updated_at: now });
}

/** Marks a pending request stale: the workflow moved past the version it builds on (false: another step, such as an apply, ended it first). */
export async function markStale(ds: DataSource, id: string, why: string, now: Date): Promise<boolean> {
  if (!(await finalStep(ds, id, 'expire', null, now))) return false;
  await setStatus(ds, id, { status: 'stale', stale: { at: now, why }, updated_at: now });
  return true;
}
