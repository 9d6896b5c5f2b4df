/**
 * The second test engine: FerretDB 2.5.0 on PostgreSQL 15 with DocumentDB, a
 * MongoDB-compatible server with real indexes and a full aggregation engine.
 *
 * ensureEngine2() prepares it once: scripts/engine2-build.sh installs the
 * Debian packages and builds the PostgreSQL extensions Debian lacks from the
 * source archives (WFCTL_ENGINE2_SOURCES), and FerretDB 2.5.0 is built from the
 * Go module proxy into .cache/ferretdb/v2.5.0/ like 1.24 (ferretdb.ts). Both
 * steps check what is there first, so later runs take no time.
 *
 * startEngine2() runs a private PostgreSQL (initdb in a temporary folder, as
 * the `postgres` user when we are root) and FerretDB, both on free loopback
 * ports; stop() ends both by pid and removes the folder. A detached watchdog
 * does the same if this process dies without stopping them (Ctrl-C, kill).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildFerretDb, freePort, ROOT, waitForPort, type FerretDbServer } from './ferretdb.js';

export const FERRETDB2_VERSION = 'v2.5.0';
const MODULE = 'github.com/FerretDB/FerretDB/v2';
/** Go 1.25+ cannot build FerretDB 2.5.0 (undefined setGOMAXPROCS); `go` fetches this toolchain itself. */
const GOTOOLCHAIN = 'go1.24.6';
export const FERRETDB2_BIN = join(ROOT, '.cache', 'ferretdb', FERRETDB2_VERSION, 'ferretdb');
const PG_BIN = '/usr/lib/postgresql/15/bin';
const PG_EXT = '/usr/share/postgresql/15/extension';

type Log = (msg: string) => void;
const stderrLog: Log = (m) => process.stderr.write(`${m}\n`);

/** What PostgreSQL must be able to load, by the version its control file names. */
function extensionsReady(): boolean {
  const want: [string, string][] = [
    ['documentdb', '0.106-0'],
    ['documentdb_core', '0.106-0'],
    ['pg_cron', '1.6'],
    ['vector', '0.8.0'],
    ['rum', ''],
    ['postgis', ''],
  ];
  return (
    existsSync(join(PG_BIN, 'postgres')) &&
    want.every(([name, version]) => {
      const file = join(PG_EXT, `${name}.control`);
      if (!existsSync(file)) return false;
      return version === '' || readFileSync(file, 'utf8').includes(`default_version = '${version}'`);
    })
  );
}

/** Prepares engine 2 (see the file comment); returns the FerretDB binary. */
export async function ensureEngine2(log: Log = stderrLog): Promise<string> {
  if (!extensionsReady()) {
    log('Preparing test engine 2 (PostgreSQL 15 + DocumentDB; first run only, several minutes)...');
    const t0 = Date.now();
    await runBuildScript();
    log(`Engine 2's PostgreSQL side ready in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  }
  return buildFerretDb({ module: MODULE, version: FERRETDB2_VERSION, bin: FERRETDB2_BIN, env: { GOTOOLCHAIN }, log });
}

/** scripts/engine2-build.sh, its progress shown as it comes; its last line is the error when it fails. */
async function runBuildScript(): Promise<void> {
  const child = spawn('bash', [join(ROOT, 'scripts', 'engine2-build.sh')], { stdio: ['ignore', 'inherit', 'pipe'] });
  let last = '';
  child.stderr?.on('data', (d: Buffer) => {
    process.stderr.write(d);
    const lines = d
      .toString()
      .split('\n')
      .filter((l) => l.trim() !== '');
    if (lines.length > 0) last = lines[lines.length - 1]!;
  });
  const code = await new Promise<number | null>((done) => child.once('close', done));
  if (code !== 0) throw new Error(last || `engine 2: scripts/engine2-build.sh exited with ${code}`);
}

/** The uid/gid PostgreSQL runs as: ours, or the `postgres` user's when we are root (initdb refuses root). */
function pgUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new Error('engine 2: running as root needs a `postgres` user for PostgreSQL (initdb refuses root)');
  }
}

function postgresqlConf(dir: string, port: number): string {
  return [
    `listen_addresses = '127.0.0.1'`,
    `port = ${port}`,
    `unix_socket_directories = '${dir}'`,
    `shared_preload_libraries = 'pg_cron,pg_documentdb_core,pg_documentdb'`,
    `cron.database_name = 'postgres'`,
    // DocumentDB's settings as FerretDB 2.5.0 packages them (documentdb/packaging/10-preload.sh)
    'documentdb.enableBackgroundWorker = true',
    'documentdb.enableBackgroundWorkerJobs = true',
    'documentdb.enableCompact = true',
    'documentdb.enableLetAndCollationForQueryMatch = true',
    'documentdb.enableNowSystemVariable = true',
    'documentdb.enableSortbyIdPushDownToPrimaryKey = true',
    'documentdb.enableSchemaValidation = true',
    'documentdb.enableBypassDocumentValidation = true',
    'documentdb.enableUserCrud = true',
    'documentdb.maxUserLimit = 100',
    'max_connections = 300',
    // a throw-away test database: no crash safety needed
    'fsync = off',
    'synchronous_commit = off',
    'full_page_writes = off',
    'log_min_messages = warning',
    'log_min_error_statement = panic',
    '',
  ].join('\n');
}

/**
 * A detached shell that waits for this process to end and then stops what it
 * started in `dir` (found by pid files, checked against the process's command
 * line so a reused pid is left alone) and removes `dir`.
 */
function startWatchdog(dir: string): ChildProcess {
  const script = `
    trap '' INT HUP; trap 'exit 0' TERM
    ours() { [ -n "$1" ] && grep -qa -- "$DIR" /proc/$1/cmdline 2>/dev/null; }
    while kill -0 $PARENT 2>/dev/null; do sleep 1; done
    f=$(cat "$DIR/ferretdb.pid" 2>/dev/null); ours "$f" && kill -KILL "$f"
    p=$(head -n 1 "$DIR/data/postmaster.pid" 2>/dev/null)
    if ours "$p"; then
      kill -INT "$p"
      for i in $(seq 1 100); do ours "$p" || break; sleep 0.1; done
      ours "$p" && kill -QUIT "$p"
    fi
    sleep 0.5; rm -rf "$DIR"`;
  const child = spawn('bash', ['-c', script], {
    detached: true,
    stdio: 'ignore',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', DIR: dir, PARENT: String(process.pid) },
  });
  child.unref();
  return child;
}

/** Keeps the last 10-20 kB of a child's stderr for error messages. */
function tail(child: ChildProcess): () => string {
  let text = '';
  child.stderr?.on('data', (d: Buffer) => {
    text += d.toString();
    if (text.length > 20_000) text = text.slice(-10_000);
  });
  return () => text.trim();
}

function exitedEarly(child: ChildProcess, what: string, stderr: () => string): Promise<never> {
  const p = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`${what} exited with ${code} before it answered: ${stderr()}`))),
  );
  p.catch(() => undefined);
  return p;
}

/** Ends a child by pid: `signal`, then SIGKILL after `graceMs`. */
async function endChild(child: ChildProcess | undefined, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((done) => {
    const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(t);
      done();
    });
    child.kill(signal);
  });
}

async function startPostgres(
  dir: string,
  user: { uid: number; gid: number } | undefined,
): Promise<{ child: ChildProcess; port: number }> {
  const data = join(dir, 'data');
  execFileSync(
    join(PG_BIN, 'initdb'),
    ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '-N'],
    {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'pipe'],
      ...user,
    },
  );
  const port = await freePort();
  writeFileSync(join(data, 'postgresql.conf'), postgresqlConf(dir, port), { flag: 'a' });
  const child = spawn(join(PG_BIN, 'postgres'), ['-D', data], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'pipe'],
    ...user,
  });
  const stderr = tail(child);
  const exited = exitedEarly(child, 'PostgreSQL', stderr);
  await Promise.race([createExtension(port), exited]);
  return { child, port };
}

/** Waits until PostgreSQL takes queries, then creates DocumentDB (and what it needs). */
async function createExtension(port: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  const psql = (sql: string) =>
    execFileSync(
      join(PG_BIN, 'psql'),
      ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-qAtc', sql],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, PGCONNECT_TIMEOUT: '5' },
      },
    );
  for (;;) {
    try {
      psql('SELECT 1');
      break;
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not answer on 127.0.0.1:${port}: ${String(e)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    psql('SET client_min_messages = warning; CREATE EXTENSION documentdb CASCADE');
  } catch (e) {
    const err = (e as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`engine 2: CREATE EXTENSION documentdb failed: ${err ?? String(e)}`);
  }
}

/** Starts engine 2 on free loopback ports (see the file comment). */
export async function startEngine2(options: { log?: Log } = {}): Promise<FerretDbServer> {
  const bin = await ensureEngine2(options.log);
  const user = pgUser();
  const dir = mkdtempSync(join(tmpdir(), 'wfctl-engine2-'));
  if (user) chownSync(dir, user.uid, user.gid);
  const watchdog = startWatchdog(dir);
  let pg: ChildProcess | undefined;
  let ferret: ChildProcess | undefined;
  const port = await freePort();
  let pgPort = 0;

  const launch = async () => {
    ferret = spawn(
      bin,
      [
        `--postgresql-url=postgres://postgres@127.0.0.1:${pgPort}/postgres`,
        `--listen-addr=127.0.0.1:${port}`,
        '--no-auth',
        '--telemetry=disable',
        '--debug-addr=-',
        `--state-dir=${dir}`,
        '--log-level=error',
      ],
      { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    writeFileSync(join(dir, 'ferretdb.pid'), String(ferret.pid));
    const stderr = tail(ferret);
    await Promise.race([waitForPort(port, 30_000), exitedEarly(ferret, 'FerretDB 2', stderr)]);
  };
  const stopAll = async () => {
    await endChild(ferret, 'SIGTERM', 5000);
    await endChild(pg, 'SIGINT', 10_000); // SIGINT: PostgreSQL's fast shutdown
    watchdog.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const started = await startPostgres(dir, user);
    pg = started.child;
    pgPort = started.port;
    await launch();
  } catch (e) {
    await stopAll();
    throw e;
  }
  return {
    uri: `mongodb://127.0.0.1:${port}/`,
    port,
    dataDir: dir,
    pid: () => ferret?.pid,
    stop: stopAll,
    async restart() {
      await endChild(ferret, 'SIGTERM', 5000);
      await launch();
    },
  };
}
