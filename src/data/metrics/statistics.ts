/**
 * Small, dependency-free statistics for a "did the new version regress?" gate:
 * the standard normal quantile, the Wilson score interval of a success rate and
 * the one-sided Fisher exact test of two success rates. Pure functions, checked
 * against published values and against SciPy (test/data/metrics/statistics.test.ts).
 */

const SQRT2 = Math.SQRT2;
const SQRT_2PI = Math.sqrt(2 * Math.PI);
const LN_2PI = Math.log(2 * Math.PI);

// ---------------------------------------------------------------------------
// erfc: FreeBSD msun s_erf.c (from Sun's fdlibm), error below 1 ulp.
// Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
// Developed at SunPro, a Sun Microsystems, Inc. business.
// Permission to use, copy, modify, and distribute this software is freely
// granted, provided that this notice is preserved.
// ---------------------------------------------------------------------------

const ERX = 8.45062911510467529297e-1;
// erf on [0, 0.84375]
const PP = [
  1.28379167095512558561e-1, -3.2504210724700149937e-1, -2.84817495755985104766e-2, -5.77027029648944159157e-3,
  -2.37630166566501626084e-5,
] as const;
const QQ = [
  3.97917223959155352819e-1, 6.50222499887672944485e-2, 5.08130628187576562776e-3, 1.32494738004321644526e-4,
  -3.9602282787753681232e-6,
] as const;
// erf on [0.84375, 1.25]
const PA = [
  -2.36211856075265944077e-3, 4.14856118683748331666e-1, -3.72207876035701323847e-1, 3.18346619901161753674e-1,
  -1.10894694282396677476e-1, 3.54783043256182359371e-2, -2.166375594868790843e-3,
] as const;
const QA = [
  1.06420880400844228286e-1, 5.40397917702171048937e-1, 7.18286544141962662868e-2, 1.26171219808761642112e-1,
  1.36370839120290507362e-2, 1.1984499846799107417e-2,
] as const;
// erfc on [1.25, 1/0.35]
const RA = [
  -9.86494403484714822705e-3, -6.93858572707181764372e-1, -1.05586262253232909814e1, -6.23753324503260060396e1,
  -1.62396669462573470355e2, -1.84605092906711035994e2, -8.12874355063065934246e1, -9.81432934416914548592,
] as const;
const SA = [
  1.96512716674392571292e1, 1.376577541435190426e2, 4.34565877475229228821e2, 6.45387271733267880336e2,
  4.29008140027567833386e2, 1.08635005541779435134e2, 6.57024977031928170135, -6.04244152148580987438e-2,
] as const;
// erfc on [1/0.35, 28]
const RB = [
  -9.86494292470009928597e-3, -7.99283237680523006574e-1, -1.77579549177547519889e1, -1.60636384855821916062e2,
  -6.37566443368389627722e2, -1.02509513161107724954e3, -4.83519191608651397019e2,
] as const;
const SB = [
  3.03380607434824582924e1, 3.25792512996573918826e2, 1.53672958608443695994e3, 3.19985821950859553908e3,
  2.55305040643316442583e3, 4.74528541206955367215e2, -2.24409524465858183362e1,
] as const;

/** c[0] + c[1]·x + c[2]·x² + … (Horner) */
function poly(c: readonly number[], x: number): number {
  let r = 0;
  for (let i = c.length - 1; i >= 0; i--) r = r * x + c[i]!;
  return r;
}

/** 1 + c[0]·x + c[1]·x² + … */
const poly1 = (c: readonly number[], x: number): number => 1 + x * poly(c, x);

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
const LOW_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;

/** x with the low 32 bits of its significand cleared, so that z·z is exact */
function truncated(x: number): number {
  bits[0] = x;
  words[LOW_WORD] = 0;
  return bits[0];
}

/** Complementary error function, fdlibm's method (see the notice above): rational approximations on five ranges. */
function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax < 0.84375) {
    if (ax < 2 ** -56) return 1 - x;
    const z = x * x;
    const y = poly(PP, z) / poly1(QQ, z);
    if (x < 0.25) return 1 - (x + x * y);
    return 0.5 - (x * y + (x - 0.5));
  }
  if (ax < 1.25) {
    const s = ax - 1;
    const pq = poly(PA, s) / poly1(QA, s);
    return x >= 0 ? 1 - ERX - pq : 1 + (ERX + pq);
  }
  if (ax < 28) {
    if (x < -6) return 2;
    const s = 1 / (ax * ax);
    const rs = ax < 1 / 0.35 ? poly(RA, s) / poly1(SA, s) : poly(RB, s) / poly1(SB, s);
    const z = truncated(ax);
    const r = Math.exp(-z * z - 0.5625) * Math.exp((z - ax) * (z + ax) + rs);
    return x > 0 ? r / ax : 2 - r / ax;
  }
  return x > 0 ? 0 : 2;
}

// ---------------------------------------------------------------------------
// Normal quantile
// ---------------------------------------------------------------------------

// P. J. Acklam, "An algorithm for computing the inverse normal cumulative distribution function" (2003): relative error below 1.15e-9
const AC_A = [
  -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1,
  2.506628277459239,
] as const;
const AC_B = [
  -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1,
] as const;
const AC_C = [
  -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
] as const;
const AC_D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416] as const;
const AC_LOW = 0.02425;

/** Acklam's approximation for p in (0, 0.5]: a central rational function, and a tail one in sqrt(-2 ln p) */
function acklam(p: number): number {
  if (p < AC_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((AC_C[0] * q + AC_C[1]) * q + AC_C[2]) * q + AC_C[3]) * q + AC_C[4]) * q + AC_C[5]) /
      ((((AC_D[0] * q + AC_D[1]) * q + AC_D[2]) * q + AC_D[3]) * q + 1)
    );
  }
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((AC_A[0] * r + AC_A[1]) * r + AC_A[2]) * r + AC_A[3]) * r + AC_A[4]) * r + AC_A[5]) * q) /
    (((((AC_B[0] * r + AC_B[1]) * r + AC_B[2]) * r + AC_B[3]) * r + AC_B[4]) * r + 1)
  );
}

/**
 * Inverse of the standard normal CDF: Acklam's rational approximation (relative
 * error 1.15e-9), refined by one step of Halley's method on Φ(x) − p with
 * Φ(x) = erfc(−x/√2)/2 (Acklam's own refinement). Upper-half p are solved as
 * −Φ⁻¹(1 − p), where 1 − p is exact, so both tails keep full relative accuracy.
 * @throws RangeError unless 0 < p < 1
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile: p must be in (0, 1), got ${p}`);
  if (p === 0.5) return 0;
  const lower = p < 0.5 ? p : 1 - p;
  let x = acklam(lower);
  const e = 0.5 * erfc(-x / SQRT2) - lower;
  const u = e * SQRT_2PI * Math.exp((x * x) / 2);
  x -= u / (1 + (x * u) / 2);
  return p < 0.5 ? x : -x;
}

// ---------------------------------------------------------------------------
// Wilson score interval
// ---------------------------------------------------------------------------

function checkCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
}

/**
 * Two-sided Wilson score interval for a binomial proportion, without continuity
 * correction (E. B. Wilson 1927; "method 3" of R. G. Newcombe, Statistics in
 * Medicine 17:857–872, 1998), with z = Φ⁻¹((1 + confidence)/2). Bounds are
 * fractions in [0, 1]. The upper bound is the root with only positive terms; the
 * lower one comes from the product of the roots, k²/(n(n + z²)), so neither loses
 * digits to cancellation. n = 0 gives the uninformative interval [0, 1].
 * @throws RangeError unless successes and n are integers with 0 ≤ successes ≤ n, and 0 < confidence < 1
 */
export function wilsonInterval(
  successes: number,
  n: number,
  confidence: number,
): { lower: number; upper: number; z: number } {
  checkCount('successes', successes);
  checkCount('n', n);
  if (successes > n) throw new RangeError(`successes (${successes}) must not exceed n (${n})`);
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  const z = normalQuantile((1 + confidence) / 2);
  if (n === 0) return { lower: 0, upper: 1, z };
  const z2 = z * z;
  const k = successes;
  const upper = k === n ? 1 : (2 * k + z2 + z * Math.sqrt(z2 + (4 * k * (n - k)) / n)) / (2 * (n + z2));
  const lower = k === 0 ? 0 : ((k / n) * (k / (n + z2))) / upper;
  return { lower: Math.max(0, lower), upper: Math.min(1, upper), z };
}

// ---------------------------------------------------------------------------
// Fisher exact test
// ---------------------------------------------------------------------------

// C. Loader, "Fast and Accurate Computation of Binomial Probabilities" (2000), as in R's dbinom:
// binomial (hence hypergeometric) probabilities from Stirling's error and a deviance term, with no
// cancellation between huge log-factorials, so counts in the millions keep ~1e-12 relative accuracy.

/** stirlerr(n) = ln n! − ln(√(2πn)·(n/e)ⁿ) for n = 0..15, computed to 22 digits with mpmath (stirlerr(0) is unused) */
const STIRLERR_SMALL = [
  0, 0.08106146679532725821967, 0.04134069595540929409382, 0.02767792568499833914879, 0.02079067210376509311152,
  0.01664469118982119216319, 0.01387612882307074799875, 0.01189670994589177009506, 0.01041126526197209649748,
  0.009255462182712732917729, 0.008330563433362871256469, 0.007573675487951840794972, 0.006942840107209529865664,
  0.00640899418800420706844, 0.005951370112758847735624, 0.005554733551962801371039,
] as const;

/** Stirling's error for a positive integer: the table, then the series 1/(12n) − 1/(360n³) + 1/(1260n⁵) − 1/(1680n⁷) + 1/(1188n⁹) */
function stirlerr(n: number): number {
  if (n <= 15) return STIRLERR_SMALL[n]!;
  const nn = n * n;
  if (n > 500) return (1 / 12 - 1 / 360 / nn) / n;
  if (n > 80) return (1 / 12 - (1 / 360 - 1 / 1260 / nn) / nn) / n;
  if (n > 35) return (1 / 12 - (1 / 360 - (1 / 1260 - 1 / 1680 / nn) / nn) / nn) / n;
  return (1 / 12 - (1 / 360 - (1 / 1260 - (1 / 1680 - 1 / 1188 / nn) / nn) / nn) / nn) / n;
}

/** Deviance term x·ln(x/m) + m − x, by its series in v = (x − m)/(x + m) when x is near m */
function bd0(x: number, m: number): number {
  if (Math.abs(x - m) < 0.1 * (x + m)) {
    let v = (x - m) / (x + m);
    let s = (x - m) * v;
    let ej = 2 * x * v;
    v *= v;
    for (let j = 1; j < 1000; j++) {
      ej *= v;
      const s1 = s + ej / (2 * j + 1);
      if (s1 === s) return s1;
      s = s1;
    }
    return s;
  }
  return x * Math.log(x / m) + m - x;
}

/** ln of C(n, x)·pˣ·q⁽ⁿ⁻ˣ⁾ (Loader's dbinom_raw in log form); p and q need not add up to exactly 1 */
function logBinomialTerm(x: number, n: number, p: number, q: number): number {
  if (x === 0) return n === 0 ? 0 : p < 0.1 ? -bd0(n, n * q) - n * p : n * Math.log(q);
  if (x === n) return q < 0.1 ? -bd0(n, n * p) - n * q : n * Math.log(p);
  const lc = stirlerr(n) - stirlerr(x) - stirlerr(n - x) - bd0(x, n * p) - bd0(n - x, n * q);
  const lf = LN_2PI + Math.log(x) + Math.log1p(-x / n);
  return lc - 0.5 * lf;
}

/** stop adding tail terms once they fall below this fraction of the sum */
const TAIL_EPSILON = 2 ** -60;

/**
 * One-sided Fisher exact test for the 2×2 table [[a, b], [c, d]] (row 1: a
 * successes and b failures of the current version; row 2: c and d of the
 * previous one), alternative "row 1's success probability is lower": the
 * p-value P(X ≤ a) for X hypergeometric with the table's margins fixed (R. A.
 * Fisher 1935; equals scipy.stats.fisher_exact(table, alternative='less')).
 * The point probability comes from three binomial terms (C(r₁,x)C(r₂,k−x)/C(N,k)
 * = b(x; r₁, p)·b(k−x; r₂, p)/b(k; N, p) for any p) computed by Loader's method
 * in log space; the tail on the far side of the mode is summed outward with the
 * pmf's ratio recurrence, and P(X ≤ a) = 1 − P(X > a) when a is past the mode.
 * Counts in the tens of millions take about a millisecond. An empty row or
 * column gives 1.
 * @throws RangeError unless all four counts are non-negative integers (sum at most 2⁵³ − 1)
 */
export function fisherExactLess(a: number, b: number, c: number, d: number): number {
  checkCount('a', a);
  checkCount('b', b);
  checkCount('c', c);
  checkCount('d', d);
  const row1 = a + b;
  const row2 = c + d;
  const col1 = a + c;
  const col2 = b + d;
  const total = row1 + row2;
  if (!Number.isSafeInteger(total)) throw new RangeError(`the table's total must be a safe integer, got ${total}`);
  if (row1 === 0 || row2 === 0 || col1 === 0 || col2 === 0) return 1;
  const lo = Math.max(0, col1 - row2);
  const hi = Math.min(row1, col1);
  if (a >= hi) return 1;
  const p = col1 / total;
  const q = col2 / total;
  const logDenominator = logBinomialTerm(col1, total, p, q);
  const logPmf = (x: number): number =>
    logBinomialTerm(x, row1, p, q) + logBinomialTerm(col1 - x, row2, p, q) - logDenominator;
  const mode = Math.floor(((col1 + 1) * (row1 + 1)) / (total + 2));
  if (a < mode) {
    // P(X ≤ a) = pmf(a)·(1 + r(a) + r(a)r(a−1) + …), r(x) = pmf(x−1)/pmf(x) < 1 below the mode
    let sum = 1;
    let term = 1;
    for (let x = a; x > lo; x--) {
      term *= (x * (row2 - col1 + x)) / ((row1 - x + 1) * (col1 - x + 1));
      sum += term;
      if (term < sum * TAIL_EPSILON) break;
    }
    return clamp01(Math.exp(logPmf(a) + Math.log(sum)));
  }
  // P(X ≤ a) = 1 − pmf(a+1)·(1 + s(a+1) + …), s(x) = pmf(x+1)/pmf(x) < 1 above the mode
  let sum = 1;
  let term = 1;
  for (let x = a + 1; x < hi; x++) {
    term *= ((row1 - x) * (col1 - x)) / ((x + 1) * (row2 - col1 + x + 1));
    sum += term;
    if (term < sum * TAIL_EPSILON) break;
  }
  return clamp01(1 - Math.exp(logPmf(a + 1) + Math.log(sum)));
}

const clamp01 = (v: number): number => (v < 0 ? 0 : v > 1 ? 1 : v);
