/**
 * Deleting exactly the archived `_id`s: in batches (`_id: {$in: batch}` plus
 * the archived range), never a held record (the holds in force are read again
 * before every batch and excluded on the server), each batch recorded in the
 * journal once it is done. A batch killed half-way is run again: deleting an
 * id that is gone deletes nothing, and the records the killed run deleted are
 * counted from what is left of the batch.
 */
import { ObjectId, type Document } from 'mongodb';
import { basename } from 'node:path';
import { InterruptedError } from '../../../errors.js';
import type { DataSource } from '../../core/connection.js';
import { isDuplicateKey } from '../../core/retry.js';
import type { Actor, RawAuditDoc } from '../../core/types.js';
import { activeHolds, heldFilter } from '../holds.js';
import { rangeCondition, type VerifiedArchive } from './check.js';
import { writeJournal, type ArchiveJournal } from './journal.js';
import { eventMetadata } from '../../core/identity.js';

export type ArchiveStep =
  'journal' | 'exported' | 'archived' | 'deleting' | 'batch-deleted' | 'batch' | 'recorded' | 'done';

export interface DeleteContext {
  ds: DataSource;
  journalPath: string;
  mode: number;
  signal?: AbortSignal | undefined;
  /** the journal was already deleting when this run started (a run was killed or stopped in the middle) */
  resuming: boolean;
  onStep?: ((step: ArchiveStep) => void) | undefined;
  onProgress?: ((deleted: number, total: number) => void) | undefined;
}

/** Runs the batches the journal has not marked done; returns the journal with the totals. */
export async function deleteArchived(
  c: DeleteContext,
  journal: ArchiveJournal,
  archive: VerifiedArchive,
): Promise<ArchiveJournal> {
  const d = journal.deletion!;
  const range = rangeCondition(new Date(archive.upperBound));
  let k = 0;
  let j = journal;
  for (const batch of archive.ids.batches(d.batchSize)) {
    if (k++ < j.deletion!.batchesDone) continue;
    if (c.signal?.aborted)
      throw new InterruptedError(
        `archive interrupted after deleting ${j.deletion!.deleted} records of the verified file; run the same command again to finish`,
      );
    const held = heldFilter(await activeHolds(c.ds));
    const ids = { _id: { $in: batch } };
    // the first batch of a resumed run may have been deleted in part by the run that was killed
    const resumed = c.resuming && k - 1 === journal.deletion!.batchesDone;
    const presentBefore = resumed ? await countIds(c.ds, ids) : batch.length;
    const res = await c.ds.run('delete a batch of archived records', () =>
      c.ds.audit.deleteMany({ $and: [ids, range, ...(held ? [{ $nor: [held] }] : [])] } as never, c.ds.opts()),
    );
    c.onStep?.('batch-deleted');
    const kept = held ? await countIds(c.ds, ids) : 0;
    j = {
      ...j,
      deletion: {
        ...j.deletion!,
        batchesDone: k,
        deleted: j.deletion!.deleted + res.deletedCount + (batch.length - presentBefore),
        kept: j.deletion!.kept + kept,
      },
    };
    await writeJournal(c.journalPath, j, c.mode);
    c.onProgress?.(j.deletion!.deleted, archive.records);
    c.onStep?.('batch');
  }
  return j;
}

function countIds(ds: DataSource, ids: Document): Promise<number> {
  return ds.run('count the records of a batch', () => ds.audit.countDocuments(ids as never, ds.opts()));
}

/** The deletion as an audit event (`audit_archived`), under the _id the journal fixed: recorded once. */
export async function recordArchivedEvent(
  ds: DataSource,
  j: ArchiveJournal,
  actor: Actor,
  authenticatedUser: string | null | undefined,
  timestamp: Date,
): Promise<void> {
  const d = j.deletion!;
  const a = j.archive!;
  const doc = {
    _id: new ObjectId(d.eventId),
    event_type: 'audit_archived',
    workflow_id: null,
    user_id: actor.user,
    details: {
      range: { before: j.before, upper_bound: a.upperBound },
      count: d.deleted,
      archived: a.records,
      kept_held: d.kept,
      file: basename(j.file),
      format: j.exportFormat,
      sha256: a.sha256,
      manifest_sha256: a.manifestSha256,
    },
    metadata: eventMetadata(actor, authenticatedUser),
    timestamp,
    ip_address: null,
    user_agent: actor.userAgent,
  } as unknown as RawAuditDoc & { _id: ObjectId };
  await ds.run('record the archive in the audit trail', async () => {
    try {
      await ds.audit.insertOne(doc);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  });
}
