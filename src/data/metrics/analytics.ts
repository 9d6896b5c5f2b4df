/**
 * Analytics: the system overview, a workflow's performance, and the weekly
 * report's figures. Where the server runs the pipelines (probed once,
 * core/capabilities.ts), each figure comes from an index-backed `$match` on
 * the window and a `$group` on the server, and only the groups travel
 * (execution-groups.ts, change-groups.ts). Elsewhere (FerretDB 1.24) each
 * collection is read once, as a narrow projection streamed through fixed-size
 * accumulators (execution-fold.ts); both plans give the same figures.
 */
import { scanBreakGlass, type BreakGlassRow } from './break-glass.js';
import { SCAN_MAX_TIME_MS, type DataSource } from '../core/connection.js';
import { forEachRaw } from '../core/raw-cursor.js';
import { sideBySide } from '../core/side-by-side.js';
import { scanAttemptErrors } from './attempt-errors.js';
import { changesInWindow, type ChangeScan, type RollbackRow } from './change-groups.js';
import type { ErrorGroup } from './error-shapes.js';
import { toStringOrNull, workflowIdOf } from '../core/normalize.js';
import type { DurationSummary } from './percentiles.js';
import { useServerPipeline } from '../core/capabilities.js';
import {
  ExecutionFold,
  type DayExecutions,
  type ExecutionQuery,
  type ExecutionScan,
  type ExecutionTotals,
  type FailureRow,
} from './execution-fold.js';
import { scanExecutionGroups } from './execution-groups.js';
import { RUNS_BY_GROUP } from './run-stages.js';
import { RUN_PROJECTION, RUN_PROJECTION_WITH_ERROR, runInWindow, runsInWindow } from '../core/runs.js';
import { RawRunReader } from '../core/raw-runs.js';
import { percent, type TimeWindow } from '../core/window.js';

export type { DayExecutions, ExecutionScan, ExecutionTotals, FailureRow, WorkflowAcc } from './execution-fold.js';

export interface WorkflowExecutionRow {
  workflowId: string;
  name: string | null;
  executions: number;
  succeeded: number;
  succeededWithFailedActions: number;
  failed: number;
  successRate: number | null;
  failureRate: number | null;
  durationMs: DurationSummary;
}

/**
 * The figures of the runs logged in the window (of one workflow, or all); see
 * core/runs.ts for which time counts. On a server that runs the pipeline,
 * counted there (execution-groups.ts); else one streamed pass. Both give the
 * same figures.
 */
export async function scanExecutions(ds: DataSource, q: ExecutionQuery): Promise<ExecutionScan> {
  if (await useServerPipeline(ds, RUNS_BY_GROUP)) return scanExecutionGroups(ds, q);
  return streamExecutions(ds, q);
}

async function streamExecutions(ds: DataSource, q: ExecutionQuery): Promise<ExecutionScan> {
  const filter = runsInWindow(q.window, q.workflowId).all;
  return ds.run('scan executions', async () => {
    const fold = new ExecutionFold(q);
    // raw BSON: each run read from the bytes, no document made (raw-runs.ts)
    const cursor = ds.executions
      .find(filter, { ...ds.opts({ atLeastMs: SCAN_MAX_TIME_MS }), raw: true })
      .project(fold.keepFailures > 0 ? RUN_PROJECTION_WITH_ERROR : RUN_PROJECTION)
      .batchSize(5000);
    const reader = new RawRunReader();
    await forEachRaw(cursor, (bytes) => {
      const run = reader.read(bytes);
      if (runInWindow(run, q.window)) fold.add(run);
    });
    return fold.result();
  });
}

export interface WorkflowCensus {
  total: number;
  active: number;
  inactive: number;
  names: Map<string, string>;
}

/** Every workflow, counted by enabled state (legacy `is_active` included), with its name. */
export async function censusWorkflows(ds: DataSource): Promise<WorkflowCensus> {
  return ds.run('scan workflows', async () => {
    const census: WorkflowCensus = { total: 0, active: 0, inactive: 0, names: new Map() };
    const cursor = ds.workflows
      .find({}, ds.opts({ atLeastMs: SCAN_MAX_TIME_MS }))
      .project<{ _id?: unknown; id?: unknown; name?: unknown; enabled?: unknown; is_active?: unknown }>({
        _id: 1,
        id: 1,
        name: 1,
        enabled: 1,
        is_active: 1,
      });
    for await (const w of cursor) {
      census.total++;
      const enabled = typeof w.enabled === 'boolean' ? w.enabled : w.is_active === true;
      if (enabled) census.active++;
      else census.inactive++;
      const id = workflowIdOf(w);
      if (id !== '') census.names.set(id, toStringOrNull(w.name) ?? id);
    }
    return census;
  });
}

/**
 * Versions saved in the window: who changes what, and rollbacks (wfctl's
 * and the backend's, as rollbackTargetOf tells them; `check rollbacks` uses
 * the same definition).
 */
export async function scanChanges(
  ds: DataSource,
  q: { window: TimeWindow; latestRollbacks?: number },
): Promise<ChangeScan> {
  // grouped on the server where it can, else streamed (change-groups.ts)
  return changesInWindow(ds, q);
}

// ---- the commands' results --------------------------------------------------

export interface OverviewResult {
  window: { days: number; from: Date; to: Date };
  workflows: { total: number; active: number; inactive: number };
  executions: ExecutionTotals & { averageDurationMs: number | null; withDuration: number };
  mostActive: Array<{
    workflowId: string;
    name: string | null;
    executions: number;
    succeeded: number;
    failed: number;
    successRate: number | null;
  }>;
  mostFailing: Array<{
    workflowId: string;
    name: string | null;
    failed: number;
    executions: number;
    failureRate: number | null;
  }>;
  executionsPerDay: DayExecutions[];
  /** versions saved in the window, rollbacks included */
  versions: number;
  mostModified: Array<{ workflowId: string; name: string | null; versions: number }>;
  topChangers: Array<{ user: string; changes: number }>;
  rollbacks: { total: number; perDay: Array<{ day: string; rollbacks: number }> };
}

function topOf<T>(entries: Iterable<T>, n: number, compare: (a: T, b: T) => number): T[] {
  return [...entries].sort(compare).slice(0, n);
}

export async function analyticsOverview(
  ds: DataSource,
  q: { days: number; window: TimeWindow; top: number },
): Promise<OverviewResult> {
  // side by side: the wait is the longest read's, not their sum
  const [census, ex, changes] = await sideBySide([
    censusWorkflows(ds),
    scanExecutions(ds, { window: q.window, percentiles: false }),
    scanChanges(ds, { window: q.window }),
  ]);
  return overviewOf(q, census, ex, changes);
}

/** The overview's figures from the three scans; the weekly report shares it. */
function overviewOf(
  q: { days: number; window: TimeWindow; top: number },
  census: Awaited<ReturnType<typeof censusWorkflows>>,
  ex: Awaited<ReturnType<typeof scanExecutions>>,
  changes: Awaited<ReturnType<typeof scanChanges>>,
): OverviewResult {
  const name = (id: string) => census.names.get(id) ?? null;
  const rows = [...ex.perWorkflow.entries()];
  return {
    window: { days: q.days, from: q.window.from, to: q.window.to },
    workflows: { total: census.total, active: census.active, inactive: census.inactive },
    executions: { ...ex.totals, averageDurationMs: ex.durationMs.averageMs, withDuration: ex.durationMs.count },
    mostActive: topOf(rows, q.top, (a, b) => b[1].executions - a[1].executions || a[0].localeCompare(b[0])).map(
      ([id, a]) => ({
        workflowId: id,
        name: name(id),
        executions: a.executions,
        succeeded: a.succeeded,
        failed: a.failed,
        successRate: percent(a.succeeded, a.succeeded + a.failed),
      }),
    ),
    mostFailing: topOf(
      rows.filter(([, a]) => a.failed > 0),
      q.top,
      (a, b) =>
        b[1].failed - a[1].failed ||
        b[1].failed / (b[1].succeeded + b[1].failed) - a[1].failed / (a[1].succeeded + a[1].failed) ||
        a[0].localeCompare(b[0]),
    ).map(([id, a]) => ({
      workflowId: id,
      name: name(id),
      failed: a.failed,
      executions: a.executions,
      failureRate: percent(a.failed, a.succeeded + a.failed),
    })),
    executionsPerDay: ex.perDay,
    versions: changes.versions,
    mostModified: topOf(changes.perWorkflow.entries(), q.top, (a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(
      ([id, versions]) => ({ workflowId: id, name: name(id), versions }),
    ),
    topChangers: topOf(changes.perUser.entries(), q.top, (a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(
      ([user, changes]) => ({ user, changes }),
    ),
    rollbacks: { total: changes.rollbacks, perDay: changes.rollbacksPerDay },
  };
}

export interface PerformanceResult {
  workflow: { id: string; name: string };
  window: { days: number; from: Date; to: Date };
  executions: ExecutionTotals;
  durationMs: DurationSummary;
  perDay: DayExecutions[];
  triggerTypes: Array<{ triggerType: string; executions: number }>;
  latestFailures: FailureRow[];
}

export async function analyticsPerformance(
  ds: DataSource,
  q: { workflow: { id: string; name: string }; days: number; window: TimeWindow; latestFailures: number },
): Promise<PerformanceResult> {
  const ex = await scanExecutions(ds, {
    window: q.window,
    workflowId: q.workflow.id,
    latestFailures: q.latestFailures,
  });
  return {
    workflow: q.workflow,
    window: { days: q.days, from: q.window.from, to: q.window.to },
    executions: ex.totals,
    durationMs: ex.durationMs,
    perDay: ex.perDay,
    triggerTypes: ex.triggerTypes,
    latestFailures: ex.latestFailures,
  };
}

export interface ReportData {
  generatedAt: Date;
  overview: OverviewResult;
  workflows: WorkflowExecutionRow[];
  errors: { failedAttempts: number; top: Array<ErrorGroup & { workflows: string[] }> };
  rollbacks: { total: number; latest: RollbackRow[] };
  /** changes applied without the approvals their target requires (--break-glass), newest first */
  breakGlass: BreakGlassRow[];
  latestFailures: FailureRow[];
  /** the live name of every workflow id the report shows (absent: no live workflow has the id) */
  workflowNames: Record<string, string>;
}

/** The weekly report: every collection read once. */
export async function analyticsReport(
  ds: DataSource,
  q: { days: number; window: TimeWindow; top: number },
): Promise<ReportData> {
  // side by side: the wait is the longest read's, not their sum
  const [census, ex, changes, errors, breakGlass] = await sideBySide([
    censusWorkflows(ds),
    scanExecutions(ds, { window: q.window, latestFailures: 10, perWorkflowExactLimit: 512 }),
    scanChanges(ds, { window: q.window, latestRollbacks: 20 }),
    scanAttemptErrors(ds, { window: q.window, top: q.top }),
    scanBreakGlass(ds, q.window),
  ]);
  const name = (id: string) => census.names.get(id) ?? null;
  const overview = overviewOf(q, census, ex, changes);
  const workflows = [...ex.perWorkflow.entries()]
    .sort((a, b) => b[1].executions - a[1].executions || a[0].localeCompare(b[0]))
    .map(([id, a]) => ({
      workflowId: id,
      name: name(id),
      executions: a.executions,
      succeeded: a.succeeded,
      succeededWithFailedActions: a.withFailedActions,
      failed: a.failed,
      successRate: percent(a.succeeded, a.succeeded + a.failed),
      failureRate: percent(a.failed, a.succeeded + a.failed),
      durationMs: a.sketch.summary(),
    }));
  const shown = [
    ...workflows.map((w) => w.workflowId),
    ...errors.errors.flatMap((e) => e.workflows),
    ...changes.latestRollbacks.map((r) => r.workflowId),
    ...ex.latestFailures.map((f) => f.workflowId),
    ...overview.mostModified.map((w) => w.workflowId),
  ];
  const workflowNames: Record<string, string> = {};
  for (const id of shown) {
    const n = id === null ? null : name(id);
    if (id !== null && n !== null) workflowNames[id] = n;
  }
  return {
    generatedAt: q.window.to,
    overview,
    workflows,
    errors: { failedAttempts: errors.failedAttempts, top: errors.errors },
    rollbacks: { total: changes.rollbacks, latest: changes.latestRollbacks },
    breakGlass,
    latestFailures: ex.latestFailures,
    workflowNames,
  };
}
