import { describe, expect, it } from 'vitest';
import { computeVersionDiff, storedDiffPaths, summarizeStoredDiff } from '../src/data/version-diff.js';

describe('stored version diff (DeepDiff shape)', () => {
  const v1 = { name: 'Invoices', enabled: true, trigger: { type: 'schedule', cron: '0 * * * *' }, actions: [{ name: 'a', type: 'http' }, { name: 'b', type: 'email' }], legacy: 1 };
  const v2 = { name: 'Invoices v2', enabled: true, trigger: { type: 'schedule', cron: 5 }, actions: [{ name: 'a', type: 'http' }], description: 'new' };

  it('records changed values, type changes, added and removed keys and list items', () => {
    expect(computeVersionDiff(v1, v2)).toEqual({
      values_changed: { "root['name']": { old_value: 'Invoices', new_value: 'Invoices v2' } },
      type_changes: { "root['trigger']['cron']": { old_type: 'str', new_type: 'int', old_value: '0 * * * *', new_value: 5 } },
      dictionary_item_added: ["root['description']"],
      dictionary_item_removed: ["root['legacy']"],
      iterable_item_removed: { "root['actions'][1]": { name: 'b', type: 'email' } },
    });
  });

  it('is empty for equal data and for a first version', () => {
    expect(computeVersionDiff(v1, structuredClone(v1))).toEqual({});
    expect(computeVersionDiff(null, v1)).toEqual({});
  });

  it('counts and lists what a stored diff touches', () => {
    const d = computeVersionDiff(v1, v2);
    expect(summarizeStoredDiff(d)).toEqual({ added: 1, removed: 2, modified: 2 });
    expect(storedDiffPaths(d)).toContain("root['trigger']['cron']");
    expect(summarizeStoredDiff('garbage')).toEqual({ added: 0, removed: 0, modified: 0 });
  });

  it('quotes keys the way DeepDiff does', () => {
    expect(Object.keys(computeVersionDiff({ "it's": 1 }, { "it's": 2 }).values_changed ?? {})).toEqual([`root["it's"]`]);
  });
});
