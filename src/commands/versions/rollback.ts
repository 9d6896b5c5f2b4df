/**
 * `wfctl rollback` (and `versions rollback`): resolve the workflow and the
 * target, check everything that can be checked (a workflow or version that
 * does not exist, --expect-current, --if-regressed's verdict), and only then
 * ask: on a terminal the question below the plan (rollback-ask.ts), without
 * one the flags (--reason, --yes). Then write through the data layer's
 * rollback. Prints nothing itself: rollback-print.ts does, through the
 * screen the wiring gives.
 */
import type { CommandContext } from '../../context.js';
import type { DataSource } from '../../data/core/index.js';
import {
  compareWorkflowData,
  plannedChanges,
  type ChangesSummary,
  type RollbackPlan,
  type VersionRef,
} from '../../data/versions/index.js';
import {
  checkExpectedCurrent,
  expectCurrentMismatch,
  planRollback,
  rollbackWorkflow,
  resolveVersionRef,
} from '../../data/versions/index.js';
import { checkWorkflowRegression, type RegressionResult } from '../../data/metrics/index.js';
import { evidenceFor } from './rollback-evidence.js';
import { isPlainObject, resolveWorkflow } from '../../data/core/index.js';
import { deletedWorkflowError, CurrentVersionChangedError, UsageError } from '../../errors.js';
import { confirmRollback, NEED_TO, pickVersion, reasonFor, requireAnswers } from './rollback-ask.js';
import type { PlanView, RollbackCommandInput, RollbackResult, RollbackScreen, UnchangedWhy } from './rollback-view.js';

export type {
  RollbackCommandInput,
  RollbackFlags,
  RollbackResult,
  RollbackScreen,
  UnchangedWhy,
} from './rollback-view.js';

const NO_CHANGES: ChangesSummary = { values_changed: 0, items_added: 0, items_removed: 0 };
const NO_COUNTS = { added: 0, removed: 0, modified: 0, moved: 0 };

/**
 * Plans, checks, asks (on a terminal) and writes the rollback. Everything that can fail on
 * what exists or holds fails before consent is asked for (or refused without a terminal).
 */
export async function runRollbackCommand(
  input: RollbackCommandInput,
  ctx: CommandContext,
  screen: RollbackScreen,
): Promise<RollbackResult> {
  checkFlags(input);
  // a rollback decides on what it reads: from the primary, whatever --read-preference says
  const ds = await ctx.dataSource({ writes: true });
  const wf = await resolveWorkflow(ds, input.workflow);
  if (wf.deleted) throw deletedWorkflowError(wf.id);
  // a stale expectation is exit 1 whatever the plan would be (issue 19): checked before anything else
  if (input.expectCurrent !== undefined) await checkExpectedCurrent(ds, wf.id, input.expectCurrent);
  const workflow = { id: wf.id, name: wf.name };
  const canPrompt = ctx.io.canPrompt;
  let regression: RegressionResult | null = null;
  let to: VersionRef;
  if (input.ifRegressed) {
    // a version that does not exist is an error whatever the check says
    if (input.to !== undefined && input.to !== 'previous') await resolveVersionRef(ds, wf.id, input.to);
    // before the verdict: a cron line without --yes fails every time, not only on the day it matters
    requireAnswers(input, canPrompt);
    regression = await checkWorkflowRegression(
      ds,
      {
        workflowId: wf.id,
        confidence: input.confidence ?? 0.95,
        minRuns: input.minRuns ?? 20,
        baselineMs: input.baseline ?? 7 * 86_400_000,
      },
      ctx.now(),
    );
    if (regression.outcome !== 'worse') {
      return skipped(
        workflow,
        regression,
        regression.outcome === 'not-worse' ? 'not-regressed' : 'insufficient-data',
        regression.message,
      );
    }
    to =
      input.to === undefined || input.to === 'previous'
        ? { kind: 'number', version: regression.previous!.version }
        : input.to;
  } else if (input.to !== undefined) {
    to = input.to as VersionRef;
  } else {
    if (!canPrompt) throw new UsageError(`missing ${NEED_TO}: not asking, since stdin or stdout is not a terminal`);
    to = await pickVersion(ctx, ds, wf.id);
  }
  const plan = await planRollback(ds, wf.id, to);
  const base = {
    workflow,
    to: plan.target.version,
    completed: [] as number[],
    message: regression?.message ?? null,
    regression,
  };
  if (regression) {
    const why = regressionStop(plan, regression);
    if (why) return skipped(workflow, regression, why.why, why.message);
  }
  // again on the plan: someone may have written a version since the check above
  if (input.expectCurrent !== undefined && (plan.current?.version ?? null) !== input.expectCurrent) {
    throw expectCurrentMismatch(wf.id, plan.current?.version ?? null, input.expectCurrent);
  }
  requireAnswers(input, canPrompt);
  // who acts is held to --identity before the question (a refused write is never asked for), and by a dry run too
  const actor = await ctx.writeActor();
  if (plan.noop) return rollbackNoop(ds, plan, base, input, ctx);
  // asked before the plan is shown, so that the plan's counts are the ones the write records
  const reason = input.dryRun ? (input.reason?.trim() ?? null) : await reasonFor(input, ctx);
  const evidence = await evidenceFor(ds, plan, ctx.now(), regression);
  const cmp = compareWorkflowData(plan.current?.workflowData ?? {}, plan.target.workflowData, { context: 3 });
  const view: PlanView = {
    workflow,
    plan,
    cmp,
    evidence,
    summary: plannedChanges(plan, { reason: reason ?? '', actor }),
  };
  if (!input.json) await showPlan(view, input, ctx, screen);
  if (input.dryRun) {
    return {
      ...base,
      status: 'dry_run',
      from: plan.current?.version ?? null,
      version: plan.newVersion,
      reason,
      unchangedReason: null,
      summary: view.summary,
      counts: cmp.counts,
      evidence,
    };
  }
  // what a person confirmed is what gets written: refuse if someone wrote in between
  let expectCurrent = input.expectCurrent;
  if (!input.yes) {
    await confirmRollback(view, screen, ctx);
    expectCurrent ??= plan.current?.version;
  }
  // --if-regressed writes only on top of the version it judged
  if (regression) expectCurrent = regression.current!.version;
  let outcome;
  // Ctrl-C while writing: the write (a few round trips) finishes, and says what it wrote
  const unregister = ctx.interrupts.onInterrupt(() => undefined);
  try {
    outcome = await rollbackWorkflow(ds, {
      workflowId: wf.id,
      to: plan.target.version,
      target: plan.targetDoc,
      basis: plan.currentDoc,
      reason: reason!,
      actor,
      evidence: evidence as unknown as Record<string, unknown>,
      ...(expectCurrent !== undefined ? { expectCurrent } : {}),
    });
  } catch (err) {
    if (regression && err instanceof CurrentVersionChangedError) {
      return skipped(
        workflow,
        regression,
        'current-changed',
        `another write came first (${err.message}); not rolling back`,
      );
    }
    throw err;
  } finally {
    unregister();
  }
  const created = outcome.status === 'created';
  return {
    ...base,
    status: created ? 'rolled_back' : 'unchanged',
    from: outcome.from,
    version: outcome.version,
    reason: created ? reason : null,
    unchangedReason: outcome.unchangedReason ?? null,
    summary: created ? outcome.changes : NO_CHANGES,
    counts: created ? cmp.counts : NO_COUNTS,
    completed: outcome.completed,
    evidence,
  };
}

/**
 * Where the plan goes. Piped: the plan (with the diff for --dry-run and --diff), as
 * before. On a terminal the plan stays right above the question: the full diff comes
 * first (--diff inline; --dry-run through the pager) or is one answer of the question.
 */
async function showPlan(
  view: PlanView,
  input: RollbackCommandInput,
  ctx: CommandContext,
  screen: RollbackScreen,
): Promise<void> {
  if (!ctx.io.stdoutIsTTY)
    return screen.plan(view, { diff: input.dryRun === true || input.diff === true, compact: false });
  if (input.diff) await screen.diff(view, { inline: true });
  else if (input.dryRun) await screen.diff(view, { inline: false });
  screen.plan(view, { diff: false, compact: true });
}

/** --if-regressed: why it must not write after all (someone wrote meanwhile, or the current version is its own rollback). */
function regressionStop(
  plan: RollbackPlan,
  regression: RegressionResult,
): { why: UnchangedWhy; message: string } | null {
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

/** --if-regressed with nothing to do: exit 0, saying why. */
function skipped(
  workflow: { id: string; name: string },
  regression: RegressionResult,
  why: UnchangedWhy,
  message: string,
): RollbackResult {
  const current = regression.current?.version ?? null;
  return {
    status: 'unchanged',
    workflow,
    from: current,
    to: regression.previous?.version ?? null,
    version: current,
    reason: null,
    unchangedReason: why,
    message,
    summary: NO_CHANGES,
    counts: NO_COUNTS,
    completed: [],
    evidence: null,
    regression,
  };
}

/** What is wrong whatever the database holds: refused before connecting. */
function checkFlags(input: RollbackCommandInput): void {
  if (input.reason !== undefined && input.reason.trim() === '') {
    throw new UsageError('--reason is empty; say why you roll back, e.g. --reason "v6 broke invoices"');
  }
  if (input.to === 'previous' && !input.ifRegressed) {
    throw new UsageError(
      '--to previous goes with --if-regressed (the version the check compared with); without it, name the version: --to current~1',
    );
  }
  if (!input.ifRegressed && input.waitHealthy === undefined) {
    for (const [flag, value] of [
      ['--confidence', input.confidence],
      ['--min-runs', input.minRuns],
      ['--baseline', input.baseline],
    ] as const) {
      if (value !== undefined) throw new UsageError(`${flag} goes with --if-regressed or --wait-healthy`);
    }
  }
  if (input.waitHealthy !== undefined && input.dryRun)
    throw new UsageError('--wait-healthy follows the runs after a rollback; --dry-run writes none: give one of them');
  if (input.pollInterval !== undefined && input.waitHealthy === undefined)
    throw new UsageError('--poll-interval goes with --wait-healthy');
}

/**
 * The target's data is already current. Nothing new to write; a real run still finishes a write a
 * crash left unfinished. Should another writer change the workflow meanwhile, the rollback happens
 * after all (with the reason given), or, without a reason to record, refuses.
 */
async function rollbackNoop(
  ds: DataSource,
  plan: RollbackPlan,
  base: Pick<RollbackResult, 'workflow' | 'to' | 'completed' | 'message' | 'regression'> & { to: number },
  input: RollbackCommandInput,
  ctx: CommandContext,
): Promise<RollbackResult> {
  const result: RollbackResult = {
    ...base,
    status: 'unchanged',
    from: plan.current!.version,
    version: plan.current!.version,
    reason: input.reason?.trim() ?? null,
    unchangedReason: plan.noop!,
    summary: NO_CHANGES,
    counts: NO_COUNTS,
    evidence: null,
  };
  if (input.dryRun) return result;
  const reason = input.reason?.trim();
  const expectCurrent = input.expectCurrent ?? (reason === undefined ? plan.current!.version : undefined);
  const outcome = await rollbackWorkflow(ds, {
    workflowId: base.workflow.id,
    to: plan.target.version,
    target: plan.targetDoc,
    reason: reason ?? '',
    actor: await ctx.writeActor(),
    ...(expectCurrent !== undefined ? { expectCurrent } : {}),
  });
  if (outcome.status !== 'created')
    return {
      ...result,
      version: outcome.version,
      unchangedReason: outcome.unchangedReason ?? plan.noop!,
      completed: outcome.completed,
    };
  return {
    ...result,
    status: 'rolled_back',
    from: outcome.from,
    version: outcome.version,
    reason: reason ?? null,
    unchangedReason: null,
    summary: outcome.changes,
    counts: compareWorkflowData(plan.current?.workflowData ?? {}, plan.target.workflowData, { withoutLines: true })
      .counts,
    completed: outcome.completed,
  };
}
