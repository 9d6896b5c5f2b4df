/**
 * The compliance export (invariant 5): every record of a bounded filter,
 * exactly once, ordered by (timestamp, _id), streamed in constant memory into
 * a temporary file beside the target, reconciled with a count of the same
 * filter, hashed and chained, then renamed into place with its manifest. A
 * checkpoint makes a series of exports continue strictly after the last
 * record written; it moves only once the file is complete on disk.
 *
 * After a lost connection (a restarted server) the cursor is reopened after
 * the last record written, as often as the retry policy allows.
 */
import { createHash, randomUUID } from 'node:crypto';
import { open, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { once } from 'node:events';
import { stringify as csvStringify } from 'csv-stringify/sync';
import { ObjectId, type Document, type Filter } from 'mongodb';
import type { Actor } from '../../../context.js';
import { RuntimeError, UsageError } from '../../../errors.js';
import { auditTimeFilters, validateAuditFilter, type AuditFilter } from '../filter.js';
import { inRange, storedTime } from '../../core/window.js';
import { CSV_BOM, CSV_COLUMNS, CSV_OPTIONS, GENESIS, idText, serializeCsvRecord, serializeJsonRecord, timestampText, type ExportFormat } from './format.js';
import { CHECKPOINT_FORMAT, CHECKPOINT_VERSION, readCheckpoint, type Checkpoint, type CheckpointKey, type PlacingIntent, type StoredExportEvent } from './checkpoint.js';
import { MANIFEST_FORMAT, MANIFEST_VERSION, filterSignature, manifestPathFor, signManifest, type ExportFilterSpec, type ExportManifest, type RecordRef, type SeriesLink } from './manifest.js';
import { lockCheckpoint } from './lock.js';
import { checkLateRecords, nextCoverage, type LateCheck, type SeriesCoverage } from './late.js';
import { EXACT_TYPES, type DataSource } from '../../core/connection.js';
import type { EjsonMode } from '../../core/ejson.js';
import { bsonTypeOf, toNumberOrNull } from '../../core/normalize.js';
import { isDuplicateKey, maxRetries, retryDelayMs, sleep } from '../../core/retry.js';
import type { RawAuditDoc } from '../../core/types.js';
import { sweepAbandonedTemps, tempPathBeside } from '../../../atomic-file.js';
import { commitExport, finishPlacing, overwriteRefused, type CommitInput, type CommitStep } from './commit.js';

export const DEFAULT_SETTLE_MS = 60_000;

/**
 * maxTimeMS of the export's cursor and count. A cursor's limit is cumulative
 * over all its batches, so the usual per-query limit would cut a large export
 * short; this one only stops a runaway.
 */
export const EXPORT_MAX_TIME_MS = 6 * 3_600_000;

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
  stdout?: NodeJS.WritableStream;
  checkpoint?: string;
  /** records younger than this are left for the next run */
  settleMs?: number;
  actor: Actor;
  /** signs the manifest (WFCTL_EXPORT_HMAC_KEY) */
  hmacKey?: string;
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
   * With `checkpoint`: late records found behind the series' position are accepted without a file (the
   * operator exported them another way) instead of failing the run when they cannot all be identified.
   */
  acceptLate?: boolean;
  /** called after each step of placing the file (tests kill the process there to check recovery) */
  onCommitStep?: (step: CommitStep) => void;
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
  /**
   * a checkpointed run: records that had appeared behind the series' position since the last run
   * (written first in this file), accepted without a file (--accept-late), or deleted from the database
   */
  late: { exported: number; accepted: number; deleted: number };
}

/** An export stopped by Ctrl-C: exit 1, nothing left behind. */
export class ExportInterruptedError extends RuntimeError {
  constructor() {
    super('export interrupted: no output file was written and the checkpoint was not moved');
  }
}

interface Key {
  ts: Date | string;
  id: unknown;
}

function keyToStored(k: Key): CheckpointKey {
  const timestamp = k.ts instanceof Date ? { date: k.ts.toISOString() } : { string: k.ts };
  // records are read with their exact types: a numeric _id may be an Int32 or a Double
  const n = typeof k.id === 'number' ? k.id : bsonTypeOf(k.id) === 'Int32' || bsonTypeOf(k.id) === 'Double' ? toNumberOrNull(k.id) : null;
  const id = k.id instanceof ObjectId ? { oid: k.id.toHexString() } : n !== null ? { number: n } : { string: String(k.id) };
  return { timestamp, id };
}

function keyFromStored(s: CheckpointKey, path: string): Key {
  const bad = () =>
    new UsageError(`checkpoint ${path} has an unreadable position; refusing to start the series over`, {
      hint: 'restore the checkpoint from a backup, or name a new --checkpoint file to start a new series on purpose',
    });
  let ts: Date | string;
  if ('date' in s.timestamp) {
    ts = new Date(s.timestamp.date);
    if (Number.isNaN(ts.getTime())) throw bad();
  } else if ('string' in s.timestamp && typeof s.timestamp.string === 'string') ts = s.timestamp.string;
  else throw bad();
  let id: unknown;
  if ('oid' in s.id) {
    if (!ObjectId.isValid(s.id.oid)) throw bad();
    id = new ObjectId(s.id.oid);
  } else if ('number' in s.id) id = s.id.number;
  else if ('string' in s.id) id = s.id.string;
  else throw bad();
  return { ts, id };
}

/**
 * Records strictly after a key in (timestamp, _id) order. BSON orders strings
 * before dates, so after a legacy string timestamp every dated record follows.
 */
function afterKeyFilter(k: Key): Filter<RawAuditDoc> {
  const or: Filter<RawAuditDoc>[] = [{ timestamp: { $gt: k.ts } }, { timestamp: { $eq: k.ts }, _id: { $gt: k.id as ObjectId } }];
  if (typeof k.ts === 'string') or.push({ timestamp: { $type: 'date' } });
  return { $or: or } as Filter<RawAuditDoc>;
}

function selectFilter(f: AuditFilter): Filter<RawAuditDoc>[] {
  const and: Filter<RawAuditDoc>[] = [];
  if (f.workflowId !== undefined) and.push({ workflow_id: { $eq: f.workflowId } });
  if (f.userId !== undefined) and.push({ user_id: { $eq: f.userId } });
  if (f.eventTypes && f.eventTypes.length > 0) and.push({ event_type: { $in: [...f.eventTypes] } });
  return and;
}

function andOf(parts: Filter<RawAuditDoc>[]): Filter<RawAuditDoc> {
  return parts.length === 0 ? {} : parts.length === 1 ? parts[0]! : { $and: parts };
}

export function filterSpec(f: AuditFilter): ExportFilterSpec {
  return {
    workflowId: f.workflowId ?? null,
    userId: f.userId ?? null,
    eventTypes: f.eventTypes && f.eventTypes.length > 0 ? [...f.eventTypes] : null,
    since: f.since?.toISOString() ?? null,
    until: f.until?.toISOString() ?? null,
  };
}

/**
 * Creates the temporary file beside the target. A missing or unwritable
 * folder is bad input (exit 2), found before any record is read.
 */
async function createTempBeside(output: string): Promise<{ tmp: string; fh: FileHandle }> {
  const target = resolve(output);
  const dir = dirname(target);
  try {
    if ((await stat(target)).isDirectory()) throw new UsageError(`--output ${output} is a folder; name a file`);
  } catch (err) {
    if (err instanceof UsageError) throw err;
  }
  const tmp = tempPathBeside(target);
  try {
    return { tmp, fh: await open(tmp, 'wx', 0o644) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`output folder ${dir} does not exist`, { hint: 'create it first, or name another --output path' });
    if (code === 'ENOTDIR') throw new UsageError(`output folder ${dir} is not a folder`);
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      throw new UsageError(`output folder ${dir} is not writable (${code})`, { hint: 'name a folder this user can write to' });
    }
    throw new RuntimeError(`cannot create a file beside ${output}: ${(err as Error).message}`);
  }
}

/**
 * The export's output: records are copied into one reused 1 MiB buffer as
 * they are serialized, so no text outlives its record (the garbage stays in
 * V8's young generation and peak memory stays flat however long the export),
 * then hashed, counted and written in large writes.
 */
class HashedOutput {
  readonly hash = createHash('sha256');
  bytes = 0;
  private readonly buf = Buffer.allocUnsafe(1 << 20);
  private off = 0;
  constructor(
    private readonly fh: FileHandle | undefined,
    private readonly stream: NodeJS.WritableStream | undefined,
    private readonly signal: AbortSignal | undefined,
  ) {}

  /** Adds text; returns a promise only when the buffer had to be written out first. */
  write(text: string): Promise<void> | undefined {
    // a UTF-16 unit takes at most 3 bytes in UTF-8
    if (text.length * 3 <= this.buf.length - this.off) {
      this.off += this.buf.write(text, this.off, 'utf8');
      return undefined;
    }
    return this.flush().then(() => {
      if (text.length * 3 <= this.buf.length) this.off += this.buf.write(text, 0, 'utf8');
      else return this.emit(Buffer.from(text, 'utf8'), false);
    });
  }

  async flush(): Promise<void> {
    if (this.off === 0) return;
    const chunk = this.buf.subarray(0, this.off);
    this.off = 0;
    await this.emit(chunk, true);
  }

  private async emit(chunk: Buffer, reused: boolean): Promise<void> {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    if (this.fh) {
      let done = 0;
      while (done < chunk.length) done += (await this.fh.write(chunk, done, chunk.length - done)).bytesWritten;
    } else if (this.stream) {
      // a stream may keep the chunk past write(): hand it a copy of the reused buffer
      if (!this.stream.write(reused ? Buffer.from(chunk) : chunk)) await once(this.stream, 'drain', this.signal ? { signal: this.signal } : {});
    }
  }
}

/** Exports the audit trail; see the module comment for the guarantees. */
export async function exportAuditTrail(ds: DataSource, options: ExportAuditOptions): Promise<ExportAuditResult> {
  const filter = options.filter;
  validateAuditFilter(filter);
  if (options.checkpoint && !options.output) {
    throw new UsageError('--checkpoint needs --output: a series is a set of files, and the checkpoint moves only once a file is complete', {
      hint: 'add --output FILE (one file per run, e.g. /srv/audit/$(date +%F-%H%M).ndjson)',
    });
  }
  if (!options.checkpoint) return exportLocked(ds, options);
  // the lock comes first: a checkpoint read before it could be moved by a run that releases the lock
  // just before this one takes it, and this run would export that run's records again
  const lock = await lockCheckpoint(options.checkpoint);
  try {
    return await exportLocked(ds, options);
  } finally {
    await lock.release();
  }
}

/** The export proper; with a checkpoint, the caller holds its lock. */
async function exportLocked(ds: DataSource, options: ExportAuditOptions): Promise<ExportAuditResult> {
  const filter = options.filter;
  const spec = filterSpec(filter);
  const signature = filterSignature(spec);
  const refuseOverwrite = Boolean(options.checkpoint && options.output && !options.force);

  let checkpoint: Checkpoint | undefined;
  if (options.checkpoint) {
    checkpoint = await readCheckpoint(options.checkpoint);
    if (checkpoint && checkpoint.filterSignature !== signature) {
      throw new UsageError(
        `checkpoint ${options.checkpoint} belongs to a series with another filter (${describeSpec(checkpoint.filter)}); this run asks for ${describeSpec(spec)}`,
        { hint: 'use the same --workflow/--user/--event-type as the series, or a new --checkpoint file' },
      );
    }
    if (checkpoint?.placing) {
      const outcome = await finishPlacing(options.checkpoint, checkpoint as Checkpoint & { placing: PlacingIntent });
      options.onWarning?.(outcome.message);
      checkpoint = outcome.checkpoint;
    }
  }
  // temporary files of killed runs (after the placement above, which may need one)
  if (options.output) await sweepAbandonedTemps(dirname(resolve(options.output)));
  if (options.checkpoint) await sweepAbandonedTemps(dirname(resolve(options.checkpoint)));
  const after: Key | undefined = checkpoint?.last ? keyFromStored(checkpoint.last, options.checkpoint!) : undefined;
  if (checkpoint?.pendingEvent) {
    // the previous run's event, in case that run could not record it: before this run's query, so
    // that this run exports it (its timestamp lies after the previous run's upper bound)
    try {
      await recordExportEvent(ds, checkpoint.pendingEvent);
    } catch (err) {
      throw new RuntimeError(`could not record the audit_exported event of the previous run of this series: ${(err as Error).message}; nothing was exported`, {
        hint: 'the next run records it; check the connection and run again',
      });
    }
  }
  if (refuseOverwrite && (await pathExists(options.output!))) throw overwriteRefused(options.output!);
  const settleMs = options.settleMs ?? DEFAULT_SETTLE_MS;
  // the settle bound comes from the server's clock: a skewed local clock ahead of it would put the bound
  // past records the backend has yet to write, and the checkpoint past them (lost to the series)
  const clock = options.now ? { now: options.now, offsetMs: 0 } : await serverClock(ds, settleMs, options.onWarning);
  const now = clock.now;
  /** the server's time now, estimated from the local clock and its offset */
  const serverNow = () => new Date(Date.now() + clock.offsetMs);
  const settleBound = new Date(now.getTime() - settleMs);
  const upper = filter.until && filter.until < settleBound ? filter.until : settleBound;
  // --since opens a series; later runs continue from the checkpoint (or its lower bound, before any record)
  const since = checkpoint ? (checkpoint.last || !checkpoint.since ? undefined : new Date(checkpoint.since)) : filter.since;

  // legacy string timestamps are selected by type and decided in Node by their parsed time; after a dated
  // record no string timestamp can follow (BSON orders strings before dates), so the query leaves them out
  const range = auditTimeFilters(since, upper)!;
  const withStrings = !(after && after.ts instanceof Date);
  const select = selectFilter(filter);
  const afterParts = after ? [afterKeyFilter(after)] : [];
  const baseParts = [...select, withStrings ? ({ $or: [range.dated, range.strings] } as Filter<RawAuditDoc>) : range.dated];
  const boundedFilter = andOf([...baseParts, ...afterParts]);
  const datedCountFilter = andOf([...select, range.dated, ...afterParts]);
  const inBounds = (ts: unknown) => typeof ts !== 'string' || inRange(storedTime(ts), { from: since, to: upper });

  // a series counts what it has exported behind its position: records that appear there later are found
  let coverage: SeriesCoverage | undefined = checkpoint ? checkpoint.coverage : { since: filter.since?.toISOString() ?? null, records: 0, adjusted: 0, runs: [] };
  let lateCheck: LateCheck = { late: [], deleted: 0, accepted: 0, coverage: coverage ?? { since: null, records: 0, adjusted: 0, runs: [] } };
  if (checkpoint && after && after.ts instanceof Date) {
    const position = { ts: after.ts, id: after.id };
    // a checkpoint of an earlier wfctl: the count starts now, from the whole range behind its position
    coverage ??= { since: null, records: await countCovered(ds, select, position), adjusted: 0, runs: [] };
    lateCheck = await checkLateRecords(ds, { select, coverage, position, acceptLate: options.acceptLate === true, maxTimeMs: EXPORT_MAX_TIME_MS });
    coverage = lateCheck.coverage;
    if (lateCheck.deleted > 0) {
      options.onWarning?.(`${lateCheck.deleted} record${lateCheck.deleted === 1 ? '' : 's'} that earlier files of this series hold ${lateCheck.deleted === 1 ? 'is' : 'are'} no longer in the database (deleted?); the manifest records it`);
    }
  }
  const lateDocs = lateCheck.late;

  const seriesId = checkpoint?.series.id ?? (options.checkpoint ? randomUUID() : undefined);
  const seriesIndex = checkpoint ? checkpoint.series.index + 1 : 1;
  const genesis = checkpoint?.previous.chainHead ?? GENESIS;

  let fh: FileHandle | undefined;
  let tmp: string | undefined;
  const cleanup = async () => {
    if (fh) await fh.close().catch(() => undefined);
    fh = undefined;
    if (tmp) await unlink(tmp).catch(() => undefined);
  };
  const startCount = () => {
    // Reconciliation count of the same bounded filter's dated records (an index range on MongoDB), taken
    // beside the export: the bound lies in the past (settle window), so both see the same set; it also
    // gives progress its total. The few legacy string-dated records are decided in Node as they stream.
    const c = ds.run('count audit records', () => ds.audit.countDocuments(datedCountFilter, ds.opts({ atLeastMs: EXPORT_MAX_TIME_MS })));
    c.then(
      (n) => (total = n),
      () => undefined,
    );
    return c;
  };

  const started = Date.now();
  let total: number | null = null;
  let counting: Promise<number> | undefined;

  let written = 0;
  /** records written with a legacy string timestamp: decided in Node, not part of the server's count */
  let stringDated = 0;
  let resumes = 0;
  let first: Key | undefined;
  let last: Key | undefined;
  let chain = genesis;
  // small batches keep memory flat: the driver holds one batch of whole documents at a time
  const batchSize = options.batchSize ?? 500;
  const signal = options.signal;

  async function* records(): AsyncGenerator<Document> {
    let failures = 0;
    for (;;) {
      const resumeFilter = last ? andOf([...baseParts, afterKeyFilter(last)]) : boundedFilter;
      // exact types: the records are written as the database holds them (Extended JSON, mongoimport-exact)
      const cursor = ds.audit
        .find(resumeFilter, { ...ds.opts({ atLeastMs: EXPORT_MAX_TIME_MS }), ...EXACT_TYPES })
        .sort({ timestamp: 1, _id: 1 })
        .batchSize(batchSize);
      const onAbort = () => void cursor.close().catch(() => undefined);
      signal?.addEventListener('abort', onAbort);
      try {
        for await (const doc of cursor) {
          if (signal?.aborted) throw new ExportInterruptedError();
          failures = 0;
          if (!inBounds(doc.timestamp)) continue;
          if (typeof doc.timestamp === 'string') stringDated++;
          const key = { ts: doc.timestamp as Date | string, id: doc._id };
          if (last && !keyAfter(key, last)) {
            throw new RuntimeError(`the server returned record ${idText(doc._id)} out of (timestamp, _id) order; export abandoned`);
          }
          last = key;
          first ??= key;
          yield doc;
        }
        if (signal?.aborted) throw new ExportInterruptedError();
        return;
      } catch (err) {
        if (signal?.aborted) throw new ExportInterruptedError();
        if (err instanceof ExportInterruptedError || !(ds.mayRetry(err) || isLostCursorError(err)) || ++failures > maxRetries(ds.retry)) {
          throw ds.wrapError(err, 'read audit records');
        }
        const delay = retryDelayMs(ds.retry, failures);
        resumes++;
        options.onResume?.(
          `${isLostCursorError(err) ? 'lost the cursor' : 'lost the connection'} after ${written} records; resuming after the last record written (retry ${failures} in ${delay} ms)`,
        );
        await sleep(delay, signal);
      } finally {
        signal?.removeEventListener('abort', onAbort);
        await cursor.close().catch(() => undefined);
      }
    }
  }

  let result: ExportAuditResult;
  /** the audit_exported event; a checkpointed run fixes it before its checkpoint, which keeps it */
  let event: StoredExportEvent | undefined;
  let lastProgress = 0;
  const tick = () => {
    if (!options.onProgress) return;
    const t = Date.now();
    if (t - lastProgress < 200) return;
    lastProgress = t;
    options.onProgress({ written, total, elapsedMs: t - started });
  };

  /** Serializes every record into `out`; the hash chain runs over the records as written. */
  const jsonFormat = options.jsonFormat ?? 'relaxed';
  async function writeRecords(out: HashedOutput): Promise<void> {
    const json = options.format !== 'csv';
    const array = options.format === 'json';
    if (!json) await out.write(`${options.bom ? CSV_BOM : ''}${csvStringify([[...CSV_COLUMNS]], CSV_OPTIONS)}`);
    else if (array) await out.write('[\n');
    // CSV rows go through the library a few at a time: one options check per group, not per row
    let rows: string[][] = [];
    for await (const doc of withLateFirst(lateDocs, records())) {
      if (json) {
        const rec = serializeJsonRecord(doc, written + 1, chain, jsonFormat);
        chain = rec.chain;
        const p = out.write(array ? (written > 0 ? `,\n${rec.text!}` : rec.text!) : `${rec.text!}\n`);
        if (p) await p;
      } else {
        const rec = serializeCsvRecord(doc, written + 1, chain);
        chain = rec.chain;
        rows.push(rec.cells!);
        if (rows.length === 64) {
          const p = out.write(csvStringify(rows, CSV_OPTIONS));
          rows = [];
          if (p) await p;
        }
      }
      written++;
      if ((written & 1023) === 0) tick();
    }
    if (rows.length > 0) await out.write(csvStringify(rows, CSV_OPTIONS));
    if (array) await out.write(written > 0 ? '\n]\n' : ']\n');
    await out.flush();
  }

  try {
    if (options.output) ({ tmp, fh } = await createTempBeside(options.output));
    counting = startCount();
    const sink = new HashedOutput(fh, fh ? undefined : (options.stdout ?? process.stdout), signal);
    await writeRecords(sink);
    if (signal?.aborted) throw new ExportInterruptedError();
    if (fh) {
      await fh.sync();
      await fh.close();
      fh = undefined;
    }
    options.onProgress?.({ written, total: total ?? written, elapsedMs: Date.now() - started });

    // reconcile: the same bounded filter's dated records, counted by the server
    const counted = await counting!;
    if (counted !== written - stringDated - lateDocs.length) {
      throw new RuntimeError(
        `reconciliation failed: wrote ${written - stringDated - lateDocs.length} BSON-dated records after the series' position but the server counts ${counted} for the same filter; no file was written and the checkpoint was not moved`,
        { hint: 'records with a timestamp older than the settle window were still arriving; raise --settle and run again' },
      );
    }

    const sha256 = sink.hash.digest('hex');
    const ref = (k: Key | undefined): RecordRef | null => (k ? { _id: idText(k.id), timestamp: timestampText(k.ts) } : null);
    const previous: SeriesLink | null = checkpoint?.previous ?? null;
    const range = { after: after ? ref(after) : null, since: since?.toISOString() ?? null, upperBound: upper.toISOString() };
    result = {
      format: options.format,
      file: options.output ? resolve(options.output) : null,
      manifest: options.output ? manifestPathFor(resolve(options.output)) : null,
      checkpoint: options.checkpoint ? resolve(options.checkpoint) : null,
      records: written,
      bytes: sink.bytes,
      sha256,
      chainHead: chain,
      firstRecord: ref(first),
      lastRecord: ref(last),
      range,
      series: seriesId ? { id: seriesId, index: seriesIndex } : null,
      resumes,
      late: { exported: lateDocs.length, accepted: lateCheck.accepted, deleted: lateCheck.deleted },
    };

    if (signal?.aborted) throw new ExportInterruptedError();

    // Commit order: the file, its manifest, the checkpoint (export-placing.ts: a run killed in between is
    // completed by the next), then the audit_exported event, recorded only for a file that exists. A
    // failure (or crash) before the event leaves a complete export without its event (kept in the
    // checkpoint for the next run), never an event for a file that does not exist.
    if (options.output && tmp) {
      let manifest: ExportManifest = {
        format: MANIFEST_FORMAT,
        version: MANIFEST_VERSION,
        tool: options.actor.userAgent,
        createdAt: new Date().toISOString(),
        file: basename(options.output),
        exportFormat: options.format,
        ...(options.format === 'csv' ? {} : { jsonFormat }),
        database: ds.dbName,
        filter: spec,
        range: { ...range, settleSeconds: settleMs / 1000 },
        records: written,
        bytes: sink.bytes,
        sha256,
        firstRecord: result.firstRecord,
        lastRecord: result.lastRecord,
        chain: { algorithm: 'sha256', genesis, head: chain },
        series: seriesId ? { id: seriesId, index: seriesIndex, previous } : null,
        ...(options.checkpoint
          ? {
              late: {
                exported: lateDocs.length,
                ids: lateDocs.slice(0, 100).map((d) => idText(d._id)),
                accepted: lateCheck.accepted,
                deleted: lateCheck.deleted,
              },
            }
          : {}),
      };
      if (options.hmacKey) manifest = signManifest(manifest, options.hmacKey);
      let series: CommitInput['checkpoint'];
      if (options.checkpoint && seriesId) {
        event = exportEvent(options.actor, spec, result, serverNow());
        const last_ = last ? keyToStored(last) : (checkpoint?.last ?? null);
        series = {
          path: options.checkpoint,
          before: checkpoint ?? null,
          next: {
            format: CHECKPOINT_FORMAT,
            version: CHECKPOINT_VERSION,
            filterSignature: signature,
            filter: spec,
            series: { id: seriesId, index: seriesIndex },
            since: since?.toISOString() ?? null,
            last: last_,
            previous: { file: basename(options.output), sha256, chainHead: chain, records: written },
            pendingEvent: event,
            coverage: nextCoverage(coverage ?? lateCheck.coverage, written - stringDated, last_, serverNow()),
            updatedAt: new Date().toISOString(),
          },
        };
      }
      const placing = tmp;
      // from here on the temporary file belongs to the commit: a later run completes or removes it
      tmp = undefined;
      await commitExport({
        tmp: placing,
        output: resolve(options.output),
        sha256,
        bytes: sink.bytes,
        manifest,
        replace: !refuseOverwrite,
        ...(series ? { checkpoint: series } : {}),
        ...(options.onCommitStep ? { onStep: options.onCommitStep } : {}),
      }).catch(async (err: unknown) => {
        await unlink(placing).catch(() => undefined);
        throw err;
      });
    }
  } catch (err) {
    await cleanup();
    if (signal?.aborted && !(err instanceof ExportInterruptedError)) throw new ExportInterruptedError();
    throw err;
  }

  // the export is itself an audit event; its timestamp (server time) is after the upper bound, so no
  // export contains its own event; the next run of a series exports it like any record
  try {
    await recordExportEvent(ds, event ?? exportEvent(options.actor, spec, result, serverNow()));
  } catch (err) {
    const done = result.file ? `${result.file} and its manifest are complete${result.checkpoint ? ' and the checkpoint has moved' : ''}` : 'the records were written';
    throw new RuntimeError(`exported ${result.records} records, but could not record the audit_exported event: ${(err as Error).message}; ${done}`, {
      hint: result.checkpoint
        ? 'the export itself is valid; the next run of this series records the event (it is kept in the checkpoint)'
        : 'the export itself is valid; record its event by hand if your audit policy needs it',
    });
  }
  return result;
}

/** The late records first (already read, oldest first), then the stream. */
async function* withLateFirst(late: Document[], rest: AsyncGenerator<Document>): AsyncGenerator<Document> {
  yield* late;
  yield* rest;
}

/** BSON-dated records of a filter at or before a position: what a series has covered. */
async function countCovered(ds: DataSource, select: Filter<RawAuditDoc>[], position: { ts: Date; id: unknown }): Promise<number> {
  const range = { $or: [{ timestamp: { $lt: position.ts } }, { timestamp: position.ts, _id: { $lte: position.id } }] } as Filter<RawAuditDoc>;
  return ds.run('count the records behind the series position', () => ds.audit.countDocuments(andOf([...select, range]), ds.opts({ atLeastMs: EXPORT_MAX_TIME_MS })));
}

/** Lost-cursor errors of the export's cursor: reopening it after the last record written is safe. */
const LOST_CURSOR_CODES = new Set([43 /* CursorNotFound */, 175 /* QueryPlanKilled */, 237 /* CursorKilled */]);
function isLostCursorError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return err instanceof Error && typeof code === 'number' && LOST_CURSOR_CODES.has(code);
}

/**
 * The server's clock (`hello`'s localTime; FerretDB 1.24 returns it), or the local one when the server
 * does not say. Warns when the local clock is off by more than half the settle window.
 */
async function serverClock(ds: DataSource, settleMs: number, warn?: (message: string) => void): Promise<{ now: Date; offsetMs: number }> {
  const sent = Date.now();
  let reply: Document;
  try {
    reply = await ds.run('read the server time', () => ds.db.command({ hello: 1 }));
  } catch {
    return { now: new Date(), offsetMs: 0 };
  }
  const received = Date.now();
  const serverTime = reply.localTime instanceof Date && !Number.isNaN(reply.localTime.getTime()) ? reply.localTime : undefined;
  if (!serverTime) return { now: new Date(received), offsetMs: 0 };
  // the server read its clock somewhere in the round trip: compare with the middle of it
  const offsetMs = serverTime.getTime() - (sent + received) / 2;
  // localTime has millisecond precision and the round trip blurs it: skew under a second is noise
  if (Math.abs(offsetMs) > Math.max(settleMs / 2, 1000)) {
    const s = (ms: number) => `${Math.round(Math.abs(ms) / 100) / 10} s`;
    warn?.(
      `this host's clock is ${s(offsetMs)} ${offsetMs > 0 ? 'behind' : 'ahead of'} the database server's; the export uses the server's time (check NTP on this host)`,
    );
  }
  return { now: new Date(serverTime.getTime() + (received - sent) / 2), offsetMs };
}

async function pathExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

function keyAfter(a: Key, b: Key): boolean {
  const rank = (t: Date | string) => (t instanceof Date ? 1 : 0);
  if (rank(a.ts) !== rank(b.ts)) return rank(a.ts) > rank(b.ts);
  const c = a.ts instanceof Date ? a.ts.getTime() - (b.ts as Date).getTime() : a.ts < (b.ts as string) ? -1 : a.ts > (b.ts as string) ? 1 : 0;
  if (c !== 0) return c > 0;
  return idText(a.id) > idText(b.id);
}

function describeSpec(s: ExportFilterSpec): string {
  const parts: string[] = [];
  if (s.workflowId !== null) parts.push(`workflow ${s.workflowId}`);
  if (s.userId !== null) parts.push(`user ${s.userId}`);
  if (s.eventTypes) parts.push(`event types ${s.eventTypes.join(',')}`);
  return parts.length ? parts.join(', ') : 'all records';
}

function exportEvent(actor: Actor, spec: ExportFilterSpec, r: ExportAuditResult, timestamp: Date): StoredExportEvent {
  return {
    _id: new ObjectId().toHexString(),
    timestamp: timestamp.toISOString(),
    event_type: 'audit_exported',
    workflow_id: spec.workflowId,
    user_id: actor.user,
    details: {
      filter: spec,
      format: r.format,
      count: r.records,
      sha256: r.sha256,
      chain_head: r.chainHead,
      file: r.file ? basename(r.file) : null,
      range: r.range,
      series: r.series,
    },
    metadata: { host: actor.host, tool: actor.userAgent },
    ip_address: null,
    user_agent: actor.userAgent,
  };
}

/** Inserts the event under its fixed _id: a retried or repeated insert cannot record an export twice. */
async function recordExportEvent(ds: DataSource, e: StoredExportEvent): Promise<void> {
  if (!ObjectId.isValid(e._id) || Number.isNaN(new Date(e.timestamp).getTime())) throw new RuntimeError('the stored audit_exported event is unreadable');
  const doc = { ...e, _id: new ObjectId(e._id), timestamp: new Date(e.timestamp) };
  await ds.run('record the export in the audit trail', async () => {
    try {
      await ds.audit.insertOne(doc as RawAuditDoc & { _id: ObjectId });
    } catch (err) {
      if (isDuplicateKey(err)) return;
      throw err;
    }
  });
}
