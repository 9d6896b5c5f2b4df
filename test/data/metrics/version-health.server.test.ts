/**
 * Version health counted on the server (runs grouped per live interval) and
 * streamed on the client give the same figures; where the server cannot run
 * the pipeline the stream is taken.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, probeServer, type DataSource } from '../../../src/data/core/index.js';
import { readVersionStamps, versionHealth, RUNS_BY_GROUP } from '../../../src/data/metrics/index.js';
import { useTestDatabase } from '../../support/db.js';
import { HEALTH_NOW, HEALTH_WF, seedHealthWorkflow } from '../../support/health-fixtures.js';

const db = useTestDatabase('version_health_server');
const now = new Date(HEALTH_NOW);
let client: DataSource;
let server: DataSource;
let serverRuns: boolean;

beforeAll(async () => {
  await seedHealthWorkflow(db.ds);
  // a version with more than 256 durations (buckets): 400 more runs for v1
  const v1 = new Date(now.getTime() - 9 * 86_400_000);
  await db.ds.db.collection(db.ds.executions.collectionName).insertMany(
    Array.from({ length: 400 }, (_, i) => {
      const started = new Date(v1.getTime() + i * 60_000);
      return {
        workflow_id: HEALTH_WF,
        execution: {
          status: i % 7 ? 'success' : 'failed',
          started_at: started,
          completed_at: new Date(started.getTime() + 1 + ((i * 7919) % 40_000)),
          actions_failed: i % 5 ? [] : ['x'],
        },
        created_at: new Date(started.getTime() + 50_000),
      };
    }),
  );
  client = await connect({ uri: db.uri, dbName: db.dbName, timeoutMs: 10_000, pipelines: 'client' });
  server = await connect({ uri: db.uri, dbName: db.dbName, timeoutMs: 10_000, pipelines: 'auto' });
  serverRuns = (await probeServer(server, RUNS_BY_GROUP)).supported;
});

afterAll(async () => {
  await client?.close();
  await server?.close();
});

describe('version health on the server', () => {
  it('takes the server path where the probe says so', async () => {
    const asked: string[] = [];
    const counting: DataSource = { ...server, run: (what, op, o) => (asked.push(what), server.run(what, op, o)) };
    const stamps = await readVersionStamps(server, HEALTH_WF);
    await versionHealth(counting, { workflowId: HEALTH_WF, versions: stamps, now });
    expect(asked.includes('group executions by version')).toBe(serverRuns);
    expect(asked.includes('scan executions')).toBe(!serverRuns);
  });

  it('gives the same figures as the stream, with and without a baseline start', async (ctx) => {
    if (!serverRuns) return ctx.skip('this server cannot run the pipeline');
    const stamps = await readVersionStamps(client, HEALTH_WF);
    for (const since of [undefined, new Date(now.getTime() - 6 * 86_400_000)]) {
      const q = { workflowId: HEALTH_WF, versions: stamps, now, ...(since ? { since } : {}) };
      const want = await versionHealth(client, q);
      expect(await versionHealth(server, q)).toEqual(want);
    }
    const v1 = (await versionHealth(server, { workflowId: HEALTH_WF, versions: stamps, now })).find(
      (h) => h.version === 1,
    )!;
    expect(v1.runs).toBeGreaterThan(256);
    expect(v1.p95Exact).toBe(false);
  });
});
