/**
 * Comparing two workflow states: canonical JSON (keys sorted, so equal data
 * always gives equal text), a structural list of changes by path, and a
 * line diff of the canonical text. Everything here is linear in the size of
 * the data except the line diff, which is linear in size plus the square of
 * the number of changed lines (Myers).
 */
import { structuredPatch, type StructuredPatchHunk } from 'diff';
import { toExtendedJson } from '../core/ejson.js';
import { isPlainObject } from '../core/normalize.js';
import { computeVersionDiff, summarizeStoredDiff, type ChangesSummary, type StoredDiff } from './diff.js';

/**
 * Fields a workflow document carries that are not part of its definition:
 * `_id`, what every write stamps (`updated_at`, wfctl's `current_version`)
 * and the run counters the executor keeps (`execution_count`,
 * `last_execution`). The structural summary and the line diff leave them out;
 * the stored (DeepDiff) diff and the backend counts do not.
 */
export const VOLATILE_FIELDS = ['_id', 'updated_at', 'current_version', 'execution_count', 'last_execution'] as const;

/**
 * Also left out when deciding whether a write would change anything: the
 * `rollback_info` a rollback stamps (rolling back twice to the same data, or
 * saving a file that carries an older rollback_info, changes no definition).
 */
export const STAMP_FIELDS = [...VOLATILE_FIELDS, 'rollback_info'] as const;

function without(data: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  if (!fields.some((k) => k in data)) return data;
  const copy: Record<string, unknown> = { ...data };
  for (const k of fields) delete copy[k];
  return copy;
}

export function withoutVolatileFields(data: Record<string, unknown>): Record<string, unknown> {
  return without(data, VOLATILE_FIELDS);
}

/**
 * Keys sorted at every level, two-space indent, every value as relaxed
 * Extended JSON (a double shows as 2.0, a date as {"$date": ...}), so equal
 * data always gives equal text and a type change shows in the line diff.
 */
export function canonicalJson(value: unknown): string {
  return toExtendedJson(value, { indent: 2, sortKeys: true });
}

/** The same, canonical Extended JSON on one line: equal only when every value has the same BSON type. */
function exactText(value: unknown): string {
  return toExtendedJson(value, { mode: 'canonical', sortKeys: true });
}

/** Equal workflow definitions: the same values of the same types, ignoring STAMP_FIELDS and key order. */
export function sameWorkflowData(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  return exactText(without(a, STAMP_FIELDS)) === exactText(without(b, STAMP_FIELDS));
}

export type ChangeKind = 'added' | 'removed' | 'modified' | 'moved';

export interface Change {
  kind: ChangeKind;
  /** "trigger.type", "actions[name=notify].config.to", "tags[2]" */
  path: string;
  /** removed and modified: the value before */
  old?: unknown;
  /** added and modified: the value after */
  new?: unknown;
  /** moved: positions in the array before and after */
  from?: number;
  to?: number;
}

export interface StructuralCounts {
  added: number;
  removed: number;
  modified: number;
  moved: number;
}

export interface WorkflowComparison {
  identical: boolean;
  /** changes by path, arrays of named objects matched by name or id */
  changes: Change[];
  counts: StructuralCounts;
  /** the backend's change summary (DeepDiff counts, arrays by position) */
  summary: ChangesSummary;
  /** the backend's DeepDiff-shaped diff of a → b */
  diff: StoredDiff;
  /** canonical JSON line diff */
  hunks: StructuredPatchHunk[];
  /** lines added / removed in the canonical JSON */
  linesAdded: number;
  linesRemoved: number;
}

export interface CompareOptions {
  /** lines of context around each change (default 3) */
  context?: number;
  /** leave out the line diff (summary-only output) */
  withoutLines?: boolean;
}

export function compareWorkflowData(
  a: Record<string, unknown>,
  b: Record<string, unknown>,
  options: CompareOptions = {},
): WorkflowComparison {
  const left = withoutVolatileFields(a);
  const right = withoutVolatileFields(b);
  const leftText = canonicalJson(left);
  const rightText = canonicalJson(right);
  // relaxed text cannot tell an int64 from an int32 of the same value; the exact text can
  const identical = leftText === rightText && exactText(left) === exactText(right);
  const changes: Change[] = [];
  if (!identical) structuralWalk(left, right, '', changes);
  const counts: StructuralCounts = { added: 0, removed: 0, modified: 0, moved: 0 };
  for (const c of changes) counts[c.kind]++;
  // the backend's compare diffs the whole stored data
  const diff = computeVersionDiff(without(a, ['_id']), without(b, ['_id']));
  let hunks: StructuredPatchHunk[] = [];
  let linesAdded = 0;
  let linesRemoved = 0;
  if (!identical && !options.withoutLines) {
    hunks = lineHunks(leftText, rightText, options.context ?? 3);
    for (const h of hunks) {
      for (const l of h.lines) {
        if (l.startsWith('+')) linesAdded++;
        else if (l.startsWith('-')) linesRemoved++;
      }
    }
  }
  return { identical, changes, counts, summary: summarizeStoredDiff(diff), diff, hunks, linesAdded, linesRemoved };
}

/**
 * Hunks of a line diff. Common leading and trailing lines are cut off first,
 * so a small change in a large document costs one pass over it.
 */
export function lineHunks(oldText: string, newText: string, context: number): StructuredPatchHunk[] {
  const a = oldText.split('\n');
  const b = newText.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const from = Math.max(0, start - context);
  const toA = Math.min(a.length, endA + context);
  const toB = Math.min(b.length, endB + context);
  const patch = structuredPatch(
    'a',
    'b',
    `${a.slice(from, toA).join('\n')}\n`,
    `${b.slice(from, toB).join('\n')}\n`,
    '',
    '',
    { context },
  );
  return patch.hunks.map((h) => ({ ...h, oldStart: h.oldStart + from, newStart: h.newStart + from }));
}

// ---- structural walk ------------------------------------------------------

const IDENT = /^[A-Za-z_$][\w$-]*$/;

function childPath(parent: string, key: string): string {
  if (IDENT.test(key)) return parent ? `${parent}.${key}` : key;
  return `${parent}[${JSON.stringify(key)}]`;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
  }
  return exactText(a) === exactText(b);
}

/** The name or id that identifies each element, when every element has a distinct one. */
function elementKeys(items: unknown[]): { field: 'name' | 'id'; keys: string[] } | null {
  for (const field of ['name', 'id'] as const) {
    const keys: string[] = [];
    for (const item of items) {
      if (!isPlainObject(item)) return null;
      const k = item[field];
      if (typeof k !== 'string' && typeof k !== 'number') break;
      keys.push(String(k));
    }
    if (keys.length === items.length && new Set(keys).size === keys.length) return { field, keys };
  }
  return null;
}

function structuralWalk(a: unknown, b: unknown, path: string, out: Change[]): void {
  if (isPlainObject(a) && isPlainObject(b)) {
    for (const key of Object.keys(a).sort()) {
      if (!(key in b)) out.push({ kind: 'removed', path: childPath(path, key), old: a[key] });
    }
    for (const key of Object.keys(b).sort()) {
      const p = childPath(path, key);
      if (!(key in a)) out.push({ kind: 'added', path: p, new: b[key] });
      else structuralWalk(a[key], b[key], p, out);
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const ka = a.length > 0 || b.length > 0 ? elementKeys(a) : null;
    const kb = ka ? elementKeys(b) : null;
    if (ka && kb && ka.field === kb.field) {
      walkKeyedArray(a, b, ka.keys, kb.keys, ka.field, path, out);
      return;
    }
    const common = Math.min(a.length, b.length);
    for (let i = 0; i < common; i++) structuralWalk(a[i], b[i], `${path}[${i}]`, out);
    for (let i = common; i < b.length; i++) out.push({ kind: 'added', path: `${path}[${i}]`, new: b[i] });
    for (let i = common; i < a.length; i++) out.push({ kind: 'removed', path: `${path}[${i}]`, old: a[i] });
    return;
  }
  if (!sameValue(a, b)) out.push({ kind: 'modified', path: path || '(root)', old: a, new: b });
}

/**
 * Arrays of objects that each have a distinct name (or id): elements are
 * matched by it, so a reordered action shows as moved and an edited one as
 * modified, not as removed and added.
 */
function walkKeyedArray(
  a: unknown[],
  b: unknown[],
  keysA: string[],
  keysB: string[],
  field: string,
  path: string,
  out: Change[],
): void {
  const indexA = new Map(keysA.map((k, i) => [k, i]));
  const indexB = new Map(keysB.map((k, i) => [k, i]));
  const elementPath = (k: string) => `${path}[${field}=${IDENT.test(k) ? k : JSON.stringify(k)}]`;
  for (const [k, i] of indexA) {
    if (!indexB.has(k)) out.push({ kind: 'removed', path: elementPath(k), old: a[i] });
  }
  // moved: shared elements outside the longest run that kept its relative order
  const sharedA = keysA.filter((k) => indexB.has(k));
  const sharedB = keysB.filter((k) => indexA.has(k));
  const rankB = new Map(sharedB.map((k, i) => [k, i]));
  const stayed = longestIncreasing(sharedA.map((k) => rankB.get(k)!));
  sharedA.forEach((k, rankA) => {
    const iA = indexA.get(k)!;
    const iB = indexB.get(k)!;
    if (!stayed.has(rankA)) out.push({ kind: 'moved', path: elementPath(k), from: iA, to: iB });
    structuralWalk(a[iA], b[iB], elementPath(k), out);
  });
  for (const [k, i] of indexB) {
    if (!indexA.has(k)) out.push({ kind: 'added', path: elementPath(k), new: b[i] });
  }
}

/** Positions of one longest strictly increasing subsequence (O(n log n)). */
function longestIncreasing(values: number[]): Set<number> {
  const tails: number[] = [];
  const prev = new Array<number>(values.length).fill(-1);
  values.forEach((v, i) => {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (values[tails[mid]!]! < v) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1]!;
    tails[lo] = i;
  });
  const keep = new Set<number>();
  for (let i = tails.length ? tails[tails.length - 1]! : -1; i >= 0; i = prev[i]!) keep.add(i);
  return keep;
}
