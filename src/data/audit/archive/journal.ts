/**
 * The archive's journal: a small JSON file beside the archive
 * (`FILE.archive.json`), replaced whole (written beside, synced, renamed) at
 * each step, so that it always holds one complete state. A run killed at any
 * moment is continued by the next run from the last state written: before the
 * file is verified nothing is deleted; once it is, the journal holds its
 * SHA-256 and the batches deleted, and only ids read back from that very file
 * are ever deleted.
 */
import { readFile } from 'node:fs/promises';
import { OWNER_ONLY, writeFileAtomic } from '../../../atomic-file.js';
import { UsageError } from '../../../errors.js';
import type { ExportFormat } from '../export/format.js';

export const JOURNAL_FORMAT = 'wfctl-audit-archive-state';
export const JOURNAL_VERSION = 1;

/**
 * exporting: the file is being written (nothing deleted; a rerun writes it again);
 * archived: written, verified and reconciled (nothing deleted yet);
 * deleting: deleting the file's ids in batches (batchesDone of them are done);
 * done: deleted, and the audit_archived event recorded.
 */
export type ArchivePhase = 'exporting' | 'archived' | 'deleting' | 'done';

export interface ArchiveJournal {
  format: typeof JOURNAL_FORMAT;
  version: typeof JOURNAL_VERSION;
  /** the --before bound (ISO) and the export format: a rerun must ask for the same archive */
  before: string;
  /** --before as given when it was a span before now (365d): the same span continues this archive */
  beforeSpan?: string;
  exportFormat: ExportFormat;
  file: string;
  phase: ArchivePhase;
  /** once archived: what the verified file is */
  archive: {
    sha256: string;
    manifestSha256: string;
    records: number;
    upperBound: string;
  } | null;
  /** once deleting */
  deletion: {
    batchSize: number;
    batchesDone: number;
    deleted: number;
    kept: number;
    /** the audit_archived event's _id, fixed before the first delete: recorded once, whatever reruns */
    eventId: string;
    startedAt: string;
  } | null;
  updatedAt: string;
}

export function journalPathFor(output: string): string {
  return `${output}.archive.json`;
}

export async function readJournal(path: string): Promise<ArchiveJournal | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  let j: Partial<ArchiveJournal>;
  try {
    j = JSON.parse(text) as Partial<ArchiveJournal>;
  } catch {
    throw new UsageError(`${path} is not an archive journal (it does not parse); nothing was deleted`);
  }
  if (j.format !== JOURNAL_FORMAT || j.version !== JOURNAL_VERSION)
    throw new UsageError(`${path} is not a wfctl archive journal of version ${JOURNAL_VERSION}; nothing was deleted`);
  if (
    typeof j.before !== 'string' ||
    typeof j.phase !== 'string' ||
    !['exporting', 'archived', 'deleting', 'done'].includes(j.phase) ||
    (j.phase !== 'exporting' && (!j.archive || typeof j.archive.sha256 !== 'string')) ||
    ((j.phase === 'deleting' || j.phase === 'done') &&
      (!j.deletion || !Number.isSafeInteger(j.deletion.batchesDone) || typeof j.deletion.eventId !== 'string'))
  )
    throw new UsageError(`${path} is malformed; nothing was deleted`, {
      hint: 'restore it, or archive into a new file',
    });
  return j as ArchiveJournal;
}

export async function writeJournal(path: string, j: ArchiveJournal, mode = OWNER_ONLY): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify({ ...j, updatedAt: new Date().toISOString() }, null, 2)}\n`, {
    mode,
    label: 'the archive journal',
  });
}
