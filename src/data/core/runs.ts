/**
 * Runs as workflow_execution_logs holds them, read the same way by every
 * figure. The backend writes one document per run when the run ends:
 * `{ workflow_id, workflow_name, execution: { started_at, completed_at,
 * status, actions_completed, actions_failed, error, context }, created_at }`.
 * Other tools wrote a flat `{ execution_id, status, started_at, completed_at,
 * duration_ms, trigger_type, error }`, which stays readable.
 *
 * Which time puts a run in a window: `created_at`, the moment the backend
 * logged it (the end of the run). The backend's own figures use it and the
 * recommended indexes ({workflow_id, created_at:-1}, {created_at:-1}) serve
 * it, so a window is one index range on MongoDB. A flat document has no
 * `created_at`; it is placed by its `started_at`.
 */
import type { Document } from 'mongodb';
import { isPlainObject, toNumberOrNull, toStringOrNull } from './normalize.js';
import { inWindow, storedTime, type TimeWindow } from './window.js';

/** What a run's outcome counts as in every figure. */
export type RunOutcome = 'succeeded' | 'succeeded-with-failed-actions' | 'failed' | 'running' | 'other';

export interface Run {
  /** the flat shape's execution_id, else the log document's _id */
  executionId: string | null;
  workflowId: string | null;
  /** the stored status, as written */
  status: string | null;
  outcome: RunOutcome;
  /** ms since the epoch; null when the document has none that parses */
  startedAt: number | null;
  completedAt: number | null;
  /** completed_at - started_at (a flat document's duration_ms first); null when unknown */
  durationMs: number | null;
  /** the time that places the run in a window: created_at, else (flat) started_at */
  loggedAt: number | null;
  failedActions: number;
  triggerType: string | null;
  error: string | null;
}

/** The fields of a log document that runs are read from: narrow, for streaming. */
export const RUN_PROJECTION = {
  _id: 1,
  workflow_id: 1,
  created_at: 1,
  'execution.status': 1,
  'execution.started_at': 1,
  'execution.completed_at': 1,
  'execution.actions_failed': 1,
  'execution.context.trigger_type': 1,
  execution_id: 1,
  status: 1,
  started_at: 1,
  completed_at: 1,
  duration_ms: 1,
  trigger_type: 1,
} as const;

/** RUN_PROJECTION plus the error message, for lists of failures. */
export const RUN_PROJECTION_WITH_ERROR = { ...RUN_PROJECTION, 'execution.error': 1, error: 1 } as const;

export function outcomeOf(status: string | null, failedActions: number): RunOutcome {
  switch (status) {
    case 'success':
      // the backend marks a run success even when some of its actions failed
      return failedActions > 0 ? 'succeeded-with-failed-actions' : 'succeeded';
    case 'failed':
      return 'failed';
    case 'running':
      return 'running';
    default:
      return 'other';
  }
}

export function readRun(doc: Document): Run {
  const ex = isPlainObject(doc.execution) ? doc.execution : null;
  const status = toStringOrNull(ex ? ex.status : doc.status);
  const startedAt = storedTime(ex ? ex.started_at : doc.started_at);
  const completedAt = storedTime(ex ? ex.completed_at : doc.completed_at);
  const stored = ex ? null : toNumberOrNull(doc.duration_ms);
  const durationMs =
    stored ?? (startedAt !== null && completedAt !== null && completedAt >= startedAt ? completedAt - startedAt : null);
  const failedActions = ex && Array.isArray(ex.actions_failed) ? ex.actions_failed.length : 0;
  const context = ex && isPlainObject(ex.context) ? ex.context : null;
  return {
    executionId: toStringOrNull(doc.execution_id) ?? toStringOrNull(doc._id),
    workflowId: toStringOrNull(doc.workflow_id),
    status,
    outcome: outcomeOf(status, failedActions),
    startedAt,
    completedAt,
    durationMs,
    loggedAt: doc.created_at !== undefined && doc.created_at !== null ? storedTime(doc.created_at) : startedAt,
    failedActions,
    triggerType: toStringOrNull(context?.trigger_type) ?? toStringOrNull(doc.trigger_type),
    error: toStringOrNull(ex ? ex.error : doc.error),
  };
}

function range(w: TimeWindow): Document {
  return { $gte: w.from, $lt: w.to };
}

/**
 * The runs logged in a window, as queries: `dated` (BSON dates, one index
 * range per branch) and `strings` (legacy ISO text, selected by type and
 * decided in Node after parsing: FerretDB cannot parse strings, and the
 * text of mixed formats does not sort as time). `all` is both.
 */
export function runsInWindow(
  w: TimeWindow,
  workflowId?: string,
): { dated: Document; strings: Document; all: Document } {
  const dated = [{ created_at: range(w) }, { created_at: { $exists: false }, started_at: range(w) }];
  const strings = [
    { created_at: { $type: 'string' } },
    { created_at: { $exists: false }, started_at: { $type: 'string' } },
  ];
  const wf = workflowId !== undefined ? { workflow_id: { $eq: workflowId } } : {};
  return {
    dated: { ...wf, $or: dated },
    strings: { ...wf, $or: strings },
    all: { ...wf, $or: [...dated, ...strings] },
  };
}

/** A run read from the window's query is in it: dated ones are by the query, legacy strings are decided here. */
export function runInWindow(run: Run, w: TimeWindow): boolean {
  return inWindow(run.loggedAt, w);
}
