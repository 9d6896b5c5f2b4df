/**
 * A real MongoDB wire-protocol server for tests and the demo: FerretDB 1.24.2
 * with its SQLite backend, built from the Go module proxy on first use into
 * .cache/ (ignored by git) and reused after that.
 *
 * Why not plain `go install`: a binary built that way panics at start-up
 * ("Invalid build/version/version.txt"), because the module zip carries no
 * version.txt. So we download the module with `go mod download`, copy it,
 * write the version file its build expects, and `go build` its cmd/ferretdb.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FERRETDB_VERSION = 'v1.24.2';
const MODULE = 'github.com/FerretDB/FerretDB';
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const FERRETDB_BIN = join(ROOT, '.cache', 'ferretdb', FERRETDB_VERSION, 'ferretdb');

/** Builds FerretDB once; later calls return at once. Safe when two runs race. */
export function ensureFerretDb(log: (msg: string) => void = (m) => process.stderr.write(`${m}\n`)): string {
  return buildFerretDb({ module: MODULE, version: FERRETDB_VERSION, bin: FERRETDB_BIN, env: {}, log });
}

/**
 * `go build`s a FerretDB module version into `bin` unless it is there: the
 * module from the proxy, copied, with the version file its build expects.
 */
export function buildFerretDb(opts: {
  module: string;
  version: string;
  bin: string;
  /** extra environment for `go` (e.g. GOTOOLCHAIN) */
  env: Record<string, string>;
  log: (msg: string) => void;
}): string {
  const { module, version, bin, log } = opts;
  if (existsSync(bin)) return bin;
  log(`Building FerretDB ${version} from the Go module proxy (first run only, a minute or more)...`);
  const t0 = Date.now();
  const env = { ...process.env, ...opts.env };
  const downloaded = JSON.parse(
    execFileSync('go', ['mod', 'download', '-json', `${module}@${version}`], {
      encoding: 'utf8',
      maxBuffer: 16 << 20,
      env,
    }),
  ) as { Dir?: string; Error?: string };
  if (!downloaded.Dir) throw new Error(`go mod download failed: ${downloaded.Error ?? 'no directory'}`);
  const work = mkdtempSync(join(tmpdir(), 'wfctl-ferretdb-src-'));
  try {
    const src = join(work, 'src');
    cpSync(downloaded.Dir, src, { recursive: true });
    chmodTree(src);
    writeFileSync(join(src, 'build', 'version', 'version.txt'), `${version}\n`);
    const out = join(work, 'ferretdb');
    execFileSync('go', ['build', '-o', out, './cmd/ferretdb'], {
      cwd: src,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...env, CGO_ENABLED: process.env.CGO_ENABLED ?? '0', GOFLAGS: '-mod=mod' },
    });
    mkdirSync(dirname(bin), { recursive: true });
    renameSync(out, bin); // atomic: a racing build simply replaces it with an equal binary
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  log(`FerretDB ${version} built in ${((Date.now() - t0) / 1000).toFixed(1)}s: ${bin}`);
  return bin;
}

function chmodTree(dir: string): void {
  // the module cache is read-only; the copy must be writable
  execFileSync('chmod', ['-R', 'u+w', dir]);
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

export interface FerretDbServer {
  uri: string;
  port: number;
  dataDir: string;
  /** Stops the server (SIGTERM, then SIGKILL after 5 s). */
  stop(): Promise<void>;
  /** Stops and starts it again on the same port and data: for restart tests. */
  restart(): Promise<void>;
  /** The server process's id while it runs (benchmarks read its CPU time). */
  pid(): number | undefined;
}

/** The first user of a server started with `auth`: SCRAM, in the `admin` database. */
export interface FerretDbAdmin {
  user: string;
  password: string;
}

export async function startFerretDb(
  options: {
    dataDir?: string;
    port?: number;
    quiet?: boolean;
    /**
     * Start with FerretDB 1.24's SCRAM authentication (`--test-enable-new-auth`)
     * and this first user in `admin`. Users made with createUser work there;
     * roles do not (createRole is refused, every user may do everything).
     */
    auth?: FerretDbAdmin;
  } = {},
): Promise<FerretDbServer> {
  const bin = ensureFerretDb();
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'wfctl-ferretdb-'));
  const ownsDir = options.dataDir === undefined;
  const port = options.port ?? (await freePort());
  let child: ChildProcess | undefined;

  const launch = async () => {
    child = spawn(
      bin,
      [
        '--handler=sqlite',
        `--sqlite-url=file:${dataDir}/`,
        `--state-dir=${dataDir}`,
        `--listen-addr=127.0.0.1:${port}`,
        '--telemetry=disable',
        '--debug-addr=-',
        '--log-level=error',
        ...(options.auth
          ? [
              '--test-enable-new-auth',
              '--setup-database=admin',
              `--setup-username=${options.auth.user}`,
              `--setup-password=${options.auth.password}`,
            ]
          : []),
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (stderr.length > 20_000) stderr = stderr.slice(-10_000);
    });
    const exited = new Promise<never>((_, reject) =>
      child!.once('exit', (code) =>
        reject(new Error(`FerretDB exited with ${code} before it answered: ${stderr.trim()}`)),
      ),
    );
    exited.catch(() => undefined);
    await Promise.race([waitForPort(port, 30_000), exited]);
  };

  const stop = async () => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((done) => {
      const t = setTimeout(() => c.kill('SIGKILL'), 5000);
      c.once('exit', () => {
        clearTimeout(t);
        done();
      });
      c.kill('SIGTERM');
    });
  };

  await launch();
  return {
    uri: `mongodb://127.0.0.1:${port}/`,
    port,
    dataDir,
    pid: () => child?.pid,
    async stop() {
      await stop();
      if (ownsDir) rmSync(dataDir, { recursive: true, force: true });
    },
    async restart() {
      await stop();
      await launch();
    },
  };
}

export async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((done) => {
      const sock = createConnection({ host: '127.0.0.1', port });
      sock.once('connect', () => {
        sock.destroy();
        done(true);
      });
      sock.once('error', () => done(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`FerretDB did not listen on 127.0.0.1:${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
