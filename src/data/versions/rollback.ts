/**
 * Rollback, as the backend does it (workflow_version_control.py): a new
 * version holding the target's workflow_data plus `updated_at` and
 * `rollback_info {rolled_back_at, rolled_back_by, from_version: the target,
 * reason}`, described "Rolled back to version N. Reason: R", which
 * custom_workflows then holds; wfctl adds rollback_of and reason, and writes
 * it through the same crash- and race-safe path as every version
 * (write.ts), plus a workflow_rolled_back audit record. It reads the target and the highest version only, never the
 * history between them.
 */
import type { DataSource } from '../core/connection.js';
import { isPlainObject, toNumberOrNull } from '../core/normalize.js';
import type { RawVersionDoc } from '../core/types.js';
import type { VersionRef } from './ref.js';
import type { Actor } from '../core/types.js';
import { rollbackDescription, versionState, writeVersion, type WriteOutcome, type WriteStep } from './write.js';
import { computeVersionDiff, summarizeStoredDiff, type ChangesSummary } from './diff.js';
import {
  findLatestVersion,
  latestVersionNumber,
  normalizeVersionDetail,
  resolveVersionRef,
  type VersionDetail,
} from './read.js';
import { CurrentVersionChangedError } from '../../errors.js';
import { quoteInput } from '../../quote.js';

export interface RollbackPlan {
  workflowId: string;
  /** the highest version now (null: the workflow has no versions) */
  current: VersionDetail | null;
  target: VersionDetail;
  /** the target and the highest version as stored, for rollbackWorkflow */
  targetDoc: RawVersionDoc;
  currentDoc: RawVersionDoc | null;
  /** the number the new version will most likely get */
  newVersion: number;
  /** nothing to do: the target is current, or current already has its data */
  noop: 'already-current' | 'same-data' | null;
}

/** The refusal of --expect-current: the workflow is at `actual` (null: no version), not `expected`; exit 1. */
export function expectCurrentMismatch(
  workflowId: string,
  actual: number | null,
  expected: number,
): CurrentVersionChangedError {
  const at = actual === null ? 'has no version' : `is at version ${actual}`;
  return new CurrentVersionChangedError(
    `workflow ${quoteInput(workflowId)} ${at}, not ${expected} as --expect-current says; nothing was written`,
    {
      hint: 'someone else changed it: look at wfctl versions list, then decide again',
    },
  );
}

/**
 * --expect-current, checked before anything is planned: a stale expectation is refused whatever
 * the rollback would do, a no-op included (the write checks it again, against a race).
 */
export async function checkExpectedCurrent(ds: DataSource, workflowId: string, expected: number): Promise<void> {
  const actual = await latestVersionNumber(ds, workflowId);
  if (actual !== expected) throw expectCurrentMismatch(workflowId, actual, expected);
}

export async function planRollback(ds: DataSource, workflowId: string, to: VersionRef): Promise<RollbackPlan> {
  const targetDoc = await resolveVersionRef(ds, workflowId, to);
  const latestDoc = await findLatestVersion(ds, workflowId);
  const target = normalizeVersionDetail(targetDoc);
  const current = latestDoc ? normalizeVersionDetail(latestDoc) : null;
  let noop: RollbackPlan['noop'] = null;
  if (current && current.version === target.version) noop = 'already-current';
  else if (current) {
    const { sameWorkflowData } = await import('./compare.js');
    if (sameWorkflowData(current.workflowData, target.workflowData)) noop = 'same-data';
  }
  return {
    workflowId,
    current,
    target,
    targetDoc,
    currentDoc: latestDoc,
    newVersion: (current?.version ?? 0) + 1,
    noop,
  };
}

/**
 * The backend's change summary of the version this rollback will write: the
 * counts of its stored diff (DeepDiff of the current data and the target's
 * plus the `updated_at` and `rollback_info` the write stamps), which its audit
 * record keeps and `versions compare <current> <new>` shows. One count of a
 * change, before and after.
 */
export function plannedChanges(plan: RollbackPlan, stamp: { reason: string; actor: Actor; at?: Date }): ChangesSummary {
  if (plan.noop) return { values_changed: 0, items_added: 0, items_removed: 0 };
  const target = isPlainObject(plan.targetDoc.workflow_data) ? plan.targetDoc.workflow_data : {};
  const current = plan.currentDoc && isPlainObject(plan.currentDoc.workflow_data) ? plan.currentDoc.workflow_data : {};
  const state = versionState(target, stamp.at ?? new Date(), stamp.actor, {
    to: plan.target.version,
    reason: stamp.reason,
  });
  return summarizeStoredDiff(computeVersionDiff(current, state));
}

export interface RollbackInput {
  workflowId: string;
  /** the target version's number (resolve refs with planRollback first) */
  to: number;
  reason: string;
  actor: Actor;
  /** kept on the new version as rollback_evidence and in its audit record's details.evidence */
  evidence?: Record<string, unknown>;
  expectCurrent?: number;
  /** the target version's document, when the caller has read it already */
  target?: RawVersionDoc;
  /** the highest version as the caller just read it (see NewVersionInput.basis) */
  basis?: RawVersionDoc | null;
  onStep?: (step: WriteStep, version: number) => Promise<void> | void;
}

export interface RollbackOutcome extends WriteOutcome {
  to: number;
  /** the version that was current when the rollback wrote (null when unchanged) */
  from: number | null;
}

/**
 * Rolls back to version `to`. Re-running after a crash finishes the
 * interrupted write and then finds nothing left to do.
 */
export async function rollbackWorkflow(ds: DataSource, input: RollbackInput): Promise<RollbackOutcome> {
  // versions are never rewritten, so a target read for the plan is still the target
  const targetDoc: RawVersionDoc =
    input.target ?? (await resolveVersionRef(ds, input.workflowId, { kind: 'number', version: input.to }));
  const data = isPlainObject(targetDoc.workflow_data) ? targetDoc.workflow_data : {};
  const outcome = await writeVersion(ds, {
    workflowId: input.workflowId,
    data,
    description: rollbackDescription(toNumberOrNull(targetDoc.version_number) ?? input.to, input.reason),
    actor: input.actor,
    rollback: {
      to: toNumberOrNull(targetDoc.version_number) ?? input.to,
      reason: input.reason,
      ...(input.evidence ? { evidence: input.evidence } : {}),
    },
    ...(input.expectCurrent !== undefined ? { expectCurrent: input.expectCurrent } : {}),
    ...(input.onStep ? { onStep: input.onStep } : {}),
    ...(input.basis !== undefined ? { basis: input.basis } : {}),
  });
  return { ...outcome, to: input.to, from: outcome.status === 'created' ? outcome.previous : null };
}
