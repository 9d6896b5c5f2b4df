/**
 * The main query of analytics overview, performance and check success-rate
 * is answered from its index (`db indexes`), not a scan: the server's own
 * explain says so. Runs where explain names index scans (a capability found
 * on this data: an indexed range shows one, an unindexed filter does not).
 */
import type { Document } from 'mongodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyIndexes } from '../../../src/data/db/index.js';
import { probeServer, windowOfDays } from '../../../src/data/core/index.js';
import {
  clientDecided,
  countPipelines,
  durationStages,
  RUNS_BY_GROUP,
  serverShapes,
  statusPipeline,
} from '../../../src/data/metrics/index.js';
import { useTestDatabase } from '../../support/db.js';

const db = useTestDatabase('runs_index_use');
const NOW = new Date('2025-06-15T12:00:00Z');
const DAY = 86_400_000;
const window = windowOfDays(1, NOW);
const WF = Array.from({ length: 20 }, (_, i) => `wf-${i}`);

/** the index a plan reads: MongoDB's `indexName`, PostgreSQL's `Index Name` under FerretDB 2 */
const usesIndex = (plan: string, name: string) =>
  plan.includes(`"indexName":"${name}"`) || plan.includes(`"Index Name":"${name}"`);
const FULL_SCAN = /"(COLLSCAN|Seq Scan)"/;
let explains = false;

async function planOf(pipeline: Document[]): Promise<string> {
  return JSON.stringify(await db.ds.executions.aggregate(pipeline).explain('queryPlanner'));
}

beforeAll(async () => {
  const runs = db.ds.db.collection(db.ds.executions.collectionName);
  // 60 days of runs (and a few flat ones): a one-day window is a small part of them
  const docs: Document[] = [];
  for (let i = 0; i < 30_000; i++) {
    const t = new Date(NOW.getTime() - 60 * DAY + i * ((60 * DAY) / 30_000));
    docs.push(
      i % 50 === 0
        ? { execution_id: `f${i}`, workflow_id: WF[i % 20], status: 'failed', started_at: t, duration_ms: 5 }
        : {
            workflow_id: WF[i % 20],
            execution: { status: 'success', started_at: t, completed_at: t, actions_failed: [] },
            created_at: t,
          },
    );
  }
  for (let i = 0; i < docs.length; i += 5000) await runs.insertMany(docs.slice(i, i + 5000));
  const applied = await applyIndexes(db.ds);
  expect(applied.failed).toEqual([]);
  const indexed = await planOf([{ $match: { created_at: { $gte: window.from, $lt: window.to } } }]);
  const unindexed = await planOf([{ $match: { 'execution.status': 'failed' } }]);
  // the capability: explain shows an index range, and tells it from a scan
  explains = usesIndex(indexed, 'created_at_-1') && !usesIndex(unindexed, 'created_at_-1');
}, 120_000);

describe('the runs queries use their indexes', () => {
  // each branch of the window's $or: created_at, and started_at for documents without it
  const all = ['created_at_-1', 'started_at_-1'];
  const one = ['workflow_id_1_created_at_-1', 'started_at_-1'];
  // the backend's nested runs always have created_at; the flat ones may go by started_at
  const shapes = ['nested runs', 'flat runs'];
  const byShape = (i: number, indexes: string[]) => (i === 0 ? indexes.slice(0, 1) : indexes);
  const durations = (i: number) => {
    const shape = serverShapes(window, WF[3]!)[i]!;
    return [{ $match: shape.match }, ...durationStages(null, null, shape.duration)];
  };
  const cases: Array<[string, () => Document[], string[]]> = [
    ...shapes.flatMap((shape, i): Array<[string, () => Document[], string[]]> => [
      [`analytics overview, ${shape}`, () => countPipelines({ window })[i]!, byShape(i, all)],
      [`analytics performance, ${shape}`, () => countPipelines({ window, workflowId: WF[3]! })[i]!, byShape(i, one)],
      [`the durations of analytics performance, ${shape}`, () => durations(i), byShape(i, one)],
    ]),
    ['the runs the client decides', () => [{ $match: clientDecided(window) }], all],
    ['the runs of a workflow the client decides', () => [{ $match: clientDecided(window, WF[3]!) }], one],
    ['check success-rate', () => statusPipeline(window, undefined, true), all],
    ['check success-rate --workflow', () => statusPipeline(window, WF[3]!, false), one],
  ];
  it('are checked wherever the server runs the runs plan: a server that groups shows its index scans', async () => {
    // the skips below must not hide a server whose plans matter
    expect(explains).toBe((await probeServer(db.ds, RUNS_BY_GROUP)).supported);
  });
  for (const [name, pipeline, indexes] of cases)
    it(`${name}: an index scan, no collection scan`, async (ctx) => {
      if (!explains) return ctx.skip("the server's explain shows no index scans");
      const plan = await planOf(pipeline());
      for (const index of indexes) expect(usesIndex(plan, index), `${index} in ${plan.slice(0, 2000)}`).toBe(true);
      expect(plan, plan.slice(0, 2000)).not.toMatch(FULL_SCAN);
    });
});
