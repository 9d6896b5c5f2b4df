/**
 * The yes-or-no answers for CI and cron: success rate, failed executions and
 * rollbacks in a window, each against a threshold. Each check is one
 * server-side count; the outcome is decided here, the exit status by the
 * command.
 *
 * A rollback is a version that rollbackTargetOf (versions.ts) calls one:
 * wfctl's `rollback_of`, or the backend's "Rolled back to version N"
 * description or fresh rollback_info; counted by `changed_at`, since the
 * version a rollback writes is the durable record of it.
 */
import type { Document } from 'mongodb';
import { SCAN_MAX_TIME_MS, type DataSource } from '../core/connection.js';
import { countExecutionsByStatus } from './stats.js';
import { ROLLBACK_CANDIDATES, ROLLBACK_FIELDS, rollbackTargetOf } from '../versions/read.js';
import { formatSpan, inWindow, percent, storedTime, windowFilter, windowOfSpan } from '../core/window.js';
import { checkAllRegressions, checkWorkflowRegression, confidenceLabel, type RegressionQuery, type RegressionResult } from './regression.js';
import { wilsonInterval } from './statistics.js';

export type CheckName = 'success-rate' | 'failures' | 'rollbacks' | 'regression';
export type CheckOutcome = 'ok' | 'breached' | 'insufficient-data';

export interface CheckResult {
  check: CheckName;
  outcome: CheckOutcome;
  /** workflow id, or null for all workflows */
  workflow: string | null;
  window: string;
  windowMs: number;
  from: Date;
  to: Date;
  /** the measured figure: success rate in percent, a count, or (regression) the p-value; null when there is none */
  value: number | null;
  /** regression: { min: 1 - confidence }, the smallest p-value that is not "worse" */
  threshold: { min: number } | { max: number };
  /** executions that finished (success or failed) in the window; success-rate only */
  executions?: number;
  succeeded?: number;
  failed?: number;
  minExecutions?: number;
  /** success-rate with a confidence: the Wilson score interval (percent) the outcome was decided on */
  interval?: { confidence: number; lower: number; upper: number } | null;
  /** regression only: both versions and the test */
  regression?: Omit<RegressionResult, 'workflowId' | 'outcome' | 'message'>;
  message: string;
}

export interface SuccessRateCheck {
  minPercent: number;
  windowMs: number;
  workflowId?: string;
  minExecutions: number;
  /**
   * Decide on the Wilson score interval at this confidence instead of the
   * raw rate: ok when its lower bound reaches the minimum, breached when its
   * upper bound is below it, insufficient-data when it holds the minimum
   */
  confidence?: number;
}

export async function checkSuccessRate(ds: DataSource, c: SuccessRateCheck, now: Date): Promise<CheckResult> {
  const w = windowOfSpan(c.windowMs, now);
  const counts = await countExecutionsByStatus(ds, w, c.workflowId);
  const finished = counts.succeeded + counts.failed;
  const rate = percent(counts.succeeded, finished);
  const span = formatSpan(c.windowMs);
  const base = {
    check: 'success-rate' as const,
    workflow: c.workflowId ?? null,
    window: span,
    windowMs: c.windowMs,
    from: w.from,
    to: w.to,
    value: rate,
    threshold: { min: c.minPercent },
    executions: finished,
    succeeded: counts.succeeded,
    failed: counts.failed,
    minExecutions: c.minExecutions,
  };
  if (finished === 0 || finished < c.minExecutions) {
    const what = finished === 0 ? 'no finished executions' : `${finished} finished execution${finished === 1 ? '' : 's'}`;
    return { ...base, outcome: 'insufficient-data', message: `${what} in the last ${span}, fewer than the ${c.minExecutions} needed to judge` };
  }
  if (c.confidence !== undefined) {
    const w = wilsonInterval(counts.succeeded, finished, c.confidence);
    const interval = { confidence: c.confidence, lower: Math.round(w.lower * 10_000) / 100, upper: Math.round(w.upper * 10_000) / 100 };
    const outcome = w.lower * 100 >= c.minPercent ? 'ok' : w.upper * 100 < c.minPercent ? 'breached' : 'insufficient-data';
    const ci = `${confidenceLabel(c.confidence)} interval ${interval.lower}-${interval.upper}%`;
    const counted = `over the last ${span} (${counts.succeeded} of ${finished} finished executions succeeded)`;
    const message =
      outcome === 'insufficient-data'
        ? `success rate ${rate}% ${counted}, too few to decide: its ${ci} holds the ${c.minPercent}% minimum`
        : `success rate ${rate}% ${outcome === 'ok' ? '>=' : '<'} ${c.minPercent}% with all of its ${ci} ${counted}`;
    return { ...base, interval, outcome, message };
  }
  // decided on the counts, not on the rounded rate
  const ok = counts.succeeded * 100 >= c.minPercent * finished;
  return {
    ...base,
    outcome: ok ? 'ok' : 'breached',
    message: `success rate ${rate}% ${ok ? '>=' : '<'} ${c.minPercent}% over the last ${span} (${counts.succeeded} of ${finished} finished executions succeeded)`,
  };
}

export interface CountCheck {
  max: number;
  windowMs: number;
  workflowId?: string;
}

export async function checkFailures(ds: DataSource, c: CountCheck, now: Date): Promise<CheckResult> {
  const w = windowOfSpan(c.windowMs, now);
  const { failed } = await countExecutionsByStatus(ds, w, c.workflowId);
  return countResult('failures', c, w, failed, 'failed execution');
}

export async function checkRollbacks(ds: DataSource, c: CountCheck, now: Date): Promise<CheckResult> {
  const w = windowOfSpan(c.windowMs, now);
  const filter: Document = { $and: [ROLLBACK_CANDIDATES, windowFilter('changed_at', w)] };
  if (c.workflowId !== undefined) filter.workflow_id = { $eq: c.workflowId };
  const rollbacks = await ds.run('count rollbacks', async () => {
    let n = 0;
    const cursor = ds.versions.find(filter, ds.opts({ atLeastMs: SCAN_MAX_TIME_MS })).project<Document>({ _id: 0, ...ROLLBACK_FIELDS });
    for await (const v of cursor) if (inWindow(storedTime(v.changed_at), w) && rollbackTargetOf(v) !== null) n++;
    return n;
  });
  return countResult('rollbacks', c, w, rollbacks, 'rollback');
}

/** The result of a "at most N in the window" check. */
function countResult(check: 'failures' | 'rollbacks', c: CountCheck, w: { from: Date; to: Date }, value: number, noun: string): CheckResult {
  const span = formatSpan(c.windowMs);
  const ok = value <= c.max;
  return {
    check,
    outcome: ok ? 'ok' : 'breached',
    workflow: c.workflowId ?? null,
    window: span,
    windowMs: c.windowMs,
    from: w.from,
    to: w.to,
    value,
    threshold: { max: c.max },
    message: `${value} ${noun}${value === 1 ? '' : 's'} in the last ${span} (${ok ? 'at most' : 'more than'} ${c.max} allowed)`,
  };
}

export interface RegressionCheck extends Omit<RegressionQuery, 'workflowId'> {
  workflowId?: string;
}

/** The regression check as check results: one for the workflow, or one per workflow with two versions or more. */
export async function checkRegressions(ds: DataSource, c: RegressionCheck, now: Date): Promise<CheckResult[]> {
  const { workflowId, ...q } = c;
  if (workflowId !== undefined) return [regressionCheckResult(await checkWorkflowRegression(ds, { ...q, workflowId }, now), now)];
  const { results, singleVersion } = await checkAllRegressions(ds, q, now);
  if (results.length > 0) return results.map((r) => regressionCheckResult(r, now));
  const none: RegressionResult = {
    workflowId: '',
    outcome: 'insufficient-data',
    method: 'fisher-exact-one-sided',
    ...q,
    current: null,
    previous: null,
    pValue: null,
    message: singleVersion > 0 ? `every workflow (${singleVersion}) has a single version: nothing to compare` : 'there are no workflows',
  };
  return [{ ...regressionCheckResult(none, now), workflow: null }];
}

export function regressionCheckResult(r: RegressionResult, now: Date): CheckResult {
  const { workflowId, outcome, message, ...regression } = r;
  const from = r.current?.liveFrom ?? now;
  return {
    check: 'regression',
    outcome: outcome === 'worse' ? 'breached' : outcome === 'not-worse' ? 'ok' : 'insufficient-data',
    workflow: workflowId,
    // the current version's live time is the window (a fixed label: series do not change name with each version)
    window: 'current-version',
    windowMs: now.getTime() - from.getTime(),
    from,
    to: now,
    value: r.pValue,
    threshold: { min: Number((1 - r.confidence).toPrecision(6)) },
    regression,
    message,
  };
}

/** The worst outcome decides: a breach, then too little data, then fine. */
export function overallOutcome(results: CheckResult[]): CheckOutcome {
  if (results.some((r) => r.outcome === 'breached')) return 'breached';
  if (results.some((r) => r.outcome === 'insufficient-data')) return 'insufficient-data';
  return 'ok';
}
