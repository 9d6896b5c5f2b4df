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
import { planRollback, rollbackWorkflow, type RollbackPlan } from '../../data/versions/index.js';
import { listVersions } from '../../data/versions/index.js';
import { resolveWorkflow } from '../../data/core/index.js';
import { deletedWorkflowError, CancelledError, RuntimeError, UsageError } from '../../errors.js';
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
  to?: VersionRef;
  reason?: string;
  yes?: boolean;
  dryRun?: boolean;
  expectCurrent?: number;
  json?: boolean;
}

export interface RollbackCommandInput extends RollbackFlags {
  workflow: string;
}

export interface RollbackResult {
  status: 'rolled_back' | 'unchanged' | 'dry_run';
  workflow: { id: string; name: string };
  /** the version current before (rolled_back, dry_run); null when unchanged */
  from: number | null;
  /** the version whose data is restored */
  to: number;
  /** rolled_back: the new version; dry_run: the number it would most likely get; unchanged: the current one */
  version: number;
  reason: string | null;
  /** unchanged: why */
  unchangedReason: 'already-current' | 'same-data' | null;
  /** what changes, current -> target: the backend's counts (its compare's changes_summary) and the structural ones */
  summary: ChangesSummary;
  counts: StructuralCounts;
  /** versions an interrupted write had left unfinished, finished first */
  completed: number[];
}

const NEED_TO = '--to <version> (a number, current~N)';
const NO_CHANGES: ChangesSummary = { values_changed: 0, items_added: 0, items_removed: 0 };

/** What the rollback is about to do, shown before it asks (not with --json): the plan and what changes. */
export type ShowPlan = (plan: RollbackPlan, cmp: WorkflowComparison, withDiff: boolean) => void;

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
  const to = input.to ?? (await pickVersion(ctx, ds, wf.id));
  const plan = await planRollback(ds, wf.id, to);
  const base = { workflow: { id: wf.id, name: wf.name }, to: plan.target.version, completed: [] as number[] };
  if (plan.noop) return rollbackNoop(ds, plan, base, input, ctx);
  if (input.expectCurrent !== undefined && plan.current?.version !== input.expectCurrent) {
    throw new RuntimeError(
      `the current version of ${quoteInput(wf.id)} is ${plan.current?.version ?? 'none'}, not ${input.expectCurrent} (--expect-current); nothing was written`,
      { hint: 'someone else changed it: look at wfctl versions list, then decide again' },
    );
  }
  const cmp = compareWorkflowData(plan.current?.workflowData ?? {}, plan.target.workflowData, { context: 3 });
  if (!input.json) showPlan(plan, cmp, input.dryRun === true || ctx.io.stdoutIsTTY);
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
    };
  }
  const { reason, expectCurrent } = await confirm(plan, wf.id, input, ctx);
  const outcome = await rollbackWorkflow(ds, {
    workflowId: wf.id,
    to: plan.target.version,
    target: plan.targetDoc,
    basis: plan.currentDoc,
    reason,
    actor: ctx.actor(),
    ...(expectCurrent !== undefined ? { expectCurrent } : {}),
  });
  return {
    ...base,
    status: outcome.status === 'created' ? 'rolled_back' : 'unchanged',
    from: outcome.from,
    version: outcome.version,
    reason: outcome.status === 'created' ? reason : null,
    unchangedReason: outcome.unchangedReason ?? null,
    summary: outcome.status === 'created' ? outcome.changes : NO_CHANGES,
    counts: outcome.status === 'created' ? cmp.counts : { added: 0, removed: 0, modified: 0, moved: 0 },
    completed: outcome.completed,
  };
}

/** Without a terminal every answer must be on the line: --to, --reason and --yes (or --dry-run). */
function checkFlags(input: RollbackCommandInput, canPrompt: boolean): void {
  if (input.reason !== undefined && input.reason.trim() === '') {
    throw new UsageError('--reason is empty; say why you roll back, e.g. --reason "v6 broke invoices"');
  }
  if (canPrompt) return;
  if (!input.to) throw new UsageError(`missing ${NEED_TO}: not asking, since stdin or stdout is not a terminal`);
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
  base: Pick<RollbackResult, 'workflow' | 'to' | 'completed'>,
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

export function printPlan(plan: RollbackPlan, cmp: WorkflowComparison, io: IOStreams, withDiff: boolean): void {
  const t = createTheme(io.colorStdout);
  const from = plan.current?.version ?? 0;
  io.out(`${t.bold(`Rollback of ${plan.workflowId}: current version ${from} -> version ${plan.target.version}, saved as version ${plan.newVersion}`)}\n`);
  const labels = labelsFor(plan.workflowId, from, plan.target.version);
  io.out(renderSummary(cmp, labels, t, withDiff ? 200 : 20));
  if (withDiff && !cmp.identical) io.out(`\n${renderUnifiedDiff(cmp.hunks, labels, t)}`);
  io.out('\n');
}

export function printRollback(r: RollbackResult, io: IOStreams, json: boolean | undefined): void {
  if (json) return printJson(io, r);
  const t = createTheme(io.colorStdout);
  for (const n of r.completed) io.err(`note: finished version ${n}, which another write had left unfinished\n`);
  if (r.status === 'unchanged') {
    io.out(
      r.unchangedReason === 'already-current'
        ? `Nothing to do: version ${r.to} is already the current version of ${r.workflow.id}.\n`
        : `Nothing to do: the current version ${r.version} of ${r.workflow.id} already has version ${r.to}'s workflow_data.\n`,
    );
  } else if (r.status === 'dry_run') {
    io.out(`Dry run: would roll ${r.workflow.id} back to version ${r.to} as version ${r.version}; nothing was written.\n`);
  } else {
    io.out(`${t.success('✓')} Rolled back ${r.workflow.id} to version ${r.to}: version ${r.version} is now current (was ${r.from ?? 'none'}).\n`);
  }
}
