/**
 * Versions: create and rollback on a workflow with 10 and with 10,000
 * versions (the cost must not grow with history: wfctl reads the highest
 * version and the target only), and compare of two 1 MB workflows beside
 * JSON.stringify + diffLines on the same pair, all in the same run.
 *
 * History length is measured two ways:
 *  - same collection: both workflows live in one workflow_versions of
 *    10,010 documents, so only the workflow's own history differs;
 *  - own database each: on MongoDB the unique index makes these equal too;
 *    FerretDB 1.24 (SQLite) evaluates every filter but a lone _id by scanning
 *    the collection, so there the figures grow with the collection's size.
 * A "read the whole history" row shows what a history-proportional design
 * would pay. Flags: --runs N (default 1), --versions N (default 10000).
 * On FerretDB the whole file takes about 6 minutes (every query there scans).
 */
import { diffLines } from 'diff';
import { compareWorkflowData } from '../src/data/versions/index.js';
import { connect, type DataSource } from '../src/data/core/index.js';
import { rollbackWorkflow } from '../src/data/versions/index.js';
import { computeVersionDiff } from '../src/data/versions/index.js';
import { ensureVersionIndex, writeVersion } from '../src/data/versions/index.js';
import { applyIndexes } from '../src/data/db/index.js';
import { benchArgs, fmtMs, printResults, startBenchServer, timeIt, type ResultRow } from './support.js';

const args = benchArgs();
const RUNS = Number(args.runs ?? 1); // one run at 10,000 versions takes minutes on FerretDB
const LONG = Number(args.versions ?? 10_000);
const actor = { user: 'bench', host: 'bench-host', userAgent: 'wfctl/bench' };

function state(id: string, revision: number): Record<string, unknown> {
  return {
    id,
    name: `Bench ${id}`,
    enabled: true,
    trigger: { type: 'schedule', cron: '*/5 * * * *' },
    actions: Array.from({ length: 12 }, (_, i) => ({
      name: `step-${i}`,
      type: 'http_request',
      config: { url: `https://api.example.com/${i}`, body: 'b'.repeat(80) },
      retry: { strategy: 'exponential', max_retries: 3, delay_seconds: 2 },
    })),
    revision,
  };
}

async function seed(ds: DataSource, id: string, n: number): Promise<void> {
  const batch = 1000;
  let prev: Record<string, unknown> | null = null;
  for (let i = 0; i < n; i += batch) {
    const docs = [];
    for (let v = i + 1; v <= Math.min(n, i + batch); v++) {
      const data = state(id, v);
      docs.push({
        workflow_id: id,
        version_number: v,
        workflow_data: data,
        change_description: `change ${v}`,
        changed_by: 'seed',
        changed_at: new Date(Date.now() - (n - v) * 60_000),
        diff: computeVersionDiff(prev, data) as Record<string, unknown>,
        is_current: v === n,
      });
      prev = data;
    }
    await ds.versions.insertMany(docs);
  }
  await ds.workflows.insertOne({ ...state(id, n), current_version: n, updated_at: new Date() } as never);
}

async function freshDb(uri: string, name: string): Promise<DataSource> {
  const ds = await connect({ uri, dbName: name, timeoutMs: 10_000, maxTimeMs: 3_600_000 });
  await ds.db.dropDatabase();
  return ds;
}

/** Median times of create and rollback on one workflow. */
async function measureWrites(
  ds: DataSource,
  id: string,
): Promise<{ create: number; rollback: number; fullRead: number }> {
  let k = 0;
  const create = await timeIt(RUNS, () =>
    writeVersion(ds, { workflowId: id, data: state(id, 1_000_000 + k++), description: 'bench', actor }),
  );
  let to = 1;
  const rollback = await timeIt(RUNS, async () => {
    to = to === 1 ? 2 : 1;
    const r = await rollbackWorkflow(ds, { workflowId: id, to, reason: 'bench', actor });
    if (r.status !== 'created') throw new Error(`rollback did not write: ${r.unchangedReason}`);
  });
  // what reading the whole history costs, for comparison
  const fullRead = await timeIt(1, () => ds.versions.find({ workflow_id: id }).toArray());
  return { create, rollback, fullRead };
}

const server = await startBenchServer();
try {
  const rows: ResultRow[] = [];
  process.stderr.write(`bench: seeding workflows with 10 and ${LONG} versions...\n`);

  // same collection: both workflows in one database
  const shared = await freshDb(server.uri, 'bench_versions_shared');
  await seed(shared, 'wf-short', 10);
  await seed(shared, 'wf-long', LONG);
  await applyIndexes(shared);
  await ensureVersionIndex(shared);
  const sShort = await measureWrites(shared, 'wf-short');
  const sLong = await measureWrites(shared, 'wf-long');
  rows.push(
    {
      name: `create, ${LONG} vs 10 versions (same collection)`,
      wfctl: fmtMs(sLong.create),
      baseline: fmtMs(sShort.create),
      ratio: sLong.create / sShort.create,
      target: 'close to 1',
    },
    {
      name: `rollback, ${LONG} vs 10 versions (same collection)`,
      wfctl: fmtMs(sLong.rollback),
      baseline: fmtMs(sShort.rollback),
      ratio: sLong.rollback / sShort.rollback,
      target: 'close to 1',
    },
  );
  await shared.db.dropDatabase();
  await shared.close();

  // each workflow in its own database
  const dbShort = await freshDb(server.uri, 'bench_versions_10');
  const dbLong = await freshDb(server.uri, 'bench_versions_long');
  await seed(dbShort, 'wf-short', 10);
  await seed(dbLong, 'wf-long', LONG);
  for (const d of [dbShort, dbLong]) {
    await applyIndexes(d);
    await ensureVersionIndex(d);
  }
  const oShort = await measureWrites(dbShort, 'wf-short');
  const oLong = await measureWrites(dbLong, 'wf-long');
  rows.push(
    {
      name: `create, ${LONG} vs 10 versions (own database)`,
      wfctl: fmtMs(oLong.create),
      baseline: fmtMs(oShort.create),
      ratio: oLong.create / oShort.create,
      target: 'close to 1 (MongoDB)',
    },
    {
      name: `rollback, ${LONG} vs 10 versions (own database)`,
      wfctl: fmtMs(oLong.rollback),
      baseline: fmtMs(oShort.rollback),
      ratio: oLong.rollback / oShort.rollback,
      target: 'close to 1 (MongoDB)',
    },
    {
      name: `reading all ${LONG} versions once (not done by wfctl)`,
      wfctl: fmtMs(oLong.fullRead),
      baseline: fmtMs(oLong.rollback),
      ratio: oLong.fullRead / oLong.rollback,
      target: 'for scale',
    },
  );
  for (const d of [dbShort, dbLong]) {
    await d.db.dropDatabase();
    await d.close();
  }

  // compare of two 1 MB workflows
  const big = (variant: number) => {
    const actions = Array.from({ length: 2000 }, (_, i) => ({
      name: `step-${i}`,
      type: 'http_request',
      config: { url: `https://api.example.com/items/${i}`, body: `${'x'.repeat(400)}${i}` },
    }));
    if (variant === 2) {
      actions[1000]!.config.url = 'https://api.example.com/changed';
      const [moved] = actions.splice(5, 1);
      actions.splice(1500, 0, moved!);
      actions.push({ name: 'step-new', type: 'send_email', config: { url: 'mailto:ops@example.com', body: 'done' } });
    }
    return { id: 'wf-big', name: 'Big', actions };
  };
  const a = big(1);
  const b = big(2);
  const mb = (JSON.stringify(a).length / 1_000_000).toFixed(2);
  const baseline = await timeIt(Math.max(RUNS, 5), async () =>
    diffLines(JSON.stringify(a, null, 2), JSON.stringify(b, null, 2)),
  );
  const wfctl = await timeIt(Math.max(RUNS, 5), async () => compareWorkflowData(a, b, { context: 3 }));
  rows.push({
    name: `compare two ${mb} MB workflows (summary + diff) vs stringify+diffLines`,
    wfctl: fmtMs(wfctl),
    baseline: fmtMs(baseline),
    ratio: wfctl / baseline,
    target: 'same order',
  });
  printResults(`versions (FerretDB unless WFCTL_BENCH_MONGODB_URI; median of ${RUNS} runs)`, rows);
} finally {
  await server.stop();
}
