/**
 * Phase 1 of an export, the plan: which records, between which bounds, in
 * which series. It reads the checkpoint (under its lock), completes a
 * placement a killed run left, sweeps abandoned temporary files, records the
 * previous run's pending event, takes "now" from the server's clock, and
 * builds the queries: the stream's, its resumption's and the reconciliation
 * count's, and finds late records behind the series' position.
 */
import { randomUUID } from 'node:crypto';
import { realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Document, Filter } from 'mongodb';
import { sweepAbandonedTemps } from '../../../atomic-file.js';
import { RuntimeError, UsageError } from '../../../errors.js';
import type { DataSource } from '../../core/connection.js';
import type { RawAuditDoc } from '../../core/types.js';
import { inRange, storedTime } from '../../core/window.js';
import { andOf, auditSelection, auditTimeFilters, type AuditFilter } from '../filter.js';
import { readCheckpoint, type Checkpoint, type PlacingIntent } from './checkpoint.js';
import { finishPlacing, overwriteRefused } from './commit.js';
import { recordExportEvent } from './event.js';
import { GENESIS } from './format.js';
import { checkLateRecords, type LateCheck } from './late.js';
import { DEFAULT_LATE_HORIZON_MS, IdentityLedger } from './ledger.js';
import { filterSignature, type ExportFilterSpec } from './manifest.js';
import { afterPosition, positionFromStored, type Position } from './position.js';

export const DEFAULT_SETTLE_MS = 60_000;

/**
 * maxTimeMS of the export's cursor and count. A cursor's limit is cumulative
 * over all its batches, so the usual per-query limit would cut a large export
 * short; this one only stops a runaway.
 */
export const EXPORT_MAX_TIME_MS = 6 * 3_600_000;

/** What the plan needs of the export's options. */
export interface PlanInput {
  filter: AuditFilter;
  output?: string | undefined;
  checkpoint?: string | undefined;
  settleMs?: number | undefined;
  force?: boolean | undefined;
  acceptLate?: boolean | undefined;
  /** how far behind its position a series decides late records by identity (default: the checkpoint's, else 24 h) */
  lateHorizonMs?: number | undefined;
  now?: Date | undefined;
  onWarning?: ((message: string) => void) | undefined;
}

export interface ExportPlan {
  spec: ExportFilterSpec;
  signature: string;
  /** the series' checkpoint as this run starts from it (a killed run's placement completed or undone) */
  checkpoint: Checkpoint | undefined;
  /** the series' position: the stream starts strictly after it */
  after: Position | undefined;
  since: Date | undefined;
  upper: Date;
  settleMs: number;
  /** the server's time now, estimated from the local clock and its offset */
  serverNow: () => Date;
  /** a checkpointed run refuses to replace an existing --output file */
  refuseOverwrite: boolean;
  queries: {
    /** the equality parts of the filter */
    select: Filter<RawAuditDoc>[];
    /** selection and time bounds, without the position: the resumed stream adds its own */
    base: Filter<RawAuditDoc>[];
    /** the stream's query */
    stream: Filter<RawAuditDoc>;
    /** the reconciliation count: the BSON-dated records of the same bounds */
    datedCount: Filter<RawAuditDoc>;
    /** legacy string timestamps come from the query unbounded and are decided here, by their parsed time */
    inBounds: (ts: unknown) => boolean;
  };
  /** a series: records that appeared behind its position since its last run, and its identity ledger (empty without a series) */
  late: LateCheck;
  /** a series: where its checkpoint is, symbolic links resolved (the checkpoint records it) */
  checkpointPath: string | undefined;
  /** the series this run adds to (none without a checkpoint) */
  series: { id: string; index: number } | null;
  /** the hash chain continues from the previous file's head */
  genesis: string;
}

export async function planExport(ds: DataSource, o: PlanInput): Promise<ExportPlan> {
  const spec = filterSpec(o.filter);
  const signature = filterSignature(spec);
  const checkpoint = o.checkpoint ? await readSeries(ds, o.checkpoint, spec, signature, o.onWarning) : undefined;
  // temporary files of killed runs (after the placement above, which may need one)
  if (o.output) await sweepAbandonedTemps(dirname(resolve(o.output)));
  if (o.checkpoint) await sweepAbandonedTemps(dirname(resolve(o.checkpoint)));
  const after = checkpoint?.last ? positionFromStored(checkpoint.last, o.checkpoint!) : undefined;
  const refuseOverwrite = Boolean(o.checkpoint && o.output && !o.force);
  if (refuseOverwrite && (await pathExists(o.output!))) throw overwriteRefused(o.output!);

  const settleMs = o.settleMs ?? DEFAULT_SETTLE_MS;
  // the settle bound comes from the server's clock: a skewed local clock ahead of it would put the bound
  // past records the backend has yet to write, and the checkpoint past them (lost to the series)
  const clock = o.now ? { now: o.now, offsetMs: 0 } : await serverClock(ds, settleMs, o.onWarning);
  const settleBound = new Date(clock.now.getTime() - settleMs);
  const upper = o.filter.until && o.filter.until < settleBound ? o.filter.until : settleBound;
  // --since opens a series; later runs continue from the checkpoint (or its lower bound, before any record)
  const since = checkpoint
    ? checkpoint.last || !checkpoint.since
      ? undefined
      : new Date(checkpoint.since)
    : o.filter.since;

  // legacy string timestamps are selected by type and decided in Node by their parsed time; after a dated
  // record no string timestamp can follow (BSON orders strings before dates), so the query leaves them out
  const range = auditTimeFilters(since, upper)!;
  const withStrings = !(after && after.ts instanceof Date);
  const select = auditSelection(o.filter);
  const afterParts = after ? [afterPosition(after)] : [];
  const base = [...select, withStrings ? ({ $or: [range.dated, range.strings] } as Filter<RawAuditDoc>) : range.dated];
  const queries = {
    select,
    base,
    stream: andOf([...base, ...afterParts]),
    datedCount: andOf([...select, range.dated, ...afterParts]),
    inBounds: (ts: unknown) => typeof ts !== 'string' || inRange(storedTime(ts), { from: since, to: upper }),
  };

  const late = await lateRecords(ds, checkpoint, after, select, upper, o);
  return {
    spec,
    signature,
    checkpoint,
    after,
    since,
    upper,
    settleMs,
    serverNow: () => new Date(Date.now() + clock.offsetMs),
    refuseOverwrite,
    queries,
    late,
    checkpointPath: o.checkpoint ? await canonicalPath(o.checkpoint) : undefined,
    series: o.checkpoint
      ? { id: checkpoint?.series.id ?? randomUUID(), index: checkpoint ? checkpoint.series.index + 1 : 1 }
      : null,
    genesis: checkpoint?.previous.chainHead ?? GENESIS,
  };
}

/**
 * The series' checkpoint, checked against this run's filter, with a placement a killed run left
 * completed or undone, and the previous run's event recorded if that run could not.
 */
async function readSeries(
  ds: DataSource,
  path: string,
  spec: ExportFilterSpec,
  signature: string,
  warn: PlanInput['onWarning'],
): Promise<Checkpoint | undefined> {
  let checkpoint = await readCheckpoint(path);
  if (checkpoint && checkpoint.filterSignature !== signature) {
    throw new UsageError(
      `checkpoint ${path} belongs to a series with another filter (${describeSpec(checkpoint.filter)}); this run asks for ${describeSpec(spec)}`,
      {
        hint: 'use the same --workflow/--user/--event-type as the series, or a new --checkpoint file',
      },
    );
  }
  if (checkpoint) await checkSeriesIdentity(path, checkpoint, warn);
  if (checkpoint?.placing) {
    const outcome = await finishPlacing(path, checkpoint as Checkpoint & { placing: PlacingIntent });
    warn?.(outcome.message);
    checkpoint = outcome.checkpoint;
  }
  if (checkpoint?.pendingEvent) {
    // before this run's query, so that this run exports it (its timestamp lies after the previous run's upper bound)
    try {
      await recordExportEvent(ds, checkpoint.pendingEvent);
    } catch (err) {
      throw new RuntimeError(
        `could not record the audit_exported event of the previous run of this series: ${(err as Error).message}; nothing was exported`,
        {
          hint: 'the next run records it; check the connection and run again',
        },
      );
    }
  }
  return checkpoint;
}

/**
 * The series' ledger and the late records behind its position (late.ts). A checkpoint of an earlier
 * wfctl (version 1: a count, no ledger) is continued with a ledger seeded from the database: the
 * records behind its position are taken as the ones its files hold, which holds when the count it
 * kept agrees with the database's; when it does not, the run stops (exit 1) until `--accept-late`
 * says the difference was dealt with (audit verify --reconcile names the records by _id).
 */
async function lateRecords(
  ds: DataSource,
  checkpoint: Checkpoint | undefined,
  after: Position | undefined,
  select: Filter<RawAuditDoc>[],
  upper: Date,
  o: PlanInput,
): Promise<LateCheck> {
  const horizonMs =
    o.lateHorizonMs ?? (checkpoint?.ledger ? checkpoint.ledger.horizonSeconds * 1000 : DEFAULT_LATE_HORIZON_MS);
  if (!o.checkpoint || !checkpoint)
    return {
      late: [],
      deferred: 0,
      deleted: 0,
      accepted: 0,
      ledger: IdentityLedger.empty(o.filter.since?.toISOString() ?? null, horizonMs),
    };
  const acceptLate = o.acceptLate === true;
  const query = { select, position: after, upper, acceptLate, maxTimeMs: EXPORT_MAX_TIME_MS };
  if (checkpoint.ledger) {
    const ledger = IdentityLedger.fromStored(checkpoint.ledger, o.checkpoint);
    ledger.horizonMs = horizonMs;
    const late = await checkLateRecords(ds, { ...query, ledger, since: dateOrUndefined(ledger.since), seed: false });
    warnAbout(late, o.onWarning);
    return late;
  }
  const since = checkpoint.coverage?.since ?? checkpoint.since ?? null;
  let accepted = 0;
  if (after && after.ts instanceof Date && checkpoint.coverage) {
    const kept = checkpoint.coverage.records + checkpoint.coverage.adjusted;
    const counted = await countCovered(ds, select, { ts: after.ts, id: after.id }, since);
    if (counted > kept && !acceptLate) {
      throw new RuntimeError(
        `checkpoint ${o.checkpoint} was written by an earlier wfctl, which counted ${kept} record${kept === 1 ? '' : 's'} behind its position; the database holds ${counted}: some of them are in no file of the series, and this wfctl cannot tell which by that count; nothing was exported`,
        {
          hint: "run wfctl audit verify --reconcile over the series' files to name them by _id and export them once (without --checkpoint), then run again with --accept-late",
        },
      );
    }
    accepted = Math.max(0, counted - kept);
  }
  const ledger = IdentityLedger.empty(since, horizonMs);
  const late = await checkLateRecords(ds, { ...query, ledger, since: dateOrUndefined(since), seed: true });
  o.onWarning?.(
    `checkpoint ${o.checkpoint} was written by an earlier wfctl: its identity ledger is seeded from the ${late.seeded ?? 0} record(s) the database holds behind its position, ` +
      `taken as the ones the series' files hold (its count ${accepted > 0 ? 'differed; --accept-late' : 'agrees'}); wfctl audit verify --reconcile over the files checks that by _id`,
  );
  return { ...late, accepted: late.accepted + accepted };
}

function warnAbout(late: LateCheck, warn: PlanInput['onWarning']): void {
  if (late.deleted > 0) {
    warn?.(
      `${late.deleted} record${late.deleted === 1 ? '' : 's'} that earlier files of this series hold ${late.deleted === 1 ? 'is' : 'are'} no longer in the database (deleted?); the manifest records it`,
    );
  }
  if (late.deferred > 0)
    warn?.(
      `${late.late.length + late.deferred} late records: this run exports the oldest ${late.late.length}, the next run the rest`,
    );
}

function dateOrUndefined(iso: string | null): Date | undefined {
  return iso === null ? undefined : new Date(iso);
}

/**
 * A series has one checkpoint. A checkpoint records the path it was made at; one read at another path
 * while a checkpoint of the same series is still at its recorded path is a copy, and continuing it
 * would fork the series (two files at one place in it, records exported twice): refused (exit 2). When
 * nothing of the series is left at the recorded path the checkpoint was moved, and the series goes on.
 */
async function checkSeriesIdentity(path: string, checkpoint: Checkpoint, warn: PlanInput['onWarning']): Promise<void> {
  const here = await canonicalPath(path);
  if (!checkpoint.path || checkpoint.path === here) return;
  const original = await readCheckpoint(checkpoint.path).catch(() => undefined);
  if (original && original.series.id === checkpoint.series.id) {
    throw new UsageError(
      `checkpoint ${path} is a copy of the checkpoint of series ${checkpoint.series.id.slice(0, 8)} at ${checkpoint.path}; continuing it would fork that series (records exported twice, two files at one place in it)`,
      {
        hint: 'name a new --checkpoint file to start a new series (delete the copy); to move a series, move its checkpoint (mv), never copy it',
      },
    );
  }
  warn?.(`the checkpoint of this series was moved from ${checkpoint.path} to ${here}; the series continues here`);
}

/** An absolute path with the folder's symbolic links resolved (the file itself is replaced on each run). */
export async function canonicalPath(path: string): Promise<string> {
  const abs = resolve(path);
  try {
    return join(await realpath(dirname(abs)), basename(abs));
  } catch {
    return abs;
  }
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

/** BSON-dated records of a filter at or before a position: what a series of version 1 counted. */
async function countCovered(
  ds: DataSource,
  select: Filter<RawAuditDoc>[],
  position: { ts: Date; id: unknown },
  since: string | null,
): Promise<number> {
  const range = {
    $or: [{ timestamp: { $lt: position.ts } }, { timestamp: position.ts, _id: { $lte: position.id } }],
  } as Filter<RawAuditDoc>;
  const from = since ? [{ timestamp: { $gte: new Date(since) } } as Filter<RawAuditDoc>] : [];
  return ds.run('count the records behind the series position', () =>
    ds.audit.countDocuments(andOf([...select, range, ...from]), ds.opts({ atLeastMs: EXPORT_MAX_TIME_MS })),
  );
}

/**
 * The server's clock (`hello`'s localTime; FerretDB 1.24 returns it), or the local one when the server
 * does not say. Warns when the local clock is off by more than half the settle window.
 */
export async function serverClock(
  ds: DataSource,
  settleMs: number,
  warn?: (message: string) => void,
): Promise<{ now: Date; offsetMs: number }> {
  const sent = Date.now();
  let reply: Document;
  try {
    reply = await ds.run('read the server time', () => ds.db.command({ hello: 1 }));
  } catch {
    return { now: new Date(), offsetMs: 0 };
  }
  const received = Date.now();
  const serverTime =
    reply.localTime instanceof Date && !Number.isNaN(reply.localTime.getTime()) ? reply.localTime : undefined;
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

function describeSpec(s: ExportFilterSpec): string {
  const parts: string[] = [];
  if (s.workflowId !== null) parts.push(`workflow ${s.workflowId}`);
  if (s.userId !== null) parts.push(`user ${s.userId}`);
  if (s.eventTypes) parts.push(`event types ${s.eventTypes.join(',')}`);
  return parts.length ? parts.join(', ') : 'all records';
}
