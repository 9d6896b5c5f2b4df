/**
 * The figures of the runs of a window, folded in fixed-size accumulators (per
 * day, per workflow, per trigger type, a duration sketch, a top-N of
 * failures). The streaming scan adds every run; the server-side plan
 * (execution-groups.ts) adds the rows of its $group and only the runs it
 * reads on the client, so both give the same ExecutionScan.
 */
import type { Run } from '../core/runs.js';
import { DayBuckets, percent, type TimeWindow } from '../core/window.js';
import { DurationSketch, type DurationSummary } from './percentiles.js';

export interface DayExecutions {
  day: string;
  total: number;
  succeeded: number;
  /** of `succeeded`: runs whose status is success but some of whose actions failed */
  succeededWithFailedActions: number;
  failed: number;
}

export interface ExecutionTotals {
  total: number;
  /** status success, as the backend counts it (runs with failed actions included) */
  succeeded: number;
  /** of `succeeded`: runs the backend marked success although some of their actions failed */
  succeededWithFailedActions: number;
  failed: number;
  /** running, cancelled, or a status wfctl does not know */
  other: number;
  /** succeeded / (succeeded + failed), percent; null without finished executions */
  successRate: number | null;
  failureRate: number | null;
}

export interface FailureRow {
  executionId: string | null;
  workflowId: string | null;
  startedAt: Date | null;
  durationMs: number | null;
  error: string | null;
}

export class WorkflowAcc {
  executions = 0;
  succeeded = 0;
  withFailedActions = 0;
  failed = 0;
  sketch: DurationSketch;
  constructor(exactLimit: number) {
    this.sketch = new DurationSketch(exactLimit);
  }
}

export interface ExecutionScan {
  totals: ExecutionTotals;
  durationMs: DurationSummary;
  perDay: DayExecutions[];
  perWorkflow: Map<string, WorkflowAcc>;
  triggerTypes: Array<{ triggerType: string; executions: number }>;
  latestFailures: FailureRow[];
}

export interface ExecutionQuery {
  window: TimeWindow;
  workflowId?: string;
  latestFailures?: number;
  /** per-workflow duration sketches with this exact limit (the report); none when absent */
  perWorkflowExactLimit?: number;
  /** false: durationMs without p50, p95 and max (null), for figures that show only the average */
  percentiles?: boolean;
}

/** What a run counts as: s succeeded, p succeeded with failed actions, f failed, o anything else. */
export type OutcomeCode = 's' | 'p' | 'f' | 'o';

export function outcomeCodeOf(run: Pick<Run, 'outcome'>): OutcomeCode {
  switch (run.outcome) {
    case 'succeeded':
      return 's';
    case 'succeeded-with-failed-actions':
      return 'p';
    case 'failed':
      return 'f';
    default:
      return 'o';
  }
}

type Failure = FailureRow & { t: number };

/** Newest first; equal times by execution id, so the top N does not depend on the order runs came in. */
function newerFirst(a: Failure, b: Failure): number {
  if (a.t !== b.t) return b.t - a.t;
  const x = a.executionId ?? '\uffff';
  const y = b.executionId ?? '\uffff';
  return x < y ? -1 : x > y ? 1 : 0;
}

export class ExecutionFold {
  private readonly days: DayBuckets;
  private readonly dayIndex = new Map<string, number>();
  private readonly dayCounts: Record<OutcomeCode | 'n', number[]>;
  readonly perWorkflow = new Map<string, WorkflowAcc>();
  private readonly triggers = new Map<string, number>();
  sketch = new DurationSketch();
  private failures: Failure[] = [];
  private readonly totals = { total: 0, succeeded: 0, succeededWithFailedActions: 0, failed: 0, other: 0 };
  readonly keepFailures: number;

  constructor(private readonly q: ExecutionQuery) {
    this.days = new DayBuckets(q.window);
    this.days.days.forEach((d, i) => this.dayIndex.set(d, i));
    const zeros = () => new Array<number>(this.days.length).fill(0);
    this.dayCounts = { n: zeros(), s: zeros(), p: zeros(), f: zeros(), o: zeros() };
    this.keepFailures = q.latestFailures ?? 0;
  }

  workflow(wf: string): WorkflowAcc {
    let acc = this.perWorkflow.get(wf);
    if (!acc) this.perWorkflow.set(wf, (acc = new WorkflowAcc(this.q.perWorkflowExactLimit ?? 0)));
    return acc;
  }

  /** `n` runs of one workflow, trigger type, outcome and day (index, or -1 outside the window's days). */
  count(day: number, wf: string, trigger: string, o: OutcomeCode, n: number): void {
    const acc = this.workflow(wf);
    this.totals.total += n;
    acc.executions += n;
    this.triggers.set(trigger, (this.triggers.get(trigger) ?? 0) + n);
    if (day >= 0) {
      this.dayCounts.n[day]! += n;
      this.dayCounts[o][day]! += n;
    }
    if (o === 's' || o === 'p') {
      this.totals.succeeded += n;
      acc.succeeded += n;
      if (o === 'p') {
        this.totals.succeededWithFailedActions += n;
        acc.withFailedActions += n;
      }
    } else if (o === 'f') {
      this.totals.failed += n;
      acc.failed += n;
    } else this.totals.other += n;
  }

  dayOf(day: string): number {
    return this.dayIndex.get(day) ?? -1;
  }

  /** A run of the window (decided by the caller); `offerFailure` false when the caller finds failures apart. */
  add(run: Run, offerFailure = true): void {
    const t = run.loggedAt!;
    const wf = run.workflowId ?? '(none)';
    const o = outcomeCodeOf(run);
    this.count(this.days.indexOf(t), wf, run.triggerType ?? 'unknown', o, 1);
    const duration = run.durationMs;
    if (duration !== null) {
      this.sketch.add(duration);
      if (this.q.perWorkflowExactLimit !== undefined) this.workflow(wf).sketch.add(duration);
    }
    if (o === 'f' && offerFailure) this.offerFailure(run);
  }

  /** A failed run, for the latest failures. */
  offerFailure(run: Run): void {
    if (this.keepFailures <= 0) return;
    const row: Failure = {
      t: run.loggedAt!,
      executionId: run.executionId,
      workflowId: run.workflowId ?? '(none)',
      startedAt: run.startedAt === null ? null : new Date(run.startedAt),
      durationMs: run.durationMs,
      error: run.error,
    };
    const last = this.failures[this.failures.length - 1];
    if (this.failures.length >= this.keepFailures && last && newerFirst(row, last) >= 0) return;
    this.failures.push(row);
    this.failures.sort(newerFirst);
    if (this.failures.length > this.keepFailures) this.failures.pop();
  }

  result(): ExecutionScan {
    const totals = this.totals;
    const finished = totals.succeeded + totals.failed;
    const durationMs = this.sketch.summary();
    if (this.q.percentiles === false) {
      durationMs.p50Ms = null;
      durationMs.p95Ms = null;
      durationMs.maxMs = null;
    }
    const c = this.dayCounts;
    return {
      totals: {
        ...totals,
        successRate: percent(totals.succeeded, finished),
        failureRate: percent(totals.failed, finished),
      },
      durationMs,
      perDay: this.days.days.map((day, i) => ({
        day,
        total: c.n[i]!,
        succeeded: c.s[i]! + c.p[i]!,
        succeededWithFailedActions: c.p[i]!,
        failed: c.f[i]!,
      })),
      perWorkflow: this.perWorkflow,
      triggerTypes: [...this.triggers.entries()]
        .map(([triggerType, executions]) => ({ triggerType, executions }))
        .sort((a, b) => b.executions - a.executions || a.triggerType.localeCompare(b.triggerType)),
      latestFailures: this.failures.map(({ t, ...row }) => (void t, row)),
    };
  }
}
