/**
 * The change scan (analytics overview and report) and `check rollbacks` give
 * the same figures with the versions grouped on the server as streamed to the
 * client: rollbacks of every kind rollbackTargetOf knows (and near misses),
 * legacy string times, odd types, ties in time.
 */
import { Long, ObjectId, type Document } from 'mongodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { COLLECTIONS, probeServer } from '../../../src/data/core/index.js';
import { CHANGE_GROUPS_PROBE, checkRollbacks, scanChanges } from '../../../src/data/metrics/index.js';
import { UsageError } from '../../../src/errors.js';
import { pipelineSources, useTestDatabase } from '../../support/db.js';
import { prng } from '../../support/generator.js';

const t = useTestDatabase('change_groups');
const NOW = new Date('2025-06-15T12:00:00Z');
const DAY = 86_400_000;
const window = (days: number) => ({ from: new Date(NOW.getTime() - days * DAY), to: NOW });

function versions(): Document[] {
  const rnd = prng(7);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const docs: Document[] = [];
  const users = ['ann', 'bob', new ObjectId('64b7f0c2a1b2c3d4e5f60718'), null, undefined];
  for (let i = 0; i < 600; i++) {
    const changed = new Date(NOW.getTime() - Math.floor(rnd() * 20 * DAY));
    const doc: Document = {
      workflow_id: pick(['wf-a', 'wf-b', 'wf-c', undefined]),
      version_number: i + 1,
      changed_by: pick(users),
      changed_at: changed,
      change_description: pick(['edit', 'Rolled back to version 3. Reason: broke invoices', 'Rolled back to version']),
      workflow_data: { name: 'x' },
    };
    const kind = rnd();
    if (kind < 0.1) doc.rollback_of = pick([2, '4', new Long(5), null, 'abc']);
    else if (kind < 0.2)
      // the backend's rollback_info: fresh (a rollback) or carried along from an earlier one (an edit)
      doc.workflow_data.rollback_info = {
        from_version: pick([1, 2, '3']),
        rolled_back_at: new Date(changed.getTime() - pick([0, 30_000, 60_000, 60_001, 3_600_000])),
        reason: 'info reason',
      };
    docs.push(doc);
  }
  const base = { workflow_id: 'wf-edge', changed_by: 'eve', workflow_data: {} };
  const edge = (changed_at: unknown, extra: Document = {}) =>
    docs.push({ ...base, version_number: docs.length + 1, changed_at, rollback_of: 1, ...extra });
  const w = window(7);
  edge(new Date(w.from.getTime()));
  edge(new Date(w.from.getTime() - 1));
  edge(new Date(w.to.getTime() - 1));
  edge(new Date(w.to.getTime()));
  edge('2025-06-14T10:00:00Z');
  edge(' 2025-06-14 10:00:00');
  edge('2025-06-08T10:00:00-14:00'); // in
  edge('2025-06-08T13:00:00+14:00'); // out
  edge('2025-06-16T05:00:00+18:00'); // in
  edge('not a date');
  edge(null);
  edge('2025-06-12T08:00:00Z', {
    rollback_of: undefined,
    workflow_data: { rollback_info: { from_version: 2, rolled_back_at: '2025-06-12T08:00:30Z' } },
  });
  // ties in time: which rollbacks are the latest must not depend on read order
  const tie = new Date(NOW.getTime() - 1000);
  for (const wf of ['wf-t3', 'wf-t1', 'wf-t2']) edge(tie, { workflow_id: wf });
  for (const d of docs) for (const k of Object.keys(d)) if (d[k] === undefined) delete d[k];
  return docs;
}

const source = pipelineSources(t);

let supported = false;
beforeAll(async () => {
  await t.ds.db.collection(COLLECTIONS.versions).insertMany(versions());
  await t.ds.versions.createIndex({ changed_at: -1 });
  supported = (await probeServer(t.ds, CHANGE_GROUPS_PROBE)).supported;
});
describe('change groups: the server plan gives the streaming figures', () => {
  it('scanChanges: every figure the same on both paths, and the server path groups', async () => {
    const client = await source('client');
    const asked: string[] = [];
    const auto = await source('auto', asked);
    for (const days of [1, 7, 30])
      for (const latestRollbacks of [0, 2, 50]) {
        const q = { window: window(days), latestRollbacks };
        expect(await scanChanges(auto, q)).toEqual(await scanChanges(client, q));
      }
    const week = await scanChanges(client, { window: window(7), latestRollbacks: 2 });
    expect(week.rollbacks).toBeGreaterThan(10);
    expect(week.versions).toBeGreaterThan(week.rollbacks);
    expect(week.perUser.get('(unknown)')).toBeGreaterThan(0);
    expect(week.perUser.get('64b7f0c2a1b2c3d4e5f60718')).toBeGreaterThan(0);
    // the newest (to - 1ms), then of three at the same time the least workflow id
    expect(week.latestRollbacks.map((r) => r.workflowId)).toEqual(['wf-edge', 'wf-t1']);
    expect(asked.includes('group versions')).toBe(supported);
  });

  it('the edges and legacy strings: counted once, by their time', async () => {
    const client = await source('client');
    const week = await scanChanges(client, { window: window(7) });
    // from, to-1ms, 4 readable strings in the window, a fresh rollback_info, 3 ties
    expect(week.perWorkflow.get('wf-edge')).toBe(2 + 4 + 1);
    expect(week.rollbacks).toBeGreaterThanOrEqual(2 + 4 + 1 + 3);
  });

  it('check rollbacks: the same counts, all workflows and one', async () => {
    const client = await source('client');
    const auto = await source('auto');
    for (const days of [1, 7, 30])
      for (const workflowId of [undefined, 'wf-a', 'wf-edge']) {
        const c = { max: 3, windowMs: days * DAY, ...(workflowId ? { workflowId } : {}) };
        const streamed = await checkRollbacks(client, c, NOW);
        expect(await checkRollbacks(auto, c, NOW)).toEqual(streamed);
      }
    const edge = await checkRollbacks(client, { max: 3, windowMs: 7 * DAY, workflowId: 'wf-edge' }, NOW);
    expect(edge).toMatchObject({ value: 7, outcome: 'breached' });
  });

  it('WFCTL_PIPELINES=server: the server plan, or one usage error where the server cannot run it', async () => {
    const server = await source('server');
    const q = { window: window(7), latestRollbacks: 3 };
    if (supported) expect(await scanChanges(server, q)).toEqual(await scanChanges(await source('client'), q));
    else {
      const err = await scanChanges(server, q).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UsageError);
      expect((err as Error).message).toMatch(/^the server cannot run the change groups pipeline \([^\n]*\)$/);
      await expect(checkRollbacks(server, { max: 1, windowMs: DAY }, NOW)).rejects.toBeInstanceOf(UsageError);
    }
  });
});
