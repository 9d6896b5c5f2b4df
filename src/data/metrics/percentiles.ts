/**
 * Percentiles of a stream of durations in fixed memory. The first values are
 * kept as they are, so small series give exact nearest-rank percentiles; past
 * that many, values go into logarithmic buckets whose width keeps every
 * percentile within 1% of the true value. Memory never grows with the data.
 */

const EXACT_LIMIT = 4096;
/** bucket i covers [GROWTH^i, GROWTH^(i+1)): ±1% around its midpoint */
const GROWTH = 1.02;
const LOG_GROWTH = Math.log(GROWTH);

export interface DurationSummary {
  /** values seen (documents with a usable duration) */
  count: number;
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
  sum = 0;
  max = -Infinity;
  min = Infinity;

  constructor(private readonly exactLimit = EXACT_LIMIT) {}

  add(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    this.count++;
    this.sum += ms;
    if (ms > this.max) this.max = ms;
    if (ms < this.min) this.min = ms;
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
    const i = Math.floor(Math.log(ms) / LOG_GROWTH);
    this.buckets!.set(i, (this.buckets!.get(i) ?? 0) + 1);
  }

  /** Nearest rank: the smallest value with at least p% of the values at or below it. */
  percentile(p: number): number | null {
    if (this.count === 0) return null;
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

  summary(): DurationSummary {
    const empty = this.count === 0;
    return {
      count: this.count,
      sumMs: this.sum,
      averageMs: empty ? null : Math.round((this.sum / this.count) * 10) / 10,
      p50Ms: this.percentile(50),
      p95Ms: this.percentile(95),
      maxMs: empty ? null : this.max,
      exact: this.buckets === null,
    };
  }
}
