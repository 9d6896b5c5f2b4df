/**
 * How an exported audit record is written (ndjson, json, csv) and read back
 * by `audit verify`, with the hash chain that links each record to the one
 * before it: chain_i = SHA-256(chain_{i-1} + "\n" + canonical_i), where
 * canonical_i is the record as written without its `_chain` field (JSON
 * formats) or the JSON array of its cells without the `_chain` cell (CSV).
 */
import { createHash } from 'node:crypto';
import type { Document } from 'mongodb';
import { neutralizeFormula, wellFormed } from '../render/csv.js';
import { extraFields } from './audit.js';
import { toDate } from './normalize.js';

export const EXPORT_FORMATS = ['ndjson', 'json', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The fixed CSV column set, in order. */
export const CSV_COLUMNS = [
  '_id',
  'timestamp',
  'event_type',
  'workflow_id',
  'user_id',
  'ip_address',
  'user_agent',
  'details',
  'metadata',
  'extra',
  '_seq',
  '_chain',
] as const;

export const GENESIS = '0'.repeat(64);

export function chainNext(prev: string, canonical: string): string {
  return createHash('sha256').update(prev).update('\n').update(canonical, 'utf8').digest('hex');
}

/** BSON values inside details/metadata as JSON: ObjectIds as hex, big integers as text. */
function exportReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value && typeof value === 'object') {
    const bsontype = (value as { _bsontype?: string })._bsontype;
    if (bsontype === 'ObjectId') return (value as { toHexString(): string }).toHexString();
    if (bsontype === 'Decimal128' || bsontype === 'Long') return String(value);
  }
  return value;
}

export function idText(id: unknown): string {
  if (id && typeof id === 'object' && typeof (id as { toHexString?: unknown }).toHexString === 'function') {
    return (id as { toHexString(): string }).toHexString();
  }
  return typeof id === 'string' ? id : JSON.stringify(id, exportReplacer) ?? '';
}

/** The time of a record as ISO-8601 UTC; a legacy string that does not parse stays as it was. */
export function timestampText(ts: unknown): string | null {
  const d = toDate(ts);
  if (d) return d.toISOString();
  return ts === null || ts === undefined ? null : String(ts);
}

function str(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'string' ? v : JSON.stringify(v, exportReplacer) ?? null;
}

/** The exported object of one record, in a fixed field order (without _seq and _chain). */
export function exportObject(doc: Document): Record<string, unknown> {
  return {
    _id: idText(doc._id),
    timestamp: timestampText(doc.timestamp),
    event_type: str(doc.event_type),
    workflow_id: str(doc.workflow_id),
    user_id: str(doc.user_id),
    ip_address: str(doc.ip_address),
    user_agent: str(doc.user_agent),
    details: doc.details ?? null,
    metadata: doc.metadata ?? null,
    extra: extraFields(doc),
  };
}

export interface SerializedRecord {
  /** what goes in the file for JSON formats: one line without the separator */
  text?: string;
  /** the cells for CSV */
  cells?: string[];
  chain: string;
}

/** JSON of a record and its chain value: `{...,"_seq":n,"_chain":"<hex>"}`. */
export function serializeJsonRecord(doc: Document, seq: number, prev: string): SerializedRecord {
  const obj = exportObject(doc);
  const body = JSON.stringify(obj, exportReplacer);
  // canonical: the object with _seq, exactly as written, before _chain is appended
  const canonical = `${body.slice(0, -1)},"_seq":${seq}}`;
  const chain = chainNext(prev, canonical);
  return { text: `${canonical.slice(0, -1)},"_chain":"${chain}"}`, chain };
}

function csvText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return neutralizeFormula(wellFormed(v));
  return neutralizeFormula(wellFormed(JSON.stringify(v, exportReplacer) ?? ''));
}

export function serializeCsvRecord(doc: Document, seq: number, prev: string): SerializedRecord {
  const o = exportObject(doc);
  const cells = [
    csvText(o._id),
    csvText(o.timestamp),
    csvText(o.event_type),
    csvText(o.workflow_id),
    csvText(o.user_id),
    csvText(o.ip_address),
    csvText(o.user_agent),
    csvText(o.details),
    csvText(o.metadata),
    csvText(o.extra),
    String(seq),
  ];
  const chain = chainNext(prev, JSON.stringify(cells));
  cells.push(chain);
  return { cells, chain };
}

/** Control characters other than CR/LF (which the library quotes anyway) are quoted too, so readers keep them as data. */
// eslint-disable-next-line no-control-regex
export const CSV_QUOTED_MATCH = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
export const CSV_OPTIONS = { record_delimiter: '\r\n', quoted_match: CSV_QUOTED_MATCH, eof: true } as const;

// ---- reading back (verify) --------------------------------------------------

export interface ParsedRecord {
  /** 1-based position in the file */
  position: number;
  seq: number | null;
  id: string | null;
  timestamp: string | null;
  storedChain: string | null;
  /** the text the chain was computed over, or null when the record does not parse */
  canonical: string | null;
}

const CHAIN_SUFFIX_RE = /,"_chain":"([0-9a-f]{64})"\}$/;

/** One NDJSON line or JSON-array element. */
export function parseJsonRecord(text: string, position: number): ParsedRecord {
  const m = CHAIN_SUFFIX_RE.exec(text);
  let obj: Record<string, unknown> | null = null;
  try {
    const v = JSON.parse(text) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) obj = v as Record<string, unknown>;
  } catch {
    obj = null;
  }
  if (!m || !obj) return { position, seq: null, id: null, timestamp: null, storedChain: null, canonical: null };
  return {
    position,
    seq: typeof obj._seq === 'number' ? obj._seq : null,
    id: typeof obj._id === 'string' ? obj._id : null,
    timestamp: typeof obj.timestamp === 'string' ? obj.timestamp : null,
    storedChain: m[1]!,
    canonical: `${text.slice(0, m.index)}}`,
  };
}

export function parseCsvCells(cells: string[], position: number): ParsedRecord {
  if (cells.length !== CSV_COLUMNS.length || !/^[0-9a-f]{64}$/.test(cells[cells.length - 1]!)) {
    return { position, seq: null, id: null, timestamp: null, storedChain: null, canonical: null };
  }
  const seq = /^\d+$/.test(cells[10]!) ? Number(cells[10]) : null;
  return {
    position,
    seq,
    id: cells[0] ?? null,
    timestamp: cells[1] || null,
    storedChain: cells[11]!,
    canonical: JSON.stringify(cells.slice(0, -1)),
  };
}

/**
 * A small RFC 4180 reader that takes text in chunks and hands out whole
 * records, so that verify reads a file of any size in constant memory.
 */
export class CsvRecordReader {
  private field = '';
  private row: string[] = [];
  private inQuotes = false;
  private quotePending = false;
  private fieldStarted = false;
  private afterCr = false;
  /** records are handed to this callback */
  constructor(private readonly onRecord: (cells: string[]) => void) {}

  push(chunk: string): void {
    for (let i = 0; i < chunk.length; i++) {
      const ch = chunk[i]!;
      if (this.inQuotes) {
        if (this.quotePending) {
          this.quotePending = false;
          if (ch === '"') {
            this.field += '"';
            continue;
          }
          this.inQuotes = false; // the quote closed the field; fall through to handle ch
        } else if (ch === '"') {
          this.quotePending = true;
          continue;
        } else {
          this.field += ch;
          continue;
        }
      }
      if (this.afterCr) {
        this.afterCr = false;
        if (ch === '\n') continue;
      }
      if (ch === '"' && !this.fieldStarted) {
        this.inQuotes = true;
        this.fieldStarted = true;
      } else if (ch === ',') {
        this.endField();
      } else if (ch === '\r' || ch === '\n') {
        this.endRecord();
        this.afterCr = ch === '\r';
      } else {
        this.field += ch;
        this.fieldStarted = true;
      }
    }
  }

  end(): void {
    if (this.quotePending) {
      this.quotePending = false;
      this.inQuotes = false;
    }
    if (this.fieldStarted || this.row.length > 0) this.endRecord();
  }

  /** true when the input ended inside a quoted field */
  get unterminated(): boolean {
    return this.inQuotes && !this.quotePending;
  }

  private endField(): void {
    this.row.push(this.field);
    this.field = '';
    this.fieldStarted = false;
  }

  private endRecord(): void {
    this.endField();
    const row = this.row;
    this.row = [];
    this.onRecord(row);
  }
}
