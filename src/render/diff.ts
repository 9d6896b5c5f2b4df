/**
 * Rendering comparisons of workflow states: the structural summary by path,
 * a coloured unified diff of canonical JSON, a --stat line, and workflow
 * JSON highlighted for `versions show` on a terminal.
 */
import type { StructuredPatchHunk } from 'diff';
import type { Change, WorkflowComparison } from '../data/versions/index.js';
import type { ChangesSummary } from '../data/versions/index.js';
import { toExtendedJson } from '../data/core/index.js';
import { oneLine } from './table.js';
import type { Theme } from './theme.js';

export interface DiffLabels {
  /** "wf-invoices@5" */
  old: string;
  new: string;
  /** the workflow's name, shown beside the labels where a person reads them */
  name?: string | null;
}

/** " (Invoice sync)" when the labels carry a name, control characters escaped. */
function nameSuffix(labels: DiffLabels): string {
  return labels.name ? ` (${oneLine(labels.name)})` : '';
}

/** A value on one line, cut to `max` characters. */
export function shortValue(value: unknown, max = 60): string {
  let text: string;
  if (value === undefined) text = 'undefined';
  else if (value instanceof Date) text = value.toISOString();
  else if (typeof value === 'string') text = JSON.stringify(value);
  else text = toExtendedJson(value);
  text = oneLine(text);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function renderChange(c: Change, t: Theme): string {
  switch (c.kind) {
    case 'added':
      return `  ${t.added('+')} ${c.path}: ${t.added(shortValue(c.new))}`;
    case 'removed':
      return `  ${t.removed('-')} ${c.path}: ${t.removed(shortValue(c.old))}`;
    case 'modified':
      return `  ${t.changed('~')} ${c.path}: ${t.removed(shortValue(c.old))} -> ${t.added(shortValue(c.new))}`;
    case 'moved':
      return `  ${t.accent('>')} ${c.path}: moved from position ${c.from} to ${c.to}`;
  }
}

/** Headline counts and one line per changed path (at most `limit`). */
export function renderSummary(cmp: WorkflowComparison, labels: DiffLabels, t: Theme, limit = 200): string {
  if (cmp.identical) return `${labels.old} and ${labels.new}${nameSuffix(labels)} are identical.\n`;
  const c = cmp.counts;
  const parts = [
    `${c.added} added`,
    `${c.removed} removed`,
    `${c.modified} modified`,
    ...(c.moved > 0 ? [`${c.moved} moved`] : []),
  ];
  const s = cmp.summary;
  const lines = [
    t.bold(`${labels.old} -> ${labels.new}${nameSuffix(labels)}: ${parts.join(', ')}`),
    t.muted(`change summary (backend counts): ${changesText(s)}`),
  ];
  for (const change of cmp.changes.slice(0, limit)) lines.push(renderChange(change, t));
  if (cmp.changes.length > limit)
    lines.push(t.muted(`  ... and ${cmp.changes.length - limit} more (--format json lists all)`));
  return `${lines.join('\n')}\n`;
}

export function renderUnifiedDiff(hunks: StructuredPatchHunk[], labels: DiffLabels, t: Theme): string {
  if (hunks.length === 0) return '';
  // the name after a tab, where diff tools keep what is not the file's name
  const name = labels.name ? `\t${oneLine(labels.name)}` : '';
  const out: string[] = [t.bold(`--- ${labels.old}${name}`), t.bold(`+++ ${labels.new}${name}`)];
  for (const h of hunks) {
    out.push(t.accent(`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`));
    for (const line of h.lines) {
      if (line.startsWith('+')) out.push(t.added(line));
      else if (line.startsWith('-')) out.push(t.removed(line));
      else if (line.startsWith('\\')) out.push(t.muted(line));
      else out.push(line);
    }
  }
  return `${out.join('\n')}\n`;
}

/** "workflow.json | 12 ++++++------ (7 lines added, 5 removed)" in the manner of git --stat. */
export function renderStat(cmp: WorkflowComparison, labels: DiffLabels, t: Theme): string {
  const total = cmp.linesAdded + cmp.linesRemoved;
  const width = 40;
  const scale = total > width ? width / total : 1;
  const plus = Math.round(cmp.linesAdded * scale);
  const minus = Math.round(cmp.linesRemoved * scale);
  const c = cmp.counts;
  return (
    `${labels.old} -> ${labels.new}${nameSuffix(labels)} | ${total} ${t.added('+'.repeat(plus))}${t.removed('-'.repeat(minus))}\n` +
    ` ${cmp.linesAdded} line${cmp.linesAdded === 1 ? '' : 's'} added, ${cmp.linesRemoved} removed; paths: ${c.added} added, ${c.removed} removed, ${c.modified} modified, ${c.moved} moved\n`
  );
}

/** Pretty JSON with keys, strings, numbers and literals coloured (on a terminal). */
export function highlightJson(text: string, t: Theme): string {
  if (!t.enabled) return text;
  return text.replace(
    /("(?:[^"\\]|\\.)*")(\s*:)?|\b(true|false|null)\b|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g,
    (m, str: string | undefined, colon: string | undefined, lit: string | undefined, num: string | undefined) => {
      if (str !== undefined) return colon !== undefined ? `${t.accent(str)}${colon}` : t.added(str);
      if (lit !== undefined) return t.changed(lit);
      if (num !== undefined) return t.warning(num);
      return m;
    },
  );
}

/** The backend's change summary as text: "2 values changed, 1 item added, 0 items removed". */
export function changesText(c: ChangesSummary): string {
  const n = (k: number, one: string, many: string) => `${k} ${k === 1 ? one : many}`;
  return `${n(c.values_changed, 'value changed', 'values changed')}, ${n(c.items_added, 'item added', 'items added')}, ${n(c.items_removed, 'item removed', 'items removed')}`;
}
