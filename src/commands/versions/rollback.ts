/**
 * `wfctl rollback` (and `versions rollback`): the flags' checks, the questions
 * and the order of things; what the rollback decides about data (the
 * workflow, --if-regressed's gate, the plan and its stops, the write) is the
 * data layer's (data/actions/rollback.ts). Everything that can fail on what
 * exists or holds fails before consent is asked for: on a terminal the
 * question below the plan (rollback-ask.ts), without one the flags (--reason,
 * --yes). Prints nothing itself: rollback-print.ts does, through the screen
 * the wiring gives.
 */
import type { CommandContext } from '../../context.js';
import { plannedChanges, type VersionRef } from '../../data/versions/index.js';
import {
  applyRollback,
  decideRollback,
  evidenceFor,
  NO_CHANGES,
  NO_COUNTS,
  openRollback,
  rollbackGate,
  type RollbackDecision,
  type RollbackSkip,
} from '../../data/actions/index.js';
import type { RegressionResult } from '../../data/metrics/index.js';
import { UsageError } from '../../errors.js';
import { confirmRollback, NEED_TO, pickVersion, reasonFor, requireAnswers } from './rollback-ask.js';
import type { PlanView, RollbackCommandInput, RollbackResult, RollbackScreen } from './rollback-view.js';

export type {
  RollbackCommandInput,
  RollbackFlags,
  RollbackResult,
  RollbackScreen,
  UnchangedWhy,
} from './rollback-view.js';

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
  // a stale expectation is exit 1 whatever the plan would be (issue 19): checked before anything else
  const workflow = await openRollback(ds, input.workflow, input.expectCurrent);
  const canPrompt = ctx.io.canPrompt;
  let regression: RegressionResult | null = null;
  let to: VersionRef;
  if (input.ifRegressed) {
    const gate = await rollbackGate(
      ds,
      workflow,
      {
        ...(input.to !== undefined ? { to: input.to } : {}),
        ...(input.confidence !== undefined ? { confidence: input.confidence } : {}),
        ...(input.minRuns !== undefined ? { minRuns: input.minRuns } : {}),
        ...(input.baseline !== undefined ? { baselineMs: input.baseline } : {}),
      },
      ctx.now(),
      // before the verdict: a cron line without --yes fails every time, not only on the day it matters
      () => requireAnswers(input, canPrompt),
    );
    if (gate.kind === 'skip') return skipped(gate);
    ({ to, regression } = gate);
  } else if (input.to !== undefined) {
    to = input.to as VersionRef;
  } else {
    if (!canPrompt) throw new UsageError(`missing ${NEED_TO}: not asking, since stdin or stdout is not a terminal`);
    to = await pickVersion(ctx, ds, workflow.id);
  }
  const decision = await decideRollback(ds, workflow, to, {
    regression,
    ...(input.expectCurrent !== undefined ? { expectCurrent: input.expectCurrent } : {}),
  });
  if (decision.kind === 'skip') return skipped(decision);
  requireAnswers(input, canPrompt);
  // who acts is held to --identity before the question (a refused write is never asked for), and by a dry run too
  await ctx.writeActor();
  if (decision.plan.noop) return rollbackNoop(decision, input, ctx);
  return rollbackChange(decision, input, ctx, screen);
}

/** A rollback that changes the workflow: the reason, the plan shown, consent, the write. */
async function rollbackChange(
  decision: RollbackDecision,
  input: RollbackCommandInput,
  ctx: CommandContext,
  screen: RollbackScreen,
): Promise<RollbackResult> {
  const ds = await ctx.dataSource({ writes: true });
  const { plan, workflow, regression } = decision;
  const cmp = decision.cmp!;
  const base = baseOf(decision);
  const actor = await ctx.writeActor();
  // asked before the plan is shown, so that the plan's counts are the ones the write records
  const reason = input.dryRun ? (input.reason?.trim() ?? null) : await reasonFor(input, ctx);
  const evidence = await evidenceFor(ds, plan, ctx.now(), regression);
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
  // Ctrl-C while writing: the write (a few round trips) finishes, and says what it wrote
  const unregister = ctx.interrupts.onInterrupt(() => undefined);
  let applied;
  try {
    applied = await applyRollback(ds, decision, {
      reason: reason!,
      actor,
      evidence: evidence as unknown as Record<string, unknown>,
      ...(expectCurrent !== undefined ? { expectCurrent } : {}),
    });
  } finally {
    unregister();
  }
  if (applied.kind === 'skip') return skipped(applied);
  const { outcome, counts } = applied;
  const created = outcome.status === 'created';
  return {
    ...base,
    status: created ? 'rolled_back' : 'unchanged',
    from: outcome.from,
    version: outcome.version,
    reason: created ? reason : null,
    unchangedReason: outcome.unchangedReason ?? null,
    summary: created ? outcome.changes : NO_CHANGES,
    counts,
    completed: outcome.completed,
    evidence,
  };
}

function baseOf(decision: RollbackDecision) {
  return {
    workflow: decision.workflow,
    to: decision.plan.target.version,
    completed: [] as number[],
    message: decision.regression?.message ?? null,
    regression: decision.regression,
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

/** --if-regressed with nothing to do: exit 0, saying why. */
function skipped(skip: RollbackSkip): RollbackResult {
  const { workflow, regression } = skip;
  const current = regression.current?.version ?? null;
  return {
    status: 'unchanged',
    workflow,
    from: current,
    to: regression.previous?.version ?? null,
    version: current,
    reason: null,
    unchangedReason: skip.why,
    message: skip.message,
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
 * The target's data is already current: nothing new to write (a real run still finishes a
 * write a crash left unfinished; data/actions' applyRollback decides what happens should
 * another writer change the workflow meanwhile).
 */
async function rollbackNoop(
  decision: RollbackDecision,
  input: RollbackCommandInput,
  ctx: CommandContext,
): Promise<RollbackResult> {
  const { plan } = decision;
  const result: RollbackResult = {
    ...baseOf(decision),
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
  const ds = await ctx.dataSource({ writes: true });
  const applied = await applyRollback(ds, decision, {
    ...(input.reason !== undefined ? { reason: input.reason } : {}),
    actor: await ctx.writeActor(),
    ...(input.expectCurrent !== undefined ? { expectCurrent: input.expectCurrent } : {}),
  });
  if (applied.kind === 'skip') return skipped(applied);
  const { outcome } = applied;
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
    reason: input.reason?.trim() ?? null,
    unchangedReason: null,
    summary: outcome.changes,
    counts: applied.counts,
    completed: outcome.completed,
  };
}
