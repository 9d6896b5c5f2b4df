/**
 * The compliance export (invariant 5): every record of a bounded filter,
 * exactly once, ordered by (timestamp, _id), streamed in constant memory into
 * a temporary file beside the target, reconciled with a count of the same
 * filter, hashed and chained, then placed with its manifest. A checkpoint
 * makes a series of exports continue strictly after the last record written;
 * it moves only once the file is in place.
 *
 * Four phases, one file each: plan.ts (which records, the series), stream.ts
 * (the resumable cursor), write.ts (the format and the hash chain), commit.ts
 * and seal.ts (the manifest and checkpoint, then placing them and the file so
 * that a killed run is completed by the next); then the audit_exported event
 * (event.ts).
 */
import { unlink, type FileHandle } from 'node:fs/promises';
import { resolve } from 'node:path';
import { OWNER_ONLY, refuseNonRegular } from '../../../atomic-file.js';
import { OutputWriteError, RuntimeError, UsageError } from '../../../errors.js';
import type { DataSource } from '../../core/connection.js';
import { validateAuditFilter } from '../filter.js';
import type { StoredExportEvent } from './checkpoint.js';
import { exportEvent, recordExportEvent } from './event.js';
import { idText, timestampText } from './format.js';
import { idDigest } from './ledger.js';
import { lockCheckpoint } from './lock.js';
import { manifestPathFor, type RecordRef } from './manifest.js';
import { refuseMixedSigning, signingOf } from './signing.js';
import { createTempBeside, HashedOutput } from './output.js';
import { planExport, type ExportPlan } from './plan.js';
import type { Position } from './position.js';
import { countDatedRecords, exportRecords, ExportInterruptedError, unlessAborted, type StreamState } from './stream.js';
import { sealExport, type Written } from './seal.js';
import type { ExportAuditOptions, ExportAuditResult } from './export-types.js';
import { writeRecords } from './write.js';

export type { ExportAuditOptions, ExportAuditResult, ExportProgress } from './export-types.js';

/** Exports the audit trail; see the module comment for the guarantees. */
export async function exportAuditTrail(ds: DataSource, options: ExportAuditOptions): Promise<ExportAuditResult> {
  validateAuditFilter(options.filter);
  signingOf(options); // HMAC and Ed25519 together are refused before anything is read
  if (options.checkpoint && !options.output) {
    throw new UsageError(
      '--checkpoint needs --output: a series is a set of files, and the checkpoint moves only once a file is complete',
      {
        hint: 'add --output FILE (one file per run, e.g. /srv/audit/$(date +%F-%H%M).ndjson)',
      },
    );
  }
  if (!options.output && !options.stdout) throw new UsageError('an export needs --output or a stream to write to');
  await refuseNonRegularTargets(options);
  try {
    if (!options.checkpoint) return await exportLocked(ds, options);
    // the lock comes first: a checkpoint read before it could be moved by a run that releases the lock
    // just before this one takes it, and this run would export that run's records again
    const lock = await lockCheckpoint(options.checkpoint);
    try {
      return await exportLocked(ds, options);
    } finally {
      await lock.release();
    }
  } catch (err) {
    // said once, here, where it is known whether there was a file and a checkpoint to leave alone
    if (err instanceof ExportInterruptedError)
      throw new ExportInterruptedError({
        output: options.output !== undefined,
        checkpoint: options.checkpoint !== undefined,
      });
    throw err;
  }
}

/**
 * Before anything is created (the lock claim, the temporary file): the export file, its manifest and
 * the checkpoint are each absent or a regular file, never a device, FIFO, socket, folder or link that a
 * rename would replace (commit.ts and writeFileAtomic look again just before they rename).
 */
async function refuseNonRegularTargets(options: ExportAuditOptions): Promise<void> {
  if (options.output) {
    await refuseNonRegular(resolve(options.output), '--output');
    await refuseNonRegular(manifestPathFor(resolve(options.output)), 'the manifest');
  }
  if (options.checkpoint) await refuseNonRegular(resolve(options.checkpoint), '--checkpoint');
}

/** The export proper, in its four phases; with a checkpoint, the caller holds its lock. */
async function exportLocked(ds: DataSource, options: ExportAuditOptions): Promise<ExportAuditResult> {
  const plan = await unlessAborted(planExport(ds, options), options.signal);
  refuseMixedSigning(plan.checkpoint?.signing, options, plan.series);
  const state: StreamState = { written: 0, stringDated: 0, resumes: 0, first: undefined, last: undefined };
  const written = await streamAndWrite(ds, plan, state, options);
  const result = resultOf(plan, state, written, options);
  let event: StoredExportEvent | undefined;
  if (options.output && written.tmp) {
    try {
      event = await sealExport(ds, plan, state, written as Written & { tmp: string }, result, options);
    } catch (err) {
      if (options.signal?.aborted && !(err instanceof ExportInterruptedError)) throw new ExportInterruptedError();
      throw err;
    }
  }
  // the export is itself an audit event; its timestamp (server time) is after the upper bound, so no
  // export contains its own event; the next run of a series exports it like any record
  try {
    await recordExportEvent(ds, event ?? exportEvent(options.actor, plan.spec, result, plan.serverNow()));
  } catch (err) {
    const done = result.file
      ? `${result.file} and its manifest are complete${result.checkpoint ? ' and the checkpoint has moved' : ''}`
      : 'the records were written';
    throw new RuntimeError(
      `exported ${result.records} records, but could not record the audit_exported event: ${(err as Error).message}; ${done}`,
      {
        hint: result.checkpoint
          ? 'the export itself is valid; the next run of this series records the event (it is kept in the checkpoint)'
          : 'the export itself is valid; record its event by hand if your audit policy needs it',
      },
    );
  }
  return result;
}

/**
 * Phases 2 and 3: the stream into the output (a temporary file or the stream), reconciled with the
 * count beside it. A failure or Ctrl-C removes the temporary file.
 */
async function streamAndWrite(
  ds: DataSource,
  plan: ExportPlan,
  state: StreamState,
  options: ExportAuditOptions,
): Promise<Written> {
  const signal = options.signal;
  let fh: FileHandle | undefined;
  let tmp: string | undefined;
  const started = Date.now();
  let total: number | null = null;
  let lastProgress = 0;
  const tick = () => {
    if (!options.onProgress) return;
    const t = Date.now();
    if (t - lastProgress < 200) return;
    lastProgress = t;
    options.onProgress({ written: state.written, total, elapsedMs: t - started });
  };
  try {
    if (options.output) ({ tmp, fh } = await createTempBeside(options.output, options.mode ?? OWNER_ONLY));
    const counting = countDatedRecords(ds, plan);
    counting.then(
      (n) => (total = n),
      () => undefined,
    );
    const sink = new HashedOutput(fh, fh ? undefined : options.stdout, signal, options.output ?? 'the output');
    // a series adds every record it writes to its identity ledger (the late ones are in it already)
    const ledger = options.checkpoint ? plan.late.ledger : undefined;
    const caller = options.onRecord;
    // the late records of a series are written first, from plan.late, without passing the stream
    if (caller) for (const doc of plan.late.late) caller(doc._id);
    const onRecord =
      ledger || caller
        ? (id: unknown, ts: Date | string) => {
            ledger?.add(ts instanceof Date ? ts.getTime() : null, idDigest(id));
            caller?.(id);
          }
        : undefined;
    const chainHead = await writeRecords(sink, exportRecords(ds, plan, state, { ...options, onRecord }), state, {
      format: options.format,
      jsonFormat: options.jsonFormat ?? 'relaxed',
      bom: options.bom === true,
      genesis: plan.genesis,
      tick,
    });
    if (signal?.aborted) throw new ExportInterruptedError();
    if (fh) {
      try {
        await fh.sync();
        await fh.close();
      } catch (err) {
        throw new OutputWriteError(options.output!, err);
      }
      fh = undefined;
    }
    options.onProgress?.({ written: state.written, total: total ?? state.written, elapsedMs: Date.now() - started });
    // reconcile: the same bounded filter's dated records, counted by the server
    const counted = await unlessAborted(counting, signal);
    const dated = state.written - state.stringDated - plan.late.late.length;
    // in a series the ledger decides: a record that arrives behind the cursor during the run (a
    // back-dated stamp) is late for the next run, found there by _id; the count only gives progress
    if (counted !== dated && !options.checkpoint) {
      throw new RuntimeError(
        `reconciliation failed: wrote ${dated} BSON-dated records after the series' position but the server counts ${counted} for the same filter; no file was written and the checkpoint was not moved`,
        {
          hint: 'records with a timestamp older than the settle window were still arriving; raise --settle and run again',
        },
      );
    }
    if (signal?.aborted) throw new ExportInterruptedError();
    return { tmp, bytes: sink.bytes, sha256: sink.hash.digest('hex'), chainHead };
  } catch (err) {
    if (fh) await fh.close().catch(() => undefined);
    if (tmp) await unlink(tmp).catch(() => undefined);
    if (signal?.aborted && !(err instanceof ExportInterruptedError)) throw new ExportInterruptedError();
    if (err instanceof OutputWriteError && options.output) {
      throw new OutputWriteError(
        options.output,
        err.cause,
        `; no file was written${options.checkpoint ? ' and the checkpoint did not move' : ''}`,
      );
    }
    throw err;
  }
}

function resultOf(plan: ExportPlan, state: StreamState, w: Written, options: ExportAuditOptions): ExportAuditResult {
  const output = options.output ? resolve(options.output) : null;
  return {
    format: options.format,
    file: output,
    manifest: output ? manifestPathFor(output) : null,
    checkpoint: options.checkpoint ? resolve(options.checkpoint) : null,
    records: state.written,
    bytes: w.bytes,
    sha256: w.sha256,
    chainHead: w.chainHead,
    firstRecord: refOf(state.first),
    lastRecord: refOf(state.last),
    range: { after: refOf(plan.after), since: plan.since?.toISOString() ?? null, upperBound: plan.upper.toISOString() },
    series: plan.series,
    resumes: state.resumes,
    signedBy: options.signKey && output ? { algorithm: 'ed25519', keyId: options.signKey.keyId } : null,
    late: {
      exported: plan.late.late.length,
      deferred: plan.late.deferred,
      accepted: plan.late.accepted,
      deleted: plan.late.deleted,
    },
  };
}

function refOf(p: Position | undefined): RecordRef | null {
  return p ? { _id: idText(p.id), timestamp: timestampText(p.ts) } : null;
}

export { DEFAULT_SETTLE_MS, EXPORT_MAX_TIME_MS } from './plan.js';
export { ExportInterruptedError } from './stream.js';
