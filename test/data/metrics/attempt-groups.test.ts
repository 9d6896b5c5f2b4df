/**
 * stats errors and the report's errors give the same figures grouped on the
 * server as streamed to the client, on data in every stored shape: dates on
 * the window's and days' edges, legacy strings with offsets and blanks,
 * numbers stored as text, errors that are not text, ties in time.
 */
import { Int32, Long, Double, type Document } from 'mongodb';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ATTEMPT_GROUPS_PROBE,
  errorStats,
  type ErrorStatsQuery,
  scanAttemptErrors,
} from '../../../src/data/metrics/index.js';
import {
  COLLECTIONS,
  inWindow,
  legacyStringsNear,
  probeServer,
  storedTime,
  type DataSource,
} from '../../../src/data/core/index.js';
import { UsageError } from '../../../src/errors.js';
import { runCli } from '../../support/cli.js';
import { pipelineSources, useTestDatabase } from '../../support/db.js';
import { prng } from '../../support/generator.js';

const t = useTestDatabase('attempt_groups');
const NOW = new Date('2025-06-15T12:00:00Z');
const DAY = 86_400_000;
const window = (days: number) => ({ from: new Date(NOW.getTime() - days * DAY), to: NOW });

/** Attempts of two workflows in every shape the readers tolerate. */
function attempts(): Document[] {
  const rnd = prng(24);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const docs: Document[] = [];
  const errors = [
    'Timeout after 3021ms for order 17',
    'Timeout after 998ms for order 4',
    'Card 4242 declined',
    'connection refused 10.0.0.1:5432',
    '',
    null,
    undefined,
    42,
    { code: 5, text: 'nested' },
  ];
  for (let i = 0; i < 1500; i++) {
    const ms = NOW.getTime() - Math.floor(rnd() * 9 * DAY);
    const doc: Document = {
      workflow_id: pick(['wf-a', 'wf-a', 'wf-b']),
      execution_id: `e${i}`,
      action_name: pick(['fetch', 'charge', 'notify', 'charge']),
      attempt: pick([1, 1, 2, 3, 4]),
      success: rnd() < 0.6,
      timestamp: new Date(ms),
      strategy: pick(['exponential', 'linear', 'none', undefined]),
    };
    if (!doc.success) doc.error = pick(errors);
    docs.push(doc);
  }
  const at = (ms: number) => new Date(ms);
  const w = window(7);
  const base = { workflow_id: 'wf-a', execution_id: 'edge', action_name: 'charge' };
  const edge = (timestamp: unknown, extra: Document = {}) =>
    docs.push({ ...base, attempt: 1, success: false, error: 'edge failure', timestamp, ...extra });
  // the window's edges: from is in, to is out
  edge(at(w.from.getTime()));
  edge(at(w.from.getTime() - 1));
  edge(at(w.to.getTime() - 1));
  edge(at(w.to.getTime()));
  // a UTC day's edges
  edge(at(Date.UTC(2025, 5, 12, 23, 59, 59, 999)));
  edge(at(Date.UTC(2025, 5, 13)));
  // legacy strings, in and out of the window, some only by their offset
  edge('2025-06-14T10:00:00Z');
  edge('2025-06-14 10:00:00');
  edge('  2025-06-13T10:00:00.250Z');
  edge('2025-06-10');
  edge('2025-06-08T10:00:00-14:00'); // 06-09T00:00Z: in
  edge('2025-06-08T13:00:00+14:00'); // 06-07T23:00Z: out
  edge('2025-06-15T20:00:00+12:00'); // 06-15T08:00Z: in
  edge('2025-06-15T11:59:59.999'); // in
  edge('2025-06-15T12:00:00Z'); // to: out
  edge('2025-06-16T05:00:00+18:00'); // 06-15T11:00Z: in
  edge('2025-06-08T07:00:00-18:00'); // 06-09T01:00Z: in
  edge('yesterday');
  edge('2025-02-31T10:00:00Z');
  edge(12345);
  edge(null);
  edge(undefined);
  // attempt numbers and outcomes in other types
  edge(at(Date.UTC(2025, 5, 14, 9)), { attempt: new Long(2), success: true });
  edge(at(Date.UTC(2025, 5, 14, 9)), { attempt: new Double(3), success: true });
  edge(at(Date.UTC(2025, 5, 14, 9)), { attempt: '2', success: true, strategy: 'linear' });
  edge(at(Date.UTC(2025, 5, 14, 9)), { attempt: new Int32(4), success: 1 });
  edge(at(Date.UTC(2025, 5, 14, 9)), { attempt: undefined, success: 'true' });
  edge(at(Date.UTC(2025, 5, 14, 9)), { success: undefined, action_name: undefined });
  edge(at(Date.UTC(2025, 5, 14, 9)), { action_name: 7 });
  // ties in time: the shown example and last error must not depend on read order
  const tie = at(Date.UTC(2025, 5, 14, 23));
  for (const error of ['Quota 10 exceeded', 'Quota 99 exceeded', 'Quota 5 exceeded', null])
    edge(tie, { error, action_name: 'settle' });
  for (const d of docs) for (const k of Object.keys(d)) if (d[k] === undefined) delete d[k];
  return docs;
}

const source = pipelineSources(t);

/** Runs f on a DataSource that records every request's label. */
function recording(ds: DataSource, asked: string[]): DataSource {
  return { ...ds, run: (what, op, o) => (asked.push(what), ds.run(what, op, o)) };
}

let supported = false;
beforeAll(async () => {
  await t.ds.db.collection(COLLECTIONS.attempts).insertMany(attempts());
  await t.ds.attempts.createIndex({ workflow_id: 1, timestamp: -1 });
  await t.ds.attempts.createIndex({ timestamp: -1 });
  supported = (await probeServer(t.ds, ATTEMPT_GROUPS_PROBE)).supported;
});
const QUERIES: Array<Omit<ErrorStatsQuery, 'window'> & { window?: undefined }> = [
  { workflow: { id: 'wf-a', name: 'A', actionNames: ['fetch', 'charge', 'notify', 'never'] }, days: 7 },
  { workflow: { id: 'wf-a', name: 'A', actionNames: ['charge'] }, action: 'charge', days: 7 },
  { workflow: { id: 'wf-a', name: 'A', actionNames: ['notify'] }, action: 'notify', days: 2, topErrors: 3 },
  { workflow: { id: 'wf-b', name: 'B', actionNames: [] }, days: 30 },
  { workflow: { id: 'wf-none', name: 'None', actionNames: ['x'] }, days: 7 },
];

describe('attempt groups: the server plan gives the streaming figures', () => {
  it('stats errors: every figure the same on both paths, and the server path groups', async () => {
    const client = await source('client');
    const asked: string[] = [];
    const auto = recording(await source('auto'), asked);
    for (const q of QUERIES) {
      const query = { ...q, window: window(q.days) };
      const streamed = await errorStats(client, query);
      expect(await errorStats(auto, query)).toEqual(streamed);
    }
    // the data reaches every figure: the edges and the legacy strings count
    const all = await errorStats(client, { ...QUERIES[0]!, window: window(7) });
    expect(all.attempts).toBeGreaterThan(700);
    expect(all.commonErrors.map((e) => e.message)).toContain('Timeout after <n>ms for order <n>');
    const charge = await errorStats(client, { ...QUERIES[1]!, window: window(7) });
    expect(charge.strategies!.length).toBeGreaterThan(2);
    const settle = all.actions.find((a) => a.name === 'settle')!;
    expect(settle).toMatchObject({ failures: 4, lastError: 'Quota 99 exceeded' });
    expect(settle.lastErrorAt).toEqual(new Date(Date.UTC(2025, 5, 14, 23)));
    expect(all.commonErrors.find((e) => e.message === 'Quota <n> exceeded')?.example).toBe('Quota 99 exceeded');
    // the server plan where the probe says the server runs it, else the stream
    expect(asked.includes('group action attempts')).toBe(supported);
    expect(asked.includes('group failed attempts')).toBe(supported);
  });

  it('the edges of the window and the legacy strings count once, by their time', async () => {
    const client = await source('client');
    const streamed = await errorStats(client, { ...QUERIES[1]!, window: window(7) });
    // from and to-1ms, both sides of a day's edge, 9 readable strings in the window, success 1 and 'true'
    expect(streamed.commonErrors.find((e) => e.message === 'edge failure')?.count).toBe(2 + 2 + 9 + 2);
  });

  it('legacyStringsNear: an index range that holds every string in the window, and few others', async () => {
    for (const days of [1, 7, 30]) {
      const w = window(days);
      const near = await t.ds.attempts
        .find(legacyStringsNear('timestamp', w))
        .project<{ timestamp: unknown }>({ _id: 0, timestamp: 1 })
        .toArray();
      expect(near.every((d) => typeof d.timestamp === 'string')).toBe(true);
      const all = await t.ds.attempts
        .find({ timestamp: { $type: 'string' } })
        .project<{ timestamp: string }>({ _id: 0, timestamp: 1 })
        .toArray();
      const inside = all.filter((d) => inWindow(storedTime(d.timestamp), w)).map((d) => d.timestamp);
      const found = near.map((d) => d.timestamp as string);
      expect(inside.length).toBeGreaterThan(0);
      for (const s of inside) expect(found).toContain(s);
      if (days === 1) expect(found.length).toBeLessThan(all.length);
    }
  });

  it('the report errors: same shapes, counts and workflows on both paths', async () => {
    const client = await source('client');
    const auto = await source('auto');
    for (const days of [1, 7, 30]) {
      const q = { window: window(days), top: 20 };
      const streamed = await scanAttemptErrors(client, q);
      expect(await scanAttemptErrors(auto, q)).toEqual(streamed);
      expect(streamed.failedAttempts).toBeGreaterThan(0);
    }
    const week = await scanAttemptErrors(client, { window: window(7), top: 20 });
    expect(week.errors.find((e) => e.message === 'Timeout after <n>ms for order <n>')?.workflows).toEqual([
      'wf-a',
      'wf-b',
    ]);
  });

  it('WFCTL_PIPELINES=server: the server plan, or one usage error where the server cannot run it', async () => {
    const server = await source('server');
    const q = { ...QUERIES[0]!, window: window(7) };
    if (supported) {
      const client = await source('client');
      expect(await errorStats(server, q)).toEqual(await errorStats(client, q));
    } else {
      const err = await errorStats(server, q).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UsageError);
      expect((err as Error).message).toMatch(/^the server cannot run the attempt groups pipeline \(/);
      expect((err as Error).message).not.toMatch(/\n/);
      await expect(scanAttemptErrors(server, { window: window(7), top: 5 })).rejects.toBeInstanceOf(UsageError);
    }
  });

  it('a retried request counts once: each try folds afresh', async () => {
    const client = await source('client');
    const auto = await source('auto');
    // every request run twice, as a retry after a failure late in a stream would
    const twice = (ds: DataSource): DataSource => ({
      ...ds,
      run: (what, op, o) => ds.run(what, (n) => op(n).then(() => op(n + 1)), o),
    });
    const q = { ...QUERIES[1]!, window: window(7) };
    const once = await errorStats(client, q);
    expect(await errorStats(twice(client), q)).toEqual(once);
    expect(await errorStats(twice(auto), q)).toEqual(once);
    const r = { window: window(7), top: 10 };
    expect(await scanAttemptErrors(twice(auto), r)).toEqual(await scanAttemptErrors(client, r));
  });

  it('wfctl stats errors: the same output in every WFCTL_PIPELINES mode the server allows, else one line and exit 2', async () => {
    await t.ds.workflows.insertOne({ id: 'wf-a', name: 'A', enabled: true, actions: [] } as never);
    const env = (mode: string) => ({ ...t.env, WFCTL_NOW: NOW.toISOString(), WFCTL_PIPELINES: mode });
    const args = ['stats', 'errors', 'wf-a', '--days', '7', '--json'];
    const client = await runCli(args, { env: env('client') });
    expect(client.code).toBe(0);
    expect(JSON.parse(client.stdout).attempts).toBeGreaterThan(0);
    const auto = await runCli(args, { env: env('auto') });
    expect(auto.stdout).toBe(client.stdout);
    const server = await runCli(args, { env: env('server') });
    if (supported) expect(server.stdout).toBe(client.stdout);
    else {
      expect(server.code).toBe(2);
      expect(server.stdout).toBe('');
      // one line saying what the server lacks, and the hint; no stack
      const [line, hint, ...rest] = server.stderr.trim().split('\n');
      expect(line).toMatch(/^wfctl: the server cannot run the attempt groups pipeline \(code \d+: .*\)$/);
      expect(hint).toBe('hint: unset WFCTL_PIPELINES (or set it to auto) to compute this on the client');
      expect(rest).toEqual([]);
    }
  });
});
