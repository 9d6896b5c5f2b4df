/**
 * `wfctl apply <id>`: a request applies only when approved, unexpired, and
 * the workflow is still at the version its plan was made on with the same
 * plan (hash); one of two applies at once claims it (request-store.ts), and
 * the write goes through the crash-safe version path with that version
 * expected, so a write that slipped in between is refused too. Break-glass:
 * a change applied without approvals, on record as such.
 */
import type { DataSource } from '../core/connection.js';
import { CurrentVersionChangedError } from '../../errors.js';
import { quoteInput } from '../../quote.js';
import { canonicalJson, latestVersionNumber, writeVersion } from '../versions/index.js';
import { applyRollback, decideRollback, openRollback, type RollbackDecision } from './rollback.js';
import {
  claimRequest,
  insertRequest,
  markStale,
  newRequestId,
  readRequest,
  RequestRefusedError,
  settleRequest,
  type ChangeRequestDoc,
  type RequestPlan,
} from './request-store.js';
import { event, planHash, refuseUnlessPending, rollbackRequestPlan, sha256, type StepContext } from './requests.js';

export interface ApplyOutcome {
  request: ChangeRequestDoc;
  /** the version written (null: nothing new was written) */
  version: number | null;
  from: number | null;
}

/** What changed since the request was filed (null: nothing; it may apply). */
async function whatChanged(
  ds: DataSource,
  doc: ChangeRequestDoc,
): Promise<{ why: string; decision: RollbackDecision | null }> {
  const p = doc.plan;
  if (planHash(p) !== doc.plan_hash)
    return { why: 'its plan no longer matches its hash (the request was edited)', decision: null };
  if (p.kind === 'rollback') {
    const wf = await openRollback(ds, p.workflow_id);
    const d = await decideRollback(ds, wf, { kind: 'number', version: p.to! });
    if (d.kind !== 'plan') return { why: 'the plan could not be made again', decision: null };
    if (d.expectedCurrent !== p.expected_current) return { why: moved(p, d.expectedCurrent), decision: null };
    if (planHash(rollbackRequestPlan(d, p.reason)) !== doc.plan_hash)
      return { why: 'the plan made now differs from the one approved', decision: null };
    return { why: '', decision: d };
  }
  const current = await latestVersionNumber(ds, p.workflow_id);
  if (current !== p.expected_current) return { why: moved(p, current), decision: null };
  if (!doc.data || sha256(canonicalJson(doc.data)) !== p.data_sha256)
    return { why: 'its data no longer matches the plan approved', decision: null };
  return { why: '', decision: null };
}

function moved(p: RequestPlan, now: number | null): string {
  return `workflow ${quoteInput(p.workflow_id)} is at version ${now ?? 'none'} now, not ${p.expected_current ?? 'none'} as when the request was filed: someone changed it meanwhile`;
}

/** Applies an approved request (see the file's comment); refuses with exit 1 saying what changed otherwise. */
export async function applyChangeRequest(ds: DataSource, id: string, s: StepContext): Promise<ApplyOutcome> {
  const doc = await readRequest(ds, id);
  await refuseUnlessPending(ds, doc, s, 'apply');
  if (doc.approval_count < doc.required_approvals) {
    throw new RequestRefusedError(
      `cannot apply change request ${id}: it has ${doc.approval_count} of the ${doc.required_approvals} approval${doc.required_approvals === 1 ? '' : 's'} it needs`,
      { hint: `another person runs: wfctl approve ${id}` },
    );
  }
  const changed = await whatChanged(ds, doc);
  if (changed.why !== '') {
    // the version it moved to may be this request's own, written by an apply that claimed it first
    if (!(await markStale(ds, id, changed.why, s.now))) {
      const after = await readRequest(ds, id);
      throw new RequestRefusedError(`cannot apply change request ${id}: ${whyNotClaimed(after, s.now)}`);
    }
    throw new RequestRefusedError(`cannot apply change request ${id}: ${changed.why}; nothing was written`, {
      hint: 'look at wfctl versions list, then file a new request',
    });
  }
  if (!(await claimRequest(ds, doc, s.by, s.now))) {
    const after = await readRequest(ds, id);
    throw new RequestRefusedError(`cannot apply change request ${id}: ${whyNotClaimed(after, s.now)}`);
  }
  let written: { version: number | null; from: number | null };
  try {
    written = await write(ds, doc, changed.decision, s, false);
  } catch (err) {
    if (err instanceof CurrentVersionChangedError) {
      await settleRequest(ds, id, 'stale', { stale: { at: s.now, why: err.message } }, s.now);
      throw new RequestRefusedError(`cannot apply change request ${id}: ${err.message}`);
    }
    await settleRequest(ds, id, 'pending', {}, s.now);
    throw err;
  }
  await settleRequest(ds, id, 'applied', { applied: { by: s.by, at: s.now, version: written.version } }, s.now);
  await event(ds, doc, 'change_applied', s, {
    version: written.version,
    from: written.from,
    break_glass: false,
    approvers: Object.values(doc.approvals).map((a) => a.id),
  });
  return { request: await readRequest(ds, id), ...written };
}

function whyNotClaimed(after: ChangeRequestDoc, now: Date): string {
  if (after.status === 'applying') return `another apply (${after.applying?.by.id ?? '?'}) claimed it first`;
  // the winner's claim is in; its status update may not be yet
  if (after.status === 'pending') return 'another apply claimed it first';
  if (after.status === 'applied') return 'another apply applied it first';
  return `it is ${after.status} now (at ${now.toISOString()})`;
}

async function write(
  ds: DataSource,
  doc: ChangeRequestDoc,
  decision: RollbackDecision | null,
  s: StepContext,
  breakGlass: boolean,
): Promise<{ version: number | null; from: number | null }> {
  const p = doc.plan;
  const change = {
    change_request: doc._id,
    plan_hash: doc.plan_hash,
    break_glass: breakGlass,
    approvers: Object.values(doc.approvals).map((a) => a.id),
  };
  if (p.kind === 'rollback') {
    const applied = await applyRollback(ds, decision!, {
      reason: p.reason,
      actor: s.actor,
      evidence: { ...(doc.evidence ?? {}), change },
      ...(p.expected_current !== null ? { expectCurrent: p.expected_current } : {}),
    });
    if (applied.kind !== 'applied') throw new CurrentVersionChangedError('another write came first');
    const o = applied.outcome;
    return { version: o.status === 'created' ? o.version : null, from: o.from };
  }
  const o = await writeVersion(ds, {
    workflowId: p.workflow_id,
    data: doc.data!,
    description: p.reason,
    actor: s.actor,
    ...(p.expected_current !== null ? { expectCurrent: p.expected_current } : {}),
  });
  return { version: o.status === 'created' ? o.version : null, from: o.previous };
}

/**
 * Break-glass: the change was applied without approvals (the command wrote it through
 * its usual path); on record as an applied request and a change_applied event with
 * break_glass, which the weekly report lists.
 */
export async function recordBreakGlass(
  ds: DataSource,
  input: {
    workflow: { id: string; name: string };
    plan: RequestPlan;
    requiredApprovals: number;
    version: number | null;
  },
  s: StepContext,
): Promise<ChangeRequestDoc> {
  const doc: ChangeRequestDoc = {
    _id: newRequestId(),
    workflow_name: input.workflow.name,
    plan: input.plan,
    plan_hash: planHash(input.plan),
    evidence: null,
    requester: s.by,
    required_approvals: input.requiredApprovals,
    approvals: {},
    approval_count: 0,
    status: 'applied',
    created_at: s.now,
    expires_at: s.now,
    updated_at: s.now,
    applying: { by: s.by, at: s.now, break_glass: true },
    applied: { by: s.by, at: s.now, version: input.version },
  };
  await insertRequest(ds, doc);
  await event(ds, doc, 'change_applied', s, {
    workflow_name: input.workflow.name,
    plan: input.plan,
    version: input.version,
    break_glass: true,
    reason: input.plan.reason,
    required_approvals: input.requiredApprovals,
  });
  return doc;
}
