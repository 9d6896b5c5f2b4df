/**
 * One self-rewriting progress line on stderr, only when stderr is a terminal.
 * It is redrawn every second from the start, so a server that takes minutes
 * to send its first batch (FerretDB sorts a whole collection first) shows
 * that it is waiting; the rate is the recent one, not the average since the
 * start, and a time left is shown only once the rate has settled.
 */
import type { IOStreams } from '../io.js';

export interface ProgressLine {
  update(written: number, total: number | null, elapsedMs: number): void;
  /** clears the line */
  done(): void;
}

export function formatRate(perSecond: number): string {
  return perSecond >= 10_000 ? `${Math.round(perSecond / 1000)}k/s` : `${Math.round(perSecond)}/s`;
}

function formatDuration(seconds: number): string {
  if (seconds < 120) return `${Math.max(1, Math.round(seconds))}s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/** The window over which the rate is measured, and how long it must have been measured before an ETA. */
const RATE_WINDOW_MS = 5000;
const SETTLE_MS = 5000;
/** consecutive estimates (one a second) that must agree within this share before one is shown */
const ETA_AGREEMENT = 0.2;
const ETA_SAMPLES = 3;

/**
 * Turns (elapsed, written) samples into what the line says: the recent rate,
 * and a time left only when the last few estimates agree. Pure, for tests.
 */
export class ProgressEstimator {
  private readonly samples: Array<{ t: number; n: number }> = [];
  private firstRecordAt: number | null = null;
  private readonly etas: number[] = [];
  private lastEtaAt = -Infinity;

  observe(elapsedMs: number, written: number): void {
    if (written > 0 && this.firstRecordAt === null) this.firstRecordAt = elapsedMs;
    const last = this.samples[this.samples.length - 1];
    if (last && last.t === elapsedMs) last.n = written;
    else this.samples.push({ t: elapsedMs, n: written });
    // keep the samples of the last few seconds, and always one before the newest
    while (this.samples.length > 2 && this.samples[0]!.t < elapsedMs - RATE_WINDOW_MS) this.samples.shift();
  }

  /** records a second over the last few seconds; null before two samples or any record */
  rate(): number | null {
    if (this.samples.length < 2 || this.firstRecordAt === null) return null;
    const a = this.samples[0]!;
    const b = this.samples[this.samples.length - 1]!;
    return b.t > a.t ? ((b.n - a.n) * 1000) / (b.t - a.t) : null;
  }

  /** seconds left, or null while the rate has not settled */
  secondsLeft(elapsedMs: number, written: number, total: number | null): number | null {
    const rate = this.rate();
    if (total === null || rate === null || rate <= 0 || total <= written || this.firstRecordAt === null) return null;
    const estimate = (total - written) / rate;
    if (elapsedMs - this.lastEtaAt >= 1000) {
      this.lastEtaAt = elapsedMs;
      this.etas.push(estimate + elapsedMs / 1000);
      if (this.etas.length > ETA_SAMPLES) this.etas.shift();
    }
    if (elapsedMs - this.firstRecordAt < SETTLE_MS || this.etas.length < ETA_SAMPLES) return null;
    // the estimated end time must hold still: the estimates' finishing times within a share of the time left
    const lo = Math.min(...this.etas);
    const hi = Math.max(...this.etas);
    return hi - lo <= ETA_AGREEMENT * Math.max(estimate, 1) ? estimate : null;
  }
}

export function progressText(
  noun: string,
  written: number,
  total: number | null,
  elapsedMs: number,
  estimator?: ProgressEstimator,
): string {
  const of = total !== null ? ` of ${total.toLocaleString('en-US')}` : '';
  if (written === 0)
    return `0${of} ${noun}, waiting for the server's first batch (${formatDuration(elapsedMs / 1000)})`;
  const rate = estimator?.rate() ?? (elapsedMs > 0 ? (written * 1000) / elapsedMs : 0);
  let text = `${written.toLocaleString('en-US')}${of} ${noun}, ${formatRate(rate)}`;
  const left = estimator ? estimator.secondsLeft(elapsedMs, written, total) : null;
  if (left !== null) text += `, about ${formatDuration(left)} left`;
  return text;
}

export function createProgressLine(io: IOStreams, noun: string, now: () => number = () => Date.now()): ProgressLine {
  if (!io.stderrInteractive) return { update: () => undefined, done: () => undefined };
  const started = now();
  const estimator = new ProgressEstimator();
  let written = 0;
  let total: number | null = null;
  let finished = false;
  const draw = () => {
    const elapsed = now() - started;
    estimator.observe(elapsed, written);
    io.note(`\r\x1b[K${progressText(noun, written, total, elapsed, estimator)}`);
  };
  // from the first second, whether or not records have arrived
  const timer = setInterval(draw, 1000);
  timer.unref();
  return {
    update(w, t) {
      if (finished) return;
      written = w;
      total = t;
      draw();
    },
    done() {
      if (finished) return;
      finished = true;
      clearInterval(timer);
      io.note('\r\x1b[K');
    },
  };
}
