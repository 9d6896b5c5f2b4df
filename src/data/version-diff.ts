/**
 * The `diff` stored on each version: what changed against the previous one,
 * in the shape the backend writes (Python DeepDiff's text view), so that the
 * backend and wfctl read each other's versions:
 *
 *   values_changed:           { "root['name']": { old_value, new_value } }
 *   type_changes:             { "root['x']": { old_type, new_type, old_value, new_value } }
 *   dictionary_item_added:    [ "root['description']" ]
 *   dictionary_item_removed:  [ "root['legacy']" ]
 *   iterable_item_added:      { "root['actions'][2]": <value> }
 *   iterable_item_removed:    { "root['actions'][3]": <value> }
 *
 * Lists are compared position by position, as DeepDiff does without
 * ignore_order. Empty groups are left out; no change gives {}.
 */
import { isPlainObject } from './normalize.js';

export interface StoredDiff {
  values_changed?: Record<string, { old_value: unknown; new_value: unknown }>;
  type_changes?: Record<string, { old_type: string; new_type: string; old_value: unknown; new_value: unknown }>;
  dictionary_item_added?: string[];
  dictionary_item_removed?: string[];
  iterable_item_added?: Record<string, unknown>;
  iterable_item_removed?: Record<string, unknown>;
}

/** DeepDiff's path syntax: root['a'][0]["it's"]. */
export function pathKey(parent: string, key: string): string {
  return key.includes("'") && !key.includes('"') ? `${parent}["${key}"]` : `${parent}['${key.replace(/'/g, "\\'")}']`;
}

/** Python type names, as DeepDiff reports them. */
export function pythonType(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'string') return 'str';
  if (Array.isArray(v)) return 'list';
  if (v instanceof Date) return 'datetime';
  return 'dict';
}

function sameScalar(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (typeof a === 'number' && typeof b === 'number') return a === b || (Number.isNaN(a) && Number.isNaN(b));
  return a === b;
}

/** Numbers of either kind compare as numbers (1 and 1.0 are one value in JSON). */
function comparableType(v: unknown): string {
  const t = pythonType(v);
  return t === 'int' || t === 'float' ? 'number' : t;
}

export function computeVersionDiff(prev: Record<string, unknown> | null | undefined, next: Record<string, unknown>): StoredDiff {
  const out: Required<StoredDiff> = {
    values_changed: {},
    type_changes: {},
    dictionary_item_added: [],
    dictionary_item_removed: [],
    iterable_item_added: {},
    iterable_item_removed: {},
  };
  if (prev) walk(prev, next, 'root', out);
  const result: StoredDiff = {};
  for (const [k, v] of Object.entries(out) as Array<[keyof StoredDiff, unknown]>) {
    const empty = Array.isArray(v) ? v.length === 0 : Object.keys(v as object).length === 0;
    if (!empty) (result as Record<string, unknown>)[k] = v;
  }
  return result;
}

function walk(a: unknown, b: unknown, path: string, out: Required<StoredDiff>): void {
  if (isPlainObject(a) && isPlainObject(b)) {
    for (const key of Object.keys(a)) {
      if (!(key in b)) out.dictionary_item_removed.push(pathKey(path, key));
    }
    for (const key of Object.keys(b)) {
      const p = pathKey(path, key);
      if (!(key in a)) out.dictionary_item_added.push(p);
      else walk(a[key], b[key], p, out);
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const common = Math.min(a.length, b.length);
    for (let i = 0; i < common; i++) walk(a[i], b[i], `${path}[${i}]`, out);
    for (let i = common; i < b.length; i++) out.iterable_item_added[`${path}[${i}]`] = b[i];
    for (let i = common; i < a.length; i++) out.iterable_item_removed[`${path}[${i}]`] = a[i];
    return;
  }
  if (comparableType(a) !== comparableType(b)) {
    out.type_changes[path] = { old_type: pythonType(a), new_type: pythonType(b), old_value: a, new_value: b };
    return;
  }
  if (!sameScalar(a, b)) out.values_changed[path] = { old_value: a, new_value: b };
}

export interface DiffCounts {
  added: number;
  removed: number;
  modified: number;
}

/**
 * Counts of a stored diff, as the backend's change summary gives them. Reads
 * any older shape too: each group counts its entries (array items or keys).
 */
export function summarizeStoredDiff(diff: unknown): DiffCounts {
  const counts: DiffCounts = { added: 0, removed: 0, modified: 0 };
  if (!isPlainObject(diff)) return counts;
  const size = (v: unknown) => (Array.isArray(v) ? v.length : isPlainObject(v) ? Object.keys(v).length : v ? 1 : 0);
  for (const [group, value] of Object.entries(diff)) {
    if (/added/.test(group)) counts.added += size(value);
    else if (/removed/.test(group)) counts.removed += size(value);
    else if (/changed|changes|modified/.test(group)) counts.modified += size(value);
  }
  return counts;
}

/** The paths a stored diff touches, for "most frequently changed" statistics. */
export function storedDiffPaths(diff: unknown): string[] {
  if (!isPlainObject(diff)) return [];
  const paths: string[] = [];
  for (const value of Object.values(diff)) {
    if (Array.isArray(value)) paths.push(...value.filter((p): p is string => typeof p === 'string'));
    else if (isPlainObject(value)) paths.push(...Object.keys(value));
  }
  return paths;
}
