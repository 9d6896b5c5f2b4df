/**
 * The `diff` stored on each version, as the backend stores it:
 * `json.loads(DeepDiff(previous workflow_data, this workflow_data,
 * ignore_order=True).to_json())` of deepdiff 8.6.1 (deepdiff.ts ports it;
 * test/fixtures/deepdiff holds the vectors Python itself produced), with the
 * BSON types pymongo would store it with. A first version is diffed against
 * `{}`. The backend's change summary counts its groups.
 *
 *   values_changed:           { "root['name']": { new_value, old_value } }
 *   type_changes:             { "root['x']": { old_type, new_type, old_value, new_value } }
 *   dictionary_item_added:    [ "root['description']" ]
 *   dictionary_item_removed:  [ "root['legacy']" ]
 *   iterable_item_added:      { "root['actions'][2]": <value> }
 *   iterable_item_removed:    { "root['actions'][3]": <value> }
 */
import { changesSummary, deepDiff } from './deepdiff.js';
import { isPlainObject } from '../core/normalize.js';

/** A stored diff: DeepDiff's JSON text view, any group it may hold. */
export type StoredDiff = Record<string, unknown>;

/** DeepDiff(prev, next, ignore_order=True) as the backend stores it; {} when nothing differs. */
export function computeVersionDiff(
  prev: Record<string, unknown> | null | undefined,
  next: Record<string, unknown>,
): StoredDiff {
  return deepDiff(prev ?? {}, next);
}

/** The backend's `changes_summary` of a stored diff (its compare endpoint's counts). */
export interface ChangesSummary {
  values_changed: number;
  /** dictionary_item_added + iterable_item_added */
  items_added: number;
  /** dictionary_item_removed + iterable_item_removed */
  items_removed: number;
}

/** The backend's change summary of any stored diff (type_changes are not counted, as the backend does not); never throws. */
export function summarizeStoredDiff(diff: unknown): ChangesSummary {
  return changesSummary(diff);
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
