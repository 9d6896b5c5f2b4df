/**
 * A sketch merged from parts (the server's histogram, the client's runs) is
 * the sketch that adding every value one by one gives: exact values while
 * there are few enough, the same buckets after, stats alone when a side has
 * no shape.
 */
import { describe, expect, it } from 'vitest';
import { combineParts, DurationSketch, EXACT_LIMIT } from '../../../src/data/metrics/index.js';
import { prng } from '../../support/generator.js';

const sketchOf = (values: number[], limit = EXACT_LIMIT) => {
  const s = new DurationSketch(limit);
  for (const v of values) s.add(v);
  return s;
};

describe('merging sketches', () => {
  it('gives what adding every value one by one gives, across the exact limit and with zeros', () => {
    const rnd = prng(7);
    for (const [limit, sizes] of [
      [10, [0, 1, 5, 10, 11, 40]],
      [EXACT_LIMIT, [0, 3, 2000, 4096, 5000]],
    ] as const)
      for (const m of sizes)
        for (const n of sizes) {
          const a = Array.from({ length: m }, () => (rnd() < 0.1 ? 0 : Math.floor(Math.exp(rnd() * 12))));
          const b = Array.from({ length: n }, () => (rnd() < 0.1 ? 0 : Math.floor(Math.exp(rnd() * 12))));
          const one = sketchOf([...a, ...b], limit).summary();
          const merged = sketchOf(a, limit).merged(sketchOf(b, limit).toParts()).summary();
          expect(merged, `limit ${limit}, ${m} + ${n}`).toEqual(one);
          expect(sketchOf(b, limit).merged(sketchOf(a, limit).toParts()).summary()).toEqual(one);
        }
  });

  it('takes the values of a side that has both values and buckets once, not twice', () => {
    const values = [1, 2, 3, 500, 700];
    const parts = { ...sketchOf(values).toParts(), buckets: new Map([[5, 5]]), zeros: 2 };
    const many = Array.from({ length: EXACT_LIMIT }, (_, i) => i + 1);
    const merged = combineParts(sketchOf(many).toParts(), parts);
    expect(merged.count).toBe(EXACT_LIMIT + 5);
    expect([...merged.buckets!.values()].reduce((x, y) => x + y, 0) + merged.zeros).toBe(EXACT_LIMIT + 5);
  });

  it('keeps stats only when a side has neither values nor buckets', () => {
    const stats = { count: 3, sum: 60, min: 10, max: 30, zeros: 0, buckets: null, values: null };
    const s = sketchOf([5, 7]).merged(stats).summary();
    expect(s).toMatchObject({ count: 5, sumMs: 72, maxMs: 30, p50Ms: null, p95Ms: null });
    expect(sketchOf([]).merged(stats).summary()).toMatchObject({ count: 3, sumMs: 60, p50Ms: null });
    expect(
      sketchOf([5, 7])
        .merged({ ...stats, count: 0 })
        .summary(),
    ).toEqual(sketchOf([5, 7]).summary());
  });
});
