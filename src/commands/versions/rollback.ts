/**
 * `wfctl rollback` (and `versions rollback`): resolve the target, show what
 * will change (current -> target), ask unless --yes, then write through the
 * data layer's rollback. Refuses before touching the database when there is
 * no terminal to ask and the flags do not give the answers.
 */
import type { CommandContext } from '../../context.js';
import type { DataSource } from '../../data/core/index.js';
import { compareWorkflowData, type StructuralCounts, type WorkflowComparison } from '../../data/versions/index.js';
import type { ChangesSummary } from '../../data/versions/index.js';
import { checkExpectedCurrent, expectCurrentMismatch, planRollback, rollbackWorkflow, type RollbackPlan } from '../../data/versions/index.js';
import { listVersions, resolveVersionRef } from '../../data/versions/index.js';
import { checkWorkflowRegression, formatPValue, type RegressionResult } from '../../data/metrics/index.js';
import { describeEvidenceSide, evidenceFor, type RollbackEvidence } from './rollback-evidence.js';
import { isPlainObject } from '../../data/core/index.js';
import { resolveWorkflow } from '../../data/core/index.js';
import { deletedWorkflowError, CancelledError, CurrentVersionChangedError, UsageError } from '../../errors.js';
import type { VersionRef } from '../../data/versions/index.js';
import type { IOStreams } from '../../io.js';
import { askConfirm, askSelect, askText } from '../../prompt.js';
import { renderSummary, renderUnifiedDiff } from '../../render/diff.js';
import { printJson } from '../../render/json.js';
import { createTheme } from '../../render/theme.js';
import { oneLine } from '../../render/table.js';
import { isoTime } from '../../render/time.js';
import { labelsFor } from './compare.js';
import { quoteInput } from '../../quote.js';

/** The flags of `rollback` (commands/rollback/index.ts defines them). */
export interface RollbackFlags {
  /** 'previous': with --if-regressed, the version the check compared with */
  to?: VersionRef | 'previous';
  reason?: string;
  yes?: boolean;
  dryRun?: boolean;
  expectCurrent?: number;
  json?: boolean;
  ifRegressed?: boolean;
  confidence?: number;
  minRuns?: number;
  baseline?: number;
}

export interface RollbackCommandInput extends RollbackFlags {
  workflow: string;
}

export interface RollbackResult {
  status: 'rolled_back' | 'unchanged' | 'dry_run';
  workflow: { id: string; name: string };
  /** the version current before (rolled_back, dry_run); null when unchanged */
  from: number | null;
  /** the version whose data is restored (--if-regressed without a version to compare with: null) */
  to: number | null;
  /** rolled_back: the new version; dry_run: the number it would most likely get; unchanged: the current one (null: no versions) */
  version: number | null;
  reason: string | null;
  /**
   * unchanged: why. --if-regressed adds not-regressed, insufficient-data (the
   * check could not judge), automatic-rollback (the current version is one
   * --if-regressed wrote) and current-changed (someone wrote meanwhile)
   */
  unchangedReason: UnchangedWhy | null;
  /** --if-regressed: the check's verdict in one line */
  message: string | null;
  /** how the current and the target version ran while live; null when nothing was planned */
  evidence: RollbackEvidence | null;
  /** --if-regressed: the regression check */
  regression: RegressionResult | null;
  /** what changes, current -> target: the backend's counts (its compare's changes_summary) and the structural ones */
  summary: ChangesSummary;
  counts: StructuralCounts;
  /** versions an interrupted write had left unfinished, finished first */
  completed: number[];
}

export type UnchangedWhy = 'already-current' | 'same-data' | 'not-regressed' | 'insufficient-data' | 'automatic-rollback' | 'current-changed';

const NEED_TO = '--to <version> (a number, current~N)';
const NO_CHANGES: ChangesSummary = { values_changed: 0, items_added: 0, items_removed: 0 };

/** What the rollback is about to do, shown before it asks (not with --json): the plan, the evidence and what changes. */
export type ShowPlan = (plan: RollbackPlan, cmp: WorkflowComparison, withDiff: boolean, evidence: RollbackEvidence | null) => void;

/**
 * Plans, asks (on a terminal) and writes the rollback; prints nothing itself:
 * `showPlan` shows the plan before the questions, the caller prints the result.
 */
export async function runRollbackCommand(input: RollbackCommandInput, ctx: CommandContext, showPlan: ShowPlan): Promise<RollbackResult> {
  checkFlags(input, ctx.io.canPrompt);
  // a rollback decides on what it reads: from the primary, whatever --read-preference says
  const ds = await ctx.dataSource({ writes: true });
  const wf = await resolveWorkflow(ds, input.workflow);
  if (wf.deleted) throw deletedWorkflowError(wf.id);
  if (input.expectCurrent !== undefined) await checkExpectedCurrent(ds, wf.id, input.expectCurrent);
  const workflow = { id: wf.id, name: wf.name };
  let regression: RegressionResult | null = null;
  let to: VersionRef;
  if (input.ifRegressed) {
    // a version that does not exist is an error whatever the check says
    if (input.to !== undefined && input.to !== 'previous') await resolveVersionRef(ds, wf.id, input.to);
    regression = await checkWorkflowRegression(
      ds,
      { workflowId: wf.id, confidence: input.confidence ?? 0.95, minRuns: input.minRuns ?? 20, baselineMs: input.baseline ?? 7 * 86_400_000 },
      ctx.now(),
    );
    if (regression.outcome !== 'worse') {
      return skipped(workflow, regression, regression.outcome === 'not-worse' ? 'not-regressed' : 'insufficient-data', regression.message);
    }
    to = input.to === undefined || input.to === 'previous' ? { kind: 'number', version: regression.previous!.version } : input.to;
  } else {
    to = (input.to as VersionRef | undefined) ?? (await pickVersion(ctx, ds, wf.id));
  }
  const plan = await planRollback(ds, wf.id, to);
  const base = { workflow, to: plan.target.version, completed: [] as number[], message: regression?.message ?? null, regression };
  if (regression) {
    const regressed = regression.current!.version;
    if (plan.current?.version !== regressed) {
      return skipped(workflow, regression, 'current-changed', `the current version is ${plan.current?.version ?? 'none'} now, not the regressed ${regressed}: someone wrote meanwhile; not rolling back`);
    }
    const written = isPlainObject(plan.currentDoc?.rollback_evidence) ? plan.currentDoc!.rollback_evidence : null;
    if (written?.trigger === 'if-regressed') {
      return skipped(
        workflow,
        regression,
        'automatic-rollback',
        `v${regressed} is the rollback --if-regressed wrote; it does not roll back its own rollbacks: a person decides what comes next (${regression.message})`,
      );
    }
  }
  if (input.expectCurrent !== undefined && (plan.current?.version ?? null) !== input.expectCurrent) {
    throw expectCurrentMismatch(wf.id, plan.current?.version ?? null, input.expectCurrent);
  }
  if (plan.noop) return rollbackNoop(ds, plan, base, input, ctx);
  const evidence = await evidenceFor(ds, plan, ctx.now(), regression);
  const cmp = compareWorkflowData(plan.current?.workflowData ?? {}, plan.target.workflowData, { context: 3 });
  if (!input.json) showPlan(plan, cmp, input.dryRun === true || ctx.io.stdoutIsTTY, evidence);
  if (input.dryRun) {
    return {
      ...base,
      status: 'dry_run',
      from: plan.current?.version ?? null,
      version: plan.newVersion,
      reason: input.reason?.trim() ?? null,
      unchangedReason: null,
      summary: cmp.summary,
      counts: cmp.counts,
      evidence,
    };
  }
  const confirmed = await confirm(plan, wf.id, input, ctx);
  // --if-regressed writes only on top of the version it judged
  const expectCurrent = regression ? regression.current!.version : confirmed.expectCurrent;
  let outcome;
  try {
    outcome = await rollbackWorkflow(ds, {
      workflowId: wf.id,
      to: plan.target.version,
      target: plan.targetDoc,
      basis: plan.currentDoc,
      reason: confirmed.reason,
      actor: ctx.actor(),
      evidence: evidence as unknown as Record<string, unknown>,
      ...(expectCurrent !== undefined ? { expectCurrent } : {}),
    });
  } catch (err) {
    if (regression && err instanceof CurrentVersionChangedError) {
      return skipped(workflow, regression, 'current-changed', `another write came first (${err.message}); not rolling back`);
    }
    throw err;
  }
  return {
    ...base,
    status: outcome.status === 'created' ? 'rolled_back' : 'unchanged',
    from: outcome.from,
    version: outcome.version,
    reason: outcome.status === 'created' ? confirmed.reason : null,
    unchangedReason: outcome.unchangedReason ?? null,
    summary: outcome.status === 'created' ? outcome.changes : NO_CHANGES,
    counts: outcome.status === 'created' ? cmp.counts : { added: 0, removed: 0, modified: 0, moved: 0 },
    completed: outcome.completed,
    evidence,
  };
}

/** --if-regressed with nothing to do: exit 0, saying why. */
function skipped(workflow: { id: string; name: string }, regression: RegressionResult, why: UnchangedWhy, message: string): RollbackResult {
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
    counts: { added: 0, removed: 0, modified: 0, moved: 0 },
    completed: [],
    evidence: null,
    regression,
  };
}

/** Without a terminal every answer must be on the line: --to, --reason and --yes (or --dry-run). */
function checkFlags(input: RollbackCommandInput, canPrompt: boolean): void {
  if (input.reason !== undefined && input.reason.trim() === '') {
    throw new UsageError('--reason is empty; say why you roll back, e.g. --reason "v6 broke invoices"');
  }
  if (input.to === 'previous' && !input.ifRegressed) {
    throw new UsageError('--to previous goes with --if-regressed (the version the check compared with); without it, name the version: --to current~1');
  }
  if (!input.ifRegressed) {
    for (const [flag, value] of [['--confidence', input.confidence], ['--min-runs', input.minRuns], ['--baseline', input.baseline]] as const) {
      if (value !== undefined) throw new UsageError(`${flag} goes with --if-regressed`);
    }
  }
  if (canPrompt) return;
  if (!input.to && !input.ifRegressed) throw new UsageError(`missing ${NEED_TO}: not asking, since stdin or stdout is not a terminal`);
  if (input.reason === undefined && !input.dryRun) {
    throw new UsageError('missing --reason <text>: a rollback records why; not asking, since stdin or stdout is not a terminal');
  }
  if (!input.yes && !input.dryRun) {
    throw new UsageError('confirm the rollback: not asking, since stdin or stdout is not a terminal; pass --yes (or --dry-run to only look)');
  }
}

/** The reason (asked for when not given) and the confirmation (unless --yes); a "no" cancels (exit 130). */
async function confirm(plan: RollbackPlan, workflowId: string, input: RollbackCommandInput, ctx: CommandContext): Promise<{ reason: string; expectCurrent: number | undefined }> {
  const reason =
    input.reason?.trim() ??
    (await askText(ctx.io, 'Reason for the rollback (recorded in the audit trail):', { flag: '--reason', purpose: 'give the reason for the rollback' }, (v) =>
      v.trim() === '' ? 'a reason is required' : true,
    )).trim();
  let expectCurrent = input.expectCurrent;
  if (!input.yes) {
    const ok = await askConfirm(
      ctx.io,
      `Roll ${workflowId} back to version ${plan.target.version}${plan.current ? ` (current: ${plan.current.version})` : ''}?`,
      { flag: '--yes', purpose: 'confirm the rollback' },
    );
    // a declined confirmation is the person changing their mind, as Ctrl-C is: not a failure
    if (!ok) throw new CancelledError();
    // what a person confirmed is what gets written: refuse if someone wrote in between
    expectCurrent ??= plan.current?.version;
  }
  return { reason, expectCurrent };
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
    counts: { added: 0, removed: 0, modified: 0, moved: 0 },
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
    actor: ctx.actor(),
    ...(expectCurrent !== undefined ? { expectCurrent } : {}),
  });
  if (outcome.status !== 'created') return { ...result, version: outcome.version, unchangedReason: outcome.unchangedReason ?? plan.noop!, completed: outcome.completed };
  return {
    ...result,
    status: 'rolled_back',
    from: outcome.from,
    version: outcome.version,
    reason: reason ?? null,
    unchangedReason: null,
    summary: outcome.changes,
    counts: compareWorkflowData(plan.current?.workflowData ?? {}, plan.target.workflowData, { withoutLines: true }).counts,
    completed: outcome.completed,
  };
}

/** On a terminal without --to: a list of versions to pick from. */
async function pickVersion(ctx: CommandContext, ds: DataSource, workflowId: string) {
  const { versions } = await listVersions(ds, workflowId, { limit: 50 });
  const earlier = versions.filter((v) => v !== versions[0]);
  // columns aligned: number, time (UTC), user, then the description
  const numberWidth = Math.max(0, ...earlier.map((v) => `v${v.version}`.length));
  const userWidth = Math.min(24, Math.max(0, ...earlier.map((v) => (v.changedBy ?? '?').length)));
  const cut = (text: string, width: number) => (text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width));
  const choices = earlier.map((v) => ({
    name: `${`v${v.version}`.padEnd(numberWidth)}  ${isoTime(v.changedAt).slice(0, 16).replace('T', ' ') || '?'.padEnd(16)} UTC  ${cut(v.changedBy ?? '?', userWidth)}  ${oneLine(v.description ?? '')}${v.rollbackOf !== null ? ` (restores v${v.rollbackOf})` : ''}`.trimEnd(),
    value: v.version,
  }));
  if (choices.length === 0) throw new UsageError(`workflow ${quoteInput(workflowId)} has no earlier version to roll back to`);
  const version = await askSelect(ctx.io, `Roll ${workflowId} back to which version? (current: ${versions[0]!.version})`, choices, {
    flag: NEED_TO,
    purpose: 'choose the version',
  });
  return { kind: 'number' as const, version };
}

export function printPlan(plan: RollbackPlan, cmp: WorkflowComparison, io: IOStreams, withDiff: boolean, evidence: RollbackEvidence | null = null): void {
  const t = createTheme(io.colorStdout);
  const from = plan.current?.version ?? 0;
  io.out(`${t.bold(`Rollback of ${plan.workflowId}: current version ${from} -> version ${plan.target.version}, saved as version ${plan.newVersion}`)}\n`);
  if (evidence) {
    io.out(`${describeEvidenceSide('current', evidence.current)}; ${describeEvidenceSide('target', evidence.target)}\n`);
    if (evidence.regression?.pValue != null) {
      io.out(`${t.warning(`regression: one-sided Fisher exact p = ${formatPValue(evidence.regression.pValue)} < ${formatPValue(Number((1 - evidence.regression.confidence).toPrecision(6)))}`)}\n`);
    }
  }
  const labels = labelsFor(plan.workflowId, from, plan.target.version);
  io.out(renderSummary(cmp, labels, t, withDiff ? 200 : 20));
  if (withDiff && !cmp.identical) io.out(`\n${renderUnifiedDiff(cmp.hunks, labels, t)}`);
  io.out('\n');
}

export function printRollback(r: RollbackResult, io: IOStreams, json: boolean | undefined): void {
  if (json) return printJson(io, r);
  const t = createTheme(io.colorStdout);
  for (const n of r.completed) io.note(`note: finished version ${n}, which another write had left unfinished\n`);
  if (r.status === 'unchanged') {
    const why: Record<UnchangedWhy, () => string> = {
      'already-current': () => `Nothing to do: version ${r.to} is already the current version of ${r.workflow.id}.`,
      'same-data': () => `Nothing to do: the current version ${r.version} of ${r.workflow.id} already has version ${r.to}'s workflow_data.`,
      'not-regressed': () => `Not rolling back ${r.workflow.id}: ${r.message}.`,
      'insufficient-data': () => `Not rolling back ${r.workflow.id}: too little to judge: ${r.message}.`,
      'automatic-rollback': () => `Not rolling back ${r.workflow.id}: ${r.message}.`,
      'current-changed': () => `Not rolling back ${r.workflow.id}: ${r.message}.`,
    };
    io.out(`${why[r.unchangedReason ?? 'already-current']()}\n`);
  } else if (r.status === 'dry_run') {
    io.out(`Dry run: would roll ${r.workflow.id} back to version ${r.to} as version ${r.version}; nothing was written.\n`);
  } else {
    io.out(`${t.success('✓')} Rolled back ${r.workflow.id} to version ${r.to}: version ${r.version} is now current (was ${r.from ?? 'none'}).\n`);
  }
}
