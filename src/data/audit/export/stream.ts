/**
 * Phase 2 of an export, the stream: the plan's records in (timestamp, _id)
 * order, with exact BSON types, the late records first. After a lost
 * connection or a lost cursor the query is reopened strictly after the last
 * record read, as often as the retry policy and the server's silence allow.
 * Beside it runs the reconciliation count of the same bounds.
 */
import { BSON } from 'mongodb';
import { RuntimeError } from '../../../errors.js';
import type { DataSource } from '../../core/connection.js';
import { maxRetries, retryDelayMs, sleep } from '../../core/retry.js';
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

/** An export stopped by Ctrl-C: exit 1, nothing left behind. */
export class ExportInterruptedError extends RuntimeError {
  constructor() {
    super('export interrupted: no output file was written and the checkpoint was not moved');
  }
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
export async function* exportRecords(ds: DataSource, plan: ExportPlan, state: StreamState, o: StreamOptions): AsyncGenerator<Uint8Array[]> {
  if (plan.late.late.length > 0) yield plan.late.late.map((doc) => BSON.serialize(doc, { ignoreUndefined: false }));
  yield* streamRecords(ds, plan, state, o);
}

/** The raw cursor as the stream reads it: a batch at a time (one await per batch, not per record). */
interface RawCursor {
  hasNext(): Promise<boolean>;
  readBufferedDocuments(): Uint8Array[];
  close(): Promise<void>;
}

async function* streamRecords(ds: DataSource, plan: ExportPlan, state: StreamState, o: StreamOptions): AsyncGenerator<Uint8Array[]> {
  const { signal } = o;
  const batchSize = o.batchSize ?? 500;
  const inBounds = plan.queries.inBounds;
  let failures = 0;
  for (;;) {
    const query = state.last ? andOf([...plan.queries.base, afterPosition(state.last)]) : plan.queries.stream;
    // exact types: the records are written as the database holds them (Extended JSON, mongoimport-exact)
    const cursor = ds.audit
      .find(query, { ...ds.opts({ atLeastMs: EXPORT_MAX_TIME_MS }), raw: true })
      .sort({ timestamp: 1, _id: 1 })
      .batchSize(batchSize) as unknown as RawCursor;
    const onAbort = () => void cursor.close().catch(() => undefined);
    signal?.addEventListener('abort', onAbort);
    try {
      // a batch is handed on whole once its records are checked: the writer has written all of
      // them before the next batch is asked for, so a resume after state.last loses nothing
      while (await cursor.hasNext()) {
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
            throw new RuntimeError(`the server returned record ${idText(id)} out of (timestamp, _id) order; export abandoned`);
          }
          state.last = at;
          state.first ??= at;
          o.onRecord?.(id, at.ts);
          batch[kept++] = bytes;
        }
        batch.length = kept;
        if (kept > 0) yield batch;
      }
      if (signal?.aborted) throw new ExportInterruptedError();
      return;
    } catch (err) {
      if (signal?.aborted) throw new ExportInterruptedError();
      if (err instanceof ExportInterruptedError || !(ds.mayRetry(err) || isLostCursorError(err)) || ++failures > maxRetries(ds.retry)) {
        throw ds.wrapError(err, 'read audit records');
      }
      const delay = retryDelayMs(ds.retry, failures);
      state.resumes++;
      o.onResume?.(
        `${isLostCursorError(err) ? 'lost the cursor' : 'lost the connection'} after ${state.written} records; resuming after the last record written (retry ${failures} in ${delay} ms)`,
      );
      await sleep(delay, signal);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      await cursor.close().catch(() => undefined);
    }
  }
}

/**
 * The reconciliation count: the same bounds' BSON-dated records (an index range on MongoDB), taken
 * beside the stream. The bound lies in the past (settle window), so both see the same set; it also
 * gives progress its total. The few legacy string-dated records are decided in Node as they stream.
 */
export function countDatedRecords(ds: DataSource, plan: ExportPlan): Promise<number> {
  return ds.run('count audit records', () => ds.audit.countDocuments(plan.queries.datedCount, ds.opts({ atLeastMs: EXPORT_MAX_TIME_MS })));
}

/** Lost-cursor errors of the export's cursor: reopening it after the last record written is safe. */
const LOST_CURSOR_CODES = new Set([43 /* CursorNotFound */, 175 /* QueryPlanKilled */, 237 /* CursorKilled */]);
function isLostCursorError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return err instanceof Error && typeof code === 'number' && LOST_CURSOR_CODES.has(code);
}
