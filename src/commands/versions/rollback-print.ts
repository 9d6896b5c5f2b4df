/**
 * What the rollback prints: the plan (the header naming the workflow, the
 * evidence, what changes), the full diff (through the pager on a terminal),
 * and the result with the command that undoes it. On a terminal the plan is
 * sized to stay on one screen with the question below it.
 */
import type { Change } from '../../data/versions/index.js';
import { formatPValue } from '../../data/metrics/index.js';
import type { Interrupts } from '../../interrupt.js';
import type { IOStreams } from '../../io.js';
import { page } from '../../pager.js';
import { escapeControls, quoteInput } from '../../quote.js';
import { changesText, renderChange, renderUnifiedDiff } from '../../render/diff.js';
import { printJson } from '../../render/json.js';
import { displayWidth } from '../../render/table.js';
import { createTheme, type Theme } from '../../render/theme.js';
import { labelsFor } from './compare.js';
import { describeEvidenceSide } from './rollback-evidence.js';
import type { PlanView, RollbackResult, UnchangedWhy } from './rollback-view.js';

/** A workflow id as people read it: an ObjectId's first 8 hex digits (as git shows a commit), any other id whole. */
export function shortId(id: string): string {
  return /^[0-9a-f]{24}$/i.test(id) ? id.slice(0, 8) : escapeControls(id);
}

/** `"Fraud screening" (6ade4a53)`: the name, quoted and escaped (a name is anyone's text), and the short id. */
export function workflowTitle(w: { id: string; name: string }): string {
  return w.name && w.name !== w.id ? `${quoteInput(w.name, 40)} (${shortId(w.id)})` : quoteInput(w.id, 40);
}

/** The question: `Roll "Fraud screening" (6ade4a53) back from v12 to v11?` */
export function rollbackQuestion(view: PlanView): string {
  const from = view.plan.current ? ` from v${view.plan.current.version}` : '';
  return `Roll ${workflowTitle(view.workflow)} back${from} to v${view.plan.target.version}?`;
}

/** An argument a shell reads back as it is: bare when it can be, else single-quoted ($'...' with control characters). */
export function shellWord(text: string): string {
  if (/^[A-Za-z0-9._@%+=:,/-]+$/.test(text)) return text;
  if (escapeControls(text) === text) return `'${text.replace(/'/g, `'\\''`)}'`;
  return `$'${escapeControls(text.replace(/\\/g, '\\\\').replace(/'/g, "\\'"))}'`;
}

/** The command that undoes a rollback: back to the version it replaced, by id (a name may have spaces or twins). */
export function undoCommand(r: Pick<RollbackResult, 'workflow' | 'from'>): string | null {
  return r.from === null ? null : `wfctl rollback ${shellWord(r.workflow.id)} --to ${r.from}`;
}

/** Lines the compact plan leaves for the other lines of a screen: the command line, the header, the evidence, the counts, the question's five. */
const COMPACT_RESERVED = 17;

/**
 * The plan. Compact (a terminal, before the question): as many changed paths as leave
 * room for the question on one screen, each cut to one line; otherwise up to 200 of them
 * (20 without the diff), and the full diff after them when `diff`.
 */
export function printPlan(view: PlanView, io: IOStreams, options: { diff: boolean; compact: boolean }): void {
  const t = createTheme(io.colorStdout);
  const { plan, cmp, evidence } = view;
  const from = plan.current?.version ?? 0;
  io.out(
    `${t.bold(`Rollback of ${workflowTitle(view.workflow)}: v${from} -> v${plan.target.version}, saved as v${plan.newVersion}`)}\n`,
  );
  if (evidence) {
    io.out(
      `  ${describeEvidenceSide('current', evidence.current)}\n  ${describeEvidenceSide('target ', evidence.target)}\n`,
    );
    if (evidence.regression?.pValue != null) {
      io.out(
        `${t.warning(`regression: one-sided Fisher exact p = ${formatPValue(evidence.regression.pValue)} < ${formatPValue(Number((1 - evidence.regression.confidence).toPrecision(6)))}`)}\n`,
      );
    }
  }
  const c = cmp.counts;
  const paths = cmp.identical
    ? 'the definitions are identical'
    : [
        `${c.added} added`,
        `${c.removed} removed`,
        `${c.modified} modified`,
        ...(c.moved > 0 ? [`${c.moved} moved`] : []),
      ].join(', ');
  io.out(`${t.bold(`by path, v${from} -> v${plan.target.version}:`)} ${paths}\n`);
  // the counts the audit record keeps and `versions compare <from> <new>` shows: one count of a change
  io.out(`${t.muted(`backend count, v${from} -> v${plan.newVersion}: ${changesText(view.summary)}`)}\n`);
  const limit = options.compact ? Math.max(3, io.rows - COMPACT_RESERVED) : options.diff ? 200 : 20;
  const width = io.columns - 1;
  for (const change of cmp.changes.slice(0, limit))
    io.out(`${options.compact ? compactChange(change, t, width) : renderChange(change, t)}\n`);
  if (cmp.changes.length > limit) {
    const more = options.compact ? '"View the diff" shows every change' : '--dry-run --json lists all';
    io.out(`${t.muted(`  ... and ${cmp.changes.length - limit} more (${more})`)}\n`);
  }
  const labels = labelsFor(shortId(view.workflow.id), from, plan.target.version);
  if (options.diff && !cmp.identical) io.out(`\n${renderUnifiedDiff(cmp.hunks, labels, t)}`);
  if (!options.compact) io.out('\n');
}

/** A changed path on one line of the screen: cut to `width`, coloured by its kind. */
function compactChange(change: Change, t: Theme, width: number): string {
  const plain = renderChange(change, createTheme(false));
  const text = cutTo(plain, width);
  const colour = { added: t.added, removed: t.removed, modified: t.changed, moved: t.accent }[change.kind];
  return colour(text);
}

function cutTo(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let out = '';
  for (const ch of text) {
    if (displayWidth(out + ch) > width - 1) break;
    out += ch;
  }
  return `${out}…`;
}

/** The full diff, current -> target: through the pager on a terminal (`inline`: printed as it is). */
export async function printRollbackDiff(
  view: PlanView,
  io: IOStreams,
  interrupts: Interrupts,
  inline: boolean,
): Promise<void> {
  const t = createTheme(io.colorStdout);
  const from = view.plan.current?.version ?? 0;
  const labels = labelsFor(shortId(view.workflow.id), from, view.plan.target.version);
  const text = view.cmp.identical
    ? `v${from} and v${view.plan.target.version} have the same definition.\n`
    : renderUnifiedDiff(view.cmp.hunks, labels, t);
  if (inline) io.out(`${text}\n`);
  else await page(io, interrupts, text);
}

export function printRollback(r: RollbackResult, io: IOStreams, json: boolean | undefined): void {
  if (json) return printJson(io, r);
  const t = createTheme(io.colorStdout);
  for (const n of r.completed) io.err(`note: finished version ${n}, which another write had left unfinished\n`);
  if (r.status === 'unchanged') {
    const why: Record<UnchangedWhy, () => string> = {
      'already-current': () => `Nothing to do: version ${r.to} is already the current version of ${r.workflow.id}.`,
      'same-data': () =>
        `Nothing to do: the current version ${r.version} of ${r.workflow.id} already has version ${r.to}'s workflow_data.`,
      'not-regressed': () => `Not rolling back ${r.workflow.id}: ${r.message}.`,
      'insufficient-data': () => `Not rolling back ${r.workflow.id}: too little to judge: ${r.message}.`,
      'automatic-rollback': () => `Not rolling back ${r.workflow.id}: ${r.message}.`,
      'current-changed': () => `Not rolling back ${r.workflow.id}: ${r.message}.`,
    };
    io.out(`${why[r.unchangedReason ?? 'already-current']()}\n`);
  } else if (r.status === 'dry_run') {
    io.out(`Dry run: would save v${r.version} (a copy of v${r.to}; now v${r.from ?? 'none'}); nothing was written.\n`);
  } else {
    io.out(
      `${t.success('✓')} Rolled back ${workflowTitle(r.workflow)}: now v${r.version} (a copy of v${r.to}; was v${r.from ?? 'none'})\n`,
    );
    const undo = undoCommand(r);
    if (undo) io.out(`  to undo: ${undo}\n`);
  }
}
