/**
 * The manifest written beside every export file (FILE.manifest.json): what
 * the file holds (count, range, filter, SHA-256, hash-chain head), signed with
 * an HMAC when a key is set.
 */
import { createHash, createHmac } from 'node:crypto';
import type { ExportFormat } from './format.js';

export const MANIFEST_FORMAT = 'wfctl-audit-export-manifest';
export const MANIFEST_VERSION = 1;

export interface RecordRef {
  _id: string;
  timestamp: string | null;
}

export interface ExportFilterSpec {
  workflowId: string | null;
  userId: string | null;
  eventTypes: string[] | null;
  since: string | null;
  until: string | null;
}

export interface SeriesLink {
  /** export file name (no folder) */
  file: string;
  sha256: string;
  chainHead: string;
  records: number;
  /** SHA-256 of that export's manifest file, its exact bytes (absent in series of an earlier wfctl) */
  manifestSha256?: string;
  /** records of the series up to and including that export (absent in series of an earlier wfctl) */
  totalRecords?: number;
}

/** How a series' manifests are signed; a series keeps one (checkpoint.ts). */
export type SigningMode = 'none' | 'hmac-sha256' | 'ed25519';

export interface ExportManifest {
  format: typeof MANIFEST_FORMAT;
  version: number;
  tool: string;
  createdAt: string;
  file: string;
  exportFormat: ExportFormat;
  /**
   * a run of a series: records that had appeared behind the series' position since the previous run,
   * written first in this file (`exported`, the first 100 `ids`), accepted without a file, or deleted
   */
  late?: { exported: number; ids: string[]; accepted: number; deleted: number };
  /** ndjson and json: the Extended JSON mode the records are written in */
  jsonFormat?: 'relaxed' | 'canonical';
  database: string;
  filter: ExportFilterSpec;
  /** the bounds the query used: after `after` (exclusive) up to `upperBound` (exclusive) */
  range: { after: RecordRef | null; since: string | null; upperBound: string; settleSeconds: number };
  records: number;
  bytes: number;
  sha256: string;
  firstRecord: RecordRef | null;
  lastRecord: RecordRef | null;
  chain: { algorithm: 'sha256'; genesis: string; head: string };
  /**
   * `totalRecords`: the series' records up to and including this export (absent in series of an
   * earlier wfctl); `previous.manifestSha256` links this manifest to the one before it
   */
  series: { id: string; index: number; previous: SeriesLink | null; totalRecords?: number } | null;
  /** HMAC with the shared key WFCTL_EXPORT_HMAC_KEY (existing series) */
  signature?: { algorithm: 'hmac-sha256'; value: string };
  /**
   * Ed25519 (audit export --sign-key): the detached signature over this file's exact bytes is in
   * `signatureFile` beside it (signing.ts); named here, so that the signature covers key and algorithm
   */
  signing?: { algorithm: 'ed25519'; keyId: string; signatureFile: string };
}

export function manifestPathFor(file: string): string {
  return `${file}.manifest.json`;
}

/** The manifest's text without its signature: what the HMAC signs. */
export function unsignedText(m: ExportManifest): string {
  const { signature, ...rest } = m;
  void signature;
  return JSON.stringify(rest);
}

export function signManifest(m: ExportManifest, key: string): ExportManifest {
  const value = createHmac('sha256', key).update(unsignedText(m)).digest('hex');
  return { ...m, signature: { algorithm: 'hmac-sha256', value } };
}

export function manifestText(m: ExportManifest): string {
  return `${JSON.stringify(m, null, 2)}\n`;
}

/** SHA-256 of a manifest's file bytes (what the next export of a series links to). */
export function manifestSha256(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/** How a manifest is signed. */
export function signingModeOf(m: Pick<ExportManifest, 'signature' | 'signing'>): SigningMode {
  return m.signing ? 'ed25519' : m.signature ? 'hmac-sha256' : 'none';
}

export function filterSignature(filter: ExportFilterSpec): string {
  // the record-selecting part of the filter; the time bounds of a series move
  const key = JSON.stringify({
    workflowId: filter.workflowId,
    userId: filter.userId,
    eventTypes: filter.eventTypes ? [...filter.eventTypes].sort() : null,
  });
  return createHash('sha256').update(key).digest('hex');
}
