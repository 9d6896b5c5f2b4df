/**
 * What `wfctl rollback` decides about data, apart from its flags, questions
 * and printing (like Helm's pkg/action): the workflow and the check of
 * --expect-current (openRollback), --if-regressed's gate (rollbackGate), the
 * plan with its stop conditions (decideRollback), and the write through the
 * crash-safe version path (applyRollback). A change request (requests.ts)
 * files and applies the same decision.
 */
import type { DataSource } from '../core/connection.js';
import { isPlainObject } from '../core/normalize.js';
import type { Actor } from '../core/types.js';
import { resolveWorkflow } from '../core/workflow-ref.js';
import { deletedWorkflowError, CurrentVersionChangedError } from '../../errors.js';
import { checkWorkflowRegression, type RegressionResult } from '../metrics/index.js';
import {
  checkExpectedCurrent,
  compareWorkflowData,
  expectCurrentMismatch,
  planRollback,
  resolveVersionRef,
  rollbackWorkflow,
  type ChangesSummary,
  type RollbackOutcome,
  type RollbackPlan,
  type StructuralCounts,
  type VersionRef,
  type WorkflowComparison,
} from '../versions/index.js';

export const NO_CHANGES: ChangesSummary = { values_changed: 0, items_added: 0, items_removed: 0 };
export const NO_COUNTS: StructuralCounts = { added: 0, removed: 0, modified: 0, moved: 0 };

export interface RollbackWorkflowRef {
  id: string;
  name: string;
}

/** Why a rollback --if-regressed decided not to write (exit 0, saying why). */
export type RollbackSkipWhy = 'not-regressed' | 'insufficient-data' | 'automatic-rollback' | 'current-changed';

export interface RollbackSkip {
  kind: 'skip';
  workflow: RollbackWorkflowRef;
  regression: RegressionResult;
  why: RollbackSkipWhy;
  message: string;
}

/** The regression gate's options (check regression's). */
export interface RollbackGateInput {
  /** --to: a version, or 'previous' (the version the check compared with), or none (the same) */
  to?: VersionRef | 'previous';
  confidence?: number;
  minRuns?: number;
  baselineMs?: number;
}

export interface RollbackGo {
  kind: 'go';
  to: VersionRef;
  regression: RegressionResult;
}

/** The plan of one rollback, decided: what it restores, on top of which version, and the gate's verdict. */
export interface RollbackDecision {
  kind: 'plan';
  workflow: RollbackWorkflowRef;
  plan: RollbackPlan;
  /** the version the plan was made on (null: the workflow has no version) */
  expectedCurrent: number | null;
  /** --if-regressed: the verdict that let it through; null for a rollback a person asked for */
  regression: RegressionResult | null;
  /** what changes, current -> target, with the diff's lines (null: a no-op plan) */
  cmp: WorkflowComparison | null;
}

/**
 * The workflow a rollback is about: it must exist and not be deleted, and a stale
 * --expect-current is refused (exit 1) whatever the plan would be.
 */
export async function openRollback(
  ds: DataSource,
  workflowRef: string,
  expectCurrent?: number,
): Promise<RollbackWorkflowRef> {
  const wf = await resolveWorkflow(ds, workflowRef);
  if (wf.deleted) throw deletedWorkflowError(wf.id);
  if (expectCurrent !== undefined) await checkExpectedCurrent(ds, wf.id, expectCurrent);
  return { id: wf.id, name: wf.name };
}

/**
 * --if-regressed: check regression on the workflow. `ready` is called once the named
 * version is known to exist and before the verdict (the command refuses a line that
 * could never write there, so that a cron line fails every time, not only on the day
 * it matters).
 */
export async function rollbackGate(
  ds: DataSource,
  workflow: RollbackWorkflowRef,
  input: RollbackGateInput,
  now: Date,
  ready: () => void = () => undefined,
): Promise<RollbackGo | RollbackSkip> {
  // a version that does not exist is an error whatever the check says
  if (input.to !== undefined && input.to !== 'previous') await resolveVersionRef(ds, workflow.id, input.to);
  ready();
  const regression = await checkWorkflowRegression(
    ds,
    {
      workflowId: workflow.id,
      confidence: input.confidence ?? 0.95,
      minRuns: input.minRuns ?? 20,
      baselineMs: input.baselineMs ?? 7 * 86_400_000,
    },
    now,
  );
  if (regression.outcome !== 'worse') {
    const why = regression.outcome === 'not-worse' ? 'not-regressed' : 'insufficient-data';
    return { kind: 'skip', workflow, regression, why, message: regression.message };
  }
  const to: VersionRef =
    input.to === undefined || input.to === 'previous'
      ? { kind: 'number', version: regression.previous!.version }
      : input.to;
  return { kind: 'go', to, regression };
}

/**
 * The plan, read fresh: the target and the current version, and the stops: --if-regressed
 * writes only on top of the version it judged and never rolls back its own rollback;
 * a stale --expect-current is refused again (someone may have written since it was checked).
 */
export async function decideRollback(
  ds: DataSource,
  workflow: RollbackWorkflowRef,
  to: VersionRef,
  options: { regression?: RegressionResult | null; expectCurrent?: number } = {},
): Promise<RollbackDecision | RollbackSkip> {
  const plan = await planRollback(ds, workflow.id, to);
  const regression = options.regression ?? null;
  if (regression) {
    const stop = regressionStop(plan, regression);
    if (stop) return { kind: 'skip', workflow, regression, ...stop };
  }
  const current = plan.current?.version ?? null;
  if (options.expectCurrent !== undefined && current !== options.expectCurrent) {
    throw expectCurrentMismatch(workflow.id, current, options.expectCurrent);
  }
  const cmp = plan.noop
    ? null
    : compareWorkflowData(plan.current?.workflowData ?? {}, plan.target.workflowData, { context: 3 });
  return { kind: 'plan', workflow, plan, expectedCurrent: current, regression, cmp };
}

/** --if-regressed: why it must not write after all (someone wrote meanwhile, or the current version is its own rollback). */
function regressionStop(
  plan: RollbackPlan,
  regression: RegressionResult,
): { why: RollbackSkipWhy; message: string } | null {
  const regressed = regression.current!.version;
  if (plan.current?.version !== regressed) {
    return {
      why: 'current-changed',
      message: `the current version is ${plan.current?.version ?? 'none'} now, not the regressed ${regressed}: someone wrote meanwhile; not rolling back`,
    };
  }
  const written = isPlainObject(plan.currentDoc?.rollback_evidence) ? plan.currentDoc!.rollback_evidence : null;
  if (written?.trigger === 'if-regressed') {
    return {
      why: 'automatic-rollback',
      message: `v${regressed} is the rollback --if-regressed wrote; it does not roll back its own rollbacks: a person decides what comes next (${regression.message})`,
    };
  }
  return null;
}

export interface ApplyRollbackInput {
  /** the reason to record; for a no-op plan, none means "refuse should anyone write meanwhile" */
  reason?: string;
  actor: Actor;
  /** kept on the new version and in its audit record */
  evidence?: Record<string, unknown>;
  /** write only on top of this version (exit 1 otherwise); --if-regressed always writes on top of the version it judged */
  expectCurrent?: number;
}

export interface RollbackApplied {
  kind: 'applied';
  outcome: RollbackOutcome;
  /** what changed in the definition, current -> target, by path (zero when nothing was written) */
  counts: StructuralCounts;
}

/**
 * Writes a decided rollback through the crash-safe version path (versions/write.ts).
 * A no-op plan writes nothing new but still finishes a write a crash left unfinished;
 * should another writer change the workflow meanwhile, the rollback happens after all
 * (with the reason given) or, without a reason to record, is refused. --if-regressed
 * losing the race to another writer is a skip, not an error.
 */
export async function applyRollback(
  ds: DataSource,
  decision: RollbackDecision,
  input: ApplyRollbackInput,
): Promise<RollbackApplied | RollbackSkip> {
  const { plan, workflow, regression } = decision;
  if (plan.noop) return applyNoop(ds, decision, input);
  // --if-regressed writes only on top of the version it judged
  const expectCurrent = regression ? regression.current!.version : input.expectCurrent;
  let outcome: RollbackOutcome;
  try {
    outcome = await rollbackWorkflow(ds, {
      workflowId: workflow.id,
      to: plan.target.version,
      target: plan.targetDoc,
      basis: plan.currentDoc,
      reason: input.reason ?? '',
      actor: input.actor,
      ...(input.evidence ? { evidence: input.evidence } : {}),
      ...(expectCurrent !== undefined ? { expectCurrent } : {}),
    });
  } catch (err) {
    if (regression && err instanceof CurrentVersionChangedError) {
      const message = `another write came first (${err.message}); not rolling back`;
      return { kind: 'skip', workflow, regression, why: 'current-changed', message };
    }
    throw err;
  }
  return { kind: 'applied', outcome, counts: outcome.status === 'created' ? decision.cmp!.counts : NO_COUNTS };
}

async function applyNoop(
  ds: DataSource,
  decision: RollbackDecision,
  input: ApplyRollbackInput,
): Promise<RollbackApplied> {
  const { plan, workflow } = decision;
  const reason = input.reason?.trim();
  const expectCurrent = input.expectCurrent ?? (reason === undefined ? plan.current!.version : undefined);
  const outcome = await rollbackWorkflow(ds, {
    workflowId: workflow.id,
    to: plan.target.version,
    target: plan.targetDoc,
    reason: reason ?? '',
    actor: input.actor,
    ...(expectCurrent !== undefined ? { expectCurrent } : {}),
  });
  const counts =
    outcome.status === 'created'
      ? compareWorkflowData(plan.current?.workflowData ?? {}, plan.target.workflowData, { withoutLines: true }).counts
      : NO_COUNTS;
  return { kind: 'applied', outcome, counts };
}
