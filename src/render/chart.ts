/**
 * Per-day series for people: horizontal bars (successes and failures in their
 * colours) for up to a few weeks of days, sparklines beyond that. Only for a
 * terminal; piped output gets the numbers as tab-separated rows instead.
 */
import type { IOStreams } from '../io.js';
import { createTheme } from './theme.js';
import { formatPercent } from '../data/core/percent.js';

export interface DayPoint {
  day: string;
  /** the good part of the bar (successes) */
  ok: number;
  /** the bad part of the bar (failures) */
  bad: number;
}

const BLOCKS = ['▏', '▎', '▍', '▌', '▋', '▊', '▉', '█'];
const SPARKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
const MAX_BAR_ROWS = 45;

function bar(value: number, scale: number): string {
  const eighths = Math.round(value * scale * 8);
  if (value > 0 && eighths === 0) return BLOCKS[0]!;
  return '█'.repeat(Math.floor(eighths / 8)) + (eighths % 8 ? BLOCKS[(eighths % 8) - 1]! : '');
}

/** Without colour the failed part needs a glyph of its own: light shade, in whole cells (at least one). */
const PLAIN_BAD = '░';
function plainBar(value: number, scale: number): string {
  return value > 0 ? PLAIN_BAD.repeat(Math.max(1, Math.round(value * scale))) : '';
}

/**
 * `labels.ok`/`labels.bad` name the two parts ("succeeded"/"failed");
 * `okOnly` draws a one-part series (rollbacks per day).
 */
export function renderDayChart(
  io: IOStreams,
  points: DayPoint[],
  labels: { ok: string; bad: string; okOnly?: boolean },
): string {
  if (!io.stdoutIsTTY) {
    return points
      .map((p) => (labels.okOnly ? `${p.day}\t${p.ok}` : `${p.day}\t${p.ok + p.bad}\t${p.ok}\t${p.bad}`))
      .join('\n')
      .concat(points.length ? '\n' : '');
  }
  const t = createTheme(io.colorStdout);
  const total = (p: DayPoint) => p.ok + p.bad;
  const peak = Math.max(0, ...points.map(total));
  if (points.length === 0) return '';
  if (peak === 0)
    return `${t.muted(`  no ${labels.okOnly ? labels.ok : 'executions'} on any of these ${points.length} days`)}\n`;
  if (points.length > MAX_BAR_ROWS) {
    const spark = (values: number[]) => {
      const max = Math.max(...values);
      return values.map((v) => (v === 0 ? ' ' : SPARKS[Math.min(7, Math.floor((v / max) * 7.999))]!)).join('');
    };
    const first = points[0]!.day;
    const last = points[points.length - 1]!.day;
    const lines = [`  ${t.muted(`${first} … ${last}`)}`];
    lines.push(
      `  ${t.success(spark(points.map((p) => p.ok)))}  ${labels.ok} (peak ${Math.max(...points.map((p) => p.ok))})`,
    );
    if (!labels.okOnly)
      lines.push(
        `  ${t.failure(spark(points.map((p) => p.bad)))}  ${labels.bad} (peak ${Math.max(...points.map((p) => p.bad))})`,
      );
    return `${lines.join('\n')}\n`;
  }
  const numWidth = String(peak).length;
  const width = Math.max(10, Math.min(60, io.columns - 12 - numWidth - 24));
  const scale = width / peak;
  // colour tells the parts apart; without it (NO_COLOR, --no-color) the failed part is drawn in another glyph
  const badBar = io.colorStdout ? (v: number) => t.failure(bar(v, scale)) : (v: number) => plainBar(v, scale);
  const badGlyph = io.colorStdout ? t.failure('█') : PLAIN_BAD;
  const lines = points.map((p) => {
    const bars = t.success(bar(p.ok, scale)) + (labels.okOnly ? '' : badBar(p.bad));
    const fig = labels.okOnly ? String(p.ok) : `${total(p)}${p.bad ? t.failure(` (${p.bad} ${labels.bad})`) : ''}`;
    return `  ${t.muted(p.day)} ${bars} ${fig}`;
  });
  if (!labels.okOnly) lines.push(`  ${t.muted('legend:')} ${t.success('█')} ${labels.ok}  ${badGlyph} ${labels.bad}`);
  return `${lines.join('\n')}\n`;
}

export interface RatePoint {
  label: string;
  /** percent; null without finished runs */
  rate: number | null;
  /** the finished runs the rate is of */
  runs: number;
}

/**
 * Success rates as horizontal bars on a 0-100% scale, one row per label
 * (versions), the figure and its sample size beside: a 100% of 3 runs
 * should not look like a 100% of 3000.
 */
export function renderRateChart(io: IOStreams, points: RatePoint[]): string {
  const t = createTheme(io.colorStdout);
  const labelWidth = Math.max(0, ...points.map((p) => p.label.length));
  const width = Math.max(10, Math.min(50, io.columns - labelWidth - 30));
  const lines = points.map((p) => {
    const label = t.muted(p.label.padStart(labelWidth));
    if (p.rate === null) return `  ${label} ${t.muted('no finished runs')}`;
    const ok = bar(p.rate, width / 100);
    const rest = io.colorStdout ? t.failure(bar(100 - p.rate, width / 100)) : plainBar(100 - p.rate, width / 100);
    return `  ${label} ${t.success(ok)}${rest} ${formatPercent(p.rate)} of ${p.runs}`;
  });
  return `${lines.join('\n')}\n`;
}
