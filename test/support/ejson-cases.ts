/**
 * Every BSON type the Extended JSON writers take, as the driver returns it
 * (promoteValues: false, bsonRegExp: true), for the tests of ejson.ts and
 * ejson-raw.ts.
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
  UUID,
} from 'mongodb';

export function withOwnKey(key: string, value: unknown, rest: Record<string, unknown> = {}): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  return Object.assign(o, rest);
}

export const oid = ObjectId.createFromHexString('57e193d7a9cc81b4027498b5');
export const oid2 = ObjectId.createFromHexString('57fd71e96e32ab4225b723fb');

export function dbRef(collection: string, id: unknown, db?: string, fields?: Record<string, unknown>): DBRef {
  const ref = new DBRef(collection, id as ObjectId, db, fields);
  ref.collection = collection; // the constructor would split "a.b"
  ref.db = db;
  return ref;
}

export interface Case {
  name: string;
  value: unknown;
  /** what comes back from relaxed text, when relaxed form is lossy by the spec */
  relaxed?: unknown;
  /** the value pymongo turns it into, when it has no type for it */
  python?: unknown;
  /** why the driver's EJSON cannot take part, if it cannot */
  notDriver?: string;
}

/** Every type the writer takes; each becomes the document { v: value }. */
export const CASES: Case[] = [
  { name: 'int32 0', value: new Int32(0) },
  { name: 'int32 -1', value: new Int32(-1) },
  { name: 'int32 max', value: new Int32(2147483647) },
  { name: 'int32 min', value: new Int32(-2147483648) },
  { name: 'int64 small', value: Long.fromNumber(5), relaxed: new Int32(5) },
  { name: 'int64 int32 min', value: Long.fromNumber(-2147483648), relaxed: new Int32(-2147483648) },
  { name: 'int64 2^31', value: Long.fromNumber(2147483648) },
  { name: 'int64 -2^31-1', value: Long.fromNumber(-2147483649) },
  { name: 'int64 2^53+1', value: Long.fromString('9007199254740993') },
  { name: 'int64 -(2^53+1)', value: Long.fromString('-9007199254740993') },
  { name: 'int64 max', value: Long.MAX_VALUE },
  { name: 'int64 min', value: Long.MIN_VALUE },
  { name: 'bigint > 2^53', value: 2n ** 62n + 1n },
  { name: 'bigint small', value: 7n, relaxed: new Int32(7) },
  { name: 'JS number int32', value: 42 },
  { name: 'JS number -0 (a double)', value: -0 },
  { name: 'JS number 3e9 (a double)', value: 3e9 },
  { name: 'JS number 0.5', value: 0.5 },
  { name: 'double 2.0', value: new Double(2) },
  { name: 'double 0.0', value: new Double(0) },
  { name: 'double -0.0', value: new Double(-0) },
  { name: 'double NaN', value: new Double(NaN) },
  { name: 'double Infinity', value: new Double(Infinity) },
  { name: 'double -Infinity', value: new Double(-Infinity) },
  { name: 'double 1.5', value: new Double(1.5) },
  { name: 'double 1e300', value: new Double(1e300) },
  { name: 'double 5e-324', value: new Double(5e-324) },
  { name: 'double max', value: new Double(Number.MAX_VALUE) },
  { name: 'double 0.1', value: new Double(0.1) },
  { name: 'double 1e16', value: new Double(1e16) },
  { name: 'double 1e-5', value: new Double(1e-5) },
  { name: 'double -123456789.0', value: new Double(-123456789) },
  { name: 'double 2^63', value: new Double(2 ** 63) },
  ...[
    '1.5',
    'NaN',
    'Infinity',
    '-Infinity',
    '-0',
    '0E+3',
    '1.000',
    '9.999999999999999999999999999999999E+6144',
    '1E-6176',
    '-1.23456789012345678901234567890123E-100',
  ].map((s) => ({ name: `decimal ${s}`, value: Decimal128.fromString(s) })),
  { name: 'date epoch', value: new Date(0) },
  { name: 'date with ms', value: new Date('2024-05-06T07:08:09.123Z') },
  { name: 'date whole second', value: new Date('2024-05-06T07:08:09Z') },
  { name: 'date 1 ms before 1970', value: new Date(-1) },
  { name: 'date 1969', value: new Date('1969-07-20T20:17:40Z') },
  { name: 'date year 1', value: new Date(-62135596800000) },
  { name: 'date end of 9999', value: new Date(253402300799999) },
  { name: 'date year 10000', value: new Date(253402300800000) },
  { name: 'date JS max', value: new Date(8.64e15) },
  { name: 'date JS min', value: new Date(-8.64e15) },
  { name: 'objectid', value: oid },
  { name: 'binary 0', value: new Binary(Buffer.from('hello'), 0) },
  { name: 'binary 0 empty', value: new Binary(Buffer.alloc(0), 0) },
  { name: 'binary 2 (old)', value: new Binary(Buffer.from([1, 2, 3]), 2) },
  { name: 'binary 3 (old UUID)', value: new Binary(Buffer.from('0123456789abcdef'), 3) },
  { name: 'binary 4 (UUID)', value: new UUID('c8edabc3-f738-4ca3-b68d-ab92a91478a3') },
  { name: 'binary 5 (MD5)', value: new Binary(Buffer.from('d41d8cd98f00b204e9800998ecf8427e', 'hex'), 5) },
  { name: 'binary 128 (user)', value: new Binary(Buffer.from([0xff, 0x00, 0x7f]), 128) },
  { name: 'Uint8Array (binary 0)', value: new Uint8Array([9, 8, 7]) },
  { name: 'regex with options', value: new BSONRegExp('^a.*b$', 'xmi') },
  { name: 'regex all options, quotes', value: new BSONRegExp('a/"\\\\b', 'ilmsux') },
  { name: 'regex unicode', value: new BSONRegExp('é😀', '') },
  { name: 'timestamp 0', value: new Timestamp({ t: 0, i: 0 }) },
  { name: 'timestamp max', value: new Timestamp({ t: 4294967295, i: 4294967295 }) },
  { name: 'timestamp typical', value: new Timestamp({ t: 1700000000, i: 7 }) },
  { name: 'minkey', value: new MinKey() },
  { name: 'maxkey', value: new MaxKey() },
  { name: 'symbol', value: new BSONSymbol('sym'), python: 'sym' },
  { name: 'code', value: new Code('function () { return 1; }') },
  {
    name: 'code with scope',
    value: new Code('x + n', { x: new Int32(1), n: Long.fromString('9007199254740993'), d: new Double(1) }),
  },
  { name: 'code with empty scope', value: new Code('x', {}) },
  { name: 'dbref', value: dbRef('coll', oid) },
  { name: 'dbref with db', value: dbRef('coll', oid, 'other') },
  { name: 'dbref with fields', value: dbRef('coll', oid, undefined, { x: new Int32(1), y: 'z' }) },
  { name: 'dbref with db and fields', value: dbRef('coll', oid2, 'other', { x: new Double(1.5) }) },
  { name: 'dbref with string id', value: dbRef('coll', 'abc') },
  {
    name: 'dbref with dotted collection',
    value: dbRef('db.coll', oid),
    notDriver: 'its DBRef constructor splits "db.coll" into $db and $ref',
  },
  {
    name: 'nested arrays and documents',
    value: [[new Int32(1), [new Int32(2), [new Double(3), []]]], { a: { b: { c: [] } } }, []],
  },
  { name: 'empty document', value: {} },
  { name: 'empty array', value: [] },
  { name: 'undefined in array (null)', value: [new Int32(1), undefined, new Int32(2)] },
  { name: 'undefined field (null)', value: { a: undefined } },
  {
    name: 'empty key, unicode keys',
    value: { '': new Int32(1), ключ: new Int32(2), '😀': new Int32(3), 'a.b': 'dot' },
  },
  {
    name: 'key __proto__',
    value: withOwnKey('__proto__', new Int32(1), { b: new Int32(2) }),
    notDriver: 'its EJSON.parse sets the prototype',
  },
  { name: 'string empty', value: '' },
  { name: 'string unicode', value: 'héllo wörld 日本 😀' },
  { name: 'string escapes', value: 'line\nbreak\ttab"quote\\back/slash\r\b\f' },
  { name: 'string control characters', value: '\u0000nul\u0001\u001f\u007f' },
  { name: 'string U+2028 U+2029', value: 'a\u2028b\u2029c' },
  {
    name: 'string lone surrogate (U+FFFD in BSON)',
    value: 'x\ud800y\udc00',
    notDriver: 'its EJSON.stringify writes the lone surrogate, which we refuse',
  },
  { name: 'true', value: true },
  { name: 'false', value: false },
  { name: 'null', value: null },
];
