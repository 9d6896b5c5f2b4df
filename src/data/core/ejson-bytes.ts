/**
 * Relaxed Extended JSON as UTF-8 bytes straight from BSON bytes, for the
 * audit export's hot loop: the same bytes as RawExtendedJsonWriter's text
 * (ejson-raw.ts), written into a reused ByteSink so that a record makes next
 * to no JS strings.
 */
import { formatDouble, isoDate, quote } from './ejson.js';
import { int32, int64Number, MAX_ISO_DATE_MS, RawExtendedJsonWriter, valueSize } from './ejson-raw.js';

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

const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');
const SHORT_ESCAPES: Record<number, number> = { 0x08: 0x62, 0x09: 0x74, 0x0a: 0x6e, 0x0c: 0x66, 0x0d: 0x72 };

/**
 * The same text as RawExtendedJsonWriter (relaxed, compact), written as
 * UTF-8 bytes into a ByteSink straight from the BSON bytes: ASCII strings and
 * keys are copied with their escapes, ObjectIds and integers written digit by
 * digit, so that a record makes next to no JS strings. Text with non-ASCII
 * bytes, and the rarer types, go through RawExtendedJsonWriter's strings.
 */
export class RawExtendedJsonBytes {
  private readonly text = new RawExtendedJsonWriter('relaxed');
  private b: Buffer = Buffer.alloc(0);
  private ab: ArrayBufferLike | undefined;
  private view: DataView = new DataView(new ArrayBuffer(0));

  /** Writes the document at `offset` of `bytes` into `out`. */
  document(bytes: Uint8Array, out: ByteSink, offset = 0): void {
    this.use(bytes);
    this.members(bytes.byteOffset + offset, out, false, 0, bytes);
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
    this.value(type, at, out, 0, bytes);
  }

  /** A key (bytes [start, end) of use(bytes)'s Buffer) as a JSON string, into `out`. */
  key(start: number, end: number, out: ByteSink): void {
    this.string(start, end, out);
  }

  private members(at: number, out: ByteSink, array: boolean, depth: number, bytes: Uint8Array): void {
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
      this.value(type, valueAt, out, depth, bytes);
      p = valueAt + valueSize(b, type, valueAt);
    }
    if (first) out.byte(array ? 0x5b : 0x7b);
    out.byte(array ? 0x5d : 0x7d);
  }

  private value(type: number, at: number, out: ByteSink, depth: number, bytes: Uint8Array): void {
    const b = this.b;
    switch (type) {
      case 0x02:
        this.string(at + 4, at + 3 + int32(b, at), out);
        return;
      case 0x03:
        this.members(at, out, false, depth + 1, bytes);
        return;
      case 0x04:
        this.members(at, out, true, depth + 1, bytes);
        return;
      case 0x07: {
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
        return;
      }
      case 0x08:
        out.ascii(b[at] ? 'true' : 'false');
        return;
      case 0x06:
      case 0x0a:
        out.ascii('null');
        return;
      case 0x10:
        out.ascii(String(int32(b, at)));
        return;
      case 0x09: {
        const ms = int64Number(b, at);
        if (ms >= 0 && ms <= MAX_ISO_DATE_MS) {
          out.ascii('{"$date":"');
          out.ascii(isoDate(ms));
          out.ascii('"}');
          return;
        }
        break;
      }
      case 0x01: {
        const x = this.view.getFloat64(at, true);
        if (x === x && x !== Infinity && x !== -Infinity && !(x === 0 && 1 / x < 0)) {
          out.ascii(formatDouble(x));
          return;
        }
        break;
      }
      default:
        break;
    }
    out.utf8(this.text.element(bytes, type, at - bytes.byteOffset));
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
