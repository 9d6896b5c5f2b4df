/**
 * The runs' figures counted on the server (execution-groups.ts) and on the
 * client (the streaming scan) are the same, figure for figure, on data with
 * both document shapes, legacy string times, odd types, runs with and
 * without durations, and one group of more than 4,096 durations (buckets).
 * Where the server cannot run the pipeline, the stream is taken and
 * WFCTL_PIPELINES=server is a one-line usage error.
 */
import { Double, Int32, Long, ObjectId, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, probeServer, readRun, windowOfDays, type DataSource } from '../../../src/data/core/index.js';
import {
  analyticsOverview,
  DurationSketch,
  analyticsPerformance,
  analyticsReport,
  scanExecutions,
  checkFailures,
  checkSuccessRate,
  countExecutionsByStatus,
  countExecutionsByWorkflow,
  RUNS_BY_GROUP,
  stringDated,
} from '../../../src/data/metrics/index.js';
import { UsageError } from '../../../src/errors.js';
import { runCli } from '../../support/cli.js';
import { useTestDatabase } from '../../support/db.js';

const db = useTestDatabase('execution_groups');
const NOW = new Date('2025-06-15T12:00:00Z');
const DAY = 86_400_000;
const window = windowOfDays(7, NOW);
const WF = ['a1a1a1a1a1a1a1a1a1a1a1a1', 'b2b2b2b2b2b2b2b2b2b2b2b2', 'c3c3c3c3c3c3c3c3c3c3c3c3', 'legacy-flat'];
const BIG = WF[0]!;
const TRIGGERS = ['manual', 'scheduled', 'event', 'webhook'];

/** deterministic: the same data on every run */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function seedRuns(): Document[] {
  const rnd = random(24);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const docs: Document[] = [];
  // in the window and up to a day either side of it
  const when = () => new Date(window.from.getTime() - DAY / 2 + Math.floor(rnd() * (8 * DAY)));
  const nested = (wf: string, n: number, durationOf: () => number | null) => {
    for (let i = 0; i < n; i++) {
      const created = when();
      const d = durationOf();
      const started = new Date(created.getTime() - (d === null ? 1000 : Math.max(d, 0)));
      const status = pick(['success', 'success', 'success', 'failed', 'running', 'cancelled']);
      docs.push({
        workflow_id: wf,
        workflow_name: `name ${wf}`,
        execution: {
          workflow_id: wf,
          started_at: started,
          completed_at: d === null ? null : d < 0 ? new Date(started.getTime() + d) : created,
          status,
          actions_completed: ['a'],
          actions_failed: rnd() < 0.3 ? ['b'] : [],
          error: status === 'failed' ? `boom ${i}` : null,
          context: { trigger_type: pick(TRIGGERS) },
        },
        created_at: created,
      });
    }
  };
  // > 4,096 durations in one workflow: buckets; 1 ms sits on a bucket's edge (ln 1 = 0)
  nested(BIG, 5600, () => (rnd() < 0.02 ? 0 : rnd() < 0.02 ? 1 : Math.floor(Math.exp(rnd() * 14))));
  nested(WF[1]!, 300, () => (rnd() < 0.1 ? null : rnd() < 0.05 ? -5 : Math.floor(rnd() * 60_000)));
  nested(WF[2]!, 40, () => Math.floor(rnd() * 5000));
  // the flat shape: placed by started_at, stored duration first
  for (let i = 0; i < 120; i++) {
    const started = when();
    const kind = i % 8;
    docs.push({
      execution_id: `flat-${i}`,
      workflow_id: WF[3],
      status: pick(['success', 'failed', 'failed', 'running']),
      started_at: started,
      completed_at: new Date(started.getTime() + 700 + i),
      ...(kind === 0 ? {} : { duration_ms: [0, new Double(250), 250.0001, 1200.5, '1500', null, 99][kind - 1] }),
      trigger_type: pick(TRIGGERS),
      error: `flat error ${i}`,
    });
  }
  // legacy string times, in and out of the window, with offsets and blanks
  const texts = [
    '2025-06-10 10:00:00',
    '2025-06-10T10:00:00+02:00',
    ' 2025-06-09T20:00:00Z',
    '2025-06-08T02:00:00-12:00', // 14:00Z: inside
    '2025-06-08T11:59:59Z', // just before the window
    '2025-06-15T23:30:00+14:00', // 09:30Z the same day: inside
    '2025-06-16T00:00:00Z',
    '2024-06-10T10:00:00Z',
    'not a time',
  ];
  texts.forEach((text, i) => {
    docs.push({
      workflow_id: WF[i % 3],
      execution: {
        started_at: new Date('2025-06-10T09:00:00Z'),
        completed_at: new Date('2025-06-10T09:00:03Z'),
        status: i % 2 ? 'failed' : 'success',
        actions_failed: [],
        error: `legacy ${i}`,
        context: { trigger_type: 'event' },
      },
      created_at: text,
    });
    docs.push({
      execution_id: `flat-text-${i}`,
      workflow_id: WF[3],
      status: 'failed',
      started_at: text,
      duration_ms: 10,
    });
  });
  // odd types the client decides: a string start, an ObjectId workflow id, a number trigger, no workflow
  docs.push(
    {
      workflow_id: WF[1],
      execution: {
        started_at: '2025-06-12T10:00:00Z',
        completed_at: new Date('2025-06-12T10:00:02Z'),
        status: 'failed',
        error: 'string start',
      },
      created_at: new Date('2025-06-12T10:00:02Z'),
    },
    {
      workflow_id: new ObjectId(WF[2]),
      execution: { status: 'success', context: { trigger_type: 7 } },
      created_at: new Date('2025-06-12T11:00:00Z'),
    },
    { execution: { status: 'failed', error: 'nobody' }, created_at: new Date('2025-06-13T11:00:00Z') },
    // what the server must leave to the client, or decide as readRun does
    ...[
      { status: 'success', actions_failed: [null] },
      { status: 'success', actions_failed: 'b' },
      { status: 'success', actions_failed: [{}] },
      { status: 'success', context: [{ trigger_type: 'array' }] },
      { status: 'success', context: 'text' },
      { status: 5 },
      { status: ['success'] },
    ].map((execution, i) => ({
      workflow_id: WF[i % 3],
      execution: {
        started_at: new Date('2025-06-12T12:00:00Z'),
        completed_at: new Date('2025-06-12T12:00:04Z'),
        ...execution,
      },
      trigger_type: 'top-level',
      created_at: new Date(`2025-06-12T13:0${i}:00Z`),
    })),
    {
      workflow_id: WF[1],
      execution: { status: 'success' },
      status: 'failed',
      created_at: new Date('2025-06-12T14:00:00Z'),
    },
    {
      workflow_id: WF[1],
      execution: [{ status: 'success', started_at: new Date('2025-06-12T14:00:00Z') }],
      status: 'failed',
      created_at: new Date('2025-06-12T14:01:00Z'),
    },
    { workflow_id: 42, execution: { status: 'success' }, created_at: new Date('2025-06-12T14:02:00Z') },
    ...[Long.fromNumber(3_000_000_000), -3, new Int32(77), new Double(12)].map((duration_ms, i) => ({
      execution_id: `flat-typed-${i}`,
      workflow_id: WF[3],
      status: 'success',
      started_at: new Date(`2025-06-12T15:0${i}:00Z`),
      duration_ms,
      created_at: new Date(`2025-06-12T15:0${i}:01Z`),
    })),
    {
      execution_id: 'flat-exec-text',
      workflow_id: WF[3],
      execution: 'text',
      status: 'failed',
      started_at: new Date('2025-06-12T16:00:00Z'),
    },
    {
      execution_id: 'flat-half',
      workflow_id: WF[3],
      status: 'success',
      completed_at: new Date('2025-06-12T16:00:00Z'),
    },
    // nested without created_at: placed by execution.started_at, found by the top-level one
    {
      workflow_id: WF[2],
      started_at: new Date('2025-06-13T00:00:00Z'),
      execution: { status: 'failed', started_at: new Date('2025-06-01T00:00:00Z'), error: 'elsewhere' },
    },
  );
  // failures at the same instant: the top N breaks the tie by execution id
  const tie = new Date('2025-06-15T11:00:00Z');
  for (let i = 0; i < 12; i++)
    docs.push({
      workflow_id: WF[i % 2],
      execution: { status: 'failed', error: `tie ${i}`, context: { trigger_type: 'manual' } },
      created_at: tie,
    });
  return docs;
}

let docs: Document[];
let client: DataSource;
let server: DataSource;
let serverRuns: boolean;

beforeAll(async () => {
  docs = seedRuns();
  await db.ds.db.collection(db.ds.executions.collectionName).insertMany(docs.map((d) => ({ ...d })));
  await db.ds.workflows.insertMany(WF.map((id, i) => ({ id, name: `workflow ${i}`, enabled: i % 2 === 0 })));
  client = await connect({ uri: db.uri, dbName: db.dbName, timeoutMs: 10_000, pipelines: 'client' });
  server = await connect({ uri: db.uri, dbName: db.dbName, timeoutMs: 10_000, pipelines: 'auto' });
  serverRuns = (await probeServer(server, RUNS_BY_GROUP)).supported;
}, 120_000);

afterAll(async () => {
  await client?.close();
  await server?.close();
});

/** Maps to plain objects and sketches to their summaries (their inner order is arrival order), so toEqual compares every figure. */
const plain = (x: unknown): unknown =>
  JSON.parse(
    JSON.stringify(x, (_k, v: unknown) =>
      v instanceof Map ? Object.fromEntries(v) : v instanceof DurationSketch ? v.summary() : v,
    ),
  );

describe('the runs of a window, on the server and on the client', () => {
  it('the client path counts what readRun says of every document (the reference the server must meet)', async () => {
    const runs = docs
      .map((d) => readRun(d))
      .filter((r) => r.loggedAt !== null && r.loggedAt >= window.from.getTime() && r.loggedAt < window.to.getTime());
    const scan = await scanExecutions(client, { window });
    // the query selects dated runs by created_at (or a flat started_at) and strings by type; the nested run without created_at
    // is selected by its top-level started_at and placed by its own, outside the window
    expect(scan.totals.total).toBe(runs.length);
    expect(scan.totals.failed).toBe(runs.filter((r) => r.outcome === 'failed').length);
    expect(scan.totals.succeededWithFailedActions).toBe(
      runs.filter((r) => r.outcome === 'succeeded-with-failed-actions').length,
    );
    expect(scan.durationMs.count).toBe(runs.filter((r) => r.durationMs !== null && r.durationMs >= 0).length);
    expect(scan.durationMs.count).toBeGreaterThan(4096);
    expect(scan.durationMs.exact).toBe(false);
  });

  it('the server path is taken where the probe says so, and the client path otherwise', async () => {
    const asked: string[] = [];
    const counting: DataSource = { ...server, run: (what, op, o) => (asked.push(what), server.run(what, op, o)) };
    await scanExecutions(counting, { window });
    expect(asked.includes('group executions')).toBe(serverRuns);
    expect(asked.includes('scan executions')).toBe(!serverRuns);
  });

  // where the probe says unsupported both connections stream: nothing to compare (the fallback is tested below)
  it('every figure of scanExecutions is the same, with and without per-workflow sketches, failures and percentiles', async (ctx) => {
    if (!serverRuns) return ctx.skip('this server cannot run the pipeline');
    const queries = [
      { window },
      { window, percentiles: false },
      { window, latestFailures: 10, perWorkflowExactLimit: 512 },
      { window, latestFailures: 5, perWorkflowExactLimit: 100 },
      ...WF.map((workflowId) => ({ window, workflowId, latestFailures: 10 })),
      { window: windowOfDays(1, NOW), latestFailures: 3 },
      { window: { from: new Date('2025-06-20T00:00:00Z'), to: new Date('2025-06-21T00:00:00Z') }, latestFailures: 3 },
    ];
    for (const q of queries) {
      const want = plain(await scanExecutions(client, q));
      expect(plain(await scanExecutions(server, q)), JSON.stringify(q)).toEqual(want);
    }
    const big = await scanExecutions(server, { window, workflowId: BIG });
    expect(big.durationMs.exact).toBe(false);
    const small = await scanExecutions(server, { window, workflowId: WF[2] });
    expect(small.durationMs.exact).toBe(true);
    const report = await scanExecutions(server, { window, latestFailures: 10, perWorkflowExactLimit: 512 });
    expect(report.perWorkflow.get(BIG)!.sketch.summary().exact).toBe(false);
    const ties = report.latestFailures.filter((f) => f.error?.startsWith('tie '));
    expect(ties.length).toBeGreaterThan(0);
    expect(ties.map((f) => f.executionId)).toEqual(ties.map((f) => f.executionId).sort());
  });

  it('overview, performance and report give the same output', async (ctx) => {
    if (!serverRuns) return ctx.skip('this server cannot run the pipeline');
    const q = { days: 7, window, top: 5 };
    expect(plain(await analyticsOverview(server, q))).toEqual(plain(await analyticsOverview(client, q)));
    expect(plain(await analyticsReport(server, q))).toEqual(plain(await analyticsReport(client, q)));
    for (const id of WF) {
      const p = { workflow: { id, name: id }, days: 7, window, latestFailures: 10 };
      expect(plain(await analyticsPerformance(server, p))).toEqual(plain(await analyticsPerformance(client, p)));
    }
  });

  it('check success-rate and failures, and the counts under them, are the same', async (ctx) => {
    if (!serverRuns) return ctx.skip('this server cannot run the pipeline');
    const counts = plain(await countExecutionsByWorkflow(client, window));
    expect(plain(await countExecutionsByWorkflow(server, window))).toEqual(counts);
    expect((counts as { total: { total: number } }).total.total).toBeGreaterThan(5000);
    for (const id of WF)
      expect(await countExecutionsByStatus(server, window, id)).toEqual(
        await countExecutionsByStatus(client, window, id),
      );
    for (const workflowId of [undefined, ...WF]) {
      const c = { minPercent: 90, windowMs: 7 * DAY, minExecutions: 1, ...(workflowId ? { workflowId } : {}) };
      expect(plain(await checkSuccessRate(server, c, NOW))).toEqual(plain(await checkSuccessRate(client, c, NOW)));
      const f = { max: 3, windowMs: 7 * DAY, ...(workflowId ? { workflowId } : {}) };
      expect(plain(await checkFailures(server, f, NOW))).toEqual(plain(await checkFailures(client, f, NOW)));
    }
  });

  it('legacy string times: the bounded text range selects every one that parses inside the window', async () => {
    const byType = await db.ds.executions.countDocuments({
      $or: [{ created_at: { $type: 'string' } }, { created_at: { $exists: false }, started_at: { $type: 'string' } }],
    });
    const bounded = await db.ds.executions.find(stringDated(window)).toArray();
    expect(byType).toBe(18);
    const inWindow = bounded
      .map((d) => readRun(d))
      .filter((r) => r.loggedAt !== null && r.loggedAt >= window.from.getTime() && r.loggedAt < window.to.getTime());
    expect(inWindow.length).toBe(10);
    // out of range and unreadable text is left on the server
    expect(bounded.length).toBeLessThan(byType);
  });
});

describe('a server that cannot run the pipeline', () => {
  it('auto falls back to the stream; server mode is a usage error', async (ctx) => {
    if (serverRuns) return ctx.skip('this server runs the pipeline');
    const insist = await connect({ uri: db.uri, dbName: db.dbName, timeoutMs: 10_000, pipelines: 'server' });
    try {
      const err = await scanExecutions(insist, { window }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UsageError);
      expect(String((err as Error).message)).toMatch(/runs by group pipeline/);
    } finally {
      await insist.close();
    }
    const r = await runCli(['analytics', 'overview', '--days', '7'], {
      env: { ...db.env, WFCTL_NOW: NOW.toISOString(), WFCTL_PIPELINES: 'server' },
    });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    // one line saying what the server lacks, and the hint; no stack
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/cannot run the runs by group pipeline/);
    expect(lines[1]).toMatch(/^hint: unset WFCTL_PIPELINES/);
  });

  it('WFCTL_PIPELINES=server on a server that runs it gives the same output as client', async (ctx) => {
    if (!serverRuns) return ctx.skip('this server cannot run the pipeline');
    const run = (mode: string) =>
      runCli(['analytics', 'overview', '--days', '7', '--json'], {
        env: { ...db.env, WFCTL_NOW: NOW.toISOString(), WFCTL_PIPELINES: mode },
      });
    const [s, c] = [await run('server'), await run('client')];
    expect(s.code).toBe(0);
    expect(s.stdout).toBe(c.stdout);
  });

  it('--verbose says where the runs are counted, and why not on the server', async () => {
    const r = await runCli(['-v', 'analytics', 'overview', '--days', '7'], {
      env: { ...db.env, WFCTL_NOW: NOW.toISOString() },
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      serverRuns
        ? /^wfctl: runs by group: grouped on the server$/m
        : /^wfctl: runs by group: computed on the client \(the server cannot run the pipeline: code \d+: .+\)$/m,
    );
  });
});
