/**
 * `versions archive <wf>|--all --keep N`: the versions beyond the N newest of
 * each workflow (never the current one, nor one a kept rollback restored; see
 * plan.ts) are written to a file with its manifest (file.ts), read back and
 * verified, reconciled with the database by `_id`, and only with `delete`
 * deleted, exactly those `_id`s, in batches. Before each batch what must be
 * kept is decided again from the database (a version saved or a rollback made
 * meanwhile), and a current version is never deleted. A journal beside the
 * file (`FILE.archive.json`) says when deleting started, so a killed run is
 * finished by the same command, and a finished one deletes nothing more.
 * One run at a time per file: a claim-file lock (core/claim-lock.ts) on the
 * journal's path, so two runs never both archive and delete one range; the
 * claim of a process that is gone is taken over.
 */
import { ObjectId } from 'mongodb';
import { access, readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { OWNER_ONLY, refuseNonRegular, writeFileAtomic } from '../../../atomic-file.js';
import { RuntimeError, UsageError } from '../../../errors.js';
import type { DataSource } from '../../core/connection.js';
import { takeClaimLock, type LockOptions } from '../../core/claim-lock.js';
import { isDuplicateKey } from '../../core/retry.js';
import type { Actor, RawAuditDoc } from '../../core/types.js';
import { planVersionsArchive, type WorkflowVersionsPlan } from './plan.js';
import {
  readVersionsManifest,
  verifyVersionsArchive,
  versionsManifestPath,
  writeVersionsArchive,
  type VersionsManifest,
} from './file.js';
import { createHash } from 'node:crypto';
import { eventMetadata } from '../../core/identity.js';

export type VersionsArchiveStep = 'written' | 'verified' | 'deleting' | 'batch' | 'recorded' | 'done';

export interface ArchiveVersionsOptions {
  /** one workflow's id, or null for every workflow */
  workflowId: string | null;
  keep: number;
  output: string;
  delete: boolean;
  actor: Actor;
  authenticatedUser?: string | null;
  mode?: number;
  batchSize?: number;
  onStep?: (step: VersionsArchiveStep) => void;
  /** test seams of the lock */
  lock?: LockOptions;
}

export interface ArchiveVersionsResult {
  file: string;
  manifest: string;
  workflow: string | null;
  keep: number;
  records: number;
  sha256: string;
  workflows: VersionsManifest['workflows'];
  /** versions deleted (null without --delete) */
  deleted: number | null;
  /** versions of the file left in the database: kept since it was written (a rollback restored one, it became current) */
  kept: number;
  resumed: boolean;
  alreadyDone: boolean;
}

interface VersionsJournal {
  format: 'wfctl-versions-archive-state';
  phase: 'deleting' | 'done';
  sha256: string;
  deleted: number | null;
  kept: number | null;
}

const journalPath = (output: string) => `${output}.archive.json`;

/** What would be archived (no file written): the plan of every workflow that has versions to archive. */
export async function previewVersionsArchive(
  ds: DataSource,
  workflowId: string | null,
  keep: number,
): Promise<WorkflowVersionsPlan[]> {
  if (!Number.isSafeInteger(keep) || keep < 1) throw new UsageError('--keep must be 1 or more');
  return (await planVersionsArchive(ds, workflowId, keep)).filter((p) => p.archived.length > 0);
}

export async function archiveVersions(ds: DataSource, o: ArchiveVersionsOptions): Promise<ArchiveVersionsResult> {
  if (!Number.isSafeInteger(o.keep) || o.keep < 1) throw new UsageError('--keep must be 1 or more');
  const output = resolve(o.output);
  const mode = o.mode ?? OWNER_ONLY;
  for (const [p, label] of [
    [output, '--output'],
    [versionsManifestPath(output), 'the manifest'],
    [journalPath(output), 'the archive journal'],
  ] as const)
    await refuseNonRegular(p, label);
  const lock = await takeClaimLock(
    journalPath(output),
    { job: 'versions archive', what: output, folder: 'the archive folder' },
    o.lock,
  );
  try {
    return await archiveLocked(ds, o, output, mode);
  } finally {
    await lock.release();
  }
}

async function archiveLocked(
  ds: DataSource,
  o: ArchiveVersionsOptions,
  output: string,
  mode: number,
): Promise<ArchiveVersionsResult> {
  const fileThere = await access(output).then(
    () => true,
    () => false,
  );
  let m = fileThere ? await readVersionsManifest(output) : undefined;
  const resumed = m !== undefined;
  if (m && (m.workflow !== o.workflowId || m.keep !== o.keep))
    throw new UsageError(
      `${output} is an archive of ${m.workflow ?? 'every workflow'} with --keep ${m.keep}; this run asks for ${o.workflowId ?? 'every workflow'} with --keep ${o.keep}; nothing was written or deleted`,
    );
  if (!m) {
    if (fileThere)
      throw new UsageError(
        `${output} exists and is not a versions archive in progress; an archive never replaces a file`,
      );
    const plans = await planVersionsArchive(ds, o.workflowId, o.keep);
    if (plans.every((p) => p.archived.length === 0))
      throw new UsageError(
        `nothing to archive: ${o.workflowId ?? 'no workflow'} has more than ${o.keep} version${o.keep === 1 ? '' : 's'} that may go (the current one and the versions kept rollbacks restored stay); nothing was written`,
      );
    m = await writeVersionsArchive(
      ds,
      output,
      plans,
      {
        tool: o.actor.userAgent,
        createdAt: new Date().toISOString(),
        database: ds.dbName,
        workflow: o.workflowId,
        keep: o.keep,
        eventId: new ObjectId().toHexString(),
      },
      mode,
    );
    o.onStep?.('written');
  }
  const ids = await verifyVersionsArchive(output, m);
  o.onStep?.('verified');
  const journal = await readJournal(output);
  if (journal && journal.sha256 !== m.sha256)
    throw new UsageError(`${journalPath(output)} belongs to another file; nothing was deleted`);
  const base = {
    file: output,
    manifest: versionsManifestPath(output),
    workflow: m.workflow,
    keep: m.keep,
    records: m.records,
    sha256: m.sha256,
    workflows: m.workflows,
    resumed,
  };
  if (journal?.phase === 'done')
    return { ...base, deleted: journal.deleted, kept: journal.kept ?? 0, alreadyDone: true };
  if (!journal) await reconcile(ds, ids);
  if (!o.delete) return { ...base, deleted: null, kept: 0, alreadyDone: false };
  await writeJournal(
    output,
    { format: 'wfctl-versions-archive-state', phase: 'deleting', sha256: m.sha256, deleted: null, kept: null },
    mode,
  );
  o.onStep?.('deleting');
  await deleteInBatches(ds, ids, m, o);
  const present = await countPresent(ds, ids);
  const deleted = ids.length - present;
  await recordVersionsArchived(ds, m, deleted, present, o, await manifestSha(output));
  o.onStep?.('recorded');
  await writeJournal(
    output,
    { format: 'wfctl-versions-archive-state', phase: 'done', sha256: m.sha256, deleted, kept: present },
    mode,
  );
  o.onStep?.('done');
  return { ...base, deleted, kept: present, alreadyDone: false };
}

async function readJournal(output: string): Promise<VersionsJournal | undefined> {
  try {
    const j = JSON.parse(await readFile(journalPath(output), 'utf8')) as VersionsJournal;
    if (j.format !== 'wfctl-versions-archive-state')
      throw new UsageError(`${journalPath(output)} is not a versions archive journal`);
    return j;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    if (err instanceof SyntaxError) throw new UsageError(`${journalPath(output)} is malformed; nothing was deleted`);
    throw err;
  }
}

async function writeJournal(output: string, j: VersionsJournal, mode: number): Promise<void> {
  await writeFileAtomic(journalPath(output), `${JSON.stringify(j, null, 2)}\n`, { mode, label: 'the archive journal' });
}

async function manifestSha(output: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(versionsManifestPath(output)))
    .digest('hex');
}

async function countPresent(ds: DataSource, ids: ObjectId[]): Promise<number> {
  let present = 0;
  for (let i = 0; i < ids.length; i += 5000) {
    const batch = ids.slice(i, i + 5000);
    present += await ds.run('count the archived versions', () =>
      ds.versions.countDocuments({ _id: { $in: batch } }, ds.opts()),
    );
  }
  return present;
}

async function reconcile(ds: DataSource, ids: ObjectId[]): Promise<void> {
  const present = await countPresent(ds, ids);
  if (present !== ids.length)
    throw new RuntimeError(
      `reconciliation failed: ${ids.length - present} version${ids.length - present === 1 ? '' : 's'} of the archive ${ids.length - present === 1 ? 'is' : 'are'} not in the database; nothing was deleted`,
    );
}

/** Deletes the file's ids in batches, never one that the database now says must be kept. */
async function deleteInBatches(
  ds: DataSource,
  ids: ObjectId[],
  m: VersionsManifest,
  o: ArchiveVersionsOptions,
): Promise<void> {
  const size = o.batchSize ?? 5000;
  for (let i = 0; i < ids.length; i += size) {
    // decided again now: what the keep rule protects today (a rollback made since the file was written)
    const protectedIds = new Set<string>();
    for (const plan of await planVersionsArchive(ds, m.workflow, m.keep)) {
      const archivable = new Set(plan.archived.map((a) => a._id.toHexString()));
      for (const id of ids.slice(i, i + size))
        if (!archivable.has(id.toHexString())) protectedIds.add(id.toHexString());
    }
    const batch = ids.slice(i, i + size).filter((id) => !protectedIds.has(id.toHexString()));
    if (batch.length === 0) continue;
    await ds.run('delete a batch of archived versions', () =>
      ds.versions.deleteMany({ _id: { $in: batch }, is_current: { $ne: true } }, ds.opts()),
    );
    o.onStep?.('batch');
  }
}

async function recordVersionsArchived(
  ds: DataSource,
  m: VersionsManifest,
  deleted: number,
  kept: number,
  o: ArchiveVersionsOptions,
  manifestSha256: string,
): Promise<void> {
  const doc = {
    _id: new ObjectId(m.eventId),
    event_type: 'versions_archived',
    workflow_id: m.workflow,
    user_id: o.actor.user,
    details: {
      keep: m.keep,
      count: deleted,
      archived: m.records,
      kept,
      workflows: m.workflows.length,
      file: basename(m.file),
      sha256: m.sha256,
      manifest_sha256: manifestSha256,
    },
    metadata: eventMetadata(o.actor, o.authenticatedUser),
    timestamp: new Date(),
    ip_address: null,
    user_agent: o.actor.userAgent,
  } as unknown as RawAuditDoc & { _id: ObjectId };
  await ds.run('record the versions archive in the audit trail', async () => {
    try {
      await ds.audit.insertOne(doc);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  });
}
