/**
 * Proof that a rollback healed: `versions watch` and `rollback --wait-healthy`
 * follow the restored version's runs (generated here), then judge them against
 * the runs of the version it restores with check regression's statistics:
 * exit 0 no worse, 3 still failing, 5 too few runs. Short durations and poll
 * intervals; no assertion on time.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { fisherExactLess } from '../../../src/data/metrics/index.js';
import { runCli } from '../../support/cli.js';
import { useTestDatabase } from '../../support/db.js';
import { chain, seedWorkflow } from '../../support/version-fixtures.js';

const db = useTestDatabase('watch');
const HOUR = 3_600_000;

/** `ok` successes and `failed` failures of a workflow, started one a minute from `from`. */
async function runs(workflowId: string, from: Date, ok: number, failed: number): Promise<void> {
  if (ok + failed === 0) return;
  const docs = Array.from({ length: ok + failed }, (_, i) => {
    const started = new Date(from.getTime() + (i + 1) * 60_000);
    return {
      workflow_id: workflowId,
      execution: {
        status: i < ok ? 'success' : 'failed',
        started_at: started,
        completed_at: new Date(started.getTime() + 1000),
        actions_completed: [],
        actions_failed: [],
      },
      created_at: new Date(started.getTime() + 1000),
    };
  });
  await db.ds.executions.insertMany(docs);
}

async function changedAt(workflowId: string, version: number): Promise<Date> {
  const v = await db.ds.versions.findOne({ workflow_id: workflowId, version_number: version });
  return v!.changed_at as Date;
}

/**
 * A workflow of 3 versions, 4 hours old (v1 live for its first hour, with `history` runs), rolled
 * back to v1 as v4, whose runs are `restored`; WFCTL_NOW an hour after the rollback.
 */
async function rolledBack(id: string, history: [number, number], restored: [number, number]) {
  const start = new Date(Date.now() - 4 * HOUR);
  await seedWorkflow(db.ds, id, chain(id, 3), { start });
  await runs(id, start, ...history);
  const r = await runCli(['rollback', id, '--to', '1', '--reason', 'v2 broke it', '--yes'], { env: db.env });
  if (r.code !== 0) throw new Error(r.stderr);
  const at = await changedAt(id, 4);
  await runs(id, at, ...restored);
  return { ...db.env, WFCTL_NOW: new Date(at.getTime() + HOUR).toISOString() };
}

const FAST = ['--for', '300ms', '--poll-interval', '100ms'];

describe('versions watch', () => {
  let okEnv: Record<string, string>;
  let badEnv: Record<string, string>;
  let fewEnv: Record<string, string>;
  beforeAll(async () => {
    okEnv = await rolledBack('wf-healed', [27, 3], [24, 1]);
    badEnv = await rolledBack('wf-still', [30, 0], [10, 15]);
    fewEnv = await rolledBack('wf-few', [27, 3], [3, 0]);
  });

  it('exit 0 when the restored version runs no worse than the version it restores', async () => {
    const r = await runCli(['versions', 'watch', 'wf-healed', ...FAST], { env: okEnv });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^✓ v4 of wf-healed \(its history: v1\) is healthy: v4 96\.0% succeeded \(24 of 25 finished, .*\) vs its history v1 90\.0% succeeded \(27 of 30 finished, .*\): no worse beyond chance \(one-sided Fisher exact p = .* >= 0\.05\)\n$/,
    );
  });

  it('on a terminal, a progress line on stderr: runs, ok % and time left, cleared at the end', async () => {
    const r = await runCli(['versions', 'watch', 'wf-healed', ...FAST], { env: okEnv, tty: true });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^\r\x1b\[2Kwatching v4 \(restores v1\): 25 runs, 96\.0% ok, \ds left/);
    expect(r.stderr.endsWith('\r\x1b[2K')).toBe(true);
    const quiet = await runCli(['-q', 'versions', 'watch', 'wf-healed', ...FAST], { env: okEnv, tty: true });
    expect(quiet.stderr).toBe('');
  });

  it('exit 3 when it still fails, with the p-value check regression would compute', async () => {
    const r = await runCli(['versions', 'watch', 'wf-still', ...FAST, '--json'], { env: badEnv });
    expect(r.code).toBe(3);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({
      outcome: 'worse',
      method: 'fisher-exact-one-sided',
      restored: { version: 4, succeeded: 10, failed: 15 },
      history: { version: 1, succeeded: 30, failed: 0 },
      superseded: false,
    });
    expect(json.pValue).toBeCloseTo(fisherExactLess(10, 15, 30, 0), 12);
    const text = await runCli(['versions', 'watch', 'wf-still', ...FAST], { env: badEnv });
    expect(text.code).toBe(3);
    expect(text.stdout).toMatch(/^✗ v4 of wf-still \(its history: v1\) still fails: .*worse beyond chance at 95%/);
  });

  it('exit 5 when too few runs arrived; --min-runs sets how many', async () => {
    const r = await runCli(['versions', 'watch', 'wf-few', ...FAST], { env: fewEnv });
    expect(r.code).toBe(5);
    expect(r.stdout).toBe(
      '? v4 of wf-few (its history: v1): too few runs to judge: v4 has 3 finished runs since it went live, fewer than the 20 needed to judge\n',
    );
    const three = await runCli(['versions', 'watch', 'wf-few', ...FAST, '--min-runs', '3'], { env: fewEnv });
    expect(three.code).toBe(0);
  });

  it('a version that is not a rollback is judged against the version live before it', async () => {
    const start = new Date(Date.now() - 4 * HOUR);
    await seedWorkflow(db.ds, 'wf-plain', chain('wf-plain', 2), { start });
    await runs('wf-plain', start, 20, 0); // v1, its first hour
    await runs('wf-plain', new Date(start.getTime() + HOUR), 20, 0); // v2
    const r = await runCli(['versions', 'watch', 'wf-plain', ...FAST, '--json'], { env: db.env });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      restored: { version: 2, runs: 20 },
      history: { version: 1, runs: 20 },
    });
  });

  it('bad input: exit 2 (or 4 for a workflow that does not exist)', async () => {
    expect((await runCli(['versions', 'watch', 'wf-healed', '--for', '0s'], { env: db.env })).code).toBe(2);
    expect((await runCli(['versions', 'watch', 'wf-healed', '--poll-interval', 'x'], { env: db.env })).code).toBe(2);
    expect((await runCli(['versions', 'watch', 'wf-nowhere', ...FAST], { env: db.env })).code).toBe(4);
  });
});

describe('rollback --wait-healthy', () => {
  /** A workflow whose runs of the coming rollback are already logged, an hour ahead (WFCTL_NOW two hours ahead). */
  async function prepared(id: string, history: [number, number], restored: [number, number]) {
    const start = new Date(Date.now() - 4 * HOUR);
    await seedWorkflow(db.ds, id, chain(id, 3), { start });
    await runs(id, start, ...history);
    await runs(id, new Date(Date.now() + HOUR), ...restored);
    return { ...db.env, WFCTL_NOW: new Date(Date.now() + 2 * HOUR).toISOString() };
  }
  const rollback = (id: string) => ['rollback', id, '--to', '1', '--reason', 'v2 broke it', '--yes'];

  it('rolls back, follows the new version and exits 0 when it runs no worse than the version it restores', async () => {
    const env = await prepared('wf-wait-ok', [27, 3], [24, 1]);
    const r = await runCli([...rollback('wf-wait-ok'), '--wait-healthy', '300ms', '--poll-interval', '100ms'], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('✓ Rolled back');
    expect(r.stdout).toMatch(/\n✓ v4 of wf-wait-ok \(its history: v1\) is healthy: /);
  });

  it('exit 3 when it still fails, and one JSON document with --json', async () => {
    const env = await prepared('wf-wait-bad', [30, 0], [10, 15]);
    const r = await runCli(
      [...rollback('wf-wait-bad'), '--wait-healthy', '300ms', '--poll-interval', '100ms', '--json'],
      {
        env,
      },
    );
    expect(r.code).toBe(3);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ status: 'rolled_back', version: 4, to: 1, wait: { outcome: 'worse' } });
  });

  it('exit 5 when too few runs arrive', async () => {
    const env = await prepared('wf-wait-few', [27, 3], [0, 0]);
    const r = await runCli([...rollback('wf-wait-few'), '--wait-healthy', '300ms', '--poll-interval', '100ms'], {
      env,
    });
    expect(r.code).toBe(5);
    expect(r.stdout).toContain('v4 has 0 finished runs since it went live');
  });

  it('refuses --dry-run and a --poll-interval without it (exit 2, nothing written)', async () => {
    const before = await db.ds.versions.countDocuments({ workflow_id: 'wf-healed' });
    const dry = await runCli(['rollback', 'wf-healed', '--to', '2', '--dry-run', '--wait-healthy', '1m'], {
      env: db.env,
    });
    expect(dry.code).toBe(2);
    expect(dry.stderr).toContain('--dry-run writes none');
    const poll = await runCli([...rollback('wf-healed'), '--poll-interval', '1s'], { env: db.env });
    expect(poll.code).toBe(2);
    expect(poll.stderr).toContain('--poll-interval goes with --wait-healthy');
    expect(await db.ds.versions.countDocuments({ workflow_id: 'wf-healed' })).toBe(before);
  });
});
