/** Reads side by side fail as a sequence would: the first failure in the order given, after all settled. */
import { describe, expect, it } from 'vitest';
import { sideBySide } from '../../../src/data/core/index.js';

const after = <T>(ms: number, value: T, fail = false) =>
  new Promise<T>((resolve, reject) => setTimeout(() => (fail ? reject(new Error(String(value))) : resolve(value)), ms));

describe('sideBySide', () => {
  it('gives every value in order', async () => {
    await expect(sideBySide([after(20, 'a'), after(1, 2), Promise.resolve(undefined)])).resolves.toEqual([
      'a',
      2,
      undefined,
    ]);
  });

  it('throws the first failure in the order given, not the first in time, once every read settled', async () => {
    let lateDone = false;
    const late = after(40, 'late').then((v) => ((lateDone = true), v));
    await expect(sideBySide([after(30, 'first', true), after(1, 'second', true), late])).rejects.toThrow('first');
    expect(lateDone).toBe(true);
  });
});
