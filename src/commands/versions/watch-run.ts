/**
 * Following a restored version live (`versions watch`, `rollback
 * --wait-healthy`): its runs are read again every poll interval until the
 * time is up (a progress line on a terminal: runs, ok %, time left), then
 * judged against its own history with check regression's statistics
 * (data/metrics restored-health.ts). Polling, which works on FerretDB and on
 * every MongoDB; a read-only wait, so Ctrl-C simply ends it (exit 130).
 */
import type { CommandContext } from '../../context.js';
import type { DataSource } from '../../data/core/index.js';
import { restoredVersionHealth, type RestoredHealth, type RestoredHealthQuery } from '../../data/metrics/index.js';
import { ExitCode, ExitError } from '../../errors.js';
import type { IOStreams } from '../../io.js';
import { createTheme } from '../../render/theme.js';

export const DEFAULT_POLL_MS = 15_000;

/** The flags of `versions watch` (watch.ts defines them). */
export interface WatchFlags {
  for: number;
  pollInterval?: number;
  confidence?: number;
  minRuns?: number;
  baseline?: number;
  json?: boolean;
}

export interface WatchInput extends RestoredHealthQuery {
  /** how long to follow the runs */
  forMs: number;
  pollMs: number;
}

export interface WatchResult extends RestoredHealth {
  /** how long it followed the runs */
  watchedMs: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** "3m 10s" */
function leftText(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

function progressText(r: RestoredHealth, input: WatchInput, leftMs: number): string {
  const s = r.restored;
  const rate = s?.successRate == null ? '-' : `${s.successRate.toFixed(1)}%`;
  const of = input.history !== null ? ` (restores v${input.history})` : '';
  return `watching v${input.version}${of}: ${s?.runs ?? 0} runs, ${rate} ok, ${leftText(leftMs)} left`;
}

/**
 * Reads the restored version's runs every `pollMs` until `forMs` has passed, then returns the
 * last look's verdict. "Now" is the clock at each look (WFCTL_NOW, when set, at every look).
 */
export async function watchRestoredVersion(
  ctx: CommandContext,
  ds: DataSource,
  input: WatchInput,
): Promise<WatchResult> {
  const started = Date.now();
  const deadline = started + input.forMs;
  const fixedNow = ctx.env.WFCTL_NOW ? ctx.now() : null;
  const progress = ctx.io.stderrInteractive && !ctx.io.quiet;
  const { forMs: _f, pollMs: _p, ...query } = input;
  void _f;
  void _p;
  let last: RestoredHealth;
  try {
    for (;;) {
      last = await restoredVersionHealth(ds, query, fixedNow ?? new Date());
      const left = deadline - Date.now();
      if (progress) ctx.io.err(`\r\x1b[2K${progressText(last, input, left)}`);
      if (left <= 0) break;
      await sleep(Math.min(input.pollMs, left));
    }
  } finally {
    if (progress) ctx.io.err('\r\x1b[2K');
  }
  return { ...last, watchedMs: Date.now() - started };
}

/** The verdict on stdout; exit 0 healthy, 3 still failing, 5 too few runs (after printing). */
export function printWatch(r: WatchResult, io: IOStreams, workflow: string): void {
  const t = createTheme(io.colorStdout);
  const v = r.restored?.version ?? '?';
  const of = r.history ? ` (its history: v${r.history.version})` : '';
  if (r.superseded)
    io.note(`note: v${v} is no longer the current version of ${workflow}; judged on its runs while it was\n`);
  if (r.outcome === 'not-worse') io.out(`${t.success('✓')} v${v} of ${workflow}${of} is healthy: ${r.message}\n`);
  else if (r.outcome === 'worse') io.out(`${t.failure('✗')} v${v} of ${workflow}${of} still fails: ${r.message}\n`);
  else io.out(`? v${v} of ${workflow}${of}: too few runs to judge: ${r.message}\n`);
}

/** The exit status of a verdict (check regression's): thrown after the output. */
export function exitForWatch(r: RestoredHealth): void {
  if (r.outcome === 'worse') throw new ExitError(ExitCode.thresholdBreached);
  if (r.outcome === 'insufficient-data') throw new ExitError(ExitCode.insufficientData);
}
