import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';
import { useTestDatabase } from '../../support/db.js';
import { NOW, seedStatsFixtures } from '../../support/stats-fixtures.js';

const db = useTestDatabase('analytics');
const empty = useTestDatabase('analytics_empty');
const hostile = useTestDatabase('analytics_hostile');
const env = () => ({ ...db.env, WFCTL_NOW: NOW });
const emptyEnv = () => ({ ...empty.env, WFCTL_NOW: NOW });

beforeAll(async () => {
  await seedStatsFixtures(db.ds);
  await hostile.ds.workflows.insertOne({ id: 'wf-<b>x</b>', name: '<script>alert(1)</script>', enabled: true });
  await hostile.ds.executions.insertOne({
    execution_id: 'h1',
    workflow_id: 'wf-<b>x</b>',
    status: 'failed',
    started_at: new Date('2025-06-15T10:00:00Z'),
    duration_ms: 5,
    error: '<img src=x onerror=alert(1)> | *bold*',
  });
  await hostile.ds.attempts.insertOne({
    workflow_id: 'wf-<b>x</b>',
    execution_id: 'h1',
    action_name: 'a',
    attempt: 1,
    success: false,
    timestamp: new Date('2025-06-15T10:00:00Z'),
    error: '<img src=x onerror=alert(1)> | *bold*',
  });
});

const json = async (args: string[], e = env()) => {
  const r = await runCli([...args, '--json'], { env: e });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
};

describe('wfctl analytics overview', () => {
  it('counts workflows (legacy is_active included) and executions, with the success rate over finished ones', async () => {
    const o = await json(['analytics', 'overview']);
    expect(o.window).toEqual({ days: 30, from: '2025-05-16T12:00:00.000Z', to: '2025-06-15T12:00:00.000Z' });
    expect(o.workflows).toEqual({ total: 3, active: 2, inactive: 1 });
    // a string date, a string duration and a missing duration are all read
    expect(o.executions).toEqual({
      total: 7,
      succeeded: 4,
      succeededWithFailedActions: 0,
      failed: 2,
      other: 1,
      successRate: 66.67,
      failureRate: 33.33,
      averageDurationMs: 210,
      withDuration: 5,
    });
  });

  it('ranks the most active and the most failing workflows (--top)', async () => {
    const o = await json(['analytics', 'overview']);
    expect(o.mostActive).toEqual([
      { workflowId: 'wf-pay', name: 'Payments', executions: 6, succeeded: 3, failed: 2, successRate: 60 },
      { workflowId: 'wf-legacy', name: 'Legacy', executions: 1, succeeded: 1, failed: 0, successRate: 100 },
    ]);
    expect(o.mostFailing).toEqual([
      { workflowId: 'wf-pay', name: 'Payments', failed: 2, executions: 6, failureRate: 40 },
    ]);
    const top1 = await json(['analytics', 'overview', '--top', '1']);
    expect(top1.mostActive).toHaveLength(1);
  });

  it('executions per day cover every day of the window', async () => {
    const o = await json(['analytics', 'overview']);
    expect(o.executionsPerDay).toHaveLength(31);
    const byDay = Object.fromEntries(o.executionsPerDay.map((d: { day: string }) => [d.day, d]));
    expect(byDay['2025-06-15']).toEqual({
      day: '2025-06-15',
      total: 3,
      succeeded: 1,
      succeededWithFailedActions: 0,
      failed: 1,
    });
    expect(byDay['2025-06-14']).toEqual({
      day: '2025-06-14',
      total: 2,
      succeeded: 1,
      succeededWithFailedActions: 0,
      failed: 1,
    });
    expect(byDay['2025-06-13']).toEqual({
      day: '2025-06-13',
      total: 1,
      succeeded: 1,
      succeededWithFailedActions: 0,
      failed: 0,
    });
    expect(byDay['2025-06-10']).toEqual({
      day: '2025-06-10',
      total: 1,
      succeeded: 1,
      succeededWithFailedActions: 0,
      failed: 0,
    });
    expect(o.executionsPerDay.reduce((n: number, d: { total: number }) => n + d.total, 0)).toBe(o.executions.total);
  });

  it('business metrics: most modified workflows, users making the most changes, rollbacks per day', async () => {
    const o = await json(['analytics', 'overview']);
    expect(o.versions).toBe(6);
    expect(o.mostModified).toEqual([
      { workflowId: 'wf-pay', name: 'Payments', versions: 5 },
      { workflowId: 'wf-legacy', name: 'Legacy', versions: 1 },
    ]);
    expect(o.topChangers).toEqual([
      { user: 'bob', changes: 3 },
      { user: 'ann', changes: 2 },
      { user: 'cid', changes: 1 },
    ]);
    expect(o.rollbacks.total).toBe(2);
    expect(o.rollbacks.perDay.filter((d: { rollbacks: number }) => d.rollbacks > 0)).toEqual([
      { day: '2025-06-15', rollbacks: 2 },
    ]);
  });

  it('--days 1 narrows everything to the last 24 hours', async () => {
    const o = await json(['analytics', 'overview', '--days', '1']);
    expect(o.executions).toMatchObject({ total: 3, succeeded: 1, failed: 1, other: 1 });
    expect(o.executionsPerDay.map((d: { day: string }) => d.day)).toEqual(['2025-06-14', '2025-06-15']);
    expect(o.topChangers).toEqual([
      { user: 'ann', changes: 1 },
      { user: 'bob', changes: 1 },
    ]);
  });

  it('an empty database: honest zeros and "no executions", never NaN', async () => {
    const o = await json(['analytics', 'overview'], emptyEnv());
    expect(o.workflows).toEqual({ total: 0, active: 0, inactive: 0 });
    expect(o.executions).toEqual({
      total: 0,
      succeeded: 0,
      succeededWithFailedActions: 0,
      failed: 0,
      other: 0,
      successRate: null,
      failureRate: null,
      averageDurationMs: null,
      withDuration: 0,
    });
    expect(o.mostActive).toEqual([]);
    expect(o.rollbacks.total).toBe(0);
    for (const tty of [false, true]) {
      const r = await runCli(['analytics', 'overview'], { env: emptyEnv(), tty });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('0 (no executions)');
      expect(r.stdout).toContain('n/a (no finished executions)');
      expect(r.stdout).not.toMatch(/NaN|Infinity|undefined/);
    }
  });

  it('on a terminal the per-day series are bars coloured by outcome; piped they are rows', async () => {
    const tty = await runCli(['analytics', 'overview', '--days', '3'], {
      env: { ...env(), FORCE_COLOR: '1', NO_COLOR: undefined },
      tty: true,
    });
    expect(tty.code).toBe(0);
    expect(tty.stdout).toContain('█');
    expect(tty.stdout).toContain('\u001b[31m'); // failures in red
    expect(tty.stdout).toContain('\u001b[32m'); // successes in green
    const piped = await runCli(['analytics', 'overview', '--days', '3'], { env: env() });
    expect(piped.stdout).toContain('2025-06-15\t3\t2\t1\n');
    expect(piped.stdout).not.toContain('█');
    expect(piped.stdout).not.toContain('\u001b[');
  });

  it('long windows are drawn as sparklines on a terminal', async () => {
    const r = await runCli(['analytics', 'overview', '--days', '90'], { env: env(), tty: true });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/2025-03-17 … 2025-06-15/);
    expect(r.stdout).toMatch(/[▁▂▃▄▅▆▇█]+ +succeeded or running \(peak 2\)/);
  });

  it.each([['0'], ['-7'], ['2.5'], ['36500'], ['week']])('--days %s: exit 2', async (days) => {
    const r = await runCli(['analytics', 'overview', '--days', days], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/accepted: 1 to 3650/);
  });
});

describe('wfctl analytics performance <workflow>', () => {
  it('executions, rates and exact nearest-rank percentiles; missing durations are left out of them', async () => {
    const p = await json(['analytics', 'performance', 'wf-pay']);
    expect(p.workflow).toEqual({ id: 'wf-pay', name: 'Payments' });
    expect(p.executions).toEqual({
      total: 6,
      succeeded: 3,
      succeededWithFailedActions: 0,
      failed: 2,
      other: 1,
      successRate: 60,
      failureRate: 40,
    });
    expect(p.durationMs).toEqual({
      count: 4,
      sumMs: 1000,
      averageMs: 250,
      p50Ms: 200,
      p95Ms: 400,
      maxMs: 400,
      exact: true,
    });
  });

  it('per day, trigger types, and the latest failures with their errors', async () => {
    const p = await json(['analytics', 'performance', 'Payments', '--days', '7']);
    expect(p.perDay.slice(-3)).toEqual([
      { day: '2025-06-13', total: 1, succeeded: 1, succeededWithFailedActions: 0, failed: 0 },
      { day: '2025-06-14', total: 2, succeeded: 1, succeededWithFailedActions: 0, failed: 1 },
      { day: '2025-06-15', total: 3, succeeded: 1, succeededWithFailedActions: 0, failed: 1 },
    ]);
    expect(p.triggerTypes).toEqual([
      { triggerType: 'schedule', executions: 3 },
      { triggerType: 'manual', executions: 1 },
      { triggerType: 'unknown', executions: 1 },
      { triggerType: 'webhook', executions: 1 },
    ]);
    expect(p.latestFailures).toEqual([
      {
        executionId: 'e7',
        workflowId: 'wf-pay',
        workflowName: 'Payments',
        startedAt: '2025-06-15T11:30:00.000Z',
        durationMs: 400,
        error: 'Card 4242 declined',
      },
      {
        executionId: 'e3',
        workflowId: 'wf-pay',
        workflowName: 'Payments',
        startedAt: '2025-06-14T11:00:00.000Z',
        durationMs: 300,
        error: 'Timeout after 7000ms',
      },
    ]);
    const one = await json(['analytics', 'performance', 'wf-pay', '--failures', '1']);
    expect(one.latestFailures.map((f: { executionId: string }) => f.executionId)).toEqual(['e7']);
  });

  it('text output', async () => {
    const r = await runCli(['analytics', 'performance', 'wf-pay'], { env: env() });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('duration:        average 250ms, p50 200ms, p95 400ms, max 400ms');
    expect(r.stdout).toContain('e7\t2025-06-15T11:30:00.000Z\t400ms\tCard 4242 declined');
  });

  it('a workflow without executions: zeros and n/a, never NaN', async () => {
    const p = await json(['analytics', 'performance', 'wf-quiet']);
    expect(p.executions).toEqual({
      total: 0,
      succeeded: 0,
      succeededWithFailedActions: 0,
      failed: 0,
      other: 0,
      successRate: null,
      failureRate: null,
    });
    expect(p.durationMs).toEqual({
      count: 0,
      sumMs: 0,
      averageMs: null,
      p50Ms: null,
      p95Ms: null,
      maxMs: null,
      exact: true,
    });
    const r = await runCli(['analytics', 'performance', 'wf-quiet'], { env: env(), tty: true });
    expect(r.stdout).toContain('0 (no executions)');
    expect(r.stdout).toContain('no executions on any of these 31 days');
    expect(r.stdout).not.toMatch(/NaN|Infinity/);
  });

  it('unknown workflow: exit 4; bad --days: exit 2', async () => {
    expect((await runCli(['analytics', 'performance', 'wf-none'], { env: env() })).code).toBe(4);
    expect((await runCli(['analytics', 'performance', 'wf-pay', '--days', '0'], { env: env() })).code).toBe(2);
  });
});

describe('wfctl analytics report', () => {
  it('markdown: overview, per-workflow performance, errors, rollbacks (default 7 days)', async () => {
    const r = await runCli(['analytics', 'report'], { env: env() });
    expect(r.code).toBe(0);
    const md = r.stdout;
    expect(md).toContain('# Workflow performance report');
    expect(md).toContain('Period: 2025-06-08 12:00 UTC to 2025-06-15 12:00 UTC (7 days)');
    expect(md).toContain('| Executions | 7 (4 succeeded, 2 failed, 1 running or cancelled) |');
    expect(md).toContain('| Success rate | 66.7% |');
    expect(md).toContain('| wf-pay | Payments | 6 | 2 | 60.0% | 250ms | 200ms | 400ms | 400ms |');
    // masked parts cannot turn into HTML in a Markdown viewer
    // workflows by name where a person reads them: the errors' workflows by name, a row's workflow as "name (id)"
    expect(md).toContain('| 2 | Timeout after &lt;n&gt;ms | 2025-06-14 11:00 UTC | Payments |');
    expect(md).toContain('## Rollbacks');
    expect(md).toContain('| 2025-06-15 09:00 UTC | Payments (wf-pay) | 5 | 2 | bob | again |');
    expect(md).toMatch(/^\| 2025-06-\d\d \d\d:\d\d UTC \| Payments \(wf-pay\) \| /m);
  });

  it('html: one self-contained file with inline SVG charts, no scripts or fetched resources', async () => {
    const r = await runCli(['analytics', 'report', '--format', 'html'], { env: env() });
    expect(r.code).toBe(0);
    const html = r.stdout;
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<svg');
    expect(html).toContain('<title>2025-06-15: 3 executions, 1 failed</title>');
    expect(html).not.toMatch(/<script|<link|src=|url\(|@import/i);
  });

  it('escapes what the database holds, in HTML and Markdown', async () => {
    const e = { ...hostile.env, WFCTL_NOW: NOW };
    const html = (await runCli(['analytics', 'report', '--format', 'html'], { env: e })).stdout;
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const md = (await runCli(['analytics', 'report'], { env: e })).stdout;
    expect(md).not.toContain('<img');
    expect(md).toContain('\\| \\*bold\\*');
  });

  it('an empty database still gives a report, saying there was nothing', async () => {
    const r = await runCli(['analytics', 'report'], { env: emptyEnv() });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No executions in this period.');
    expect(r.stdout).toContain('No rollbacks in this period.');
    expect(r.stdout).not.toMatch(/NaN|undefined/);
  });

  it('--output writes the file atomically; a bad --format is exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wfctl-report-'));
    const file = join(dir, 'weekly.html');
    const r = await runCli(['analytics', 'report', '--format', 'html', '--output', file], { env: env() });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(readFileSync(file, 'utf8')).toContain('</html>');
    expect(readdirSync(dir)).toEqual(['weekly.html']);
    const bad = await runCli(['analytics', 'report', '--format', 'pdf'], { env: env() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown report format "pdf"; accepted: markdown, html');
  });
});
