/**
 * `audit archive`: every record older than a date is exported (the usual
 * export, manifest and audit_exported event), read back and verified,
 * reconciled with the database by `_id`, and only then, with `delete`,
 * exactly those `_id`s are deleted (delete.ts), held records excepted. The
 * journal beside the file (journal.ts) makes it resumable: a run killed at any
 * step is finished by the same command, and a finished one does nothing more.
 * Invariant 6: what is deleted was first in a verified file, reconciled by `_id`.
 */
import { ObjectId } from 'mongodb';
import { access } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { OWNER_ONLY, refuseNonRegular } from '../../../atomic-file.js';
import { UsageError } from '../../../errors.js';
import { takeClaimLock } from '../../core/claim-lock.js';
import type { DataSource } from '../../core/connection.js';
import type { EjsonMode } from '../../core/ejson.js';
import type { Actor } from '../../core/types.js';
import { exportAuditTrail } from '../export/export.js';
import type { ExportFormat } from '../export/format.js';
import { manifestPathFor } from '../export/manifest.js';
import type { SigningKey } from '../export/signing.js';
import { serverClock } from '../export/plan.js';
import {
  countBefore,
  reconcileArchive,
  verifyArchive,
  type ReconcileMethod,
  type VerifiedArchive,
  type WrittenArchive,
} from './check.js';
import { ArchivedIds } from './ids.js';
import { deleteArchived, recordArchivedEvent, type ArchiveStep } from './delete.js';
import {
  JOURNAL_FORMAT,
  JOURNAL_VERSION,
  journalPathFor,
  readJournal,
  writeJournal,
  type ArchiveJournal,
} from './journal.js';

export const ARCHIVE_BATCH_SIZE = 5000;

export interface ArchiveAuditOptions {
  /** records strictly older than this are archived */
  before: Date;
  /**
   * --before as given when it was a span before now (365d): a rerun of the same command resolves it
   * to a later time, and continues the journal's archive, of the time its first run fixed
   */
  beforeSpan?: string;
  output: string;
  format: ExportFormat;
  jsonFormat?: EjsonMode;
  /** delete the archived records once the file is verified and reconciled */
  delete: boolean;
  actor: Actor;
  authenticatedUser?: string | null;
  /** signs the manifest, and the signature must check out before anything is deleted */
  hmacKey?: string;
  /** signs the manifest with Ed25519 (--sign-key); the signature must check out before anything is deleted */
  signKey?: SigningKey;
  batchSize?: number;
  /** permission bits of the file, its manifest and the journal (default 0600) */
  mode?: number;
  signal?: AbortSignal;
  /** "now" for the check that --before is not in the future; default: the server's clock */
  now?: Date;
  onStep?: (step: ArchiveStep) => void;
  /** how the file is reconciled with the database; default: decided by the server's plan (check.ts) */
  reconcileBy?: ReconcileMethod;
  onWarning?: (message: string) => void;
  onProgress?: (done: number, total: number) => void;
}

export interface ArchiveAuditResult {
  file: string;
  manifest: string;
  journal: string;
  format: ExportFormat;
  before: string;
  /** the export's upper bound: `before`, or earlier when `before` is within the settle window */
  upperBound: string;
  records: number;
  sha256: string;
  manifestSha256: string;
  /** the phase the journal was in when this run started (null: a new archive) */
  resumedFrom: ArchiveJournal['phase'] | null;
  /** records deleted in all (null without --delete) */
  deleted: number | null;
  /** records of the file kept in the database because a legal hold covers them */
  kept: number;
  /** records before `before` still in the database that are not in this file (for the next archive) */
  remaining: number;
  /** the audit_archived event's _id (with --delete) */
  event: string | null;
  /** this archive had been deleted already: this run deleted nothing */
  alreadyDone: boolean;
}

/** Archives (and with `delete`, deletes) the records older than `before`; see the module comment. */
export async function archiveAuditTrail(ds: DataSource, o: ArchiveAuditOptions): Promise<ArchiveAuditResult> {
  const output = resolve(o.output);
  const journalPath = journalPathFor(output);
  await checkBefore(ds, o);
  await refuseNonRegular(output, '--output');
  await refuseNonRegular(manifestPathFor(output), 'the manifest');
  await refuseNonRegular(journalPath, 'the archive journal');
  // one run at a time per file: two would both export, and delete, one range
  const lock = await takeClaimLock(journalPath, { job: 'audit archive', what: output, folder: 'the archive folder' });
  try {
    return await archiveLocked(ds, o, output, journalPath);
  } finally {
    await lock.release();
  }
}

/** --before must lie in the past (the server's clock). */
async function checkBefore(ds: DataSource, o: ArchiveAuditOptions): Promise<void> {
  if (Number.isNaN(o.before.getTime())) throw new UsageError('--before is not a valid time');
  const now = o.now ?? (await serverClock(ds, 60_000, o.onWarning)).now;
  if (o.before.getTime() > now.getTime())
    throw new UsageError(
      `--before ${o.before.toISOString()} is in the future (the server's time is ${now.toISOString()}); nothing was written or deleted`,
      { hint: 'archive records older than a past date, e.g. --before 2025-01-01 or --before 365d' },
    );
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** The journal of this archive: continued, or a new one (after the checks that nothing is replaced and the range holds records). */
async function openJournal(
  ds: DataSource,
  o: ArchiveAuditOptions,
  output: string,
  journalPath: string,
): Promise<{ journal: ArchiveJournal; resumedFrom: ArchiveJournal['phase'] | null }> {
  const found = await readJournal(journalPath);
  if (found) {
    const sameSpan = found.beforeSpan !== undefined && found.beforeSpan === o.beforeSpan;
    if ((found.before !== o.before.toISOString() && !sameSpan) || found.exportFormat !== o.format)
      throw new UsageError(
        `${journalPath} belongs to an archive of the records before ${found.before}${found.beforeSpan !== undefined ? ` (--before ${found.beforeSpan})` : ''} (${found.exportFormat}); this run asks for ${o.before.toISOString()}${o.beforeSpan !== undefined ? ` (--before ${o.beforeSpan})` : ''} (${o.format}); nothing was written or deleted`,
        { hint: 'run the same command as before to finish that archive, or archive into a new file' },
      );
    return { journal: found, resumedFrom: found.phase };
  }
  if (await exists(output))
    throw new UsageError(`${output} exists and is not an archive in progress; an archive never replaces a file`, {
      hint: 'name a new file, e.g. --output audit-before-$(date +%F).ndjson',
    });
  if ((await countBefore(ds, o.before)) === 0)
    throw new UsageError(
      `no records older than ${o.before.toISOString()}: the range is empty, nothing was written or deleted`,
    );
  const journal: ArchiveJournal = {
    format: JOURNAL_FORMAT,
    version: JOURNAL_VERSION,
    before: o.before.toISOString(),
    ...(o.beforeSpan !== undefined ? { beforeSpan: o.beforeSpan } : {}),
    exportFormat: o.format,
    file: basename(output),
    phase: 'exporting',
    archive: null,
    deletion: null,
    updatedAt: new Date().toISOString(),
  };
  await writeJournal(journalPath, journal, o.mode ?? OWNER_ONLY);
  o.onStep?.('journal');
  return { journal, resumedFrom: null };
}

async function archiveLocked(
  ds: DataSource,
  o: ArchiveAuditOptions,
  output: string,
  journalPath: string,
): Promise<ArchiveAuditResult> {
  const mode = o.mode ?? OWNER_ONLY;
  const batchSize = o.batchSize ?? ARCHIVE_BATCH_SIZE;
  let { journal, resumedFrom } = await openJournal(ds, o, output, journalPath);
  // the same span given again: the archive its first run began, of the time that run fixed
  if (journal.before !== o.before.toISOString()) o = { ...o, before: new Date(journal.before) };
  if (journal.phase === 'done') return resultOf(ds, o, output, journal, resumedFrom, true);
  let archive: VerifiedArchive;
  let written: WrittenArchive | undefined;
  if (journal.phase === 'exporting') {
    // nothing has been deleted: the file is (re)written from the database
    const ids = new ArchivedIds();
    const exported = await exportAuditTrail(ds, {
      filter: { until: o.before },
      format: o.format,
      output,
      actor: o.actor,
      ...(o.jsonFormat ? { jsonFormat: o.jsonFormat } : {}),
      ...(o.hmacKey ? { hmacKey: o.hmacKey } : {}),
      ...(o.signKey ? { signKey: o.signKey } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
      ...(o.onWarning ? { onWarning: o.onWarning } : {}),
      ...(o.now ? { now: o.now } : {}),
      mode,
      onRecord: (id) => ids.addStored(id),
    });
    written = { ids, file: exported };
    o.onStep?.('exported');
  }
  const expect = journal.archive ?? undefined;
  archive = await verifyArchive(output, o.before, { hmacKey: o.hmacKey, signKey: o.signKey }, expect, written);
  if (journal.phase !== 'deleting') {
    await reconcileArchive(ds, archive, batchSize, o.signal, o.reconcileBy);
    if (journal.phase === 'exporting') {
      journal = {
        ...journal,
        phase: 'archived',
        archive: {
          sha256: archive.sha256,
          manifestSha256: archive.manifestSha256,
          records: archive.records,
          upperBound: archive.upperBound,
        },
      };
      await writeJournal(journalPath, journal, mode);
      o.onStep?.('archived');
    }
  }
  if (!o.delete) return resultOf(ds, o, output, journal, resumedFrom, false);
  const resuming = journal.phase === 'deleting';
  if (journal.phase === 'archived') {
    journal = {
      ...journal,
      phase: 'deleting',
      deletion: {
        batchSize,
        batchesDone: 0,
        deleted: 0,
        kept: 0,
        eventId: new ObjectId().toHexString(),
        startedAt: new Date().toISOString(),
      },
    };
    await writeJournal(journalPath, journal, mode);
    o.onStep?.('deleting');
  }
  journal = await deleteArchived(
    { ds, journalPath, mode, signal: o.signal, resuming, onStep: o.onStep, onProgress: o.onProgress },
    journal,
    archive,
  );
  const clock = o.now ?? (await serverClock(ds, 60_000)).now;
  await recordArchivedEvent(ds, journal, o.actor, o.authenticatedUser, clock);
  o.onStep?.('recorded');
  journal = { ...journal, phase: 'done' };
  await writeJournal(journalPath, journal, mode);
  o.onStep?.('done');
  return resultOf(ds, o, output, journal, resumedFrom, false);
}

async function resultOf(
  ds: DataSource,
  o: ArchiveAuditOptions,
  output: string,
  j: ArchiveJournal,
  resumedFrom: ArchiveJournal['phase'] | null,
  alreadyDone: boolean,
): Promise<ArchiveAuditResult> {
  const a = j.archive!;
  const inRange = await countBefore(ds, o.before);
  const kept = j.deletion?.kept ?? 0;
  const deleted = j.deletion && j.phase === 'done' ? j.deletion.deleted : null;
  return {
    file: output,
    manifest: manifestPathFor(output),
    journal: journalPathFor(output),
    format: j.exportFormat,
    before: j.before,
    upperBound: a.upperBound,
    records: a.records,
    sha256: a.sha256,
    manifestSha256: a.manifestSha256,
    resumedFrom,
    deleted,
    kept,
    // without --delete every archived record is still there
    remaining: Math.max(0, inRange - (deleted === null ? a.records : kept)),
    event: j.phase === 'done' ? j.deletion!.eventId : null,
    alreadyDone,
  };
}
