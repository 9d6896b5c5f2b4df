/** The identity ledger: what a digest is, and what a run's ledger keeps by identity and what it seals. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BSON, Double, Int32, Long, ObjectId } from 'mongodb';
import { HOUR_MS, IdentityLedger, idDigest } from '../../../../src/data/audit/index.js';

const reference = (id: unknown) =>
  createHash('sha256')
    .update(BSON.serialize({ _id: id }))
    .digest()
    .readBigUInt64BE(0);

describe('idDigest', () => {
  it('is the first 8 bytes of SHA-256 over the BSON of {_id}, for every type of _id', () => {
    for (const id of [
      new ObjectId(),
      new ObjectId('000000000000000000000000'),
      'a string id',
      new Int32(5),
      new Double(5),
      Long.fromNumber(5),
      { nested: 1 },
    ]) {
      expect(idDigest(id), String(id)).toBe(reference(id));
    }
  });

  it('keeps the BSON type: an Int32 5, a Double 5 and a string "5" are three records', () => {
    expect(new Set([idDigest(new Int32(5)), idDigest(new Double(5)), idDigest('5')]).size).toBe(3);
  });
});

describe('IdentityLedger', () => {
  const t0 = Date.parse('2025-06-01T00:00:00Z');

  it('round-trips through the checkpoint, and finds records by identity', () => {
    const l = IdentityLedger.empty(null, 24 * HOUR_MS);
    const ids = Array.from({ length: 50 }, () => new ObjectId());
    ids.forEach((id, i) => l.add(t0 + i * 60_000, idDigest(id)));
    l.add(null, idDigest('legacy'));
    const stored = l.toStored(t0 + 49 * 60_000);
    const back = IdentityLedger.fromStored(JSON.parse(JSON.stringify(stored)), 'x.ckpt');
    expect(back.seeDated(t0 + 10 * 60_000, idDigest(ids[10]))).toBe(true);
    expect(back.seeDated(t0, idDigest(new ObjectId()))).toBe(false);
    expect(back.seeLegacy(idDigest('legacy'))).toBe(true);
    // what the check did not see on the server is dropped as deleted
    expect(back.pruneUnseen().records).toBe(49);
    expect(back.identityRecords).toBe(2);
  });

  it('seals hours older than the position minus the horizon into days: a count and an order-independent digest sum', () => {
    const a = IdentityLedger.empty(null, HOUR_MS);
    const b = IdentityLedger.empty(null, HOUR_MS);
    const ids = Array.from({ length: 30 }, () => new ObjectId());
    ids.forEach((id, i) => a.add(t0 + i * 10 * 60_000, idDigest(id)));
    [...ids].reverse().forEach((id, i) => b.add(t0 + (29 - i) * 10 * 60_000, idDigest(id)));
    const position = t0 + 29 * 10 * 60_000;
    const sa = a.toStored(position);
    const sb = b.toStored(position);
    expect(sa).toEqual(sb);
    expect(sa.from).toBe(new Date(Math.floor((position - HOUR_MS) / HOUR_MS) * HOUR_MS).toISOString());
    const sealed = Object.values(sa.sealed).reduce((n, d) => n + d.records, 0);
    const kept = Object.values(sa.hours).reduce((n, h) => n + Buffer.from(h, 'base64').length / 8, 0);
    expect(sealed + kept).toBe(30);
    expect(sealed).toBeGreaterThan(0);
    // a larger horizon later never unseals: the start only moves forward
    const c = IdentityLedger.fromStored(sa, 'x.ckpt');
    c.horizonMs = 48 * HOUR_MS;
    expect(c.toStored(position).from).toBe(sa.from);
  });

  it('a malformed ledger is refused (exit 2), never read as empty', () => {
    const good = IdentityLedger.empty(null, HOUR_MS).toStored(null);
    for (const bad of [
      { ...good, algorithm: 'md5' },
      { ...good, hours: { 'not a time': '' } },
      { ...good, legacy: 'AAAA' },
      { ...good, horizonSeconds: 60 },
      { ...good, sealed: { '2025-01-01': { records: 1, sum: 'zz' } } },
    ]) {
      expect(() => IdentityLedger.fromStored(bad as never, 'x.ckpt')).toThrow(/unreadable identity ledger/);
    }
  });
});

describe('IdentityLedger: identity is the _id, not the time', () => {
  it('a record whose timestamp was changed after its export is still found as exported', () => {
    const t0 = Date.parse('2025-06-01T00:00:00Z');
    const l = IdentityLedger.empty(null, 24 * HOUR_MS);
    const id = new ObjectId();
    l.add(t0, idDigest(id));
    const back = IdentityLedger.fromStored(l.toStored(t0), 'x.ckpt');
    expect(back.seeDated(t0 + 3 * HOUR_MS, idDigest(id))).toBe(true);
    expect(back.pruneUnseen().records).toBe(0);
  });
});
