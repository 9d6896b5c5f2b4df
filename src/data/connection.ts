/**
 * The one place that loads the driver and opens a connection. Every other
 * data module receives a DataSource and runs its operations through
 * `ds.run()`, which adds retries of transient errors and turns driver errors
 * into safe, redacted messages.
 */
import { MongoClient, ReadPreference, type Collection, type Db, type Document, type ReadPreferenceMode } from 'mongodb';
import { DatabaseError, UsageError, type WfctlError } from '../errors.js';
import { SecretKeychain } from './redact.js';
import { DEFAULT_RETRY_POLICY, isTransientError, withRetry, type RetryPolicy } from './retry.js';
import {
  COLLECTIONS,
  type RawAttemptDoc,
  type RawAuditDoc,
  type RawExecutionDoc,
  type RawVersionDoc,
  type RawWorkflowDoc,
} from './types.js';

export const READ_PREFERENCES = ['primary', 'primaryPreferred', 'secondary', 'secondaryPreferred', 'nearest'] as const;

export interface ConnectOptions {
  uri: string;
  dbName: string;
  /** Server selection and connect timeout. */
  timeoutMs: number;
  /** Upper bound for one server-side operation (maxTimeMS). */
  maxTimeMs?: number;
  readPreference?: ReadPreferenceMode;
  retry?: RetryPolicy;
  appName?: string;
  keychain?: SecretKeychain;
  /** Called before each retry, for --verbose. */
  onRetry?: (message: string) => void;
}

export interface DataSource {
  readonly client: MongoClient;
  readonly db: Db;
  readonly dbName: string;
  /** host:port list, safe to print */
  readonly hosts: string;
  readonly maxTimeMs: number;
  readonly retry: RetryPolicy;
  readonly keychain: SecretKeychain;
  readonly workflows: Collection<RawWorkflowDoc>;
  readonly versions: Collection<RawVersionDoc>;
  readonly audit: Collection<RawAuditDoc>;
  readonly attempts: Collection<RawAttemptDoc>;
  readonly executions: Collection<RawExecutionDoc>;
  collection<T extends Document = Document>(name: string): Collection<T>;
  /**
   * Runs one operation with retries of transient errors; driver errors come out
   * as DatabaseError with a redacted message. `what` names the operation.
   */
  run<T>(what: string, op: (attempt: number) => Promise<T>, options?: { retry?: RetryPolicy }): Promise<T>;
  /**
   * Operation options every query gets: maxTimeMS, the configured limit
   * (--max-time); `atLeastMs` raises it for scans of a whole window and
   * exports, `maxTimeMs` replaces it (a short limit for shell completion).
   */
  opts(extra?: { maxTimeMs?: number; atLeastMs?: number }): { maxTimeMS: number };
  /** Maps any error from the driver to a safe WfctlError; others pass through. */
  wrapError(err: unknown, what: string): unknown;
  close(): Promise<void>;
}

export const DEFAULT_MAX_TIME_MS = 60_000;

/**
 * Read options for documents that are shown as stored, copied or diffed
 * (workflows, versions, exports): every value keeps its BSON type (int32,
 * int64, double, decimal, regex with its options), instead of the driver's
 * default of turning numbers into JS numbers, which cannot tell 2 from 2.0.
 */
export const EXACT_TYPES = { promoteValues: false, bsonRegExp: true } as const;

/** Hosts named in a connection string, without user info: "h1:27017,h2:27017". */
export function uriHosts(uri: string): string {
  const m = /^mongodb(?:\+srv)?:\/\/(?:[^@/?#]*@)?([^/?#]*)/i.exec(uri);
  return m?.[1] ?? uri.replace(/\/\/[^@/]*@/, '//');
}

export async function connect(options: ConnectOptions): Promise<DataSource> {
  const keychain = options.keychain ?? new SecretKeychain();
  keychain.registerUri(options.uri);
  const hosts = uriHosts(options.uri);
  const retry = options.retry ?? DEFAULT_RETRY_POLICY;
  const maxTimeMs = options.maxTimeMs ?? DEFAULT_MAX_TIME_MS;

  let client: MongoClient;
  try {
    client = new MongoClient(options.uri, {
      serverSelectionTimeoutMS: options.timeoutMs,
      connectTimeoutMS: options.timeoutMs,
      appName: options.appName ?? 'wfctl',
      ...(options.readPreference ? { readPreference: ReadPreference.fromString(options.readPreference) } : {}),
    });
  } catch (err) {
    const msg = keychain.redact(err instanceof Error ? err.message : String(err));
    throw new UsageError(`invalid connection string: ${msg}`, {
      hint: 'expected mongodb://host[:port][/database][?options] or mongodb+srv://host/..., with credentials as user:password@ before the host',
    });
  }

  let connected = false;
  const wrapError = (err: unknown, what: string): unknown => {
    if (!(err instanceof Error) || !err.name.startsWith('Mongo')) return err;
    return toDatabaseError(err, what, hosts, options.timeoutMs, keychain);
  };

  try {
    await client.connect();
    connected = true;
  } catch (err) {
    await client.close().catch(() => undefined);
    throw wrapError(err, 'connect');
  }

  const db = client.db(options.dbName);
  const ds: DataSource = {
    client,
    db,
    dbName: options.dbName,
    hosts,
    maxTimeMs,
    retry,
    keychain,
    workflows: db.collection<RawWorkflowDoc>(COLLECTIONS.workflows),
    versions: db.collection<RawVersionDoc>(COLLECTIONS.versions),
    audit: db.collection<RawAuditDoc>(COLLECTIONS.audit),
    attempts: db.collection<RawAttemptDoc>(COLLECTIONS.attempts),
    executions: db.collection<RawExecutionDoc>(COLLECTIONS.executions),
    collection: <T extends Document = Document>(name: string) => db.collection<T>(name),
    async run<T>(what: string, op: (attempt: number) => Promise<T>, runOptions?: { retry?: RetryPolicy }): Promise<T> {
      try {
        return await withRetry(op, runOptions?.retry ?? retry, {
          isTransient: (e) => isTransientError(e, connected),
          onRetry: (e, n, delay) =>
            options.onRetry?.(
              `retry ${n} of ${what} in ${delay} ms after: ${keychain.redact(e instanceof Error ? e.message : String(e))}`,
            ),
        });
      } catch (err) {
        throw wrapError(err, what);
      }
    },
    opts: (extra) => ({ maxTimeMS: extra?.maxTimeMs ?? Math.max(maxTimeMs, extra?.atLeastMs ?? 0) }),
    wrapError,
    close: () => client.close(),
  };
  return ds;
}

function toDatabaseError(err: Error, what: string, hosts: string, timeoutMs: number, keychain: SecretKeychain): WfctlError {
  const e = err as Error & { code?: unknown; codeName?: unknown; cause?: unknown };
  const detail = keychain.redact(rootMessage(err));
  if (e.name === 'MongoServerSelectionError') {
    return new DatabaseError(`cannot reach MongoDB at ${hosts} within ${formatSeconds(timeoutMs)}: ${detail}`, {
      hint: 'check --uri (or WFCTL_MONGODB_URI) and that the server is running; raise --timeout for slow links',
      cause: err,
    });
  }
  if (e.code === 18 || /authentication failed/i.test(err.message)) {
    return new DatabaseError(`authentication failed at ${hosts}: ${detail}`, {
      hint: 'check the user name, password and authSource in the connection string',
      cause: err,
    });
  }
  if (e.name === 'MongoParseError' || e.name === 'MongoInvalidArgumentError' || e.name === 'MongoAPIError') {
    return new UsageError(`invalid connection settings: ${detail}`, { cause: err });
  }
  if (e.code === 50 || e.codeName === 'MaxTimeMSExpired') {
    return new DatabaseError(`${what}: the server gave up after the time limit (maxTimeMS): ${detail}`, { cause: err });
  }
  const code = typeof e.codeName === 'string' ? ` (${e.codeName})` : typeof e.code === 'number' ? ` (code ${e.code})` : '';
  return new DatabaseError(`${what} failed at ${hosts}${code}: ${detail}`, { cause: err });
}

function rootMessage(err: Error): string {
  // server selection errors hide the useful part (ECONNREFUSED, ENOTFOUND) in the cause
  let msg = err.message;
  let cur: unknown = err.cause;
  for (let depth = 0; cur instanceof Error && depth < 4; depth++) {
    if (cur.message && !msg.includes(cur.message)) msg = `${msg} (${cur.message})`;
    cur = cur.cause;
  }
  return msg;
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${(ms / 1000).toFixed(1)}s`;
}
