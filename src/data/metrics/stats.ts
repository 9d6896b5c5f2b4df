/**
 * Error and retry statistics of a workflow (or one of its actions) from
 * workflow_action_attempts, with the executions that failed for good from
 * workflow_execution_logs.
 *
 * One pass per collection: FerretDB answers every query with a full scan, so
 * the attempts of the window are read once, as a narrow projection, and every
 * figure (per action, per day, error shapes) is folded from that stream in
 * fixed memory. The executions are counted by the server with one $group.
 */
import { BSON, type Document } from 'mongodb';
import { ActionNotFoundError } from '../../errors.js';
import { SCAN_MAX_TIME_MS, type DataSource } from '../core/connection.js';
import { ErrorTally, type ErrorGroup } from './error-shapes.js';
import { toNumberOrNull, toStringOrNull } from '../core/normalize.js';
import { readRun, RUN_PROJECTION, runInWindow, runsInWindow } from '../core/runs.js';
import { FieldNames, RawFields, UNUSUAL } from '../core/raw-fields.js';
import { DayBuckets, inWindow, percent, storedTime, windowFilter, type TimeWindow } from '../core/window.js';
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

const ATTEMPT_PROJECTION = {
  _id: 0,
  action_name: 1,
  attempt: 1,
  success: 1,
  error: 1,
  timestamp: 1,
  strategy: 1,
} as const;
const A = new FieldNames(['action_name', 'attempt', 'success', 'error', 'timestamp', 'strategy']);

/** What the figures read of an attempt; one, reused. */
class Attempt {
  time: number | null = null;
  ok = false;
  /** the attempt number, 1 when not stored */
  n = 1;
  name = '(unnamed)';
  error: string | null = null;
  strategy: string | null = null;
  private readonly fields = new RawFields(A);

  /** Reads the stored bytes (raw cursor); a field of an unusual type is read from the driver's document instead. */
  read(bytes: Uint8Array): this {
    try {
      const f = this.fields.read(bytes);
      this.time = f.time(A.id.timestamp);
      this.ok = f.isTrue(A.id.success);
      this.n = f.number(A.id.attempt) ?? 1;
      this.name = f.text(A.id.action_name) ?? '(unnamed)';
      this.error = f.text(A.id.error);
      this.strategy = f.text(A.id.strategy);
    } catch (err) {
      if (err !== UNUSUAL) throw err;
      const a = BSON.deserialize(bytes);
      this.time = storedTime(a.timestamp);
      this.ok = a.success === true;
      this.n = toNumberOrNull(a.attempt) ?? 1;
      this.name = toStringOrNull(a.action_name) ?? '(unnamed)';
      this.error = toStringOrNull(a.error);
      this.strategy = toStringOrNull(a.strategy);
    }
    return this;
  }
}

class ActionAcc {
  attempts = 0;
  failures = 0;
  retries = 0;
  recovered = 0;
  lastErrorAt = -Infinity;
  lastError: string | null = null;
}

/** One pass over the attempts of the window (raw BSON: each attempt read from the bytes, no document made). */
async function scanAttempts(ds: DataSource, filter: Document, q: ErrorStatsQuery) {
  const days = new DayBuckets(q.window);
  const perDayAttempts = new Array<number>(days.length).fill(0);
  const perDayFailures = new Array<number>(days.length).fill(0);
  const actions = new Map<string, ActionAcc>();
  const errors = new ErrorTally();
  const strategies = new Map<string, number>();
  const toSuccess = new Map<number, number>();
  let attempts = 0;
  let failed = 0;
  let retries = 0;
  let recovered = 0;
  // raw BSON: each attempt read from the bytes, no document made
  const cursor = ds.attempts
    .find(filter, { ...ds.opts({ atLeastMs: SCAN_MAX_TIME_MS }), raw: true })
    .project(ATTEMPT_PROJECTION)
    .batchSize(5000) as unknown as AsyncIterable<Uint8Array>;
  const a = new Attempt();
  for await (const bytes of cursor) {
    a.read(bytes);
    const t = a.time;
    if (!inWindow(t, q.window)) continue;
    const ok = a.ok;
    const n = a.n;
    const name = a.name;
    let acc = actions.get(name);
    if (!acc) actions.set(name, (acc = new ActionAcc()));
    attempts++;
    acc.attempts++;
    const d = days.indexOf(t);
    if (d >= 0) perDayAttempts[d]!++;
    if (n > 1) {
      retries++;
      acc.retries++;
      if (ok) {
        recovered++;
        acc.recovered++;
      }
    }
    if (ok) toSuccess.set(n, (toSuccess.get(n) ?? 0) + 1);
    else {
      failed++;
      acc.failures++;
      if (d >= 0) perDayFailures[d]!++;
      const message = a.error;
      errors.add(message, t);
      if (t >= acc.lastErrorAt) {
        acc.lastErrorAt = t;
        acc.lastError = message;
      }
    }
    if (q.action !== undefined) {
      const s = a.strategy ?? 'unknown';
      strategies.set(s, (strategies.get(s) ?? 0) + 1);
    }
  }
  return {
    days,
    perDayAttempts,
    perDayFailures,
    actions,
    errors,
    strategies,
    toSuccess,
    attempts,
    failed,
    retries,
    recovered,
  };
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

  const filter: Document = { workflow_id: { $eq: wfId }, ...windowFilter('timestamp', q.window) };
  if (q.action !== undefined) filter.action_name = { $eq: q.action };

  const scan = ds.run('scan action attempts', () => scanAttempts(ds, filter, q));

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
