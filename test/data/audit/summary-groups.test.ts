/**
 * audit summary, audit user and audit stats give the same figures with the
 * records grouped on the server as streamed to the client: every optional
 * field missing or of another type, legacy string timestamps, the window's
 * and days' edges.
 */
import { Int32, ObjectId, type Document } from 'mongodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { COLLECTIONS, probeServer } from '../../../src/data/core/index.js';
import { AUDIT_GROUPS_PROBE, auditStats, summarizeWorkflowAudit, userActivity } from '../../../src/data/audit/index.js';
import { UsageError } from '../../../src/errors.js';
import { pipelineSources, useTestDatabase } from '../../support/db.js';
import { prng } from '../../support/generator.js';

const t = useTestDatabase('summary_groups');
const NOW = new Date('2025-06-15T12:00:00Z');
const DAY = 86_400_000;

function records(): Document[] {
  const rnd = prng(11);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const docs: Document[] = [];
  for (let i = 0; i < 1200; i++) {
    // distinct milliseconds: the timeline's order at one millisecond is the server's
    const ts = new Date(NOW.getTime() - 40 * DAY + i * Math.floor((45 * DAY) / 1200) + 7);
    docs.push({
      event_type: pick(['workflow_updated', 'workflow_executed', 'version_created', 'action_failed', 'odd_type', null]),
      workflow_id: pick(['wf-a', 'wf-b', 'wf-c', null, undefined, new Int32(9)]),
      user_id: pick(['u1', 'u1', 'u2', null, undefined, new ObjectId('64b7f0c2a1b2c3d4e5f60718')]),
      authenticated_user: pick(['admin', undefined]),
      ip_address: pick(['10.0.0.1', '10.0.0.2', null]),
      user_agent: pick(['wfctl/1.0', 'curl/8', undefined]),
      details: pick([{ version_number: 3 }, { reason: 'x' }, {}, undefined]),
      metadata: {},
      timestamp: ts,
    });
  }
  const edge = (timestamp: unknown) =>
    docs.push({ event_type: 'edge', workflow_id: 'wf-a', user_id: 'u1', details: {}, metadata: {}, timestamp });
  const w7 = { from: new Date(NOW.getTime() - 7 * DAY), to: NOW };
  edge(w7.from);
  edge(new Date(w7.from.getTime() - 1));
  edge(new Date(NOW.getTime() - 1));
  edge(NOW);
  edge('2025-06-14T10:00:00Z');
  edge(' 2025-06-13 10:00:00');
  edge('2025-06-08T10:00:00-14:00'); // in
  edge('2025-06-08T13:00:00+14:00'); // out
  edge('2025-06-16T05:00:00+18:00'); // in
  edge('garbage');
  for (const d of docs) for (const k of Object.keys(d)) if (d[k] === undefined) delete d[k];
  return docs;
}

const source = pipelineSources(t);

let supported = false;
beforeAll(async () => {
  await t.ds.db.collection(COLLECTIONS.audit).insertMany(records());
  await t.ds.audit.createIndex({ workflow_id: 1, timestamp: -1 });
  await t.ds.audit.createIndex({ user_id: 1, timestamp: -1 });
  await t.ds.audit.createIndex({ timestamp: 1, _id: 1 });
  supported = (await probeServer(t.ds, AUDIT_GROUPS_PROBE)).supported;
});
describe('audit summary groups: the server plan gives the streaming figures', () => {
  it('audit summary, audit user, audit stats: the same on both paths, and the server path groups', async () => {
    const client = await source('client');
    const asked: string[] = [];
    const auto = await source('auto', asked);
    for (const days of [1, 7, 30]) {
      for (const wf of ['wf-a', '9', 'wf-none'])
        expect(await summarizeWorkflowAudit(auto, wf, days, NOW)).toEqual(
          await summarizeWorkflowAudit(client, wf, days, NOW),
        );
      for (const [user, limit] of [
        ['u1', 10],
        ['u1', 0],
        ['u1', 100_000],
        ['64b7f0c2a1b2c3d4e5f60718', 5],
        ['nobody', 5],
      ] as const)
        expect(await userActivity(auto, user, days, limit, NOW)).toEqual(
          await userActivity(client, user, days, limit, NOW),
        );
      expect(await auditStats(auto, days, 3, NOW)).toEqual(await auditStats(client, days, 3, NOW));
    }
    expect(asked.includes('group audit records')).toBe(supported);
  });

  it('the edges and legacy strings count once, by their time', async () => {
    const client = await source('client');
    const week = await summarizeWorkflowAudit(client, 'wf-a', 7, NOW);
    // from, now-1ms, 4 readable strings in the window
    expect(week.byEventType.find((r) => r.key === 'edge')?.count).toBe(6);
    const all = await userActivity(client, 'u1', 7, 100_000, NOW);
    expect(all.timelineTruncated).toBe(false);
    // newest dated first, then the legacy strings
    expect(all.timeline[0]!.timestamp).toEqual(new Date(NOW.getTime() - 1));
    expect(all.timeline.at(-1)!.eventType).toBe('edge');
    const stats = await auditStats(client, 30, 3, NOW);
    expect(stats.withoutUser).toBeGreaterThan(0);
    expect(stats.withoutWorkflow).toBeGreaterThan(0);
    expect(stats.busiestHours.length).toBe(24);
  });

  it('WFCTL_PIPELINES=server: the server plan, or one usage error where the server cannot run it', async () => {
    const server = await source('server');
    if (supported) {
      const client = await source('client');
      expect(await auditStats(server, 7, 5, NOW)).toEqual(await auditStats(client, 7, 5, NOW));
    } else
      for (const run of [
        () => auditStats(server, 7, 5, NOW),
        () => userActivity(server, 'u1', 7, 5, NOW),
        () => summarizeWorkflowAudit(server, 'wf-a', 7, NOW),
      ]) {
        const err = await run().catch((e: unknown) => e);
        expect(err).toBeInstanceOf(UsageError);
        expect((err as Error).message).toMatch(/^the server cannot run the audit groups pipeline \([^\n]*\)$/);
      }
  });
});
