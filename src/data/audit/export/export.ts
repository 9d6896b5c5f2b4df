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
 * (placing the file, its manifest and the checkpoint so that a killed run is
 * completed by the next); then the audit_exported event (event.ts).
 */
import { unlink, type FileHandle } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { OWNER_ONLY, refuseNonRegular } from '../../../atomic-file.js';
import { OutputWriteError, RuntimeError, UsageError, WfctlError, isSystemIoError } from '../../../errors.js';
import type { DataSource } from '../../core/connection.js';
import type { EjsonMode } from '../../core/ejson.js';
import type { Actor } from '../../core/types.js';
import { validateAuditFilter, type AuditFilter } from '../filter.js';
import { CHECKPOINT_FORMAT, CHECKPOINT_VERSION, type StoredExportEvent } from './checkpoint.js';
import { commitExport, type CommitInput, type CommitStep } from './commit.js';
import { exportEvent, recordExportEvent } from './event.js';
import { idText, timestampText, type ExportFormat } from './format.js';
import { idDigest } from './ledger.js';
import { lockCheckpoint } from './lock.js';
import {
  MANIFEST_FORMAT,
  MANIFEST_VERSION,
  manifestPathFor,
  manifestSha256,
  type ExportManifest,
  type RecordRef,
} from './manifest.js';
import { refuseMixedSigning, sealManifest, signingOf, type SigningKey } from './signing.js';
import { createTempBeside, HashedOutput } from './output.js';
import { planExport, type ExportPlan } from './plan.js';
import { positionToStored, type Position } from './position.js';
import { countDatedRecords, exportRecords, ExportInterruptedError, unlessAborted, type StreamState } from './stream.js';
import { writeRecords } from './write.js';

export interface ExportProgress {
  written: number;
  /** the count of the filter, when known (it is counted beside the export for progress) */
  total: number | null;
  elapsedMs: number;
}

export interface ExportAuditOptions {
  filter: AuditFilter;
  format: ExportFormat;
  /** target file; without it the records go to `stdout` (no manifest, no checkpoint) */
  output?: string;
  /** where the records go without `output` */
  stdout?: NodeJS.WritableStream;
  checkpoint?: string;
  /** records younger than this are left for the next run */
  settleMs?: number;
  actor: Actor;
  /** signs the manifest (WFCTL_EXPORT_HMAC_KEY) */
  hmacKey?: string;
  /**
   * signs the manifest with Ed25519 (--sign-key, signing.ts's loadSigningKey): a detached signature
   * over the manifest's exact bytes beside it (MANIFEST.sig); not with `hmacKey`
   */
  signKey?: SigningKey;
  signal?: AbortSignal;
  onProgress?: (p: ExportProgress) => void;
  /** called when a lost connection is resumed */
  onResume?: (message: string) => void;
  batchSize?: number;
  /** "now" for the settle bound; default: the server's clock (`hello`'s localTime), else the local one */
  now?: Date;
  /**
   * With `checkpoint`: replace an existing `output` file. Without it a
   * checkpointed run refuses (exit 2) to overwrite a file, which would lose
   * the records of the run that wrote it (they are behind the checkpoint).
   */
  force?: boolean;
  /** a warning for stderr (a clock that differs from the server's) */
  onWarning?: (message: string) => void;
  /** Extended JSON of the ndjson and json formats: relaxed (default) or canonical */
  jsonFormat?: EjsonMode;
  /** CSV only: start with a UTF-8 byte order mark (counted in the manifest's bytes and hash like the rest) */
  bom?: boolean;
  /**
   * With `checkpoint`: records that appeared behind the series' position beyond its late horizon (where
   * it keeps counts, not identities) are taken as the database has them (the operator exported them
   * another way), instead of failing the run; recorded as accepted in the manifest.
   */
  acceptLate?: boolean;
  /** With `checkpoint`: how far behind its position the series decides late records by identity (default: the checkpoint's, else 24 h) */
  lateHorizonMs?: number;
  /** called after each step of placing the file (tests kill the process there to check recovery) */
  onCommitStep?: (step: CommitStep) => void;
  /**
   * Permission bits of the export file, its manifest and the checkpoint, exactly (whatever the
   * umask): they hold user ids, IP addresses and user agents. Default 0600, the owner only.
   */
  mode?: number;
  /** each record written to the file, by its `_id` as stored, once and in order (`audit archive` keeps them) */
  onRecord?: (id: unknown) => void;
}

export interface ExportAuditResult {
  format: ExportFormat;
  file: string | null;
  manifest: string | null;
  checkpoint: string | null;
  records: number;
  bytes: number;
  sha256: string;
  chainHead: string;
  firstRecord: RecordRef | null;
  lastRecord: RecordRef | null;
  range: { after: RecordRef | null; since: string | null; upperBound: string };
  series: { id: string; index: number } | null;
  /** times the cursor was reopened after a lost connection */
  resumes: number;
  /** --sign-key: the key whose signature is beside the manifest (MANIFEST.sig); null: not signed with a key */
  signedBy: { algorithm: 'ed25519'; keyId: string } | null;
  /**
   * a checkpointed run: records that had appeared behind the series' position since the last run
   * (written first in this file; `deferred`: more of them, left for the next run), accepted without a
   * file (--accept-late, beyond the late horizon), or deleted from the database
   */
  late: { exported: number; deferred: number; accepted: number; deleted: number };
}

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
      event = await commit(ds, plan, state, written as Written & { tmp: string }, result, options);
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

interface Written {
  /** the complete, synced temporary file (with --output) */
  tmp: string | undefined;
  bytes: number;
  sha256: string;
  chainHead: string;
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

/**
 * Phase 4: the manifest, the moved checkpoint (with this run's event, kept until recorded) and the
 * placement (commit.ts). Returns the event of a checkpointed run.
 */
async function commit(
  ds: DataSource,
  plan: ExportPlan,
  state: StreamState,
  w: Written & { tmp: string },
  result: ExportAuditResult,
  options: ExportAuditOptions,
): Promise<StoredExportEvent | undefined> {
  const output = options.output!;
  const lateDocs = plan.late.late;
  const manifest: ExportManifest = {
    format: MANIFEST_FORMAT,
    version: MANIFEST_VERSION,
    tool: options.actor.userAgent,
    createdAt: new Date().toISOString(),
    file: basename(output),
    exportFormat: options.format,
    ...(options.format === 'csv' ? {} : { jsonFormat: options.jsonFormat ?? 'relaxed' }),
    database: ds.dbName,
    filter: plan.spec,
    range: { ...result.range, settleSeconds: plan.settleMs / 1000 },
    records: state.written,
    bytes: w.bytes,
    sha256: w.sha256,
    firstRecord: result.firstRecord,
    lastRecord: result.lastRecord,
    chain: { algorithm: 'sha256', genesis: plan.genesis, head: w.chainHead },
    series: plan.series ? { ...plan.series, previous: plan.checkpoint?.previous ?? null } : null,
    ...(options.checkpoint
      ? {
          late: {
            exported: lateDocs.length,
            ids: lateDocs.slice(0, 100).map((d) => idText(d._id)),
            accepted: plan.late.accepted,
            deleted: plan.late.deleted,
          },
        }
      : {}),
  };
  const previous = plan.checkpoint?.previous;
  const totalRecords =
    previous?.totalRecords !== undefined || !previous ? (previous?.totalRecords ?? 0) + state.written : undefined;
  if (manifest.series && totalRecords !== undefined) manifest.series.totalRecords = totalRecords;
  const signing = signingOf(options);
  const sealed = sealManifest(manifest, output, options);
  const { text, signature } = sealed;
  let series: CommitInput['checkpoint'];
  let event: StoredExportEvent | undefined;
  if (options.checkpoint && plan.series) {
    event = exportEvent(options.actor, plan.spec, result, plan.serverNow());
    const last = state.last ? positionToStored(state.last) : (plan.checkpoint?.last ?? null);
    series = {
      path: options.checkpoint,
      before: plan.checkpoint ?? null,
      next: {
        format: CHECKPOINT_FORMAT,
        version: CHECKPOINT_VERSION,
        filterSignature: plan.signature,
        filter: plan.spec,
        series: plan.series,
        since: plan.since?.toISOString() ?? null,
        last,
        previous: {
          file: basename(output),
          sha256: w.sha256,
          chainHead: w.chainHead,
          records: state.written,
          manifestSha256: manifestSha256(text),
          ...(totalRecords !== undefined ? { totalRecords } : {}),
        },
        pendingEvent: event,
        ledger: plan.late.ledger.toStored(last && 'date' in last.timestamp ? Date.parse(last.timestamp.date) : null),
        path: plan.checkpointPath!,
        signing,
        updatedAt: new Date().toISOString(),
      },
    };
  }
  // from here on the temporary file belongs to the commit: a later run completes or removes it
  await commitExport({
    tmp: w.tmp,
    output: resolve(output),
    sha256: w.sha256,
    bytes: w.bytes,
    manifest: sealed.manifest,
    ...(signature ? { signature } : {}),
    replace: !plan.refuseOverwrite,
    mode: options.mode ?? OWNER_ONLY,
    ...(series ? { checkpoint: series } : {}),
    ...(options.onCommitStep ? { onStep: options.onCommitStep } : {}),
  }).catch(async (err: unknown) => {
    await unlink(w.tmp).catch(() => undefined);
    // a full disk while placing the manifest or the checkpoint is a failed write, not a bug
    if (!(err instanceof WfctlError) && isSystemIoError(err))
      throw new OutputWriteError(err.path ?? resolve(output), err);
    throw err;
  });
  return event;
}

export { DEFAULT_SETTLE_MS, EXPORT_MAX_TIME_MS } from './plan.js';
export { ExportInterruptedError } from './stream.js';
