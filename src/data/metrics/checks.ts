/**
 * The yes-or-no answers for CI and cron: success rate, failed executions and
 * rollbacks in a window, each against a threshold. Each check is one
 * server-side count; the outcome is decided here, the exit status by the
 * command.
 *
 * A rollback is a version that rollbackTargetOf (versions/read.ts) calls one:
 * wfctl's `rollback_of`, or the backend's "Rolled back to version N"
 * description or fresh rollback_info; counted by `changed_at`, since the
 * version a rollback writes is the durable record of it.
 */
import type { Document } from 'mongodb';
import { SCAN_MAX_TIME_MS, type DataSource } from '../core/connection.js';
import { countExecutionsByStatus, countExecutionsByWorkflow, type StatusCounts } from './execution-counts.js';
import { ROLLBACK_CANDIDATES, ROLLBACK_FIELDS, rollbackTargetOf } from '../versions/read.js';
import { useServerPipeline } from '../core/capabilities.js';
import { nearWindow } from '../core/server-window.js';
import { CHANGE_GROUPS_PROBE } from './change-groups.js';
import {
  formatSpan,
  inWindow,
  percent,
  storedTime,
  windowFilter,
  windowOfSpan,
  type TimeWindow,
} from '../core/window.js';
import { formatPercentAgainst, ratioPercent } from '../core/percent.js';
import { toStringOrNull, workflowIdOf } from '../core/normalize.js';
import {
  checkAllRegressions,
  checkWorkflowRegression,
  confidenceLabel,
  type RegressionQuery,
  type RegressionResult,
} from './regression.js';
import { wilsonInterval } from './statistics.js';

export type CheckName = 'success-rate' | 'failures' | 'rollbacks' | 'regression';
export type CheckOutcome = 'ok' | 'breached' | 'insufficient-data';

export interface CheckResult {
  check: CheckName;
  outcome: CheckOutcome;
  /** workflow id, or null for all workflows */
  workflow: string | null;
  /** its name (custom_workflows), null for all workflows or a workflow without one */
  workflowName: string | null;
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
  /**
   * A check of all workflows (success-rate, failures, rollbacks): each
   * workflow with a run (a rollback) in the window, judged alone against the
   * same threshold, worst first. The check's outcome is still the total's.
   */
  workflows?: WorkflowFigure[];
}

/** One workflow's share of a check of all workflows. */
export interface WorkflowFigure {
  workflow: string;
  workflowName: string | null;
  /** this workflow alone against the check's threshold (and --min-executions, --confidence) */
  outcome: CheckOutcome;
  /** its success rate (percent) or count */
  value: number | null;
  executions?: number;
  succeeded?: number;
  failed?: number;
  interval?: { confidence: number; lower: number; upper: number } | null;
  /** "33.3% < 95% (1 of 3 finished executions succeeded)", "2 failed executions" */
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

/** A success rate against the minimum: on the counts (never a rounded rate), or on the Wilson interval with a confidence. */
interface RateVerdict {
  outcome: CheckOutcome;
  rate: number | null;
  interval?: { confidence: number; lower: number; upper: number };
  /** the sentence, with `where` ("over the last 1h (3 of 5 finished executions succeeded)") in its place */
  text: (where: string) => string;
}

function judgeRate(counts: StatusCounts, c: SuccessRateCheck): RateVerdict {
  const finished = counts.succeeded + counts.failed;
  const rate = percent(counts.succeeded, finished);
  if (finished === 0 || finished < c.minExecutions) {
    const what =
      finished === 0 ? 'no finished executions' : `${finished} finished execution${finished === 1 ? '' : 's'}`;
    return {
      outcome: 'insufficient-data',
      rate,
      text: (where) => `${what}${where}, fewer than the ${c.minExecutions} needed to judge`,
    };
  }
  const shown = formatPercentAgainst(ratioPercent(counts.succeeded, finished)!, c.minPercent);
  if (c.confidence !== undefined) {
    const w = wilsonInterval(counts.succeeded, finished, c.confidence);
    const interval = {
      confidence: c.confidence,
      lower: Math.round(w.lower * 10_000) / 100,
      upper: Math.round(w.upper * 10_000) / 100,
    };
    const outcome =
      w.lower * 100 >= c.minPercent ? 'ok' : w.upper * 100 < c.minPercent ? 'breached' : 'insufficient-data';
    // the interval printed outward (lower bound down, upper up), with the digits that keep each on its side of the minimum
    const ci = `${confidenceLabel(c.confidence)} interval ${formatPercentAgainst(w.lower * 100, c.minPercent, 'down').slice(0, -1)}-${formatPercentAgainst(w.upper * 100, c.minPercent, 'up')}`;
    const text =
      outcome === 'insufficient-data'
        ? (where: string) =>
            `success rate ${shown} ${where}, too few to decide: its ${ci} holds the ${c.minPercent}% minimum`
        : (where: string) =>
            `success rate ${shown} ${outcome === 'ok' ? '>=' : '<'} ${c.minPercent}% with all of its ${ci} ${where}`;
    return { outcome, rate, interval, text };
  }
  // decided on the counts, not on the rounded rate
  const ok = counts.succeeded * 100 >= c.minPercent * finished;
  return {
    outcome: ok ? 'ok' : 'breached',
    rate,
    text: (where) => `success rate ${shown} ${ok ? '>=' : '<'} ${c.minPercent}% ${where}`,
  };
}

export async function checkSuccessRate(ds: DataSource, c: SuccessRateCheck, now: Date): Promise<CheckResult> {
  const w = windowOfSpan(c.windowMs, now);
  const { counts, byWorkflow } =
    c.workflowId !== undefined
      ? { counts: await countExecutionsByStatus(ds, w, c.workflowId), byWorkflow: null }
      : await countExecutionsByWorkflow(ds, w).then((r) => ({ counts: r.total, byWorkflow: r.byWorkflow }));
  const finished = counts.succeeded + counts.failed;
  const span = formatSpan(c.windowMs);
  const verdict = judgeRate(counts, c);
  const counted = (s: StatusCounts) => `${s.succeeded} of ${s.succeeded + s.failed} finished executions succeeded`;
  const names = await workflowNames(ds, c.workflowId !== undefined ? [c.workflowId] : [...(byWorkflow?.keys() ?? [])]);
  const result: CheckResult = {
    check: 'success-rate',
    outcome: verdict.outcome,
    workflow: c.workflowId ?? null,
    workflowName: c.workflowId !== undefined ? (names.get(c.workflowId) ?? null) : null,
    window: span,
    windowMs: c.windowMs,
    from: w.from,
    to: w.to,
    value: verdict.rate,
    threshold: { min: c.minPercent },
    executions: finished,
    succeeded: counts.succeeded,
    failed: counts.failed,
    minExecutions: c.minExecutions,
    ...(verdict.interval ? { interval: verdict.interval } : {}),
    message:
      verdict.outcome === 'insufficient-data' && verdict.interval === undefined
        ? verdict.text(` in the last ${span}`)
        : verdict.text(`over the last ${span} (${counted(counts)})`),
  };
  if (byWorkflow) {
    const figures = [...byWorkflow.entries()].map(([id, s]): WorkflowFigure => {
      const v = judgeRate(s, c);
      const done = s.succeeded + s.failed;
      return {
        workflow: id,
        workflowName: names.get(id) ?? null,
        outcome: v.outcome,
        value: v.rate,
        executions: done,
        succeeded: s.succeeded,
        failed: s.failed,
        ...(v.interval ? { interval: v.interval } : {}),
        message: v.outcome === 'insufficient-data' && v.interval === undefined ? v.text('') : v.text(`(${counted(s)})`),
      };
    });
    result.workflows = sortFigures(figures, (f) => ratioPercent(f.succeeded ?? 0, f.executions ?? 0) ?? Infinity);
  }
  return result;
}

const OUTCOME_ORDER: Record<CheckOutcome, number> = { breached: 0, 'insufficient-data': 1, ok: 2 };

/** Breached first, then too few, then ok; within each the worst figure first (`badness` ascending), then by name and id. */
function sortFigures(figures: WorkflowFigure[], badness: (f: WorkflowFigure) => number): WorkflowFigure[] {
  return figures.sort(
    (a, b) =>
      OUTCOME_ORDER[a.outcome] - OUTCOME_ORDER[b.outcome] ||
      badness(a) - badness(b) ||
      (a.workflowName ?? '').localeCompare(b.workflowName ?? '') ||
      a.workflow.localeCompare(b.workflow),
  );
}

/**
 * The names of workflows by id, from custom_workflows (an ObjectId `_id`, or
 * a tolerated string `id`); a deleted workflow has none. One query for all.
 */
export async function workflowNames(ds: DataSource, ids: string[]): Promise<Map<string, string | null>> {
  const names = new Map<string, string | null>();
  if (ids.length === 0) return names;
  const { ObjectId } = await import('mongodb'); // loaded with the connection already
  const oids = ids.filter((id) => /^[0-9a-f]{24}$/i.test(id)).map((id) => new ObjectId(id.toLowerCase()));
  await ds.run('find workflow names', async () => {
    const cursor = ds.workflows
      .find(
        { $or: [{ _id: { $in: oids } }, { id: { $in: ids } }] } as Document,
        ds.opts({ atLeastMs: SCAN_MAX_TIME_MS }),
      )
      .project<{ _id?: unknown; id?: unknown; name?: unknown }>({ _id: 1, id: 1, name: 1 });
    for await (const w of cursor) names.set(workflowIdOf(w), toStringOrNull(w.name));
  });
  return names;
}

export interface CountCheck {
  max: number;
  windowMs: number;
  workflowId?: string;
}

export async function checkFailures(ds: DataSource, c: CountCheck, now: Date): Promise<CheckResult> {
  const w = windowOfSpan(c.windowMs, now);
  if (c.workflowId !== undefined) {
    const { failed } = await countExecutionsByStatus(ds, w, c.workflowId);
    return countResult(ds, 'failures', c, w, failed, null, 'failed execution');
  }
  const { total, byWorkflow } = await countExecutionsByWorkflow(ds, w);
  return countResult(
    ds,
    'failures',
    c,
    w,
    total.failed,
    new Map([...byWorkflow].map(([id, s]) => [id, s.failed])),
    'failed execution',
  );
}

export async function checkRollbacks(ds: DataSource, c: CountCheck, now: Date): Promise<CheckResult> {
  const w = windowOfSpan(c.windowMs, now);
  // where the server runs the change plan, legacy strings by an index range (change-groups.ts)
  const near = (await useServerPipeline(ds, CHANGE_GROUPS_PROBE))
    ? nearWindow('changed_at', w)
    : windowFilter('changed_at', w);
  const filter: Document = { $and: [ROLLBACK_CANDIDATES, near] };
  if (c.workflowId !== undefined) filter.workflow_id = { $eq: c.workflowId };
  let perWorkflow = new Map<string, number>();
  const rollbacks = await ds.run('count rollbacks', async () => {
    perWorkflow = new Map();
    let n = 0;
    const cursor = ds.versions
      .find(filter, ds.opts({ atLeastMs: SCAN_MAX_TIME_MS }))
      .project<Document>({ _id: 0, workflow_id: 1, ...ROLLBACK_FIELDS });
    for await (const v of cursor) {
      if (!inWindow(storedTime(v.changed_at), w) || rollbackTargetOf(v) === null) continue;
      n++;
      const wf = toStringOrNull(v.workflow_id);
      if (wf !== null && wf !== '') perWorkflow.set(wf, (perWorkflow.get(wf) ?? 0) + 1);
    }
    return n;
  });
  return countResult(ds, 'rollbacks', c, w, rollbacks, c.workflowId !== undefined ? null : perWorkflow, 'rollback');
}

/** The result of a "at most N in the window" check; `perWorkflow` (all workflows) gives each workflow's count. */
async function countResult(
  ds: DataSource,
  check: 'failures' | 'rollbacks',
  c: CountCheck,
  w: TimeWindow,
  value: number,
  perWorkflow: Map<string, number> | null,
  noun: string,
): Promise<CheckResult> {
  const span = formatSpan(c.windowMs);
  const ok = value <= c.max;
  const names = await workflowNames(ds, c.workflowId !== undefined ? [c.workflowId] : [...(perWorkflow?.keys() ?? [])]);
  const counted = (n: number) => `${n} ${noun}${n === 1 ? '' : 's'}`;
  const result: CheckResult = {
    check,
    outcome: ok ? 'ok' : 'breached',
    workflow: c.workflowId ?? null,
    workflowName: c.workflowId !== undefined ? (names.get(c.workflowId) ?? null) : null,
    window: span,
    windowMs: c.windowMs,
    from: w.from,
    to: w.to,
    value,
    threshold: { max: c.max },
    message: `${counted(value)} in the last ${span} (${ok ? 'at most' : 'more than'} ${c.max} allowed)`,
  };
  if (perWorkflow) {
    const figures = [...perWorkflow.entries()].map(([id, n]): WorkflowFigure => {
      const alone = n <= c.max ? 'ok' : 'breached';
      return {
        workflow: id,
        workflowName: names.get(id) ?? null,
        outcome: alone,
        value: n,
        message: `${counted(n)}${alone === 'breached' ? ` (more than ${c.max} on its own)` : ''}`,
      };
    });
    result.workflows = sortFigures(figures, (f) => -(f.value ?? 0));
  }
  return result;
}

export interface RegressionCheck extends Omit<RegressionQuery, 'workflowId'> {
  workflowId?: string;
}

/** The regression check as check results: one for the workflow, or one per workflow with two versions or more. */
export async function checkRegressions(ds: DataSource, c: RegressionCheck, now: Date): Promise<CheckResult[]> {
  const { workflowId, ...q } = c;
  const named = async (results: RegressionResult[]) => {
    const names = await workflowNames(
      ds,
      results.map((r) => r.workflowId),
    );
    return results.map((r) => regressionCheckResult(r, now, names.get(r.workflowId) ?? null));
  };
  if (workflowId !== undefined) return named([await checkWorkflowRegression(ds, { ...q, workflowId }, now)]);
  const { results, singleVersion } = await checkAllRegressions(ds, q, now);
  if (results.length > 0) return named(results);
  const none: RegressionResult = {
    workflowId: '',
    outcome: 'insufficient-data',
    method: 'fisher-exact-one-sided',
    ...q,
    current: null,
    previous: null,
    pValue: null,
    message:
      singleVersion > 0
        ? `every workflow (${singleVersion}) has a single version: nothing to compare`
        : 'there are no workflows',
  };
  return [{ ...regressionCheckResult(none, now), workflow: null }];
}

export function regressionCheckResult(r: RegressionResult, now: Date, workflowName: string | null = null): CheckResult {
  const { workflowId, outcome, message, ...regression } = r;
  const from = r.current?.liveFrom ?? now;
  return {
    check: 'regression',
    outcome: outcome === 'worse' ? 'breached' : outcome === 'not-worse' ? 'ok' : 'insufficient-data',
    workflow: workflowId,
    workflowName,
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
