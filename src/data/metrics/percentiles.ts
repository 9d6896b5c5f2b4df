/**
 * Percentiles of a stream of durations in fixed memory. The first values are
 * kept as they are, so small series give exact nearest-rank percentiles; past
 * that many, values go into logarithmic buckets whose width keeps every
 * percentile within 1% of the true value. Memory never grows with the data.
 */

export const EXACT_LIMIT = 4096;
/** bucket i covers [GROWTH^i, GROWTH^(i+1)): ±1% around its midpoint */
const GROWTH = 1.02;
/** ln(GROWTH) as Node computes it; a server-side histogram divides by the same literal */
export const LOG_GROWTH = Math.log(GROWTH);

/** The bucket of a duration of at least 1 ms, as the sketch computes it in Node. */
export function bucketOf(ms: number): number {
  return Math.floor(Math.log(ms) / LOG_GROWTH);
}

/**
 * A sketch's state computed elsewhere (a server-side $group): the values
 * themselves while there are at most the exact limit of them, else the
 * buckets; `values` and `buckets` both null keep only count, sum, min and max.
 */
export interface SketchParts {
  count: number;
  sum: number;
  min: number;
  max: number;
  zeros: number;
  buckets: Map<number, number> | null;
  values: number[] | null;
}

export interface DurationSummary {
  /** values seen (documents with a usable duration) */
  count: number;
  /** to the microsecond (the sum is kept in whole microseconds, whatever the order of the values) */
  sumMs: number;
  averageMs: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  maxMs: number | null;
  /** false once the values went into buckets: p50 and p95 are then within 1% */
  exact: boolean;
}

export class DurationSketch {
  private exactValues: number[] = [];
  private buckets: Map<number, number> | null = null;
  private zeros = 0;
  count = 0;
  /** the sum in whole microseconds: exact, so it does not depend on the order the values came in */
  private sumMicros = 0;
  max = -Infinity;
  min = Infinity;

  /** true for a sketch made from parts without values or buckets: no percentiles */
  private statsOnly = false;

  constructor(private readonly exactLimit = EXACT_LIMIT) {}

  /**
   * The sketch that adding the same values one by one would give: the exact
   * values up to the limit, else the buckets (whose state does not depend on
   * the order the values came in).
   */
  static fromParts(p: SketchParts, exactLimit = EXACT_LIMIT): DurationSketch {
    const s = new DurationSketch(exactLimit);
    if (p.count === 0) return s;
    s.count = p.count;
    s.sumMicros = Math.round(p.sum * 1000);
    s.min = p.min;
    s.max = p.max;
    if (p.count <= exactLimit && p.values !== null) {
      if (p.values.length !== p.count) throw new Error(`sketch parts: ${p.values.length} values for ${p.count}`);
      s.exactValues = [...p.values];
    } else if (p.count > exactLimit && p.buckets !== null) {
      s.buckets = new Map(p.buckets);
      s.zeros = p.zeros;
    } else s.statsOnly = true;
    return s;
  }

  add(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    this.count++;
    this.sumMicros += Math.round(ms * 1000);
    if (ms > this.max) this.max = ms;
    if (ms < this.min) this.min = ms;
    if (this.statsOnly) return;
    if (this.buckets === null) {
      this.exactValues.push(ms);
      if (this.exactValues.length > this.exactLimit) {
        this.buckets = new Map();
        for (const v of this.exactValues) this.addToBucket(v);
        this.exactValues = [];
      }
      return;
    }
    this.addToBucket(ms);
  }

  private addToBucket(ms: number): void {
    if (ms < 1) {
      this.zeros++;
      return;
    }
    const i = bucketOf(ms);
    this.buckets!.set(i, (this.buckets!.get(i) ?? 0) + 1);
  }

  /** Nearest rank: the smallest value with at least p% of the values at or below it. */
  percentile(p: number): number | null {
    if (this.count === 0 || this.statsOnly) return null;
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    if (this.buckets === null) {
      const sorted = [...this.exactValues].sort((a, b) => a - b);
      return sorted[rank - 1] ?? null;
    }
    let seen = this.zeros;
    if (seen >= rank) return this.min;
    for (const i of [...this.buckets.keys()].sort((a, b) => a - b)) {
      seen += this.buckets.get(i)!;
      if (seen >= rank) {
        const mid = Math.sqrt(GROWTH ** i * GROWTH ** (i + 1));
        return Math.round(Math.min(this.max, Math.max(this.min, mid)));
      }
    }
    return this.max;
  }

  /** ms, to the microsecond */
  get sum(): number {
    return this.sumMicros / 1000;
  }

  /** This sketch's state as parts (fromParts of them gives it back). */
  toParts(): SketchParts {
    const exact = !this.statsOnly && this.buckets === null;
    return {
      count: this.count,
      sum: this.sum,
      min: this.min,
      max: this.max,
      zeros: this.zeros,
      buckets: this.buckets === null ? null : new Map(this.buckets),
      values: exact ? [...this.exactValues] : null,
    };
  }

  /** What adding the values of `p` to this sketch one by one would give (p's own values or buckets, else its stats). */
  merged(p: SketchParts): DurationSketch {
    return DurationSketch.fromParts(combineParts(this.toParts(), p, this.exactLimit), this.exactLimit);
  }

  summary(): DurationSummary {
    const empty = this.count === 0;
    return {
      count: this.count,
      sumMs: this.sum,
      averageMs: empty ? null : Math.round((this.sum / this.count) * 10) / 10,
      p50Ms: this.percentile(50),
      p95Ms: this.percentile(95),
      maxMs: empty ? null : this.max,
      exact: this.statsOnly ? this.count <= this.exactLimit : this.buckets === null,
    };
  }
}

/** Two sketches' parts as one: values while both have them and there are at most `exactLimit`, else buckets, else stats. */
export function combineParts(a: SketchParts, b: SketchParts, exactLimit = EXACT_LIMIT): SketchParts {
  if (a.count === 0) return b;
  if (b.count === 0) return a;
  const stats = {
    count: a.count + b.count,
    sum: a.sum + b.sum,
    min: Math.min(a.min, b.min),
    max: Math.max(a.max, b.max),
  };
  const hasShape = (p: SketchParts) => p.values !== null || p.buckets !== null;
  if (!hasShape(a) || !hasShape(b)) return { ...stats, zeros: 0, buckets: null, values: null };
  if (stats.count <= exactLimit && a.values !== null && b.values !== null)
    return { ...stats, zeros: 0, buckets: null, values: [...a.values, ...b.values] };
  const buckets = new Map<number, number>();
  let zeros = 0;
  for (const p of [a, b]) {
    // values when a side has them, else its buckets
    if (p.values === null) {
      zeros += p.zeros;
      for (const [i, n] of p.buckets!) buckets.set(i, (buckets.get(i) ?? 0) + n);
    } else
      for (const v of p.values) {
        if (v < 1) zeros++;
        else buckets.set(bucketOf(v), (buckets.get(bucketOf(v)) ?? 0) + 1);
      }
  }
  return { ...stats, zeros, buckets, values: null };
}
