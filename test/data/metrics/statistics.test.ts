/**
 * The regression gate's statistics against published values (Fisher 1935,
 * Wikipedia's Fisher's exact test example, Newcombe 1998, normal tables) and
 * against an independent reference run once in Python: SciPy for all three
 * functions, and a 40-digit mpmath sum for the Fisher tails
 * (test/reference/stats_reference.py).
 */
import { describe, expect, it } from 'vitest';
import { fisherExactLess, normalQuantile, wilsonInterval } from '../../../src/data/metrics/index.js';
import { runPython } from '../../support/python.js';
import { prng } from '../../support/generator.js';

/** |actual − expected| ≤ rel·|expected| */
function expectRelative(actual: number, expected: number, rel: number): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(rel * Math.abs(expected));
}

const round4 = (v: number): number => Math.round(v * 1e4) / 1e4;

describe('fisherExactLess: published tables', () => {
  it("Fisher's lady tasting tea: 3 of 4 cups right has P = 17/70 in the tail she is tested on", () => {
    // [[3,1],[1,3]]: P(X ≥ 3) = (16 + 1)/70 is Fisher's figure; alternative "less" is the other tail
    // of the same table, P(X ≤ 3) = 1 − P(all four right) = 1 − 1/70, and the mirrored table puts
    // Fisher's tail on the "less" side: P(X ≤ 1) = (1 + 16)/70
    expectRelative(fisherExactLess(1, 3, 3, 1), 17 / 70, 1e-14);
    expectRelative(fisherExactLess(3, 1, 1, 3), 69 / 70, 1e-14);
    expectRelative(fisherExactLess(0, 4, 4, 0), 1 / 70, 1e-14);
    expect(fisherExactLess(4, 0, 0, 4)).toBe(1);
  });

  it("Wikipedia's dieting example [[1,9],[11,3]]: one-tailed p = 0.001346076 + 0.000033652", () => {
    // the observed table's own probability is 0.001346076 (10!14!12!12!/(1!9!11!3!24!)); the one more
    // extreme table [[0,10],[12,2]] adds 0.000033652; exactly (3640 + 91)/C(24,12) = 3731/2704156.
    // (The two-sided 0.002759 of the article is not what this function computes.)
    const p = fisherExactLess(1, 9, 11, 3);
    const extreme = fisherExactLess(0, 10, 12, 2);
    expect(p).toBeCloseTo(0.001379728, 9);
    expect(extreme).toBeCloseTo(0.000033652, 9);
    expect(p - extreme).toBeCloseTo(0.001346076, 9);
    expectRelative(p, 3731 / 2704156, 1e-13);
  });

  it('the tail runs towards fewer successes in row 1: better current versions get large p-values', () => {
    expect(fisherExactLess(11, 3, 1, 9)).toBeGreaterThan(0.999);
    expect(fisherExactLess(1, 9, 11, 3)).toBeLessThan(0.002);
  });

  it('empty rows or columns give 1; all successes on both sides too', () => {
    expect(fisherExactLess(0, 0, 5, 3)).toBe(1);
    expect(fisherExactLess(5, 3, 0, 0)).toBe(1);
    expect(fisherExactLess(0, 4, 0, 7)).toBe(1);
    expect(fisherExactLess(4, 0, 7, 0)).toBe(1);
    expect(fisherExactLess(0, 0, 0, 0)).toBe(1);
  });

  it('counts in the tens of millions: finite, in [0, 1], and the lower tail direction', () => {
    const cases: Array<[number, number, number, number]> = [
      [9_000_000, 1_000_000, 9_010_000, 990_000],
      [9_010_000, 990_000, 9_000_000, 1_000_000],
      [9_009_000, 991_000, 9_010_000, 990_000],
      [5_000_000, 5_000_000, 5_001_000, 4_999_000],
      [0, 10_000_000, 1, 9_999_999],
      [9_999_990, 10, 9_999_999, 1],
    ];
    const values = cases.map((t) => {
      const p = fisherExactLess(...t);
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(1);
      return p;
    });
    // 90.0% against 90.1% of ten million each is about 7.5 standard errors: p ≈ 4.03e-14
    expect(values[0]).toBeGreaterThan(1e-15);
    expect(values[0]).toBeLessThan(1e-12);
    expect(values[1]).toBeGreaterThan(1 - 1e-12);
  });

  it('rejects anything but non-negative safe integers', () => {
    expect(() => fisherExactLess(-1, 2, 3, 4)).toThrow(RangeError);
    expect(() => fisherExactLess(1.5, 2, 3, 4)).toThrow(RangeError);
    expect(() => fisherExactLess(1, Number.NaN, 3, 4)).toThrow(RangeError);
    expect(() => fisherExactLess(1, 2, Infinity, 4)).toThrow(RangeError);
    expect(() => fisherExactLess(2 ** 52, 2 ** 52, 0, 1)).toThrow(RangeError);
  });
});

describe('wilsonInterval: Newcombe (1998), method 3', () => {
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%i of %i at 0.95: %f to %f', (k, n, lower, upper) => {
    const ci = wilsonInterval(k, n, 0.95);
    expect(round4(ci.lower)).toBe(lower);
    expect(round4(ci.upper)).toBe(upper);
    expect(ci.z).toBe(normalQuantile(0.975));
  });

  it('n = 0 is the whole of [0, 1]; no failures give an upper bound of 1 and the lower n/(n + z²)', () => {
    expect(wilsonInterval(0, 0, 0.95)).toMatchObject({ lower: 0, upper: 1 });
    const all = wilsonInterval(29, 29, 0.95);
    expect(all.upper).toBe(1);
    expectRelative(all.lower, 29 / (29 + all.z ** 2), 1e-15);
    expect(wilsonInterval(0, 29, 0.95).lower).toBe(0);
  });

  it('a higher confidence widens the interval', () => {
    const narrow = wilsonInterval(40, 100, 0.8);
    const wide = wilsonInterval(40, 100, 0.99);
    expect(wide.lower).toBeLessThan(narrow.lower);
    expect(wide.upper).toBeGreaterThan(narrow.upper);
  });

  it('rejects bad counts and confidences', () => {
    expect(() => wilsonInterval(5, 4, 0.95)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 4, 0.95)).toThrow(RangeError);
    expect(() => wilsonInterval(1.5, 4, 0.95)).toThrow(RangeError);
    expect(() => wilsonInterval(1, 4.5, 0.95)).toThrow(RangeError);
    expect(() => wilsonInterval(1, 4, 0)).toThrow(RangeError);
    expect(() => wilsonInterval(1, 4, 1)).toThrow(RangeError);
    expect(() => wilsonInterval(1, 4, 95)).toThrow(RangeError);
    expect(() => wilsonInterval(1, 4, Number.NaN)).toThrow(RangeError);
  });
});

describe('normalQuantile: standard normal table values', () => {
  it.each([
    [0.975, 1.959963984540054],
    [0.995, 2.5758293035489],
    [0.05, -1.6448536269514729],
    [0.025, -1.959963984540054],
    [0.8413447460685429, 1], // Φ(1)
    [1e-10, -6.361340902404056],
  ])('Φ⁻¹(%f) = %f', (p, x) => {
    expect(Math.abs(normalQuantile(p) - x)).toBeLessThan(1e-12);
  });

  it('is 0 at one half and odd around it', () => {
    expect(normalQuantile(0.5)).toBe(0);
    for (const p of [1e-10, 1e-6, 0.001, 0.02425, 0.1, 0.3, 0.4999]) {
      const q = 1 - p; // rounded; 1 − q is then exact, so q and 1 − q are a true pair
      expect(normalQuantile(q)).toBeCloseTo(-normalQuantile(1 - q), 12);
      expect(normalQuantile(p)).toBeLessThan(0);
    }
  });

  it('throws outside (0, 1)', () => {
    for (const p of [0, 1, -0.1, 1.1, Number.NaN, Infinity]) expect(() => normalQuantile(p)).toThrow(RangeError);
  });
});

interface Reference {
  fisher: Array<{ scipy: number; exact: number }>;
  wilson: Array<[number, number]>;
  quantile: number[];
}

describe('against SciPy and exact sums (one Python run, seeded random cases)', () => {
  const random = prng(20240617);
  const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
  const logUniformInt = (hi: number): number => Math.max(1, Math.round(Math.exp(random() * Math.log(hi))));
  /** successes of n at rate p, about normally spread around n·p (Box–Muller), clamped to [0, n] */
  const draw = (n: number, p: number): number => {
    const g = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    return Math.min(n, Math.max(0, Math.round(n * p + g * Math.sqrt(n * p * (1 - p)) * 1.5)));
  };

  const fisher: Array<[number, number, number, number]> = [[9_000_000, 1_000_000, 9_010_000, 990_000]];
  for (const hi of [12, 60, 1_000, 100_000, 10_000_000]) {
    for (let i = 0; i < 30; i++) {
      const n1 = i % 10 === 0 ? hi : logUniformInt(hi);
      const n2 = logUniformInt(hi);
      const rate = i % 7 === 0 ? random() * 0.02 : i % 7 === 1 ? 1 - random() * 0.02 : random();
      // mostly the same rate on both rows (p-values spread over (0, 1)); some with a real drop
      const drop = i % 5 === 0 ? random() * 0.3 : 0;
      const a = draw(n1, Math.max(0, rate - drop));
      const c = draw(n2, rate);
      fisher.push([a, n1 - a, c, n2 - c]);
    }
  }
  const wilson: Array<[number, number, number]> = [];
  for (let i = 0; i < 100; i++) {
    const n = i < 40 ? int(1, 50) : logUniformInt(10_000_000);
    const k = i % 10 === 0 ? 0 : i % 10 === 1 ? n : int(0, n);
    wilson.push([k, n, 0.5 + random() * 0.499]);
  }
  const quantile: number[] = [];
  for (let i = 0; i < 100; i++) {
    const p = Math.exp(random() * Math.log(0.5 / 1e-10)) * 1e-10;
    quantile.push(i % 2 === 0 ? p : 1 - p);
  }
  quantile.push(1e-10, 1 - 1e-10, 0.02425, 1 - 0.02425);

  const ref = JSON.parse(
    runPython('test/reference/stats_reference.py', [], JSON.stringify({ fisher, wilson, quantile })),
  ) as Reference;

  it(`${fisher.length} Fisher tables: within 1e-11 of the exact tail, and of SciPy within its own accuracy`, () => {
    let spread = 0;
    for (const [i, t] of fisher.entries()) {
      const mine = fisherExactLess(...t);
      const { scipy, exact } = ref.fisher[i]!;
      const label = `[[${t[0]}, ${t[1]}], [${t[2]}, ${t[3]}]]: ${mine} vs exact ${exact}, scipy ${scipy}`;
      if (exact > 1e-300) {
        expect(Math.abs(mine - exact), label).toBeLessThanOrEqual(1e-11 * exact);
        // SciPy (Boost's hypergeometric) is good to ~1e-10 up to a million, a few 1e-9 at twenty million
        const total = t[0] + t[1] + t[2] + t[3];
        expect(Math.abs(mine - scipy), label).toBeLessThanOrEqual((total <= 1_000_000 ? 1e-9 : 1e-8) * exact);
      } else {
        expect(Math.abs(mine - exact), label).toBeLessThanOrEqual(1e-12);
        expect(Math.abs(mine - scipy), label).toBeLessThanOrEqual(1e-12);
      }
      if (exact > 1e-6 && exact < 1 - 1e-6) spread++;
    }
    // the cases are not all trivially 0 or 1
    expect(spread).toBeGreaterThan(fisher.length / 3);
  });

  it(`${wilson.length} Wilson intervals: bounds within 1e-12 of SciPy`, () => {
    for (const [i, [k, n, confidence]] of wilson.entries()) {
      const { lower, upper } = wilsonInterval(k, n, confidence);
      const [low, high] = ref.wilson[i]!;
      const label = `${k} of ${n} at ${confidence}: [${lower}, ${upper}] vs [${low}, ${high}]`;
      expect(Math.abs(lower - low), label).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(upper - high), label).toBeLessThanOrEqual(1e-12);
    }
  });

  it(`${quantile.length} normal quantiles over [1e-10, 1 − 1e-10]: within 1e-13 of SciPy`, () => {
    for (const [i, p] of quantile.entries()) {
      const x = ref.quantile[i]!;
      expect(Math.abs(normalQuantile(p) - x), `Φ⁻¹(${p}) = ${normalQuantile(p)} vs ${x}`).toBeLessThanOrEqual(
        1e-13 * Math.max(1, Math.abs(x)),
      );
    }
  });
});
