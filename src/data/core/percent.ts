/**
 * The one way wfctl prints a percentage: one decimal, rounded to the nearest
 * ("97.3%"), and more decimals (up to four) only where one would print a
 * bound the figure has not reached: 0.0% or 100.0% when it is neither none
 * nor all (99.96% prints "99.96%", never "100.0%"), and, beside a threshold,
 * the threshold itself or a figure on its other side (94.96% against a 95%
 * minimum prints "94.96%", never "95.0%"). The bounds of an interval are
 * rounded outward (lower down, upper up), so the printed interval holds the
 * real one. JSON keeps the numbers (two decimals); this is only how text
 * shows them.
 */

const MAX_DECIMALS = 4;

export type PercentRounding = 'nearest' | 'down' | 'up';

/** `value` (a percent) rounded to `decimals` as `mode` says, as text. */
function cut(value: number, decimals: number, mode: PercentRounding): string {
  const scale = 10 ** decimals;
  // the scaled value rounded to 12 digits first: 66.7 * 10 is 667.0000000000001 in binary
  const scaled = Number((value * scale).toPrecision(12));
  const n = (mode === 'down' ? Math.floor(scaled) : mode === 'up' ? Math.ceil(scaled) : Math.round(scaled)) / scale;
  return n.toFixed(decimals);
}

/** The printed figure tells the same story as the real one about `bound`: the same side of it, or both on it. */
function sameSide(value: number, shown: number, bound: number): boolean {
  return Math.sign(shown - bound) === Math.sign(value - bound);
}

function format(value: number, mode: PercentRounding, bounds: number[]): string {
  for (let d = 1; d <= MAX_DECIMALS; d++) {
    const text = cut(value, d, mode);
    if (bounds.every((b) => sameSide(value, Number(text), b))) return `${text}%`;
  }
  return `${cut(value, MAX_DECIMALS, mode)}%`;
}

/** "97.3%"; "n/a" for null. */
export function formatPercent(value: number | null, mode: PercentRounding = 'nearest'): string {
  return value === null ? 'n/a' : format(value, mode, [0, 100]);
}

/** A percent beside a threshold: as formatPercent, and never printed on the threshold or past it when it is not. */
export function formatPercentAgainst(value: number, threshold: number, mode: PercentRounding = 'nearest'): string {
  return format(value, mode, [0, 100, threshold]);
}

/** part / whole as a percent, unrounded (null when whole is 0): what formatPercent should be given when the counts are known. */
export function ratioPercent(part: number, whole: number): number | null {
  return whole > 0 ? (part * 100) / whole : null;
}
