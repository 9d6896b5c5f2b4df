/**
 * src/data/audit/export/format.ts: the rows and lines written from the stored
 * bytes (raw cursor) are the ones written from the driver's documents, for
 * records with every BSON type in every column, legacy string timestamps,
 * missing and null fields, and unknown fields.
 */
import { BSON, Double, Int32, Long, ObjectId } from 'mongodb';
import { describe, expect, it } from 'vitest';
import {
  CsvRecordReader,
  CsvRowBytes,
  GENESIS,
  parseJsonRecord,
  scanJsonRecord,
  serializeCsvRecord,
  serializeJsonRecord,
  writeJsonRecordBytes,
} from '../../../../src/data/audit/index.js';
import { ByteSink, csvLine, RawExtendedJsonWriter, type EjsonMode } from '../../../../src/data/core/index.js';
import { CASES } from '../../../support/ejson-cases.js';
import { prng } from '../../../support/generator.js';

const READ = { promoteValues: false, bsonRegExp: true } as const;
const AGREED = CASES.filter((c) => c.name !== 'dbref with dotted collection');

function records(): Array<Record<string, unknown>> {
  const random = prng(7);
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]!;
  const anything = () => pick(AGREED).value;
  const out: Array<Record<string, unknown>> = [
    {
      _id: new ObjectId(),
      timestamp: new Date('2025-06-01T10:00:00Z'),
      event_type: 'workflow_updated',
      workflow_id: 'wf-1',
      user_id: 'ann',
      details: { a: new Int32(1) },
    },
    {
      _id: 'string-id',
      timestamp: '2025-06-01 10:00:00',
      event_type: '=cmd()',
      user_id: null,
      details: null,
      metadata: { tool: 'x' },
    },
    { _id: new ObjectId(), timestamp: '2025-06-01T10:00:00+02:00', unknown_a: new Long(5), unknown_b: [new Double(2)] },
    { _id: new ObjectId(), timestamp: 'not a time', ip_address: new Int32(7), user_agent: { nested: true } },
    { _id: new ObjectId(), timestamp: new Date(-62135596800000), details: 'text details' },
    { _id: new Int32(5), timestamp: new Date('2025-01-01T00:00:00Z') },
    { _id: new ObjectId(), timestamp: new Int32(5) },
    { _id: new ObjectId() },
  ];
  for (let i = 0; i < 400; i++) {
    const r: Record<string, unknown> = {
      _id: random() < 0.9 ? new ObjectId() : anything(),
      timestamp:
        random() < 0.8 ? new Date(Math.floor(random() * 2e12)) : random() < 0.5 ? '2025-06-01T10:00:00' : anything(),
    };
    for (const key of [
      'event_type',
      'workflow_id',
      'user_id',
      'ip_address',
      'user_agent',
      'details',
      'metadata',
      'extra_one',
      'zz',
    ]) {
      if (random() < 0.6) r[key] = random() < 0.5 ? `v=${Math.floor(random() * 100)}` : anything();
    }
    out.push(r);
  }
  return out;
}

/** Text a CSV writer gets wrong: formula starts, quotes, commas, line breaks, controls, C1, U+2028, full-width forms, astral and lone surrogates. */
function hostile(): Array<Record<string, unknown>> {
  const texts = [
    '=1+1',
    '+1',
    '-2+3',
    '@SUM(A1)',
    '\t=1',
    '\r=1',
    'a\n=1',
    'a\r\n-1',
    'say "hi"',
    'a,b',
    'tab\there',
    'nul\u0000',
    'del\u007f',
    'c1\u0085x',
    'c1\u009f',
    'ls\u2028ps\u2029',
    'ps\u2029',
    '\uFF1D1',
    '\uFF0B1',
    '\uFF0D1',
    '\uFF201',
    '\uFF21 not a formula',
    'é=1',
    '😀,"',
    'lone \uD800 surrogate',
    'back\\slash',
    '',
    ' =1',
    "'=1",
    '\u001f\b\f',
  ];
  const out: Array<Record<string, unknown>> = [];
  for (const [i, t] of texts.entries()) {
    const key = t.replace('\u0000', '0'); // a key cannot hold NUL
    out.push({
      _id: i % 2 ? t : new ObjectId(),
      timestamp: i % 3 ? new Date(1.7e12 + i) : t,
      event_type: t,
      workflow_id: t,
      user_id: t,
      ip_address: t,
      user_agent: t,
      details: { t, [key]: [t] },
      metadata: t,
      [`x${key}`]: t,
    });
  }
  out.push({ _id: new ObjectId(), timestamp: new Date(-1), details: -5, metadata: { a: new Int32(-1) } });
  out.push({
    _id: new ObjectId(),
    timestamp: new Date(-62198755200001),
    event_type: new Long(-7),
    user_agent: new Double(-0.5),
  });
  out.push({ _id: new ObjectId(), timestamp: new Date(8.64e15) });
  out.push({
    _id: new ObjectId(),
    timestamp: new Date(1.7e12),
    ip_address: null,
    user_agent: undefined,
    details: null,
    metadata: undefined,
  });
  return out;
}

describe('export rows from stored bytes', () => {
  it('CSV written as bytes: the same row, byte for byte, and the same chain as csvLine of the cells from the documents', () => {
    const rows = new CsvRowBytes();
    let prev = GENESIS;
    let n = 0;
    for (const r of [...records(), ...hostile()]) {
      n++;
      const bytes = BSON.serialize(r, { ignoreUndefined: false });
      const doc = serializeCsvRecord(BSON.deserialize(bytes, READ), n, prev);
      const chain = rows.row(bytes, n, prev);
      expect(rows.line.buf.subarray(0, rows.line.pos).toString('utf8'), JSON.stringify(doc.cells)).toBe(
        csvLine(doc.cells!),
      );
      expect(chain, JSON.stringify(doc.cells)).toBe(doc.chain);
      prev = chain;
    }
  });

  it('CSV written as bytes: a record read from a cursor batch (an offset into a shared buffer) and text that is not UTF-8', () => {
    const rows = new CsvRowBytes();
    const one = BSON.serialize({ _id: 'a', event_type: 'x,y', details: { k: '=1' } });
    const batch = new Uint8Array(one.length + 7);
    batch.set(one, 7);
    const view = batch.subarray(7);
    const doc = serializeCsvRecord(BSON.deserialize(one, READ), 1, GENESIS);
    expect(rows.row(view, 1, GENESIS)).toBe(doc.chain);
    expect(rows.line.buf.subarray(0, rows.line.pos).toString('utf8')).toBe(csvLine(doc.cells!));
    // event_type "a\xff\xfeb" as stored bytes: both paths show U+FFFD for the bad bytes
    const bad = Buffer.from(BSON.serialize({ _id: 'b', event_type: 'aXXb' }));
    const at = bad.indexOf('aXXb');
    bad[at + 1] = 0xff;
    bad[at + 2] = 0xfe;
    const chain = rows.row(bad, 2, GENESIS);
    expect(rows.line.buf.subarray(0, rows.line.pos).toString('utf8')).toBe(`b,,a\ufffd\ufffdb,,,,,,,,2,${chain}\r\n`);
  });

  for (const mode of ['relaxed', 'canonical'] as EjsonMode[]) {
    it(`JSON (${mode}) written as bytes: the same line, byte for byte, and the same chain as from the documents`, () => {
      const writer = new RawExtendedJsonWriter(mode);
      const sink = new ByteSink();
      let prev = GENESIS;
      for (const [i, r] of records().entries()) {
        const bytes = BSON.serialize(r, { ignoreUndefined: false });
        const want = serializeJsonRecord(BSON.deserialize(bytes, READ), i + 1, prev, mode);
        const got = writeJsonRecordBytes(bytes, i + 1, prev, writer, sink, '\n');
        expect(sink.buf.subarray(got.start, sink.pos).toString('utf8')).toBe(`${want.text!}\n`);
        expect(got.chain).toBe(want.chain);
        prev = got.chain;
      }
    });
  }
});

describe('reading records back (verify)', () => {
  for (const mode of ['relaxed', 'canonical'] as EjsonMode[]) {
    it(`JSON (${mode}): read from its ends, a record gives what the full parse gives; other shapes are left to it`, () => {
      let prev = GENESIS;
      let scanned = 0;
      for (const [i, r] of [...records(), ...hostile()].entries()) {
        const { text } = serializeJsonRecord(r, i + 1, prev, mode);
        const full = parseJsonRecord(text!, i + 1);
        const fast = scanJsonRecord(text!, i + 1);
        if (r._id instanceof ObjectId) {
          expect(fast).toEqual(full);
          scanned++;
        } else expect(fast).toBeNull();
        prev = full.storedChain!;
      }
      expect(scanned).toBeGreaterThan(350);
    });
  }

  it('JSON: a record that is not of the usual shape, or is cut or altered at its ends, is left to the full parse', () => {
    const { text } = serializeJsonRecord({ _id: new ObjectId(), event_type: 'x' }, 7, GENESIS);
    const t = text!;
    expect(scanJsonRecord(t, 7)).toMatchObject({ seq: 7 });
    for (const bad of [
      t.slice(0, -1),
      `${t} `,
      t.replace('"_seq":7', '"_seq":07'),
      t.replace('"_seq":7', '"_seq":"7"'),
      t.replace('"_seq":7', '"_seq":-7'),
      t.replace(',"_seq":7', ''),
      t.replace(/"_chain":"[0-9a-f]{4}/, '"_chain":"ABCD'),
      t.replace('{"_id":{"$oid":"', '{"_id":{"$oid":"z'),
      t.replace('{"_id":', '{ "_id":'),
      '{"_id":{"$oid":"0123456789abcdef01234567"},"_chain":"' + '0'.repeat(64) + '"}',
    ])
      expect(scanJsonRecord(bad, 7)).toBeNull();
  });

  it('CSV: read in chunks of any size, the same rows as read whole', () => {
    let prev = GENESIS;
    let text = '';
    const written: string[][] = [];
    for (const [i, r] of [...hostile(), ...records().slice(0, 60)].entries()) {
      const row = serializeCsvRecord(r, i + 1, prev);
      text += csvLine(row.cells!);
      written.push(row.cells!);
      prev = row.chain;
    }
    const read = (size: number) => {
      const rows: string[][] = [];
      const reader = new CsvRecordReader((c) => rows.push(c));
      for (let at = 0; at < text.length; at += size) reader.push(text.slice(at, at + size));
      reader.end();
      return rows;
    };
    const whole = read(text.length);
    expect(whole).toEqual(written);
    for (const size of [1, 2, 3, 7, 64, 1000]) expect(read(size)).toEqual(whole);
  });
});
