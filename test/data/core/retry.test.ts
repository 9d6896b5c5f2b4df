import { describe, expect, it } from 'vitest';
import {
  isStalledReply,
  isTransientError,
  retryDelayMs,
  withRetry,
  type RetryPolicy,
} from '../../../src/data/core/index.js';

const policy = (strategy: RetryPolicy['strategy'], retries = 3): RetryPolicy => ({
  strategy,
  retries,
  baseDelayMs: 100,
  maxDelayMs: 1000,
});

function networkError(): Error {
  const e = new Error('connection reset');
  e.name = 'MongoNetworkError';
  return e;
}

describe('retry strategies', () => {
  it('computes the delays of each strategy', () => {
    expect(retryDelayMs(policy('immediate'), 3)).toBe(0);
    expect([1, 2, 3].map((n) => retryDelayMs(policy('linear'), n))).toEqual([100, 200, 300]);
    // exponential with jitter: between half and all of base×2^(n-1), capped
    expect(retryDelayMs(policy('exponential'), 1, () => 0)).toBe(50);
    expect(retryDelayMs(policy('exponential'), 3, () => 1)).toBe(400);
    expect(retryDelayMs(policy('exponential'), 10, () => 1)).toBe(1000);
  });

  it('retries transient errors up to the limit, then gives up', async () => {
    let calls = 0;
    const sleeps: number[] = [];
    await expect(
      withRetry(
        async () => {
          calls++;
          throw networkError();
        },
        policy('linear', 2),
        { sleep: async (ms) => void sleeps.push(ms) },
      ),
    ).rejects.toThrow('connection reset');
    expect(calls).toBe(3);
    expect(sleeps).toEqual([100, 200]);
  });

  it('succeeds after a transient failure', async () => {
    let calls = 0;
    const v = await withRetry(async () => (++calls < 2 ? Promise.reject(networkError()) : 'ok'), policy('immediate'));
    expect(v).toBe('ok');
    expect(calls).toBe(2);
  });

  it('never retries with strategy none, nor a permanent error', async () => {
    let calls = 0;
    await expect(withRetry(async () => (calls++, Promise.reject(networkError())), policy('none', 5))).rejects.toThrow();
    expect(calls).toBe(1);
    calls = 0;
    await expect(
      withRetry(async () => (calls++, Promise.reject(new Error('duplicate key'))), policy('immediate')),
    ).rejects.toThrow();
    expect(calls).toBe(1);
  });

  it('classifies errors', () => {
    const sel = new Error('x');
    sel.name = 'MongoServerSelectionError';
    expect(isTransientError(sel)).toBe(false);
    expect(isTransientError(sel, true)).toBe(true);
    expect(isTransientError(Object.assign(new Error('shutdown'), { code: 11600 }))).toBe(true);
    expect(isTransientError(Object.assign(new Error('dup'), { code: 11000 }))).toBe(false);
  });
});

describe('isStalledReply', () => {
  it('is a timeout waiting for a reply, not one while connecting, nor any other network error', async () => {
    const { MongoNetworkError, MongoNetworkTimeoutError } = await import('mongodb');
    expect(
      isStalledReply(new MongoNetworkTimeoutError('connection 3 to h:1 timed out', { beforeHandshake: false })),
    ).toBe(true);
    expect(
      isStalledReply(new MongoNetworkTimeoutError('connection 3 to h:1 timed out', { beforeHandshake: true })),
    ).toBe(false);
    expect(isStalledReply(new MongoNetworkError('connection 3 to h:1 closed'))).toBe(false);
    expect(isStalledReply(Object.assign(new Error('timed out'), { beforeHandshake: false }))).toBe(false);
    expect(isStalledReply('timed out')).toBe(false);
    expect(isStalledReply(undefined)).toBe(false);
  });
});
