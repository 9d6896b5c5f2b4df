/**
 * Write conflicts and time limits, recognised by the server's code and labels
 * (never by the words of its message), on MongoDB and on a PostgreSQL-based
 * server (FerretDB 2 passes PostgreSQL's SQLSTATE through as a number).
 * The errors are the driver's own classes, built as the driver builds them
 * from a server reply; ds.run runs against the test server.
 */
import { MongoBulkWriteError, MongoServerError } from 'mongodb';
import { describe, expect, it } from 'vitest';
import {
  CONFLICT_RETRY_POLICY,
  ConflictRetriesExhausted,
  isTimeLimitError,
  isTransientError,
  isWriteConflict,
  sqlstateCode,
  withConflictRetry,
  writeConflictCode,
} from '../../../src/data/core/index.js';
import { DatabaseError } from '../../../src/errors.js';
import { useTestDatabase } from '../../support/db.js';

const db = useTestDatabase('server_codes');

const server = (reply: Record<string, unknown>) => new MongoServerError({ ok: 0, ...reply });
const writeConflict = () =>
  server({
    code: 112,
    codeName: 'WriteConflict',
    errmsg: 'Caused by :: Write conflict during plan execution and yielding is disabled.',
    errorLabels: ['TransientTransactionError'],
  });
// what FerretDB 2.5 on PostgreSQL answers (no codeName): SQLSTATE 40P01
const deadlock = () => server({ code: 16908292, errmsg: 'deadlock detected' });

describe('the SQLSTATE numbers', () => {
  it('packs five characters as PostgreSQL does: deadlock_detected is the code FerretDB 2.5 reported', () => {
    expect(sqlstateCode('40P01')).toBe(16908292);
    expect(sqlstateCode('00000')).toBe(0);
    // each character six bits, the first lowest: "10000" is 1, "00001" is 2^24
    expect(sqlstateCode('10000')).toBe(1);
    expect(sqlstateCode('00001')).toBe(2 ** 24);
    expect(() => sqlstateCode('40p01')).toThrow(/SQLSTATE/);
    expect(() => sqlstateCode('4001')).toThrow(/SQLSTATE/);
  });
});

describe('write conflicts', () => {
  it('are MongoDB WriteConflict (code 112), PostgreSQL deadlock and serialization failure, and the TransientTransactionError label', () => {
    expect(writeConflictCode(writeConflict())).toBe(112);
    expect(writeConflictCode(deadlock())).toBe(16908292);
    expect(writeConflictCode(server({ code: sqlstateCode('40001'), errmsg: 'could not serialize access' }))).toBe(
      sqlstateCode('40001'),
    );
    // the label alone, on a code that is not in the list
    expect(isWriteConflict(server({ code: 251, errmsg: 'x', errorLabels: ['TransientTransactionError'] }))).toBe(true);
    // a plain object as a reply document carries it too
    expect(isWriteConflict({ code: 7, errorLabels: ['TransientTransactionError'] })).toBe(true);
  });

  it('are recognised by code, never by the words of the message', () => {
    expect(isWriteConflict(new Error('deadlock detected'))).toBe(false);
    expect(isWriteConflict(server({ code: 2, errmsg: 'Write conflict during plan execution' }))).toBe(false);
    expect(isWriteConflict(server({ code: 11000, errmsg: 'E11000 duplicate key' }))).toBe(false);
    expect(isWriteConflict(server({ code: '112', errmsg: 'x' }))).toBe(false);
    for (const v of [undefined, null, 112, 'WriteConflict', {}]) expect(isWriteConflict(v)).toBe(false);
  });

  it('a bulk write is a conflict when every failed operation is one', () => {
    const bulk = (codes: number[]) =>
      new MongoBulkWriteError(
        {
          message: 'bulk',
          code: codes[0]!,
          writeErrors: codes.map((code, index) => ({ code, index, errmsg: 'x' })),
        } as never,
        {} as never,
      );
    expect(writeConflictCode(bulk([112, 16908292]))).toBe(112);
    expect(isWriteConflict(bulk([16908292, 11000]))).toBe(false);
  });

  it('are not transient server failures: --retry does not retry them a second time', () => {
    expect(isTransientError(writeConflict())).toBe(false);
    expect(isTransientError(deadlock())).toBe(false);
    expect(isTransientError(server({ code: 11600, errmsg: 'shutdown' }))).toBe(true);
  });

  it('withConflictRetry tries again with jittered, growing waits up to its bound, then names the last conflict', async () => {
    const waits: number[] = [];
    let calls = 0;
    const err = await withConflictRetry(
      async () => {
        calls++;
        throw deadlock();
      },
      CONFLICT_RETRY_POLICY,
      { sleep: async (ms) => void waits.push(ms) },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictRetriesExhausted);
    expect((err as ConflictRetriesExhausted).tries).toBe(CONFLICT_RETRY_POLICY.retries + 1);
    expect((err as Error).cause).toBeInstanceOf(MongoServerError);
    expect(calls).toBe(CONFLICT_RETRY_POLICY.retries + 1);
    expect(waits).toHaveLength(CONFLICT_RETRY_POLICY.retries);
    // equal jitter: between half and all of base×2^(n-1), capped
    waits.forEach((w, i) => {
      const cap = Math.min(CONFLICT_RETRY_POLICY.maxDelayMs, CONFLICT_RETRY_POLICY.baseDelayMs * 2 ** i);
      expect(w).toBeGreaterThanOrEqual(cap / 2);
      expect(w).toBeLessThanOrEqual(cap);
    });
    // any other error passes at once
    calls = 0;
    await expect(
      withConflictRetry(async () => {
        calls++;
        throw server({ code: 11000, errmsg: 'E11000 duplicate key' });
      }),
    ).rejects.toThrow(/E11000/);
    expect(calls).toBe(1);
  });
});

describe('ds.run and write conflicts', () => {
  it('retries a conflict until the write goes through, whatever --retry says (a lost race, not a failing server)', async () => {
    const tries: number[] = [];
    const r = await db.ds.run(
      'insert version',
      async (attempt) => {
        tries.push(attempt);
        if (tries.length < 4) throw tries.length % 2 ? deadlock() : writeConflict();
        return 'written';
      },
      { retry: { strategy: 'none', retries: 0, baseDelayMs: 0, maxDelayMs: 0 } },
    );
    expect(r).toBe('written');
    // every try is numbered: a retried insert may find its own document
    expect(tries).toEqual([1, 2, 3, 4]);
  });

  it('a conflict that persists ends in one line naming the conflict, its code and the tries', async () => {
    let calls = 0;
    const err = (await db.ds
      .run('insert version', async () => {
        calls++;
        throw deadlock();
      })
      .catch((e: unknown) => e)) as DatabaseError;
    expect(err).toBeInstanceOf(DatabaseError);
    // not retried again by --retry (3 by default): the conflict's own bound only
    expect(calls).toBe(CONFLICT_RETRY_POLICY.retries + 1);
    expect(err.message).toBe(
      `insert version: write conflict with another write to the same documents at the same moment (code 16908292, deadlock detected, SQLSTATE 40P01), still after ${calls} tries`,
    );
    expect(err.message).not.toMatch(/\n/);
    expect(err.exitCode).toBe(1);
  });

  it('an error that only says "deadlock" in words is not retried', async () => {
    let calls = 0;
    await expect(
      db.ds.run('update workflow', async () => {
        calls++;
        throw server({ code: 2, errmsg: 'deadlock detected' });
      }),
    ).rejects.toThrow(/update workflow failed at .* \(code 2\): deadlock detected/);
    expect(calls).toBe(1);
  });
});

describe('the server time limit', () => {
  it('is MaxTimeMSExpired (code 50) and PostgreSQL statement timeout (SQLSTATE 57014), by code', () => {
    expect(
      isTimeLimitError(server({ code: 50, codeName: 'MaxTimeMSExpired', errmsg: 'operation exceeded time limit' })),
    ).toBe(true);
    expect(
      isTimeLimitError(server({ code: sqlstateCode('57014'), errmsg: 'canceling statement due to statement timeout' })),
    ).toBe(true);
    expect(isTimeLimitError(server({ code: 2, errmsg: 'canceling statement due to statement timeout' }))).toBe(false);
    expect(isTimeLimitError(server({ code: 2, errmsg: 'operation exceeded time limit' }))).toBe(false);
    expect(isTimeLimitError(new Error('time limit'))).toBe(false);
  });

  it('is named the same way for both servers, with the server words after it', () => {
    const mongo = db.ds.wrapError(
      server({ code: 50, codeName: 'MaxTimeMSExpired', errmsg: 'operation exceeded time limit' }),
      'read versions',
    ) as DatabaseError;
    const pg = db.ds.wrapError(
      server({ code: sqlstateCode('57014'), errmsg: 'canceling statement due to statement timeout' }),
      'read versions',
    ) as DatabaseError;
    const prefix = 'read versions: the server gave up after the time limit (maxTimeMS): ';
    expect(mongo.message).toBe(`${prefix}operation exceeded time limit`);
    expect(pg.message).toBe(`${prefix}canceling statement due to statement timeout`);
    // a time limit is not retried: the same query would run into it again
    expect(isTransientError(pg)).toBe(false);
  });
});

describe('the time limit on the test server', () => {
  it('a query and a write stopped by a 1 ms limit read the same, by code, on either engine', async () => {
    const c = db.ds.collection('time_limit');
    await c.insertMany(Array.from({ length: 3000 }, (_, n) => ({ n, r: Math.random(), s: 'x'.repeat(64) })));
    const sorted = await db.ds
      .run('read in order', () => c.find({}, { maxTimeMS: 1 }).sort({ r: 1, n: 1 }).toArray())
      .catch((e: unknown) => e);
    expect(sorted).toBeInstanceOf(DatabaseError);
    expect((sorted as Error).message).toMatch(
      /^read in order: the server gave up after the time limit \(maxTimeMS\): /,
    );
    expect(isTimeLimitError((sorted as Error).cause)).toBe(true);
    // FerretDB 2.5 stops a write with PostgreSQL's own code (57014); a server that finishes it in time is fine too
    const write = await db.ds
      .run('mark some', () => c.updateMany({ s: { $regex: 'y+z' } }, { $set: { t: 1 } }, { maxTimeMS: 1 }))
      .then(
        () => 'done',
        (e: unknown) => e,
      );
    if (write !== 'done') {
      expect((write as Error).message).toMatch(/^mark some: the server gave up after the time limit \(maxTimeMS\): /);
      expect(isTimeLimitError((write as Error).cause)).toBe(true);
    }
  });
});
