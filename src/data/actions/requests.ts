/**
 * Two-person approval: a change (a rollback, a new version) on a target that
 * requires N approvals is filed as a request, approved by N identities other
 * than the requester, and applied through the same crash-safe write path,
 * only while the workflow is still at the version the plan was made on.
 * Each step is one atomic update of the request (request-store.ts) and one
 * audit event (request-audit.ts).
 */
import { createHash } from 'node:crypto';
import type { DataSource } from '../core/connection.js';
import { isPlainObject } from '../core/normalize.js';
import type { Actor } from '../core/types.js';
import { UsageError } from '../../errors.js';
import { canonicalJson } from '../versions/index.js';
import type { RollbackDecision } from './rollback.js';
import { describeIdentity, type RequestIdentity } from './identity.js';
import { recordChangeEvent, type ChangeEvent } from './request-audit.js';
import {
  addApproval,
  DEFAULT_REQUEST_TTL_MS,
  expireRequest,
  insertRequest,
  newRequestId,
  notPendingWhy,
  readRequest,
  rejectRequest,
  RequestRefusedError,
  type ChangeRequestDoc,
  type RequestPlan,
} from './request-store.js';

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The hash the approvals are bound to: the plan's canonical JSON. */
export function planHash(plan: RequestPlan): string {
  return sha256(canonicalJson(plan));
}

export interface StepContext {
  by: RequestIdentity;
  actor: Actor;
  now: Date;
}

export async function event(
  ds: DataSource,
  doc: ChangeRequestDoc,
  e: ChangeEvent,
  s: StepContext | { now: Date; actor: Actor; by: null },
  details: Record<string, unknown>,
  distinct?: string,
): Promise<void> {
  await recordChangeEvent(ds, {
    event: e,
    requestId: doc._id,
    requestedAt: doc.created_at,
    workflowId: doc.plan.workflow_id,
    by: s.by,
    userAgent: s.actor.userAgent,
    details: { kind: doc.plan.kind, plan_hash: doc.plan_hash, ...details },
    ...(distinct !== undefined ? { distinct } : {}),
    now: s.now,
  });
}

/** The plan of a rollback decision, as a request files it. */
export function rollbackRequestPlan(d: RollbackDecision, reason: string): RequestPlan {
  const data = isPlainObject(d.plan.targetDoc.workflow_data) ? d.plan.targetDoc.workflow_data : {};
  return {
    kind: 'rollback',
    workflow_id: d.workflow.id,
    expected_current: d.expectedCurrent,
    to: d.plan.target.version,
    reason,
    data_sha256: sha256(canonicalJson(data)),
    new_version: d.plan.newVersion,
  };
}

export interface FileRequestInput {
  workflow: { id: string; name: string };
  plan: RequestPlan;
  data?: Record<string, unknown>;
  evidence?: Record<string, unknown> | null;
  requiredApprovals: number;
  ttlMs?: number;
}

/** Files a request: pending, with no approvals, expiring after ttlMs (default 24 h). */
export async function fileChangeRequest(
  ds: DataSource,
  input: FileRequestInput,
  s: StepContext,
): Promise<ChangeRequestDoc> {
  if (input.requiredApprovals < 1) throw new UsageError('a change request needs at least 1 approval');
  const doc: ChangeRequestDoc = {
    _id: newRequestId(),
    workflow_name: input.workflow.name,
    plan: input.plan,
    plan_hash: planHash(input.plan),
    ...(input.data ? { data: input.data } : {}),
    evidence: input.evidence ?? null,
    requester: s.by,
    required_approvals: input.requiredApprovals,
    approvals: {},
    approval_count: 0,
    status: 'pending',
    created_at: s.now,
    expires_at: new Date(s.now.getTime() + (input.ttlMs ?? DEFAULT_REQUEST_TTL_MS)),
    updated_at: s.now,
  };
  await insertRequest(ds, doc);
  await event(ds, doc, 'change_requested', s, {
    workflow_name: input.workflow.name,
    plan: input.plan,
    required_approvals: input.requiredApprovals,
    expires_at: doc.expires_at,
  });
  return doc;
}

/** A pending request past its expiry becomes expired (with its audit event); refuses with why otherwise. */
export async function refuseUnlessPending(ds: DataSource, doc: ChangeRequestDoc, s: StepContext, what: string) {
  if (doc.status === 'pending' && doc.expires_at.getTime() <= s.now.getTime()) await expire(ds, doc, s);
  const why = notPendingWhy(doc, s.now);
  if (why) throw new RequestRefusedError(`cannot ${what} change request ${doc._id}: ${why}`);
}

export async function expire(ds: DataSource, doc: ChangeRequestDoc, s: { now: Date; actor: Actor }): Promise<void> {
  if (await expireRequest(ds, doc, s.now)) {
    await event(ds, doc, 'change_expired', { now: s.now, actor: s.actor, by: null }, { expires_at: doc.expires_at });
  }
}

export interface ApproveOutcome {
  request: ChangeRequestDoc;
  /** false: this identity had approved already (it counts once) */
  counted: boolean;
  /** who approved */
  by: RequestIdentity;
}

/** One approval: never the requester's, once per approver, only while pending and unexpired. */
export async function approveChangeRequest(
  ds: DataSource,
  id: string,
  comment: string | null,
  s: StepContext,
): Promise<ApproveOutcome> {
  const doc = await readRequest(ds, id);
  if (doc.requester.id === s.by.id) {
    throw new RequestRefusedError(
      `cannot approve change request ${id}: you (${describeIdentity(s.by)}) filed it; another person must approve it`,
    );
  }
  await refuseUnlessPending(ds, doc, s, 'approve');
  const a = { id: s.by.id, authenticated: s.by.authenticated, declared: s.by.declared, host: s.by.host };
  const counted = await addApproval(ds, id, { ...a, at: s.now, comment });
  const after = await readRequest(ds, id);
  if (!counted) {
    if (!Object.values(after.approvals).some((x) => x.id === s.by.id)) {
      if (after.status === 'pending' && after.expires_at.getTime() <= s.now.getTime()) await expire(ds, after, s);
      throw new RequestRefusedError(
        `cannot approve change request ${id}: ${notPendingWhy(after, s.now) ?? 'it changed meanwhile'}`,
      );
    }
    return { request: after, counted: false, by: s.by };
  }
  await event(ds, doc, 'change_approved', s, { comment, approvals: after.approval_count }, s.by.id);
  return { request: after, counted: true, by: s.by };
}

export async function rejectChangeRequest(
  ds: DataSource,
  id: string,
  reason: string,
  s: StepContext,
): Promise<ChangeRequestDoc> {
  const doc = await readRequest(ds, id);
  await refuseUnlessPending(ds, doc, s, 'reject');
  if (!(await rejectRequest(ds, id, s.by, reason, s.now))) {
    const after = await readRequest(ds, id);
    throw new RequestRefusedError(
      `cannot reject change request ${id}: ${notPendingWhy(after, s.now) ?? 'it changed meanwhile'}`,
    );
  }
  await event(ds, doc, 'change_rejected', s, { reason });
  return readRequest(ds, id);
}
