/**
 * Shared pieces of the benchmarks: a server whose seeded data survives between
 * runs, process measurement (wall time and peak RSS), and the results table.
 * Every benchmark prints wfctl's figure beside a baseline measured in the same
 * run, because machines are noisy and only ratios travel.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { connect, type DataSource } from '../src/data/core/index.js';
import { startFerretDb } from '../test/support/ferretdb.js';

export const ROOT = resolve(import.meta.dirname, '..');
export const BIN = resolve(ROOT, 'bin/wfctl.js');
const REPORTER = pathToFileURL(resolve(ROOT, 'bench/rss-reporter.mjs')).href;

/** Command-line flags of a benchmark: --name value pairs. */
export function benchArgs(): Record<string, string> {
  const out: Record<string, string> = {};
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--')) out[a.slice(2)] = argv[i + 1] && !argv[i + 1]!.startsWith('--') ? argv[++i]! : 'true';
  }
  return out;
}

export interface BenchServer {
  uri: string;
  stop(): Promise<void>;
  /**
   * CPU seconds (user + system) the server process has used so far, where it
   * can be read (a FerretDB started here, on Linux); null otherwise.
   */
  cpuSeconds(): number | null;
}

/** CPU seconds of a process from /proc/<pid>/stat (utime + stime, in clock ticks of 1/100 s). */
function processCpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // fields after the command name (which may hold spaces) start at ") "
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/**
 * WFCTL_BENCH_MONGODB_URI if set; else FerretDB with a data folder under
 * .cache/bench-ferretdb/<benchmark> that survives runs, so big data sets are
 * seeded once.
 */
export async function startBenchServer(): Promise<BenchServer> {
  const external = process.env.WFCTL_BENCH_MONGODB_URI;
  if (external) return { uri: external, stop: async () => undefined, cpuSeconds: () => null };
  // --engine ferretdb2: engine 2 (real indexes), fresh and seeded each run
  if (benchArgs().engine === 'ferretdb2') {
    const { startEngine2 } = await import('../test/support/ferretdb2.js');
    const server = await startEngine2();
    return { uri: server.uri, stop: () => server.stop(), cpuSeconds: () => null };
  }
  // one data folder per benchmark file: two FerretDB processes must never share SQLite files
  const name = basename(process.argv[1] ?? 'bench').replace(/\.bench\.[jt]s$/, '');
  const dataDir = resolve(ROOT, '.cache/bench-ferretdb', name);
  mkdirSync(dataDir, { recursive: true });
  const server = await startFerretDb({ dataDir });
  return { uri: server.uri, stop: () => server.stop(), cpuSeconds: () => processCpuSeconds(server.pid()) };
}

/**
 * Opens `dbName`, filling it with `fill` unless a previous run completed the
 * same `spec` (a marker document records it).
 */
export async function ensureDataset(
  uri: string,
  dbName: string,
  spec: string,
  fill: (ds: DataSource) => Promise<void>,
): Promise<DataSource> {
  const ds = await connect({ uri, dbName, timeoutMs: 10_000, maxTimeMs: 3_600_000 });
  const meta = ds.collection<{ _id: string; spec: string }>('_bench_meta');
  const marker = await meta.findOne({ _id: 'dataset' });
  if (marker?.spec === spec) return ds;
  process.stderr.write(`bench: seeding ${dbName} (${spec}); this happens once, later runs reuse it\n`);
  const t0 = performance.now();
  await ds.db.dropDatabase();
  await fill(ds);
  await meta.insertOne({ _id: 'dataset', spec });
  process.stderr.write(`bench: seeded ${dbName} in ${((performance.now() - t0) / 1000).toFixed(1)}s\n`);
  return ds;
}

export interface ProcessFigure {
  ms: number;
  peakRssMb: number;
  /** user + system CPU seconds of the process itself (not the server's) */
  cpuSeconds: number;
  code: number;
  stdoutBytes: number;
  stderr: string;
}

/** Runs `node <args>` with the RSS reporter loaded; wall time from spawn to exit. */
export function measureNode(args: string[], env: Record<string, string | undefined> = {}): Promise<ProcessFigure> {
  const dir = mkdtempSync(join(tmpdir(), 'wfctl-bench-'));
  const rssFile = join(dir, 'rss');
  return new Promise((done, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--import', REPORTER, ...args], {
      env: { ...process.env, ...env, WFCTL_BENCH_RSS_FILE: rssFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdoutBytes = 0;
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdoutBytes += d.length));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      let [kb, user, system] = [0, Number.NaN, Number.NaN];
      try {
        [kb, user, system] = readFileSync(rssFile, 'utf8').split(' ').map(Number) as [number, number, number];
      } catch {
        // the process died before its exit hook
      }
      rmSync(dir, { recursive: true, force: true });
      done({ ms, peakRssMb: kb / 1024, cpuSeconds: (user + system) / 1e6, code: code ?? 1, stdoutBytes, stderr });
    });
  });
}

/** wfctl itself, measured. */
export function measureWfctl(args: string[], env: Record<string, string | undefined> = {}): Promise<ProcessFigure> {
  return measureNode([BIN, ...args], env);
}

/** Runs `fn` `runs` times (after `warmup` unmeasured runs); median time, highest RSS. */
export async function repeat(runs: number, fn: () => Promise<ProcessFigure>, warmup = 1): Promise<ProcessFigure> {
  for (let i = 0; i < warmup; i++) await fn();
  const figs: ProcessFigure[] = [];
  for (let i = 0; i < runs; i++) figs.push(await fn());
  const sorted = [...figs].sort((a, b) => a.ms - b.ms);
  const mid = sorted[Math.floor(sorted.length / 2)]!;
  const cpu = figs.map((f) => f.cpuSeconds).sort((a, b) => a - b);
  return { ...mid, peakRssMb: Math.max(...figs.map((f) => f.peakRssMb)), cpuSeconds: cpu[Math.floor(cpu.length / 2)]! };
}

/** In-process timing of an async function: median of `runs`. */
export async function timeIt(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export interface ResultRow {
  name: string;
  wfctl: string;
  baseline: string;
  /** wfctl ÷ baseline for times (lower is better), or as the row explains */
  ratio: number | null;
  target?: string;
}

export function printResults(title: string, rows: ResultRow[]): void {
  const header = ['benchmark', 'wfctl', 'baseline', 'ratio', 'target'];
  const table = rows.map((r) => [
    r.name,
    r.wfctl,
    r.baseline,
    r.ratio === null ? '-' : `${r.ratio.toFixed(2)}x`,
    r.target ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  process.stdout.write(
    `\n## ${title}\n${line(header)}\n${line(widths.map((w) => '-'.repeat(w)))}\n${table.map(line).join('\n')}\n`,
  );
}

export const fmtMs = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
export const fmtMb = (mb: number) => `${mb.toFixed(0)} MB`;
export const fmtCpu = (s: number) => `${s.toFixed(2)} cpu-s`;
