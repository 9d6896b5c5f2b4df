/**
 * The checkpoint file of an incremental series: the position after the last
 * record exported, the previous file's link, the pending audit_exported event,
 * the identity ledger that finds late records (ledger.ts), the path it was
 * made at (a copy elsewhere would fork the series, plan.ts), and (while a run
 * places its file) the placement it is about to make. Versioned JSON with a
 * checksum; a corrupt, foreign or edited checkpoint is refused. Version 1
 * (earlier wfctl: a count of the records exported instead of a ledger) is read
 * and continued with a ledger seeded once (plan.ts); what this wfctl writes is
 * version 2, which an earlier wfctl refuses instead of misreading.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { UsageError } from '../../../errors.js';
import type { StoredLedger } from './ledger.js';
import type { ExportFilterSpec, ExportManifest, SeriesLink, SigningMode } from './manifest.js';

export const CHECKPOINT_FORMAT = 'wfctl-audit-checkpoint';
export const CHECKPOINT_VERSION = 2;
/** Versions this wfctl reads: 1 has a count (`coverage`) where 2 has the identity ledger. */
const READABLE_VERSIONS = [1, 2];

/** The position of the last exported record: its timestamp (BSON date or legacy string) and _id. */
export interface CheckpointKey {
  timestamp: { date: string } | { string: string };
  id: { oid: string } | { string: string } | { number: number };
}

/** An audit_exported event in JSON: its _id as hex and its timestamp as ISO-8601; the rest is JSON already. */
export interface StoredExportEvent {
  _id: string;
  timestamp: string;
  event_type: 'audit_exported';
  workflow_id: string | null;
  user_id: string;
  details: Record<string, unknown>;
  metadata: Record<string, unknown>;
  ip_address: null;
  user_agent: string;
}

/** Version 1: what a series had exported behind its position, as a count (read only to seed the ledger). */
export interface SeriesCoverage {
  /** the series' first lower bound (--since of its first run), null for "from the beginning" */
  since: string | null;
  /** BSON-dated records the series' files hold in the covered range (late ones included) */
  records: number;
  /** records accounted for without a file: late ones accepted with --accept-late (+), deleted ones (-) */
  adjusted: number;
  /** where the last runs left the series and when each ended (server clock), oldest first */
  runs: Array<{ last: CheckpointKey; endedAt: string }>;
}

export interface Checkpoint {
  format: typeof CHECKPOINT_FORMAT;
  version: number;
  filterSignature: string;
  filter: ExportFilterSpec;
  series: { id: string; index: number };
  /** the series' lower bound (--since of its first run), used until a first record is exported */
  since: string | null;
  last: CheckpointKey | null;
  previous: SeriesLink;
  /**
   * The audit_exported event of the run that wrote this checkpoint, kept until a later run has
   * recorded it: a run whose event failed leaves it here and the next run records it (its fixed
   * _id makes that idempotent). Absent in checkpoints of earlier wfctl versions.
   */
  pendingEvent?: StoredExportEvent | null;
  /** version 1 only: the count the ledger replaced */
  coverage?: SeriesCoverage;
  /** version 2: which records the series has exported, by identity (ledger.ts) */
  ledger?: StoredLedger;
  /** version 2: the absolute path the series keeps its checkpoint at (a copy elsewhere is refused, plan.ts) */
  path?: string;
  /**
   * Present while a run places its file: this checkpoint holds the position after that file, valid
   * once the file is in place. A run that finds it (the placing run was killed) completes the
   * placement from the file or its temporary file, or goes back to `before` when neither is there.
   */
  placing?: PlacingIntent;
  /**
   * How the series' manifests are signed (absent: a series of an earlier wfctl). A series keeps it: a
   * run that would mix HMAC and Ed25519, or leave a signed series unsigned, is refused (export.ts).
   */
  signing?: SigningMode;
  updatedAt: string;
  /** SHA-256 of the rest of this object: a checkpoint edited by hand or cut short is refused */
  checksum: string;
}

export interface PlacingIntent {
  /** absolute path of the export file */
  file: string;
  /** absolute path of its complete temporary file */
  tmp: string;
  sha256: string;
  bytes: number;
  /** --force: the file replaces whatever is at `file`; otherwise it is placed only where nothing is */
  replace: boolean;
  /** the manifest to write beside the file */
  manifest: ExportManifest;
  /** its detached Ed25519 signature (base64), written beside it as MANIFEST.sig */
  signature?: string;
  /** the checkpoint before this run (null: the run was the series' first) */
  before: Checkpoint | null;
}

function checkpointChecksum(c: Omit<Checkpoint, 'checksum'>): string {
  return createHash('sha256').update(JSON.stringify(c)).digest('hex');
}

export function checkpointText(c: Omit<Checkpoint, 'checksum'>): string {
  const withSum: Checkpoint = { ...c, checksum: checkpointChecksum(c) };
  return `${JSON.stringify(withSum, null, 2)}\n`;
}

/** Reads a checkpoint: undefined when the file does not exist; a corrupt or foreign file is a usage error (exit 2). */
export async function readCheckpoint(path: string): Promise<Checkpoint | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError(`cannot read checkpoint ${path}: ${(err as Error).message}`);
  }
  const refuse = (why: string) =>
    new UsageError(`checkpoint ${path} ${why}; refusing to start the series over`, {
      hint: 'restore the checkpoint from a backup, or name a new --checkpoint file to start a new series on purpose',
    });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw refuse('is not valid JSON (corrupt or cut short)');
  }
  const c = parsed as Partial<Checkpoint>;
  if (!c || typeof c !== 'object' || c.format !== CHECKPOINT_FORMAT) throw refuse('is not a wfctl audit checkpoint');
  if (!READABLE_VERSIONS.includes(c.version as number))
    throw refuse(`has version ${String(c.version)}; this wfctl reads versions ${READABLE_VERSIONS.join(' and ')}`);
  const { checksum, ...rest } = c as Checkpoint;
  if (typeof checksum !== 'string' || checkpointChecksum(rest) !== checksum)
    throw refuse('does not match its checksum (edited or corrupt)');
  if (!c.series || typeof c.series.index !== 'number' || !c.previous || typeof c.filterSignature !== 'string')
    throw refuse('is incomplete');
  if (c.version === 2 && (!c.ledger || typeof c.path !== 'string')) throw refuse('is incomplete');
  return c as Checkpoint;
}
