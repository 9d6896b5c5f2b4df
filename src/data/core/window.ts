/**
 * Time windows for statistics: a half-open range [from, to), its UTC days, and
 * the filter that finds documents in it whether their timestamp is a BSON
 * date or an ISO-8601 string written by an older tool (parsed, never
 * compared as text).
 */
import { UsageError } from '../../errors.js';
import { toDate } from './normalize.js';
import { quoteInput } from '../../quote.js';

const DAY_MS = 86_400_000;

export interface TimeWindow {
  from: Date;
  to: Date;
}

/** The last `days` days before `now` (a rolling window, as the backend's `?days=` is). */
export function windowOfDays(days: number, now: Date): TimeWindow {
  return { from: new Date(now.getTime() - days * DAY_MS), to: now };
}

export function windowOfSpan(spanMs: number, now: Date): TimeWindow {
  return { from: new Date(now.getTime() - spanMs), to: now };
}

/**
 * Matches `field` inside the window: BSON dates by range (an index range on
 * MongoDB), and every legacy ISO-string timestamp, selected apart by type and
 * decided by the caller with `inWindow(storedTime(value), w)` after parsing.
 * FerretDB cannot parse strings, and text in mixed formats (`T` or a space,
 * offsets) does not sort as time; such documents are few.
 */
export function windowFilter(field: string, w: TimeWindow): Record<string, unknown> {
  return { $or: [{ [field]: { $gte: w.from, $lt: w.to } }, { [field]: { $type: 'string' } }] };
}

/** The dated half of windowFilter, for server-side counts; the string half is counted in Node. */
export function datedWindowFilter(field: string, w: TimeWindow): Record<string, unknown> {
  return { [field]: { $gte: w.from, $lt: w.to } };
}

export function stringTimeFilter(field: string): Record<string, unknown> {
  return { [field]: { $type: 'string' } };
}

/** A time (ms) read from a document is inside the half-open window. */
export function inWindow(t: number | null, w: TimeWindow): t is number {
  return t !== null && t >= w.from.getTime() && t < w.to.getTime();
}

/** Reads a stored timestamp (date or legacy string); null when it is not one. */
export function storedTime(value: unknown): number | null {
  const d = toDate(value);
  return d ? d.getTime() : null;
}

/** The UTC days a window touches, oldest first, and the index of a time among them. */
export class DayBuckets {
  readonly days: string[];
  private readonly start: number;
  constructor(w: TimeWindow) {
    this.start = Math.floor(w.from.getTime() / DAY_MS) * DAY_MS;
    const last = Math.floor((w.to.getTime() - 1) / DAY_MS) * DAY_MS;
    this.days = [];
    for (let t = this.start; t <= last; t += DAY_MS) this.days.push(new Date(t).toISOString().slice(0, 10));
  }
  get length(): number {
    return this.days.length;
  }
  /** -1 outside the window's days */
  indexOf(timeMs: number): number {
    const i = Math.floor((timeMs - this.start) / DAY_MS);
    return i >= 0 && i < this.days.length ? i : -1;
  }
}

/** Percentage rounded to two decimals; null when there is nothing to divide (never NaN). */
export function percent(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return Math.round((part / whole) * 10_000) / 100;
}

/** "24h", "7d", "90m": a span for people (hours up to a day, days from two days on). */
export function formatSpan(ms: number): string {
  if (ms % DAY_MS === 0 && ms >= 2 * DAY_MS) return `${ms / DAY_MS}d`;
  for (const [u, n] of [['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) if (ms % n === 0) return `${ms / n}${u}`;
  return `${ms}ms`;
}

/** The time the statistics are "as of": WFCTL_NOW (tests, reproducible reports) or the clock. */
export function resolveNow(text: string | undefined): Date {
  if (text) {
    const d = new Date(text);
    if (Number.isNaN(d.getTime())) throw new UsageError(`WFCTL_NOW=${quoteInput(text)} is not an ISO-8601 time (e.g. 2025-06-15T12:00:00Z)`);
    return d;
  }
  return new Date();
}
