/**
 * Analytics, error statistics and checks on a large data set: wfctl beside
 * the hand-written raw-driver query for the same figures
 * (bench/analytics-baseline.mjs), in the same run, as separate processes:
 * wall time, client CPU seconds and peak RSS. Target: within 1.25x of the baseline's time, and
 * wfctl's memory flat as the data grows (run two scales to see it).
 *
 *   npm run bench -- analytics [--scale 1] [--scales 0.01,0.1] [--runs 1] [--engine ferretdb2]
 *
 * --engine ferretdb2 starts engine 2 (FerretDB 2.5 on PostgreSQL, built
 * already: see docs/testing.md), creates the recommended indexes, and puts
 * each runs command beside a DBA's plain pipeline (analytics-baseline.mjs
 * dba-*) and beside wfctl's own client path (WFCTL_PIPELINES=client): wall,
 * client CPU, bytes the client received (through a counting proxy) and RSS.
 *
 * --scale 1 is the size: 1,000,000 executions and about 3,000,000
 * attempts (seeded once into .cache/bench-ferretdb, reused after).
 */
import { existsSync } from 'node:fs';
import { createServer, connect as tcpConnect, type Server } from 'node:net';
import { resolve } from 'node:path';
import { applyIndexes } from '../src/data/db/index.js';
import { FERRETDB2_BIN, startEngine2 } from '../test/support/ferretdb2.js';
import { generateDataset } from '../test/support/generator.js';
import {
  benchArgs,
  ensureDataset,
  fmtCpu,
  fmtMb,
  fmtMs,
  measureNode,
  measureWfctl,
  printResults,
  repeat,
  ROOT,
  startBenchServer,
  type ProcessFigure,
  type ResultRow,
} from './support.js';

const args = benchArgs();
const scales = (args.scales ?? args.scale ?? '0.01').split(',').map(Number);
const runs = Number(args.runs ?? 1);
const NOW = '2025-06-30T00:00:00.000Z';
const BASELINE = resolve(ROOT, 'bench/analytics-baseline.mjs');

const engine2 = args.engine === 'ferretdb2';
if (engine2 && !existsSync(FERRETDB2_BIN)) throw new Error(`engine 2 is not built (${FERRETDB2_BIN})`);
const server = engine2 ? await startEngine2() : await startBenchServer();
try {
  for (const scale of scales) {
    const executions = Math.round(1_000_000 * scale);
    const dbName = `bench_analytics_${String(scale).replace('.', '_')}`;
    const spec = `analytics-backend-shapes executions=${executions} workflows=50 days=30 seed=7 now=${NOW}`;
    const ds = await ensureDataset(server.uri, dbName, spec, async (d) => {
      await generateDataset(d, {
        workflows: 50,
        days: 30,
        executions,
        seed: 7,
        now: new Date(NOW),
        onProgress: (m) => process.stderr.write(`bench: ${m}\n`),
      });
    });
    if (engine2) {
      const applied = await applyIndexes(ds);
      if (applied.failed.length > 0) throw new Error(`indexes: ${JSON.stringify(applied.failed)}`);
    }
    const counts = {
      executions: await ds.executions.estimatedDocumentCount(),
      attempts: await ds.attempts.estimatedDocumentCount(),
    };
    // the busiest workflow, so per-workflow figures are not trivially small
    const busiest = await ds.executions
      .aggregate<{ _id: string; n: number }>([{ $group: { _id: '$workflow_id', n: { $sum: 1 } } }])
      .toArray();
    const wf = busiest.sort((a, b) => b.n - a.n)[0]!._id;
    await ds.close();

    if (engine2) {
      await runsOnEngine2(server.uri, dbName, wf, `${counts.executions} executions`);
      continue;
    }
    const env = { WFCTL_MONGODB_URI: server.uri, WFCTL_DB: dbName, WFCTL_NOW: NOW, NO_COLOR: '1' };
    const cases: Array<{ name: string; wfctl: string[]; baseline: string[] }> = [
      {
        name: 'analytics overview --days 30',
        wfctl: ['analytics', 'overview', '--days', '30', '--json'],
        baseline: ['overview'],
      },
      {
        name: `analytics performance ${wf}`,
        wfctl: ['analytics', 'performance', wf, '--days', '30', '--json'],
        baseline: ['performance', wf],
      },
      {
        name: `stats errors ${wf}`,
        wfctl: ['stats', 'errors', wf, '--days', '30', '--json'],
        baseline: ['errors', wf],
      },
      {
        name: 'check success-rate --window 24h',
        wfctl: ['check', 'success-rate', '--min', '0', '--window', '24h', '--json'],
        baseline: ['success-rate'],
      },
    ];
    const rows: ResultRow[] = [];
    for (const c of cases) {
      const [what, ...rest] = c.baseline;
      const base = await repeat(runs, () => measureNode([BASELINE, what!, server.uri, dbName, NOW, ...rest]), 0);
      const mine = await repeat(runs, () => measureWfctl(c.wfctl, env), 0);
      if (mine.code !== 0)
        process.stderr.write(`bench: wfctl ${c.wfctl.join(' ')} exited ${mine.code}: ${mine.stderr}\n`);
      if (base.code !== 0) process.stderr.write(`bench: baseline ${what} exited ${base.code}: ${base.stderr}\n`);
      rows.push({
        name: `${c.name} time`,
        wfctl: fmtMs(mine.ms),
        baseline: fmtMs(base.ms),
        ratio: mine.ms / base.ms,
        target: '<= 1.25x',
      });
      rows.push({
        name: `${c.name} client CPU`,
        wfctl: fmtCpu(mine.cpuSeconds),
        baseline: fmtCpu(base.cpuSeconds),
        ratio: mine.cpuSeconds / base.cpuSeconds,
        target: 'user + system of the client',
      });
      rows.push({
        name: `${c.name} peak RSS`,
        wfctl: fmtMb(mine.peakRssMb),
        baseline: fmtMb(base.peakRssMb),
        ratio: mine.peakRssMb / base.peakRssMb,
        target: 'flat across scales',
      });
    }
    // what every process pays before it reads a record: start-up, connection, one empty query
    const emptyEnv = { ...env, WFCTL_DB: 'bench_analytics_empty' };
    const baseStart = await repeat(
      runs,
      () => measureNode([BASELINE, 'success-rate', server.uri, 'bench_analytics_empty', NOW]),
      0,
    );
    const mineStart = await repeat(
      runs,
      () => measureWfctl(['check', 'success-rate', '--min', '0', '--window', '24h', '--json'], emptyEnv),
      0,
    );
    rows.push({
      name: 'start-up: check success-rate on an empty database client CPU',
      wfctl: fmtCpu(mineStart.cpuSeconds),
      baseline: fmtCpu(baseStart.cpuSeconds),
      ratio: mineStart.cpuSeconds / baseStart.cpuSeconds,
      target: 'in every client CPU figure above',
    });
    printResults(
      `analytics at scale ${scale}: ${counts.executions} executions, ${counts.attempts} attempts (median of ${runs})`,
      rows,
    );
  }
} finally {
  await server.stop();
}

/** A TCP proxy in front of the server that counts the bytes it sends to clients. */
async function countingProxy(uri: string): Promise<{ uri: string; received: () => number; close: () => void }> {
  const m = /^mongodb:\/\/([^/:]+):(\d+)/.exec(uri);
  if (!m) throw new Error(`cannot proxy ${uri}`);
  const [, host, port] = m;
  let bytes = 0;
  const proxy: Server = createServer((client) => {
    const upstream = tcpConnect(Number(port), host!);
    upstream.on('data', (d: Buffer) => (bytes += d.length));
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => (client.destroy(), upstream.destroy());
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((done) => proxy.listen(0, '127.0.0.1', done));
  const address = proxy.address();
  const local = typeof address === 'object' && address ? address.port : 0;
  return {
    uri: uri.replace(`${host}:${port}`, `127.0.0.1:${local}`),
    received: () => bytes,
    close: () => proxy.close(),
  };
}

/** Engine 2: each runs command, its client path, and a DBA's pipeline; wall, client CPU, bytes received, RSS. */
async function runsOnEngine2(uri: string, dbName: string, wf: string, size: string): Promise<void> {
  const proxy = await countingProxy(uri);
  const measureBytes = async (f: () => Promise<ProcessFigure>) => {
    const before = proxy.received();
    const fig = await f();
    if (fig.code !== 0) process.stderr.write(`bench: exited ${fig.code}: ${fig.stderr}\n`);
    return { fig, bytes: (proxy.received() - before) / runs };
  };
  const env = (mode: string) => ({
    WFCTL_MONGODB_URI: proxy.uri,
    WFCTL_DB: dbName,
    WFCTL_NOW: NOW,
    NO_COLOR: '1',
    WFCTL_PIPELINES: mode,
  });
  const cases = [
    { name: 'analytics overview --days 30', wfctl: ['analytics', 'overview', '--days', '30'], dba: ['dba-overview'] },
    {
      name: 'analytics performance',
      wfctl: ['analytics', 'performance', wf, '--days', '30'],
      dba: ['dba-performance', wf],
    },
    {
      name: 'check success-rate --window 24h',
      wfctl: ['check', 'success-rate', '--min', '0', '--window', '24h'],
      dba: ['success-rate'],
    },
  ];
  const rows: ResultRow[] = [];
  for (const c of cases) {
    const [what, ...rest] = c.dba;
    const dba = await measureBytes(() =>
      repeat(runs, () => measureNode([BASELINE, what!, proxy.uri, dbName, NOW, ...rest]), 0),
    );
    const server = await measureBytes(() => repeat(runs, () => measureWfctl([...c.wfctl, '--json'], env('auto')), 0));
    const client = await measureBytes(() => repeat(runs, () => measureWfctl([...c.wfctl, '--json'], env('client')), 0));
    for (const [label, mine] of [
      ['', server],
      [' (client path)', client],
    ] as const) {
      rows.push(
        {
          name: `${c.name}${label} time`,
          wfctl: fmtMs(mine.fig.ms),
          baseline: fmtMs(dba.fig.ms),
          ratio: mine.fig.ms / dba.fig.ms,
        },
        {
          name: `${c.name}${label} client CPU`,
          wfctl: fmtCpu(mine.fig.cpuSeconds),
          baseline: fmtCpu(dba.fig.cpuSeconds),
          ratio: mine.fig.cpuSeconds / dba.fig.cpuSeconds,
        },
        {
          name: `${c.name}${label} bytes received`,
          wfctl: fmtKb(mine.bytes),
          baseline: fmtKb(dba.bytes),
          ratio: mine.bytes / dba.bytes,
        },
        {
          name: `${c.name}${label} peak RSS`,
          wfctl: fmtMb(mine.fig.peakRssMb),
          baseline: fmtMb(dba.fig.peakRssMb),
          ratio: mine.fig.peakRssMb / dba.fig.peakRssMb,
        },
      );
    }
  }
  proxy.close();
  printResults(
    `runs on engine 2 (FerretDB 2.5, indexes created), ${size}, baseline: a DBA's pipeline (median of ${runs})`,
    rows,
  );
}

function fmtKb(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} KiB`;
}
