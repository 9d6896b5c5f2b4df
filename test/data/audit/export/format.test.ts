/**
 * src/data/audit/export/format.ts: the rows and lines written from the stored
 * bytes (raw cursor) are the ones written from the driver's documents, for
 * records with every BSON type in every column, legacy string timestamps,
 * missing and null fields, and unknown fields.
 */
import { BSON, Double, Int32, Long, ObjectId } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { GENESIS, serializeCsvRecord, serializeCsvRecordRaw, serializeJsonRecord, serializeJsonRecordRaw, writeJsonRecordBytes } from '../../../../src/data/audit/index.js';
import { ByteSink, RawExtendedJsonBytes, RawExtendedJsonWriter, type EjsonMode } from '../../../../src/data/core/index.js';
import { CASES } from '../../../support/ejson-cases.js';
import { prng } from '../../../support/generator.js';

const READ = { promoteValues: false, bsonRegExp: true } as const;
const AGREED = CASES.filter((c) => c.name !== 'dbref with dotted collection');

function records(): Array<Record<string, unknown>> {
  const random = prng(7);
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]!;
  const anything = () => pick(AGREED).value;
  const out: Array<Record<string, unknown>> = [
    { _id: new ObjectId(), timestamp: new Date('2025-06-01T10:00:00Z'), event_type: 'workflow_updated', workflow_id: 'wf-1', user_id: 'ann', details: { a: new Int32(1) } },
    { _id: 'string-id', timestamp: '2025-06-01 10:00:00', event_type: '=cmd()', user_id: null, details: null, metadata: { tool: 'x' } },
    { _id: new ObjectId(), timestamp: '2025-06-01T10:00:00+02:00', unknown_a: new Long(5), unknown_b: [new Double(2)] },
    { _id: new ObjectId(), timestamp: 'not a time', ip_address: new Int32(7), user_agent: { nested: true } },
    { _id: new ObjectId(), timestamp: new Date(-62135596800000), details: 'text details' },
    { _id: new Int32(5), timestamp: new Date('2025-01-01T00:00:00Z') },
    { _id: new ObjectId(), timestamp: new Int32(5) },
    { _id: new ObjectId() },
  ];
  for (let i = 0; i < 400; i++) {
    const r: Record<string, unknown> = { _id: random() < 0.9 ? new ObjectId() : anything(), timestamp: random() < 0.8 ? new Date(Math.floor(random() * 2e12)) : random() < 0.5 ? '2025-06-01T10:00:00' : anything() };
    for (const key of ['event_type', 'workflow_id', 'user_id', 'ip_address', 'user_agent', 'details', 'metadata', 'extra_one', 'zz']) {
      if (random() < 0.6) r[key] = random() < 0.5 ? `v=${Math.floor(random() * 100)}` : anything();
    }
    out.push(r);
  }
  return out;
}

describe('export rows from stored bytes', () => {
  it('CSV: the same cells and chain as from the documents', () => {
    const writer = new RawExtendedJsonWriter('relaxed');
    let prevRaw = GENESIS;
    let prevDoc = GENESIS;
    for (const [i, r] of records().entries()) {
      const bytes = BSON.serialize(r, { ignoreUndefined: false });
      const raw = serializeCsvRecordRaw(bytes, i + 1, prevRaw, writer);
      const doc = serializeCsvRecord(BSON.deserialize(bytes, READ), i + 1, prevDoc);
      expect(raw.cells, JSON.stringify(doc.cells)).toEqual(doc.cells);
      prevRaw = raw.chain;
      prevDoc = doc.chain;
    }
    expect(prevRaw).toBe(prevDoc);
  });

  for (const mode of ['relaxed', 'canonical'] as EjsonMode[]) {
    it(`JSON (${mode}): the same lines and chain as from the documents`, () => {
      const writer = new RawExtendedJsonWriter(mode);
      let prev = GENESIS;
      for (const [i, r] of records().entries()) {
        const bytes = BSON.serialize(r, { ignoreUndefined: false });
        const raw = serializeJsonRecordRaw(bytes, i + 1, prev, writer);
        expect(raw.text).toBe(serializeJsonRecord(BSON.deserialize(bytes, READ), i + 1, prev, mode).text);
        prev = raw.chain;
      }
    });
  }

  it('relaxed JSON written as bytes: the same line, byte for byte, and the same chain', () => {
    const text = new RawExtendedJsonWriter('relaxed');
    const direct = new RawExtendedJsonBytes();
    const sink = new ByteSink();
    let prev = GENESIS;
    for (const [i, r] of records().entries()) {
      const bytes = BSON.serialize(r, { ignoreUndefined: false });
      const want = serializeJsonRecordRaw(bytes, i + 1, prev, text);
      const got = writeJsonRecordBytes(bytes, i + 1, prev, direct, sink, '\n');
      expect(sink.buf.subarray(got.start, sink.pos).toString('utf8')).toBe(`${want.text!}\n`);
      expect(got.chain).toBe(want.chain);
      prev = got.chain;
    }
  });
});
