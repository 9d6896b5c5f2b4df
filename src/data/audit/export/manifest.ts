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
}

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
  series: { id: string; index: number; previous: SeriesLink | null } | null;
  signature?: { algorithm: 'hmac-sha256'; value: string };
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

export function filterSignature(filter: ExportFilterSpec): string {
  // the record-selecting part of the filter; the time bounds of a series move
  const key = JSON.stringify({
    workflowId: filter.workflowId,
    userId: filter.userId,
    eventTypes: filter.eventTypes ? [...filter.eventTypes].sort() : null,
  });
  return createHash('sha256').update(key).digest('hex');
}
