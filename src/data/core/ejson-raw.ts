/**
 * Extended JSON v2 straight from BSON bytes (a cursor read with `raw: true`),
 * with no object per document: the same text as toExtendedJson (ejson.ts)
 * writes for the document the driver would have returned, by the same rules
 * (relaxed or canonical, compact), except that a document's keys keep their
 * stored order even when they look like integers (JS objects put those
 * first; the bytes do not), which is what mongoimport restores exactly.
 *
 * Read as the driver reads with { promoteValues: false, bsonRegExp: true }:
 * binary subtype 2 without its inner length, DBPointer as a DBRef, undefined
 * as null, code with scope as {$code, $scope}; a document whose first keys are
 * $ref and $id is written as it is stored (the driver's DBRef writes $ref,
 * $id, $db, then the rest: the same text for the order MongoDB keeps). Text
 * that is not UTF-8 becomes U+FFFD (the driver would refuse the document).
 */
import { Decimal128 } from 'mongodb';
import {
  decimalText,
  formatDouble,
  HEX_BYTE,
  isoDate,
  keyText,
  quote,
  sortedOptions,
  type EjsonMode,
} from './ejson.js';

export const MAX_ISO_DATE_MS = 253402300799999; // 9999-12-31T23:59:59.999Z
const TWO_32 = 4294967296;

/** Reads BSON elements from a byte array and writes their Extended JSON; one per mode, reused for every document. */
export class RawExtendedJsonWriter {
  // views of the whole ArrayBuffer a batch of documents shares: made once per batch, not per document
  private ab: ArrayBufferLike | undefined;
  private b: Buffer = Buffer.alloc(0);
  private view: DataView = new DataView(new ArrayBuffer(0));
  private readonly canonical: boolean;

  constructor(mode: EjsonMode = 'relaxed') {
    if (mode !== 'relaxed' && mode !== 'canonical') throw new TypeError(`unknown Extended JSON mode: ${String(mode)}`);
    this.canonical = mode === 'canonical';
  }

  /** The document at `offset` of `bytes` as one compact line. */
  document(bytes: Uint8Array, offset = 0): string {
    this.use(bytes);
    return this.doc(bytes.byteOffset + offset, 0);
  }

  /** One element's value (type byte at `typeAt`, value at `valueAt`) of `bytes`. */
  element(bytes: Uint8Array, type: number, valueAt: number): string {
    this.use(bytes);
    return this.value(type, bytes.byteOffset + valueAt, 0);
  }

  private use(bytes: Uint8Array): void {
    if (bytes.buffer !== this.ab) {
      this.ab = bytes.buffer;
      this.b = Buffer.from(bytes.buffer, 0, bytes.buffer.byteLength);
      this.view = new DataView(bytes.buffer);
    }
  }

  private doc(at: number, depth: number): string {
    return this.members(at, depth, false);
  }

  private arr(at: number, depth: number): string {
    return this.members(at, depth, true);
  }

  /** A document's (or, without its keys, an array's) elements in stored order. */
  private members(at: number, depth: number, array: boolean): string {
    if (depth > 1000) throw new TypeError('a BSON document nested more than 1000 levels deep');
    const b = this.b;
    const end = at + this.view.getInt32(at, true) - 1;
    let p = at + 4;
    let out = '';
    while (p < end) {
      const type = b[p]!;
      const keyStart = p + 1;
      let k = keyStart;
      while (b[k] !== 0) k++;
      const valueAt = k + 1;
      out += out === '' ? (array ? '[' : '{') : ',';
      if (!array) out += keyText(b.toString('utf8', keyStart, k));
      out += this.value(type, valueAt, depth);
      p = valueAt + valueSize(b, type, valueAt);
    }
    if (out === '') return array ? '[]' : '{}';
    return out + (array ? ']' : '}');
  }

  private value(type: number, at: number, depth: number): string {
    const v = this.view;
    const b = this.b;
    switch (type) {
      case 0x01:
        return this.double(v.getFloat64(at, true));
      case 0x02:
        return quote(this.str(at));
      case 0x03:
        return this.doc(at, depth + 1);
      case 0x04:
        return this.arr(at, depth + 1);
      case 0x05: {
        let len = v.getInt32(at, true);
        const sub = b[at + 4]!;
        let start = at + 5;
        // the old binary subtype holds its own length first; the driver strips it
        if (sub === 0x02 && len >= 4) {
          len = v.getInt32(start, true);
          start += 4;
        }
        const base64 = b.toString('base64', start, start + len);
        return `{"$binary":{"base64":"${base64}","subType":"${HEX_BYTE[sub]!}"}}`;
      }
      case 0x06:
      case 0x0a:
        return 'null';
      case 0x07:
        return `{"$oid":"${this.oid(at)}"}`;
      case 0x08:
        return b[at] ? 'true' : 'false';
      case 0x09: {
        const ms = v.getInt32(at + 4, true) * TWO_32 + v.getUint32(at, true);
        if (!this.canonical && ms >= 0 && ms <= MAX_ISO_DATE_MS) return `{"$date":"${isoDate(ms)}"}`;
        return `{"$date":{"$numberLong":"${this.int64Text(at)}"}}`;
      }
      case 0x0b: {
        let p = at;
        while (b[p] !== 0) p++;
        const pattern = b.toString('utf8', at, p);
        let q = p + 1;
        while (b[q] !== 0) q++;
        const options = b.toString('utf8', p + 1, q);
        return `{"$regularExpression":{"pattern":${quote(pattern)},"options":${quote(sortedOptions(options))}}}`;
      }
      case 0x0c: {
        const ns = this.str(at);
        return `{"$ref":${quote(ns)},"$id":{"$oid":"${this.oid(at + 4 + v.getInt32(at, true))}"}}`;
      }
      case 0x0d:
        return `{"$code":${quote(this.str(at))}}`;
      case 0x0e:
        return `{"$symbol":${quote(this.str(at))}}`;
      case 0x0f: {
        const code = this.str(at + 4);
        const scopeAt = at + 4 + 4 + v.getInt32(at + 4, true);
        return `{"$code":${quote(code)},"$scope":${this.doc(scopeAt, depth + 1)}}`;
      }
      case 0x10: {
        const n = v.getInt32(at, true);
        return this.canonical ? `{"$numberInt":"${n}"}` : String(n);
      }
      case 0x11:
        return `{"$timestamp":{"t":${v.getUint32(at + 4, true)},"i":${v.getUint32(at, true)}}}`;
      case 0x12: {
        const text = this.int64Text(at);
        return this.canonical ? `{"$numberLong":"${text}"}` : text;
      }
      case 0x13:
        return `{"$numberDecimal":"${decimalText(new Decimal128(Buffer.from(b.subarray(at, at + 16))))}"}`;
      case 0x7f:
        return '{"$maxKey":1}';
      case 0xff:
        return '{"$minKey":1}';
      default:
        throw new TypeError(`unknown BSON type 0x${type.toString(16)}`);
    }
  }

  private double(x: number): string {
    if (x !== x) return '{"$numberDouble":"NaN"}';
    if (x === Infinity) return '{"$numberDouble":"Infinity"}';
    if (x === -Infinity) return '{"$numberDouble":"-Infinity"}';
    if (this.canonical || (x === 0 && 1 / x < 0)) return `{"$numberDouble":"${formatDouble(x)}"}`;
    return formatDouble(x);
  }

  /** The signed decimal text of the 8 bytes at `at`. */
  private int64Text(at: number): string {
    const hi = this.view.getInt32(at + 4, true);
    const lo = this.view.getUint32(at, true);
    if (hi >= -0x200000 && hi < 0x200000) return String(hi * TWO_32 + lo);
    return this.view.getBigInt64(at, true).toString();
  }

  private oid(at: number): string {
    const b = this.b;
    let s = '';
    for (let i = at; i < at + 12; i++) s += HEX_BYTE[b[i]!]!;
    return s;
  }

  /** A BSON string (int32 length with its NUL, then the bytes). */
  private str(at: number): string {
    const len = this.view.getInt32(at, true) - 1;
    return this.b.toString('utf8', at + 4, at + 4 + len);
  }
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
