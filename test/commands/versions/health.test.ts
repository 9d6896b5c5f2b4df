/**
 * Version health as a user sees it: versions list, the rollback plan's
 * evidence, rollback --if-regressed and analytics performance --by-version,
 * against runs generated with known outcomes per version.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';
import { useTestDatabase } from '../../support/db.js';
import {
  HEALTH_LIVE,
  HEALTH_NOW,
  HEALTH_WF,
  seedHealthWorkflow,
  type ExpectedHealth,
} from '../../support/health-fixtures.js';
import { workflowData } from '../../support/version-fixtures.js';
import { displayWidth } from '../../../src/render/table.js';

const db = useTestDatabase('version_health_cli');
let expected: Map<number, ExpectedHealth>;
const env = () => ({ ...db.env, WFCTL_NOW: HEALTH_NOW });
const rate = (e: ExpectedHealth) =>
  e.succeeded + e.failed === 0 ? null : Math.round((e.succeeded / (e.succeeded + e.failed)) * 10_000) / 100;

beforeAll(async () => {
  expected = await seedHealthWorkflow(db.ds);
  await seedHealthWorkflow(db.ds, { id: 'wf-rollme', seed: 7 });
});

/** A workflow of two versions saved `hoursAgo` before the real clock's now, with runs of known outcome after each. */
async function seedRecent(
  id: string,
  versions: Array<{ hoursAgo: number; ok: number; failed: number }>,
): Promise<void> {
  const now = Date.now();
  await db.ds.versions.insertMany(
    versions.map((v, i) => ({
      workflow_id: id,
      version_number: i + 1,
      workflow_data: workflowData(id, `Recent ${id}`, { revision: i + 1 }),
      change_description: `change ${i + 1}`,
      changed_by: 'alice',
      changed_at: new Date(now - v.hoursAgo * 3_600_000),
      diff: {},
      is_current: i === versions.length - 1,
    })),
  );
  await db.ds.workflows.insertOne({
    ...workflowData(id, `Recent ${id}`, { revision: versions.length }),
    id,
    current_version: versions.length,
  } as never);
  await addRuns(
    id,
    versions.map((v, i) => ({
      from: now - v.hoursAgo * 3_600_000,
      until: i + 1 < versions.length ? now - versions[i + 1]!.hoursAgo * 3_600_000 : now - 60_000,
      ok: v.ok,
      failed: v.failed,
    })),
  );
}

/** Runs spread evenly over [from, until), each one second long, logged when it ends. */
async function addRuns(
  id: string,
  spans: Array<{ from: number; until: number; ok: number; failed: number }>,
): Promise<void> {
  const docs = spans.flatMap((s) => {
    const n = s.ok + s.failed;
    return Array.from({ length: n }, (_, k) => {
      const started = s.from + Math.floor(((k + 0.5) * (s.until - s.from - 1000)) / n);
      const status = k < s.ok ? 'success' : 'failed';
      return {
        workflow_id: id,
        workflow_name: id,
        execution: {
          status,
          started_at: new Date(started),
          completed_at: new Date(started + 1000),
          actions_completed: [],
          actions_failed: status === 'failed' ? ['a'] : [],
          error: status === 'failed' ? 'boom' : null,
          context: {},
        },
        created_at: new Date(started + 1000),
      };
    });
  });
  if (docs.length) await db.ds.executions.insertMany(docs as never);
}

async function versionNumbers(id: string): Promise<number[]> {
  return (await db.ds.versions.find({ workflow_id: id }).sort({ version_number: 1 }).toArray()).map(
    (v) => v.version_number as number,
  );
}

describe('versions list: how each version ran', () => {
  it('--json: runs, success rate, partial successes, other, p95 and live time per version, as generated', async () => {
    const r = await runCli(['versions', 'list', HEALTH_WF, '--json'], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as { versions: Array<{ version: number; health: Record<string, unknown> }> };
    expect(j.versions.map((v) => v.version)).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
    for (const v of j.versions) {
      const e = expected.get(v.version)!;
      const live = HEALTH_LIVE[v.version]!;
      expect(v.health, `v${v.version}`).toMatchObject({
        runs: e.runs,
        succeeded: e.succeeded,
        succeededWithFailedActions: e.succeededWithFailedActions,
        failed: e.failed,
        other: e.other,
        successRate: rate(e),
        liveFrom: new Date(live.from).toISOString(),
        liveUntil: live.until === null ? null : new Date(live.until).toISOString(),
        liveMs: (live.until ?? Date.parse(HEALTH_NOW)) - live.from,
      });
      if (e.p95DurationMs === null) expect(v.health.p95DurationMs).toBeNull();
      else
        expect(Math.abs((v.health.p95DurationMs as number) - e.p95DurationMs) / e.p95DurationMs).toBeLessThanOrEqual(
          0.01,
        );
    }
  });

  it('on a terminal: LIVE, RUNS, OK, PARTIAL and P95 columns, the least needed left out to fit 80 columns; piped and CSV: the numbers after the old columns', async () => {
    const wide = await runCli(['versions', 'list', HEALTH_WF], { env: env(), tty: true, columns: 120 });
    expect(wide.stdout.split('\n')[0]).toMatch(
      /^VERSION\s+CURRENT\s+CHANGED AT\s+CHANGED BY\s+LIVE\s+RUNS\s+OK\s+PARTIAL\s+P95\s+DESCRIPTION$/,
    );
    const tty = await runCli(['versions', 'list', HEALTH_WF], { env: env(), tty: true, columns: 80 });
    expect(tty.code).toBe(0);
    const lines = tty.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^VERSION\s+CURRENT\s+CHANGED AT\s+LIVE\s+RUNS\s+OK\s+P95\s+DESCRIPTION$/);
    for (const line of lines) expect(displayWidth(line), line).toBeLessThanOrEqual(80);
    const v8 = lines.find((l) => /^\s*8\s/.test(l))!;
    expect(v8).toContain(`${rate(expected.get(8)!)!.toFixed(1)}%`);
    expect(v8).toMatch(/1d 1h/);
    expect(lines.find((l) => /^\s*5\s/.test(l))).toMatch(/\b2s\b/);

    const csv = await runCli(['versions', 'list', HEALTH_WF, '--format', 'csv'], { env: env() });
    const rows = csv.stdout
      .trimEnd()
      .split('\r\n')
      .map((l) => l.split(','));
    expect(rows[0]).toEqual([
      'version',
      'current',
      'changed at',
      'changed by',
      'description',
      'restores',
      'live ms',
      'runs',
      'succeeded',
      'succeeded with failed actions',
      'failed',
      'success rate',
      'p95 ms',
      'reason',
      'authenticated user',
    ]);
    const csv3 = rows.find((row) => row[0] === '3')!;
    expect(csv3.slice(6)).toEqual(['86400000', '0', '0', '0', '0', '', '', '', '']);
    const e2 = expected.get(2)!;
    expect(rows.find((row) => row[0] === '2')!.slice(7, 12)).toEqual(
      [e2.runs, e2.succeeded, e2.succeededWithFailedActions, e2.failed, rate(e2)].map(String),
    );
    const piped = await runCli(['versions', 'list', HEALTH_WF], { env: env() });
    expect(piped.stdout.split('\n')[0]!.split('\t').slice(0, 8)).toEqual(
      csv.stdout.split('\r\n')[1]!.split(',').slice(0, 8),
    );
  });

  it('--limit: the versions listed get the same figures; --no-health: health is null', async () => {
    const j = JSON.parse(
      (await runCli(['versions', 'list', HEALTH_WF, '--json', '--limit', '2'], { env: env() })).stdout,
    );
    expect(j.versions.map((v: { version: number; health: { runs: number } }) => [v.version, v.health.runs])).toEqual([
      [8, expected.get(8)!.runs],
      [7, 0],
    ]);
    const bare = JSON.parse(
      (await runCli(['versions', 'list', HEALTH_WF, '--json', '--no-health'], { env: env() })).stdout,
    );
    expect(bare.versions.every((v: { health: unknown }) => v.health === null)).toBe(true);
  });
});

describe('the rollback plan shows the evidence', () => {
  it('--dry-run: both versions, one line each, before the diff; --json: evidence with both; nothing written', async () => {
    const e8 = expected.get(8)!;
    const e4 = expected.get(4)!;
    const r = await runCli(['rollback', HEALTH_WF, '--to', '4', '--dry-run'], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n').slice(1, 3)).toEqual([
      `  current v8: ${e8.runs} runs, ${rate(e8)!.toFixed(1)}% ok, live 1d 1h so far`,
      `  target  v4: ${e4.runs} runs, ${rate(e4)!.toFixed(1)}% ok, live 2d 0h`,
    ]);
    const j = JSON.parse(
      (await runCli(['rollback', HEALTH_WF, '--to', '4', '--dry-run', '--json'], { env: env() })).stdout,
    );
    expect(j.status).toBe('dry_run');
    expect(j.evidence).toMatchObject({
      trigger: 'manual',
      current: { version: 8, runs: e8.runs, successRate: rate(e8) },
      target: { version: 4, runs: e4.runs, successRate: rate(e4) },
    });
    expect(await versionNumbers(HEALTH_WF)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});

describe('rollback --if-regressed', () => {
  it('bad input: a version that does not exist (exit 4), bad --confidence or --min-runs (exit 2), flags without --if-regressed (exit 2); nothing written', async () => {
    const cases: Array<[string[], number, RegExp]> = [
      [['--if-regressed', '--to', '99'], 4, /has no version 99/],
      [['--if-regressed', '--confidence', '0.5'], 2, /--confidence/],
      [['--if-regressed', '--confidence', '0.999'], 2, /--confidence/],
      [['--if-regressed', '--confidence', 'high'], 2, /--confidence/],
      [['--if-regressed', '--min-runs', '0'], 2, /--min-runs/],
      [['--to', 'previous'], 2, /--to previous goes with --if-regressed/],
      [['--to', '4', '--confidence', '0.9'], 2, /--confidence goes with --if-regressed/],
    ];
    for (const [args, code, message] of cases) {
      const r = await runCli(['rollback', 'wf-rollme', ...args, '--reason', 'auto', '--yes'], { env: env() });
      expect(r.code, args.join(' ')).toBe(code);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(
        r.stderr
          .trimEnd()
          .split('\n')
          .filter((l) => !l.startsWith('hint:')),
      ).toHaveLength(1);
      expect(r.stdout).toBe('');
    }
    expect(await versionNumbers('wf-rollme')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('--dry-run says what it would do; the real run rolls back to the version compared with and records the evidence; the next run leaves it', async () => {
    const dry = await runCli(['rollback', 'wf-rollme', '--if-regressed', '--dry-run', '--json'], { env: env() });
    expect(dry.code, dry.stderr).toBe(0);
    const d = JSON.parse(dry.stdout);
    expect(d).toMatchObject({
      status: 'dry_run',
      from: 8,
      to: 6,
      regression: { outcome: 'worse', current: { version: 8 }, previous: { version: 6 } },
    });
    expect(d.regression.pValue).toBeLessThan(0.05);
    expect(await versionNumbers('wf-rollme')).toHaveLength(8);

    const r = await runCli(['rollback', 'wf-rollme', '--if-regressed', '--reason', 'automatic: v8 fell', '--yes'], {
      env: env(),
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^regression: one-sided Fisher exact p = \S+ < 0\.05$/m);
    expect(r.stdout).toContain(
      '✓ Rolled back "Health check" (wf-rollme): now v9 (a copy of v6; was v8)\n  to undo: wfctl rollback wf-rollme --to 8\n',
    );
    const v9 = await db.ds.versions.findOne({ workflow_id: 'wf-rollme', version_number: 9 });
    expect(v9).toMatchObject({
      rollback_of: 6,
      reason: 'automatic: v8 fell',
      rollback_evidence: { trigger: 'if-regressed', current: { version: 8 }, target: { version: 6 } },
    });
    const audit = await db.ds.audit.findOne({ workflow_id: 'wf-rollme', event_type: 'workflow_rolled_back' });
    expect(audit?.details).toMatchObject({
      version_number: 6,
      new_version: 9,
      evidence: {
        trigger: 'if-regressed',
        regression: {
          method: 'fisher-exact-one-sided',
          confidence: 0.95,
          current: { version: 8 },
          previous: { version: 6 },
        },
      },
    });
    expect((audit?.details as { evidence: { regression: { pValue: number } } }).evidence.regression.pValue).toBe(
      d.regression.pValue,
    );

    // v9 is live from the real clock's now, after WFCTL_NOW: no runs, nothing to judge
    const again = await runCli(['rollback', 'wf-rollme', '--if-regressed', '--reason', 'automatic: v8 fell', '--yes'], {
      env: env(),
    });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(
      /^Not rolling back wf-rollme: too little to judge: v9 has 0 finished runs since it went live/,
    );
    expect(await versionNumbers('wf-rollme')).toHaveLength(9);
  });

  it('never rolls back a rollback it wrote, even when that one does worse still', async () => {
    await seedRecent('wf-auto', [
      { hoursAgo: 30, ok: 60, failed: 0 },
      { hoursAgo: 6, ok: 10, failed: 20 },
    ]);
    const first = await runCli(['rollback', 'wf-auto', '--if-regressed', '--reason', 'auto', '--yes', '--json'], {
      env: db.env,
    });
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ status: 'rolled_back', from: 2, to: 1, version: 3 });
    // v3 (v1's data) now fails every run: worse than v2 beyond chance
    const v3 = (await db.ds.versions.findOne({ workflow_id: 'wf-auto', version_number: 3 }))!;
    const v3At = (v3.changed_at as Date).getTime();
    await addRuns('wf-auto', [{ from: v3At + 1000, until: v3At + 3_600_000, ok: 0, failed: 40 }]);
    // two hours later
    const later = { ...db.env, WFCTL_NOW: new Date(v3At + 7_200_000).toISOString() };
    const r = await runCli(['rollback', 'wf-auto', '--if-regressed', '--reason', 'auto', '--yes', '--json'], {
      env: later,
    });
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({
      status: 'unchanged',
      unchangedReason: 'automatic-rollback',
      regression: { outcome: 'worse', current: { version: 3 }, previous: { version: 2 } },
    });
    expect(j.message).toMatch(/^v3 is the rollback --if-regressed wrote/);
    expect(await versionNumbers('wf-auto')).toEqual([1, 2, 3]);
  });

  it('a version a person wrote after the regressed one stops it; a better current version is left alone (exit 0, says why)', async () => {
    await seedRecent('wf-person', [
      { hoursAgo: 30, ok: 60, failed: 0 },
      { hoursAgo: 6, ok: 10, failed: 20 },
    ]);
    const created = await runCli(['versions', 'create', 'wf-person', '--file', '-', '-m', 'hotfix'], {
      env: db.env,
      stdin: JSON.stringify(workflowData('wf-person', 'Recent wf-person', { revision: 99 })),
    });
    expect(created.code, created.stderr).toBe(0);
    const r = await runCli(['rollback', 'wf-person', '--if-regressed', '--reason', 'auto', '--yes'], { env: db.env });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^Not rolling back wf-person: too little to judge: v3 has 0 finished runs since it went live/,
    );
    expect(await versionNumbers('wf-person')).toEqual([1, 2, 3]);

    await seedRecent('wf-better', [
      { hoursAgo: 30, ok: 30, failed: 30 },
      { hoursAgo: 6, ok: 40, failed: 0 },
    ]);
    const better = await runCli(['rollback', 'wf-better', '--if-regressed', '--reason', 'auto', '--yes'], {
      env: db.env,
    });
    expect(better.code).toBe(0);
    expect(better.stdout).toMatch(
      /^Not rolling back wf-better: v2 100\.0% succeeded \(40 of 40 finished.*not worse beyond chance/,
    );
    expect(await versionNumbers('wf-better')).toEqual([1, 2]);
  });

  it('two runs at once roll back once: the loser finds the version it judged gone and does nothing', async () => {
    await seedRecent('wf-race', [
      { hoursAgo: 30, ok: 60, failed: 0 },
      { hoursAgo: 6, ok: 10, failed: 20 },
    ]);
    const runs = await Promise.all(
      [1, 2, 3].map(() =>
        runCli(['rollback', 'wf-race', '--if-regressed', '--reason', 'auto', '--yes', '--json'], { env: db.env }),
      ),
    );
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const statuses = runs.map((r) => JSON.parse(r.stdout).status).sort();
    expect(statuses.filter((s) => s === 'rolled_back')).toHaveLength(1);
    expect(await versionNumbers('wf-race')).toEqual([1, 2, 3]);
  });
});

describe('analytics performance --by-version', () => {
  it('--json: every version live in the window, oldest first, with the generated counts; a chart of success rates on a terminal', async () => {
    const j = JSON.parse(
      (await runCli(['analytics', 'performance', HEALTH_WF, '--days', '30', '--by-version', '--json'], { env: env() }))
        .stdout,
    );
    expect(j.byVersion.map((v: { version: number }) => v.version)).toEqual([1, 2, 3, 4, 5, 6, 8]);
    for (const v of j.byVersion)
      expect([v.version, v.runs, v.failed, v.successRate]).toEqual([
        v.version,
        expected.get(v.version)!.runs,
        expected.get(v.version)!.failed,
        rate(expected.get(v.version)!),
      ]);
    // a 3-day window: v4 (until NOW-2d) and later, and no run from before it
    const short = JSON.parse(
      (await runCli(['analytics', 'performance', HEALTH_WF, '--days', '3', '--by-version', '--json'], { env: env() }))
        .stdout,
    );
    expect(short.byVersion.map((v: { version: number }) => v.version)).toEqual([4, 5, 6, 8]);
    expect(short.byVersion[0].runs).toBeLessThan(expected.get(4)!.runs);

    const tty = await runCli(['analytics', 'performance', HEALTH_WF, '--days', '30', '--by-version'], {
      env: { ...env(), NO_COLOR: '1' },
      tty: true,
      columns: 100,
    });
    expect(tty.code).toBe(0);
    const chart = tty.stdout.slice(tty.stdout.indexOf('Success rate per version'));
    expect(chart).toMatch(
      new RegExp(
        `v8 █+[▏▎▍▌▋▊▉]?░+ ${rate(expected.get(8)!)!.toFixed(1)}% of ${expected.get(8)!.succeeded + expected.get(8)!.failed}`,
      ),
    );
    expect(chart).toMatch(/v3 no finished runs/);
    const plain = await runCli(['analytics', 'performance', HEALTH_WF, '--days', '30', '--by-version'], { env: env() });
    expect(plain.stdout).not.toContain('Success rate per version');
  });
});
