/**
 * MongoDB Extended JSON v2, both ways, keeping every BSON type: what
 * `--json` prints, what `versions create --file` reads, what audit exports
 * write for `mongoimport`. Our own codec because the driver's `EJSON` relaxed
 * output writes double 2.0 as `2` (read back as int32), and `JSON.parse` loses
 * int64 above 2^53 and the difference between `2` and `2.0`.
 *
 * Values are those the driver returns with `{ promoteValues: false,
 * bsonRegExp: true }` (Int32, Double, Long, Decimal128, ObjectId, Binary/UUID,
 * BSONRegExp, Timestamp, MinKey, MaxKey, BSONSymbol, Code, DBRef, Date, string,
 * boolean, null, arrays, documents), plus what the driver would serialize:
 * a JS number is int32 when it is an integer in int32 range (and not -0),
 * otherwise a double; a bigint is an int64 (wrapped to 64 bits); `undefined`
 * is null (the driver's default, ignoreUndefined: false); Uint8Array is binary
 * subtype 0; a JS RegExp gets the options the driver writes for it (i, g as s, m).
 *
 * Writer rules
 * - relaxed (the default): int32 and int64 as integer literals, exact at any
 *   size; a finite double as Python's `repr(float)` writes it, which always
 *   shows it is a double (`2.0`, `1.5`, `1e+16`, `1e-05`, `5e-324`: shortest
 *   round-trip digits, exponent form below 1e-4 and from 1e16, at least two
 *   exponent digits), the same text pymongo's relaxed json_util prints;
 *   -0.0, NaN, Infinity and -Infinity as {"$numberDouble": "..."} (the spec:
 *   a JSON number cannot carry them); a date from 1970 through 9999 as
 *   {"$date": "YYYY-MM-DDTHH:MM:SS[.mmm]Z"}, milliseconds (3 digits) only when
 *   non-zero, like pymongo (Go trims trailing zeros: ".5"; both read back),
 *   any other date as {"$date": {"$numberLong": "<ms>"}}.
 * - canonical: {"$numberInt"}, {"$numberLong"}, {"$numberDouble"} with the
 *   same repr digits ("2.0", "-0.0", "1e+300"; pymongo, the spec's reference
 *   implementation, writes the same; the spec leaves the digits to the
 *   platform) and {"$date": {"$numberLong"}} always.
 * - both: $oid (lower-case hex), $numberDecimal, $binary {base64, subType as
 *   two lower-case hex digits}, $regularExpression {pattern, options sorted},
 *   $timestamp {t, i}, $minKey 1, $maxKey 1, $symbol, $code, $code + $scope,
 *   DBRef as the document {"$ref", "$id", "$db" (when set), other fields}.
 * - strings: `"`, `\` and control characters escaped (\b \t \n \f \r, else
 *   \u00XX), U+2028/U+2029 as \u2028/\u2029 (safe in JavaScript and NDJSON);
 *   a lone surrogate becomes U+FFFD, which is what BSON would store.
 * - keys in the object's order; compact output has no spaces (mongoexport),
 *   indent N is laid out like JSON.stringify(x, null, N).
 * - an invalid Date, a function or a symbol is a TypeError: no BSON value
 *   says the same thing.
 *
 * Reader rules (a JSON parser of its own that keeps number lexemes)
 * - integer literal: Int32 when it fits, else Long when it fits int64, else
 *   Double (the spec's "smallest integer type"); `-0` is Int32(0), as in
 *   mongoimport and pymongo (it is an integer literal; the driver's EJSON
 *   would make it Double(-0)); `-0.0` is Double(-0); a literal with `.` or an
 *   exponent is a Double, so `2.0` stays a double; beyond ±1.8e308 is an error.
 * - every wrapper above in canonical and relaxed form, key order free; also
 *   the legacy forms mongoimport reads: {"$date": <integer ms>}, {"$date":
 *   "<ISO-8601 with Z or ±HH:MM / ±HHMM offset, any fraction>"} (sub-
 *   milliseconds truncated), {"$binary": "<base64>", "$type": "<hex>"},
 *   {"$regex": "...", "$options": "..."}, {"$uuid": "<hex, with or without
 *   hyphens>"} (subtype 4), {"$numberLong": <integer literal>}, {"$undefined":
 *   true} (null: the driver cannot write BSON undefined), {"$dbPointer": ...}
 *   (a DBRef: the driver cannot write DBPointer). A date beyond ±8.64e15 ms
 *   (what a JS Date holds) is an error rather than a wrong date.
 * - hex is read in either case; base64 must be padded; a wrapper with missing
 *   or extra keys or a bad value is an error naming what was expected.
 * - any other key starting with `$` is an error (we read documents to store,
 *   not query filters); so is a key holding NUL (BSON cannot store it), a
 *   duplicate key (a JS object cannot hold both) and an unpaired surrogate.
 * - nesting: at most `maxDepth` (default 100, MongoDB's limit) documents and
 *   arrays, counting the outermost; type wrappers do not count. The parser
 *   keeps its own stack (no recursion), so any depth fails cleanly.
 * - errors are ExtendedJsonSyntaxError (a UsageError: exit 2) with 1-based
 *   line and column (in characters) and never more than 40 characters of input.
 *
 * Lossy on purpose
 * - relaxed only: an int64 whose value fits int32 comes back as Int32 (the
 *   spec's relaxed integer rule; canonical keeps it).
 * - both: NaN payloads (all NaNs are "NaN"), BSON undefined (null), DBPointer
 *   (DBRef), a JS RegExp's flags other than i, g, m (the driver drops them).
 * - JS objects put integer-like keys ("1", "2") first, in the driver's reads
 *   as in ours: such documents cannot keep their BSON key order in JS.
 */
import {
  Binary,
  BSONRegExp,
  BSONSymbol,
  Code,
  DBRef,
  Decimal128,
  Double,
  Int32,
  Long,
  MaxKey,
  MinKey,
  ObjectId,
  Timestamp,
} from 'mongodb';
import { UsageError } from '../../errors.js';

export type EjsonMode = 'relaxed' | 'canonical';

export interface ToExtendedJsonOptions {
  /** relaxed (default) or canonical Extended JSON */
  mode?: EjsonMode;
  /** undefined or 0: one compact line (NDJSON); N: laid out like JSON.stringify(x, null, N) */
  indent?: number;
  /** documents' keys in code-unit order (canonical text for comparisons and line diffs); default: the object's order */
  sortKeys?: boolean;
}

export interface ParseExtendedJsonOptions {
  /** most nested documents and arrays, the outermost included; default 100 */
  maxDepth?: number;
}

/** MongoDB's own nesting limit for documents. */
export const DEFAULT_MAX_DEPTH = 100;

// ---------------------------------------------------------------------------
// Writer
// ---------------------------------------------------------------------------

/** Past this the value is a cycle or not a document from MongoDB. */
const WRITER_MAX_DEPTH = 1000;
const MAX_ISO_DATE_MS = 253402300799999; // 9999-12-31T23:59:59.999Z

/** A wrapper key: quoted, and as the compact text that opens `{"key":` (and `{"key":"`) or continues `,"key":`. */
interface WrapperKey {
  quoted: string;
  open: string;
  openString: string;
  next: string;
}

function wrapperKey(name: string): WrapperKey {
  const quoted = `"${name}"`;
  return { quoted, open: `{${quoted}:`, openString: `{${quoted}:"`, next: `,${quoted}:` };
}

const K_INT = wrapperKey('$numberInt');
const K_LONG = wrapperKey('$numberLong');
const K_DOUBLE = wrapperKey('$numberDouble');
const K_DECIMAL = wrapperKey('$numberDecimal');
const K_DATE = wrapperKey('$date');
const K_OID = wrapperKey('$oid');
const K_BINARY = wrapperKey('$binary');
const K_BASE64 = wrapperKey('base64');
const K_SUBTYPE = wrapperKey('subType');
const K_REGEX = wrapperKey('$regularExpression');
const K_PATTERN = wrapperKey('pattern');
const K_OPTIONS = wrapperKey('options');
const K_TIMESTAMP = wrapperKey('$timestamp');
const K_T = wrapperKey('t');
const K_I = wrapperKey('i');
const K_MINKEY = wrapperKey('$minKey');
const K_MAXKEY = wrapperKey('$maxKey');
const K_SYMBOL = wrapperKey('$symbol');
const K_CODE = wrapperKey('$code');
const K_SCOPE = wrapperKey('$scope');

export const HEX_BYTE: string[] = Array.from({ length: 256 }, (_, i) => (i < 16 ? '0' : '') + i.toString(16));

/** Extended JSON v2 text of a value as the driver returns it with { promoteValues: false, bsonRegExp: true }. */
export function toExtendedJson(value: unknown, options: ToExtendedJsonOptions = {}): string {
  const mode = options.mode ?? 'relaxed';
  if (mode !== 'relaxed' && mode !== 'canonical') throw new TypeError(`unknown Extended JSON mode: ${String(mode)}`);
  const width = options.indent === undefined ? 0 : Math.min(10, Math.max(0, Math.floor(options.indent)));
  const writer = new ExtendedJsonWriter(mode === 'canonical', ' '.repeat(width), options.sortKeys === true);
  writer.value(value, 0);
  return writer.out.join('');
}

/**
 * Pushes the text in pieces onto one array, joined once at the end: constant
 * pieces cost nothing, and nothing is concatenated along the way.
 */
class ExtendedJsonWriter {
  readonly out: string[] = [];
  private readonly canonical: boolean;
  private readonly pretty: boolean;
  private readonly unit: string;
  /** newline plus indentation, per depth */
  private readonly newlines: string[] = [];

  private readonly sortKeys: boolean;

  constructor(canonical: boolean, unit: string, sortKeys = false) {
    this.canonical = canonical;
    this.unit = unit;
    this.pretty = unit !== '';
    this.sortKeys = sortKeys;
  }

  private nl(depth: number): string {
    let s = this.newlines[depth];
    if (s === undefined) {
      s = '\n' + this.unit.repeat(depth);
      this.newlines[depth] = s;
    }
    return s;
  }

  /** `{"key":` of a type wrapper at this depth */
  private open(k: WrapperKey, depth: number): void {
    if (this.pretty) this.out.push('{', this.nl(depth + 1), k.quoted, ': ');
    else this.out.push(k.open);
  }

  /** `,"key":` of a wrapper's second field */
  private next(k: WrapperKey, depth: number): void {
    if (this.pretty) this.out.push(',', this.nl(depth + 1), k.quoted, ': ');
    else this.out.push(k.next);
  }

  private close(depth: number): void {
    if (this.pretty) this.out.push(this.nl(depth), '}');
    else this.out.push('}');
  }

  /** `{"key": "text"}` */
  private wrapString(k: WrapperKey, text: string, depth: number): void {
    if (this.pretty) {
      this.open(k, depth);
      this.out.push('"', text, '"');
      this.close(depth);
    } else {
      this.out.push(k.openString, text, '"}');
    }
  }

  value(v: unknown, depth: number): void {
    switch (typeof v) {
      case 'string':
        this.out.push(quote(v));
        return;
      case 'number':
        this.number(v, depth);
        return;
      case 'boolean':
        this.out.push(v ? 'true' : 'false');
        return;
      case 'bigint':
        this.int64(BigInt.asIntN(64, v).toString(), depth);
        return;
      case 'undefined':
        // the driver writes undefined as null (its default ignoreUndefined: false)
        this.out.push('null');
        return;
      case 'object':
        if (v === null) this.out.push('null');
        else this.object(v, depth);
        return;
      default:
        throw new TypeError(`cannot write a ${typeof v} as Extended JSON: BSON has no such value`);
    }
  }

  private number(x: number, depth: number): void {
    // the driver's rule: an integer in int32 range is an int32, except -0
    if (Number.isInteger(x) && x >= -2147483648 && x <= 2147483647 && !(x === 0 && 1 / x < 0)) {
      if (this.canonical) this.wrapString(K_INT, String(x), depth);
      else this.out.push(String(x));
      return;
    }
    this.double(x, depth);
  }

  private double(x: number, depth: number): void {
    if (x !== x) this.wrapString(K_DOUBLE, 'NaN', depth);
    else if (x === Infinity) this.wrapString(K_DOUBLE, 'Infinity', depth);
    else if (x === -Infinity) this.wrapString(K_DOUBLE, '-Infinity', depth);
    else if (this.canonical || (x === 0 && 1 / x < 0)) this.wrapString(K_DOUBLE, formatDouble(x), depth);
    else this.out.push(formatDouble(x));
  }

  private int64(text: string, depth: number): void {
    if (this.canonical) this.wrapString(K_LONG, text, depth);
    else this.out.push(text);
  }

  private object(v: object, depth: number): void {
    if (depth >= WRITER_MAX_DEPTH) {
      throw new TypeError(
        `cannot write a value nested more than ${WRITER_MAX_DEPTH} levels deep as Extended JSON (a cycle?)`,
      );
    }
    const tag = (v as { _bsontype?: unknown })._bsontype;
    if (tag === undefined) {
      if (Array.isArray(v)) this.array(v, depth);
      else if (v instanceof Date) this.date(v, depth);
      else if (v instanceof Uint8Array) this.binary(v, v.length, 0, depth);
      else if (v instanceof RegExp) {
        // what the driver's serializer writes for a JS RegExp
        this.regex(v.source, (v.ignoreCase ? 'i' : '') + (v.multiline ? 'm' : '') + (v.global ? 's' : ''), depth);
      } else this.document(v as Record<string, unknown>, depth);
      return;
    }
    switch (tag) {
      case 'Int32': {
        const n = (v as Int32).value;
        if (this.canonical) this.wrapString(K_INT, String(n), depth);
        else this.out.push(String(n));
        return;
      }
      case 'Double':
        this.double((v as Double).value, depth);
        return;
      case 'Long':
        this.int64(longText(v as Long), depth);
        return;
      case 'ObjectId':
      case 'ObjectID':
        this.wrapString(K_OID, (v as ObjectId).toHexString(), depth);
        return;
      case 'Decimal128':
        this.wrapString(K_DECIMAL, decimalText(v as Decimal128), depth);
        return;
      case 'Binary': {
        const b = v as Binary;
        this.binary(b.buffer, b.position, b.sub_type, depth);
        return;
      }
      case 'BSONRegExp': {
        const r = v as BSONRegExp;
        this.regex(r.pattern, r.options, depth);
        return;
      }
      case 'Timestamp': {
        const t = v as Timestamp;
        this.open(K_TIMESTAMP, depth);
        this.open(K_T, depth + 1);
        this.out.push(String(t.high >>> 0));
        this.next(K_I, depth + 1);
        this.out.push(String(t.low >>> 0));
        this.close(depth + 1);
        this.close(depth);
        return;
      }
      case 'MinKey':
      case 'MaxKey':
        this.open(tag === 'MinKey' ? K_MINKEY : K_MAXKEY, depth);
        this.out.push('1');
        this.close(depth);
        return;
      case 'BSONSymbol':
      case 'Symbol':
        this.open(K_SYMBOL, depth);
        this.out.push(quote(String((v as BSONSymbol).value)));
        this.close(depth);
        return;
      case 'Code': {
        const c = v as Code;
        this.open(K_CODE, depth);
        this.out.push(quote(String(c.code)));
        // the driver writes code_w_scope exactly when scope is an object
        if (c.scope && typeof c.scope === 'object') {
          this.next(K_SCOPE, depth);
          this.document(c.scope, depth + 1);
        }
        this.close(depth);
        return;
      }
      case 'DBRef':
        this.dbRef(v as DBRef, depth);
        return;
      default:
        throw new TypeError(`cannot write BSON type ${String(tag)} as Extended JSON`);
    }
  }

  private array(arr: unknown[], depth: number): void {
    const n = arr.length;
    if (n === 0) {
      this.out.push('[]');
      return;
    }
    const out = this.out;
    if (this.pretty) {
      const inner = this.nl(depth + 1);
      for (let i = 0; i < n; i++) {
        out.push(i === 0 ? '[' : ',', inner);
        this.value(arr[i], depth + 1);
      }
      out.push(this.nl(depth), ']');
    } else {
      out.push('[');
      for (let i = 0; i < n; i++) {
        if (i > 0) out.push(',');
        this.value(arr[i], depth + 1);
      }
      out.push(']');
    }
  }

  private document(doc: Record<string, unknown>, depth: number): void {
    const keys = this.sortKeys ? Object.keys(doc).sort() : Object.keys(doc);
    const n = keys.length;
    if (n === 0) {
      this.out.push('{}');
      return;
    }
    for (let i = 0; i < n; i++) this.member(i, keys[i]!, doc[keys[i]!], depth);
    this.close(depth);
  }

  /** `{"key":value` or `,"key":value` of a document at this depth */
  private member(i: number, key: string, value: unknown, depth: number): void {
    if (this.pretty) this.out.push(i === 0 ? '{' : ',', this.nl(depth + 1), quote(key), ': ');
    else this.out.push(i === 0 ? '{' : ',', keyText(key));
    this.value(value, depth + 1);
  }

  private dbRef(ref: DBRef, depth: number): void {
    // the order the driver serializes: $ref, $id, $db (when not null), the other fields
    this.member(0, '$ref', String(ref.collection), depth);
    this.member(1, '$id', ref.oid, depth);
    let i = 2;
    if (ref.db != null) this.member(i++, '$db', String(ref.db), depth);
    const fields = ref.fields as Record<string, unknown> | undefined;
    if (fields) for (const key of Object.keys(fields)) this.member(i++, key, fields[key], depth);
    this.close(depth);
  }

  private date(d: Date, depth: number): void {
    const ms = d.getTime();
    if (ms !== ms) throw new TypeError('cannot write an invalid Date as Extended JSON');
    if (!this.canonical && ms >= 0 && ms <= MAX_ISO_DATE_MS) {
      this.wrapString(K_DATE, isoDate(ms), depth);
    } else {
      this.open(K_DATE, depth);
      this.wrapString(K_LONG, String(ms), depth + 1);
      this.close(depth);
    }
  }

  private binary(bytes: Uint8Array, length: number, subType: number, depth: number): void {
    this.open(K_BINARY, depth);
    this.open(K_BASE64, depth + 1);
    this.out.push('"', Buffer.from(bytes.buffer, bytes.byteOffset, length).toString('base64'), '"');
    this.next(K_SUBTYPE, depth + 1);
    this.out.push('"', HEX_BYTE[subType & 0xff]!, '"');
    this.close(depth + 1);
    this.close(depth);
  }

  private regex(pattern: string, options: string, depth: number): void {
    this.open(K_REGEX, depth);
    this.open(K_PATTERN, depth + 1);
    this.out.push(quote(pattern));
    this.next(K_OPTIONS, depth + 1);
    this.out.push(quote(sortedOptions(options)));
    this.close(depth + 1);
    this.close(depth);
  }
}

/** The signed decimal text of a Long's 64 bits (an unsigned Long is stored as those bits). */
function longText(l: Long): string {
  const hi = l.high;
  const lo = l.low;
  // exact as a JS number below 2^53 in magnitude
  if (hi >= -0x200000 && hi < 0x200000) return String(hi * 4294967296 + (lo >>> 0));
  return ((BigInt(hi) << 32n) + BigInt(lo >>> 0)).toString();
}

/**
 * A finite double as Python's repr(float): shortest round-trip digits (the
 * same digits JS picks), fixed notation from 1e-4 up to 1e16 with ".0" on
 * integers, otherwise d[.ddd]e±XX.
 */
export function formatDouble(x: number): string {
  if (x === 0) return 1 / x < 0 ? '-0.0' : '0.0';
  const a = x < 0 ? -x : x;
  if (a >= 1e-4 && a < 1e16) {
    const s = String(x);
    return Number.isInteger(x) ? s + '.0' : s;
  }
  const s = String(a);
  let digits: string;
  let exp: number;
  const e = s.indexOf('e');
  if (e !== -1) {
    const mantissa = s.slice(0, e);
    exp = Number(s.slice(e + 1));
    digits = mantissa.length > 1 ? mantissa[0] + mantissa.slice(2) : mantissa;
  } else if (a >= 1) {
    // 1e16 <= a < 1e21: JS writes all the integer digits
    let end = s.length;
    while (s.charCodeAt(end - 1) === 48) end--;
    digits = s.slice(0, end);
    exp = s.length - 1;
  } else {
    // 1e-7 <= a < 1e-4: "0.0000ddd"
    let i = 2;
    while (s.charCodeAt(i) === 48) i++;
    digits = s.slice(i);
    exp = 1 - i;
  }
  let out = x < 0 ? '-' : '';
  out += digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits;
  if (exp < 0) out += exp > -10 ? 'e-0' + -exp : 'e-' + -exp;
  else out += exp < 10 ? 'e+0' + exp : 'e+' + exp;
  return out;
}

/**
 * The Decimal128 string (the decimal128 spec's to-string, as the driver's
 * toString writes it), computed directly when the coefficient is below 2^53,
 * which is nearly always; the driver's own, slower, routine otherwise.
 */
export function decimalText(d: Decimal128): string {
  const b = d.bytes;
  const high = b[12]! | (b[13]! << 8) | (b[14]! << 16) | (b[15]! << 24);
  const midh = b[8]! | (b[9]! << 8) | (b[10]! << 16) | (b[11]! << 24);
  const midl = (b[4]! | (b[5]! << 8) | (b[6]! << 16) | (b[7]! << 24)) >>> 0;
  const low = (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
  // NaN, infinities and the wide-coefficient form, or a coefficient of 2^53 or more
  if (((high >> 26) & 0x18) === 0x18 || (high & 0x1ffff) !== 0 || midh !== 0 || midl > 0x1fffff) return d.toString();
  const digits = String(midl * 4294967296 + low);
  const exponent = ((high >>> 17) & 0x3fff) - 6176;
  const sign = high < 0 ? '-' : '';
  const n = digits.length;
  const scientific = n - 1 + exponent;
  if (scientific >= 34 || scientific <= -7 || exponent > 0) {
    return sign + (n > 1 ? digits[0] + '.' + digits.slice(1) : digits) + (scientific > 0 ? 'E+' : 'E') + scientific;
  }
  if (exponent === 0) return sign + digits;
  const point = n + exponent;
  return point > 0
    ? sign + digits.slice(0, point) + '.' + digits.slice(point)
    : sign + '0.' + '0'.repeat(-point) + digits;
}

/** "YYYY-MM-DDTHH:MM:SS[.mmm]Z" for ms in 1970..9999, built in one go (toISOString is slow). */
export function isoDate(ms: number): string {
  const days = Math.floor(ms / 86400000);
  let rest = ms - days * 86400000;
  // civil from days (Howard Hinnant's algorithm)
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const hour = Math.floor(rest / 3600000);
  rest -= hour * 3600000;
  const minute = Math.floor(rest / 60000);
  rest -= minute * 60000;
  const second = Math.floor(rest / 1000);
  const milli = rest - second * 1000;
  const D = 48; // '0'
  const y = String.fromCharCode(
    D + Math.floor(year / 1000),
    D + (Math.floor(year / 100) % 10),
    D + (Math.floor(year / 10) % 10),
    D + (year % 10),
  );
  const head =
    y +
    String.fromCharCode(
      45,
      D + Math.floor(month / 10),
      D + (month % 10),
      45,
      D + Math.floor(day / 10),
      D + (day % 10),
      84,
      D + Math.floor(hour / 10),
      D + (hour % 10),
      58,
      D + Math.floor(minute / 10),
      D + (minute % 10),
      58,
      D + Math.floor(second / 10),
      D + (second % 10),
    );
  if (milli === 0) return head + 'Z';
  return (
    head + String.fromCharCode(46, D + Math.floor(milli / 100), D + (Math.floor(milli / 10) % 10), D + (milli % 10), 90)
  );
}

// field names repeat from record to record: their `"name":` text is kept (up to a bound)
const KEY_TEXT_CACHE = new Map<string, string>();
const KEY_TEXT_CACHE_MAX = 4096;

/** `"key":` */
export function keyText(key: string): string {
  let text = KEY_TEXT_CACHE.get(key);
  if (text === undefined) {
    text = quote(key) + ':';
    if (KEY_TEXT_CACHE.size < KEY_TEXT_CACHE_MAX && key.length <= 64) KEY_TEXT_CACHE.set(key, text);
  }
  return text;
}

export function sortedOptions(options: string): string {
  for (let i = 1; i < options.length; i++) {
    if (options.charCodeAt(i) < options.charCodeAt(i - 1)) return options.split('').sort().join('');
  }
  return options;
}

// what a JSON string cannot hold raw, or what we escape for safety (U+2028/9), or what needs a look (surrogates)
const NEEDS_ESCAPE = /[\u0000-\u001f"\\\u2028\u2029\ud800-\udfff]/;
const SURROGATE = /[\ud800-\udfff]/;
const LONE_SURROGATES = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const LINE_SEPARATOR = /[\u2028\u2029]/;
const LINE_SEPARATORS = /[\u2028\u2029]/g;

/** A JSON string literal. */
export function quote(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return '"' + s + '"';
  // a lone surrogate becomes U+FFFD, which is what BSON's UTF-8 stores for it
  if (SURROGATE.test(s)) s = s.replace(LONE_SURROGATES, '\ufffd');
  // JSON.stringify escapes exactly ", \ and control characters (\b \t \n \f \r, else \u00xx)
  const q = JSON.stringify(s);
  return LINE_SEPARATOR.test(s) ? q.replace(LINE_SEPARATORS, (c) => (c === '\u2028' ? '\\u2028' : '\\u2029')) : q;
}

// ---------------------------------------------------------------------------
// Reader
// ---------------------------------------------------------------------------

/** A syntax or type-wrapper error in Extended JSON text, with where it is (1-based, in characters). */
export class ExtendedJsonSyntaxError extends UsageError {
  readonly line: number;
  readonly column: number;
  /** 0-based UTF-16 offset into the text */
  readonly offset: number;
  constructor(problem: string, expectation: string, where: { line: number; column: number; offset: number }) {
    super(`${problem} at line ${where.line}, column ${where.column}: ${expectation}`);
    this.line = where.line;
    this.column = where.column;
    this.offset = where.offset;
  }
}

/** Type wrapper keys that name the type. */
const WRAPPER_KEYS = new Set([
  '$oid',
  '$symbol',
  '$numberInt',
  '$numberLong',
  '$numberDouble',
  '$numberDecimal',
  '$binary',
  '$code',
  '$timestamp',
  '$regularExpression',
  '$dbPointer',
  '$date',
  '$minKey',
  '$maxKey',
  '$undefined',
  '$uuid',
  '$regex',
]);
/** Keys that go with a wrapper key: $binary + $type (legacy), $code + $scope, $regex + $options (legacy). */
const COMPANION_KEYS: Record<string, string> = { $type: '$binary', $scope: '$code', $options: '$regex' };
const DBREF_KEYS = new Set(['$ref', '$id', '$db']);
/** Wrappers the fast path reads when their value is a string, a number or true (or, for $date, a $numberLong wrapper). */
const SIMPLE_WRAPPER_KEYS = new Set([
  '$oid',
  '$symbol',
  '$numberInt',
  '$numberLong',
  '$numberDouble',
  '$numberDecimal',
  '$date',
  '$minKey',
  '$maxKey',
  '$undefined',
  '$uuid',
  '$code',
  '$regex',
]);
const NOT_SIMPLE = Symbol('not a simple wrapper');

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const MAX_DATE_MS = 8.64e15; // what a JS Date holds
const MESSAGE_EXCERPT = 40;

/** An open object or array while parsing. */
class Frame {
  readonly isArray: boolean;
  readonly container: Record<string, unknown> | unknown[];
  readonly start: number;
  readonly parent: Frame | null;
  /** BSON nesting level of what is inside (type wrappers and their payloads add none) */
  level: number;
  /** a type wrapper object ({"$date": ...}) */
  wrapper = false;
  /** inside a wrapper ({"base64", "subType"}): not a document of its own */
  readonly payload: boolean;
  key = '';
  nkeys = 0;
  dollar = false;
  valueStart = 0;
  constructor(isArray: boolean, start: number, parent: Frame | null) {
    this.isArray = isArray;
    this.container = isArray ? [] : {};
    this.start = start;
    this.parent = parent;
    this.payload = parent !== null && (parent.payload || (parent.wrapper && parent.key !== '$scope'));
    this.level = parent === null ? 1 : this.payload ? parent.level : parent.level + 1;
  }
}

/**
 * Parses Extended JSON v2 (relaxed or canonical, and the legacy forms
 * mongoimport accepts) into values the driver writes back with the same BSON
 * types. Throws ExtendedJsonSyntaxError with 1-based line and column.
 */
export function parseExtendedJson(text: string, options: ParseExtendedJsonOptions = {}): unknown {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  if (!Number.isInteger(maxDepth) || maxDepth < 1)
    throw new RangeError(`maxDepth must be a positive integer, got ${String(maxDepth)}`);
  return new ExtendedJsonParser(text, maxDepth).parse();
}

class ExtendedJsonParser {
  private readonly text: string;
  private readonly n: number;
  private readonly maxDepth: number;
  /** JSON nesting cap: wrappers and payloads can at most double the BSON depth, plus a few */
  private readonly maxFrames: number;
  private pos = 0;

  constructor(text: string, maxDepth: number) {
    this.text = text;
    this.n = text.length;
    this.maxDepth = maxDepth;
    this.maxFrames = 2 * maxDepth + 8;
  }

  parse(): unknown {
    const text = this.text;
    const n = this.n;
    if (text.charCodeAt(0) === 0xfeff) this.pos = 1; // a byte order mark from an editor
    let top: Frame | null = null;
    let frames = 0;
    let value: unknown;
    for (;;) {
      // a value starts here
      let pos = this.skipWhitespace(this.pos);
      if (top !== null && !top.isArray) top.valueStart = pos;
      if (pos >= n) this.fail(pos, 'unexpected end of input', 'expected a value');
      const c = text.charCodeAt(pos);
      if (c === 0x7b /* { */ && (value = this.trySimpleWrapper(pos, false)) !== NOT_SIMPLE) {
        // a one-field type wrapper, already read
      } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
        const isArray = c === 0x5b;
        if (++frames > this.maxFrames) this.failDepth(pos);
        const frame: Frame = new Frame(isArray, pos, top);
        pos = this.skipWhitespace(pos + 1);
        const close = isArray ? 0x5d : 0x7d;
        if (text.charCodeAt(pos) === close) {
          if (!frame.payload && frame.level > this.maxDepth) this.failDepth(frame.start);
          this.pos = pos + 1;
          frames--;
          value = frame.container;
        } else {
          top = frame;
          if (isArray) {
            if (!frame.payload && frame.level > this.maxDepth) this.failDepth(frame.start);
            this.pos = pos;
          } else {
            this.pos = pos;
            this.readKey(frame);
          }
          continue;
        }
      } else if (c === 0x22 /* " */) {
        value = this.readString(pos);
      } else if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
        value = this.readNumber(pos);
      } else if (c === 0x74 /* t */ && text.startsWith('true', pos)) {
        value = true;
        this.pos = pos + 4;
      } else if (c === 0x66 /* f */ && text.startsWith('false', pos)) {
        value = false;
        this.pos = pos + 5;
      } else if (c === 0x6e /* n */ && text.startsWith('null', pos)) {
        value = null;
        this.pos = pos + 4;
      } else {
        this.fail(pos, `unexpected ${this.describeAt(pos)}`, 'expected a value');
      }

      // a value ended: put it in its container, closing containers as they end
      for (;;) {
        if (top === null) {
          const end = this.skipWhitespace(this.pos);
          if (end < n) this.fail(end, `unexpected ${this.describeAt(end)} after the value`, 'expected end of input');
          return value;
        }
        const p = this.skipWhitespace(this.pos);
        const d = text.charCodeAt(p);
        if (top.isArray) {
          (top.container as unknown[]).push(value);
          if (d === 0x2c /* , */) {
            this.pos = p + 1;
            break;
          }
          if (d === 0x5d /* ] */) {
            this.pos = p + 1;
            value = top.container;
            top = top.parent;
            frames--;
            continue;
          }
          this.fail(p, `unexpected ${this.describeAt(p)} in an array`, "expected ',' or ']'");
        } else {
          setOwn(top.container as Record<string, unknown>, top.key, value);
          if (d === 0x2c /* , */) {
            this.pos = this.skipWhitespace(p + 1);
            this.readKey(top);
            break;
          }
          if (d === 0x7d /* } */) {
            this.pos = p + 1;
            value = top.dollar ? this.finishDollarObject(top) : top.container;
            top = top.parent;
            frames--;
            continue;
          }
          this.fail(p, `unexpected ${this.describeAt(p)} in an object`, "expected ',' or '}'");
        }
      }
    }
  }

  private skipWhitespace(pos: number): number {
    const text = this.text;
    const n = this.n;
    while (pos < n) {
      const c = text.charCodeAt(pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) pos++;
      else break;
    }
    return pos;
  }

  /** Reads `"key" :` at this.pos into the frame. */
  private readKey(frame: Frame): void {
    const pos = this.pos;
    if (this.text.charCodeAt(pos) !== 0x22) {
      this.fail(
        pos,
        pos >= this.n ? 'unexpected end of input' : `unexpected ${this.describeAt(pos)}`,
        'expected a field name in double quotes',
      );
    }
    const key = this.readString(pos);
    if (key.includes('\u0000'))
      this.fail(pos, `field name ${excerpt(key)} holds a NUL character`, 'BSON field names cannot contain U+0000');
    if (key.charCodeAt(0) === 0x24 /* $ */) {
      const isWrapperKey = WRAPPER_KEYS.has(key) || Object.hasOwn(COMPANION_KEYS, key);
      if (!isWrapperKey && !DBREF_KEYS.has(key)) {
        this.fail(
          pos,
          `field names may not start with '$': ${excerpt(key)}`,
          'expected a plain field name or an Extended JSON type wrapper such as {"$oid": ...}',
        );
      }
      frame.dollar = true;
      if (frame.nkeys === 0 && isWrapperKey) {
        // a type wrapper stands for one value: it adds no nesting level
        frame.wrapper = true;
        if (!frame.payload) frame.level--;
      }
    }
    if (frame.nkeys === 0 && !frame.payload && frame.level > this.maxDepth) this.failDepth(frame.start);
    if (Object.hasOwn(frame.container, key))
      this.fail(pos, `duplicate field name ${excerpt(key)}`, 'expected each field name once per document');
    frame.key = key;
    frame.nkeys++;
    const colon = this.skipWhitespace(this.pos);
    if (this.text.charCodeAt(colon) !== 0x3a /* : */) {
      this.fail(
        colon,
        colon >= this.n ? 'unexpected end of input' : `unexpected ${this.describeAt(colon)}`,
        "expected ':' after the field name",
      );
    }
    this.pos = colon + 1;
  }

  /** Reads the string literal whose quote is at `start`; leaves this.pos after it. */
  private readString(start: number): string {
    const text = this.text;
    const n = this.n;
    let i = start + 1;
    let chunkStart = i;
    let out = '';
    for (;;) {
      if (i >= n) this.fail(start, 'unterminated string', 'expected a closing double quote');
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        this.pos = i + 1;
        return chunkStart === start + 1 ? text.slice(chunkStart, i) : out + text.slice(chunkStart, i);
      }
      if (c === 0x5c /* \ */) {
        out += text.slice(chunkStart, i);
        const e = text.charCodeAt(i + 1);
        switch (e) {
          case 0x22:
            out += '"';
            break;
          case 0x5c:
            out += '\\';
            break;
          case 0x2f:
            out += '/';
            break;
          case 0x62:
            out += '\b';
            break;
          case 0x66:
            out += '\f';
            break;
          case 0x6e:
            out += '\n';
            break;
          case 0x72:
            out += '\r';
            break;
          case 0x74:
            out += '\t';
            break;
          case 0x75 /* u */: {
            const u = this.readHex4(i);
            if (u >= 0xd800 && u <= 0xdbff) {
              const low =
                text.charCodeAt(i + 6) === 0x5c && text.charCodeAt(i + 7) === 0x75 ? this.readHex4(i + 6) : -1;
              if (low < 0xdc00 || low > 0xdfff) {
                this.fail(
                  i,
                  `lone surrogate escape ${text.slice(i, i + 6)}`,
                  'expected a low surrogate escape (\\udc00-\\udfff) right after it: BSON strings are UTF-8',
                );
              }
              out += String.fromCharCode(u, low);
              i += 6;
            } else if (u >= 0xdc00 && u <= 0xdfff) {
              this.fail(
                i,
                `lone surrogate escape ${text.slice(i, i + 6)}`,
                'expected a high surrogate escape (\\ud800-\\udbff) before it: BSON strings are UTF-8',
              );
            } else {
              out += String.fromCharCode(u);
            }
            i += 4;
            break;
          }
          default:
            if (i + 1 >= n) this.fail(start, 'unterminated string', 'expected a closing double quote');
            this.fail(
              i,
              `invalid escape \\${this.charText(i + 1)} in a string`,
              'expected one of \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX',
            );
        }
        i += 2;
        chunkStart = i;
        continue;
      }
      if (c < 0x20) {
        this.fail(
          i,
          `unescaped control character U+${hex4(c)} in a string`,
          'expected it written as an escape such as \\n or \\u0000',
        );
      }
      if (c >= 0xd800 && c <= 0xdfff) {
        const d = text.charCodeAt(i + 1);
        if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
          i += 2;
          continue;
        }
        this.fail(i, `unpaired surrogate U+${hex4(c)} in a string`, 'expected valid Unicode: BSON strings are UTF-8');
      }
      i++;
    }
  }

  /** The 4 hex digits of the \u escape at `i` (the backslash). */
  private readHex4(i: number): number {
    let u = 0;
    for (let k = i + 2; k < i + 6; k++) {
      const h = hexValue(this.text.charCodeAt(k));
      if (h < 0) {
        if (k >= this.n) this.fail(k, 'unexpected end of input in a \\u escape', 'expected 4 hexadecimal digits');
        this.fail(k, `unexpected ${this.describeAt(k)} in a \\u escape`, 'expected 4 hexadecimal digits');
      }
      u = u * 16 + h;
    }
    return u;
  }

  private readNumber(start: number): Int32 | Long | Double {
    const text = this.text;
    let i = start;
    const negative = text.charCodeAt(i) === 0x2d;
    if (negative) i++;
    let c = text.charCodeAt(i);
    if (c === 0x30) {
      i++;
      c = text.charCodeAt(i);
      if (c >= 0x30 && c <= 0x39)
        this.fail(i - 1, 'number with a leading zero', 'expected no leading zeros (write 7, not 07)');
    } else if (c >= 0x31 && c <= 0x39) {
      do c = text.charCodeAt(++i);
      while (c >= 0x30 && c <= 0x39);
    } else {
      this.failInNumber(i, 'expected a digit');
    }
    const intEnd = i;
    let integer = true;
    if (c === 0x2e /* . */) {
      integer = false;
      c = text.charCodeAt(++i);
      if (!(c >= 0x30 && c <= 0x39)) this.failInNumber(i, "expected a digit after '.'");
      do c = text.charCodeAt(++i);
      while (c >= 0x30 && c <= 0x39);
    }
    if (c === 0x65 || c === 0x45 /* e E */) {
      integer = false;
      c = text.charCodeAt(++i);
      if (c === 0x2b || c === 0x2d) c = text.charCodeAt(++i);
      if (!(c >= 0x30 && c <= 0x39)) this.failInNumber(i, 'expected a digit in the exponent');
      do c = text.charCodeAt(++i);
      while (c >= 0x30 && c <= 0x39);
    }
    this.pos = i;
    const lexeme = text.slice(start, i);
    if (integer) {
      const digits = intEnd - start - (negative ? 1 : 0);
      if (digits <= 9) return new Int32(+lexeme); // "-0" is 0
      if (digits <= 15) {
        const v = +lexeme;
        return v >= -2147483648 && v <= 2147483647 ? new Int32(v) : Long.fromNumber(v);
      }
      if (digits <= 19) {
        const b = BigInt(lexeme);
        if (b >= INT64_MIN && b <= INT64_MAX) return Long.fromBigInt(b);
      }
      // beyond int64: a double, as the spec says
    }
    const d = +lexeme;
    if (d === Infinity || d === -Infinity) {
      const shown = lexeme.length > MESSAGE_EXCERPT ? lexeme.slice(0, MESSAGE_EXCERPT) + '...' : lexeme;
      this.fail(start, `number ${shown} is out of range`, 'expected a magnitude below 1.8e308 (a double)');
    }
    return new Double(d);
  }

  // --- type wrappers -------------------------------------------------------

  /** The value a closed object with `$` keys stands for: a wrapped BSON value or a DBRef. */
  private finishDollarObject(f: Frame): unknown {
    const obj = f.container as Record<string, unknown>;
    const keys = Object.keys(obj);
    let main = '';
    for (const k of keys) {
      if (!WRAPPER_KEYS.has(k)) continue;
      if (main !== '')
        this.fail(
          f.start,
          `conflicting type wrapper fields "${main}" and "${k}"`,
          'expected one type wrapper per object',
        );
      main = k;
    }
    if (main === '') {
      if (keys.some((k) => DBREF_KEYS.has(k))) return this.dbRef(f, obj, keys);
      const lone = keys.find((k) => Object.hasOwn(COMPANION_KEYS, k))!;
      this.fail(
        f.start,
        `field names may not start with '$': "${lone}"`,
        `expected "${lone}" only together with "${COMPANION_KEYS[lone]}"`,
      );
    }
    // the position of the one value for one-key wrappers; the object for the others
    const at = keys.length === 1 ? f.valueStart : f.start;
    const v = obj[main];
    switch (main) {
      case '$binary':
        return this.binary(f, obj, keys, at);
      case '$code': {
        this.allowedKeys(f, keys, main, ['$code', '$scope']);
        if (typeof v !== 'string') this.badValue(at, main, 'a string of JavaScript code', v);
        if (!Object.hasOwn(obj, '$scope')) return new Code(v as string);
        const scope = obj.$scope;
        if (!isPlainDocument(scope))
          this.fail(f.start, 'invalid $scope', `expected a document, found ${describeValue(scope)}`);
        return new Code(v as string, scope as Record<string, unknown>);
      }
      case '$regex': {
        this.allowedKeys(f, keys, main, ['$regex', '$options']);
        const options = Object.hasOwn(obj, '$options') ? obj.$options : '';
        if (typeof v !== 'string')
          this.badValue(at, main, "a string pattern (a query filter's $regex operator is not a stored value)", v);
        if (typeof options !== 'string')
          this.fail(
            f.start,
            'invalid $options',
            `expected a string of i, l, m, s, u, x, found ${describeValue(options)}`,
          );
        return this.regex(at, main, v as string, options as string);
      }
      default:
        this.onlyKeys(f, keys, main);
        return this.singleWrapper(main, v, at);
    }
  }

  /**
   * The fast path for the commonest wrappers: `{"$key": <string, number or
   * true>}` and `{"$date": {"$numberLong": "..."}}`, read without a frame.
   * NOT_SIMPLE when the object at `start` is anything else; the caller then
   * reads it the general way from `start` again.
   */
  private trySimpleWrapper(start: number, nested: boolean): unknown {
    const text = this.text;
    const k = this.skipWhitespace(start + 1);
    if (text.charCodeAt(k) !== 0x22 || text.charCodeAt(k + 1) !== 0x24) return NOT_SIMPLE;
    const key = this.readString(k);
    if (!SIMPLE_WRAPPER_KEYS.has(key)) return NOT_SIMPLE;
    let p = this.skipWhitespace(this.pos);
    if (text.charCodeAt(p) !== 0x3a) return NOT_SIMPLE;
    p = this.skipWhitespace(p + 1);
    const c = text.charCodeAt(p);
    let v: unknown;
    if (c === 0x22) v = this.readString(p);
    else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) v = this.readNumber(p);
    else if (c === 0x74 && text.startsWith('true', p)) {
      v = true;
      this.pos = p + 4;
    } else if (c === 0x7b && key === '$date' && !nested) {
      v = this.trySimpleWrapper(p, true);
      if (v === NOT_SIMPLE) return NOT_SIMPLE;
    } else return NOT_SIMPLE;
    const end = this.skipWhitespace(this.pos);
    if (text.charCodeAt(end) !== 0x7d) return NOT_SIMPLE;
    this.pos = end + 1;
    return this.singleWrapper(key, v, p);
  }

  /** The value of a one-field type wrapper `{main: v}`; `at` is where v starts. */
  private singleWrapper(main: string, v: unknown, at: number): unknown {
    switch (main) {
      case '$oid': {
        const bytes = typeof v === 'string' && v.length === 24 ? hexBytes(v) : undefined;
        if (bytes === undefined) return this.badValue(at, main, 'a string of 24 hexadecimal digits', v);
        return new ObjectId(bytes);
      }
      case '$symbol':
        if (typeof v !== 'string') this.badValue(at, main, 'a string', v);
        return new BSONSymbol(v as string);
      case '$numberInt': {
        if (typeof v !== 'string' || !/^-?[0-9]{1,10}$/.test(v))
          return this.badValue(at, main, 'a string holding a 32-bit integer', v);
        const i = Number(v);
        if (i < -2147483648 || i > 2147483647) this.badValue(at, main, 'a string holding a 32-bit integer', v);
        return new Int32(i);
      }
      case '$numberLong':
        return this.int64(at, main, v);
      case '$numberDouble': {
        if (typeof v !== 'string')
          this.badValue(at, main, 'a string holding a double, "Infinity", "-Infinity" or "NaN"', v);
        const s = v as string;
        if (s === 'NaN') return new Double(NaN);
        if (s === 'Infinity') return new Double(Infinity);
        if (s === '-Infinity') return new Double(-Infinity);
        if (!/^-?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/.test(s))
          this.badValue(at, main, 'a string holding a double, "Infinity", "-Infinity" or "NaN"', v);
        const d = Number(s);
        if (!Number.isFinite(d)) this.badValue(at, main, 'a double below 1.8e308 in magnitude', v);
        return new Double(d);
      }
      case '$numberDecimal': {
        if (typeof v !== 'string') this.badValue(at, main, 'a string holding a decimal number', v);
        try {
          return parseDecimal(v as string);
        } catch {
          return this.badValue(
            at,
            main,
            'a string holding a decimal number with at most 34 significant digits, "NaN" or "Infinity"',
            v,
          );
        }
      }
      case '$uuid': {
        const hex = typeof v === 'string' ? uuidHex(v) : undefined;
        if (hex === undefined)
          this.badValue(at, main, 'a UUID string such as "c8edabc3-f738-4ca3-b68d-ab92a91478a3"', v);
        return new Binary(Buffer.from(hex!, 'hex'), Binary.SUBTYPE_UUID);
      }
      case '$timestamp': {
        const t = isPlainDocument(v) ? v : undefined;
        const tk = t === undefined ? [] : Object.keys(t);
        const tt = t === undefined ? -1 : uint32(t.t);
        const ti = t === undefined ? -1 : uint32(t.i);
        if (tk.length !== 2 || tt < 0 || ti < 0)
          this.badValue(at, main, '{"t": <integer 0..4294967295>, "i": <integer 0..4294967295>}', v);
        return new Timestamp({ t: tt, i: ti });
      }
      case '$regularExpression': {
        const r = isPlainDocument(v) ? v : undefined;
        const expected = '{"pattern": <string>, "options": <string of i, l, m, s, u, x>}';
        if (
          r === undefined ||
          Object.keys(r).length !== 2 ||
          typeof r.pattern !== 'string' ||
          typeof r.options !== 'string'
        )
          this.badValue(at, main, expected, v);
        return this.regex(at, main, r!.pattern as string, r!.options as string);
      }
      case '$dbPointer': {
        const ok =
          v instanceof DBRef && v.db === undefined && Object.keys(v.fields).length === 0 && v.oid instanceof ObjectId;
        if (!ok) this.badValue(at, main, '{"$ref": <namespace string>, "$id": {"$oid": ...}}', v);
        return makeDbRef((v as DBRef).collection, (v as DBRef).oid, undefined, {});
      }
      case '$date':
        return this.date(at, v);
      case '$minKey':
      case '$maxKey':
        if (!(v instanceof Int32) || v.value !== 1) this.badValue(at, main, 'the number 1', v);
        return main === '$minKey' ? new MinKey() : new MaxKey();
      case '$undefined':
        if (v !== true) this.badValue(at, main, 'true', v);
        return null; // the driver cannot write BSON undefined; it writes null
      default:
        // $code and $regex on their own, from the fast path (the general path reads them with their companions)
        if (main === '$code' && typeof v === 'string') return new Code(v);
        if (main === '$regex' && typeof v === 'string') return this.regex(at, main, v, '');
        return this.badValue(at, main, main === '$code' ? 'a string of JavaScript code' : 'a string pattern', v);
    }
  }

  private onlyKeys(f: Frame, keys: string[], main: string): void {
    if (keys.length === 1) return;
    const extra = keys.find((k) => k !== main)!;
    this.fail(f.start, `invalid ${main} wrapper`, `expected no field beside "${main}", found ${excerpt(extra)}`);
  }

  private allowedKeys(f: Frame, keys: string[], main: string, allowed: string[]): void {
    const extra = keys.find((k) => !allowed.includes(k));
    if (extra !== undefined)
      this.fail(
        f.start,
        `invalid ${main} wrapper`,
        `expected only ${allowed.map((k) => `"${k}"`).join(' and ')}, found ${excerpt(extra)}`,
      );
  }

  private badValue(at: number, main: string, expected: string, found: unknown): never {
    return this.fail(at, `invalid ${main} value`, `expected ${expected}, found ${describeValue(found)}`);
  }

  private int64(at: number, main: string, v: unknown): Long {
    if (v instanceof Int32) return Long.fromNumber(v.value); // legacy: a number instead of a string
    if (v instanceof Long) return v;
    if (typeof v !== 'string' || !/^-?[0-9]{1,19}$/.test(v))
      return this.badValue(at, main, 'a string holding a 64-bit integer', v);
    if (v.length <= 15) return Long.fromNumber(Number(v)); // exact below 2^53
    const b = BigInt(v);
    if (b < INT64_MIN || b > INT64_MAX) this.badValue(at, main, 'a string holding a 64-bit integer', v);
    return Long.fromBigInt(b);
  }

  private binary(f: Frame, obj: Record<string, unknown>, keys: string[], at: number): Binary {
    const v = obj.$binary;
    let base64: unknown;
    let subType: number;
    if (typeof v === 'string') {
      // legacy {"$binary": "<base64>", "$type": "<hex>"}
      this.allowedKeys(f, keys, '$binary', ['$binary', '$type']);
      if (!Object.hasOwn(obj, '$type')) {
        this.fail(
          f.start,
          'invalid legacy $binary wrapper',
          'expected "$type" beside a "$binary" string, or {"$binary": {"base64": ..., "subType": ...}}',
        );
      }
      const t = obj.$type;
      subType =
        t instanceof Int32 && t.value >= 0 && t.value <= 255 ? t.value : typeof t === 'string' ? hexSubType(t) : -1;
      if (subType < 0)
        this.fail(
          f.start,
          'invalid $type',
          `expected a binary subtype as 1 or 2 hexadecimal digits, found ${describeValue(t)}`,
        );
      base64 = v;
    } else {
      this.onlyKeys(f, keys, '$binary');
      const expected = '{"base64": <padded base64 string>, "subType": <1 or 2 hexadecimal digits>}';
      if (
        !isPlainDocument(v) ||
        Object.keys(v).length !== 2 ||
        typeof v.base64 !== 'string' ||
        typeof v.subType !== 'string'
      ) {
        return this.badValue(at, '$binary', expected, v);
      }
      subType = hexSubType(v.subType);
      if (subType < 0)
        this.badValue(at, '$binary', `a subType of 1 or 2 hexadecimal digits, found ${excerpt(v.subType)} in`, v);
      base64 = v.base64;
    }
    if (!isPaddedBase64(base64 as string))
      this.fail(
        at,
        'invalid $binary base64',
        `expected padded base64 (A-Z a-z 0-9 + / and = padding), found ${describeValue(base64)}`,
      );
    return new Binary(Buffer.from(base64 as string, 'base64'), subType);
  }

  private regex(at: number, main: string, pattern: string, options: string): BSONRegExp {
    if (pattern.includes('\u0000'))
      this.fail(at, `invalid ${main} value`, 'expected a pattern without NUL characters (BSON cannot store them)');
    if (!/^[ilmsux]*$/.test(options))
      this.fail(at, `invalid ${main} options`, `expected only the letters i, l, m, s, u, x, found ${excerpt(options)}`);
    return new BSONRegExp(pattern, options);
  }

  private date(at: number, v: unknown): Date {
    let ms: number;
    if (typeof v === 'string') {
      const parsed = parseIsoDate(v);
      if (parsed === undefined)
        this.badValue(
          at,
          '$date',
          'an ISO-8601 date such as "2024-05-06T07:08:09.123Z" (with Z or an offset), or {"$numberLong": "<ms>"}',
          v,
        );
      ms = parsed!;
    } else if (v instanceof Long) {
      ms = v.toNumber();
    } else if (v instanceof Int32) {
      ms = v.value;
    } else if (v instanceof Double && Number.isInteger(v.value)) {
      ms = v.value;
    } else {
      return this.badValue(at, '$date', '{"$numberLong": "<ms since 1970>"}, an ISO-8601 string or an integer', v);
    }
    if (!(Math.abs(ms) <= MAX_DATE_MS))
      this.fail(
        at,
        'date out of range',
        `expected at most ${MAX_DATE_MS} ms from 1970 either way (what a JavaScript Date holds)`,
      );
    return new Date(ms);
  }

  private dbRef(f: Frame, obj: Record<string, unknown>, keys: string[]): DBRef {
    const ref = obj.$ref;
    const db = obj.$db;
    if (
      typeof ref !== 'string' ||
      !Object.hasOwn(obj, '$id') ||
      (Object.hasOwn(obj, '$db') && typeof db !== 'string')
    ) {
      this.fail(
        f.start,
        'invalid DBRef',
        'expected {"$ref": <collection name string>, "$id": <value>} with an optional "$db": <string>',
      );
    }
    const fields: Record<string, unknown> = {};
    for (const k of keys) {
      if (DBREF_KEYS.has(k)) continue;
      if (k.charCodeAt(0) === 0x24)
        this.fail(f.start, 'invalid DBRef', `expected only "$ref", "$id", "$db" and plain fields, found ${excerpt(k)}`);
      setOwn(fields, k, obj[k]);
    }
    return makeDbRef(ref as string, obj.$id, db as string | undefined, fields);
  }

  // --- errors --------------------------------------------------------------

  private failInNumber(at: number, expectation: string): never {
    return this.fail(at, `unexpected ${this.describeAt(at)} in a number`, expectation);
  }

  private failDepth(at: number): never {
    return this.fail(
      at,
      'nesting too deep',
      `expected at most ${this.maxDepth} nested documents and arrays (MongoDB's limit is ${DEFAULT_MAX_DEPTH})`,
    );
  }

  private fail(offset: number, problem: string, expectation: string): never {
    throw new ExtendedJsonSyntaxError(problem, expectation, { ...lineAndColumn(this.text, offset), offset });
  }

  /** "character 'x'" for a message: one character of input at most. */
  private describeAt(pos: number): string {
    if (pos >= this.n) return 'end of input';
    return `character ${this.charText(pos)}`;
  }

  private charText(pos: number): string {
    const cp = this.text.codePointAt(pos)!;
    if (cp > 0x20 && cp < 0x7f) return `'${String.fromCharCode(cp)}'`;
    const code = 'U+' + (cp > 0xffff ? cp.toString(16).toUpperCase() : hex4(cp));
    if (cp <= 0x20 || (cp >= 0x7f && cp < 0xa0) || (cp >= 0xd800 && cp <= 0xdfff) || cp === 0x2028 || cp === 0x2029)
      return code;
    return `'${String.fromCodePoint(cp)}' (${code})`;
  }
}

function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  // a plain assignment to "__proto__" would set the prototype instead of a field
  if (key === '__proto__')
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

function makeDbRef(collection: string, id: unknown, db: string | undefined, fields: Record<string, unknown>): DBRef {
  const ref = new DBRef(collection, id as ObjectId, db, fields);
  // the constructor splits "db.coll" into a database and a collection; keep what the text said
  ref.collection = collection;
  ref.db = db;
  return ref;
}

function isPlainDocument(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

function uint32(v: unknown): number {
  const n = v instanceof Int32 ? v.value : v instanceof Long ? v.toNumber() : -1;
  return n >= 0 && n <= 0xffffffff ? n : -1;
}

function hexValue(c: number): number {
  return c < 128 ? HEX_VALUE[c]! : -1;
}

const HEX_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) {
  HEX_VALUE['0123456789abcdef'.charCodeAt(i)] = i;
  HEX_VALUE['0123456789ABCDEF'.charCodeAt(i)] = i;
}

/** The bytes of a hex string (either case), or undefined. */
function hexBytes(s: string): Uint8Array | undefined {
  const bytes = new Uint8Array(s.length >> 1);
  for (let i = 0; i < bytes.length; i++) {
    const a = s.charCodeAt(2 * i);
    const b = s.charCodeAt(2 * i + 1);
    const hi = a < 128 ? HEX_VALUE[a]! : -1;
    const lo = b < 128 ? HEX_VALUE[b]! : -1;
    if ((hi | lo) < 0) return undefined;
    bytes[i] = (hi << 4) | lo;
  }
  return bytes;
}

function hex4(c: number): string {
  return c.toString(16).toUpperCase().padStart(4, '0');
}

function hexSubType(s: string): number {
  return /^[0-9a-fA-F]{1,2}$/.test(s) ? parseInt(s, 16) : -1;
}

function uuidHex(s: string): string | undefined {
  if (/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(s))
    return s.replace(/-/g, '');
  if (/^[0-9a-fA-F]{32}$/.test(s)) return s;
  return undefined;
}

function isPaddedBase64(s: string): boolean {
  const n = s.length;
  if (n % 4 !== 0) return false;
  let end = n;
  if (n > 0 && s.charCodeAt(n - 1) === 0x3d) end = s.charCodeAt(n - 2) === 0x3d ? n - 2 : n - 1;
  for (let i = 0; i < end; i++) {
    const c = s.charCodeAt(i);
    const ok =
      (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2f;
    if (!ok) return false;
  }
  return true;
}

/**
 * A Decimal128 from its string: computed directly for [-]digits[.digits][e±n]
 * with at most 15 significant digits and an exponent in range (exact: no
 * rounding or clamping applies), by the driver's parser otherwise.
 */
export function parseDecimal(s: string): Decimal128 {
  const n = s.length;
  let i = 0;
  const negative = s.charCodeAt(0) === 45;
  if (negative) i++;
  let coefficient = 0;
  let significant = 0;
  let intDigits = 0;
  let fracDigits = 0;
  for (; i < n; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    if (significant > 0 || d > 0) significant++;
    coefficient = coefficient * 10 + d;
    intDigits++;
  }
  if (i < n && s.charCodeAt(i) === 46) {
    for (i++; i < n; i++) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      if (significant > 0 || d > 0) significant++;
      coefficient = coefficient * 10 + d;
      fracDigits++;
    }
    if (fracDigits === 0) return Decimal128.fromString(s);
  }
  let exponent = 0;
  if (i < n && (s.charCodeAt(i) | 0x20) === 101 /* e E */) {
    i++;
    const expNegative = s.charCodeAt(i) === 45;
    if (expNegative || s.charCodeAt(i) === 43) i++;
    const first = i;
    for (; i < n && i - first < 6; i++) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      exponent = exponent * 10 + d;
    }
    if (i === first) return Decimal128.fromString(s);
    if (expNegative) exponent = -exponent;
  }
  exponent -= fracDigits;
  if (i !== n || intDigits === 0 || significant > 15 || exponent < -6176 || exponent > 6111)
    return Decimal128.fromString(s);
  const bytes = new Uint8Array(16);
  const lo = coefficient % 4294967296;
  const hi = (coefficient - lo) / 4294967296;
  bytes[0] = lo & 0xff;
  bytes[1] = (lo >>> 8) & 0xff;
  bytes[2] = (lo >>> 16) & 0xff;
  bytes[3] = lo >>> 24;
  bytes[4] = hi & 0xff;
  bytes[5] = (hi >>> 8) & 0xff;
  bytes[6] = (hi >>> 16) & 0xff;
  const top = (exponent + 6176) << 1; // the biased exponent above the coefficient's top bit of this byte pair
  bytes[14] = top & 0xff;
  bytes[15] = (top >>> 8) | (negative ? 0x80 : 0);
  return new Decimal128(bytes);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The number of the two digits at i, or -1. */
function twoDigits(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * Milliseconds since 1970 of an RFC 3339 date-time "YYYY-MM-DDTHH:MM:SS[.f]"
 * with "Z", "±HH:MM" or "±HHMM", or undefined. Fractions below a millisecond
 * are truncated, as mongoimport and pymongo do.
 */
function parseIsoDate(s: string): number | undefined {
  const n = s.length;
  if (n < 20) return undefined;
  const century = twoDigits(s, 0);
  const yy = twoDigits(s, 2);
  const month = twoDigits(s, 5);
  const day = twoDigits(s, 8);
  const hour = twoDigits(s, 11);
  const minute = twoDigits(s, 14);
  const second = twoDigits(s, 17);
  const t = s.charCodeAt(10);
  const separators =
    s.charCodeAt(4) === 45 &&
    s.charCodeAt(7) === 45 &&
    (t === 84 || t === 116) &&
    s.charCodeAt(13) === 58 &&
    s.charCodeAt(16) === 58;
  if (century < 0 || yy < 0 || !separators) return undefined;
  const year = century * 100 + yy;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (month < 1 || month > 12 || day < 1 || day > (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!))
    return undefined;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
  let i = 19;
  let millis = 0;
  if (s.charCodeAt(i) === 46 /* . */) {
    const first = ++i;
    for (; i < n; i++) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      if (i - first < 3) millis += d * (i === first ? 100 : i === first + 1 ? 10 : 1);
    }
    if (i === first || i - first > 9) return undefined;
  }
  let offsetMinutes = 0;
  const z = s.charCodeAt(i);
  if (z === 90 || z === 122 /* Z z */) {
    if (i + 1 !== n) return undefined;
  } else if (z === 43 || z === 45 /* + - */) {
    const oh = twoDigits(s, i + 1);
    const colon = s.charCodeAt(i + 3) === 58 ? 1 : 0;
    const om = twoDigits(s, i + 3 + colon);
    if (oh < 0 || oh > 23 || om < 0 || om > 59 || i + 5 + colon !== n) return undefined;
    offsetMinutes = (z === 45 ? -1 : 1) * (oh * 60 + om);
  } else {
    return undefined;
  }
  return (
    daysFromCivil(year, month, day) * 86400000 + ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 + millis
  );
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) {
      line++;
      lineStart = i + 1;
    }
  }
  let column = 1;
  for (let i = lineStart === 0 && text.charCodeAt(0) === 0xfeff ? 1 : lineStart; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    column++;
  }
  return { line, column: column + (offset > text.length ? offset - text.length : 0) };
}

/** A string for a message: JSON-quoted, at most MESSAGE_EXCERPT characters of it. */
function excerpt(s: string): string {
  const cut = s.length > MESSAGE_EXCERPT ? s.slice(0, MESSAGE_EXCERPT) : s;
  return toExtendedJson(cut) + (cut.length < s.length ? '...' : '');
}

function describeValue(v: unknown): string {
  if (typeof v === 'string') return `the string ${excerpt(v)}`;
  if (v === null) return 'null';
  if (typeof v === 'boolean') return String(v);
  if (v instanceof Int32 || v instanceof Long) return `the integer ${v.toString()}`;
  if (v instanceof Double) return `the number ${Number.isFinite(v.value) ? formatDouble(v.value) : String(v.value)}`;
  if (Array.isArray(v)) return 'an array';
  if (isPlainDocument(v)) return 'a document';
  if (v instanceof Date) return 'a date';
  const tag = (v as { _bsontype?: unknown })._bsontype;
  return typeof tag === 'string' ? `a ${tag} value` : 'a value of another type';
}
