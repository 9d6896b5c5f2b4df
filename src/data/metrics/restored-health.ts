/**
 * Did a rollback heal? The runs of the restored version (the version a
 * rollback wrote, or any version being watched) against its own history: the
 * runs of the version whose data it restores, in that version's last
 * `baselineMs` of life. The same statistics as `check regression`
 * (regression.ts): a one-sided Fisher exact test on (succeeded, failed) x
 * (restored, history); worse when p < 1 - confidence; too few finished runs
 * on either side (fewer than minRuns) is no verdict.
 */
import type { DataSource } from '../core/connection.js';
import {
  confidenceLabel,
  describeSide,
  judgeSides,
  regressionSide,
  type RegressionOutcome,
  type RegressionSide,
} from './regression.js';
import { liveIntervals, readVersionStamps, versionHealth } from './version-health.js';

export interface RestoredHealthQuery {
  workflowId: string;
  /** the version watched (a rollback's new version) */
  version: number;
  /** the version whose runs are its history (the rollback's target); the one live before it when null */
  history: number | null;
  confidence: number;
  minRuns: number;
  baselineMs: number;
}

export interface RestoredHealth {
  workflowId: string;
  outcome: RegressionOutcome;
  method: 'fisher-exact-one-sided';
  confidence: number;
  minRuns: number;
  baselineMs: number;
  restored: RegressionSide | null;
  history: RegressionSide | null;
  /** the watched version is no longer the current one (another version was saved since) */
  superseded: boolean;
  pValue: number | null;
  /** one line for people */
  message: string;
}

/** One look at the restored version and its history (two reads: the version stamps, then the runs once). */
export async function restoredVersionHealth(
  ds: DataSource,
  q: RestoredHealthQuery,
  now: Date,
): Promise<RestoredHealth> {
  const base = {
    workflowId: q.workflowId,
    method: 'fisher-exact-one-sided',
    confidence: q.confidence,
    minRuns: q.minRuns,
    baselineMs: q.baselineMs,
  } as const;
  const stamps = [...(await readVersionStamps(ds, q.workflowId))].sort((a, b) => b.version - a.version);
  const superseded = stamps.length > 0 && stamps[0]!.version !== q.version;
  const none = (message: string, restored: RegressionSide | null = null, history: RegressionSide | null = null) => ({
    ...base,
    outcome: 'insufficient-data' as const,
    restored,
    history,
    superseded,
    pValue: null,
    message,
  });
  if (!stamps.some((s) => s.version === q.version)) return none(`the workflow has no version ${q.version}`);
  const intervals = liveIntervals(stamps, now);
  const historyIv =
    q.history !== null
      ? intervals.find((iv) => iv.version === q.history)
      : intervals.find((iv) => iv.version < q.version && iv.liveMs !== null && iv.liveMs > 0);
  if (!historyIv || historyIv.liveMs === null || historyIv.liveMs <= 0)
    return none(
      q.history !== null
        ? `v${q.history} was never live: v${q.version} has no history to be judged against`
        : `no version before v${q.version} was live: nothing to judge it against`,
    );
  const from = historyIv.liveFrom!.getTime();
  const baselineStart = Math.max(from, from + historyIv.liveMs - q.baselineMs);
  const health = await versionHealth(ds, {
    workflowId: q.workflowId,
    versions: stamps.filter((s) => s.version >= historyIv.version),
    now,
    since: new Date(baselineStart),
  });
  const restored = regressionSide(
    health.find((h) => h.version === q.version)!,
    q.confidence,
  );
  const history = regressionSide(
    health.find((h) => h.version === historyIv.version)!,
    q.confidence,
  );
  const judged = judgeSides(restored, history, q);
  if ('short' in judged) return none(judged.short, restored, history);
  const { pValue, worse, test } = judged;
  return {
    ...base,
    outcome: worse ? 'worse' : 'not-worse',
    restored,
    history,
    superseded,
    pValue,
    message: `${describeSide(restored, q.confidence)} vs its history ${describeSide(history, q.confidence)}: ${worse ? `worse beyond chance at ${confidenceLabel(q.confidence)}` : 'no worse beyond chance'} (${test})`,
  };
}
