import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';
import { useTestDatabase } from '../../support/db.js';
import { NOW, seedStatsFixtures } from '../../support/stats-fixtures.js';

const db = useTestDatabase('stats');
const empty = useTestDatabase('stats_empty');
const env = () => ({ ...db.env, WFCTL_NOW: NOW });

beforeAll(async () => {
  await seedStatsFixtures(db.ds);
  await empty.ds.workflows.insertOne({
    id: 'wf-new',
    name: 'New',
    enabled: true,
    actions: [{ name: 'only', type: 'log' }],
  });
});

const json = async (args: string[], e = env()) => {
  const r = await runCli([...args, '--json'], { env: e });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
};

describe('wfctl stats errors <workflow>', () => {
  it('counts attempts, failures, retries, recoveries and executions that failed for good', async () => {
    const s = await json(['stats', 'errors', 'wf-pay']);
    expect(s).toMatchObject({
      workflow: { id: 'wf-pay', name: 'Payments' },
      action: null,
      window: { days: 30, from: '2025-05-16T12:00:00.000Z', to: '2025-06-15T12:00:00.000Z' },
      attempts: 12,
      successfulAttempts: 7,
      failedAttempts: 5,
      // per attempt, named so; the per-run rate is under executions
      attemptSuccessRate: 58.33,
      retries: 4,
      recovered: 2,
      executions: { total: 6, failed: 2, successRate: 60 },
    });
  });

  it('lists actions with the most failures first, with the last error and when', async () => {
    const s = await json(['stats', 'errors', 'wf-pay']);
    expect(s.actions).toEqual([
      {
        name: 'fetch',
        attempts: 5,
        failures: 2,
        retries: 1,
        recovered: 0,
        attemptSuccessRate: 60,
        lastError: 'Timeout after 7000ms',
        lastErrorAt: '2025-06-14T11:00:07.000Z',
      },
      {
        name: 'notify',
        attempts: 4,
        failures: 2,
        retries: 2,
        recovered: 1,
        attemptSuccessRate: 50,
        lastError: 'SMTP 451 at 2025-06-14T10:00:09Z',
        lastErrorAt: '2025-06-14T10:00:09.000Z',
      },
      {
        name: 'charge',
        attempts: 3,
        failures: 1,
        retries: 1,
        recovered: 1,
        attemptSuccessRate: 66.67,
        lastError: 'Card 4242 declined (req 550e8400-e29b-41d4-a716-446655440000)',
        lastErrorAt: '2025-06-15T10:00:02.000Z',
      },
    ]);
  });

  it('groups error messages by their shape, with counts and last seen', async () => {
    const s = await json(['stats', 'errors', 'wf-pay']);
    expect(s.commonErrors).toEqual([
      {
        message: 'Timeout after <n>ms',
        count: 2,
        lastSeen: '2025-06-14T11:00:07.000Z',
        example: 'Timeout after 7000ms',
      },
      {
        message: 'SMTP <n> at <time>',
        count: 2,
        lastSeen: '2025-06-14T10:00:09.000Z',
        example: 'SMTP 451 at 2025-06-14T10:00:09Z',
      },
      {
        message: 'Card <n> declined (req <uuid>)',
        count: 1,
        lastSeen: '2025-06-15T10:00:02.000Z',
        example: 'Card 4242 declined (req 550e8400-e29b-41d4-a716-446655440000)',
      },
    ]);
  });

  it('gives failures per day for every day of the window, legacy string timestamps included', async () => {
    const s = await json(['stats', 'errors', 'wf-pay']);
    expect(s.failuresPerDay).toHaveLength(31);
    expect(s.failuresPerDay[0]).toEqual({ day: '2025-05-16', attempts: 0, failures: 0 });
    expect(s.failuresPerDay.slice(-3)).toEqual([
      { day: '2025-06-13', attempts: 1, failures: 0 },
      { day: '2025-06-14', attempts: 7, failures: 4 },
      { day: '2025-06-15', attempts: 4, failures: 1 },
    ]);
    const sum = s.failuresPerDay.reduce((n: number, d: { failures: number }) => n + d.failures, 0);
    expect(sum).toBe(s.failedAttempts);
  });

  it('--days narrows the window', async () => {
    const s = await json(['stats', 'errors', 'wf-pay', '--days', '1']);
    expect(s).toMatchObject({
      attempts: 4,
      failedAttempts: 1,
      retries: 1,
      recovered: 1,
      executions: { total: 3, failed: 1, successRate: 50 },
    });
    expect(s.failuresPerDay.map((d: { day: string }) => d.day)).toEqual(['2025-06-14', '2025-06-15']);
  });

  it('--action: one action with its retry strategies and attempts until success (default 7 days)', async () => {
    const s = await json(['stats', 'errors', 'wf-pay', '--action', 'notify']);
    expect(s).toMatchObject({
      action: 'notify',
      window: { days: 7 },
      attempts: 4,
      failedAttempts: 2,
      retries: 2,
      recovered: 1,
      attemptSuccessRate: 50,
    });
    // runs of this action: the flat documents of other tools do not say which actions ran (see backend-shapes for nested runs)
    expect(s.executions).toEqual({ total: 0, failed: 0, successRate: null });
    expect(s.actions).toHaveLength(1);
    expect(s.strategies).toEqual([{ strategy: 'linear', attempts: 4 }]);
    expect(s.attemptsToSuccess).toEqual([
      { attempt: 1, successes: 1 },
      { attempt: 3, successes: 1 },
    ]);
    expect(s.commonErrors).toEqual([expect.objectContaining({ message: 'SMTP <n> at <time>', count: 2 })]);
  });

  it('an action only in old logs exists, with honest zeros in the window', async () => {
    const s = await json(['stats', 'errors', 'wf-pay', '--action', 'legacy-step']);
    expect(s).toMatchObject({
      attempts: 0,
      failedAttempts: 0,
      attemptSuccessRate: null,
      retries: 0,
      strategies: [],
      attemptsToSuccess: [],
    });
    expect(s.actions).toEqual([
      expect.objectContaining({ name: 'legacy-step', attempts: 0, attemptSuccessRate: null, lastError: null }),
    ]);
  });

  it('an unknown action: exit 4 listing the action names seen', async () => {
    const r = await runCli(['stats', 'errors', 'wf-pay', '--action', 'refund'], { env: env() });
    expect(r.code).toBe(4);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('action "refund" not found in workflow wf-pay');
    expect(r.stderr).toContain('actions seen: charge, fetch, legacy-step, notify');
  });

  it('an unknown workflow: exit 4', async () => {
    const r = await runCli(['stats', 'errors', 'wf-nope'], { env: env() });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('workflow "wf-nope" not found');
  });

  it('an empty workflow: honest zeros and "no action attempts", never NaN', async () => {
    const r = await runCli(['stats', 'errors', 'wf-new'], { env: { ...empty.env, WFCTL_NOW: NOW } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('no action attempts in this window');
    expect(r.stdout).toContain('n/a (no attempts)');
    expect(r.stdout).not.toMatch(/NaN|Infinity|undefined/);
    const s = await json(['stats', 'errors', 'wf-new'], { ...empty.env, WFCTL_NOW: NOW });
    expect(s).toMatchObject({
      attempts: 0,
      failedAttempts: 0,
      attemptSuccessRate: null,
      retries: 0,
      recovered: 0,
      executions: { total: 0, failed: 0, successRate: null },
      commonErrors: [],
    });
    expect(s.actions).toEqual([
      expect.objectContaining({ name: 'only', attempts: 0, failures: 0, attemptSuccessRate: null }),
    ]);
  });

  it('piped: tab-separated tables and per-day rows, no bars', async () => {
    const r = await runCli(['stats', 'errors', 'wf-pay'], { env: env() });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('fetch\t5\t2\t1\t0\t60%\tTimeout after 7000ms\t2025-06-14T11:00:07.000Z');
    expect(r.stdout).toContain('2025-06-14\t7\t3\t4\n');
    expect(r.stdout).not.toContain('█');
  });

  it('on a terminal: aligned tables and a bar chart of failures per day', async () => {
    const r = await runCli(['stats', 'errors', 'wf-pay', '--days', '3'], { env: env(), tty: true });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ACTION\s+ATTEMPTS\s+FAILURES/);
    expect(r.stdout).toMatch(/2025-06-14 █+\S* 7 \(4 failed\)/);
    expect(r.stdout).toContain('legend:');
    // percentages for people: one decimal (wfctl's one rule); piped and CSV keep the stored value
    expect(r.stdout).toMatch(/^fetch\s+5\s+2\s+1\s+0\s+60\.0%/m);
    expect(r.stdout).toMatch(/^runs ok: +60\.0% of runs$/m);
    expect(r.stdout).toMatch(/^attempts ok: +58\.3% of attempts$/m);
    expect(r.stdout).not.toMatch(/\d\.\d\d%/);
  });

  it('--format csv gives the per-action table', async () => {
    const r = await runCli(['stats', 'errors', 'wf-pay', '--format', 'csv'], { env: env() });
    expect(r.stdout.split('\r\n')[0]).toBe('action,attempts,failures,retries,recovered,attempts ok,last error,when');
    expect(r.stdout).toContain('fetch,5,2,1,0,60%,Timeout after 7000ms,2025-06-14T11:00:07.000Z');
  });

  it.each([
    ['0', /out of range; accepted: 1 to 3650/],
    ['-3', /not a whole number of days/],
    ['1.5', /not a whole number of days/],
    ['99999', /out of range; accepted: 1 to 3650/],
    ['soon', /not a whole number of days/],
  ])('--days %s is refused with exit 2 and one line', async (days, message) => {
    const r = await runCli(['stats', 'errors', 'wf-pay', '--days', days], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
