/**
 * Error and retry statistics of a workflow (or one of its actions) from
 * workflow_action_attempts, with the executions that failed for good from
 * workflow_execution_logs.
 *
 * Where the server runs the pipelines (attempt-groups.ts), the attempts of the
 * window are grouped there and only rows per group come back. Otherwise (FerretDB
 * 1.24 answers every query with a full scan) the attempts of the window are read
 * once, as a narrow projection, and every figure (per action, per day, error
 * shapes) is folded from that stream in fixed memory (attempt-fold.ts). Both feed one fold, so the
 * figures are the same. The executions are counted by the server with one $group.
 */
import type { Document } from 'mongodb';
import { ActionNotFoundError } from '../../errors.js';
import { SCAN_MAX_TIME_MS, type DataSource } from '../core/connection.js';
import type { ErrorGroup } from './error-shapes.js';
import { ActionAcc, scanAttempts } from './attempt-fold.js';
import { readRun, RUN_PROJECTION, runInWindow, runsInWindow } from '../core/runs.js';
import { percent, type TimeWindow } from '../core/window.js';
import { quoteInput } from '../../quote.js';
import { countExecutionsByStatus } from './execution-counts.js';

export interface ActionErrorRow {
  name: string;
  attempts: number;
  failures: number;
  /** attempts after the first (attempt > 1) */
  retries: number;
  /**
   * successful retries (attempt > 1 that succeeded): the backend's retry handler makes attempt n
   * only after attempt n-1 of the same action in the same run failed, so each is an action that
   * failed and then succeeded in that run
   */
  recovered: number;
  /** percent of this action's attempts that succeeded (per attempt, not per run); null without attempts */
  attemptSuccessRate: number | null;
  lastError: string | null;
  lastErrorAt: Date | null;
}

export interface DayFailures {
  day: string;
  attempts: number;
  failures: number;
}

export interface ErrorStats {
  workflow: { id: string; name: string };
  action: string | null;
  window: { days: number; from: Date; to: Date };
  attempts: number;
  successfulAttempts: number;
  failedAttempts: number;
  /** percent of attempts that succeeded (per attempt, not per run); null with no attempts */
  attemptSuccessRate: number | null;
  retries: number;
  recovered: number;
  executions: {
    /**
     * runs logged in the window; with --action, the runs in which that action ran (in their
     * actions_completed or actions_failed: runs of the backend's nested shape only)
     */
    total: number;
    /** runs whose status is failed (failed for good); with --action, the runs in which that action failed */
    failed: number;
    /** per run: succeeded / (succeeded + failed), percent; null without finished runs; without --action only */
    successRate: number | null;
  };
  actions: ActionErrorRow[];
  commonErrors: ErrorGroup[];
  failuresPerDay: DayFailures[];
  /** --action only: retry strategies on the attempts, most used first */
  strategies?: Array<{ strategy: string; attempts: number }>;
  /** --action only: successful attempts by attempt number (1 = first try) */
  attemptsToSuccess?: Array<{ attempt: number; successes: number }>;
}

export interface ErrorStatsQuery {
  workflow: { id: string; name: string; actionNames: string[] };
  action?: string;
  days: number;
  window: TimeWindow;
  /** how many error shapes to list */
  topErrors?: number;
}

/** One row an action, the most failing first. */
function actionRows(folded: Map<string, ActionAcc>): ActionErrorRow[] {
  return [...folded.entries()]
    .map(([name, a]) => ({
      name,
      attempts: a.attempts,
      failures: a.failures,
      retries: a.retries,
      recovered: a.recovered,
      attemptSuccessRate: percent(a.attempts - a.failures, a.attempts),
      lastError: a.lastError,
      lastErrorAt: Number.isFinite(a.lastErrorAt) ? new Date(a.lastErrorAt) : null,
    }))
    .sort((x, y) => y.failures - x.failures || y.attempts - x.attempts || x.name.localeCompare(y.name));
}

export async function errorStats(ds: DataSource, q: ErrorStatsQuery): Promise<ErrorStats> {
  const wfId = q.workflow.id;
  if (q.action !== undefined) await assertActionExists(ds, q.workflow, q.action);

  const match: Document = { workflow_id: { $eq: wfId } };
  if (q.action !== undefined) match.action_name = { $eq: q.action };

  const scan = scanAttempts(ds, match, q);

  // the runs are counted while the attempts stream: the wait is the longer query's
  const counting =
    q.action !== undefined
      ? countActionRuns(ds, q.window, wfId, q.action).then((c) => ({ ...c, successRate: null }))
      : countExecutionsByStatus(ds, q.window, wfId).then((c) => ({
          total: c.total,
          failed: c.failed,
          successRate: percent(c.succeeded, c.succeeded + c.failed),
        }));
  const [folded, executions] = await Promise.all([scan, counting]);

  // actions defined but not tried in the window still get their (zero) row
  const expected = q.action === undefined ? q.workflow.actionNames : [q.action];
  for (const name of expected) if (!folded.actions.has(name)) folded.actions.set(name, new ActionAcc());

  const actions = actionRows(folded.actions);

  const result: ErrorStats = {
    workflow: { id: q.workflow.id, name: q.workflow.name },
    action: q.action ?? null,
    window: { days: q.days, from: q.window.from, to: q.window.to },
    attempts: folded.attempts,
    successfulAttempts: folded.attempts - folded.failed,
    failedAttempts: folded.failed,
    attemptSuccessRate: percent(folded.attempts - folded.failed, folded.attempts),
    retries: folded.retries,
    recovered: folded.recovered,
    executions,
    actions,
    commonErrors: folded.errors.top(q.topErrors ?? 10),
    failuresPerDay: folded.days.days.map((day, i) => ({
      day,
      attempts: folded.perDayAttempts[i]!,
      failures: folded.perDayFailures[i]!,
    })),
  };
  if (q.action !== undefined) {
    result.strategies = [...folded.strategies.entries()]
      .map(([strategy, attempts]) => ({ strategy, attempts }))
      .sort((a, b) => b.attempts - a.attempts || a.strategy.localeCompare(b.strategy));
    result.attemptsToSuccess = [...folded.toSuccess.entries()]
      .map(([attempt, successes]) => ({ attempt, successes }))
      .sort((a, b) => a.attempt - b.attempt);
  }
  return result;
}

/**
 * The runs of a workflow in the window in which an action ran, and those in
 * which it failed: from the backend's nested `actions_completed` and
 * `actions_failed` (flat documents of other tools do not say, and are not
 * counted). One streamed pass over the workflow's runs of the window.
 */
async function countActionRuns(
  ds: DataSource,
  w: TimeWindow,
  workflowId: string,
  action: string,
): Promise<{ total: number; failed: number }> {
  return ds.run('count runs of an action', async () => {
    let total = 0;
    let failed = 0;
    const cursor = ds.executions
      .find(runsInWindow(w, workflowId).all, ds.opts({ atLeastMs: SCAN_MAX_TIME_MS }))
      .project<Document>({ ...RUN_PROJECTION, 'execution.actions_completed': 1, 'execution.actions_failed': 1 })
      .batchSize(5000);
    for await (const doc of cursor) {
      if (!runInWindow(readRun(doc), w)) continue;
      const ex = doc.execution as { actions_completed?: unknown; actions_failed?: unknown } | undefined;
      const inList = (v: unknown) => Array.isArray(v) && v.includes(action);
      const didFail = inList(ex?.actions_failed);
      if (didFail || inList(ex?.actions_completed)) total++;
      if (didFail) failed++;
    }
    return { total, failed };
  });
}

/**
 * An action exists when the workflow defines it or attempts of it were ever
 * logged; otherwise exit 4 naming the actions that do.
 */
async function assertActionExists(
  ds: DataSource,
  wf: { id: string; actionNames: string[] },
  action: string,
): Promise<void> {
  if (wf.actionNames.includes(action)) return;
  const logged = await ds.run('find action attempts', () =>
    ds.attempts.findOne(
      { workflow_id: { $eq: wf.id }, action_name: { $eq: action } },
      { ...ds.opts(), projection: { _id: 1 } },
    ),
  );
  if (logged) return;
  const seen = new Set(wf.actionNames);
  // a $group rather than distinct: FerretDB's distinct refuses maxTimeMS
  const names = await ds.run('list action names', () =>
    ds.attempts
      .aggregate<{ _id: unknown }>(
        [{ $match: { workflow_id: { $eq: wf.id } } }, { $group: { _id: '$action_name', n: { $sum: 1 } } }],
        ds.opts({ atLeastMs: SCAN_MAX_TIME_MS }),
      )
      .toArray(),
  );
  for (const n of names) if (typeof n._id === 'string') seen.add(n._id);
  const list = [...seen].sort();
  throw new ActionNotFoundError(`action ${quoteInput(action)} not found in workflow ${wf.id}`, {
    hint: list.length
      ? `actions seen: ${list.join(', ')}`
      : 'this workflow defines no actions and has no logged attempts',
  });
}
