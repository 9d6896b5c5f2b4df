/**
 * The one way wfctl prints a percentage: one decimal, rounded down, so a
 * figure never shows a bound it has not reached (99.96% prints "99.9%", and
 * "100.0%" means every one). Beside a threshold, more decimals (up to four)
 * when one would put the figure on the wrong side of it or on it: 94.96%
 * against a 95% minimum prints "94.9%", 95.04% against 95.03% "95.04%".
 * JSON keeps the numbers (two decimals); this is only how text shows them.
 */

const MAX_DECIMALS = 4;

/** `value` (a percent) cut to `decimals` toward `direction`, as text. */
function cut(value: number, decimals: number, direction: 'down' | 'up'): string {
  const scale = 10 ** decimals;
  // the scaled value rounded to 9 digits first: 66.7 * 10 is 667.0000000000001 in binary
  const scaled = Number((value * scale).toPrecision(12));
  const n = (direction === 'down' ? Math.floor(scaled) : Math.ceil(scaled)) / scale;
  return n.toFixed(decimals);
}

/** "97.3%"; "n/a" for null. */
export function formatPercent(value: number | null, direction: 'down' | 'up' = 'down'): string {
  return value === null ? 'n/a' : `${cut(value, 1, direction)}%`;
}

/**
 * A percent beside a threshold: one decimal unless the printed figure would
 * then be on the other side of the threshold than the real one, or equal to
 * it when the real one is not.
 */
export function formatPercentAgainst(value: number, threshold: number, direction: 'down' | 'up' = 'down'): string {
  for (let d = 1; d <= MAX_DECIMALS; d++) {
    const text = cut(value, d, direction);
    const shown = Number(text);
    const same = value === threshold ? shown === threshold : value < threshold ? shown < threshold : shown > threshold;
    if (same) return `${text}%`;
  }
  return `${cut(value, MAX_DECIMALS, direction)}%`;
}

/** part / whole as a percent (never NaN: null when whole is 0), exact enough to cut: for formatPercent. */
export function ratioPercent(part: number, whole: number): number | null {
  return whole > 0 ? (part * 100) / whole : null;
}
