/**
 * Error messages grouped by their shape: the parts that differ between two
 * occurrences of the same failure (ids, numbers, UUIDs, hex, timestamps,
 * addresses) are masked so that "timeout after 3021ms for order 17" and
 * "timeout after 998ms for order 4" count as one error.
 */

const RULES: Array<[RegExp, string]> = [
  // ISO-8601 timestamps and dates, before numbers eat them
  [/\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b/gi, '<time>'],
  [/\b\d{1,2}:\d{2}:\d{2}(?:\.\d+)?\b/g, '<time>'],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
  [/\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g, '<email>'],
  [/\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b/g, '<ip>'],
  [/\b0x[0-9a-f]+\b/gi, '<hex>'],
  // hex runs of 8+ with at least one digit: ObjectIds, hashes, execution ids
  [/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\b/gi, '<hex>'],
  [/(?<![A-Za-z])[-+]?\d+(?:[.,]\d+)*/g, '<n>'],
  [/(?<=[A-Za-z_])\d+/g, '<n>'],
];

const MAX_LENGTH = 200;

export function normalizeErrorMessage(message: string): string {
  let text = message.replace(/\s+/g, ' ').trim();
  for (const [re, mask] of RULES) text = text.replace(re, mask);
  if (text.length > MAX_LENGTH) text = `${text.slice(0, MAX_LENGTH - 1)}…`;
  return text === '' ? '(no message)' : text;
}

export interface ErrorGroup {
  /** the normalized message */
  message: string;
  count: number;
  lastSeen: Date | null;
  /** one message as it was logged (the latest) */
  example: string;
}

/**
 * Counts normalized messages in bounded memory: past `limit` distinct shapes,
 * the rest are "(other messages)" (which ones, past the limit, depends on the
 * order they are read in; the counts do not).
 */
export class ErrorTally {
  private readonly groups = new Map<string, { count: number; last: number; example: string }>();
  constructor(private readonly limit = 10_000) {}

  /**
   * Counts `count` occurrences of one raw message, the latest at `timeMs` (the
   * streaming path adds one at a time, the server path one row per distinct
   * message). Returns the group the message was counted in.
   */
  add(raw: string | null, timeMs: number | null, count = 1): string {
    let key = normalizeErrorMessage(raw ?? '');
    if (!this.groups.has(key) && this.groups.size >= this.limit) key = '(other messages)';
    const g = this.groups.get(key);
    const t = timeMs ?? -Infinity;
    const example = raw ?? '';
    if (!g) this.groups.set(key, { count, last: t, example });
    else {
      g.count += count;
      if (isLater(t, example, g.last, g.example)) {
        g.last = t;
        g.example = example;
      }
    }
    return key;
  }

  /** Adds another tally's groups to this one (each group by its latest example). */
  merge(o: ErrorTally): void {
    for (const [shape, g] of o.groups) {
      let key = shape;
      if (!this.groups.has(key) && this.groups.size >= this.limit) key = '(other messages)';
      const mine = this.groups.get(key);
      if (!mine) this.groups.set(key, { ...g });
      else {
        mine.count += g.count;
        if (isLater(g.last, g.example, mine.last, mine.example)) {
          mine.last = g.last;
          mine.example = g.example;
        }
      }
    }
  }

  top(n: number): ErrorGroup[] {
    return [...this.groups.entries()]
      .sort((a, b) => b[1].count - a[1].count || b[1].last - a[1].last || a[0].localeCompare(b[0]))
      .slice(0, n)
      .map(([message, g]) => ({
        message,
        count: g.count,
        lastSeen: Number.isFinite(g.last) ? new Date(g.last) : null,
        example: g.example.length > 500 ? `${g.example.slice(0, 499)}…` : g.example,
      }));
  }

  get distinct(): number {
    return this.groups.size;
  }
}

/**
 * The later of two (time, message) pairs; at the same time the greater
 * message, so that the order the occurrences are read in (a stream's, a
 * server's groups') never changes which one is shown. A null message is the
 * least.
 */
export function isLater(t: number, message: string | null, thanT: number, thanMessage: string | null): boolean {
  if (t !== thanT) return t > thanT;
  if (message === null || message === thanMessage) return false;
  return thanMessage === null || message > thanMessage;
}
