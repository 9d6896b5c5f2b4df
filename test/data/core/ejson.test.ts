/**
 * src/data/core/ejson.ts against independent implementations: BSON bytes from the
 * driver's serializer, the driver's own EJSON reader, and pymongo 4.5's
 * bson.json_util (test/reference/ejson_reference.py), not against our own reading.
 */
import { describe, expect, it } from 'vitest';
import {
  Binary,
  BSON,
  BSONRegExp,
  Code,
  Decimal128,
  Double,
  Int32,
  Long,
  MinKey,
  ObjectId,
  Timestamp,
  UUID,
} from 'mongodb';
import {
  decimalText,
  ExtendedJsonSyntaxError,
  parseDecimal,
  parseExtendedJson,
  RawExtendedJsonWriter,
  toExtendedJson,
  type EjsonMode,
} from '../../../src/data/core/index.js';
import { UsageError } from '../../../src/errors.js';
import { prng } from '../../support/generator.js';
import { CASES, dbRef, oid } from '../../support/ejson-cases.js';
import { runPython } from '../../support/python.js';

const { EJSON } = BSON;

/** A small seeded generator, so that sampled inputs are the same on every run. */
const seeded = prng;
const MODES: EjsonMode[] = ['canonical', 'relaxed'];

/** The bytes the driver writes: it keeps undefined fields as null (ignoreUndefined: false), BSON.serialize alone drops them. */
function bsonHex(doc: unknown): string {
  return Buffer.from(BSON.serialize(doc as BSON.Document, { ignoreUndefined: false })).toString('hex');
}

/** JSON text without whitespace outside strings. */
function withoutWhitespace(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i]!;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c !== ' ' && c !== '\n' && c !== '\r' && c !== '\t') {
      out += c;
    }
  }
  return out;
}

/** The cases the spec makes lossy in relaxed form, listed as in the module header. */
const RELAXED_LOSSY = CASES.filter((c) => c.relaxed !== undefined).map((c) => c.name);

describe('round trip through our text', () => {
  it('lists the relaxed-lossy cases: int64 values that fit int32 come back as int32', () => {
    expect(RELAXED_LOSSY).toEqual(['int64 small', 'int64 int32 min', 'bigint small']);
  });

  for (const mode of MODES) {
    it(`keeps the BSON bytes of every type in ${mode} mode`, () => {
      for (const c of CASES) {
        const doc = { v: c.value };
        const text = toExtendedJson(doc, { mode });
        const expected = mode === 'relaxed' && c.relaxed !== undefined ? { v: c.relaxed } : doc;
        expect(bsonHex(parseExtendedJson(text)), `${c.name}: ${text}`).toBe(bsonHex(expected));
      }
    });

    it(`keeps them with indentation in ${mode} mode, and the indented text is the compact text laid out`, () => {
      for (const c of CASES) {
        const doc = { v: c.value };
        const pretty = toExtendedJson(doc, { mode, indent: 2 });
        expect(withoutWhitespace(pretty), c.name).toBe(toExtendedJson(doc, { mode }));
        const expected = mode === 'relaxed' && c.relaxed !== undefined ? { v: c.relaxed } : doc;
        expect(bsonHex(parseExtendedJson(pretty)), c.name).toBe(bsonHex(expected));
      }
    });
  }

  it('keeps all cases together in one document', () => {
    const doc: Record<string, unknown> = {};
    CASES.forEach((c, i) => (doc[`k${i}`] = c.value));
    expect(bsonHex(parseExtendedJson(toExtendedJson(doc, { mode: 'canonical' })))).toBe(bsonHex(doc));
  });
});

describe('writer texts', () => {
  const relaxed = (v: unknown) => toExtendedJson({ v }).slice(5, -1);
  const canonical = (v: unknown) => toExtendedJson({ v }, { mode: 'canonical' }).slice(5, -1);

  it('writes relaxed numbers so that their type survives', () => {
    expect(relaxed(new Double(2))).toBe('2.0');
    expect(relaxed(new Double(1e300))).toBe('1e+300');
    expect(relaxed(new Double(1.5e-7))).toBe('1.5e-07');
    expect(relaxed(new Double(-0))).toBe('{"$numberDouble":"-0.0"}');
    expect(relaxed(new Double(NaN))).toBe('{"$numberDouble":"NaN"}');
    expect(relaxed(new Double(-Infinity))).toBe('{"$numberDouble":"-Infinity"}');
    expect(relaxed(3e9)).toBe('3000000000.0');
    expect(relaxed(-0)).toBe('{"$numberDouble":"-0.0"}');
    expect(relaxed(42)).toBe('42');
    expect(relaxed(new Int32(-7))).toBe('-7');
    expect(relaxed(Long.MAX_VALUE)).toBe('9223372036854775807');
    expect(relaxed(Long.fromString('-9007199254740993'))).toBe('-9007199254740993');
    expect(relaxed(2n ** 64n + 3n)).toBe('3'); // wrapped to 64 bits, as the driver writes it
    expect(relaxed(Long.fromString('18446744073709551615', true))).toBe('-1'); // an unsigned Long is its 64 bits
  });

  it('writes canonical numbers and dates', () => {
    expect(canonical(new Int32(5))).toBe('{"$numberInt":"5"}');
    expect(canonical(Long.fromNumber(5))).toBe('{"$numberLong":"5"}');
    expect(canonical(new Double(2))).toBe('{"$numberDouble":"2.0"}');
    expect(canonical(new Double(-0))).toBe('{"$numberDouble":"-0.0"}');
    expect(canonical(new Double(1e300))).toBe('{"$numberDouble":"1e+300"}');
    expect(canonical(new Date(0))).toBe('{"$date":{"$numberLong":"0"}}');
  });

  it('writes relaxed dates as ISO strings from 1970 through 9999, milliseconds only when set', () => {
    expect(relaxed(new Date('2024-05-06T07:08:09.120Z'))).toBe('{"$date":"2024-05-06T07:08:09.120Z"}');
    expect(relaxed(new Date('2024-05-06T07:08:09Z'))).toBe('{"$date":"2024-05-06T07:08:09Z"}');
    expect(relaxed(new Date(-1))).toBe('{"$date":{"$numberLong":"-1"}}');
    expect(relaxed(new Date(253402300800000))).toBe('{"$date":{"$numberLong":"253402300800000"}}');
  });

  it('writes the other wrappers', () => {
    expect(relaxed(oid)).toBe('{"$oid":"57e193d7a9cc81b4027498b5"}');
    expect(relaxed(new Binary(Buffer.from([1, 2, 3]), 128))).toBe('{"$binary":{"base64":"AQID","subType":"80"}}');
    expect(relaxed(new Binary(Buffer.from([1]), 5))).toBe('{"$binary":{"base64":"AQ==","subType":"05"}}');
    const regex = new BSONRegExp('a', 'i');
    regex.options = 'xmi'; // unsorted, as a hand-made value could be
    expect(relaxed(regex)).toBe('{"$regularExpression":{"pattern":"a","options":"imx"}}');
    expect(relaxed(new Timestamp({ t: 1, i: 2 }))).toBe('{"$timestamp":{"t":1,"i":2}}');
    expect(relaxed(new Code('f', { a: new Int32(1) }))).toBe('{"$code":"f","$scope":{"a":1}}');
    expect(relaxed(dbRef('c', oid, 'd', { x: true }))).toBe(
      '{"$ref":"c","$id":{"$oid":"57e193d7a9cc81b4027498b5"},"$db":"d","x":true}',
    );
    expect(relaxed(new MinKey())).toBe('{"$minKey":1}');
    expect(relaxed(Decimal128.fromString('-0'))).toBe('{"$numberDecimal":"-0"}');
  });

  it('escapes strings for JSON, JavaScript and NDJSON', () => {
    expect(relaxed('a"b\\c\n\u0001\u001f\u2028\u2029/é😀')).toBe('"a\\"b\\\\c\\n\\u0001\\u001f\\u2028\\u2029/é😀"');
    expect(relaxed('\ud800')).toBe('"\ufffd"');
    expect(toExtendedJson({ 'k"\n': 1 })).toBe('{"k\\"\\n":1}');
  });

  it('lays indented output out like JSON.stringify', () => {
    const doc = {
      _id: oid,
      when: new Date(0),
      n: [new Int32(1), { deep: [] }, {}],
      s: 'x\u001f',
      ok: true,
      none: null,
    };
    expect(toExtendedJson(doc, { indent: 2 })).toBe(JSON.stringify(JSON.parse(toExtendedJson(doc)), null, 2));
    expect(toExtendedJson(doc, { indent: 4, mode: 'canonical' })).toBe(
      JSON.stringify(JSON.parse(toExtendedJson(doc, { mode: 'canonical' })), null, 4),
    );
  });

  it('refuses what BSON cannot say, and cycles, without overflowing the stack', () => {
    expect(() => toExtendedJson({ d: new Date(NaN) })).toThrow(/invalid Date/);
    expect(() => toExtendedJson({ f: () => 1 })).toThrow(TypeError);
    expect(() => toExtendedJson({ s: Symbol('x') })).toThrow(TypeError);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => toExtendedJson(cycle)).toThrow(/nested more than 1000 levels/);
    let deep: unknown[] = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(() => toExtendedJson(deep)).toThrow(TypeError);
  });
});

describe('reader values', () => {
  const v = (text: string) => (parseExtendedJson(`{"v": ${text}}`) as { v: unknown }).v;

  it('keeps number lexemes: integers by size, anything with . or e a double', () => {
    expect(v('2')).toEqual(new Int32(2));
    expect(v('2.0')).toEqual(new Double(2));
    expect(v('2e0')).toEqual(new Double(2));
    expect(v('-0')).toEqual(new Int32(0)); // an integer literal: Int32(0), as mongoimport and pymongo read it
    expect(Object.is((v('-0.0') as Double).value, -0)).toBe(true);
    expect(v('2147483647')).toEqual(new Int32(2147483647));
    expect(v('2147483648')).toEqual(Long.fromNumber(2147483648));
    expect(v('-2147483649')).toEqual(Long.fromNumber(-2147483649));
    expect(v('9007199254740993')).toEqual(Long.fromString('9007199254740993'));
    expect(v('9223372036854775807')).toEqual(Long.MAX_VALUE);
    expect(v('-9223372036854775808')).toEqual(Long.MIN_VALUE);
    expect(v('9223372036854775808')).toEqual(new Double(9223372036854775808));
    expect(v('1E+300')).toEqual(new Double(1e300)); // Go's spelling
    expect(v('1e-400')).toEqual(new Double(0));
  });

  it('reads the legacy forms mongoimport accepts', () => {
    expect(v('{"$date": 1000}')).toEqual(new Date(1000));
    expect(v('{"$date": {"$numberLong": "-1"}}')).toEqual(new Date(-1));
    expect(v('{"$date": "2024-05-06T07:08:09.5+02:00"}')).toEqual(new Date('2024-05-06T05:08:09.500Z'));
    expect(v('{"$date": "2024-05-06T07:08:09.123456-0130"}')).toEqual(new Date('2024-05-06T08:38:09.123Z'));
    expect(v('{"$date": "0001-01-01T00:00:00Z"}')).toEqual(new Date(-62135596800000));
    expect(bsonHex({ v: v('{"$binary": "AQID", "$type": "80"}') })).toBe(
      bsonHex({ v: new Binary(Buffer.from([1, 2, 3]), 128) }),
    );
    expect(bsonHex({ v: v('{"$type": 5, "$binary": "AQ=="}') })).toBe(bsonHex({ v: new Binary(Buffer.from([1]), 5) }));
    expect(v('{"$regex": "a.b", "$options": "mi"}')).toEqual(new BSONRegExp('a.b', 'im'));
    expect(v('{"$regex": "a.b"}')).toEqual(new BSONRegExp('a.b', ''));
    const uuid = bsonHex({ v: new UUID('c8edabc3-f738-4ca3-b68d-ab92a91478a3') });
    expect(bsonHex({ v: v('{"$uuid": "c8edabc3-f738-4ca3-b68d-ab92a91478a3"}') })).toBe(uuid);
    expect(bsonHex({ v: v('{"$uuid": "C8EDABC3F7384CA3B68DAB92A91478A3"}') })).toBe(uuid);
    expect(v('{"$numberLong": 5}')).toEqual(Long.fromNumber(5));
    expect(v('{"$undefined": true}')).toBeNull();
    expect(bsonHex({ v: v('{"$dbPointer": {"$ref": "db.coll", "$id": {"$oid": "57e193d7a9cc81b4027498b5"}}}') })).toBe(
      bsonHex({ v: dbRef('db.coll', oid) }),
    );
  });

  it('reads hex in either case, one-digit subtypes, wrapper keys in any order', () => {
    expect(v('{"$oid": "57E193D7A9CC81B4027498B5"}')).toEqual(oid);
    expect(bsonHex({ v: v('{"$binary": {"subType": "4", "base64": "yO2rw/c4TKO2jauSqRR4ow=="}}') })).toBe(
      bsonHex({ v: new UUID('c8edabc3-f738-4ca3-b68d-ab92a91478a3') }),
    );
    expect(v('{"$scope": {}, "$code": "f"}')).toEqual(new Code('f', {}));
    expect(bsonHex({ v: v('{"x": 1, "$id": 2, "$ref": "c"}') })).toBe(
      bsonHex({ v: dbRef('c', new Int32(2), undefined, { x: new Int32(1) }) }),
    );
  });

  it('reads a byte order mark, CRLF line ends and keys such as __proto__ and toString', () => {
    const doc = parseExtendedJson('\ufeff{\r\n"__proto__": 1,\r\n"toString": 2}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(doc)).toBe(Object.prototype);
    expect(Object.keys(doc)).toEqual(['__proto__', 'toString']);
    expect(doc.toString).toEqual(new Int32(2));
  });

  it('reads what mongoexport (Go) writes: E exponents, trimmed fractions of a second', () => {
    const line =
      '{"_id":{"$oid":"57e193d7a9cc81b4027498b5"},"n":5,"big":9007199254740993,"d":1.0,"e":1.5E+300,' +
      '"when":{"$date":"2024-05-06T07:08:09.5Z"},"old":{"$date":{"$numberLong":"-1"}},"b":{"$binary":{"base64":"AQID","subType":"80"}}}';
    const expected = {
      _id: oid,
      n: new Int32(5),
      big: Long.fromString('9007199254740993'),
      d: new Double(1),
      e: new Double(1.5e300),
      when: new Date('2024-05-06T07:08:09.500Z'),
      old: new Date(-1),
      b: new Binary(Buffer.from([1, 2, 3]), 128),
    };
    expect(bsonHex(parseExtendedJson(line))).toBe(bsonHex(expected));
  });

  it('reads top-level values other than documents', () => {
    expect(parseExtendedJson(' 5 ')).toEqual(new Int32(5));
    expect(parseExtendedJson('{"$numberLong": "5"}')).toEqual(Long.fromNumber(5));
    expect(parseExtendedJson('"s"')).toBe('s');
  });
});

describe("Decimal128 fast paths against the driver's Decimal128", () => {
  it('gives the bytes of Decimal128.fromString and the text of toString', () => {
    const rand = seeded(128);
    const digits = (k: number) => Array.from({ length: k }, () => Math.floor(rand() * 10)).join('');
    const inputs = [
      '0',
      '-0',
      '0.0',
      '0E+3',
      '1.000',
      '-1.5',
      '1E-6176',
      '9.99E+6144',
      '123456789012345',
      '1234567890123456',
      '0.000001',
      '0.0000001',
    ];
    inputs.push(
      '1e5',
      '1E+05',
      '00012.340',
      '1.',
      '.5',
      '+1',
      '1e',
      'NaN',
      '-Infinity',
      '1E+6112',
      '1E-6177',
      '000000000000000000001',
      '1.2.3',
      '',
    );
    for (let i = 0; i < 5000; i++) {
      const exp =
        rand() < 0.4
          ? (rand() < 0.5 ? 'E' : 'e') +
            (rand() < 0.5 ? '-' : rand() < 0.5 ? '+' : '') +
            Math.floor(rand() * (rand() < 0.1 ? 7000 : 40))
          : '';
      inputs.push(
        (rand() < 0.3 ? '-' : '') +
          digits(1 + Math.floor(rand() * 18)) +
          (rand() < 0.6 ? '.' + digits(1 + Math.floor(rand() * 8)) : '') +
          exp,
      );
    }
    const bytes = (f: () => Decimal128) => {
      try {
        return Buffer.from(f().bytes).toString('hex');
      } catch {
        return 'error';
      }
    };
    for (const s of inputs) {
      expect(
        bytes(() => parseDecimal(s)),
        s,
      ).toBe(bytes(() => Decimal128.fromString(s)));
      if (bytes(() => Decimal128.fromString(s)) === 'error') continue;
      const d = Decimal128.fromString(s);
      expect(decimalText(d), s).toBe(d.toString());
    }
  });
});

describe("against the driver's EJSON", () => {
  const shared = CASES.filter((c) => c.notDriver === undefined);

  it('reads the canonical text EJSON writes into the same BSON as EJSON.parse', () => {
    for (const c of shared) {
      const text = EJSON.stringify({ v: c.value } as BSON.Document, { relaxed: false });
      expect(bsonHex(parseExtendedJson(text)), `${c.name}: ${text}`).toBe(
        bsonHex(EJSON.parse(text, { relaxed: false })),
      );
    }
  });

  it('writes canonical text that EJSON.parse reads into the original BSON', () => {
    for (const c of shared) {
      const doc = { v: c.value };
      const text = toExtendedJson(doc, { mode: 'canonical' });
      expect(bsonHex(EJSON.parse(text, { relaxed: false })), `${c.name}: ${text}`).toBe(bsonHex(doc));
    }
  });

  it("shows the driver's relaxed loss that ours avoids: double 2.0 comes back as int32", () => {
    const doc = { d: new Double(2) };
    const theirs = EJSON.stringify(doc, { relaxed: true });
    expect(theirs).toBe('{"d":2}');
    expect(bsonHex(EJSON.parse(theirs, { relaxed: false }))).not.toBe(bsonHex(doc));
    expect(bsonHex(parseExtendedJson(toExtendedJson(doc)))).toBe(bsonHex(doc));
  });
});

describe("against pymongo's bson.json_util", () => {
  // Intended textual differences between our relaxed output and pymongo's:
  // - -0.0: the spec writes {"$numberDouble": "-0.0"} in relaxed form too (a JSON number loses the sign
  //   in most readers); pymongo writes a bare -0.0. Both read back as double -0.0.
  // - U+2028 and U+2029: we escape them (safe in JavaScript and line-based tools); pymongo writes them raw.
  // - BSON symbol: pymongo decodes it into a Python str, so its output is a string (its python value here).
  // Dates agree: ISO with .mmm only when the milliseconds are non-zero, $numberLong outside 1970..9999.
  const pythonSpelling = (ours: string) =>
    ours.replaceAll('{"$numberDouble":"-0.0"}', '-0.0').replaceAll('\\u2028', '\u2028').replaceAll('\\u2029', '\u2029');

  function neighbours(x: number): number[] {
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, x);
    const bits = view.getBigUint64(0);
    view.setBigUint64(0, bits - 1n);
    const below = view.getFloat64(0);
    view.setBigUint64(0, bits + 1n);
    return [below, x, view.getFloat64(0)];
  }

  /** Doubles from random bit patterns, random short decimals and the edges of the format's ranges. */
  function sampleDoubles(): number[] {
    const rand = seeded(20240506);
    const view = new DataView(new ArrayBuffer(8));
    const out: number[] = [];
    while (out.length < 3000) {
      view.setUint32(0, Math.floor(rand() * 4294967296));
      view.setUint32(4, Math.floor(rand() * 4294967296));
      const d = view.getFloat64(0);
      if (Number.isFinite(d)) out.push(d);
    }
    for (let i = 0; i < 1000; i++)
      out.push(
        Math.round(rand() * 1e6) / 10 ** Math.floor(rand() * 12),
        Math.round(rand() * 1e9) * 10 ** Math.floor(rand() * 20),
      );
    for (const edge of [
      1e16,
      1e-4,
      1e21,
      1e22,
      2 ** 53,
      2 ** 63,
      2 ** 64,
      1e15,
      1,
      0.1 + 0.2,
      1 / 3,
      100,
      1e-7,
      1e-6,
      Number.MIN_VALUE,
      Number.MAX_VALUE,
      Number.EPSILON,
      2.2250738585072014e-308,
    ]) {
      for (const x of neighbours(edge)) out.push(x, -x);
    }
    return out;
  }

  function sampleDates(): Date[] {
    const rand = seeded(7);
    const out: Date[] = [];
    for (let i = 0; i < 500; i++) out.push(new Date(Math.floor((rand() - 0.3) * 4e14)));
    for (let i = 0; i < 100; i++) out.push(new Date(Math.floor(rand() * 1e12) * 1000)); // whole seconds
    out.push(
      new Date(0),
      new Date(-1),
      new Date(253402300799999),
      new Date(253402300800000),
      new Date(-62135596800000),
      new Date(-62135596800001),
    );
    return out;
  }

  interface PythonResult {
    relaxed?: string;
    bson?: string;
    error?: string;
  }

  /** The cases, then the sampled doubles and dates in documents of 100 values. */
  function referenceDocs(): Array<{ name: string; doc: Record<string, unknown>; python: Record<string, unknown> }> {
    const docs: Array<{ name: string; doc: Record<string, unknown>; python: Record<string, unknown> }> = CASES.map(
      (c) => ({
        name: c.name,
        doc: { v: c.value },
        python: { v: c.python !== undefined ? c.python : c.value },
      }),
    );
    const doubles = sampleDoubles();
    for (let i = 0; i < doubles.length; i += 100) {
      const d = { d: doubles.slice(i, i + 100).map((x) => new Double(x)) };
      docs.push({ name: `doubles ${i}..${i + 99}`, doc: d, python: d });
    }
    const dates = sampleDates();
    for (let i = 0; i < dates.length; i += 100) {
      const d = { t: dates.slice(i, i + 100) };
      docs.push({ name: `dates ${i}..${i + 99}`, doc: d, python: d });
    }
    const rand = seeded(64);
    const longs = Array.from({ length: 500 }, () =>
      Long.fromBits(Math.floor(rand() * 4294967296) | 0, Math.floor(rand() * 4294967296) | 0),
    );
    docs.push({ name: 'random int64', doc: { l: longs }, python: { l: longs } });
    return docs;
  }

  it('agrees on BSON for our canonical text and on relaxed text and its BSON', () => {
    const docs = referenceDocs();
    const input = docs.map((d) => toExtendedJson(d.doc, { mode: 'canonical' })).join('\n') + '\n';
    const lines = runPython('test/reference/ejson_reference.py', [], input).trimEnd().split('\n');
    expect(lines).toHaveLength(docs.length);
    docs.forEach((d, i) => {
      const result = JSON.parse(lines[i]!) as PythonResult;
      expect(result.error, d.name).toBeUndefined();
      // pymongo read our canonical text into the same BSON the driver writes
      expect(result.bson, `${d.name}: BSON from our canonical text`).toBe(bsonHex(d.python));
      // its relaxed text and ours read (with our reader) into the same BSON
      const ours = toExtendedJson(d.python);
      expect(bsonHex(parseExtendedJson(result.relaxed!)), `${d.name}: BSON of relaxed text`).toBe(
        bsonHex(parseExtendedJson(ours)),
      );
      // and are the same text, but for the documented differences
      expect(withoutWhitespace(result.relaxed!), `${d.name}: relaxed text`).toBe(
        pythonSpelling(withoutWhitespace(ours)),
      );
    });
  });

  it("agrees on the raw-BSON writer (ejson-raw.ts) too: its canonical text reads into the same BSON, its relaxed text is pymongo's", () => {
    const docs = referenceDocs();
    const canonical = new RawExtendedJsonWriter('canonical');
    const relaxed = new RawExtendedJsonWriter('relaxed');
    const bytes = docs.map((d) => BSON.serialize(d.python as BSON.Document, { ignoreUndefined: false }));
    const input = bytes.map((b) => canonical.document(b)).join('\n') + '\n';
    const lines = runPython('test/reference/ejson_reference.py', [], input).trimEnd().split('\n');
    expect(lines).toHaveLength(docs.length);
    docs.forEach((d, i) => {
      const result = JSON.parse(lines[i]!) as PythonResult;
      expect(result.error, d.name).toBeUndefined();
      expect(result.bson, `${d.name}: BSON from the raw writer's canonical text`).toBe(bsonHex(d.python));
      expect(withoutWhitespace(result.relaxed!), `${d.name}: the raw writer's relaxed text`).toBe(
        pythonSpelling(relaxed.document(bytes[i]!)),
      );
    });
  });
});

describe('bad input', () => {
  function syntaxError(text: string, options?: { maxDepth?: number }): ExtendedJsonSyntaxError {
    try {
      parseExtendedJson(text, options);
    } catch (err) {
      expect(err).toBeInstanceOf(ExtendedJsonSyntaxError);
      return err as ExtendedJsonSyntaxError;
    }
    throw new Error(`no error for ${text.slice(0, 60)}`);
  }

  it('reports malformed JSON with line and column', () => {
    const cases: Array<[string, string, number, number]> = [
      ['{"a": 1,\n  "b": }', "unexpected character '}' at line 2, column 8: expected a value", 2, 8],
      [
        '{\n  "a": 1\n  "b": 2\n}',
        `unexpected character '"' in an object at line 3, column 3: expected ',' or '}'`,
        3,
        3,
      ],
      ['[1 2]', "unexpected character '2' in an array at line 1, column 4: expected ',' or ']'", 1, 4],
      ['[1, 2', "unexpected end of input in an array at line 1, column 6: expected ',' or ']'", 1, 6],
      ['{"a" 1}', "unexpected character '1' at line 1, column 6: expected ':' after the field name", 1, 6],
      ['{"a": 1,}', "unexpected character '}' at line 1, column 9: expected a field name in double quotes", 1, 9],
      ["{'a': 1}", "unexpected character ''' at line 1, column 2: expected a field name in double quotes", 1, 2],
      ['', 'unexpected end of input at line 1, column 1: expected a value', 1, 1],
      ['  \n ', 'unexpected end of input at line 2, column 2: expected a value', 2, 2],
      ['{"a": 1} x', "unexpected character 'x' after the value at line 1, column 10: expected end of input", 1, 10],
      ['{"a": 1}{"b": 2}', "unexpected character '{' after the value at line 1, column 9: expected end of input", 1, 9],
      ['{\r\n"a": tru\r\n}', "unexpected character 't' at line 2, column 6: expected a value", 2, 6],
      ['["😀", x]', "unexpected character 'x' at line 1, column 7: expected a value", 1, 7],
      ['"abc', 'unterminated string at line 1, column 1: expected a closing double quote', 1, 1],
      ['[01]', 'number with a leading zero at line 1, column 2: expected no leading zeros (write 7, not 07)', 1, 2],
      ['[1.]', "unexpected character ']' in a number at line 1, column 4: expected a digit after '.'", 1, 4],
      ['[-]', "unexpected character ']' in a number at line 1, column 3: expected a digit", 1, 3],
      ['[1e+]', "unexpected character ']' in a number at line 1, column 5: expected a digit in the exponent", 1, 5],
      ['[NaN]', "unexpected character 'N' at line 1, column 2: expected a value", 1, 2],
      [
        '[1e400]',
        'number 1e400 is out of range at line 1, column 2: expected a magnitude below 1.8e308 (a double)',
        1,
        2,
      ],
      [
        '["a\tb"]',
        'unescaped control character U+0009 in a string at line 1, column 4: expected it written as an escape such as \\n or \\u0000',
        1,
        4,
      ],
      ['["\\x"]', "invalid escape \\'x' in a string at line 1, column 3", 1, 3],
      [
        '["\\u12g4"]',
        "unexpected character 'g' in a \\u escape at line 1, column 7: expected 4 hexadecimal digits",
        1,
        7,
      ],
    ];
    for (const [text, message, line, column] of cases) {
      const err = syntaxError(text);
      expect(err.message, JSON.stringify(text)).toContain(message);
      expect([err.line, err.column], JSON.stringify(text)).toEqual([line, column]);
    }
  });

  it('refuses lone surrogates, escaped or raw', () => {
    expect(syntaxError('{"s": "\\ud800"}').message).toBe(
      'lone surrogate escape \\ud800 at line 1, column 8: expected a low surrogate escape (\\udc00-\\udfff) right after it: BSON strings are UTF-8',
    );
    expect(syntaxError('["\\ud800\\u0041"]').message).toMatch(/^lone surrogate escape \\ud800 at line 1, column 3/);
    expect(syntaxError('["\\udc00"]').message).toMatch(
      /^lone surrogate escape \\udc00 at line 1, column 3: expected a high surrogate/,
    );
    expect(syntaxError('["a\ud800"]').message).toMatch(/^unpaired surrogate U\+D800 in a string at line 1, column 4/);
    expect(parseExtendedJson('["\\ud83d\\ude00"]')).toEqual(['😀']);
  });

  it('refuses $-keys that are not type wrappers, NUL in keys and duplicate keys', () => {
    expect(syntaxError('{"$foo": 1}').message).toMatch(
      /^field names may not start with '\$': "\$foo" at line 1, column 2: expected a plain field name/,
    );
    expect(syntaxError('{"a": {"b": 1, "$set": {"c": 2}}}').message).toMatch(
      /^field names may not start with '\$': "\$set" at line 1, column 16/,
    );
    expect(syntaxError('{"a": {"$scope": {}}}').message).toMatch(
      /field names may not start with '\$': "\$scope" at line 1, column 7: expected "\$scope" only together with "\$code"/,
    );
    expect(syntaxError('{"a": {"$type": "string"}}').message).toMatch(/"\$type" only together with "\$binary"/);
    expect(syntaxError('{"a": {"$ref": "c"}}').message).toMatch(
      /^invalid DBRef at line 1, column 7: expected \{"\$ref"/,
    );
    expect(syntaxError('{"a": {"$ref": "c", "$id": 1, "$foo": 2}}').message).toMatch(
      /field names may not start with '\$': "\$foo"/,
    );
    expect(syntaxError('{"a\\u0000b": 1}').message).toBe(
      'field name "a\\u0000b" holds a NUL character at line 1, column 2: BSON field names cannot contain U+0000',
    );
    expect(syntaxError('{"a": 1,\n "a": 2}').message).toBe(
      'duplicate field name "a" at line 2, column 2: expected each field name once per document',
    );
  });

  it('refuses bad type wrappers, saying what was expected', () => {
    const cases: Array<[string, RegExp]> = [
      [
        '{"$oid": "123"}',
        /^invalid \$oid value at line 1, column 10: expected a string of 24 hexadecimal digits, found the string "123"/,
      ],
      ['{"$oid": 5}', /^invalid \$oid value .* found the integer 5$/],
      [
        '{"$oid": "57e193d7a9cc81b4027498b5", "x": 1}',
        /^invalid \$oid wrapper at line 1, column 1: expected no field beside "\$oid", found "x"$/,
      ],
      ['{"$numberInt": "2147483648"}', /^invalid \$numberInt value .*a 32-bit integer/],
      ['{"$numberInt": 5}', /^invalid \$numberInt value/],
      ['{"$numberLong": "9223372036854775808"}', /^invalid \$numberLong value .*a 64-bit integer/],
      ['{"$numberLong": "1.5"}', /^invalid \$numberLong value/],
      ['{"$numberDouble": "abc"}', /^invalid \$numberDouble value .*"Infinity"/],
      ['{"$numberDouble": 1.0}', /^invalid \$numberDouble value .*found the number 1.0/],
      ['{"$numberDouble": "1e999"}', /^invalid \$numberDouble value .*below 1.8e308/],
      ['{"$numberDecimal": "1.2.3"}', /^invalid \$numberDecimal value/],
      ['{"$binary": {"base64": "!!!!", "subType": "00"}}', /^invalid \$binary base64 .*padded base64/],
      ['{"$binary": {"base64": "AA", "subType": "00"}}', /^invalid \$binary base64/],
      [
        '{"$binary": {"base64": "AA==", "subType": "000"}}',
        /^invalid \$binary value .*subType of 1 or 2 hexadecimal digits/,
      ],
      ['{"$binary": {"base64": "AA==", "subType": "zz"}}', /^invalid \$binary value/],
      ['{"$binary": {"base64": "AA=="}}', /^invalid \$binary value .*expected \{"base64"/],
      ['{"$binary": {"base64": "AA==", "subType": "00", "x": 1}}', /^invalid \$binary value/],
      ['{"$binary": "AA=="}', /^invalid legacy \$binary wrapper/],
      ['{"$binary": "AA==", "$type": "xyz"}', /^invalid \$type/],
      ['{"$date": "2024-13-01T00:00:00Z"}', /^invalid \$date value .*ISO-8601/],
      ['{"$date": "2024-02-30T00:00:00Z"}', /^invalid \$date value/],
      ['{"$date": "2024-05-06T07:08:09"}', /^invalid \$date value/],
      ['{"$date": "yesterday"}', /^invalid \$date value/],
      ['{"$date": {"$numberLong": "9223372036854775807"}}', /^date out of range .*8640000000000000 ms/],
      ['{"$date": 1.5}', /^invalid \$date value/],
      ['{"$date": {"$numberLong": "1"}, "x": 1}', /^invalid \$date wrapper/],
      ['{"$timestamp": {"t": -1, "i": 0}}', /^invalid \$timestamp value .*"t": <integer 0..4294967295>/],
      ['{"$timestamp": {"t": 1}}', /^invalid \$timestamp value/],
      ['{"$timestamp": {"t": 1.0, "i": 1}}', /^invalid \$timestamp value/],
      ['{"$timestamp": {"t": 4294967296, "i": 1}}', /^invalid \$timestamp value/],
      [
        '{"$regularExpression": {"pattern": "a", "options": "q"}}',
        /^invalid \$regularExpression options .*i, l, m, s, u, x, found "q"/,
      ],
      ['{"$regularExpression": {"pattern": "a\\u0000", "options": ""}}', /^invalid \$regularExpression value .*NUL/],
      ['{"$regularExpression": {"pattern": "a"}}', /^invalid \$regularExpression value/],
      ['{"$regex": {"$regularExpression": {"pattern": "a", "options": ""}}}', /^invalid \$regex value .*query filter/],
      ['{"$minKey": 2}', /^invalid \$minKey value .*the number 1/],
      ['{"$maxKey": "1"}', /^invalid \$maxKey value/],
      ['{"$uuid": "not-a-uuid"}', /^invalid \$uuid value/],
      ['{"$code": 5}', /^invalid \$code value/],
      ['{"$code": "x", "$scope": 5}', /^invalid \$scope .*expected a document, found the integer 5/],
      ['{"$code": "x", "$scope": {}, "$x": 1}', /^field names may not start with '\$': "\$x"/],
      ['{"$symbol": 1}', /^invalid \$symbol value/],
      ['{"$undefined": false}', /^invalid \$undefined value/],
      ['{"$dbPointer": {"$ref": "a", "$id": 5}}', /^invalid \$dbPointer value/],
      [
        '{"$oid": "57e193d7a9cc81b4027498b5", "$symbol": "x"}',
        /^conflicting type wrapper fields "\$oid" and "\$symbol"/,
      ],
      ['{"$date": {"$numberLong": 1.5}}', /^invalid \$numberLong value/],
    ];
    for (const [text, pattern] of cases) expect(syntaxError(text).message, text).toMatch(pattern);
    // nested, the position is that of the wrapper's value, or of the wrapper when it has several fields
    expect(syntaxError('{"v":\n  {"$oid": 5}}').message).toMatch(/^invalid \$oid value at line 2, column 12:/);
    expect(syntaxError('{"v":\n  {"$code": "x", "$scope": 5}}').message).toMatch(
      /^invalid \$scope at line 2, column 3:/,
    );
  });

  it('bounds nesting at 100 documents and arrays by default, not counting type wrappers', () => {
    expect(() => parseExtendedJson('['.repeat(100) + ']'.repeat(100))).not.toThrow();
    expect(syntaxError('['.repeat(101) + ']'.repeat(101)).message).toBe(
      "nesting too deep at line 1, column 101: expected at most 100 nested documents and arrays (MongoDB's limit is 100)",
    );
    expect(() => parseExtendedJson('{"a":'.repeat(99) + '{}' + '}'.repeat(99))).not.toThrow();
    expect(syntaxError('{"a":'.repeat(100) + '{}' + '}'.repeat(100)).column).toBe(501);
    // 100 documents whose innermost value is two wrappers deep: 102 JSON levels, 100 BSON levels
    expect(() =>
      parseExtendedJson('{"a":'.repeat(99) + '{"x":{"$date":{"$numberLong":"1"}}}' + '}'.repeat(99)),
    ).not.toThrow();
    // a $scope is a document of its own
    expect(() =>
      parseExtendedJson('{"a":'.repeat(98) + '{"c":{"$code":"x","$scope":{}}}' + '}'.repeat(98)),
    ).not.toThrow();
    expect(() => parseExtendedJson('{"a":'.repeat(99) + '{"c":{"$code":"x","$scope":{}}}' + '}'.repeat(99))).toThrow(
      /nesting too deep/,
    );
    expect(syntaxError('[[[[[[1]]]]]]', { maxDepth: 5 }).message).toMatch(
      /^nesting too deep at line 1, column 6: expected at most 5 nested/,
    );
  });

  it('fails cleanly on input nested 100,000 levels deep', () => {
    const deep = 100_000;
    expect(syntaxError('['.repeat(deep) + ']'.repeat(deep)).message).toMatch(/^nesting too deep/);
    expect(syntaxError('{"a":'.repeat(deep) + '1' + '}'.repeat(deep)).message).toMatch(/^nesting too deep/);
    // inside a wrapper nothing counts as a document, so the plain nesting cap stops it
    expect(syntaxError('{"$binary":' + '{"a":'.repeat(deep)).message).toMatch(/^nesting too deep/);
    expect(syntaxError('['.repeat(deep)).message).toMatch(/^nesting too deep/);
  });

  it('never echoes more than 40 characters of input', () => {
    const long = 'x'.repeat(10_000);
    const texts = [
      `{"$${long}": 1}`,
      `{"$oid": "${long}"}`,
      `{"a": 1, "a${long}": 2, "a${long}": 3}`,
      `{"$regularExpression": {"pattern": "a", "options": "${long.replace(/x/g, 'q')}"}}`,
      `[${long}]`,
      `["${long}`,
    ];
    for (const text of texts) {
      const message = syntaxError(text).message;
      expect(message, message.slice(0, 80)).not.toMatch(/[xq]{41}/);
      expect(message.length).toBeLessThan(260);
    }
  });

  it('refuses bad options', () => {
    expect(() => parseExtendedJson('1', { maxDepth: 0 })).toThrow(RangeError);
    expect(() => toExtendedJson(1, { mode: 'loose' as EjsonMode })).toThrow(TypeError);
  });

  it('is a usage error (exit 2) whose message is safe to show', () => {
    const err = syntaxError('{');
    expect(err).toBeInstanceOf(UsageError);
    expect(err.exitCode).toBe(2);
    expect(err.name).toBe('ExtendedJsonSyntaxError');
  });
});

describe('speed', () => {
  it('writes and parses a ~10 MB document well within a generous bound', () => {
    const records: unknown[] = [];
    for (let i = 0; i < 40_000; i++) {
      records.push({
        _id: ObjectId.createFromTime(1_700_000_000 + i),
        n: new Int32(i),
        big: Long.fromString(String(9007199254740993n + BigInt(i))),
        ratio: new Double(i / 7),
        whole: new Double(i),
        when: new Date(1_700_000_000_000 + i * 1000),
        name: `workflow "${i}" – étape`,
        tags: ['a', 'b', `t${i % 10}`],
        nested: { ok: i % 2 === 0, none: null, price: Decimal128.fromString(`${i}.25`) },
      });
    }
    const doc = { records };
    for (const mode of MODES) {
      const t0 = performance.now();
      const text = toExtendedJson(doc, { mode });
      const t1 = performance.now();
      const back = parseExtendedJson(text) as { records: unknown[] };
      const t2 = performance.now();
      const mb = text.length / 1e6;
      console.log(`${mode}: ${mb.toFixed(1)} MB, write ${(t1 - t0).toFixed(0)} ms, parse ${(t2 - t1).toFixed(0)} ms`);
      expect(mb).toBeGreaterThan(mode === 'relaxed' ? 9 : 12);
      expect(back.records).toHaveLength(records.length);
      for (const i of [0, 1, 12_345, 39_999]) expect(bsonHex(back.records[i])).toBe(bsonHex(records[i]));
    }
  });
});
