/** What an export is asked for and what it reports (export.ts runs it; seal.ts writes the manifest from them). */
import type { Actor } from '../../core/types.js';
import type { EjsonMode } from '../../core/ejson.js';
import type { AuditFilter } from '../filter.js';
import type { CommitStep } from './commit.js';
import type { ExportFormat } from './format.js';
import type { RecordRef } from './manifest.js';
import type { SigningKey } from './signing.js';

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
