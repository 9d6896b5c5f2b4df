/**
 * The rollback's questions to a person at a terminal: which version (each
 * with how it ran while live), why, and whether, with the full diff one
 * answer away. Without a terminal nothing is asked: `requireAnswers` names
 * the flags that give the answers, once everything else has been checked.
 */
import type { CommandContext } from '../../context.js';
import type { DataSource } from '../../data/core/index.js';
import { versionHealth } from '../../data/metrics/index.js';
import { listVersions, type VersionRef } from '../../data/versions/index.js';
import { CancelledError, UsageError } from '../../errors.js';
import { askSelect, askText } from '../../prompt.js';
import { quoteInput } from '../../quote.js';
import { oneLine } from '../../render/table.js';
import { isoTime } from '../../render/time.js';
import { rollbackQuestion } from './rollback-print.js';
import type { PlanView, RollbackCommandInput, RollbackScreen } from './rollback-view.js';

export const NEED_TO = '--to <version> (a number, current~N)';

/**
 * Without a terminal every answer must be on the line: --reason and --yes (or --dry-run).
 * Called after the workflow, the version and every check were resolved: what does not
 * exist, or does not hold, is said first.
 */
export function requireAnswers(input: RollbackCommandInput, canPrompt: boolean): void {
  if (canPrompt || input.dryRun) return;
  if (input.reason === undefined) {
    throw new UsageError(
      'missing --reason <text>: a rollback records why; not asking, since stdin or stdout is not a terminal',
    );
  }
  if (!input.yes) {
    throw new UsageError(
      'confirm the rollback: not asking, since stdin or stdout is not a terminal; pass --yes (or --dry-run to only look)',
    );
  }
}

/** The reason, from --reason or asked for; recorded on the version and in the audit trail. */
export async function reasonFor(input: RollbackCommandInput, ctx: CommandContext): Promise<string> {
  if (input.reason !== undefined) return input.reason.trim();
  const answer = await askText(
    ctx.io,
    'Reason for the rollback (recorded in the audit trail):',
    { flag: '--reason', purpose: 'give the reason for the rollback' },
    (v) => (v.trim() === '' ? 'a reason is required' : true),
  );
  return answer.trim();
}

type Answer = 'diff' | 'yes' | 'no';

/**
 * The question, with the plan right above it. "View the diff" (the first answer, so that
 * Enter alone never writes) pages the full diff, then shows the plan and asks again.
 * "No" cancels (exit 130): the person changed their mind, as with Ctrl-C.
 */
export async function confirmRollback(view: PlanView, screen: RollbackScreen, ctx: CommandContext): Promise<void> {
  for (;;) {
    const answer = await askSelect<Answer>(
      ctx.io,
      rollbackQuestion(view),
      [
        { name: 'View the diff', value: 'diff', short: 'View the diff' },
        { name: `Yes, roll back to v${view.plan.target.version}`, value: 'yes', short: 'Yes' },
        { name: 'No, cancel (nothing is written)', value: 'no', short: 'No' },
      ],
      { flag: '--yes', purpose: 'confirm the rollback' },
    );
    if (answer === 'yes') return;
    if (answer === 'no') throw new CancelledError();
    await screen.diff(view, { inline: false });
    screen.plan(view, { diff: false, compact: true });
  }
}

/** On a terminal without --to: the versions to pick from, each with how it ran while live (one read of the runs for all). */
export async function pickVersion(ctx: CommandContext, ds: DataSource, workflowId: string): Promise<VersionRef> {
  const { versions } = await listVersions(ds, workflowId, { limit: 50 });
  const earlier = versions.filter((v) => v !== versions[0]);
  if (earlier.length === 0)
    throw new UsageError(`workflow ${quoteInput(workflowId)} has no earlier version to roll back to`);
  // the list is the newest versions: every version above the oldest listed one is in it, as the attribution needs
  const health = await versionHealth(ds, { workflowId, versions, now: ctx.now() });
  const healthOf = new Map(health.map((h) => [h.version, h]));
  // columns aligned: number, time (UTC), user, health, then the description
  const numberWidth = Math.max(0, ...earlier.map((v) => `v${v.version}`.length));
  const userWidth = Math.min(16, Math.max(0, ...earlier.map((v) => (v.changedBy ?? '?').length)));
  const runs = earlier.map((v) => runsText(healthOf.get(v.version)));
  const rates = earlier.map((v) => rateText(healthOf.get(v.version)));
  const runsWidth = Math.max(0, ...runs.map((f) => f.length));
  const rateWidth = Math.max(0, ...rates.map((f) => f.length));
  const cut = (text: string, width: number) =>
    text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
  const choices = earlier.map((v, i) => {
    const when = isoTime(v.changedAt).slice(0, 16).replace('T', ' ') || '?'.padEnd(16);
    const restores = v.rollbackOf !== null ? ` (restores v${v.rollbackOf})` : '';
    const line = `${`v${v.version}`.padEnd(numberWidth)}  ${when}  ${cut(v.changedBy ?? '?', userWidth)}  ${runs[i]!.padStart(runsWidth)}  ${rates[i]!.padStart(rateWidth)}  ${oneLine(v.description ?? '')}${restores}`;
    // one line of the screen each: a long description is cut
    return { name: cut(line.trimEnd(), Math.max(40, ctx.io.columns - 4)).trimEnd(), value: v.version };
  });
  const version = await askSelect(
    ctx.io,
    `Roll back to which version? (current: v${versions[0]!.version}; runs and ok % while each was live)`,
    choices,
    {
      flag: NEED_TO,
      purpose: 'choose the version',
    },
  );
  return { kind: 'number', version };
}

/** "412 runs": how often a version ran while it was live. */
function runsText(h: { runs: number } | undefined): string {
  return h ? `${h.runs.toLocaleString('en-US')} run${h.runs === 1 ? '' : 's'}` : '';
}

/** "71.2% ok"; empty without finished runs. */
function rateText(h: { successRate: number | null } | undefined): string {
  return h?.successRate == null ? '' : `${h.successRate.toFixed(1)}% ok`;
}
