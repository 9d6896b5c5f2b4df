/**
 * src/data/core/ejson-raw.ts: Extended JSON from BSON bytes must be the text
 * toExtendedJson writes for the document the driver returns from the same
 * bytes (both are checked against pymongo's json_util in ejson.test.ts), for
 * every BSON type, both modes, and thousands of random documents; and it keeps
 * the stored key order where JS objects cannot.
 */
import { BSON, Double, Int32, Long, ObjectId } from 'mongodb';
import { describe, expect, it } from 'vitest';
import {
  ByteSink,
  FieldNames,
  parseExtendedJson,
  RawFields,
  RawExtendedJsonWriter,
  toExtendedJson,
  type EjsonMode,
} from '../../../src/data/core/index.js';
import { CASES } from '../../support/ejson-cases.js';
import { prng } from '../../support/generator.js';

const MODES: EjsonMode[] = ['relaxed', 'canonical'];
// the driver reads a DBRef whose $ref holds a dot as $db + $ref; the bytes (and so the raw writer) keep "db.coll"
const AGREED = CASES.filter((c) => c.name !== 'dbref with dotted collection');
const READ = { promoteValues: false, bsonRegExp: true } as const;
const bytesOf = (doc: BSON.Document) => BSON.serialize(doc, { ignoreUndefined: false });

/** What the old path writes: the driver's document, then toExtendedJson. */
function viaObjects(bytes: Uint8Array, mode: EjsonMode): string {
  return toExtendedJson(BSON.deserialize(bytes, READ), { mode });
}

describe('raw BSON to Extended JSON', () => {
  for (const mode of MODES) {
    it(`writes every BSON type as toExtendedJson does (${mode})`, () => {
      const w = new RawExtendedJsonWriter(mode);
      for (const c of AGREED) {
        const bytes = bytesOf({ v: c.value, after: new Int32(1) });
        expect(w.document(bytes), c.name).toBe(viaObjects(bytes, mode));
      }
    });
  }

  it('agrees on 3,000 random documents in both modes, nested, with every type', () => {
    const random = prng(20261201);
    const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]!;
    const leaves = AGREED.map((c) => c.value);
    const value = (depth: number): unknown => {
      const r = random();
      if (depth < 4 && r < 0.15) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
      if (depth < 4 && r < 0.3) return doc(depth + 1);
      if (r < 0.4) return new Double((random() - 0.5) * 10 ** Math.floor(random() * 40 - 20));
      if (r < 0.45) return Long.fromString(String(Math.floor((random() - 0.5) * 2 ** 62)) + '7');
      if (r < 0.5) return new Date(Math.floor((random() - 0.3) * 4e14));
      if (r < 0.55)
        return String.fromCodePoint(
          ...Array.from({ length: Math.floor(random() * 40) }, () =>
            pick([0x41, 0x22, 0x5c, 0x0a, 0x01, 0xe9, 0x65e5, 0x1f600, 0x2028, 0x20 + Math.floor(random() * 90)]),
          ),
        );
      return pick(leaves);
    };
    // keys that are not integer-like: JS objects would move those first (see the next test)
    const doc = (depth: number): Record<string, unknown> => {
      const out: Record<string, unknown> = {};
      const n = Math.floor(random() * 6);
      for (let i = 0; i < n; i++) out[pick(['a', 'b', 'name', 'détails', 'x.y', '', 'k' + i, '$notes'])] = value(depth);
      return out;
    };
    for (const mode of MODES) {
      const w = new RawExtendedJsonWriter(mode);
      // written after what the sink holds, as the export writes a record after the chain's link
      const sink = new ByteSink();
      for (let i = 0; i < 1500; i++) {
        const bytes = bytesOf({ _id: new ObjectId(), ...doc(0) });
        sink.pos = 0;
        sink.ascii('head\n');
        w.write(bytes, sink);
        expect(sink.buf.toString('utf8', 5, sink.pos)).toBe(viaObjects(bytes, mode));
      }
    }
  });

  it('keeps the stored key order where a JS object puts integer-like keys first, and reads back to the same bytes', () => {
    // the bytes of {"b": 1, "2": 2, "1": 3}, written by hand: a JS object would order them "1", "2", "b"
    const parts = [
      [0x10, 'b', 1],
      [0x10, '2', 2],
      [0x10, '1', 3],
    ] as const;
    const body = Buffer.concat(
      parts.map(([t, k, v]) =>
        Buffer.concat([Buffer.from([t]), Buffer.from(k + '\0'), Buffer.from(new Int32Array([v]).buffer)]),
      ),
    );
    const bytes = Buffer.concat([Buffer.from(new Int32Array([body.length + 5]).buffer), body, Buffer.from([0])]);
    const keys: string[] = [];
    new RawFields(new FieldNames([]))
      .read(bytes)
      .others((start, end) => void keys.push(bytes.toString('latin1', start, end)));
    expect(keys).toEqual(['b', '2', '1']);
    expect(new RawExtendedJsonWriter().document(bytes)).toBe('{"b":1,"2":2,"1":3}');
    expect(viaObjects(bytes, 'relaxed')).toBe('{"1":3,"2":2,"b":1}');
    expect(toExtendedJson(parseExtendedJson('{"b":1,"2":2,"1":3}'))).toBe('{"1":3,"2":2,"b":1}');
  });

  it('writes a DBRef with a dotted collection as stored, where the driver splits it', () => {
    const bytes = bytesOf({ r: CASES.find((c) => c.name === 'dbref with dotted collection')!.value });
    expect(new RawExtendedJsonWriter().document(bytes)).toBe(
      '{"r":{"$ref":"db.coll","$id":{"$oid":"57e193d7a9cc81b4027498b5"}}}',
    );
  });

  it('reads a document inside a larger buffer (an offset), and old binary without its inner length', () => {
    const doc = bytesOf({ a: 'x', n: new Int32(5) });
    const padded = Buffer.concat([Buffer.from([9, 9, 9]), doc, Buffer.from([7])]);
    expect(new RawExtendedJsonWriter().document(padded, 3)).toBe('{"a":"x","n":5}');
    const found: Array<[string, number]> = [];
    new RawFields(new FieldNames([]))
      .read(padded, 3)
      .others((start, end, type) => void found.push([padded.toString('latin1', start, end), type]));
    expect(found).toEqual([
      ['a', 0x02],
      ['n', 0x10],
    ]);
  });
});
