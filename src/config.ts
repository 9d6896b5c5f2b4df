/**
 * Connection settings from flags and environment, with the precedence SPEC.md
 * gives. Pure: takes the parsed global options and an env, returns a value.
 */
import { readFileSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { Env } from './io.js';
import { UsageError, systemErrorWords } from './errors.js';
import type { RetryPolicy, RetryStrategy } from './data/core/retry.js';
import { DEFAULT_RETRY_POLICY } from './data/core/retry.js';
import { redactUriPasswords } from './data/core/redact.js';
import { IDENTITY_MODES, type IdentityMode } from './data/core/identity.js';
import { PIPELINE_MODES, type PipelineMode } from './data/core/types.js';
import { quoteInput } from './quote.js';
import { contextNamed, type ConfigFile, type ContextEntry } from './config-file.js';

export const DEFAULT_URI = 'mongodb://127.0.0.1:27017';
export const DEFAULT_DB = 'workflows';
export const DEFAULT_TIMEOUT_SECONDS = 5;
/** the default server-side limit of one query, in seconds (DEFAULT_MAX_TIME_MS of the data layer) */
export const DEFAULT_MAX_TIME_SECONDS = 60;

export interface GlobalOptions {
  uri?: string;
  /** a file holding the connection string (--uri-file) */
  uriFile?: string;
  db?: string;
  /** the declared acting user (--as) */
  as?: string;
  /** the deprecated global spelling of --as (one release) */
  user?: string;
  timeout?: number;
  /** seconds */
  maxTime?: number;
  readPreference?: string;
  /** --read-preference-tags, in the order given */
  readPreferenceTags?: string[];
  /** --max-staleness, seconds */
  maxStaleness?: number;
  retry?: RetryStrategy;
  retries?: number;
  color?: boolean;
  verbose?: boolean;
  quiet?: boolean;
  /** --identity: record (default) or strict */
  identity?: IdentityMode;
  /** the context named for this call (--context) */
  context?: string;
  /** --expect-context: refuse unless the target is this context */
  expectContext?: string;
  /** the verb's own --yes and --dry-run (optsWithGlobals carries them), for a protected context's writes */
  yes?: boolean;
  dryRun?: boolean;
}

/** The context the target belongs to, and how it was chosen: --context (flag), WFCTL_CONTEXT (env), the file's current-context (file). */
export interface ResolvedContext {
  name: string;
  protected: boolean;
  /** approvals a change needs on this target (0: none) */
  approvals: number;
  source: 'flag' | 'env' | 'file';
}

export interface ConnectionConfig {
  uri: string;
  /** where the URI came from, for --verbose */
  uriSource: string;
  dbName: string;
  /** where the database name came from: --db, WFCTL_DB, DB_NAME, uri or default */
  dbSource: string;
  user: string;
  /** where the declared user came from: --as, --user, WFCTL_USER or os */
  userSource: string;
  /** how the declared user is held against the authenticated one (--identity, WFCTL_IDENTITY) */
  identity: IdentityMode;
  identitySource: string;
  timeoutMs: number;
  /** the server-side limit of each query (maxTimeMS); long scans and exports get at least their own */
  maxTimeMs: number;
  readPreference?: string;
  /** tag sets in the driver's text form (read-preference.ts) */
  readPreferenceTags?: string[];
  maxStalenessSeconds?: number;
  retry: RetryPolicy;
  /** WFCTL_PIPELINES: where figures are computed (auto, server, client) */
  pipelines: PipelineMode;
  /** the context of the target; none when the connection string came from a flag or the environment alone */
  context?: ResolvedContext;
  /** the configuration file read (its path), for messages */
  configPath?: string;
}

/** What MongoDB accepts as a database name (and wfctl, which also refuses @ and :, the marks of a mistyped URI). */
export const DATABASE_NAME_RULE =
  'a database name is 1 to 63 bytes of UTF-8 without / \\ . " $ @ :, spaces or control characters';

export function isDatabaseName(name: string): boolean {
  return name !== '' && !/[/\\. "$@:\s\x00-\x1f\x7f]/.test(name) && Buffer.byteLength(name, 'utf8') <= 63;
}

/** Where reads go: the flags, else the context whose connection string is used; the string's own options after both. */
function readsConfig(
  opts: GlobalOptions,
  entry: ContextEntry | undefined,
): Pick<ConnectionConfig, 'readPreference' | 'readPreferenceTags' | 'maxStalenessSeconds'> {
  const mode = opts.readPreference ?? entry?.readPreference;
  const tags = opts.readPreferenceTags ?? entry?.readPreferenceTags;
  const staleness = opts.maxStaleness ?? entry?.maxStaleness;
  return {
    ...(mode ? { readPreference: mode } : {}),
    ...(tags ? { readPreferenceTags: tags } : {}),
    ...(staleness !== undefined ? { maxStalenessSeconds: staleness } : {}),
  };
}

export function resolveConnectionConfig(opts: GlobalOptions, env: Env, file?: ConfigFile): ConnectionConfig {
  const target = contextTarget(opts, env, file);
  const [uri, uriSource] = target?.uri ?? connectionString(opts, env);
  if (uri.trim() !== uri) {
    // not echoed: the string may hold a password
    throw new UsageError(`invalid connection string from ${uriSource}: it has spaces or line breaks around it`);
  }
  if (!/^mongodb(\+srv)?:\/\//i.test(uri)) {
    throw new UsageError(
      `invalid connection string from ${uriSource}: it must start with mongodb:// or mongodb+srv://`,
      {
        hint: 'example: --uri mongodb://user:password@db.example.com:27017/workflows',
      },
    );
  }
  // the database goes with the connection string: a context's own, else the environment's (--db wins over both)
  const [dbName, dbSource] = firstSet(
    target?.uri
      ? [
          [opts.db, '--db'],
          [target.entry.db, `context ${target.entry.name}`],
          [uriDatabase(uri), 'uri'],
        ]
      : [
          [opts.db, '--db'],
          [env.WFCTL_DB, 'WFCTL_DB'],
          [env.DB_NAME, 'DB_NAME'],
          [uriDatabase(uri), 'uri'],
        ],
  ) ?? [DEFAULT_DB, 'default'];
  if (!isDatabaseName(dbName)) {
    // a name taken from the URI is not echoed: a malformed URI can put part of a password there
    const shown = dbSource === 'uri' ? "in the connection string's path" : `${quoteInput(dbName)} (from ${dbSource})`;
    throw new UsageError(`invalid database name ${shown}: ${DATABASE_NAME_RULE}`, {
      ...(dbSource === 'uri'
        ? { hint: 'a password with @, / or : must be percent-encoded in the connection string (@ is %40)' }
        : {}),
    });
  }
  if (opts.as !== undefined && opts.user !== undefined) {
    throw new UsageError(
      '--as and the global --user both name the acting user; give --as only (the global --user is its old spelling)',
    );
  }
  const [user, userSource] = firstSet([
    [opts.as, '--as'],
    [opts.user, '--user'],
    [env.WFCTL_USER, 'WFCTL_USER'],
  ]) ?? [osUserName(env), 'os'];
  const [identity, identitySource] = resolveIdentityMode(
    opts.identity,
    env,
    file?.identity !== undefined ? { value: file.identity, source: `identity in ${file.path}` } : undefined,
  );
  const retry: RetryPolicy = {
    ...DEFAULT_RETRY_POLICY,
    ...(opts.retry ? { strategy: opts.retry } : {}),
    ...(opts.retries !== undefined ? { retries: opts.retries } : {}),
  };
  return {
    uri,
    uriSource,
    dbName,
    dbSource,
    user,
    userSource,
    identity,
    identitySource,
    timeoutMs: Math.round((opts.timeout ?? DEFAULT_TIMEOUT_SECONDS) * 1000),
    maxTimeMs: Math.max(1, Math.round((opts.maxTime ?? DEFAULT_MAX_TIME_SECONDS) * 1000)),
    ...readsConfig(opts, target?.uri ? target.entry : undefined),
    retry,
    pipelines: pipelineMode(env),
    ...(target
      ? {
          context: {
            name: target.entry.name,
            protected: target.entry.protected,
            approvals: target.entry.approvals,
            source: target.source,
          },
        }
      : {}),
    ...(file?.exists ? { configPath: file.path } : {}),
  };
}

/**
 * The identity mode and where it came from: --identity, else WFCTL_IDENTITY, else `fromFile` (a
 * context of the configuration file, when the caller has one), else record.
 */
export function resolveIdentityMode(
  flag: IdentityMode | undefined,
  env: Env,
  fromFile?: { value: string; source: string },
): [IdentityMode, string] {
  if (flag !== undefined) return [flag, '--identity'];
  const candidates: Array<[string | undefined, string]> = [
    [env.WFCTL_IDENTITY, 'WFCTL_IDENTITY'],
    [fromFile?.value, fromFile?.source ?? 'the configuration file'],
  ];
  for (const [value, source] of candidates) {
    if (value === undefined || value === '') continue;
    if (!(IDENTITY_MODES as readonly string[]).includes(value))
      throw new UsageError(
        `${source}=${quoteInput(value)} is not an identity mode; accepted: ${IDENTITY_MODES.join(', ')}`,
      );
    return [value as IdentityMode, source];
  }
  return ['record', 'default'];
}

/**
 * The context of the target, and the connection string it gives (undefined when a flag gives it).
 * Order: --context, WFCTL_CONTEXT (named for this call: the context holds even when --uri or --uri-file
 * override its connection string), then --uri/--uri-file and the environment's variables, which leave
 * the file's current-context out, then the current-context. (kubectl: --context over current-context;
 * SPEC: a flag over the environment over the file.)
 */
function contextTarget(
  opts: GlobalOptions,
  env: Env,
  file: ConfigFile | undefined,
): { entry: ContextEntry; source: ResolvedContext['source']; uri?: [string, string] } | undefined {
  const chosen = file ? selectedContext(opts, env, file) : undefined;
  if (!chosen) return undefined;
  const entry = contextNamed(file!, chosen.name, chosen.label);
  if (set(opts.uri) || set(opts.uriFile)) return { entry, source: chosen.source };
  const uri = entry.uri ?? readUriFile(entry.uriFile!, `the uri-file of context ${entry.name}`);
  return { entry, source: chosen.source, uri: [uri, `context ${entry.name} (${chosen.label})`] };
}

const set = (v: string | undefined): v is string => v !== undefined && v !== '';

/**
 * Which context the target belongs to, by name: --context, else WFCTL_CONTEXT, else the file's
 * current-context unless --uri, --uri-file or one of the environment's connection variables gives
 * the connection string. Not checked against the file's contexts (contextNamed does that).
 */
export function selectedContext(
  opts: GlobalOptions,
  env: Env,
  file: ConfigFile,
): { name: string; source: ResolvedContext['source']; label: string } | undefined {
  if (set(opts.context)) return { name: opts.context, source: 'flag', label: '--context' };
  if (set(env.WFCTL_CONTEXT)) return { name: env.WFCTL_CONTEXT, source: 'env', label: 'WFCTL_CONTEXT' };
  const overridden = [
    opts.uri,
    opts.uriFile,
    env.WFCTL_MONGODB_URI,
    env.WFCTL_MONGODB_URI_FILE,
    env.MONGODB_URI,
    env.MONGO_URL,
  ].some(set);
  if (set(file.currentContext) && !overridden)
    return { name: file.currentContext, source: 'file', label: 'current-context' };
  return undefined;
}

/** The database named in the URI path (mongodb://host/<db>?...), if any. */
export function uriDatabase(uri: string): string | undefined {
  const m = /^mongodb(?:\+srv)?:\/\/[^/?#]*\/([^?#]*)/i.exec(uri);
  if (!m?.[1]) return undefined;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return m[1];
  }
}

/**
 * The connection string and where it came from: --uri or --uri-file (not both), else
 * WFCTL_MONGODB_URI or WFCTL_MONGODB_URI_FILE (not both), else MONGODB_URI, MONGO_URL, the default.
 * A file is read only when it is the one that counts.
 */
function connectionString(opts: GlobalOptions, env: Env): [string, string] {
  const set = (v: string | undefined): v is string => v !== undefined && v !== '';
  if (set(opts.uri) && set(opts.uriFile))
    throw new UsageError('--uri and --uri-file both give the connection string; give one of them');
  if (set(opts.uri)) return [opts.uri, '--uri'];
  if (set(opts.uriFile)) return [readUriFile(opts.uriFile, '--uri-file'), '--uri-file'];
  const envFile = env.WFCTL_MONGODB_URI_FILE;
  if (set(env.WFCTL_MONGODB_URI) && set(envFile))
    throw new UsageError('WFCTL_MONGODB_URI and WFCTL_MONGODB_URI_FILE are both set; unset one of them');
  if (set(envFile)) return [readUriFile(envFile, 'WFCTL_MONGODB_URI_FILE'), 'WFCTL_MONGODB_URI_FILE'];
  return (
    firstSet([
      [env.WFCTL_MONGODB_URI, 'WFCTL_MONGODB_URI'],
      [env.MONGODB_URI, 'MONGODB_URI'],
      [env.MONGO_URL, 'MONGO_URL'],
    ]) ?? [DEFAULT_URI, 'default']
  );
}

/**
 * A connection string kept in a file (--uri-file, WFCTL_MONGODB_URI_FILE): one line. Like ssh with a
 * private key, a file that holds a password and that other users can read is refused (exit 2), with
 * the chmod that fixes it: the password would be no safer than on the command line.
 */
export function readUriFile(path: string, label: string): string {
  let text: string;
  let mode: number;
  try {
    mode = statSync(path).mode;
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new UsageError(`${label} ${quoteInput(path)} does not exist`, {
        hint: 'name a file holding one connection string (mongodb://...)',
      });
    throw new UsageError(`cannot read ${label} ${quoteInput(path)}: ${systemErrorWords(err)}`);
  }
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (lines.length === 0)
    throw new UsageError(`${label} ${quoteInput(path)} is empty; it should hold one connection string (mongodb://...)`);
  if (lines.length > 1)
    throw new UsageError(
      `${label} ${quoteInput(path)} holds ${lines.length} lines; it should hold one connection string (mongodb://...)`,
    );
  const uri = lines[0]!;
  if (redactUriPasswords(uri) !== uri && (mode & 0o077) !== 0) {
    throw new UsageError(
      `${label} ${quoteInput(path)} holds a password and other users can read it (mode ${(mode & 0o777).toString(8).padStart(4, '0')})`,
      {
        hint: `chmod 600 ${quoteInput(path)}`,
      },
    );
  }
  return uri;
}

function firstSet(candidates: Array<[string | undefined, string]>): [string, string] | undefined {
  for (const [value, source] of candidates) if (value !== undefined && value !== '') return [value, source];
  return undefined;
}

function osUserName(env: Env): string {
  try {
    return userInfo().username;
  } catch {
    return env.USER ?? env.USERNAME ?? 'unknown';
  }
}

/** WFCTL_PIPELINES: auto (default), server or client; anything else is a usage error naming the choices. */
export function pipelineMode(env: Env): PipelineMode {
  const raw = env.WFCTL_PIPELINES?.trim();
  if (raw === undefined || raw === '') return 'auto';
  const mode = PIPELINE_MODES.find((m) => m === raw.toLowerCase());
  if (!mode)
    throw new UsageError(`invalid WFCTL_PIPELINES ${quoteInput(raw)}: expected one of ${PIPELINE_MODES.join(', ')}`);
  return mode;
}
