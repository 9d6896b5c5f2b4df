/**
 * `audit archive --delete` against what it is built from: `audit export` of the
 * same records plus the deletes (a raw driver loop that deletes the same
 * `_id`s in batches of 5,000, as the archive does). Target: the archive's
 * client CPU (user + system of its process) within 1.2x of export + deletes.
 * The machine is shared, so runs alternate (baseline, archive, baseline, ...)
 * and the medians of --runs each are compared; between runs the deleted
 * records are put back from the archive file (not measured).
 *
 * Wall time is printed beside it (on FerretDB 1.24 the server's work, not the
 * client's, decides it: every `$in` batch is a collection scan there).
 *
 * Flags: --records N (default 1,000,000), --runs N (default 3).
 */
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { BSON, ObjectId } from 'mongodb';
import { type DataSource } from '../src/data/core/index.js';
import { applyIndexes } from '../src/data/db/index.js';
import {
  benchArgs,
  ensureDataset,
  fmtCpu,
  fmtMb,
  fmtMs,
  measureNode,
  measureWfctl,
  printResults,
  ROOT,
  startBenchServer,
  type ProcessFigure,
} from './support.js';

const args = benchArgs();
const N = Number(args.records ?? 1_000_000);
const RUNS = Number(args.runs ?? 3);
const DB = `bench_archive_${N}`;
const START = Date.UTC(2025, 0, 1);
const step = (30 * 86_400_000) / N;
const at = (i: number) => new Date(START + Math.floor(i * step));
// every record is older than BEFORE; nothing newer is needed for the CPU comparison
const BEFORE = new Date(START + 31 * 86_400_000).toISOString();

const server = await startBenchServer();
const work = mkdtempSync(join(tmpdir(), 'wfctl-bench-archive-'));
let ds: DataSource | undefined;
try {
  ds = await ensureDataset(server.uri, DB, `archive-v2:${N}`, async (d) => {
    for (let i = 0; i < N; i += 10_000) {
      const docs = [];
      for (let j = i; j < Math.min(N, i + 10_000); j++)
        docs.push({
          _id: new ObjectId(),
          event_type: ['workflow_executed', 'action_executed', 'trigger_fired', 'workflow_updated'][j % 4]!,
          workflow_id: `wf-${(j * 7) % 200}`,
          user_id: `user-${(j * 13) % 500}`,
          details: { execution_id: `exec-${j}`, duration_ms: (j * 37) % 5000 },
          metadata: { source: 'backend' },
          timestamp: at(j),
          ip_address: `10.${j % 256}.${(j >> 8) % 256}.1`,
          user_agent: 'workflow-backend/2.4.1',
        });
      await d.audit.insertMany(docs, { ordered: false });
    }
  });
  await applyIndexes(ds);
  const env = { WFCTL_MONGODB_URI: server.uri, WFCTL_DB: DB, WFCTL_USER: 'bench', NO_COLOR: '1' };

  // the deletes of the baseline: the exported file's _ids, deleted in batches of 5,000 with the range condition
  const deleteScript = join(work, 'raw-delete.mjs');
  writeFileSync(
    deleteScript,
    `import { MongoClient, ObjectId } from ${JSON.stringify(resolve(ROOT, 'node_modules/mongodb/lib/index.js'))};
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
const [uri, db, file, before] = process.argv.slice(2);
const client = await MongoClient.connect(uri);
const coll = client.db(db).collection('workflow_audit_logs');
let batch = [];
const flush = async () => { await coll.deleteMany({ _id: { $in: batch }, timestamp: { $lt: new Date(before) } }); batch = []; };
for await (const line of createInterface({ input: createReadStream(file) })) {
  batch.push(new ObjectId(/"\\$oid":"([0-9a-f]{24})"/.exec(line)[1]));
  if (batch.length === 5000) await flush();
}
if (batch.length) await flush();
await client.close();
`,
  );

  const restore = async (file: string) => {
    let docs: Record<string, unknown>[] = [];
    const put = async () => {
      if (docs.length) await ds!.audit.insertMany(docs as never[], { ordered: false });
      docs = [];
    };
    for await (const line of createInterface({ input: createReadStream(file) })) {
      const d = BSON.EJSON.parse(line, { relaxed: false }) as Record<string, unknown>;
      delete d._seq;
      delete d._chain;
      docs.push(d);
      if (docs.length === 10_000) await put();
    }
    await put();
    await ds!.audit.deleteMany({ event_type: { $in: ['audit_exported', 'audit_archived'] } });
  };

  const base: ProcessFigure[] = [];
  const exportOnly: ProcessFigure[] = [];
  const archive: ProcessFigure[] = [];
  for (let i = 0; i < RUNS; i++) {
    const f1 = join(work, `export-${i}.ndjson`);
    const e = await measureWfctl(['audit', 'export', '--until', BEFORE, '--settle', '0', '-o', f1], env);
    if (e.code !== 0) throw new Error(`export failed: ${e.stderr}`);
    const d = await measureNode([deleteScript, server.uri, DB, f1, BEFORE]);
    if (d.code !== 0) throw new Error(`raw deletes failed: ${d.stderr}`);
    exportOnly.push(e);
    base.push({ ...e, cpuSeconds: e.cpuSeconds + d.cpuSeconds, ms: e.ms + d.ms });
    await restore(f1);
    rmSync(f1, { force: true });

    const f2 = join(work, `archive-${i}.ndjson`);
    const a = await measureWfctl(['audit', 'archive', '--before', BEFORE, '-o', f2, '--delete'], env);
    if (a.code !== 0) throw new Error(`archive failed: ${a.stderr}`);
    archive.push(a);
    await restore(f2);
    for (const suffix of ['', '.manifest.json', '.archive.json']) rmSync(f2 + suffix, { force: true });
    process.stderr.write(
      `bench: run ${i + 1}: export ${fmtCpu(e.cpuSeconds)} + deletes ${fmtCpu(d.cpuSeconds)}; archive ${fmtCpu(a.cpuSeconds)}\n`,
    );
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const baseCpu = median(base.map((f) => f.cpuSeconds));
  const archiveCpu = median(archive.map((f) => f.cpuSeconds));
  printResults(`audit archive --delete, ${N.toLocaleString('en-US')} records (medians of ${RUNS} alternating runs)`, [
    {
      name: 'client CPU (user + system)',
      wfctl: fmtCpu(archiveCpu),
      baseline: `export ${fmtCpu(median(exportOnly.map((f) => f.cpuSeconds)))} + deletes = ${fmtCpu(baseCpu)}`,
      ratio: archiveCpu / baseCpu,
      target: '<= 1.2x',
    },
    {
      name: 'wall time',
      wfctl: fmtMs(median(archive.map((f) => f.ms))),
      baseline: `export + deletes = ${fmtMs(median(base.map((f) => f.ms)))}`,
      ratio: median(archive.map((f) => f.ms)) / median(base.map((f) => f.ms)),
    },
    {
      name: 'peak RSS',
      wfctl: fmtMb(Math.max(...archive.map((f) => f.peakRssMb))),
      baseline: `export ${fmtMb(Math.max(...exportOnly.map((f) => f.peakRssMb)))}`,
      ratio: Math.max(...archive.map((f) => f.peakRssMb)) / Math.max(...exportOnly.map((f) => f.peakRssMb)),
    },
  ]);
} finally {
  await ds?.close();
  await server.stop();
  rmSync(work, { recursive: true, force: true });
}
