/**
 * Retry of transient server errors with the backend's four strategies.
 * Our writes are idempotent by construction (unique indexes, conditional
 * updates), so a retried write never applies twice.
 */
import { isWriteConflict } from './server-codes.js';

export const RETRY_STRATEGIES = ['none', 'immediate', 'linear', 'exponential'] as const;
export type RetryStrategy = (typeof RETRY_STRATEGIES)[number];

export interface RetryPolicy {
  strategy: RetryStrategy;
  /** Retries after the first try (0 = no retry). */
  retries: number;
  /** Delay unit: linear waits base×n, exponential base×2^(n-1) with full jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  strategy: 'exponential',
  retries: 3,
  baseDelayMs: 250,
  maxDelayMs: 5000,
};

/** How long to wait before retry number `retry` (1-based). */
export function retryDelayMs(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
  switch (policy.strategy) {
    case 'none':
    case 'immediate':
      return 0;
    case 'linear':
      return Math.min(policy.maxDelayMs, policy.baseDelayMs * retry);
    case 'exponential': {
      const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
      // "equal jitter": never less than half the step, so a restarting server gets time
      return Math.round(cap / 2 + random() * (cap / 2));
    }
  }
}

export function maxRetries(policy: RetryPolicy): number {
  return policy.strategy === 'none' ? 0 : policy.retries;
}

const TRANSIENT_NAMES = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoPoolClearedError',
  // the monitor found the server silent and interrupted the operations in flight
  'PoolClearedOnNetworkError',
  'MongoServerClosedError',
  'MongoTopologyClosedError',
]);
const TRANSIENT_CODES = new Set([6, 7, 89, 91, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436]);
// TransientTransactionError marks a write conflict, retried on its own (withConflictRetry)
const TRANSIENT_LABELS = ['RetryableWriteError', 'ResetPool', 'RetryableError', 'PoolRequestedRetry'];

/**
 * True for errors that another try may cure: lost connections, a server
 * shutting down or stepping down. Server selection failures count only when
 * `afterConnect` (the server was reachable before): an address that never
 * answered is not worth waiting for again.
 */
export function isTransientError(err: unknown, afterConnect = false): boolean {
  if (!(err instanceof Error)) return false;
  if (isWriteConflict(err)) return false;
  const e = err as Error & { code?: unknown; hasErrorLabel?: (l: string) => boolean };
  if (e.name === 'MongoServerSelectionError') return afterConnect;
  if (TRANSIENT_NAMES.has(e.name)) return true;
  if (typeof e.code === 'number' && TRANSIENT_CODES.has(e.code)) return true;
  if (typeof e.hasErrorLabel === 'function') {
    for (const label of TRANSIENT_LABELS) if (e.hasErrorLabel(label)) return true;
  }
  return false;
}

/**
 * A request that got no reply within the wait the connection gave it (the
 * driver's socketTimeoutMS, see REPLY_MARGIN_MS in connection.ts): that
 * connection stalled. A timeout while connecting is not one (beforeHandshake).
 */
export function isStalledReply(err: unknown): boolean {
  return (
    err instanceof Error &&
    err.name === 'MongoNetworkTimeoutError' &&
    (err as { beforeHandshake?: unknown }).beforeHandshake === false
  );
}

export interface RetryHooks {
  isTransient?: (err: unknown) => boolean;
  onRetry?: (err: unknown, retry: number, delayMs: number) => void;
  signal?: AbortSignal;
  sleep?: (ms: number) => Promise<void>;
}

export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  hooks: RetryHooks = {},
): Promise<T> {
  const limit = maxRetries(policy);
  const isTransient = hooks.isTransient ?? ((e: unknown) => isTransientError(e));
  const wait = hooks.sleep ?? sleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      const retry = attempt; // the retry we are about to make
      if (retry > limit || !isTransient(err) || hooks.signal?.aborted) throw err;
      const delay = retryDelayMs(policy, retry);
      hooks.onRetry?.(err, retry, delay);
      if (delay > 0) await wait(delay);
    }
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });
}

/** A unique index refused the write (E11000), as the driver or a wrapping error reports it. */
export function isDuplicateKey(err: unknown): boolean {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | null;
  return e?.code === 11000 || e?.cause?.code === 11000 || /E11000|duplicate key/i.test(String((err as Error)?.message));
}

/**
 * How a write that lost a conflict with another write at the same moment is
 * tried again: such a write wrote nothing, and is retried whatever --retry
 * says (a lost race, like a version number another writer took, not a failing
 * server), a bounded number of times with jittered exponential backoff, so
 * that writers that collided do not collide again in step.
 */
export const CONFLICT_RETRY_POLICY: RetryPolicy = {
  strategy: 'exponential',
  retries: 12,
  baseDelayMs: 10,
  maxDelayMs: 1000,
};

/** A write conflict that persisted through every retry (`tries` in all). */
export class ConflictRetriesExhausted extends Error {
  readonly tries: number;
  constructor(cause: unknown, tries: number) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'ConflictRetriesExhausted';
    this.tries = tries;
  }
}

/**
 * Runs `fn`, trying again after a write conflict (isWriteConflict: by code and
 * label) up to `policy.retries` times; after that, ConflictRetriesExhausted
 * with the last conflict as its cause. Other errors pass through at once.
 */
export async function withConflictRetry<T>(
  fn: () => Promise<T>,
  policy: RetryPolicy = CONFLICT_RETRY_POLICY,
  hooks: Pick<RetryHooks, 'onRetry' | 'sleep' | 'signal'> = {},
): Promise<T> {
  const wait = hooks.sleep ?? sleep;
  for (let tries = 1; ; tries++) {
    try {
      return await fn();
    } catch (err) {
      if (!isWriteConflict(err) || hooks.signal?.aborted) throw err;
      if (tries > maxRetries(policy)) throw new ConflictRetriesExhausted(err, tries);
      const delay = retryDelayMs(policy, tries);
      hooks.onRetry?.(err, tries, delay);
      if (delay > 0) await wait(delay);
    }
  }
}
