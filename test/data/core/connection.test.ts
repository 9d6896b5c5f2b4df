/**
 * The limits a DataSource gives its operations: the server's (maxTimeMS) and
 * the client's wait for each reply (socketTimeoutMS), which stays the
 * server's limit plus REPLY_MARGIN_MS (the stalled-connection rule; the fault
 * tests in connection.faults.test.ts run it through a stalling proxy).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_TIME_MS, REPLY_MARGIN_MS, SCAN_MAX_TIME_MS, replyWaitMs } from '../../../src/data/core/index.js';
import { useTestDatabase } from '../../support/db.js';

const db = useTestDatabase('connection_limits');

describe('reply waits', () => {
  it('a reply is awaited the server limit plus the margin, within what a Node timer holds', () => {
    expect(REPLY_MARGIN_MS).toBe(5_000);
    expect(replyWaitMs(3_000)).toBe(8_000);
    expect(replyWaitMs(SCAN_MAX_TIME_MS)).toBe(SCAN_MAX_TIME_MS + 5_000);
    // a longer wait would overflow the timer, which Node then fires after 1 ms
    expect(replyWaitMs(40 * 24 * 3_600_000)).toBe(2 ** 31 - 1);
  });

  it('ds.opts(): --max-time alone (the client-wide wait covers it); a longer or shorter limit brings its own wait', () => {
    expect(db.ds.maxTimeMs).toBe(DEFAULT_MAX_TIME_MS);
    expect(db.ds.opts()).toEqual({ maxTimeMS: DEFAULT_MAX_TIME_MS });
    expect(db.ds.opts({ atLeastMs: 1_000 })).toEqual({ maxTimeMS: DEFAULT_MAX_TIME_MS });
    expect(db.ds.opts({ atLeastMs: SCAN_MAX_TIME_MS })).toEqual({
      maxTimeMS: SCAN_MAX_TIME_MS,
      socketTimeoutMS: SCAN_MAX_TIME_MS + 5_000,
    });
    expect(db.ds.opts({ maxTimeMs: 1_000 })).toEqual({ maxTimeMS: 1_000, socketTimeoutMS: 6_000 });
  });
});
