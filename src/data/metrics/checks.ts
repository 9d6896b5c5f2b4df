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

export type CheckName = 'success-rate' | 'failures' | 'rollbacks';
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
  /** the measured figure: success rate in percent, or a count; null when there is none */
  value: number | null;
  threshold: { min: number } | { max: number };
  /** executions that finished (success or failed) in the window; success-rate only */
  executions?: number;
  succeeded?: number;
  failed?: number;
  minExecutions?: number;
  message: string;
}

export interface SuccessRateCheck {
  minPercent: number;
  windowMs: number;
  workflowId?: string;
  minExecutions: number;
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

/** The worst outcome decides: a breach, then too little data, then fine. */
export function overallOutcome(results: CheckResult[]): CheckOutcome {
  if (results.some((r) => r.outcome === 'breached')) return 'breached';
  if (results.some((r) => r.outcome === 'insufficient-data')) return 'insufficient-data';
  return 'ok';
}
