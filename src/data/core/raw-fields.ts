/**
 * Named fields read straight from a stored BSON document (a cursor read with
 * `raw: true`), for the scans that read a few fields of every document of a
 * window: where each field is and its type, and its value as the
 * normalizers (normalize.ts) would give it for the driver's value, with no
 * object made for the document.
 *
 * The common stored types are read here; a field that holds one the
 * accessor leaves to the driver (a number for a time, a Decimal128, BSON
 * undefined, a DBRef-shaped document, ...) throws UNUSUAL, and the caller
 * reads that document the driver's way, so that no figure differs.
 */
import { int32, int64Number, valueSize } from './ejson-raw.js';
import { parseStoredTimeString } from './normalize.js';

export const T_DOUBLE = 0x01;
export const T_STRING = 0x02;
export const T_DOC = 0x03;
export const T_ARRAY = 0x04;
export const T_UNDEFINED = 0x06;
export const T_OID = 0x07;
export const T_BOOL = 0x08;
export const T_DATE = 0x09;
export const T_NULL = 0x0a;
export const T_INT32 = 0x10;
export const T_INT64 = 0x12;
const MAX_DATE_MS = 8.64e15;
const HEX = '0123456789abcdef';

/** Thrown by a read when a field holds what only the driver's reading gets right. */
export const UNUSUAL = Symbol('unusual BSON for a raw read');

/** The keys a walk looks for: a key's index in `names` is its field number, `id.<name>` too. */
export class FieldNames<N extends string = string> {
  readonly id: Readonly<Record<N, number>>;
  private readonly keys: Buffer[];
  constructor(readonly names: readonly N[]) {
    this.keys = names.map((k) => Buffer.from(k, 'latin1'));
    this.id = Object.fromEntries(names.map((n, i) => [n, i])) as Record<N, number>;
  }

  /** The field number of the key in bytes [start, end), or -1. */
  of(b: Uint8Array, start: number, end: number): number {
    const n = end - start;
    const keys = this.keys;
    for (let f = 0; f < keys.length; f++) {
      const key = keys[f]!;
      if (key.length !== n || key[0] !== b[start]) continue;
      let i = 1;
      while (i < n && key[i] === b[start + i]) i++;
      if (i === n) return f;
    }
    return -1;
  }
}

/** One document's fields of a FieldNames: reused from document to document. */
export class RawFields {
  /** the BSON type of each field; 0 when absent */
  readonly type: Uint8Array;
  /** where each field's value starts */
  readonly at: Int32Array;
  b: Buffer = Buffer.alloc(0);
  /** how many elements of the document last read have a key not among the names */
  unmatched = 0;
  private offset = 0;

  constructor(readonly names: FieldNames<string>) {
    this.type = new Uint8Array(names.names.length);
    this.at = new Int32Array(names.names.length);
  }

  /**
   * Notes where the fields are in the document at `offset` of `bytes`. A key
   * stored twice counts once, its last value (as the driver reads it); a
   * document whose first key starts with "$" (a DBRef's shape) is UNUSUAL.
   */
  read(bytes: Uint8Array, offset = 0): this {
    const b = (this.b =
      bytes instanceof Buffer ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    this.offset = offset;
    this.type.fill(0);
    const end = offset + int32(b, offset) - 1;
    let p = offset + 4;
    let unmatched = 0;
    if (p < end && b[p + 1] === 0x24) throw UNUSUAL;
    while (p < end) {
      const type = b[p]!;
      let k = p + 1;
      while (b[k] !== 0) k++;
      const v = k + 1;
      const f = this.names.of(b, p + 1, k);
      if (f !== -1) {
        this.type[f] = type;
        this.at[f] = v;
      } else unmatched++;
      p = v + valueSize(b, type, v);
    }
    this.unmatched = unmatched;
    return this;
  }

  /** read(), or null for a document it leaves to the driver (UNUSUAL). */
  tryRead(bytes: Uint8Array, offset = 0): this | null {
    try {
      return this.read(bytes, offset);
    } catch (err) {
      if (err === UNUSUAL) return null;
      throw err;
    }
  }

  /**
   * Calls `visit` for each element of the document last read whose key is not
   * one of the names, in stored order (key bytes [keyStart, keyEnd), type,
   * where the value starts).
   */
  others(visit: (keyStart: number, keyEnd: number, type: number, at: number) => void): void {
    const b = this.b;
    const offset = this.offset;
    const end = offset + int32(b, offset) - 1;
    let p = offset + 4;
    while (p < end) {
      const type = b[p]!;
      let k = p + 1;
      while (b[k] !== 0) k++;
      const v = k + 1;
      if (this.names.of(b, p + 1, k) === -1) visit(p + 1, k, type, v);
      p = v + valueSize(b, type, v);
    }
  }

  /** The fields of the embedded document in field `f` (of type T_DOC), into `into`. */
  nested(f: number, into: RawFields): RawFields {
    return into.read(this.b, this.at[f]!);
  }

  /** True for a stored BSON true (the driver's `=== true`). */
  isTrue(f: number): boolean {
    return this.type[f] === T_BOOL && this.b[this.at[f]!] === 1;
  }

  /** toStringOrNull of the driver's value. */
  text(f: number): string | null {
    const b = this.b;
    const at = this.at[f]!;
    switch (this.type[f]) {
      case 0:
      case T_NULL:
        return null;
      case T_STRING:
        return this.string(at);
      case T_OID: {
        let s = '';
        for (let i = at; i < at + 12; i++) s += HEX[b[i]! >> 4]! + HEX[b[i]! & 15]!;
        return s;
      }
      case T_INT32:
        return String(int32(b, at));
      case T_DOUBLE:
        return String(b.readDoubleLE(at));
      case T_INT64:
        // the driver's number within 2^53, its Long beyond: the same digits either way
        return String(b.readBigInt64LE(at));
      case T_BOOL:
        return b[at] ? 'true' : 'false';
      default:
        throw UNUSUAL;
    }
  }

  /** toNumberOrNull of the driver's value. */
  number(f: number): number | null {
    const b = this.b;
    const at = this.at[f]!;
    const type = this.type[f]!;
    if (type === T_INT32) return int32(b, at);
    if (type === T_INT64) return int64Number(b, at);
    if (type === T_DOUBLE) {
      const x = b.readDoubleLE(at);
      return Number.isFinite(x) ? x : null;
    }
    if (type === T_STRING) {
      const s = this.string(at);
      return s.trim() !== '' && Number.isFinite(Number(s)) ? Number(s) : null;
    }
    return this.none(type, true);
  }

  /** storedTime of the driver's value: a date, or a legacy string that parses; else null. */
  time(f: number): number | null {
    const at = this.at[f]!;
    const type = this.type[f]!;
    if (type === T_DATE) {
      const ms = int64Number(this.b, at);
      return Math.abs(ms) <= MAX_DATE_MS ? ms : null;
    }
    if (type === T_STRING) return parseStoredTimeString(this.string(at));
    return this.none(type, false);
  }

  /** null for the types a number or a time is never read from (absent, null, boolean, ObjectId, document, array; a date as a number); else UNUSUAL. */
  private none(type: number, dateToo: boolean): null {
    if (
      type === 0 ||
      type === T_NULL ||
      type === T_BOOL ||
      type === T_OID ||
      type === T_DOC ||
      type === T_ARRAY ||
      (dateToo && type === T_DATE)
    )
      return null;
    throw UNUSUAL;
  }

  private string(at: number): string {
    return this.b.toString('utf8', at + 4, at + 3 + int32(this.b, at));
  }

  /** The number of elements of the array in field `f` (of type T_ARRAY). */
  length(f: number): number {
    const b = this.b;
    const at = this.at[f]!;
    const end = at + int32(b, at) - 1;
    let p = at + 4;
    let n = 0;
    while (p < end) {
      const type = b[p]!;
      let k = p + 1;
      while (b[k] !== 0) k++;
      p = k + 1 + valueSize(b, type, k + 1);
      n++;
    }
    return n;
  }
}
