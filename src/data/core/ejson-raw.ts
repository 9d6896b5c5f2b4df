/**
 * Extended JSON v2 straight from BSON bytes (a cursor read with `raw: true`),
 * written as UTF-8 into a reused ByteSink, with no object per document and
 * next to no JS strings: the same text as toExtendedJson (ejson.ts) writes
 * for the document the driver would have returned, by the same rules (relaxed
 * or canonical, compact), except that a document's keys keep their stored
 * order even when they look like integers (JS objects put those first; the
 * bytes do not), which is what mongoimport restores exactly. The audit
 * export's one JSON encoder, in both modes, and the one CSV rows use for
 * their Extended JSON cells.
 *
 * Read as the driver reads with { promoteValues: false, bsonRegExp: true }:
 * binary subtype 2 without its inner length, DBPointer as a DBRef, undefined
 * as null, code with scope as {$code, $scope}; a document whose first keys are
 * $ref and $id is written as it is stored (the driver's DBRef writes $ref,
 * $id, $db, then the rest: the same text for the order MongoDB keeps). Text
 * that is not UTF-8 becomes U+FFFD (the driver would refuse the document).
 */
import { Decimal128 } from 'mongodb';
import { decimalText, formatDouble, isoDate, quote, sortedOptions, type EjsonMode } from './ejson.js';

export const MAX_ISO_DATE_MS = 253402300799999; // 9999-12-31T23:59:59.999Z
const TWO_32 = 4294967296;
const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');
const SHORT_ESCAPES: Record<number, number> = { 0x08: 0x62, 0x09: 0x74, 0x0a: 0x6e, 0x0c: 0x66, 0x0d: 0x72 };

/** A growable byte buffer that text is written into; reused from record to record. */
export class ByteSink {
  buf: Buffer = Buffer.allocUnsafe(1 << 16);
  pos = 0;
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }
  ascii(text: string): void {
    const n = text.length;
    this.ensure(n);
    if (n > 32) {
      this.pos += this.buf.write(text, this.pos, 'latin1');
      return;
    }
    // short text (numbers, dates, the record's tail): a loop costs less than a call into Buffer.write
    const o = this.buf;
    let q = this.pos;
    for (let i = 0; i < n; i++) o[q++] = text.charCodeAt(i);
    this.pos = q;
  }
  utf8(text: string): void {
    this.ensure(text.length * 3);
    this.pos += this.buf.write(text, this.pos, 'utf8');
  }
  byte(c: number): void {
    this.ensure(1);
    this.buf[this.pos++] = c;
  }
}

/**
 * Reads BSON elements from a byte array and writes their Extended JSON into
 * a ByteSink; one per mode, reused for every document. ASCII strings and
 * keys are copied with their escapes, ObjectIds and integers written digit
 * by digit; text with non-ASCII bytes is decoded and quoted.
 */
export class RawExtendedJsonWriter {
  // views of the whole ArrayBuffer a batch of documents shares: made once per batch, not per document
  private ab: ArrayBufferLike | undefined;
  private b: Buffer = Buffer.alloc(0);
  private view: DataView = new DataView(new ArrayBuffer(0));
  private readonly canonical: boolean;
  private readonly sink = new ByteSink();

  constructor(mode: EjsonMode = 'relaxed') {
    if (mode !== 'relaxed' && mode !== 'canonical') throw new TypeError(`unknown Extended JSON mode: ${String(mode)}`);
    this.canonical = mode === 'canonical';
  }

  /** Writes the document at `offset` of `bytes` into `out`, compact. */
  write(bytes: Uint8Array, out: ByteSink, offset = 0): void {
    this.use(bytes);
    this.members(bytes.byteOffset + offset, out, false, 0);
  }

  /** The document at `offset` of `bytes` as one compact line of text. */
  document(bytes: Uint8Array, offset = 0): string {
    const sink = this.sink;
    sink.pos = 0;
    this.write(bytes, sink, offset);
    return sink.buf.toString('utf8', 0, sink.pos);
  }

  /**
   * A Buffer over the whole ArrayBuffer that `bytes` lies in (made once per
   * cursor batch): the positions `element` and `key` take are in it, that is
   * `bytes.byteOffset` plus the position in `bytes`.
   */
  use(bytes: Uint8Array): Buffer {
    if (bytes.buffer !== this.ab) {
      this.ab = bytes.buffer;
      this.b = Buffer.from(bytes.buffer, 0, bytes.buffer.byteLength);
      this.view = new DataView(bytes.buffer);
    }
    return this.b;
  }

  /** One value (of `type`, at `at` of use(bytes)'s Buffer) of the document `bytes`, into `out`. */
  element(bytes: Uint8Array, type: number, at: number, out: ByteSink): void {
    this.use(bytes);
    this.value(type, at, out, 0);
  }

  /** A key (bytes [start, end) of use(bytes)'s Buffer) as a JSON string, into `out`. */
  key(start: number, end: number, out: ByteSink): void {
    this.string(start, end, out);
  }

  /** A document's (or, without its keys, an array's) elements in stored order. */
  private members(at: number, out: ByteSink, array: boolean, depth: number): void {
    if (depth > 1000) throw new TypeError('a BSON document nested more than 1000 levels deep');
    const b = this.b;
    const end = at + int32(b, at) - 1;
    let p = at + 4;
    let first = true;
    while (p < end) {
      const type = b[p]!;
      const keyStart = p + 1;
      let k = keyStart;
      while (b[k] !== 0) k++;
      const valueAt = k + 1;
      out.byte(first ? (array ? 0x5b : 0x7b) : 0x2c);
      first = false;
      if (!array) {
        this.string(keyStart, k, out);
        out.byte(0x3a);
      }
      this.value(type, valueAt, out, depth);
      p = valueAt + valueSize(b, type, valueAt);
    }
    if (first) out.byte(array ? 0x5b : 0x7b);
    out.byte(array ? 0x5d : 0x7d);
  }

  private value(type: number, at: number, out: ByteSink, depth: number): void {
    const b = this.b;
    switch (type) {
      case 0x01:
        return this.double(this.view.getFloat64(at, true), out);
      case 0x02:
        return this.string(at + 4, at + 3 + int32(b, at), out);
      case 0x03:
        return this.members(at, out, false, depth + 1);
      case 0x04:
        return this.members(at, out, true, depth + 1);
      case 0x05:
        return this.binary(at, out);
      case 0x06:
      case 0x0a:
        return out.ascii('null');
      case 0x07:
        return this.oid(at, out);
      case 0x08:
        return out.ascii(b[at] ? 'true' : 'false');
      case 0x09: {
        const ms = int64Number(b, at);
        if (!this.canonical && ms >= 0 && ms <= MAX_ISO_DATE_MS)
          return this.wrapped('{"$date":"', isoDate(ms), '"}', out);
        return this.wrapped('{"$date":{"$numberLong":"', this.int64Text(at), '"}}', out);
      }
      case 0x0b:
        return this.regex(at, out);
      case 0x0c: {
        // DBPointer: the driver reads it as a DBRef
        out.ascii('{"$ref":');
        this.string(at + 4, at + 3 + int32(b, at), out);
        out.ascii(',"$id":');
        this.oid(at + 4 + int32(b, at), out);
        return out.byte(0x7d);
      }
      case 0x0d:
      case 0x0e:
        out.ascii(type === 0x0d ? '{"$code":' : '{"$symbol":');
        this.string(at + 4, at + 3 + int32(b, at), out);
        return out.byte(0x7d);
      case 0x0f: {
        const codeAt = at + 4;
        out.ascii('{"$code":');
        this.string(codeAt + 4, codeAt + 3 + int32(b, codeAt), out);
        out.ascii(',"$scope":');
        this.members(codeAt + 4 + int32(b, codeAt), out, false, depth + 1);
        return out.byte(0x7d);
      }
      case 0x10:
        return this.canonical
          ? this.wrapped('{"$numberInt":"', String(int32(b, at)), '"}', out)
          : out.ascii(String(int32(b, at)));
      case 0x11:
        return out.ascii(
          `{"$timestamp":{"t":${this.view.getUint32(at + 4, true)},"i":${this.view.getUint32(at, true)}}}`,
        );
      case 0x12:
        return this.canonical
          ? this.wrapped('{"$numberLong":"', this.int64Text(at), '"}', out)
          : out.ascii(this.int64Text(at));
      case 0x13:
        return this.wrapped(
          '{"$numberDecimal":"',
          decimalText(new Decimal128(Buffer.from(b.subarray(at, at + 16)))),
          '"}',
          out,
        );
      case 0x7f:
        return out.ascii('{"$maxKey":1}');
      case 0xff:
        return out.ascii('{"$minKey":1}');
      default:
        throw new TypeError(`unknown BSON type 0x${type.toString(16)}`);
    }
  }

  private wrapped(open: string, text: string, close: string, out: ByteSink): void {
    out.ascii(open);
    out.ascii(text);
    out.ascii(close);
  }

  private double(x: number, out: ByteSink): void {
    if (x !== x) return out.ascii('{"$numberDouble":"NaN"}');
    if (x === Infinity) return out.ascii('{"$numberDouble":"Infinity"}');
    if (x === -Infinity) return out.ascii('{"$numberDouble":"-Infinity"}');
    if (this.canonical || (x === 0 && 1 / x < 0)) return this.wrapped('{"$numberDouble":"', formatDouble(x), '"}', out);
    out.ascii(formatDouble(x));
  }

  private binary(at: number, out: ByteSink): void {
    const b = this.b;
    let len = int32(b, at);
    const sub = b[at + 4]!;
    let start = at + 5;
    // the old binary subtype holds its own length first; the driver strips it
    if (sub === 0x02 && len >= 4) {
      len = int32(b, start);
      start += 4;
    }
    out.ascii('{"$binary":{"base64":"');
    out.ascii(b.toString('base64', start, start + len));
    out.ascii('","subType":"');
    out.byte(HEX_DIGITS[sub >> 4]!);
    out.byte(HEX_DIGITS[sub & 15]!);
    out.ascii('"}}');
  }

  private regex(at: number, out: ByteSink): void {
    const b = this.b;
    let p = at;
    while (b[p] !== 0) p++;
    let q = p + 1;
    while (b[q] !== 0) q++;
    out.ascii('{"$regularExpression":{"pattern":');
    this.string(at, p, out);
    out.ascii(',"options":');
    out.utf8(quote(sortedOptions(b.toString('utf8', p + 1, q))));
    out.ascii('}}');
  }

  private oid(at: number, out: ByteSink): void {
    const b = this.b;
    out.ascii('{"$oid":"');
    out.ensure(24);
    const o = out.buf;
    let q = out.pos;
    for (let i = at; i < at + 12; i++) {
      o[q++] = HEX_DIGITS[b[i]! >> 4]!;
      o[q++] = HEX_DIGITS[b[i]! & 15]!;
    }
    out.pos = q;
    out.ascii('"}');
  }

  /** The signed decimal text of the 8 bytes at `at`. */
  private int64Text(at: number): string {
    const hi = this.view.getInt32(at + 4, true);
    const lo = this.view.getUint32(at, true);
    if (hi >= -0x200000 && hi < 0x200000) return String(hi * TWO_32 + lo);
    return this.view.getBigInt64(at, true).toString();
  }

  /** A JSON string of the UTF-8 bytes [start, end): ASCII copied with escapes; anything else decoded and quoted. */
  private string(start: number, end: number, out: ByteSink): void {
    const b = this.b;
    for (let i = start; i < end; i++) {
      if (b[i]! > 0x7f) {
        out.utf8(quote(b.toString('utf8', start, end)));
        return;
      }
    }
    out.ensure((end - start) * 6 + 2);
    out.buf[out.pos++] = 0x22;
    jsonEscaped(b, start, end, out);
    out.buf[out.pos++] = 0x22;
  }
}

/**
 * Bytes [start, end) of `b` into `out` as the inside of a JSON string,
 * escaped as JSON.stringify escapes (", \ and C0 controls; every other byte,
 * UTF-8 included, as it is). `out` must have room for 6 bytes per byte.
 */
export function jsonEscaped(b: Uint8Array, start: number, end: number, out: ByteSink): void {
  const o = out.buf;
  let q = out.pos;
  for (let i = start; i < end; i++) {
    const c = b[i]!;
    if (c >= 0x20 && c !== 0x22 && c !== 0x5c) {
      o[q++] = c;
      continue;
    }
    o[q++] = 0x5c;
    const short = SHORT_ESCAPES[c];
    if (c === 0x22 || c === 0x5c) o[q++] = c;
    else if (short !== undefined) o[q++] = short;
    else {
      o[q++] = 0x75;
      o[q++] = 0x30;
      o[q++] = 0x30;
      o[q++] = HEX_DIGITS[c >> 4]!;
      o[q++] = HEX_DIGITS[c & 15]!;
    }
  }
  out.pos = q;
}

/** Bytes the value of this type at `at` takes. */
export function valueSize(b: Uint8Array, type: number, at: number): number {
  switch (type) {
    case 0x01: // double
    case 0x09: // date
    case 0x11: // timestamp
    case 0x12: // int64
      return 8;
    case 0x02: // string
    case 0x0d: // code
    case 0x0e: // symbol
      return 4 + int32(b, at);
    case 0x03: // document
    case 0x04: // array
    case 0x0f: // code with scope
      return int32(b, at);
    case 0x05: // binary
      return 5 + int32(b, at);
    case 0x06: // undefined
    case 0x0a: // null
    case 0x7f: // max key
    case 0xff: // min key
      return 0;
    case 0x07: // ObjectId
      return 12;
    case 0x08: // boolean
      return 1;
    case 0x0b: {
      // regex: two cstrings
      let p = at;
      while (b[p] !== 0) p++;
      p++;
      while (b[p] !== 0) p++;
      return p + 1 - at;
    }
    case 0x0c: // DBPointer: string + ObjectId
      return 4 + int32(b, at) + 12;
    case 0x10: // int32
      return 4;
    case 0x13: // decimal128
      return 16;
    default:
      throw new TypeError(`unknown BSON type 0x${type.toString(16)}`);
  }
}

/** A little-endian int32 at `at`. */
export function int32(b: Uint8Array, at: number): number {
  return b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24);
}

/** A BSON datetime (int64 ms, little-endian) at `at`. */
export function int64Number(b: Uint8Array, at: number): number {
  return int32(b, at + 4) * TWO_32 + (int32(b, at) >>> 0);
}
