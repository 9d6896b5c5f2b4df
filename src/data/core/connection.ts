/**
 * The one place that loads the driver and opens a connection. Every other
 * data module receives a DataSource and runs its operations through
 * `ds.run()`, which adds retries of transient errors and turns driver errors
 * into safe, redacted messages.
 */
import {
  MongoClient,
  MongoError,
  type Collection,
  type Db,
  type Document,
  type ReadPreference,
  type ReadPreferenceMode,
  type TopologyDescription,
} from 'mongodb';
import { DatabaseError, UsageError, type WfctlError } from '../../errors.js';
import { SecretKeychain } from './redact.js';
import { quoteInput } from '../../quote.js';
import {
  ConflictRetriesExhausted,
  DEFAULT_RETRY_POLICY,
  isStalledReply,
  isTransientError,
  withConflictRetry,
  withRetry,
  type RetryPolicy,
} from './retry.js';
import {
  WRITE_CONFLICT_CODE,
  WRITE_CONFLICT_CODES,
  describeCode,
  isTimeLimitError,
  writeConflictCode,
} from './server-codes.js';
import {
  describeMembers,
  describeReadPreference,
  effectiveReadPreference,
  membersSeen,
  readPreferenceClientOptions,
  refusePrimaryWithSelectors,
  standaloneRefusal,
  type ReadPreferenceSetting,
} from './read-preference.js';
import {
  COLLECTIONS,
  type PipelineMode,
  type RawAttemptDoc,
  type RawAuditDoc,
  type RawExecutionDoc,
  type RawVersionDoc,
  type RawWorkflowDoc,
} from './types.js';

export interface ConnectOptions {
  uri: string;
  dbName: string;
  /** Server selection and connect timeout; also how long the monitor waits for the server's answer. */
  timeoutMs: number;
  /**
   * Upper bound for one server-side operation (maxTimeMS), and for how long a
   * server that stopped answering is waited for (retries included); plus
   * REPLY_MARGIN_MS, how long one reply is waited for (see REPLY_MARGIN_MS).
   */
  maxTimeMs?: number;
  readPreference?: ReadPreferenceMode;
  /** tag sets, max staleness, and whether this connection reads the primary only (read-preference.ts) */
  reads?: Omit<ReadPreferenceSetting, 'mode'>;
  retry?: RetryPolicy;
  /** server-side pipelines: auto (when the server runs them), server (insist), client (never); see capabilities.ts */
  pipelines?: PipelineMode;
  appName?: string;
  keychain?: SecretKeychain;
  /** Called before each retry, for --verbose. */
  onRetry?: (message: string) => void;
  /** Called with the choices made on the way (where figures are computed), for --verbose. */
  onDebug?: (message: string) => void;
}

export interface DataSource {
  readonly client: MongoClient;
  readonly db: Db;
  readonly dbName: string;
  /** host:port list, safe to print */
  readonly hosts: string;
  readonly maxTimeMs: number;
  /** --timeout: server selection and the monitor's wait for an answer */
  readonly timeoutMs: number;
  readonly retry: RetryPolicy;
  /** where figures are computed (capabilities.ts): auto unless WFCTL_PIPELINES says otherwise */
  readonly pipelines?: PipelineMode;
  /** tells --verbose of a choice made on the way (capabilities.ts); silent without it */
  readonly debug?: (message: string) => void;
  readonly keychain: SecretKeychain;
  /** where reads go: wfctl's setting over the connection string's */
  readonly readPreference: ReadPreference;
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
   * A limit other than --max-time comes with its own wait for the reply
   * (socketTimeoutMS: the limit plus REPLY_MARGIN_MS) for the operation's
   * first reply; every later batch of a cursor waits --max-time plus the margin.
   */
  opts(extra?: { maxTimeMs?: number; atLeastMs?: number }): ServerBound;
  /**
   * Maps any error from the driver to a safe WfctlError; others pass through.
   * `waitedMs`: how long the failed request had waited for its reply.
   */
  wrapError(err: unknown, what: string, waitedMs?: number): unknown;
  /**
   * How long the server has not answered: since the monitor's last successful
   * check (once a second) or the last operation that succeeded.
   */
  silenceMs(): number;
  /**
   * Whether another try of an operation that failed with `err` is worth it: a
   * transient error, and a server that has been silent for less than --max-time.
   */
  mayRetry(err: unknown): boolean;
  close(): Promise<void>;
}

export const DEFAULT_MAX_TIME_MS = 60_000;

/** What `ds.opts()` gives an operation: the server's limit, and the client's wait for the reply when it differs from the default. */
export interface ServerBound {
  maxTimeMS: number;
  socketTimeoutMS?: number;
}

/**
 * How much longer than the server's own limit a reply is waited for. A server
 * given maxTimeMS answers by then, if only with "time limit exceeded"; no
 * reply means the connection stalled (the server may well answer its monitor
 * meanwhile), and the request ends as a lost connection: the driver's
 * socketTimeoutMS, set per request while it waits for the reply. Single
 * queries wait --max-time + 5 s; scans and exports give their first request
 * (which carries any sort) their long limit plus 5 s, and each later batch
 * --max-time + 5 s from the moment it is asked for.
 */
export const REPLY_MARGIN_MS = 5_000;

/** How long a request with this server limit waits for its reply (within what a Node timer can hold). */
export function replyWaitMs(serverLimitMs: number): number {
  return Math.min(serverLimitMs + REPLY_MARGIN_MS, 2 ** 31 - 1);
}

/**
 * maxTimeMS of scans over a whole window (statistics, analytics, audit
 * summaries, `audit list --all`): a cursor's limit is cumulative over its
 * batches, so the per-query default would cut a big window short; this one
 * stops a runaway. --max-time raises it when higher.
 */
export const SCAN_MAX_TIME_MS = 3_600_000;

/**
 * How often the driver's monitor asks the server whether it is there (the
 * driver's default is 10 s). The monitor waits --timeout for the answer; when
 * none comes, the driver interrupts the operations in flight on that server.
 * So a server that stops answering in the middle of a command is noticed
 * within about --timeout + 1 s, whatever the command waits for.
 */
export const HEARTBEAT_MS = 1000;

/** The oldest server the driver talks to (its MIN_SUPPORTED_SERVER_VERSION and wire version). */
export const MIN_SERVER_VERSION = '4.4';
export const MIN_WIRE_VERSION = 9;

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

/** The client, with the read preference it ended with (wfctl's setting over the connection string's). */
function newClient(
  options: ConnectOptions,
  keychain: SecretKeychain,
  maxTimeMs: number,
): { client: MongoClient; readPreference: ReadPreference } {
  const reads: ReadPreferenceSetting = {
    ...options.reads,
    ...(options.readPreference ? { mode: options.readPreference } : {}),
  };
  if (reads.mode && !reads.primaryOnly)
    refusePrimaryWithSelectors(reads.mode, reads.tags ?? [], reads.maxStalenessSeconds);
  let client: MongoClient;
  try {
    client = new MongoClient(options.uri, {
      serverSelectionTimeoutMS: options.timeoutMs,
      connectTimeoutMS: options.timeoutMs,
      heartbeatFrequencyMS: HEARTBEAT_MS,
      socketTimeoutMS: replyWaitMs(maxTimeMs),
      // reads are retried by ds.run (--retry), not once more by the driver, which
      // would also double the wait for a stalled reply
      retryReads: false,
      appName: options.appName ?? 'wfctl',
      ...readPreferenceClientOptions(reads),
    });
  } catch (err) {
    const msg = keychain.redact(err instanceof Error ? err.message : String(err));
    throw new UsageError(`invalid connection string: ${msg}`, {
      hint: 'expected mongodb://host[:port][/database][?options] or mongodb+srv://host/..., with credentials as user:password@ before the host',
    });
  }
  return { client, readPreference: effectiveReadPreference(client, reads) };
}

/** A standalone server asked for reads it would serve only by ignoring the read preference: refused (read-preference.ts). */
function refuseUnservable(topology: TopologyDescription | undefined, rp: ReadPreference, hosts: string): void {
  const single = topology?.type === 'Single' ? [...topology.servers.values()][0] : undefined;
  const refusal = single ? standaloneRefusal(rp, single) : undefined;
  if (refusal)
    throw new UsageError(
      `the server at ${hosts} cannot serve read preference ${describeReadPreference(rp)}: ${refusal}`,
      {
        hint: 'leave out --read-preference (and the tags), or use secondaryPreferred, which reads the primary when there is no secondary',
      },
    );
}

export async function connect(options: ConnectOptions): Promise<DataSource> {
  const keychain = options.keychain ?? new SecretKeychain();
  keychain.registerUri(options.uri);
  const hosts = uriHosts(options.uri);
  const retry = options.retry ?? DEFAULT_RETRY_POLICY;
  const maxTimeMs = options.maxTimeMs ?? DEFAULT_MAX_TIME_MS;

  const { client, readPreference } = newClient(options, keychain, maxTimeMs);
  const login = loginOf(client);
  let topology: TopologyDescription | undefined;
  client.on('topologyDescriptionChanged', (e) => {
    topology = e.newDescription;
  });
  let connected = false;
  let lastAnswerAt = Date.now();
  client.on('serverHeartbeatSucceeded', () => {
    lastAnswerAt = Date.now();
  });
  const silenceMs = () => Date.now() - lastAnswerAt;
  const wrapError = (err: unknown, what: string, waitedMs?: number): unknown => {
    if (!(err instanceof MongoError) && !(err instanceof ConflictRetriesExhausted)) return err;
    return toDatabaseError(err, what, {
      hosts,
      timeoutMs: options.timeoutMs,
      maxTimeMs,
      keychain,
      silenceMs: connected ? silenceMs() : 0,
      waitedMs,
      login,
      readPreference,
    });
  };
  // a server silent for --max-time is not waited for any longer, whatever retries are left;
  // a request without a reply has waited longer than that already
  const mayRetry = (err: unknown) =>
    isTransientError(err, connected) && !isStalledReply(err) && silenceMs() < maxTimeMs;

  try {
    await client.connect();
    connected = true;
    lastAnswerAt = Date.now();
  } catch (err) {
    await client.close().catch(() => undefined);
    throw connectError(err, options.uri, hosts) ?? wrapError(err, 'connect');
  }
  try {
    refuseUnservable(topology, readPreference, hosts);
  } catch (err) {
    await client.close().catch(() => undefined);
    throw err;
  }

  const db = client.db(options.dbName);
  const ds: DataSource = {
    client,
    db,
    dbName: options.dbName,
    hosts,
    maxTimeMs,
    timeoutMs: options.timeoutMs,
    retry,
    pipelines: options.pipelines ?? 'auto',
    ...(options.onDebug ? { debug: options.onDebug } : {}),
    keychain,
    readPreference,
    workflows: db.collection<RawWorkflowDoc>(COLLECTIONS.workflows),
    versions: db.collection<RawVersionDoc>(COLLECTIONS.versions),
    audit: db.collection<RawAuditDoc>(COLLECTIONS.audit),
    attempts: db.collection<RawAttemptDoc>(COLLECTIONS.attempts),
    executions: db.collection<RawExecutionDoc>(COLLECTIONS.executions),
    collection: <T extends Document = Document>(name: string) => db.collection<T>(name),
    async run<T>(what: string, op: (attempt: number) => Promise<T>, runOptions?: { retry?: RetryPolicy }): Promise<T> {
      let startedAt = Date.now();
      // every try counts, whatever made it necessary: a retried insert may find its own document
      let tries = 0;
      const say = (kind: string) => (e: unknown, n: number, delay: number) =>
        options.onRetry?.(
          `${kind} ${n} of ${what} in ${delay} ms after: ${keychain.redact(e instanceof Error ? e.message : String(e))}`,
        );
      try {
        const timed = () => {
          startedAt = Date.now();
          return op(++tries);
        };
        // a write conflict is a lost race, retried on its own terms; --retry is for a failing server
        const result = await withRetry(
          () => withConflictRetry(timed, undefined, { onRetry: say('conflict retry') }),
          runOptions?.retry ?? retry,
          { isTransient: mayRetry, onRetry: say('retry') },
        );
        lastAnswerAt = Date.now();
        return result;
      } catch (err) {
        throw wrapError(err, what, Date.now() - startedAt);
      }
    },
    opts: (extra) => {
      const maxTimeMS = extra?.maxTimeMs ?? Math.max(maxTimeMs, extra?.atLeastMs ?? 0);
      return maxTimeMS === maxTimeMs ? { maxTimeMS } : { maxTimeMS, socketTimeoutMS: replyWaitMs(maxTimeMS) };
    },
    wrapError,
    silenceMs,
    mayRetry,
    close: () => client.close(),
  };
  return ds;
}

interface ErrorContext {
  hosts: string;
  timeoutMs: number;
  maxTimeMs: number;
  keychain: SecretKeychain;
  /** how long the server had been silent when the error came (0 before the first connection) */
  silenceMs: number;
  /** how long the failed request had waited for its reply, when known */
  waitedMs?: number | undefined;
  /** who the connection string logs in as, and how (never the password) */
  login?: string | undefined;
  readPreference: ReadPreference;
}

/**
 * 'user "alice" with SCRAM-SHA-256 (authSource workflows)': the user and the mechanism of the
 * connection string, for an authentication failure; never the password.
 */
function loginOf(client: MongoClient): string | undefined {
  const cred = client.options.credentials;
  if (!cred) return undefined;
  const mechanism =
    cred.mechanism === 'DEFAULT'
      ? "the driver's default (SCRAM-SHA-256, or SCRAM-SHA-1 where the server offers only that)"
      : cred.mechanism;
  const who = cred.username ? `user ${quoteInput(cred.username)}` : 'the client certificate';
  return `${who} with ${mechanism} (authSource ${quoteInput(cred.source)})`;
}

const TLS_FILE_OPTIONS = ['tlsCAFile', 'tlsCertificateKeyFile', 'tlsCRLFile'];

/**
 * The connect-time failures that do not come from the driver's own errors: a
 * mongodb+srv:// name that DNS does not resolve, a TLS file that cannot be read.
 */
function connectError(err: unknown, uri: string, hosts: string): WfctlError | undefined {
  if (!(err instanceof Error) || err instanceof MongoError) return undefined;
  const e = err as NodeJS.ErrnoException & { hostname?: string };
  if (typeof e.syscall === 'string' && /^query(Srv|Txt)$/.test(e.syscall)) {
    const record = e.syscall === 'querySrv' ? 'SRV' : 'TXT';
    const reason = e.code === 'ENOTFOUND' || e.code === 'ENODATA' ? 'no such record' : (e.code ?? 'failed');
    return new DatabaseError(
      `cannot resolve mongodb+srv://${hosts}: DNS ${record} lookup of ${e.hostname ?? hosts} failed (${reason})`,
      {
        hint: 'check the host name in --uri; mongodb+srv:// needs an SRV record (_mongodb._tcp.<host>); use mongodb://host:port for a plain address',
        cause: err,
      },
    );
  }
  if (
    typeof e.path === 'string' &&
    (e.code === 'ENOENT' || e.code === 'EACCES' || e.code === 'EISDIR' || e.code === 'EPERM')
  ) {
    const option = TLS_FILE_OPTIONS.find((o) => new RegExp(`[?&]${o}=`, 'i').test(uri)) ?? 'a TLS file option';
    const why = e.code === 'ENOENT' ? 'does not exist' : e.code === 'EISDIR' ? 'is a folder' : 'is not readable';
    return new UsageError(`the connection string's ${option} names ${e.path}, which ${why}`, {
      hint: 'name the PEM file the server certificate is checked against (or the client certificate) by its full path',
      cause: err,
    });
  }
  return undefined;
}

/** Errors of a server that went away or stopped answering, as opposed to one that answered with an error. */
const LOST_SERVER_ERRORS = new Set([
  'PoolClearedOnNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNetworkError',
  'MongoServerSelectionError',
  'MongoPoolClearedError',
]);

function toDatabaseError(err: Error, what: string, c: ErrorContext): WfctlError {
  const e = err as Error & { code?: unknown; codeName?: unknown; cause?: unknown };
  const detail = c.keychain.redact(rootMessage(err));
  const compatibility = /reports (?:maximum )?wire version (\d+|null|undefined)/.exec(err.message);
  if (compatibility) {
    const wire = Number(compatibility[1]);
    return new DatabaseError(
      `the server at ${c.hosts} is too old for wfctl: ${Number.isFinite(wire) ? `it speaks wire version ${wire}, ` : ''}wfctl needs MongoDB ${MIN_SERVER_VERSION} or later (wire version ${MIN_WIRE_VERSION})`,
      {
        hint: `upgrade the server to MongoDB ${MIN_SERVER_VERSION} or later (or a server compatible with it)`,
        cause: err,
      },
    );
  }
  if (isStalledReply(err)) {
    // without the caller's measure: every request waits at least --max-time + the margin
    const waited =
      c.waitedMs !== undefined
        ? formatSeconds(roundTenths(c.waitedMs))
        : `at least ${formatSeconds(replyWaitMs(c.maxTimeMs))}`;
    return new DatabaseError(`${what}: the server at ${c.hosts} stopped answering (no reply for ${waited})`, {
      hint: `${c.silenceMs < 3 * HEARTBEAT_MS ? 'the server still answered its monitor, not this request: check the network (a firewall or NAT dropping a connection)' : 'check the server and the network'}; wfctl waits for a reply up to the server's own time limit (--max-time, ${formatSeconds(c.maxTimeMs)}) plus ${formatSeconds(REPLY_MARGIN_MS)}`,
      cause: err,
    });
  }
  if (c.silenceMs >= c.timeoutMs && LOST_SERVER_ERRORS.has(e.name)) {
    return new DatabaseError(
      `${what}: the server at ${c.hosts} stopped answering (no reply for ${formatSeconds(c.silenceMs)})`,
      {
        hint: `check the server and the network; wfctl waits up to --max-time (${formatSeconds(c.maxTimeMs)}) for a silent server, retries included`,
        cause: err,
      },
    );
  }
  const members = e.name === 'MongoServerSelectionError' ? membersSeen((e as { reason?: unknown }).reason) : undefined;
  if (members) {
    // the servers answered: none of them is a member the read preference takes
    return new DatabaseError(
      `${what}: no member at ${c.hosts} matches read preference ${describeReadPreference(c.readPreference)} within ${formatSeconds(c.timeoutMs)}; it found ${describeMembers(members)}`,
      {
        hint: 'secondaryPreferred falls back to the primary; a last empty tag set (--read-preference-tags "") takes any member; the members\' tags are in rs.conf()',
        cause: err,
      },
    );
  }
  if (e.name === 'MongoServerSelectionError') {
    return new DatabaseError(`cannot reach MongoDB at ${c.hosts} within ${formatSeconds(c.timeoutMs)}: ${detail}`, {
      hint: 'check --uri (or WFCTL_MONGODB_URI) and that the server is running; raise --timeout for slow links',
      cause: err,
    });
  }
  if (e.code === 18 || /authentication failed/i.test(err.message)) {
    const who = c.login ? ` for ${c.login}` : '';
    return new DatabaseError(`authentication failed at ${c.hosts}${who}: ${detail}`, {
      hint: 'check the user name, password, authSource and authMechanism in the connection string',
      cause: err,
    });
  }
  if (e.name === 'MongoParseError' || e.name === 'MongoInvalidArgumentError' || e.name === 'MongoAPIError') {
    return new UsageError(`invalid connection settings: ${detail}`, { cause: err });
  }
  if (err instanceof ConflictRetriesExhausted || writeConflictCode(err) !== undefined) {
    const conflict = err instanceof ConflictRetriesExhausted ? err.cause : err;
    const tries = err instanceof ConflictRetriesExhausted ? `, still after ${err.tries} tries` : '';
    const code = writeConflictCode(conflict) ?? WRITE_CONFLICT_CODE;
    return new DatabaseError(
      `${what}: write conflict with another write to the same documents at the same moment (${describeCode(code, WRITE_CONFLICT_CODES)})${tries}`,
      { hint: 'too many writers at once: try again in a moment', cause: conflict },
    );
  }
  if (isTimeLimitError(err)) {
    // by code: MongoDB's MaxTimeMSExpired and a PostgreSQL-based server's statement timeout read the same
    return new DatabaseError(`${what}: the server gave up after the time limit (maxTimeMS): ${detail}`, { cause: err });
  }
  const code =
    typeof e.codeName === 'string' ? ` (${e.codeName})` : typeof e.code === 'number' ? ` (code ${e.code})` : '';
  return new DatabaseError(`${what} failed at ${c.hosts}${code}: ${detail}`, { cause: err });
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

function roundTenths(ms: number): number {
  return Math.round(ms / 100) * 100;
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${(ms / 1000).toFixed(1)}s`;
}
