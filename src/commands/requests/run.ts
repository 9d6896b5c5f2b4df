/**
 * The change-request verbs' runs: file (from rollback and versions create on a
 * target that requires approvals), list, show, approve, reject, apply, and the
 * record of a break-glass change. The decisions are data/actions'.
 */
import type { CommandContext } from '../../context.js';
import {
  applyChangeRequest,
  approveChangeRequest,
  decideRollback,
  evidenceFor,
  fileChangeRequest,
  listRequests,
  openRollback,
  readRequest,
  recordBreakGlass,
  rejectChangeRequest,
  rollbackRequestPlan,
  sha256,
  type ApplyOutcome,
  type ApproveOutcome,
  type ChangeRequestDoc,
  type RequestStatus,
} from '../../data/actions/index.js';
import { canonicalJson, latestVersionNumber, type VersionRef } from '../../data/versions/index.js';
import { deletedWorkflowError, RuntimeError, UsageError } from '../../errors.js';
import { resolveWorkflow } from '../../data/core/index.js';
import { stepContext } from './policy.js';

export interface FiledRequest {
  status: 'requested' | 'unchanged';
  request: ChangeRequestDoc | null;
  message: string | null;
}

/** rollback on a target that requires approvals: files the request (nothing else is written). */
export async function fileRollbackRequest(
  input: { workflow: string; to?: VersionRef | 'previous'; reason?: string; expectCurrent?: number; ttlMs?: number },
  approvals: number,
  ctx: CommandContext,
): Promise<FiledRequest> {
  if (input.to === undefined || input.to === 'previous')
    throw new UsageError(
      `this target requires ${approvals} approval(s): a rollback is filed as a request; name the version with --to`,
    );
  const reason = input.reason?.trim();
  if (!reason) throw new UsageError('missing --reason <text>: a change request records why');
  const ds = await ctx.dataSource({ writes: true });
  const wf = await openRollback(ds, input.workflow, input.expectCurrent);
  const d = await decideRollback(ds, wf, input.to, {
    ...(input.expectCurrent !== undefined ? { expectCurrent: input.expectCurrent } : {}),
  });
  if (d.kind !== 'plan') throw new RuntimeError('the rollback could not be planned');
  if (d.plan.noop) {
    const message = `nothing to do: version ${d.plan.current!.version} already holds version ${d.plan.target.version}'s data; no request filed`;
    return { status: 'unchanged', request: null, message };
  }
  const s = await stepContext(ctx, ds);
  const evidence = await evidenceFor(ds, d.plan, s.now, null);
  const request = await fileChangeRequest(
    ds,
    {
      workflow: wf,
      plan: rollbackRequestPlan(d, reason),
      evidence: evidence as unknown as Record<string, unknown>,
      requiredApprovals: approvals,
      ...(input.ttlMs !== undefined ? { ttlMs: input.ttlMs } : {}),
    },
    s,
  );
  return { status: 'requested', request, message: null };
}

/** versions create on a target that requires approvals: the data read from the file is kept on the request. */
export async function fileVersionRequest(
  input: { workflow: string; data: Record<string, unknown>; message: string },
  approvals: number,
  ctx: CommandContext,
): Promise<FiledRequest> {
  const ds = await ctx.dataSource({ writes: true });
  const wf = await resolveWorkflow(ds, input.workflow);
  if (wf.deleted) throw deletedWorkflowError(wf.id);
  const current = await latestVersionNumber(ds, wf.id);
  const s = await stepContext(ctx, ds);
  const plan = {
    kind: 'version' as const,
    workflow_id: wf.id,
    expected_current: current,
    to: null,
    reason: input.message,
    data_sha256: sha256(canonicalJson(input.data)),
    new_version: (current ?? 0) + 1,
  };
  const request = await fileChangeRequest(
    ds,
    { workflow: { id: wf.id, name: wf.name }, plan, data: input.data, requiredApprovals: approvals },
    s,
  );
  return { status: 'requested', request, message: null };
}

/** A rollback written with --break-glass: on record as an applied request without approvals. */
export async function recordBreakGlassRollback(
  ctx: CommandContext,
  input: {
    workflow: { id: string; name: string };
    from: number | null;
    to: number;
    version: number | null;
    reason: string;
  },
  approvals: number,
): Promise<ChangeRequestDoc> {
  const ds = await ctx.dataSource({ writes: true });
  const s = await stepContext(ctx, ds);
  const plan = {
    kind: 'rollback' as const,
    workflow_id: input.workflow.id,
    expected_current: input.from,
    to: input.to,
    reason: input.reason,
    data_sha256: '',
    new_version: input.version ?? 0,
  };
  return recordBreakGlass(
    ds,
    { workflow: input.workflow, plan, requiredApprovals: approvals, version: input.version },
    s,
  );
}

export async function runListRequests(
  input: { status?: RequestStatus; workflow?: string; limit?: number },
  ctx: CommandContext,
): Promise<ChangeRequestDoc[]> {
  // reads only: a request past its expiry shows as expired; it is marked so (with its audit event) by the next approve, reject or apply
  const ds = await ctx.dataSource();
  const workflowId = input.workflow ? (await resolveWorkflow(ds, input.workflow)).id : undefined;
  return listRequests(ds, {
    ...(input.status ? { status: input.status } : {}),
    ...(workflowId ? { workflowId } : {}),
    ...(input.limit ? { limit: input.limit } : {}),
  });
}

export async function runShowRequest(id: string, ctx: CommandContext): Promise<ChangeRequestDoc> {
  return readRequest(await ctx.dataSource(), id);
}

export async function runApprove(id: string, comment: string | null, ctx: CommandContext): Promise<ApproveOutcome> {
  const ds = await ctx.dataSource({ writes: true });
  return approveChangeRequest(ds, id, comment, await stepContext(ctx, ds));
}

export async function runReject(id: string, reason: string, ctx: CommandContext): Promise<ChangeRequestDoc> {
  if (reason.trim() === '') throw new UsageError('--reason is empty; say why you reject the change');
  const ds = await ctx.dataSource({ writes: true });
  return rejectChangeRequest(ds, id, reason.trim(), await stepContext(ctx, ds));
}

export async function runApply(id: string, ctx: CommandContext): Promise<ApplyOutcome> {
  const ds = await ctx.dataSource({ writes: true });
  const unregister = ctx.interrupts.onInterrupt(() => undefined);
  try {
    return await applyChangeRequest(ds, id, await stepContext(ctx, ds));
  } finally {
    unregister();
  }
}
