import { describe, expect, it } from 'vitest';
import { computeVersionDiff, storedDiffPaths, summarizeStoredDiff } from '../../../src/data/versions/index.js';

// the expected values here are Python's own: json.loads(DeepDiff(v1, v2, ignore_order=True).to_json()) of deepdiff 8.6.1
describe('stored version diff (DeepDiff shape)', () => {
  const v1 = {
    name: 'Invoices',
    enabled: true,
    trigger: { type: 'schedule', cron: '0 * * * *' },
    actions: [
      { name: 'a', type: 'http' },
      { name: 'b', type: 'email' },
    ],
    legacy: 1,
  };
  const v2 = {
    name: 'Invoices v2',
    enabled: true,
    trigger: { type: 'schedule', cron: 5 },
    actions: [{ name: 'a', type: 'http' }],
    description: 'new',
  };

  it('records changed values, type changes, added and removed keys and list items', () => {
    expect(computeVersionDiff(v1, v2)).toEqual({
      values_changed: { "root['name']": { new_value: 'Invoices v2', old_value: 'Invoices' } },
      type_changes: {
        "root['trigger']['cron']": { old_type: 'str', new_type: 'int', old_value: '0 * * * *', new_value: 5 },
      },
      dictionary_item_added: ["root['description']"],
      dictionary_item_removed: ["root['legacy']"],
      iterable_item_removed: { "root['actions'][1]": { name: 'b', type: 'email' } },
    });
  });

  it('is empty for equal data; a first version, diffed against {}, changes the root', () => {
    expect(computeVersionDiff(v1, structuredClone(v1))).toEqual({});
    expect(computeVersionDiff(null, v1)).toEqual({ values_changed: { root: { new_value: v1, old_value: {} } } });
  });

  it('counts and lists what a stored diff touches', () => {
    const d = computeVersionDiff(v1, v2);
    // the backend's changes_summary: type changes are not counted
    expect(summarizeStoredDiff(d)).toEqual({ values_changed: 1, items_added: 1, items_removed: 2 });
    expect(storedDiffPaths(d)).toContain("root['trigger']['cron']");
    expect(summarizeStoredDiff('garbage')).toEqual({ values_changed: 0, items_added: 0, items_removed: 0 });
  });

  it('quotes keys the way DeepDiff does', () => {
    expect(
      Object.keys((computeVersionDiff({ "it's": 1 }, { "it's": 2 }).values_changed as object | undefined) ?? {}),
    ).toEqual([`root["it's"]`]);
  });
});
