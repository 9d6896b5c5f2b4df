/**
 * Runs read straight from the stored bytes of projected log documents (a
 * cursor read with `raw: true`): the same Run as readRun (runs.ts) gives for
 * the document the driver would have made, with no object, Date or array
 * made per document. The scans of the metrics (analytics, version health,
 * checks) read every run of a window.
 *
 * A document that holds, in a field a run is read from, a type RawFields
 * leaves to the driver (a DBRef-shaped `execution`, a number for a time, a
 * Decimal128, BSON undefined, ...) is deserialized and read by readRun, so
 * that no figure differs.
 */
import { BSON, type Document } from 'mongodb';
import { FieldNames, RawFields, T_ARRAY, T_DOC, T_NULL, UNUSUAL } from './raw-fields.js';
import { outcomeOf, readRun, type Run } from './runs.js';

const TOP = new FieldNames([
  '_id',
  'workflow_id',
  'created_at',
  'execution',
  'execution_id',
  'status',
  'started_at',
  'completed_at',
  'duration_ms',
  'trigger_type',
  'error',
]);
const NESTED = new FieldNames(['status', 'started_at', 'completed_at', 'actions_failed', 'context', 'error']);
const CONTEXT = new FieldNames(['trigger_type']);
const T = TOP.id;
const N = NESTED.id;

/** Reads runs from raw documents; one per scan, reused for every document. */
export class RawRunReader {
  private readonly top = new RawFields(TOP);
  private readonly ex = new RawFields(NESTED);
  private readonly context = new RawFields(CONTEXT);

  read(bytes: Uint8Array): Run {
    try {
      return this.fromBytes(bytes);
    } catch (err) {
      if (err !== UNUSUAL) throw err;
      return readRun(BSON.deserialize(bytes) as Document);
    }
  }

  private fromBytes(bytes: Uint8Array): Run {
    const top = this.top.read(bytes);
    const ex = top.type[T.execution] === T_DOC ? top.nested(T.execution, this.ex) : null;
    const context = ex && ex.type[N.context] === T_DOC ? ex.nested(N.context, this.context) : null;
    const status = ex ? ex.text(N.status) : top.text(T.status);
    const startedAt = ex ? ex.time(N.started_at) : top.time(T.started_at);
    const completedAt = ex ? ex.time(N.completed_at) : top.time(T.completed_at);
    const stored = ex ? null : top.number(T.duration_ms);
    const durationMs =
      stored ??
      (startedAt !== null && completedAt !== null && completedAt >= startedAt ? completedAt - startedAt : null);
    const failedActions = ex && ex.type[N.actions_failed] === T_ARRAY ? ex.length(N.actions_failed) : 0;
    const created = top.type[T.created_at];
    return {
      executionId: top.text(T.execution_id) ?? top.text(T._id),
      workflowId: top.text(T.workflow_id),
      status,
      outcome: outcomeOf(status, failedActions),
      startedAt,
      completedAt,
      durationMs,
      loggedAt: created !== 0 && created !== T_NULL ? top.time(T.created_at) : startedAt,
      failedActions,
      triggerType: (context ? context.text(0) : null) ?? top.text(T.trigger_type),
      error: ex ? ex.text(N.error) : top.text(T.error),
    };
  }
}
