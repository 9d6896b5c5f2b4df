/**
 * Did the current version make things worse? Its success rate since it went
 * live against the previous version's, by a one-sided Fisher exact test on
 * the 2x2 table (succeeded, failed) x (current, previous): the p-value is the
 * chance of a current rate this low or lower if both versions succeeded
 * equally often. Worse when p < 1 - confidence. Wilson score intervals at
 * the same confidence are shown beside the rates.
 *
 * The previous version is the highest version below the current one that
 * was live (a non-empty interval, see version-health.ts); its baseline is
 * the runs that started in its last `baselineMs` of life (all of it when
 * shorter). Runs are counted as in versions list: by the version live when
 * they started; finished ones (succeeded or failed) make the rates.
 */
import { SCAN_MAX_TIME_MS, type DataSource } from '../core/connection.js';
import { toDate, toNumberOrNull, toStringOrNull } from '../core/normalize.js';
import { formatSpan } from '../core/window.js';
import { formatPercent, ratioPercent } from '../core/percent.js';
import { fisherExactLess, wilsonInterval } from './statistics.js';
import { censusWorkflows } from './analytics.js';
import {
  liveIntervals,
  readVersionStamps,
  versionHealth,
  type VersionHealth,
  type VersionStamp,
} from './version-health.js';

export const REGRESSION_METHOD = 'fisher-exact-one-sided';

export type RegressionSide = Pick<
  VersionHealth,
  | 'version'
  | 'liveFrom'
  | 'liveUntil'
  | 'liveMs'
  | 'runs'
  | 'succeeded'
  | 'succeededWithFailedActions'
  | 'failed'
  | 'successRate'
> & {
  /** Wilson score interval of the success rate at the check's confidence, percent */
  interval: { lower: number; upper: number } | null;
};

export type RegressionOutcome = 'worse' | 'not-worse' | 'insufficient-data';

export interface RegressionResult {
  workflowId: string;
  outcome: RegressionOutcome;
  method: typeof REGRESSION_METHOD;
  confidence: number;
  minRuns: number;
  baselineMs: number;
  current: RegressionSide | null;
  previous: RegressionSide | null;
  /** null when there was nothing to test */
  pValue: number | null;
  /** one line for people */
  message: string;
}

export interface RegressionQuery {
  workflowId: string;
  /** (0.5, 0.999) */
  confidence: number;
  /** fewest finished runs each version needs */
  minRuns: number;
  baselineMs: number;
}

/** A version's health as one side of the test, with its Wilson interval at `confidence`. */
export function regressionSide(h: VersionHealth, confidence: number): RegressionSide {
  const finished = h.succeeded + h.failed;
  const w = finished > 0 ? wilsonInterval(h.succeeded, finished, confidence) : null;
  return {
    version: h.version,
    liveFrom: h.liveFrom,
    liveUntil: h.liveUntil,
    liveMs: h.liveMs,
    runs: h.runs,
    succeeded: h.succeeded,
    succeededWithFailedActions: h.succeededWithFailedActions,
    failed: h.failed,
    successRate: h.successRate,
    interval: w ? { lower: round2(w.lower * 100), upper: round2(w.upper * 100) } : null,
  };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/**
 * Too few finished runs on either side (why, the newer first), or the
 * one-sided Fisher exact test of the newer side against the older one.
 */
export function judgeSides(
  newer: RegressionSide,
  older: RegressionSide,
  q: { minRuns: number; confidence: number; baselineMs: number },
): { short: string } | { pValue: number; worse: boolean; test: string } {
  for (const s of [newer, older]) {
    const finished = s.succeeded + s.failed;
    if (finished >= q.minRuns) continue;
    const when = s === newer ? 'since it went live' : `in its last ${formatSpan(q.baselineMs)} of life`;
    return {
      short: `v${s.version} has ${finished} finished run${finished === 1 ? '' : 's'} ${when}, fewer than the ${q.minRuns} needed to judge`,
    };
  }
  const pValue = fisherExactLess(newer.succeeded, newer.failed, older.succeeded, older.failed);
  const alpha = 1 - q.confidence;
  const worse = pValue < alpha;
  const test = `one-sided Fisher exact p = ${formatPValue(pValue)} ${worse ? '<' : '>='} ${formatPValue(Number(alpha.toPrecision(6)))}`;
  return { pValue, worse, test };
}

/** "v8 57.5% succeeded (23 of 40 finished, 95% interval 42.2-71.5%)" */
export function describeSide(s: RegressionSide, confidence: number): string {
  const finished = s.succeeded + s.failed;
  if (finished === 0) return `v${s.version}: no finished runs`;
  // the interval from the counts again: its rounded bounds, cut again, could print past the true ones
  const w = wilsonInterval(s.succeeded, finished, confidence);
  return `v${s.version} ${formatPercent(ratioPercent(s.succeeded, finished))} succeeded (${s.succeeded} of ${finished} finished, ${confidenceLabel(confidence)} interval ${formatPercent(w.lower * 100, 'down').slice(0, -1)}-${formatPercent(w.upper * 100, 'up')})`;
}

/** 0.95 -> "95%", 0.9985 -> "99.85%": the level as given. */
export function confidenceLabel(confidence: number): string {
  return `${Number((confidence * 100).toPrecision(6))}%`;
}

/** p-values for people: 4 significant digits, small ones in e-notation. */
export function formatPValue(p: number): string {
  if (p === 0) return '0';
  if (p < 0.0001) return p.toExponential(2);
  return String(Number(p.toPrecision(4)));
}

/** The regression check of one workflow whose version stamps are known (newest first or any order). */
export async function regressionOf(
  ds: DataSource,
  q: RegressionQuery,
  stamps: VersionStamp[],
  now: Date,
): Promise<RegressionResult> {
  const base = {
    workflowId: q.workflowId,
    method: REGRESSION_METHOD,
    confidence: q.confidence,
    minRuns: q.minRuns,
    baselineMs: q.baselineMs,
  } as const;
  const none = (
    message: string,
    current: RegressionSide | null = null,
    previous: RegressionSide | null = null,
  ): RegressionResult => ({
    ...base,
    outcome: 'insufficient-data',
    current,
    previous,
    pValue: null,
    message,
  });
  if (stamps.length === 0) return none('the workflow has no versions');
  if (stamps.length === 1) return none(`only version ${stamps[0]!.version} exists: nothing to compare it with`);
  const sorted = [...stamps].sort((a, b) => b.version - a.version);
  const intervals = liveIntervals(sorted, now);
  const currentIv = intervals[0]!;
  const previousIv = intervals.slice(1).find((iv) => iv.liveMs !== null && iv.liveMs > 0);
  if (!previousIv) return none(`no version before v${currentIv.version} was live: nothing to compare it with`);
  const baselineStart = Math.max(
    previousIv.liveFrom!.getTime(),
    previousIv.liveFrom!.getTime() + previousIv.liveMs! - q.baselineMs,
  );
  const upper = sorted.filter((s) => s.version >= previousIv.version);
  const health = await versionHealth(ds, {
    workflowId: q.workflowId,
    versions: upper,
    now,
    since: new Date(baselineStart),
  });
  const current = regressionSide(health[0]!, q.confidence);
  const previous = regressionSide(
    health.find((h) => h.version === previousIv.version)!,
    q.confidence,
  );
  const judged = judgeSides(current, previous, q);
  if ('short' in judged) return none(judged.short, current, previous);
  const { pValue, worse, test } = judged;
  return {
    ...base,
    outcome: worse ? 'worse' : 'not-worse',
    current,
    previous,
    pValue,
    message: `${describeSide(current, q.confidence)} vs ${describeSide(previous, q.confidence)}: ${worse ? 'worse beyond chance' : 'not worse beyond chance'} (${test})`,
  };
}

/** One workflow: reads its version list, then its runs once. */
export async function checkWorkflowRegression(
  ds: DataSource,
  q: RegressionQuery,
  now: Date,
): Promise<RegressionResult> {
  return regressionOf(ds, q, await readVersionStamps(ds, q.workflowId), now);
}

/**
 * Every workflow of custom_workflows with two versions or more: one read of
 * every version's number and time, then one read of runs per such workflow.
 * Workflows with a single version cannot regress and are left out.
 */
export async function checkAllRegressions(
  ds: DataSource,
  q: Omit<RegressionQuery, 'workflowId'>,
  now: Date,
): Promise<{ results: RegressionResult[]; singleVersion: number }> {
  const census = await censusWorkflows(ds);
  const stamps = await ds.run('scan versions', async () => {
    const byWorkflow = new Map<string, VersionStamp[]>();
    const cursor = ds.versions
      .find({}, ds.opts({ atLeastMs: SCAN_MAX_TIME_MS }))
      .project<{ workflow_id?: unknown; version_number?: unknown; changed_at?: unknown }>({
        _id: 0,
        workflow_id: 1,
        version_number: 1,
        changed_at: 1,
      });
    for await (const d of cursor) {
      const wf = toStringOrNull(d.workflow_id);
      const version = toNumberOrNull(d.version_number);
      if (wf === null || version === null || !census.names.has(wf)) continue;
      let list = byWorkflow.get(wf);
      if (!list) byWorkflow.set(wf, (list = []));
      list.push({ version, changedAt: toDate(d.changed_at) });
    }
    return byWorkflow;
  });
  const results: RegressionResult[] = [];
  let singleVersion = 0;
  for (const wf of [...census.names.keys()].sort()) {
    const list = stamps.get(wf) ?? [];
    if (list.length < 2) {
      singleVersion++;
      continue;
    }
    results.push(await regressionOf(ds, { ...q, workflowId: wf }, list, now));
  }
  return { results, singleVersion };
}
