/**
 * Phase 2 of an export, the stream: the plan's records in (timestamp, _id)
 * order, with exact BSON types, the late records first. After a lost
 * connection, a stalled one (a batch without a reply within its bound, see
 * REPLY_MARGIN_MS) or a lost cursor the query is reopened strictly after the
 * last record read, as often as the retry policy and the server's silence allow.
 * Beside it runs the reconciliation count of the same bounds.
 */
import { BSON } from 'mongodb';
import { InterruptedError, RuntimeError } from '../../../errors.js';
import type { DataSource } from '../../core/connection.js';
import type { RawBatchCursor } from '../../core/raw-cursor.js';
import { isStalledReply, maxRetries, retryDelayMs, sleep } from '../../core/retry.js';
import { andOf } from '../filter.js';
import { idText } from './format.js';
import { EXPORT_MAX_TIME_MS, type ExportPlan } from './plan.js';
import { afterPosition, isAfter, type Position } from './position.js';
import { keyFieldsOf } from './record-key.js';

/** What the stream and the writer have done so far; the commit reads it. */
export interface StreamState {
  written: number;
  /** records written with a legacy string timestamp: decided in Node, not part of the server's count */
  stringDated: number;
  /** times the cursor was reopened after a lost connection */
  resumes: number;
  first: Position | undefined;
  last: Position | undefined;
}

/** An export stopped by Ctrl-C (its signal): exit 130, nothing left behind; the message names what it kept as it was. */
export class ExportInterruptedError extends InterruptedError {
  constructor(what: { output?: boolean; checkpoint?: boolean } = {}) {
    const kept = [
      ...(what.output === true
        ? ['no output file was written']
        : what.output === false
          ? ['what went to stdout is incomplete']
          : []),
      ...(what.checkpoint ? ['the checkpoint was not moved'] : []),
    ];
    super(`export interrupted${kept.length ? `: ${kept.join(' and ')}` : ''}`);
  }
}

/**
 * `work`, or ExportInterruptedError as soon as `signal` aborts: a query the server has not
 * answered yet (a first batch that sorts the whole collection) is abandoned, not waited for.
 */
export function unlessAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  work.catch(() => undefined);
  if (signal.aborted) return Promise.reject(new ExportInterruptedError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new ExportInterruptedError());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}

export interface StreamOptions {
  signal?: AbortSignal | undefined;
  /** small batches keep memory flat: the driver holds one batch of whole documents at a time */
  batchSize?: number | undefined;
  onResume?: ((message: string) => void) | undefined;
  /** each record streamed, once (a series adds it to its identity ledger) */
  onRecord?: ((id: unknown, ts: Date | string) => void) | undefined;
}

/**
 * The late records (already read, oldest first), then the stream, a batch
 * at a time, each record as its stored BSON bytes: the cursor reads with
 * `raw: true`, so no record is turned into objects (the writer encodes
 * straight from the bytes).
 */
export async function* exportRecords(
  ds: DataSource,
  plan: ExportPlan,
  state: StreamState,
  o: StreamOptions,
): AsyncGenerator<Uint8Array[]> {
  if (plan.late.late.length > 0) yield plan.late.late.map((doc) => BSON.serialize(doc, { ignoreUndefined: false }));
  yield* streamRecords(ds, plan, state, o);
}

async function* streamRecords(
  ds: DataSource,
  plan: ExportPlan,
  state: StreamState,
  o: StreamOptions,
): AsyncGenerator<Uint8Array[]> {
  const { signal } = o;
  const batchSize = o.batchSize ?? 500;
  const inBounds = plan.queries.inBounds;
  let failures = 0;
  /** when the batch being waited for was asked for */
  let askedAt = Date.now();
  for (;;) {
    const query = state.last ? andOf([...plan.queries.base, afterPosition(state.last)]) : plan.queries.stream;
    // exact types: the records are written as the database holds them (Extended JSON, mongoimport-exact)
    const cursor = ds.audit
      .find(query, { ...ds.opts({ atLeastMs: EXPORT_MAX_TIME_MS }), raw: true })
      .sort({ timestamp: 1, _id: 1 })
      .batchSize(batchSize) as unknown as RawBatchCursor;
    const onAbort = () => void cursor.close().catch(() => undefined);
    signal?.addEventListener('abort', onAbort);
    try {
      // a batch is handed on whole once its records are checked: the writer has written all of
      // them before the next batch is asked for, so a resume after state.last loses nothing
      askedAt = Date.now();
      while (await unlessAborted(cursor.hasNext(), signal)) {
        if (signal?.aborted) throw new ExportInterruptedError();
        failures = 0;
        const batch = cursor.readBufferedDocuments();
        let kept = 0;
        for (const bytes of batch) {
          const { id, timestamp } = keyFieldsOf(bytes);
          if (!inBounds(timestamp)) continue;
          if (typeof timestamp === 'string') state.stringDated++;
          const at = { ts: timestamp as Date | string, id };
          if (state.last && !isAfter(at, state.last)) {
            throw new RuntimeError(
              `the server returned record ${idText(id)} out of (timestamp, _id) order; export abandoned`,
            );
          }
          state.last = at;
          state.first ??= at;
          o.onRecord?.(id, at.ts);
          batch[kept++] = bytes;
        }
        batch.length = kept;
        if (kept > 0) yield batch;
        askedAt = Date.now();
      }
      if (signal?.aborted) throw new ExportInterruptedError();
      return;
    } catch (err) {
      if (signal?.aborted) throw new ExportInterruptedError();
      const waitedMs = Date.now() - askedAt;
      // a stalled connection is one lost connection: the server answers on the others
      const resumable = ds.mayRetry(err) || isStalledReply(err) || isLostCursorError(err);
      if (err instanceof ExportInterruptedError || !resumable || ++failures > maxRetries(ds.retry)) {
        throw ds.wrapError(err, 'read audit records', waitedMs);
      }
      const delay = retryDelayMs(ds.retry, failures);
      state.resumes++;
      o.onResume?.(
        `${lostWhat(ds, err, waitedMs)} after ${state.written} records; resuming after the last record written (retry ${failures} in ${delay} ms)`,
      );
      await sleep(delay, signal);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      // interrupted: closed without waiting for the server's answer to the pending batch
      if (signal?.aborted) void cursor.close().catch(() => undefined);
      else await cursor.close().catch(() => undefined);
    }
  }
}

/**
 * The reconciliation count: the same bounds' BSON-dated records (an index range on MongoDB), taken
 * beside the stream. The bound lies in the past (settle window), so both see the same set; it also
 * gives progress its total. The few legacy string-dated records are decided in Node as they stream.
 */
export function countDatedRecords(ds: DataSource, plan: ExportPlan): Promise<number> {
  return ds.run('count audit records', () =>
    ds.audit.countDocuments(plan.queries.datedCount, ds.opts({ atLeastMs: EXPORT_MAX_TIME_MS })),
  );
}

function lostWhat(ds: DataSource, err: unknown, waitedMs: number): string {
  if (isLostCursorError(err)) return 'lost the cursor';
  if (isStalledReply(err))
    return `lost the connection: the server at ${ds.hosts} stopped answering on it (no reply for ${(waitedMs / 1000).toFixed(1)}s)`;
  return 'lost the connection';
}

/** Lost-cursor errors of the export's cursor: reopening it after the last record written is safe. */
const LOST_CURSOR_CODES = new Set([43 /* CursorNotFound */, 175 /* QueryPlanKilled */, 237 /* CursorKilled */]);
function isLostCursorError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return err instanceof Error && typeof code === 'number' && LOST_CURSOR_CODES.has(code);
}
