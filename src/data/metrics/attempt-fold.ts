/**
 * The attempts of a window folded into every figure of `stats errors` in
 * fixed memory (stats.ts turns the fold into its result): attempt by attempt
 * from a raw-BSON stream, or group by group from the server's rows where it
 * runs the pipelines (attempt-groups.ts), the legacy string timestamps
 * streamed beside them.
 */
import { BSON, type Document } from 'mongodb';
import { SCAN_MAX_TIME_MS, type DataSource } from '../core/connection.js';
import { forEachRaw } from '../core/raw-cursor.js';
import { ErrorTally, isLater } from './error-shapes.js';
import { ATTEMPT_GROUPS_PROBE, groupAttempts, type AttemptSink } from './attempt-groups.js';
import { useServerPipeline } from '../core/capabilities.js';
import { legacyStringsNear } from '../core/server-window.js';
import { toNumberOrNull, toStringOrNull } from '../core/normalize.js';
import { FieldNames, RawFields, UNUSUAL } from '../core/raw-fields.js';
import { DayBuckets, inWindow, storedTime, windowFilter, type TimeWindow } from '../core/window.js';

const ATTEMPT_PROJECTION = {
  _id: 0,
  action_name: 1,
  attempt: 1,
  success: 1,
  error: 1,
  timestamp: 1,
  strategy: 1,
} as const;
const A = new FieldNames(['action_name', 'attempt', 'success', 'error', 'timestamp', 'strategy']);

/** What the figures read of an attempt; one, reused. */
class Attempt {
  time: number | null = null;
  ok = false;
  /** the attempt number, 1 when not stored */
  n = 1;
  name = '(unnamed)';
  error: string | null = null;
  strategy: string | null = null;
  private readonly fields = new RawFields(A);

  /** Reads the stored bytes (raw cursor); a field of an unusual type is read from the driver's document instead. */
  read(bytes: Uint8Array): this {
    try {
      const f = this.fields.read(bytes);
      this.time = f.time(A.id.timestamp);
      this.ok = f.isTrue(A.id.success);
      this.n = f.number(A.id.attempt) ?? 1;
      this.name = f.text(A.id.action_name) ?? '(unnamed)';
      this.error = f.text(A.id.error);
      this.strategy = f.text(A.id.strategy);
    } catch (err) {
      if (err !== UNUSUAL) throw err;
      const a = BSON.deserialize(bytes);
      this.time = storedTime(a.timestamp);
      this.ok = a.success === true;
      this.n = toNumberOrNull(a.attempt) ?? 1;
      this.name = toStringOrNull(a.action_name) ?? '(unnamed)';
      this.error = toStringOrNull(a.error);
      this.strategy = toStringOrNull(a.strategy);
    }
    return this;
  }
}

export class ActionAcc {
  attempts = 0;
  failures = 0;
  retries = 0;
  recovered = 0;
  lastErrorAt = -Infinity;
  lastError: string | null = null;
}

/**
 * Every figure of the attempts, folded in fixed memory: attempt by attempt
 * from the stream, or group by group from the server's rows (attempt-groups.ts).
 */
export class AttemptFold implements AttemptSink {
  readonly days: DayBuckets;
  private readonly dayIndex: Map<string, number>;
  readonly perDayAttempts: number[];
  readonly perDayFailures: number[];
  readonly actions = new Map<string, ActionAcc>();
  readonly errors = new ErrorTally();
  readonly strategies = new Map<string, number>();
  readonly toSuccess = new Map<number, number>();
  attempts = 0;
  failed = 0;
  retries = 0;
  recovered = 0;

  constructor(
    private readonly window: TimeWindow,
    private readonly withStrategies: boolean,
  ) {
    this.days = new DayBuckets(window);
    this.dayIndex = new Map(this.days.days.map((d, i) => [d, i]));
    this.perDayAttempts = new Array<number>(this.days.length).fill(0);
    this.perDayFailures = new Array<number>(this.days.length).fill(0);
  }

  private action(name: string): ActionAcc {
    let acc = this.actions.get(name);
    if (!acc) this.actions.set(name, (acc = new ActionAcc()));
    return acc;
  }

  /** One attempt as the stream reads it; outside the window it is not counted. */
  add(a: Attempt): void {
    const t = a.time;
    if (!inWindow(t, this.window)) return;
    this.count(a.name, this.days.indexOf(t), a.ok, a.n, a.strategy, 1);
    if (!a.ok) this.countFailures(a.name, a.error, t, 1);
  }

  countAttempts(name: string, day: string, ok: boolean, n: number, strategy: string | null, count: number): void {
    this.count(name, this.dayIndex.get(day) ?? -1, ok, n, strategy, count);
  }

  private count(name: string, d: number, ok: boolean, n: number, strategy: string | null, c: number): void {
    const acc = this.action(name);
    this.attempts += c;
    acc.attempts += c;
    if (d >= 0) this.perDayAttempts[d]! += c;
    if (n > 1) {
      this.retries += c;
      acc.retries += c;
      if (ok) {
        this.recovered += c;
        acc.recovered += c;
      }
    }
    if (ok) this.toSuccess.set(n, (this.toSuccess.get(n) ?? 0) + c);
    else {
      this.failed += c;
      acc.failures += c;
      if (d >= 0) this.perDayFailures[d]! += c;
    }
    if (this.withStrategies) {
      const s = strategy ?? 'unknown';
      this.strategies.set(s, (this.strategies.get(s) ?? 0) + c);
    }
  }

  /** Adds another fold's figures (of the same window) to this one. */
  merge(o: AttemptFold): void {
    this.attempts += o.attempts;
    this.failed += o.failed;
    this.retries += o.retries;
    this.recovered += o.recovered;
    o.perDayAttempts.forEach((n, i) => (this.perDayAttempts[i]! += n));
    o.perDayFailures.forEach((n, i) => (this.perDayFailures[i]! += n));
    for (const [k, n] of o.strategies) this.strategies.set(k, (this.strategies.get(k) ?? 0) + n);
    for (const [k, n] of o.toSuccess) this.toSuccess.set(k, (this.toSuccess.get(k) ?? 0) + n);
    for (const [name, b] of o.actions) {
      const a = this.action(name);
      a.attempts += b.attempts;
      a.failures += b.failures;
      a.retries += b.retries;
      a.recovered += b.recovered;
      if (isLater(b.lastErrorAt, b.lastError, a.lastErrorAt, a.lastError)) {
        a.lastErrorAt = b.lastErrorAt;
        a.lastError = b.lastError;
      }
    }
    this.errors.merge(o.errors);
  }

  countFailures(name: string, error: string | null, lastMs: number, count: number): void {
    const acc = this.action(name);
    this.errors.add(error, lastMs, count);
    if (isLater(lastMs, error, acc.lastErrorAt, acc.lastError)) {
      acc.lastErrorAt = lastMs;
      acc.lastError = error;
    }
  }
}

/** The attempts matching `filter`, streamed as raw BSON (each read from the bytes, no document made). */
async function streamAttempts(ds: DataSource, filter: Document, each: (a: Attempt) => void): Promise<void> {
  const cursor = ds.attempts
    .find(filter, { ...ds.opts({ atLeastMs: SCAN_MAX_TIME_MS }), raw: true })
    .project(ATTEMPT_PROJECTION)
    .batchSize(5000);
  const a = new Attempt();
  await forEachRaw(cursor, (bytes) => each(a.read(bytes)));
}

/**
 * Every figure of the attempts of the window: grouped on the server where it
 * runs the pipelines, the legacy string timestamps (few) streamed beside them;
 * else one streamed pass over the window. A retried request starts its own
 * fold (or list) afresh, so nothing is counted twice.
 */
export async function scanAttempts(
  ds: DataSource,
  match: Document,
  q: { window: TimeWindow; action?: string },
): Promise<AttemptFold> {
  const withStrategies = q.action !== undefined;
  if (!(await useServerPipeline(ds, ATTEMPT_GROUPS_PROBE)))
    return ds.run('scan action attempts', async () => {
      const fold = new AttemptFold(q.window, withStrategies);
      await streamAttempts(ds, { ...match, ...windowFilter('timestamp', q.window) }, (a) => fold.add(a));
      return fold;
    });
  const fold = new AttemptFold(q.window, withStrategies);
  const [, strings] = await Promise.all([
    groupAttempts(ds, { match, window: q.window, withStrategy: withStrategies }, fold),
    ds.run('scan legacy attempts', async () => {
      const near = new AttemptFold(q.window, withStrategies);
      await streamAttempts(ds, { ...match, ...legacyStringsNear('timestamp', q.window) }, (a) => near.add(a));
      return near;
    }),
  ]);
  fold.merge(strings);
  return fold;
}
