/**
 * `stats errors` on FerretDB 2.5 (PostgreSQL with DocumentDB, real indexes):
 * grouped on the server (WFCTL_PIPELINES=server) and streamed to the client
 * (=client), beside a DBA's pipeline in plain driver code
 * (bench/attempt-groups-baseline.mjs), in the same run, as separate
 * processes: wall time, client CPU, bytes received from the server, peak RSS.
 * Small scale: a fresh engine 2 seeded each run.
 *
 *   npm run bench -- attempt-groups [--attempts 200000] [--runs 3]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { connect } from '../src/data/core/index.js';
import { startEngine2 } from '../test/support/ferretdb2.js';
import {
  benchArgs,
  BIN,
  fmtCpu,
  fmtMb,
  fmtMs,
  measureNode,
  printResults,
  repeat,
  ROOT,
  type ProcessFigure,
  type ResultRow,
} from './support.js';

const args = benchArgs();
const total = Math.min(Number(args.attempts ?? 200_000), 500_000);
const runs = Number(args.runs ?? 3);
const NOW = '2025-06-30T00:00:00.000Z';
const DAY = 86_400_000;
const BASELINE = resolve(ROOT, 'bench/attempt-groups-baseline.mjs');
const NET = pathToFileURL(resolve(ROOT, 'bench/net-bytes-reporter.mjs')).href;
const WF = 'wf-busy';

/** A process measured with the bytes its sockets received. */
async function measured(script: string[], env: Record<string, string>): Promise<ProcessFigure & { netBytes: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'wfctl-bench-net-'));
  const file = join(dir, 'net');
  try {
    const fig = await measureNode(['--import', NET, ...script], { ...env, WFCTL_BENCH_NET_FILE: file });
    if (fig.code !== 0) throw new Error(`${script.join(' ')} exited ${fig.code}: ${fig.stderr}`);
    return { ...fig, netBytes: Number(readFileSync(file, 'utf8')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const server = await startEngine2();
try {
  const dbName = 'bench_attempt_groups';
  const ds = await connect({ uri: server.uri, dbName, timeoutMs: 10_000, maxTimeMs: 3_600_000 });
  const t0 = performance.now();
  await ds.workflows.insertOne({ id: WF, name: 'Busy', enabled: true, actions: [] } as never);
  const errors = ['Timeout after 3021ms for order 17', 'Card 4242 declined', 'connection refused 10.0.0.1:5432'];
  for (let done = 0; done < total;) {
    const batch = [];
    for (let i = 0; i < 20_000 && done < total; i++, done++) {
      const ok = done % 5 !== 0;
      batch.push({
        // three quarters for the busy workflow, the rest spread over others
        workflow_id: done % 4 === 0 ? `wf-${done % 97}` : WF,
        execution_id: `e${Math.floor(done / 3)}`,
        action_name: `action-${done % 6}`,
        attempt: 1 + (done % 3),
        success: ok,
        error: ok ? null : errors[done % 3]!.replace('17', String(done % 50)),
        timestamp: new Date(Date.parse(NOW) - ((done * 7919) % (60 * DAY))),
        strategy: 'exponential',
      });
    }
    await ds.db.collection('workflow_action_attempts').insertMany(batch);
  }
  await ds.attempts.createIndex({ workflow_id: 1, timestamp: -1 });
  await ds.close();
  process.stderr.write(`bench: seeded ${total} attempts in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);

  const env = { WFCTL_MONGODB_URI: server.uri, WFCTL_DB: dbName, WFCTL_NOW: NOW, NO_COLOR: '1' };
  const stats = ['stats', 'errors', WF, '--days', '30', '--json'];
  const base = await repeat(runs, () => measured([BASELINE, server.uri, dbName, NOW, WF, '30'], env));
  const grouped = await repeat(runs, () => measured([BIN, ...stats], { ...env, WFCTL_PIPELINES: 'server' }));
  const streamed = await repeat(runs, () => measured([BIN, ...stats], { ...env, WFCTL_PIPELINES: 'client' }));
  const rows: ResultRow[] = [];
  for (const [name, fig] of [
    ['server groups', grouped],
    ['client stream', streamed],
  ] as const) {
    const f = fig as ProcessFigure & { netBytes: number };
    const b = base as ProcessFigure & { netBytes: number };
    rows.push(
      { name: `${name}: time`, wfctl: fmtMs(f.ms), baseline: fmtMs(b.ms), ratio: f.ms / b.ms },
      {
        name: `${name}: client CPU`,
        wfctl: fmtCpu(f.cpuSeconds),
        baseline: fmtCpu(b.cpuSeconds),
        ratio: f.cpuSeconds / b.cpuSeconds,
      },
      {
        name: `${name}: bytes received`,
        wfctl: `${(f.netBytes / 1024).toFixed(0)} KiB`,
        baseline: `${(b.netBytes / 1024).toFixed(0)} KiB`,
        ratio: f.netBytes / b.netBytes,
      },
      {
        name: `${name}: peak RSS`,
        wfctl: fmtMb(f.peakRssMb),
        baseline: fmtMb(b.peakRssMb),
        ratio: f.peakRssMb / b.peakRssMb,
      },
    );
  }
  printResults(`stats errors ${WF} --days 30 on FerretDB 2.5, ${total} attempts (median of ${runs})`, rows);
} finally {
  await server.stop();
}
