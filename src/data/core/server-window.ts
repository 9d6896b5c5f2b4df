/**
 * The one time window as a server pipeline's `$match`: BSON dates by an index
 * range, and the legacy ISO-string timestamps that may fall in it by string
 * ranges an index answers too (the streaming path finds those with
 * `{$type: 'string'}`, a full scan). The strings found are few; the caller
 * decides each with `inWindow(storedTime(value), w)` as the streaming path does.
 */
import type { TimeWindow } from './window.js';

const DAY_MS = 86_400_000;
/** the largest offset parseStoredTimeString accepts */
const MAX_OFFSET_MS = 18 * 3_600_000;

/** BSON dates in [from, to): a comparison with a date matches dates only. */
export function datedInWindow(field: string, w: TimeWindow): Record<string, unknown> {
  return { [field]: { $gte: w.from, $lt: w.to } };
}

/**
 * Every string `field` that can name a time in the window. A readable string
 * starts (after blanks) with its local date, at most 18 hours from UTC, so it
 * lies between the day of `from - 18h` and the day after `to + 18h` as text;
 * strings starting with a blank or a non-digit (blanks are trimmed before
 * parsing) are taken too, they are all few. Comparisons with a string match
 * strings only.
 */
export function legacyStringsNear(field: string, w: TimeWindow): Record<string, unknown> {
  const low = dayText(w.from.getTime() - MAX_OFFSET_MS);
  const high = dayText(w.to.getTime() + MAX_OFFSET_MS + DAY_MS);
  return {
    $or: [{ [field]: { $gte: low, $lt: high } }, { [field]: { $gte: '', $lt: '0' } }, { [field]: { $gt: '9' } }],
  };
}

function dayText(ms: number): string {
  return new Date(Math.floor(ms / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
}

/** `$dateToString` of a date field to its UTC day, as DayBuckets names days. */
export function utcDayOf(field: string): Record<string, unknown> {
  return { $dateToString: { format: '%Y-%m-%d', date: `$${field}` } };
}

/** windowFilter's counterpart on the server path: dated in the window, or a string that may be (decide those in Node). */
export function nearWindow(field: string, w: TimeWindow): Record<string, unknown> {
  return { $or: [datedInWindow(field, w), ...(legacyStringsNear(field, w).$or as unknown[])] };
}
