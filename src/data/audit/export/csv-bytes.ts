/**
 * audit export --format csv written as bytes straight from the stored BSON:
 * the same row and the same chain link as the cells of serializeCsvRecord
 * (format.ts) written by csvLine, with no string per cell. Each cell's UTF-8
 * is written twice as it is found: into the row (quoted and with doubled
 * quotes when csvLine would quote it) and into the chain's canonical text,
 * `prev + "\n" + JSON.stringify(cells)` (escaped as JSON.stringify escapes).
 * Text cells with a line break (whose inner line starts may need an
 * apostrophe) and records whose _id or timestamp is of a rarer type take the
 * string path, so no row differs.
 */
import { hash } from 'node:crypto';
import { BSON } from 'mongodb';
import { csvField, csvLine, neutralizeFormula, wellFormed } from '../../core/csv.js';
import { ByteSink, int32, int64Number, jsonEscaped, RawExtendedJsonWriter } from '../../core/ejson-raw.js';
import { FieldNames, RawFields, T_DATE, T_NULL, T_OID, T_STRING, T_UNDEFINED } from '../../core/raw-fields.js';
import { serializeCsvRecord, timestampText } from './format.js';

/** The stored fields with a column of their own, in column order; every other field goes into `extra`. */
const COLUMN_KEYS = new FieldNames([
  '_id',
  'timestamp',
  'event_type',
  'workflow_id',
  'user_id',
  'ip_address',
  'user_agent',
  'details',
  'metadata',
]);
const ID = 0;
const TIMESTAMP = 1;
const FIRST_JSON = 7; // details and metadata: always Extended JSON text
const MAX_DATE_MS = 8.64e15;
const READ_EXACT = { promoteValues: false, bsonRegExp: true } as const;
const HEX = Buffer.from('0123456789abcdef', 'latin1');

/** Writes export rows; one per export, reused for every record. */
export class CsvRowBytes {
  /** the last row written, CRLF included: bytes [0, line.pos) */
  readonly line = new ByteSink();
  private readonly canonical = new ByteSink();
  private readonly cell = new ByteSink();
  private readonly extra = new ByteSink();
  private readonly json = new RawExtendedJsonWriter('relaxed');
  private readonly fields = new RawFields(COLUMN_KEYS);

  /** Writes the row of the record `bytes` (sequence number `seq`, after the link `prev`) into `line`; returns its chain link. */
  row(bytes: Uint8Array, seq: number, prev: string): string {
    const b = this.json.use(bytes);
    const f = this.fields.tryRead(b, bytes.byteOffset);
    if (!f || !this.usual(f)) return this.fromDocument(bytes, seq, prev);
    // the fields without a column of their own, in stored order, as one Extended JSON object
    const extra = this.extra;
    extra.pos = 0;
    if (f.unmatched > 0) {
      f.others((keyStart, keyEnd, type, at) => {
        extra.byte(extra.pos === 0 ? 0x7b : 0x2c);
        this.json.key(keyStart, keyEnd, extra);
        extra.byte(0x3a);
        this.json.element(bytes, type, at, extra);
      });
    }

    const line = this.line;
    const canon = this.canonical;
    line.pos = 0;
    canon.pos = 0;
    canon.ascii(prev);
    canon.byte(0x0a);
    canon.byte(0x5b);
    for (let col = 0; col < COLUMN_KEYS.names.length; col++) {
      if (col > 0) this.separator();
      this.column(bytes, b, col, f.type[col]!, f.at[col]!);
    }
    this.separator();
    if (extra.pos > 0) {
      extra.byte(0x7d);
      this.bytesCell(extra.buf, 0, extra.pos);
    } else canon.ascii('""');
    canon.ascii(`,"${seq}"]`);
    const chain = hash('sha256', canon.buf.subarray(0, canon.pos), 'hex');
    line.ascii(`,${seq},${chain}\r\n`);
    return chain;
  }

  /** _id a string or ObjectId, timestamp a string or a date Date can show: else the document path decides. */
  private usual(f: RawFields): boolean {
    const id = f.type[ID]!;
    if (id !== 0 && id !== T_STRING && id !== T_OID && id !== T_NULL && id !== T_UNDEFINED) return false;
    const ts = f.type[TIMESTAMP]!;
    if (ts === T_DATE) return Math.abs(int64Number(f.b, f.at[TIMESTAMP]!)) <= MAX_DATE_MS;
    return ts === 0 || ts === T_STRING || ts === T_NULL || ts === T_UNDEFINED;
  }

  private fromDocument(bytes: Uint8Array, seq: number, prev: string): string {
    const rec = serializeCsvRecord(BSON.deserialize(bytes, READ_EXACT), seq, prev);
    this.line.pos = 0;
    this.line.utf8(csvLine(rec.cells!));
    return rec.chain;
  }

  private separator(): void {
    this.line.byte(0x2c);
    this.canonical.byte(0x2c);
  }

  private column(bytes: Uint8Array, b: Buffer, col: number, type: number, at: number): void {
    if (type === 0 || type === T_NULL || type === T_UNDEFINED) {
      this.canonical.ascii('""');
      return;
    }
    const cell = this.cell;
    cell.pos = 0;
    if (col < FIRST_JSON && type === T_STRING) {
      const s = at + 4;
      const e = at + 3 + int32(b, at);
      // a legacy string timestamp is shown as the time it parses to
      if (col === TIMESTAMP) this.textCell(timestampText(b.toString('utf8', s, e))!);
      else this.utf8Cell(b, s, e);
      return;
    }
    if (col === ID && type === T_OID) {
      cell.ensure(24);
      for (let i = at; i < at + 12; i++) {
        cell.buf[cell.pos++] = HEX[b[i]! >> 4]!;
        cell.buf[cell.pos++] = HEX[b[i]! & 15]!;
      }
    } else if (col === TIMESTAMP) {
      const ms = int64Number(b, at);
      cell.ascii(new Date(ms).toISOString());
    } else this.json.element(bytes, type, at, cell);
    this.bytesCell(cell.buf, 0, cell.pos);
  }

  /** Stored UTF-8 text: as it is when ASCII; else decoded and encoded again, as the string path has it (U+FFFD for bad bytes). */
  private utf8Cell(b: Buffer, s: number, e: number): void {
    for (let i = s; i < e; i++) {
      if (b[i]! > 0x7f) {
        this.cell.utf8(b.toString('utf8', s, e));
        this.bytesCell(this.cell.buf, 0, this.cell.pos);
        return;
      }
    }
    this.bytesCell(b, s, e);
  }

  /**
   * A cell of well-formed UTF-8 bytes [s, e) of `src`: an apostrophe before a
   * formula start, quoted as csvLine quotes, escaped in the canonical text as
   * JSON.stringify escapes (", \ and C0 controls; DEL, C1, U+2028 and U+2029
   * as they are).
   */
  private bytesCell(src: Buffer, s: number, e: number): void {
    let quoted = false;
    for (let i = s; i < e; i++) {
      const c = src[i]!;
      if (c < 0x20) {
        if (c === 0x0a || c === 0x0d) {
          this.textCell(src.toString('utf8', s, e));
          return;
        }
        quoted = true;
      } else if (c === 0x22 || c === 0x2c || c === 0x7f) quoted = true;
      else if (c === 0xc2) quoted ||= src[i + 1]! >= 0x80 && src[i + 1]! <= 0x9f;
      else if (c === 0xe2) quoted ||= src[i + 1] === 0x80 && (src[i + 2] === 0xa8 || src[i + 2] === 0xa9);
    }
    const formula = e > s && formulaStart(src, s);
    const line = this.line;
    line.ensure((e - s) * 2 + 3);
    const l = line.buf;
    let q = line.pos;
    if (quoted) l[q++] = 0x22;
    if (formula) l[q++] = 0x27;
    for (let i = s; i < e; i++) {
      const c = src[i]!;
      l[q++] = c;
      if (c === 0x22) l[q++] = 0x22;
    }
    if (quoted) l[q++] = 0x22;
    line.pos = q;

    const canon = this.canonical;
    canon.ensure((e - s) * 6 + 3);
    canon.buf[canon.pos++] = 0x22;
    if (formula) canon.buf[canon.pos++] = 0x27;
    jsonEscaped(src, s, e, canon);
    canon.buf[canon.pos++] = 0x22;
  }

  /** A cell from text, the string path: neutralized and made well-formed, then quoted and escaped by the rules themselves. */
  private textCell(text: string): void {
    const cell = neutralizeFormula(wellFormed(text));
    this.line.utf8(csvField(cell));
    this.canonical.utf8(JSON.stringify(cell));
  }
}

/** = + - @ TAB CR, or their full-width forms (U+FF1D, U+FF0B, U+FF0D, U+FF20), first: neutralizeFormula's CELL_START. */
function formulaStart(b: Buffer, s: number): boolean {
  const c = b[s]!;
  if (c === 0x3d || c === 0x2b || c === 0x2d || c === 0x40 || c === 0x09 || c === 0x0d) return true;
  if (c !== 0xef || b[s + 1] !== 0xbc) return false;
  const d = b[s + 2];
  return d === 0x9d || d === 0x8b || d === 0x8d || d === 0xa0;
}
