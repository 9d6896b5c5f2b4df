/**
 * `audit erase` of one subject with 10,000 records among 1,000,000, against a raw driver loop that
 * does the least an erasure must: read the subject's records by `user_id` and rewrite their user id,
 * address and agent with the HMAC pseudonym, in bulk writes of 500 single-document updates. Client
 * CPU (user + system of each process) and wall time, medians of --runs alternating runs; between
 * runs the subject's records are put back (not measured). It also prints the server's plan for the
 * erasure's query: on MongoDB an IXSCAN of {user_id: 1, timestamp: -1} (keys and documents examined
 * equal to the subject's records); FerretDB scans whatever the index (docs/DEVELOPING.md).
 *
 * Flags: --records N (default 1,000,000), --subject-records N (default 10,000), --runs N (default 3).
 * WFCTL_BENCH_MONGODB_URI runs it on a MongoDB; --engine ferretdb2 on engine 2 (real indexes).
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ObjectId } from 'mongodb';
import { type DataSource } from '../src/data/core/index.js';
import { applyIndexes } from '../src/data/db/index.js';
import {
  benchArgs,
  ensureDataset,
  fmtCpu,
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
const S = Number(args['subject-records'] ?? 10_000);
const RUNS = Number(args.runs ?? 3);
const DB = `bench_erase_${N}_${S}`;
const SUBJECT = 'subject-0001';
const IP = '198.51.100.23';
const AGENT = 'SubjectBrowser/1.0';
const START = Date.UTC(2025, 0, 1);
const every = Math.floor(N / S);

const server = await startBenchServer();
const work = mkdtempSync(join(tmpdir(), 'wfctl-bench-erase-'));
let ds: DataSource | undefined;
try {
  ds = await ensureDataset(server.uri, DB, `erase-v1:${N}:${S}`, async (d) => {
    for (let i = 0; i < N; i += 10_000) {
      const docs = [];
      for (let j = i; j < Math.min(N, i + 10_000); j++) {
        const mine = j % every === 0 && j / every < S;
        docs.push({
          _id: new ObjectId(),
          event_type: ['workflow_executed', 'action_executed', 'trigger_fired', 'workflow_updated'][j % 4]!,
          workflow_id: `wf-${(j * 7) % 200}`,
          user_id: mine ? SUBJECT : `user-${(j * 13) % 500}`,
          details: { execution_id: `exec-${j}`, duration_ms: (j * 37) % 5000 },
          metadata: mine ? { ip_address: IP, user_agent: AGENT } : { source: 'backend' },
          timestamp: new Date(START + j * 1000),
          ip_address: mine ? IP : `10.${j % 256}.${(j >> 8) % 256}.1`,
          user_agent: mine ? AGENT : 'workflow-backend/2.4.1',
        });
      }
      await d.audit.insertMany(docs, { ordered: false });
    }
  });
  await applyIndexes(ds);
  const keyFile = join(work, 'pseudonym.key');
  writeFileSync(keyFile, '3f1c5a7e9b2d4f608a1c3e5g7i9k1m3o\n');
  chmodSync(keyFile, 0o600);
  const env = {
    WFCTL_MONGODB_URI: server.uri,
    WFCTL_DB: DB,
    WFCTL_USER: 'bench',
    NO_COLOR: '1',
    WFCTL_PSEUDONYM_KEY_FILE: keyFile,
  };
  const mongodb = JSON.stringify(resolve(ROOT, 'node_modules/mongodb/lib/index.js'));
  const rawScript = join(work, 'raw-erase.mjs');
  writeFileSync(
    rawScript,
    `import { MongoClient } from ${mongodb};
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
const [uri, db, subject, keyFile] = process.argv.slice(2);
const key = readFileSync(keyFile).subarray(0, -1);
const p = (v) => 'hmac-sha256:' + createHmac('sha256', key).update(v).digest('hex');
const client = await MongoClient.connect(uri);
const coll = client.db(db).collection('workflow_audit_logs');
let ops = [];
const flush = async () => { if (ops.length) await coll.bulkWrite(ops, { ordered: false }); ops = []; };
for await (const d of coll.find({ user_id: subject }).batchSize(500)) {
  const set = { user_id: p(d.user_id) };
  if (typeof d.ip_address === 'string') set.ip_address = p(d.ip_address);
  if (typeof d.user_agent === 'string') set.user_agent = p(d.user_agent);
  if (d.metadata) set.metadata = { ...d.metadata, ip_address: p(d.metadata.ip_address), user_agent: p(d.metadata.user_agent) };
  ops.push({ updateOne: { filter: { _id: d._id }, update: { $set: set } } });
  if (ops.length === 500) await flush();
}
await flush();
await client.close();
`,
  );
  const restore = async () => {
    const pseudonymised = { user_id: { $regex: '^hmac-sha256:' } };
    await ds!.audit.updateMany(pseudonymised, {
      $set: { user_id: SUBJECT, ip_address: IP, user_agent: AGENT, metadata: { ip_address: IP, user_agent: AGENT } },
    });
    await ds!.audit.deleteMany({ event_type: 'audit_erased' });
  };
  await restore();
  const plan = await ds.audit.find({ user_id: SUBJECT }).explain('executionStats');
  const winning = JSON.stringify(plan.queryPlanner?.winningPlan ?? plan.queryPlanner ?? plan);
  const stats = plan.executionStats as { totalKeysExamined?: number; totalDocsExamined?: number } | undefined;
  // MongoDB names the index `indexName`; FerretDB 2 passes PostgreSQL's plan through (`Index Name`)
  const index =
    /"indexName":"([^"]+)"/.exec(winning)?.[1] ?? /"Index Name":"([^"]+)"/.exec(JSON.stringify(plan))?.[1] ?? null;
  process.stdout.write(
    `\nerasure's query {user_id: subject}: ${index ? `index ${index}` : 'no index in the plan (a scan)'}${stats?.totalDocsExamined !== undefined ? `, keys examined ${stats.totalKeysExamined}, documents examined ${stats.totalDocsExamined} for ${S} records` : ''}\n`,
  );

  const raw: ProcessFigure[] = [];
  const erase: ProcessFigure[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await measureNode([rawScript, server.uri, DB, SUBJECT, keyFile]);
    if (r.code !== 0) throw new Error(`raw erase failed: ${r.stderr}`);
    raw.push(r);
    await restore();
    const e = await measureWfctl(['audit', 'erase', '--subject', SUBJECT, '--reason', 'bench', '--yes', '--json'], env);
    if (e.code !== 0) throw new Error(`erase failed: ${e.stderr}`);
    erase.push(e);
    await restore();
    process.stderr.write(
      `bench: run ${i + 1}: raw ${fmtCpu(r.cpuSeconds)} ${fmtMs(r.ms)}; erase ${fmtCpu(e.cpuSeconds)} ${fmtMs(e.ms)}\n`,
    );
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const title = `audit erase of ${S.toLocaleString('en-US')} records among ${N.toLocaleString('en-US')} (medians of ${RUNS} alternating runs)`;
  printResults(title, [
    {
      name: 'client CPU (user + system)',
      wfctl: fmtCpu(median(erase.map((f) => f.cpuSeconds))),
      baseline: `raw driver loop ${fmtCpu(median(raw.map((f) => f.cpuSeconds)))}`,
      ratio: median(erase.map((f) => f.cpuSeconds)) / median(raw.map((f) => f.cpuSeconds)),
    },
    {
      name: 'wall time',
      wfctl: fmtMs(median(erase.map((f) => f.ms))),
      baseline: `raw driver loop ${fmtMs(median(raw.map((f) => f.ms)))}`,
      ratio: median(erase.map((f) => f.ms)) / median(raw.map((f) => f.ms)),
    },
  ]);
} finally {
  await ds?.close();
  await server.stop();
  rmSync(work, { recursive: true, force: true });
}
