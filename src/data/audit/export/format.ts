/**
 * How an exported audit record is written (ndjson, json, csv) and read back
 * by `audit verify`, with the hash chain that links each record to the one
 * before it: chain_i = SHA-256(chain_{i-1} + "\n" + canonical_i), where
 * canonical_i is the record as written without its `_chain` field (JSON
 * formats) or the JSON array of its cells without the `_chain` cell (CSV).
 *
 * JSON formats write the stored document itself as MongoDB Extended JSON v2
 * (relaxed by default, canonical on request), every field in its stored
 * order and with its BSON type, so that mongoimport restores it exactly;
 * wfctl's `_seq` and `_chain` follow as plain JSON. CSV writes fixed columns,
 * with details, metadata and other fields as Extended JSON text.
 */
import { hash } from 'node:crypto';
import type { Document } from 'mongodb';
import { toExtendedJson, type EjsonMode } from '../../core/ejson.js';
import type { ByteSink, RawExtendedJsonWriter } from '../../core/ejson-raw.js';
import { CSV_WRITE_OPTIONS, UTF8_BOM, neutralizeFormula, wellFormed } from '../../core/csv.js';
import { extraFields } from '../query.js';
import { toDate } from '../../core/normalize.js';

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
  // one-shot hashing: about half the cost of a Hash object per record
  return hash('sha256', `${prev}\n${canonical}`, 'hex');
}

export function idText(id: unknown): string {
  if (id && typeof id === 'object' && typeof (id as { toHexString?: unknown }).toHexString === 'function') {
    return (id as { toHexString(): string }).toHexString();
  }
  return typeof id === 'string' ? id : toExtendedJson(id);
}

/** The time of a record as ISO-8601 UTC; a legacy string that does not parse stays as it was. */
export function timestampText(ts: unknown): string | null {
  const d = toDate(ts);
  if (d) return d.toISOString();
  return ts === null || ts === undefined ? null : String(ts);
}

export interface SerializedRecord {
  /** what goes in the file for JSON formats: one line without the separator */
  text?: string;
  /** the cells for CSV */
  cells?: string[];
  chain: string;
}

/**
 * The stored document as Extended JSON with `_seq` and `_chain` after its own
 * fields: `{...,"_seq":n,"_chain":"<hex>"}`; the chain runs over the text up
 * to `_seq`, closed.
 */
export function serializeJsonRecord(
  doc: Document,
  seq: number,
  prev: string,
  mode: EjsonMode = 'relaxed',
): SerializedRecord {
  return jsonRecordOf(toExtendedJson(doc, { mode }), seq, prev);
}

/**
 * The line of serializeJsonRecord written from the stored bytes (a cursor
 * read with raw: true; the writer's mode), into `sink` from `start` to
 * `sink.pos`, the separator `end` after it: no object is made for the record,
 * and the chain is hashed over the sink's own bytes.
 */
export function writeJsonRecordBytes(
  bytes: Uint8Array,
  seq: number,
  prev: string,
  writer: RawExtendedJsonWriter,
  sink: ByteSink,
  end: string,
): { chain: string; start: number } {
  sink.pos = 0;
  // prev + "\n" + canonical is what the chain hashes: written in front of the record
  sink.ascii(prev);
  sink.byte(0x0a);
  const start = sink.pos;
  writer.write(bytes, sink);
  // canonical: the document with "_seq":n as its last field
  if (sink.pos - start > 2) sink.buf[sink.pos - 1] = 0x2c;
  else sink.pos = start + 1;
  sink.ascii('"_seq":');
  sink.ascii(String(seq));
  sink.byte(0x7d);
  const chain = hash('sha256', sink.buf.subarray(0, sink.pos), 'hex');
  sink.pos--;
  sink.ascii(',"_chain":"');
  sink.ascii(chain);
  sink.ascii('"}');
  if (end !== '') sink.ascii(end);
  return { chain, start };
}

function jsonRecordOf(body: string, seq: number, prev: string): SerializedRecord {
  // canonical: the object with _seq, exactly as written, before _chain is appended
  const canonical = `${body.length > 2 ? body.slice(0, -1) + ',' : '{'}"_seq":${seq}}`;
  const chain = chainNext(prev, canonical);
  return { text: `${canonical.slice(0, -1)},"_chain":"${chain}"}`, chain };
}

/** A value as text in a CSV cell: strings as they are for the plain columns, Extended JSON for details, metadata and extras. */
function csvPlain(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return neutralizeFormula(wellFormed(v));
  return neutralizeFormula(wellFormed(toExtendedJson(v)));
}

function csvJson(v: unknown): string {
  if (v === null || v === undefined) return '';
  return neutralizeFormula(wellFormed(toExtendedJson(v)));
}

export function serializeCsvRecord(doc: Document, seq: number, prev: string): SerializedRecord {
  return csvRecordOf(csvCells(doc), seq, prev);
}

/** The cells of a record before `_seq` and `_chain`, as the CSV export writes them. */
export function csvCells(doc: Document): string[] {
  return [
    csvPlain(idText(doc._id)),
    csvPlain(timestampText(doc.timestamp)),
    csvPlain(doc.event_type),
    csvPlain(doc.workflow_id),
    csvPlain(doc.user_id),
    csvPlain(doc.ip_address),
    csvPlain(doc.user_agent),
    csvJson(doc.details),
    csvJson(doc.metadata),
    csvJson(extraFields(doc)),
  ];
}

function csvRecordOf(cells: string[], seq: number, prev: string): SerializedRecord {
  cells.push(String(seq));
  const chain = chainNext(prev, JSON.stringify(cells));
  cells.push(chain);
  return { cells, chain };
}

/** Quoting as in every CSV wfctl writes: a cell with any control character (CR, LF, tab, NUL, ...) is quoted. */
export { CSV_QUOTED_MATCH } from '../../core/csv.js';
export const CSV_OPTIONS = CSV_WRITE_OPTIONS;
/** audit export --bom: first in the file (the manifest's hash covers it); verify reads past it. */
export const CSV_BOM = UTF8_BOM;

// ---- reading back (verify) --------------------------------------------------

export interface ParsedRecord {
  /** 1-based position in the file */
  position: number;
  seq: number | null;
  id: string | null;
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
  if (!m || !obj) return { position, seq: null, id: null, storedChain: null, canonical: null };
  return {
    position,
    seq: typeof obj._seq === 'number' ? obj._seq : null,
    id: extendedIdText(obj._id),
    storedChain: m[1]!,
    canonical: `${text.slice(0, m.index)}}`,
  };
}

const CHAIN_KEY = ',"_chain":"';
/** `,"_chain":"` + 64 hex + `"}` */
const CHAIN_SUFFIX_LENGTH = CHAIN_KEY.length + 64 + 2;
const HEX64_RE = /^[0-9a-f]{64}$/;
const OID_HEAD = '{"_id":{"$oid":"';
const HEX24_RE = /^[0-9a-f]{24}$/;
const SEQ_KEY = '"_seq":';

/**
 * What parseJsonRecord gives for a record of the usual shape (an ObjectId `_id` first, as the
 * server stores it), read from the text's ends without parsing the JSON between them; null for
 * any other shape (parseJsonRecord then). Only for a record that then checks out against the hash
 * chain: the chain proves the text is the one the export wrote, which was well-formed; a record
 * that does not check out is parsed in full, for the exact problem.
 */
export function scanJsonRecord(text: string, position: number): ParsedRecord | null {
  const n = text.length;
  const at = n - CHAIN_SUFFIX_LENGTH;
  if (at < 1 || !text.endsWith('"}') || !text.startsWith(CHAIN_KEY, at)) return null;
  const storedChain = text.slice(at + CHAIN_KEY.length, n - 2);
  if (!HEX64_RE.test(storedChain) || !text.startsWith(OID_HEAD)) return null;
  const id = text.slice(OID_HEAD.length, OID_HEAD.length + 24);
  if (!HEX24_RE.test(id) || !text.startsWith('"}', OID_HEAD.length + 24)) return null;
  const k = text.lastIndexOf(SEQ_KEY, at);
  if (k < 1 || text[k - 1] !== ',') return null;
  const digits = text.slice(k + SEQ_KEY.length, at);
  if (!/^(0|[1-9]\d{0,15})$/.test(digits)) return null;
  return { position, seq: Number(digits), id, storedChain, canonical: `${text.slice(0, at)}}` };
}

/** The _id of a record read back as plain JSON: {"$oid": hex} as hex, a string as it is, anything else as its JSON. */
function extendedIdText(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && typeof (v as { $oid?: unknown }).$oid === 'string')
    return (v as { $oid: string }).$oid;
  return v === undefined ? null : JSON.stringify(v);
}

export function parseCsvCells(cells: string[], position: number): ParsedRecord {
  if (cells.length !== CSV_COLUMNS.length || !/^[0-9a-f]{64}$/.test(cells[cells.length - 1]!)) {
    return { position, seq: null, id: null, storedChain: null, canonical: null };
  }
  const seq = /^\d+$/.test(cells[10]!) ? Number(cells[10]) : null;
  return {
    position,
    seq,
    id: cells[0] ?? null,
    storedChain: cells[11]!,
    canonical: JSON.stringify(cells.slice(0, -1)),
  };
}

const CSV_SPECIAL = /[",\r\n]/g;

/**
 * A small RFC 4180 reader that takes text in chunks and hands out whole
 * records, so that verify reads a file of any size in constant memory. A byte
 * order mark at the very start (audit export --bom) is not part of the first cell.
 */
export class CsvRecordReader {
  private atStart = true;
  private field = '';
  private row: string[] = [];
  private inQuotes = false;
  private quotePending = false;
  private fieldStarted = false;
  private afterCr = false;
  /** records are handed to this callback */
  constructor(private readonly onRecord: (cells: string[]) => void) {}

  push(chunk: string): void {
    let i = 0;
    if (this.atStart && chunk.length > 0) {
      this.atStart = false;
      if (chunk.startsWith(UTF8_BOM)) i = UTF8_BOM.length;
    }
    for (; i < chunk.length; i++) {
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
          // the run up to the next quote, at once
          const q = chunk.indexOf('"', i);
          const end = q < 0 ? chunk.length : q;
          this.field += chunk.slice(i, end);
          i = end - 1;
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
        // the run up to the next quote, comma or line end, at once
        CSV_SPECIAL.lastIndex = i + 1;
        const end = CSV_SPECIAL.exec(chunk)?.index ?? chunk.length;
        this.field += chunk.slice(i, end);
        this.fieldStarted = true;
        i = end - 1;
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
