/**
 * The version `diff` exactly as the backend writes it:
 *   json.loads(DeepDiff(previous, current, ignore_order=True).to_json())
 * with deepdiff 8.6.1 (builtin json, no orjson) over documents read by pymongo 4.5
 * (tz_aware=False). test/data/versions/deepdiff.test.ts pins it to that stack on a corpus.
 *
 * How DeepDiff works with ignore_order=True, and so how this port does:
 * - Inputs (driver values, best read with promoteValues: false) are first turned
 *   into the Python values pymongo would decode (`Py`): Int32 -> int; Long and
 *   bigint (the driver writes both as int64) -> Int64; Double -> float; plain
 *   numbers as the driver would store them (integral, in int32 range and not -0
 *   -> int, else float); Date -> naive datetime (ms); Binary subtype 0 (and
 *   Buffer) -> bytes, other subtypes -> Binary; symbol -> str; undefined -> None;
 *   Code, Regex (flags as an int), ObjectId, Decimal128, Timestamp, DBRef,
 *   MinKey/MaxKey; arrays -> list; documents -> dict.
 * - Dicts: keys starting with "__" are ignored; when fewer than a third (0.33)
 *   of the union of keys is shared, the whole dict is one values_changed;
 *   otherwise added keys (in the new order), removed keys (old order), then
 *   the shared keys (new order) compared recursively.
 * - Lists: every item gets DeepHash's sha256 hash; items whose hash is on
 *   both sides are equal (order and repetition ignored). Removed and added
 *   items are paired by a rough distance (an inner DeepDiff's operation count
 *   over the items' sizes, or a numeric distance for numbers and dates) below
 *   0.3, nearest first, unless more than 70% of the unique items changed; paired
 *   items are diffed at the old index, the rest reported as added (new index) or
 *   removed (old index). Finally an added and a removed item at the same index
 *   become one values_changed.
 * - DeepHash keeps one cache for the whole run keyed by Python equality, so
 *   the first of 2, 2.0 and Int64(2) hashed decides the hash of all three; the
 *   port mirrors that order. DeepDiff's own quirks are kept too: a pairing's
 *   inner diff deletes an "old_value" key from dict values it reports as added
 *   or removed, for the rest of the run (done here on the `Py` copy, never on
 *   the caller's objects); ObjectId, Decimal128, Timestamp and
 *   DBRef values cannot be hashed or compared, so their changes are invisible.
 * - The text view: type_changes, dictionary_item_added (paths), dictionary_item_removed,
 *   values_changed (+ a unified `diff` for multi-line strings), iterable_item_added,
 *   iterable_item_removed, attribute_added/removed (Regex attributes). Values go
 *   through DeepDiff's JSON encoder: datetimes as isoformat() (compared datetimes
 *   carry "+00:00", DeepDiff normalizes them to UTC first), bytes as UTF-8 text
 *   or base64, ObjectId/Decimal128/Timestamp/DBRef as their property dicts; then
 *   as pymongo stores json.loads' result: int -> number (int32) or Long,
 *   float -> Double, dict -> plain object.
 *
 * Known residue (where wfctl cannot or does not write the same bytes):
 * - Order of the values_changed entries made from an added and a removed item
 *   at the same index: Python walks them as a set of str, so their order follows
 *   the backend process's hash seed. wfctl writes them in the old items' order.
 * - Integer-like keys ("0", "10"): JavaScript objects list them first, in
 *   ascending order, so documents read by the driver already have another key
 *   order than the backend sees; the diff's key order differs the same way.
 * - Where Python raises, wfctl does not: a Regex, MinKey or MaxKey value inside
 *   the diff (to_json's TypeError) is written as Python's str() of it, e.g.
 *   "Regex('^a', 2)", "MinKey()"; bytes that are not UTF-8 inside a list
 *   (DeepHash's UnicodeDecodeError) are hashed by their base64 text.
 * - Assumed: the backend runs with TZ=UTC (a naive datetime's timestamp(), used
 *   only to pair dates in lists, is local time). In pairing distances, a type
 *   change's "converts to the new value" test models int, float, str, bool, list,
 *   dict, bytes, Code and ObjectId targets; others count as not converting.
 */
import { createHash } from 'node:crypto';
import { Double, Long } from 'mongodb';

// ---------------------------------------------------------------------------
// Python values
// ---------------------------------------------------------------------------

interface PyNone {
  readonly type: 'NoneType';
}
interface PyBool {
  readonly type: 'bool';
  readonly value: boolean;
}
interface PyInt {
  readonly type: 'int' | 'Int64';
  readonly value: bigint;
}
interface PyFloat {
  readonly type: 'float';
  readonly value: number;
}
interface PyStr {
  readonly type: 'str';
  readonly value: string;
}
interface PyCode {
  readonly type: 'Code';
  readonly value: string;
  readonly scope: PyDict | null;
}
interface PyBytes {
  readonly type: 'bytes' | 'Binary';
  readonly value: Uint8Array;
  readonly subtype: number;
}
/** naive unless DeepDiff normalized it to UTC for a comparison */
interface PyDatetime {
  readonly type: 'datetime';
  readonly ms: number;
  readonly aware: boolean;
}
interface PyDict {
  readonly type: 'dict';
  readonly keys: string[];
  readonly map: Map<string, Py>;
  memo?: HashMemo;
}
interface PyList {
  readonly type: 'list';
  readonly items: Py[];
  memo?: HashMemo;
}
/** bson.regex.Regex: compared and hashed through its slots `pattern` and `flags` */
interface PyRegex {
  readonly type: 'Regex';
  readonly attrs: PyDict;
  readonly pattern: string;
  readonly flags: number;
}
interface PyObjectId {
  readonly type: 'ObjectId';
  readonly value: Uint8Array;
}
interface PyDecimal128 {
  readonly type: 'Decimal128';
  readonly value: Uint8Array;
}
interface PyTimestamp {
  readonly type: 'Timestamp';
  readonly time: number;
  readonly inc: number;
}
interface PyDBRef {
  readonly type: 'DBRef';
  readonly collection: string;
  readonly id: Py;
  readonly database: string | null;
  readonly fields: PyDict;
}
interface PyKey {
  readonly type: 'MinKey' | 'MaxKey';
}

type Py =
  | PyNone
  | PyBool
  | PyInt
  | PyFloat
  | PyStr
  | PyCode
  | PyBytes
  | PyDatetime
  | PyDict
  | PyList
  | PyRegex
  | PyObjectId
  | PyDecimal128
  | PyTimestamp
  | PyDBRef
  | PyKey;

const NONE: PyNone = { type: 'NoneType' };
const TRUE: PyBool = { type: 'bool', value: true };
const FALSE: PyBool = { type: 'bool', value: false };
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

const pyInt = (value: bigint, type: 'int' | 'Int64' = 'int'): PyInt => ({ type, value });
const pyStr = (value: string): PyStr => ({ type: 'str', value });

function pyDict(entries: Iterable<[string, Py]>): PyDict {
  const map = new Map<string, Py>();
  for (const [k, v] of entries) map.set(k, v);
  return { type: 'dict', keys: [...map.keys()], map };
}

/** re flags as bson decodes a BSON regex's option letters. */
const REGEX_FLAGS: Record<string, number> = { i: 2, l: 4, m: 8, s: 16, u: 32, x: 64 };

function pyRegex(pattern: string, options: string): PyRegex {
  let flags = 0;
  for (const c of options) flags |= REGEX_FLAGS[c] ?? 0;
  const attrs = pyDict([
    ['pattern', pyStr(pattern)],
    ['flags', pyInt(BigInt(flags))],
  ]);
  return { type: 'Regex', attrs, pattern, flags };
}

function jsNumberToPy(n: number): PyInt | PyFloat {
  // the driver writes integral numbers in int32 range as int32, everything else as a double
  if (Number.isInteger(n) && !Object.is(n, -0) && n >= INT32_MIN && n <= INT32_MAX) return pyInt(BigInt(n));
  return { type: 'float', value: n };
}

type Bsonish = { _bsontype?: unknown; [key: string]: unknown };

function bsonToPy(v: Bsonish): Py | undefined {
  switch (v._bsontype) {
    case 'Int32':
      return pyInt(BigInt(v.value as number));
    case 'Double':
      return { type: 'float', value: Number(v.value) };
    case 'Long':
      return pyInt(BigInt.asIntN(64, BigInt(String(v))), 'Int64');
    case 'Decimal128':
      return { type: 'Decimal128', value: v.bytes as Uint8Array };
    case 'ObjectId':
      return { type: 'ObjectId', value: v.id as Uint8Array };
    case 'Binary': {
      const data = (v.buffer as Uint8Array).subarray(0, v.position as number);
      const subtype = v.sub_type as number;
      return { type: subtype === 0 ? 'bytes' : 'Binary', value: data, subtype };
    }
    case 'BSONRegExp':
      return pyRegex(String(v.pattern), String(v.options ?? ''));
    case 'Timestamp':
      return { type: 'Timestamp', time: v.t as number, inc: v.i as number };
    case 'MinKey':
      return { type: 'MinKey' };
    case 'MaxKey':
      return { type: 'MaxKey' };
    case 'BSONSymbol':
      return pyStr(String(v.value));
    case 'Code': {
      const scope = v.scope != null && typeof v.scope === 'object' ? objectToPy(v.scope as object) : null;
      return { type: 'Code', value: String(v.code), scope };
    }
    case 'DBRef': {
      const fields = v.fields != null && typeof v.fields === 'object' ? objectToPy(v.fields as object) : pyDict([]);
      return {
        type: 'DBRef',
        collection: String(v.collection),
        id: toPy(v.oid),
        database: typeof v.db === 'string' ? v.db : null,
        fields,
      };
    }
    default:
      return undefined;
  }
}

/** Properties the driver would not write at all (functions, symbols). */
const isUnwritable = (v: unknown): boolean => typeof v === 'function' || typeof v === 'symbol';

function objectToPy(o: object): PyDict {
  const entries: [string, Py][] = [];
  const source = o instanceof Map ? o.entries() : Object.entries(o);
  for (const [k, v] of source) if (!isUnwritable(v)) entries.push([String(k), toPy(v)]);
  return pyDict(entries);
}

/** The value as pymongo 4.5 would decode what the driver stores for it. */
function toPy(value: unknown): Py {
  let v = value;
  if (v !== null && typeof v === 'object' && typeof (v as { toBSON?: unknown }).toBSON === 'function') {
    v = (v as { toBSON: () => unknown }).toBSON();
  }
  if (v === null || v === undefined || isUnwritable(v)) return NONE;
  switch (typeof v) {
    case 'boolean':
      return v ? TRUE : FALSE;
    case 'number':
      return jsNumberToPy(v);
    case 'bigint':
      return pyInt(BigInt.asIntN(64, v), 'Int64');
    case 'string':
      return pyStr(v);
    default:
      break;
  }
  const o = v as Bsonish;
  if (Array.isArray(o)) return { type: 'list', items: o.map(toPy) };
  if (o instanceof Date) {
    const ms = o.getTime(); // an invalid Date goes out as 0 ms
    return { type: 'datetime', ms: Number.isNaN(ms) ? 0 : ms, aware: false };
  }
  if (typeof o._bsontype === 'string') {
    const converted = bsonToPy(o);
    if (converted) return converted;
  }
  if (o instanceof Uint8Array) return { type: 'bytes', value: o, subtype: 0 };
  if (o instanceof RegExp)
    return pyRegex(o.source, (o.ignoreCase ? 'i' : '') + (o.global ? 's' : '') + (o.multiline ? 'm' : ''));
  return objectToPy(o);
}

const isNumeric = (v: Py): v is PyBool | PyInt | PyFloat =>
  v.type === 'bool' || v.type === 'int' || v.type === 'Int64' || v.type === 'float';
const isStringLike = (v: Py): v is PyStr | PyCode => v.type === 'str' || v.type === 'Code';
const isBytesLike = (v: Py): v is PyBytes => v.type === 'bytes' || v.type === 'Binary';

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The integer a bool, int or integral float equals; undefined for fractions, nan and inf. */
function exactInteger(v: PyBool | PyInt | PyFloat): bigint | undefined {
  if (v.type === 'bool') return v.value ? 1n : 0n;
  if (v.type === 'float') return Number.isInteger(v.value) ? BigInt(v.value) : undefined;
  return v.value;
}

function numericEqual(a: PyBool | PyInt | PyFloat, b: PyBool | PyInt | PyFloat): boolean {
  if (a.type === 'float' && b.type === 'float') return a.value === b.value;
  if (a.type === 'float' || b.type === 'float') {
    const f = a.type === 'float' ? a : (b as PyFloat);
    const i = exactInteger(a.type === 'float' ? (b as PyBool | PyInt) : a);
    return Number.isInteger(f.value) && BigInt(f.value) === i;
  }
  return exactInteger(a) === exactInteger(b);
}

/** Python's == between two values. */
function pyEq(a: Py, b: Py): boolean {
  if (a === b) return true;
  if (isNumeric(a) && isNumeric(b)) return numericEqual(a, b);
  if (a.type !== b.type) return false;
  switch (a.type) {
    case 'NoneType':
    case 'MinKey':
    case 'MaxKey':
      return true;
    case 'str':
      return a.value === (b as PyStr).value;
    case 'Code': {
      const c = b as PyCode;
      if (a.value !== c.value) return false;
      return a.scope === null || c.scope === null ? a.scope === c.scope : pyEq(a.scope, c.scope);
    }
    case 'bytes':
    case 'Binary':
      return a.subtype === (b as PyBytes).subtype && bytesEqual(a.value, (b as PyBytes).value);
    case 'datetime':
      return a.aware === (b as PyDatetime).aware && a.ms === (b as PyDatetime).ms;
    case 'dict': {
      const d = b as PyDict;
      if (a.map.size !== d.map.size) return false;
      for (const [k, v] of a.map) {
        const w = d.map.get(k);
        if (w === undefined || !pyEq(v, w)) return false;
      }
      return true;
    }
    case 'list': {
      const l = b as PyList;
      return a.items.length === l.items.length && a.items.every((v, i) => pyEq(v, l.items[i]!));
    }
    case 'Regex':
      return a.pattern === (b as PyRegex).pattern && a.flags === (b as PyRegex).flags;
    case 'ObjectId':
    case 'Decimal128':
      return bytesEqual(a.value, (b as PyObjectId).value);
    case 'Timestamp':
      return a.time === (b as PyTimestamp).time && a.inc === (b as PyTimestamp).inc;
    case 'DBRef': {
      const r = b as PyDBRef;
      return a.collection === r.collection && a.database === r.database && pyEq(a.id, r.id) && pyEq(a.fields, r.fields);
    }
    default:
      return false;
  }
}

// ---------------------------------------------------------------------------
// Python text forms: float repr, datetime, str()/repr(), splitlines
// ---------------------------------------------------------------------------

/** repr(float): shortest round-trip digits, exponent form below 1e-4 and from 1e16. */
function floatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  const [mantissa, exponent] = Math.abs(x).toExponential().split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  const decpt = Number(exponent) + 1;
  if (decpt > -4 && decpt <= 16) {
    if (decpt <= 0) return `${sign}0.${'0'.repeat(-decpt)}${digits}`;
    if (decpt >= digits.length) return `${sign}${digits}${'0'.repeat(decpt - digits.length)}.0`;
    return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
  }
  const exp = decpt - 1;
  const head = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${head}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** datetime.isoformat(sep) of a millisecond instant; `aware` adds "+00:00". */
function datetimeText(ms: number, sep: 'T' | ' ', aware: boolean): string {
  const d = new Date(ms);
  const micro = (((ms % 1000) + 1000) % 1000) * 1000;
  const date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
  const time = `${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`;
  return `${date}${sep}${time}${micro ? `.${pad(micro, 6)}` : ''}${aware ? '+00:00' : ''}`;
}

/** datetime.timestamp() of a naive datetime on a UTC host. */
function timestampSeconds(ms: number): number {
  const seconds = Math.floor(ms / 1000);
  return seconds + ((ms - seconds * 1000) * 1000) / 1e6;
}

function quoteFor(hasSingle: boolean, hasDouble: boolean): string {
  return hasSingle && !hasDouble ? '"' : "'";
}

/** repr(str), exact for printable text; other characters get Python's escapes for the ASCII/Latin-1 controls. */
function strRepr(s: string): string {
  const q = quoteFor(s.includes("'"), s.includes('"'));
  let out = q;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '\\' || ch === q) out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || (c >= 0x7f && c <= 0xa0) || c === 0xad) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + q;
}

function bytesRepr(b: Uint8Array): string {
  const q = quoteFor(b.includes(0x27), b.includes(0x22));
  let out = `b${q}`;
  for (const c of b) {
    const ch = String.fromCharCode(c);
    if (ch === '\\' || ch === q) out += `\\${ch}`;
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c < 0x20 || c >= 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + q;
}

const hex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
const base64 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');

function datetimeRepr(ms: number): string {
  const d = new Date(ms);
  const parts = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()];
  const second = d.getUTCSeconds();
  const micro = (((ms % 1000) + 1000) % 1000) * 1000;
  if (second || micro) parts.push(second);
  if (micro) parts.push(micro);
  return `datetime.datetime(${parts.join(', ')})`;
}

/** Python's str(); undefined for values whose text this port does not model. */
function pyStrOf(v: Py): string | undefined {
  switch (v.type) {
    case 'str':
    case 'Code':
      return v.value;
    case 'datetime':
      return datetimeText(v.ms, ' ', v.aware);
    case 'ObjectId':
      return hex(v.value);
    case 'Binary':
      return bytesRepr(v.value);
    case 'MinKey':
    case 'MaxKey':
      return `${v.type}()`;
    case 'Regex':
      return `Regex(${strRepr(v.pattern)}, ${v.flags})`;
    default:
      return pyReprOf(v);
  }
}

/** Python's repr(); undefined where not modelled. */
function pyReprOf(v: Py): string | undefined {
  switch (v.type) {
    case 'NoneType':
      return 'None';
    case 'bool':
      return v.value ? 'True' : 'False';
    case 'int':
    case 'Int64':
      return v.value.toString();
    case 'float':
      return floatRepr(v.value);
    case 'str':
      return strRepr(v.value);
    case 'bytes':
      return bytesRepr(v.value);
    case 'Binary':
      return `Binary(${bytesRepr(v.value)}, ${v.subtype})`;
    case 'Code': {
      const scope = v.scope === null ? 'None' : pyReprOf(v.scope);
      return scope === undefined ? undefined : `Code(${strRepr(v.value)}, ${scope})`;
    }
    case 'datetime':
      return v.aware ? undefined : datetimeRepr(v.ms);
    case 'ObjectId':
      return `ObjectId('${hex(v.value)}')`;
    case 'list': {
      const items = v.items.map(pyReprOf);
      return items.some((s) => s === undefined) ? undefined : `[${items.join(', ')}]`;
    }
    case 'dict': {
      const parts: string[] = [];
      for (const k of v.keys) {
        const r = pyReprOf(v.map.get(k)!);
        if (r === undefined) return undefined;
        parts.push(`${strRepr(k)}: ${r}`);
      }
      return `{${parts.join(', ')}}`;
    }
    default:
      return undefined;
  }
}

const LINE_BREAKS = new Set([0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029]);

/** str.splitlines() */
function splitLines(s: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!LINE_BREAKS.has(c)) continue;
    lines.push(s.slice(start, i));
    if (c === 0x0d && s.charCodeAt(i + 1) === 0x0a) i++;
    start = i + 1;
  }
  if (start < s.length) lines.push(s.slice(start));
  return lines;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function decodeUtf8(b: Uint8Array): string | undefined {
  try {
    return utf8.decode(b);
  } catch {
    return undefined;
  }
}

const isAscii = (b: Uint8Array): boolean => b.every((c) => c < 0x80);

// ---------------------------------------------------------------------------
// DeepHash
// ---------------------------------------------------------------------------

/** DeepHash's `unprocessed`: objects it cannot look into (slots without public names). */
const UNPROCESSED = Symbol('unprocessed');
interface HashEntry {
  readonly hash: string | typeof UNPROCESSED;
  readonly counts: number;
}
interface HashMemo extends HashEntry {
  readonly epoch: number;
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
const hashText = (e: HashEntry): string => (e.hash === UNPROCESSED ? 'Error: Unprocessed' : e.hash);

/**
 * DeepHash with the run-wide `hashes` dict. Hashable values are cached under
 * Python equality (so 1, 1.0 and Int64(1) share the first one's entry);
 * containers are recomputed in Python on every visit, which only matters once
 * DeepDiff has mutated a document, so their memo is dropped on each mutation.
 */
class DeepHasher {
  private readonly cache = new Map<string, HashEntry>();
  /** bumped whenever a document is mutated */
  epoch = 0;

  hash(v: Py): HashEntry {
    const key = cacheKey(v);
    if (key !== undefined) {
      const hit = this.cache.get(key);
      if (hit) return hit;
    }
    const entry = this.compute(v);
    if (key !== undefined) this.cache.set(key, entry);
    return entry;
  }

  /** What DeepHash.get_key(hashes, item, extract_index=1) returns: the last computed count. */
  counts(v: Py): number {
    if (v.type === 'dict' || v.type === 'list') return v.memo?.counts ?? this.hash(v).counts;
    if (v.type === 'Regex') return v.attrs.memo?.counts ?? this.hash(v).counts;
    return this.hash(v).counts;
  }

  private compute(v: Py): HashEntry {
    switch (v.type) {
      case 'NoneType':
        return leaf('str:NONE');
      case 'bool':
        return leaf(v.value ? 'str:bool:true' : 'str:bool:false');
      case 'str':
        return leaf(`str:${v.value}`);
      case 'Code':
        return leaf(`Code:${v.value}`);
      case 'bytes':
      case 'Binary': {
        const text = decodeUtf8(v.value);
        // Python raises UnicodeDecodeError here; "!" keeps the fallback apart from any decodable value
        return leaf(text === undefined ? `${v.type}!${base64(v.value)}` : `${v.type}:${text}`);
      }
      case 'int':
      case 'Int64':
        return leaf(`str:${v.type}:${v.value}`);
      case 'float':
        return leaf(`str:float:${floatRepr(v.value)}`);
      case 'datetime':
        return leaf(`str:datetime:${datetimeText(v.ms, ' ', true)}`);
      case 'dict':
        return this.memoized(v, () => this.prepDict(v, 'dict'));
      case 'list':
        return this.memoized(v, () => this.prepList(v));
      case 'Regex':
        return this.memoized(v.attrs, () => this.prepDict(v.attrs, 'objRegex'));
      case 'MinKey':
      case 'MaxKey':
        return leaf(`str:obj${v.type}:{}`);
      default:
        return { hash: UNPROCESSED, counts: 0 };
    }
  }

  private memoized(c: PyDict | PyList, build: () => HashEntry): HashEntry {
    if (c.memo && c.memo.epoch === this.epoch) return c.memo;
    const e = build();
    c.memo = { hash: e.hash, counts: e.counts, epoch: this.epoch };
    return e;
  }

  private prepDict(d: PyDict, typeStr: string): HashEntry {
    let counts = 1;
    const parts: string[] = [];
    for (const key of d.keys) {
      counts += 1;
      if (key.startsWith('__')) continue;
      const keyHash = hashText(this.hash(pyStr(key)));
      const value = this.hash(d.map.get(key)!);
      parts.push(`${keyHash}:${hashText(value)}`);
      counts += value.counts;
    }
    parts.sort();
    return { hash: sha256(`str:${typeStr}:{${parts.join(';')}}`), counts };
  }

  private prepList(l: PyList): HashEntry {
    let counts = 1;
    const unique = new Set<string>();
    for (const item of l.items) {
      const e = this.hash(item);
      unique.add(hashText(e));
      counts += e.counts;
    }
    return { hash: sha256(`str:list:${[...unique].sort().join(',')}`), counts };
  }
}

const leaf = (text: string): HashEntry => ({ hash: sha256(text), counts: 1 });

/** The key a value has in Python's `hashes` dict, for hashable values. */
function cacheKey(v: Py): string | undefined {
  switch (v.type) {
    case 'NoneType':
      return 'N';
    case 'bool':
      return v.value ? 'T' : 'F';
    case 'str':
      return `s${v.value}`;
    case 'bytes':
      return `b${hex(v.value)}`;
    case 'Binary':
      return `B${v.subtype}:${hex(v.value)}`;
    case 'int':
    case 'Int64':
      return `n${v.value}`;
    case 'float':
      if (Number.isNaN(v.value)) return undefined;
      return Number.isInteger(v.value) ? `n${BigInt(v.value)}` : `f${floatRepr(v.value)}`;
    case 'datetime':
      return `d${v.ms}`;
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------
// The diff tree
// ---------------------------------------------------------------------------

const NOT_PRESENT = Symbol('not present');
type Side = Py | typeof NOT_PRESENT;

/** One DiffLevel: the compared pair and how to reach it from the root. */
interface Level {
  t1: Side;
  t2: Side;
  readonly up: Level | null;
  /** this level's path segment, e.g. "['name']", "[3]", ".pattern" */
  readonly seg: string;
  /** unified diff of multi-line strings */
  textDiff?: string;
  path?: string;
}

const branch = (up: Level, t1: Side, t2: Side, seg: string): Level => ({ t1, t2, up, seg });

function pathOf(level: Level): string {
  if (level.path === undefined) level.path = level.up ? pathOf(level.up) + level.seg : 'root';
  return level.path;
}

/** deepdiff.path.stringify_element for dict keys (quote_str "'{}'"). */
function keySegment(key: string): string {
  if (key.includes("'")) return `["${key}"]`;
  return `['${key}']`;
}

/** ... and for attributes (no quote_str): the marker DeepDiff puts before quotes when a name has both. */
function attributeSegment(name: string): string {
  const single = name.includes("'");
  const double = name.includes('"');
  if (single && double) return `."${name.replace(/['"]/g, (q) => `\u{1D1BA}\u{1D165}\u{1D16F}${q}`)}"`;
  if (single) return `."${name}"`;
  if (double) return `.'${name}'`;
  return `.${name}`;
}

const REPORT_TYPES = [
  'type_changes',
  'dictionary_item_added',
  'dictionary_item_removed',
  'values_changed',
  'iterable_item_added',
  'iterable_item_removed',
  'attribute_added',
  'attribute_removed',
] as const;
type ReportType = (typeof REPORT_TYPES)[number];
type Tree = Record<ReportType, Level[]>;

const emptyTree = (): Tree => Object.fromEntries(REPORT_TYPES.map((t) => [t, [] as Level[]])) as unknown as Tree;

/** DeepDiff's defaults that matter with ignore_order=True. */
const THRESHOLD_TO_DIFF_DEEPER = 0.33;
const CUTOFF_DISTANCE_FOR_PAIRS = 0.3;
const CUTOFF_INTERSECTION_FOR_PAIRS = 0.7;
const MAX_PASSES = 10_000_000;

/** What all DeepDiff instances of one call share: the hashes and the pass count. */
class DiffRun {
  readonly hasher = new DeepHasher();
  passes = 0;
}

interface HashedItem {
  readonly indexes: number[];
  readonly item: Py;
}

/**
 * One DeepDiff instance: the root comparison, or the inner one a pairing runs
 * to measure how far two list items are apart (`inner`: no text diffs needed).
 */
class DiffPass {
  readonly tree = emptyTree();

  constructor(
    private readonly run: DiffRun,
    private readonly inner: boolean,
  ) {}

  private report(type: ReportType, level: Level): void {
    this.tree[type].push(level);
  }

  diff(level: Level): void {
    const t1 = level.t1 as Py;
    const t2 = level.t2 as Py;
    if (t1 === t2) return;
    if (t1.type !== t2.type) {
      this.report('type_changes', level);
      return;
    }
    switch (t1.type) {
      case 'bool':
        if (t1.value !== (t2 as PyBool).value) this.report('values_changed', level);
        return;
      case 'str':
      case 'Code':
      case 'bytes':
      case 'Binary':
        this.diffStrings(level, t1, t2 as PyStr | PyCode | PyBytes);
        return;
      case 'datetime': {
        level.t1 = { type: 'datetime', ms: t1.ms, aware: true };
        level.t2 = { type: 'datetime', ms: (t2 as PyDatetime).ms, aware: true };
        if (t1.ms !== (t2 as PyDatetime).ms) this.report('values_changed', level);
        return;
      }
      case 'int':
      case 'Int64':
      case 'float':
        if (!numericEqual(t1, t2 as PyInt | PyFloat)) this.report('values_changed', level);
        return;
      case 'dict':
        this.diffDict(level, t1, t2 as PyDict, false);
        return;
      case 'list':
        this.diffList(level, t1, t2 as PyList);
        return;
      case 'Regex':
        this.diffDict(level, t1.attrs, (t2 as PyRegex).attrs, true);
        return;
      default:
        // ObjectId, Decimal128, Timestamp, DBRef, MinKey, MaxKey: only private slots to compare
        return;
    }
  }

  private diffStrings(level: Level, t1: PyStr | PyCode | PyBytes, t2: PyStr | PyCode | PyBytes): void {
    if (pyEq(t1, t2)) return;
    let text1: string | undefined;
    let text2: string | undefined;
    if (isBytesLike(t1)) {
      const b2 = (t2 as PyBytes).value;
      text1 = isAscii(t1.value) ? Buffer.from(t1.value).toString('latin1') : undefined;
      text2 = isAscii(b2) ? Buffer.from(b2).toString('latin1') : undefined;
      if (text1 !== undefined && text1 === text2) return;
    } else {
      text1 = t1.value;
      text2 = (t2 as PyStr | PyCode).value;
    }
    if (!this.inner && text1 !== undefined && text2 !== undefined && (text1.includes('\n') || text2.includes('\n'))) {
      const lines = unifiedDiff(splitLines(text1), splitLines(text2));
      if (lines.length) level.textDiff = lines.join('\n');
    }
    this.report('values_changed', level);
  }

  private diffDict(level: Level, d1: PyDict, d2: PyDict, attributes: boolean): void {
    const keys1 = d1.keys.filter((k) => !k.startsWith('__'));
    const keys2 = d2.keys.filter((k) => !k.startsWith('__'));
    const in1 = new Set(keys1);
    const in2 = new Set(keys2);
    const shared = keys2.filter((k) => in1.has(k));
    const added = keys2.filter((k) => !in1.has(k));
    const removed = keys1.filter((k) => !in2.has(k));
    const union = keys2.length + removed.length;
    if (union > 1 && shared.length / union < THRESHOLD_TO_DIFF_DEEPER) {
      this.report('values_changed', level);
      return;
    }
    const seg = attributes ? attributeSegment : keySegment;
    for (const k of added) {
      this.report(
        attributes ? 'attribute_added' : 'dictionary_item_added',
        branch(level, NOT_PRESENT, d2.map.get(k)!, seg(k)),
      );
    }
    for (const k of removed) {
      this.report(
        attributes ? 'attribute_removed' : 'dictionary_item_removed',
        branch(level, d1.map.get(k)!, NOT_PRESENT, seg(k)),
      );
    }
    for (const k of shared) this.diff(branch(level, d1.map.get(k)!, d2.map.get(k)!, seg(k)));
  }

  /** _create_hashtable: first index and item per hash; items DeepHash cannot process are left out. */
  private hashtable(list: PyList): Map<string, HashedItem> {
    const table = new Map<string, HashedItem>();
    list.items.forEach((item, i) => {
      const { hash } = this.run.hasher.hash(item);
      if (hash === UNPROCESSED) return;
      const seen = table.get(hash);
      if (seen) seen.indexes.push(i);
      else table.set(hash, { indexes: [i], item });
    });
    return table;
  }

  /** _diff_iterable_with_deephash with report_repetition=False. */
  private diffList(level: Level, l1: PyList, l2: PyList): void {
    const table1 = this.hashtable(l1);
    const table2 = this.hashtable(l2);
    const added = [...table2.keys()].filter((h) => !table1.has(h));
    const removed = new Set([...table1.keys()].filter((h) => !table2.has(h)));
    const changedShare = (added.length + removed.size) / (table1.size + table2.size + 1);
    let pairs = new Map<string, string>();
    if (changedShare <= CUTOFF_INTERSECTION_FOR_PAIRS && this.run.passes < MAX_PASSES) {
      this.run.passes++;
      pairs = this.closestPairs(added, [...removed], table1, table2);
    }
    for (const hash of added) {
      const now = table2.get(hash)!;
      const other = pairs.get(hash);
      if (other === undefined) {
        this.report('iterable_item_added', branch(level, NOT_PRESENT, now.item, `[${now.indexes[0]}]`));
        continue;
      }
      pairs.delete(hash);
      pairs.delete(other);
      removed.delete(other);
      const before = table1.get(other)!;
      this.diff(branch(level, before.item, now.item, `[${before.indexes[0]}]`));
    }
    for (const hash of removed) {
      const before = table1.get(hash)!;
      this.report('iterable_item_removed', branch(level, before.item, NOT_PRESENT, `[${before.indexes[0]}]`));
    }
  }

  /**
   * _get_most_in_common_pairs_in_iterables: for each distance, smallest first,
   * take added items from the last one seen; each takes every still-free removed
   * item at that distance from the last one seen, keeping the earliest as its pair
   * (DeepDiff marks the others used without pairing them). Symmetric result.
   */
  private closestPairs(
    added: string[],
    removed: string[],
    table1: Map<string, HashedItem>,
    table2: Map<string, HashedItem>,
  ): Map<string, string> {
    const byAdded = new Map<string, Map<number, string[]>>();
    for (const a of added) {
      for (const r of removed) {
        const distance = roughDistance(this.run, table1.get(r)!.item, table2.get(a)!.item);
        if (distance >= CUTOFF_DISTANCE_FOR_PAIRS) continue;
        let byDistance = byAdded.get(a);
        if (!byDistance) byAdded.set(a, (byDistance = new Map()));
        const at = byDistance.get(distance);
        if (at) at.push(r);
        else byDistance.set(distance, [r]);
      }
    }
    const addedByDistance = new Map<number, string[]>();
    for (const [a, byDistance] of byAdded) {
      for (const distance of byDistance.keys()) {
        const at = addedByDistance.get(distance);
        if (at) at.push(a);
        else addedByDistance.set(distance, [a]);
      }
    }
    const used = new Set<string>();
    const pairs = new Map<string, string>();
    for (const distance of [...addedByDistance.keys()].sort((x, y) => x - y)) {
      const froms = addedByDistance.get(distance)!;
      for (let i = froms.length - 1; i >= 0; i--) {
        const from = froms[i]!;
        if (used.has(from)) continue;
        const tos = byAdded.get(from)!.get(distance)!;
        for (let j = tos.length - 1; j >= 0; j--) {
          const to = tos[j]!;
          if (used.has(to)) continue;
          used.add(from);
          used.add(to);
          pairs.set(from, to);
        }
      }
    }
    for (const [from, to] of [...pairs]) pairs.set(to, from);
    return pairs;
  }

  /** mutual_add_removes_to_become_value_changes: an added and a removed item at one path are a change. */
  mergeSamePathAddRemove(): void {
    const { iterable_item_added: added, iterable_item_removed: removed } = this.tree;
    if (!added.length || !removed.length) return;
    const addedAt = new Map<string, Level>();
    for (const level of added) addedAt.set(pathOf(level), level);
    const merged = new Set<Level>();
    for (const before of removed) {
      const after = addedAt.get(pathOf(before));
      if (!after) continue;
      before.t2 = after.t2;
      merged.add(before).add(after);
      this.tree.values_changed.push(before);
    }
    if (!merged.size) return;
    this.tree.iterable_item_added = added.filter((l) => !merged.has(l));
    this.tree.iterable_item_removed = removed.filter((l) => !merged.has(l));
  }
}

// ---------------------------------------------------------------------------
// Rough distance of two list items (distance.py)
// ---------------------------------------------------------------------------

function roughDistance(run: DiffRun, t1: Py, t2: Py): number {
  if (isNumeric(t1) && isNumeric(t2)) return numbersDistance(numberValue(t1), numberValue(t2));
  if (t1.type === 'datetime' && t2.type === 'datetime')
    return numbersDistance(timestampSeconds(t1.ms), timestampSeconds(t2.ms));
  const pass = new DiffPass(run, true);
  pass.diff({ t1, t2, up: null, seg: '' });
  pass.mergeSamePathAddRemove();
  dropOldValueKeys(run, pass.tree);
  const operations = deltaLength(pass.tree);
  if (operations === 0) return 0;
  return operations / (run.hasher.counts(t1) + run.hasher.counts(t2));
}

const numberValue = (v: PyBool | PyInt | PyFloat): number => (v.type === 'bool' ? (v.value ? 1 : 0) : Number(v.value));

/** _get_numbers_distance with max_=0.3: Python's min(), which keeps max_ against nan. */
function numbersDistance(n1: number, n2: number): number {
  if (n1 === n2) return 0;
  const divisor = (n1 + n2) / CUTOFF_DISTANCE_FOR_PAIRS;
  if (divisor === 0) return CUTOFF_DISTANCE_FOR_PAIRS;
  const d = Math.abs((n1 - n2) / divisor);
  return d < CUTOFF_DISTANCE_FOR_PAIRS ? d : CUTOFF_DISTANCE_FOR_PAIRS;
}

/**
 * _to_delta_dict(directed) deletes "old_value" from every dict value of its
 * groups, and for added/removed dict items those are the documents' own dicts.
 */
function dropOldValueKeys(run: DiffRun, tree: Tree): void {
  const values = [...tree.dictionary_item_added.map((l) => l.t2), ...tree.dictionary_item_removed.map((l) => l.t1)];
  for (const v of values) {
    if (v === NOT_PRESENT || v.type !== 'dict' || !v.map.has('old_value')) continue;
    v.map.delete('old_value');
    v.keys.splice(v.keys.indexOf('old_value'), 1);
    run.hasher.epoch++;
  }
}

/** _get_item_length of the directed delta dict: one per leaf of what it stores. */
function deltaLength(tree: Tree): number {
  let n = 0;
  for (const l of tree.type_changes) n += 2 + (convertsTo(l.t1 as Py, l.t2 as Py) ? 0 : itemLength(l.t2 as Py));
  for (const l of tree.dictionary_item_added) n += itemLength(l.t2 as Py);
  for (const l of tree.dictionary_item_removed) n += itemLength(l.t1 as Py);
  for (const l of tree.values_changed) n += itemLength(l.t2 as Py);
  for (const l of tree.iterable_item_added) n += itemLength(l.t2 as Py);
  for (const l of tree.iterable_item_removed) n += itemLength(l.t1 as Py);
  for (const l of tree.attribute_added) n += itemLength(l.t2 as Py);
  for (const l of tree.attribute_removed) n += itemLength(l.t1 as Py);
  return n;
}

function itemLength(v: Py): number {
  switch (v.type) {
    case 'dict': {
      let n = 0;
      for (const [k, sub] of v.map)
        if (!(k.startsWith('_') || k === 'deep_distance' || k === 'new_path')) n += itemLength(sub);
      return n;
    }
    case 'list':
      return v.items.reduce((n, item) => n + itemLength(item), 0);
    case 'bool':
    case 'int':
    case 'Int64':
    case 'float':
    case 'datetime':
    case 'str':
    case 'Code':
    case 'bytes':
    case 'Binary':
      return 1;
    default:
      return 0;
  }
}

/** The delta's type change keeps its values unless new_type(old_value) == new_value. */
function convertsTo(old: Py, now: Py): boolean {
  const converted = convert(old, now.type);
  return converted !== undefined && pyEq(converted, now);
}

const INT_TEXT = /^[+-]?\d+(?:_\d+)*$/;
const FLOAT_TEXT =
  /^[+-]?(?:(?:\d+(?:_\d+)*(?:\.(?:\d+(?:_\d+)*)?)?|\.\d+(?:_\d+)*)(?:[eE][+-]?\d+(?:_\d+)*)?|inf|infinity|nan)$/i;

function textOf(v: Py): string | undefined {
  if (isStringLike(v)) return v.value;
  if (isBytesLike(v)) return isAscii(v.value) ? Buffer.from(v.value).toString('latin1') : undefined;
  return undefined;
}

function parseInt10(text: string | undefined): bigint | undefined {
  const t = text?.trim();
  return t !== undefined && INT_TEXT.test(t) ? BigInt(t.replace(/_/g, '')) : undefined;
}

function parseFloatText(text: string | undefined): number | undefined {
  const t = text?.trim();
  if (t === undefined || !FLOAT_TEXT.test(t)) return undefined;
  const lower = t.toLowerCase().replace(/_/g, '');
  const sign = lower.startsWith('-') ? -1 : 1;
  const body = lower.replace(/^[+-]/, '');
  if (body === 'nan') return NaN;
  if (body === 'inf' || body === 'infinity') return sign * Infinity;
  return Number(lower);
}

/** Python's new_type(value) for the types the port models; undefined when Python would raise. */
function convert(v: Py, target: Py['type']): Py | undefined {
  switch (target) {
    case 'int':
    case 'Int64': {
      const n = toInteger(v);
      return n === undefined ? undefined : pyInt(n, target);
    }
    case 'float': {
      const f = isNumeric(v) ? numberValue(v) : parseFloatText(textOf(v));
      return f === undefined ? undefined : { type: 'float', value: f };
    }
    case 'str': {
      const s = pyStrOf(v);
      return s === undefined ? undefined : pyStr(s);
    }
    case 'bool':
      return truthy(v) ? TRUE : FALSE;
    case 'list':
      return toList(v);
    case 'dict':
      return toDict(v);
    case 'bytes':
      return toBytes(v);
    case 'Code':
      return v.type === 'str' ? { type: 'Code', value: v.value, scope: null } : undefined;
    case 'ObjectId': {
      if (v.type === 'str' && /^[0-9a-f]{24}$/i.test(v.value))
        return { type: 'ObjectId', value: Buffer.from(v.value, 'hex') };
      if (isBytesLike(v) && v.value.length === 12) return { type: 'ObjectId', value: v.value };
      return undefined;
    }
    default:
      return undefined;
  }
}

/** int(x): truncates floats, parses decimal text (underscores allowed). */
function toInteger(v: Py): bigint | undefined {
  if (v.type === 'float') return Number.isFinite(v.value) ? BigInt(Math.trunc(v.value)) : undefined;
  if (isNumeric(v)) return exactInteger(v);
  return parseInt10(textOf(v));
}

function truthy(v: Py): boolean {
  switch (v.type) {
    case 'NoneType':
      return false;
    case 'bool':
      return v.value;
    case 'int':
    case 'Int64':
      return v.value !== 0n;
    case 'float':
      return v.value !== 0;
    case 'str':
    case 'Code':
      return v.value.length > 0;
    case 'bytes':
    case 'Binary':
      return v.value.length > 0;
    case 'dict':
      return v.map.size > 0;
    case 'list':
      return v.items.length > 0;
    default:
      return true;
  }
}

function toList(v: Py): PyList | undefined {
  if (isStringLike(v)) return { type: 'list', items: [...v.value].map(pyStr) };
  if (isBytesLike(v)) return { type: 'list', items: [...v.value].map((c) => pyInt(BigInt(c))) };
  if (v.type === 'dict') return { type: 'list', items: v.keys.map(pyStr) };
  return undefined;
}

/** dict(x): pairs from a list of 2-item sequences; only str keys can equal a stored document. */
function toDict(v: Py): PyDict | undefined {
  if ((isStringLike(v) || isBytesLike(v)) && v.value.length === 0) return pyDict([]);
  if (v.type !== 'list') return undefined;
  const entries: [string, Py][] = [];
  for (const item of v.items) {
    const pair = toList(item)?.items ?? (item.type === 'list' ? item.items : undefined);
    if (!pair || pair.length !== 2 || pair[0]!.type !== 'str') return undefined;
    entries.push([pair[0]!.value as string, pair[1]!]);
  }
  return pyDict(entries);
}

function toBytes(v: Py): PyBytes | undefined {
  const bytes = (data: Uint8Array): PyBytes => ({ type: 'bytes', value: data, subtype: 0 });
  if (v.type === 'bool' || v.type === 'int' || v.type === 'Int64') {
    const n = exactInteger(v)!;
    return n >= 0n && n <= 1_000_000n ? bytes(new Uint8Array(Number(n))) : undefined;
  }
  if (v.type === 'Binary') return bytes(v.value);
  if (v.type === 'dict' && v.map.size === 0) return bytes(new Uint8Array());
  if (v.type !== 'list') return undefined;
  const out: number[] = [];
  for (const item of v.items) {
    const n = item.type === 'bool' || item.type === 'int' || item.type === 'Int64' ? exactInteger(item)! : -1n;
    if (n < 0n || n > 255n) return undefined;
    out.push(Number(n));
  }
  return bytes(Uint8Array.from(out));
}

// ---------------------------------------------------------------------------
// Text view and the stored (BSON-ready) JSON
// ---------------------------------------------------------------------------

type Stored = null | boolean | number | string | Double | Long | Stored[] | { [key: string]: Stored };

function setKey(obj: Record<string, Stored>, key: string, value: Stored): void {
  if (key === '__proto__')
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

const storedInt = (n: bigint): number | Long =>
  n >= BigInt(INT32_MIN) && n <= BigInt(INT32_MAX) ? Number(n) : Long.fromBigInt(n);

/** DeepDiff's bytes convertor: UTF-8 text when it decodes, else base64. */
const storedBytes = (b: Uint8Array): string => decodeUtf8(b) ?? base64(b);

/** What DeepDiff's json encoder writes for a value, as pymongo then stores json.loads' result. */
function stored(v: Py): Stored {
  switch (v.type) {
    case 'NoneType':
      return null;
    case 'bool':
      return v.value;
    case 'int':
    case 'Int64':
      return storedInt(v.value);
    case 'float':
      return new Double(v.value);
    case 'str':
    case 'Code':
      return v.value;
    case 'bytes':
    case 'Binary':
      return storedBytes(v.value);
    case 'datetime':
      return datetimeText(v.ms, 'T', v.aware);
    case 'dict': {
      const out: Record<string, Stored> = {};
      for (const k of v.keys) setKey(out, k, stored(v.map.get(k)!));
      return out;
    }
    case 'list':
      return v.items.map(stored);
    case 'ObjectId': {
      const seconds = new DataView(v.value.buffer, v.value.byteOffset, 4).getUint32(0);
      return { binary: storedBytes(v.value), generation_time: datetimeText(seconds * 1000, 'T', true) };
    }
    case 'Decimal128':
      return { bid: storedBytes(v.value) };
    case 'Timestamp':
      return { time: storedInt(BigInt(v.time)), inc: storedInt(BigInt(v.inc)) };
    case 'DBRef':
      return { collection: v.collection, id: stored(v.id), database: v.database };
    default:
      // Python's to_json raises TypeError for these; see the header
      return pyStrOf(v)!;
  }
}

function textView(tree: Tree): Record<string, Stored> {
  const out: Record<string, Stored> = {};
  const group = (name: string, fill: (into: Record<string, Stored>) => void): void => {
    const into: Record<string, Stored> = {};
    fill(into);
    if (Object.keys(into).length) out[name] = into;
  };
  const paths = (name: string, levels: Level[]): void => {
    if (levels.length) out[name] = [...new Set(levels.map(pathOf))];
  };
  group('type_changes', (into) => {
    for (const l of tree.type_changes) {
      const t1 = l.t1 as Py;
      const t2 = l.t2 as Py;
      setKey(into, pathOf(l), { old_type: t1.type, new_type: t2.type, old_value: stored(t1), new_value: stored(t2) });
    }
  });
  paths('dictionary_item_added', tree.dictionary_item_added);
  paths('dictionary_item_removed', tree.dictionary_item_removed);
  group('values_changed', (into) => {
    for (const l of tree.values_changed) {
      const change: Record<string, Stored> = { new_value: stored(l.t2 as Py), old_value: stored(l.t1 as Py) };
      if (l.textDiff !== undefined) change.diff = l.textDiff;
      setKey(into, pathOf(l), change);
    }
  });
  group('iterable_item_added', (into) => {
    for (const l of tree.iterable_item_added) setKey(into, pathOf(l), stored(l.t2 as Py));
  });
  group('iterable_item_removed', (into) => {
    for (const l of tree.iterable_item_removed) setKey(into, pathOf(l), stored(l.t1 as Py));
  });
  paths('attribute_added', tree.attribute_added);
  paths('attribute_removed', tree.attribute_removed);
  return out;
}

// ---------------------------------------------------------------------------
// difflib.unified_diff(a, b, lineterm='') for values_changed' `diff`
// ---------------------------------------------------------------------------

type Opcode = readonly ['equal' | 'replace' | 'delete' | 'insert', number, number, number, number];

/** SequenceMatcher(None, a, b) (autojunk on): its matching blocks, dummy last block included. */
function matchingBlocks(a: string[], b: string[]): [number, number, number][] {
  const b2j = new Map<string, number[]>();
  b.forEach((line, j) => {
    const at = b2j.get(line);
    if (at) at.push(j);
    else b2j.set(line, [j]);
  });
  if (b.length >= 200) {
    const popular = Math.floor(b.length / 100) + 1;
    for (const [line, at] of [...b2j]) if (at.length > popular) b2j.delete(line);
  }
  const longest = (alo: number, ahi: number, blo: number, bhi: number): [number, number, number] => {
    let [besti, bestj, bestsize] = [alo, blo, 0];
    let j2len = new Map<number, number>();
    for (let i = alo; i < ahi; i++) {
      const next = new Map<number, number>();
      for (const j of b2j.get(a[i]!) ?? []) {
        if (j < blo) continue;
        if (j >= bhi) break;
        const k = (j2len.get(j - 1) ?? 0) + 1;
        next.set(j, k);
        if (k > bestsize) [besti, bestj, bestsize] = [i - k + 1, j - k + 1, k];
      }
      j2len = next;
    }
    while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1])
      [besti, bestj, bestsize] = [besti - 1, bestj - 1, bestsize + 1];
    while (besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] === b[bestj + bestsize]) bestsize++;
    return [besti, bestj, bestsize];
  };
  const queue: [number, number, number, number][] = [[0, a.length, 0, b.length]];
  const blocks: [number, number, number][] = [];
  while (queue.length) {
    const [alo, ahi, blo, bhi] = queue.pop()!;
    const [i, j, k] = longest(alo, ahi, blo, bhi);
    if (!k) continue;
    blocks.push([i, j, k]);
    if (alo < i && blo < j) queue.push([alo, i, blo, j]);
    if (i + k < ahi && j + k < bhi) queue.push([i + k, ahi, j + k, bhi]);
  }
  blocks.sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2]);
  const merged: [number, number, number][] = [];
  let [i1, j1, k1] = [0, 0, 0];
  for (const [i2, j2, k2] of blocks) {
    if (i1 + k1 === i2 && j1 + k1 === j2) k1 += k2;
    else {
      if (k1) merged.push([i1, j1, k1]);
      [i1, j1, k1] = [i2, j2, k2];
    }
  }
  if (k1) merged.push([i1, j1, k1]);
  merged.push([a.length, b.length, 0]);
  return merged;
}

function opcodes(a: string[], b: string[]): Opcode[] {
  const codes: Opcode[] = [];
  let i = 0;
  let j = 0;
  for (const [ai, bj, size] of matchingBlocks(a, b)) {
    if (i < ai && j < bj) codes.push(['replace', i, ai, j, bj]);
    else if (i < ai) codes.push(['delete', i, ai, j, bj]);
    else if (j < bj) codes.push(['insert', i, ai, j, bj]);
    i = ai + size;
    j = bj + size;
    if (size) codes.push(['equal', ai, i, bj, j]);
  }
  return codes;
}

function groupedOpcodes(codes: Opcode[], n: number): Opcode[][] {
  const c: Opcode[] = codes.length ? [...codes] : [['equal', 0, 1, 0, 1]];
  const first = c[0]!;
  if (first[0] === 'equal')
    c[0] = ['equal', Math.max(first[1], first[2] - n), first[2], Math.max(first[3], first[4] - n), first[4]];
  const last = c[c.length - 1]!;
  if (last[0] === 'equal')
    c[c.length - 1] = ['equal', last[1], Math.min(last[2], last[1] + n), last[3], Math.min(last[4], last[3] + n)];
  const groups: Opcode[][] = [];
  let group: Opcode[] = [];
  for (const code of c) {
    let [tag, i1, i2, j1, j2] = code;
    if (tag === 'equal' && i2 - i1 > 2 * n) {
      group.push([tag, i1, Math.min(i2, i1 + n), j1, Math.min(j2, j1 + n)]);
      groups.push(group);
      group = [];
      [i1, j1] = [Math.max(i1, i2 - n), Math.max(j1, j2 - n)];
    }
    group.push([tag, i1, i2, j1, j2]);
  }
  if (group.length && !(group.length === 1 && group[0]![0] === 'equal')) groups.push(group);
  return groups;
}

function unifiedRange(start: number, stop: number): string {
  const length = stop - start;
  if (length === 1) return String(start + 1);
  return `${length ? start + 1 : start},${length}`;
}

function unifiedDiff(a: string[], b: string[]): string[] {
  const out: string[] = [];
  for (const group of groupedOpcodes(opcodes(a, b), 3)) {
    if (!out.length) out.push('--- ', '+++ ');
    const first = group[0]!;
    const last = group[group.length - 1]!;
    out.push(`@@ -${unifiedRange(first[1], last[2])} +${unifiedRange(first[3], last[4])} @@`);
    for (const [tag, i1, i2, j1, j2] of group) {
      if (tag === 'equal') {
        for (const line of a.slice(i1, i2)) out.push(` ${line}`);
        continue;
      }
      if (tag !== 'insert') for (const line of a.slice(i1, i2)) out.push(`-${line}`);
      if (tag !== 'delete') for (const line of b.slice(j1, j2)) out.push(`+${line}`);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------

/** json.loads(DeepDiff(t1, t2, ignore_order=True).to_json()) of deepdiff 8.6.1, as pymongo would store it. */
export function deepDiff(t1: unknown, t2: unknown): Record<string, unknown> {
  const pass = new DiffPass(new DiffRun(), false);
  pass.diff({ t1: toPy(t1), t2: toPy(t2), up: null, seg: '' });
  pass.mergeSamePathAddRemove();
  return textView(pass.tree);
}

/** Python's len() of a stored group: entries of a mapping or list, characters of a string; 0 otherwise. */
function groupLength(v: unknown): number {
  if (Array.isArray(v)) return v.length;
  if (typeof v === 'string') return [...v].length;
  if (v instanceof Map) return v.size;
  if (
    v !== null &&
    typeof v === 'object' &&
    (v as Bsonish)._bsontype === undefined &&
    !(v instanceof Date) &&
    !ArrayBuffer.isView(v)
  ) {
    return Object.keys(v).length;
  }
  return 0;
}

/** The backend's compare `changes_summary`: values_changed: len(values_changed); items_added: len(dictionary_item_added)+len(iterable_item_added); items_removed: len(dictionary_item_removed)+len(iterable_item_removed). Works on a stored diff (any shape tolerated, never throws). */
export function changesSummary(diff: unknown): { values_changed: number; items_added: number; items_removed: number } {
  const d = diff !== null && typeof diff === 'object' && !Array.isArray(diff) ? (diff as Record<string, unknown>) : {};
  const len = (key: string): number => groupLength(Object.prototype.hasOwnProperty.call(d, key) ? d[key] : undefined);
  return {
    values_changed: len('values_changed'),
    items_added: len('dictionary_item_added') + len('iterable_item_added'),
    items_removed: len('dictionary_item_removed') + len('iterable_item_removed'),
  };
}
