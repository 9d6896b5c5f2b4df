/**
 * src/data/core/raw-fields.ts: each accessor gives, from the stored bytes,
 * what the normalizer gives for the driver's value (toStringOrNull,
 * toNumberOrNull, storedTime, `=== true`), for every BSON type; or says
 * UNUSUAL, and then the caller asks the driver.
 */
import { BSON, Double, Int32, Long, ObjectId } from 'mongodb';
import { describe, expect, it } from 'vitest';
import {
  FieldNames,
  RawFields,
  storedTime,
  toNumberOrNull,
  toStringOrNull,
  UNUSUAL,
} from '../../../src/data/core/index.js';
import { CASES } from '../../support/ejson-cases.js';

const NAMES = new FieldNames(['v', 'w']);
const VALUES: unknown[] = [
  ...CASES.map((c) => c.value),
  'text',
  '',
  '  ',
  ' 42 ',
  '1e3',
  '2025-06-01T10:00:00Z',
  '2025-06-01 10:00:00.5+02:00',
  'not a time',
  'é ünïcode',
  new Date('2025-06-01T10:00:00.123Z'),
  new Date(-1),
  true,
  false,
  null,
  new Int32(-5),
  new Double(2.5),
  Long.fromString('9007199254740993'),
  Long.fromString('-9223372036854775808'),
  new ObjectId('0123456789abcdef01234567'),
  [1, [2], { a: 3 }],
  { nested: { deep: [true] } },
];

/** A normalizer's answer from the bytes, or UNUSUAL. */
function fromBytes<T>(read: () => T): T | typeof UNUSUAL {
  try {
    return read();
  } catch (err) {
    if (err === UNUSUAL) return UNUSUAL;
    throw err;
  }
}

describe('RawFields: the normalizers read from the bytes', () => {
  for (const value of VALUES) {
    const label = BSON.EJSON.stringify({ v: value }, { relaxed: false });
    it(label.slice(0, 80), () => {
      const bytes = BSON.serialize({ before: 1, v: value, w: 'after' }, { ignoreUndefined: false });
      const driver = BSON.deserialize(bytes).v as unknown;
      const f = new RawFields(NAMES).read(bytes);
      expect(f.type[1]).toBe(0x02);
      expect(f.isTrue(0)).toBe(driver === true);
      const checks: Array<[string, () => unknown, () => unknown]> = [
        ['text', () => f.text(0), () => toStringOrNull(driver)],
        ['number', () => f.number(0), () => toNumberOrNull(driver)],
        ['time', () => f.time(0), () => storedTime(driver)],
      ];
      let read = 0;
      for (const [name, raw, normal] of checks) {
        const got = fromBytes(raw);
        if (got === UNUSUAL) continue;
        read++;
        expect(got, name).toEqual(normal());
      }
      // the common types are read from the bytes, not left to the driver (a number as a time is, as toDate has it; a date as text)
      const readHere: Record<number, number> = { 0x02: 3, 0x08: 3, 0x0a: 3, 0x09: 2, 0x10: 2, 0x01: 2, 0x12: 2 };
      if (readHere[f.type[0]!] !== undefined) expect(read).toBe(readHere[f.type[0]!]);
    });
  }

  it('an absent field is null for every accessor; a DBRef-shaped document is UNUSUAL', () => {
    const f = new RawFields(NAMES).read(BSON.serialize({ other: 1 }));
    expect([f.text(0), f.number(0), f.time(0), f.isTrue(0)]).toEqual([null, null, null, false]);
    expect(() => new RawFields(NAMES).read(BSON.serialize({ $ref: 'c', $id: 1 }))).toThrow();
    expect(fromBytes(() => new RawFields(NAMES).read(BSON.serialize({ $ref: 'c', $id: 1 })))).toBe(UNUSUAL);
  });

  it('reads a document at an offset of a shared buffer, and the length of an array', () => {
    const one = BSON.serialize({ v: [1, 'two', { three: 3 }, [4]], w: 'x' });
    const batch = new Uint8Array(one.length + 9);
    batch.set(one, 9);
    const f = new RawFields(NAMES).read(batch.subarray(9));
    expect(f.length(0)).toBe(4);
    expect(f.text(1)).toBe('x');
  });
});
