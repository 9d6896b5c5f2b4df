/**
 * Time windows for statistics: a half-open range [from, to), its UTC days, and
 * the filter that finds documents in it whether their timestamp is a BSON
 * date or an ISO-8601 string written by an older tool (parsed, never
 * compared as text).
 */
import { toDate } from './normalize.js';

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

/** A half-open time range [from, to) whose bounds may be open (the audit filter's --since/--until). */
export interface TimeRange {
  from?: Date | undefined;
  to?: Date | undefined;
}

/**
 * The range as two queries on `field`: `dated` matches BSON dates by range (an
 * index range on MongoDB); `strings` selects every legacy ISO-string
 * timestamp, which the caller decides on with `inRange(storedTime(value), r)`
 * after parsing. FerretDB cannot parse strings, and text in mixed formats
 * (`T` or a space, offsets) does not sort as time; such documents are few.
 * Null for a range without bounds.
 */
export function rangeFilters(
  field: string,
  r: TimeRange,
): { dated: Record<string, unknown>; strings: Record<string, unknown> } | null {
  if (!r.from && !r.to) return null;
  return {
    dated: { [field]: { ...(r.from ? { $gte: r.from } : {}), ...(r.to ? { $lt: r.to } : {}) } },
    strings: { [field]: { $type: 'string' } },
  };
}

/** Both halves of rangeFilters in one query: `field` inside the window, dated or a legacy string. */
export function windowFilter(field: string, w: TimeWindow): Record<string, unknown> {
  const r = rangeFilters(field, w)!;
  return { $or: [r.dated, r.strings] };
}

/** A time (ms) read from a document is inside the half-open range. */
export function inRange(t: number | null, r: TimeRange): t is number {
  return t !== null && (!r.from || t >= r.from.getTime()) && (!r.to || t < r.to.getTime());
}

/** A time (ms) read from a document is inside the window. */
export function inWindow(t: number | null, w: TimeWindow): t is number {
  return inRange(t, w);
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

/**
 * Percentage rounded to two decimals; null when there is nothing to divide
 * (never NaN). Never 100 unless all, never 0 unless none: 9999.6 of 10000 is
 * 99.99, not a rounded-up 100.
 */
export function percent(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  const p = Math.round((part / whole) * 10_000) / 100;
  if (p === 100 && part < whole) return 99.99;
  if (p === 0 && part > 0) return 0.01;
  return p;
}

/** "24h", "7d", "90m": a span for people (hours up to a day, days from two days on). */
export function formatSpan(ms: number): string {
  if (ms % DAY_MS === 0 && ms >= 2 * DAY_MS) return `${ms / DAY_MS}d`;
  for (const [u, n] of [
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const)
    if (ms % n === 0) return `${ms / n}${u}`;
  return `${ms}ms`;
}
