import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from '../../../src/data/core/index.js';
import { fisherExactLess, wilsonInterval } from '../../../src/data/metrics/index.js';
import { runCli } from '../../support/cli.js';
import { useTestDatabase } from '../../support/db.js';
import { HEALTH_LIVE, HEALTH_NOW, seedHealthWorkflow, type ExpectedHealth } from '../../support/health-fixtures.js';
import { workflowData } from '../../support/version-fixtures.js';
import { scrapeTextfiles } from '../../support/node-exporter.js';

const db = useTestDatabase('check_regression');
const env = () => ({ ...db.env, WFCTL_NOW: HEALTH_NOW });
const run = (args: string[]) => runCli(args, { env: env() });
const NOW = Date.parse(HEALTH_NOW);
const H = 3_600_000;
const D = 24 * H;

let expected: Map<number, ExpectedHealth>;
const v = (n: number) => expected.get(n)!;
const finished = (e: ExpectedHealth) => e.succeeded + e.failed;

/** A workflow as the backend writes it: its document, one version per changed_at (the last current). */
async function seedVersions(ds: DataSource, id: string, changedAt: number[]): Promise<void> {
  const states = changedAt.map((_, i) => workflowData(id, `Workflow ${id}`, { revision: i + 1 }));
  const last = changedAt.length - 1;
  await ds.versions.insertMany(
    changedAt.map((t, i) => ({
      workflow_id: id,
      version_number: i + 1,
      workflow_data: states[i]!,
      change_description: i === 0 ? 'created' : `change ${i + 1}`,
      changed_by: 'alice',
      changed_at: new Date(t),
      diff: {},
      is_current: i === last,
    })),
  );
  await ds.workflows.insertOne({
    ...states[last]!,
    id,
    updated_at: new Date(changedAt[last]!),
    current_version: last + 1,
  } as never);
}

/** ok then failed runs of 1 s each, spread evenly over [from, until), logged when they end (nested backend shape). */
async function seedRuns(
  ds: DataSource,
  id: string,
  from: number,
  until: number,
  ok: number,
  failed: number,
): Promise<void> {
  const n = ok + failed;
  const step = (until - from) / n;
  const docs = Array.from({ length: n }, (_, i) => {
    const started = Math.floor(from + i * step + 1000);
    const status = i < ok ? 'success' : 'failed';
    const execution = {
      status,
      started_at: new Date(started),
      completed_at: new Date(started + 1000),
      actions_completed: ['fetch'],
      actions_failed: status === 'failed' ? ['fetch'] : [],
      error: status === 'failed' ? 'Timeout after 1000ms' : null,
      context: { trigger_type: 'schedule' },
    };
    return { workflow_id: id, workflow_name: `Workflow ${id}`, execution, created_at: new Date(started + 1000) };
  });
  for (let i = 0; i < docs.length; i += 1000) await ds.executions.insertMany(docs.slice(i, i + 1000) as never);
}

beforeAll(async () => {
  expected = await seedHealthWorkflow(db.ds);
  // one version only: nothing to compare
  await seedVersions(db.ds, 'wf-single', [NOW - 2 * D]);
  await seedRuns(db.ds, 'wf-single', NOW - 2 * D, NOW - H, 30, 0);
  // v1 60% ok, v2 100% ok: better, never "worse"
  await seedVersions(db.ds, 'wf-better', [NOW - 3 * D, NOW - D]);
  await seedRuns(db.ds, 'wf-better', NOW - 3 * D, NOW - D - H, 30, 20);
  await seedRuns(db.ds, 'wf-better', NOW - D, NOW - H, 50, 0);
  // success-rate --confidence: runs logged in the last hour (before NOW: the window is half-open)
  for (const [id, ok, failed] of [
    ['wf-sr-three', 3, 0],
    ['wf-sr-many', 400, 0],
    ['wf-sr-low', 10, 90],
  ] as const) {
    await seedVersions(db.ds, id, [NOW - 2 * D]);
    await seedRuns(db.ds, id, NOW - H + 60_000, NOW - 60_000, ok, failed);
  }
});

/** Wilson bounds as wfctl reports them: percent, 2 decimals. */
const wilson = (s: number, n: number, c = 0.95) => {
  const w = wilsonInterval(s, n, c);
  return { lower: Math.round(w.lower * 10_000) / 100, upper: Math.round(w.upper * 10_000) / 100 };
};
/** One decimal: a rate to the nearest, an interval outward (lower bound down, upper up). */
const nearest = (x: number) => (Math.round(Number((x * 10).toPrecision(12))) / 10).toFixed(1);
const down = (x: number) => (Math.floor(Number((x * 10).toPrecision(12))) / 10).toFixed(1);
const up = (x: number) => (Math.ceil(Number((x * 10).toPrecision(12))) / 10).toFixed(1);
const sideText = (version: number, e: ExpectedHealth) => {
  const w = wilsonInterval(e.succeeded, finished(e), 0.95);
  return `v${version} ${nearest((100 * e.succeeded) / finished(e))}% succeeded (${e.succeeded} of ${finished(e)} finished, 95% interval ${down(w.lower * 100)}-${up(w.upper * 100)}%)`;
};

describe('wfctl check regression <workflow>', () => {
  it('wf-health: v8 (60%) is worse than v6 (90%), v7 skipped: exit 3, the test and both sides in text and JSON', async () => {
    const r = await run(['check', 'regression', 'wf-health']);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^✗ regression {2}BREACHED: /);
    expect(lines[0]).toContain(
      `${sideText(8, v(8))} vs ${sideText(6, v(6))}: worse beyond chance (one-sided Fisher exact p = `,
    );
    expect(lines[0]).toMatch(/< 0\.05\) \[Health check \(wf-health\)\]$/);
    expect(lines[0]).not.toContain('v7');

    const j = await run(['check', 'regression', 'wf-health', '--json']);
    expect(j.code).toBe(3);
    const out = JSON.parse(j.stdout);
    expect(out).toMatchObject({ outcome: 'breached', exitStatus: 3, checkedAt: '2025-06-15T12:00:00.000Z' });
    expect(out.checks).toHaveLength(1);
    const c = out.checks[0];
    const p = fisherExactLess(v(8).succeeded, v(8).failed, v(6).succeeded, v(6).failed);
    expect(p).toBeLessThan(0.05);
    expect(c).toMatchObject({
      check: 'regression',
      outcome: 'breached',
      workflow: 'wf-health',
      window: 'current-version',
      threshold: { min: 0.05 },
    });
    expect(c.value).toBe(p);
    expect(c.regression).toMatchObject({
      method: 'fisher-exact-one-sided',
      confidence: 0.95,
      minRuns: 20,
      baselineMs: 7 * D,
      pValue: p,
    });
    for (const [role, n] of [
      ['current', 8],
      ['previous', 6],
    ] as const) {
      const e = v(n);
      expect(c.regression[role], role).toMatchObject({
        version: n,
        runs: e.runs,
        succeeded: e.succeeded,
        succeededWithFailedActions: e.succeededWithFailedActions,
        failed: e.failed,
        liveFrom: new Date(HEALTH_LIVE[n]!.from).toISOString(),
        interval: wilson(e.succeeded, finished(e)),
      });
    }
    expect(c.regression.previous.liveUntil).toBe(new Date(HEALTH_LIVE[6]!.until!).toISOString());
    expect(c.from).toBe(new Date(HEALTH_LIVE[8]!.from).toISOString());
  });

  it('--confidence 0.99 moves the threshold to 0.01 and the intervals to 99%', async () => {
    const c = JSON.parse((await run(['check', 'regression', 'wf-health', '--confidence', '0.99', '--json'])).stdout)
      .checks[0];
    expect(c.threshold).toEqual({ min: 0.01 });
    expect(c.regression.current.interval).toEqual(wilson(v(8).succeeded, finished(v(8)), 0.99));
  });

  it.each([['0.5'], ['0.999'], ['1'], ['0'], ['abc'], ['0.95x'], ['0.99999'], ['-0.9'], ['']])(
    '--confidence %j: exit 2, one line naming --confidence, nothing on stdout',
    async (bad) => {
      for (const sub of [
        ['regression', 'wf-health'],
        ['success-rate', '--min', '95', '--workflow', 'wf-sr-three'],
      ]) {
        const r = await run(['check', ...sub, '--confidence', bad]);
        expect(r.code, sub[0]).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(r.stderr).toContain('--confidence');
        expect(r.stderr).toContain('is not a confidence level');
      }
    },
  );

  it.each([['0'], ['-1'], ['1.5'], ['x']])('--min-runs %j: exit 2', async (bad) => {
    const r = await run(['check', 'regression', 'wf-health', '--min-runs', bad]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('--min-runs');
    expect(r.stderr).toContain('is not a positive whole number');
  });

  it('an unknown workflow: exit 4; the workflow given twice, differently: exit 2', async () => {
    const r = await run(['check', 'regression', 'wf-nope']);
    expect(r.code).toBe(4);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^wfctl: workflow "?wf-nope"? not found/);
    const twice = await run(['check', 'regression', 'wf-health', '--workflow', 'wf-better']);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('give the workflow once');
  });

  it("--min-runs above v8's finished runs: exit 5 saying how many it has; --insufficient-data ok maps it to 0", async () => {
    const n = finished(v(8));
    expect(n).toBeLessThan(50);
    const r = await run(['check', 'regression', 'wf-health', '--min-runs', '50']);
    expect(r.code).toBe(5);
    expect(r.stdout).toBe(
      `? regression  insufficient data: v8 has ${n} finished runs since it went live, fewer than the 50 needed to judge [Health check (wf-health)]\n`,
    );
    const j = JSON.parse((await run(['check', 'regression', 'wf-health', '--min-runs', '50', '--json'])).stdout);
    expect(j).toMatchObject({ outcome: 'insufficient-data', exitStatus: 5 });
    expect(j.checks[0]).toMatchObject({
      value: null,
      regression: { pValue: null, minRuns: 50, current: { succeeded: v(8).succeeded } },
    });
    const ok = await run(['check', 'regression', 'wf-health', '--min-runs', '50', '--insufficient-data', 'ok']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('insufficient data: v8 has');
    // exactly enough is enough
    expect((await run(['check', 'regression', 'wf-health', '--min-runs', String(n)])).code).toBe(3);
  });

  it('--baseline 1h: v6 has only its last hour of runs: exit 5, "in its last 1h of life"', async () => {
    const end = HEALTH_LIVE[6]!.until!;
    const inLastHour = await db.ds.executions.countDocuments({
      workflow_id: 'wf-health',
      'execution.started_at': { $gte: new Date(end - H), $lt: new Date(end) },
      'execution.status': { $in: ['success', 'failed'] },
    });
    expect(inLastHour).toBeLessThan(20);
    const r = await run(['check', 'regression', 'wf-health', '--baseline', '1h']);
    expect(r.code).toBe(5);
    expect(r.stdout).toContain(
      `v6 has ${inLastHour} finished run${inLastHour === 1 ? '' : 's'} in its last 1h of life, fewer than the 20 needed to judge`,
    );
    const j = JSON.parse((await run(['check', 'regression', 'wf-health', '--baseline', '1h', '--json'])).stdout)
      .checks[0];
    expect(j.regression).toMatchObject({ baselineMs: H, previous: { version: 6, succeeded: expect.any(Number) } });
    expect(j.regression.previous.succeeded + j.regression.previous.failed).toBe(inLastHour);
  });

  it('a workflow with a single version: exit 5, nothing to compare', async () => {
    const r = await run(['check', 'regression', 'wf-single']);
    expect(r.code).toBe(5);
    expect(r.stdout).toBe(
      '? regression  insufficient data: only version 1 exists: nothing to compare it with [Workflow wf-single (wf-single)]\n',
    );
  });

  it('a current version better than the previous one: exit 0, not worse (p = 1)', async () => {
    const r = await run(['check', 'regression', 'wf-better']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      `✓ regression  ok: v2 100.0% succeeded (50 of 50 finished, 95% interval ${down(wilson(50, 50).lower)}-100.0%) vs v1 60.0% succeeded (30 of 50 finished, 95% interval ${down(wilsonInterval(30, 50, 0.95).lower * 100)}-${up(wilsonInterval(30, 50, 0.95).upper * 100)}%): not worse beyond chance (one-sided Fisher exact p = 1 >= 0.05) [Workflow wf-better (wf-better)]\n`,
    );
    const c = JSON.parse((await run(['check', 'regression', 'wf-better', '--json'])).stdout).checks[0];
    expect(c).toMatchObject({
      outcome: 'ok',
      value: 1,
      regression: {
        current: { version: 2, succeeded: 50, failed: 0 },
        previous: { version: 1, succeeded: 30, failed: 20 },
      },
    });
  });
});

describe('wfctl check regression (every workflow)', () => {
  it('one result per workflow with two versions or more, sorted by id; the worst outcome decides the exit status', async () => {
    const r = await run(['check', 'regression', '--json']);
    expect(r.code).toBe(3);
    const j = JSON.parse(r.stdout);
    expect(j.exitStatus).toBe(3);
    expect(j.checks.map((c: { workflow: string; outcome: string }) => `${c.workflow}:${c.outcome}`)).toEqual([
      'wf-better:ok',
      'wf-health:breached',
    ]);
    const text = await run(['check', 'regression']);
    expect(text.code).toBe(3);
    const lines = text.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^✓ regression {2}ok: v2 .* \[Workflow wf-better \(wf-better\)\]$/);
    expect(lines[1]).toMatch(/^✗ regression {2}BREACHED: v8 .* \[Health check \(wf-health\)\]$/);
  });
});

describe('wfctl check regression --format prometheus', () => {
  it('the p-value, the threshold and both versions as series; node_exporter reads the file', async () => {
    const p = fisherExactLess(v(8).succeeded, v(8).failed, v(6).succeeded, v(6).failed);
    const r = await run(['check', 'regression', 'wf-health', '--format', 'prometheus']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trim().split('\n');
    const l =
      'name="wfctl",check="regression",workflow="wf-health",workflow_name="Health check",window="current-version"';
    expect(lines).toContain(`wfctl_check_status{${l}} 1`);
    expect(lines).toContain(`wfctl_check_breached{${l}} 1`);
    expect(lines).toContain(`wfctl_check_value{${l}} ${Number(p.toPrecision(6))}`);
    expect(lines).toContain(`wfctl_check_threshold{${l},bound="min"} 0.05`);
    for (const [role, n] of [
      ['current', 8],
      ['previous', 6],
    ] as const) {
      const e = v(n);
      const side = `${l},role="${role}",version="${n}"`;
      expect(lines).toContain(
        `wfctl_check_version_success_ratio{${side}} ${Number((e.succeeded / finished(e)).toPrecision(6))}`,
      );
      expect(lines).toContain(`wfctl_check_version_runs{${side},status="success"} ${e.succeeded}`);
      expect(lines).toContain(`wfctl_check_version_runs{${side},status="failed"} ${e.failed}`);
    }
    expect(lines).toContain(`wfctl_check_last_run_timestamp_seconds{name="wfctl"} ${NOW / 1000}`);
    const types = lines.filter((x) => x.startsWith('# TYPE')).map((x) => x.split(' ')[2]);
    expect(new Set(types).size).toBe(types.length);
    expect(lines.filter((x) => !x.startsWith('#')).length).toBe(4 + 2 + 4 + 1);

    const dir = mkdtempSync(join(tmpdir(), 'wfctl-regression-'));
    const w = await run([
      'check',
      'regression',
      '--format',
      'prometheus',
      '--output',
      join(dir, 'wfctl-regression.prom'),
    ]);
    expect(w.code).toBe(0);
    expect(w.stdout).toBe('');
    expect(w.stderr).toContain('BREACHED');
    const metrics = await scrapeTextfiles(dir);
    expect(metrics.text).toMatch(/^node_textfile_scrape_error 0$/m);
    const s = 'check="regression",name="wfctl-regression"';
    expect(metrics.text).toMatch(
      new RegExp(
        `^wfctl_check_value\\{${s},window="current-version",workflow="wf-health",workflow_name="Health check"\\} \\S+$`,
        'm',
      ),
    );
    expect(metrics.text).toMatch(
      new RegExp(
        `^wfctl_check_value\\{${s},window="current-version",workflow="wf-better",workflow_name="Workflow wf-better"\\} 1$`,
        'm',
      ),
    );
    expect(metrics.text).toMatch(
      new RegExp(
        `^wfctl_check_version_success_ratio\\{${s},role="current",version="8",window="current-version",workflow="wf-health",workflow_name="Health check"\\} \\S+$`,
        'm',
      ),
    );
    expect(metrics.text).toMatch(
      new RegExp(
        `^wfctl_check_version_runs\\{${s},role="previous",status="failed",version="6",window="current-version",workflow="wf-health",workflow_name="Health check"\\} ${v(6).failed}$`,
        'm',
      ),
    );
    expect(metrics.stderr).not.toMatch(/level=error|duplicate|collected before/i);
  });
});

describe('wfctl check success-rate --confidence', () => {
  const sr = (id: string, extra: string[] = []) =>
    run(['check', 'success-rate', '--min', '95', '--window', '1h', '--workflow', id, ...extra]);

  it('3 of 3 succeeded: 100%, but its 95% interval 43.85-100% holds 95: exit 5; without --confidence exit 0', async () => {
    expect(wilson(3, 3)).toEqual({ lower: 43.85, upper: 100 });
    const r = await sr('wf-sr-three', ['--confidence', '0.95']);
    expect(r.code).toBe(5);
    expect(r.stdout).toContain('insufficient data: ');
    expect(r.stdout).toContain('43.8-100.0%');
    expect(r.stdout).toContain(
      'success rate 100.0% over the last 1h (3 of 3 finished executions succeeded), too few to decide: its 95% interval 43.8-100.0% holds the 95% minimum [Workflow wf-sr-three (wf-sr-three)]',
    );
    const j = JSON.parse((await sr('wf-sr-three', ['--confidence', '0.95', '--json'])).stdout);
    expect(j).toMatchObject({ outcome: 'insufficient-data', exitStatus: 5 });
    expect(j.checks[0]).toMatchObject({
      value: 100,
      executions: 3,
      succeeded: 3,
      interval: { confidence: 0.95, lower: 43.85, upper: 100 },
    });
    const plain = await sr('wf-sr-three');
    expect(plain.code).toBe(0);
    expect(plain.stdout).toBe(
      '✓ success-rate  ok: success rate 100.0% >= 95% over the last 1h (3 of 3 finished executions succeeded) [Workflow wf-sr-three (wf-sr-three)]\n',
    );
    expect(JSON.parse((await sr('wf-sr-three', ['--json'])).stdout).checks[0].interval).toBeUndefined();
  });

  it('400 of 400: the whole interval is above 95: exit 0', async () => {
    const r = await sr('wf-sr-many', ['--confidence', '0.95', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).checks[0]).toMatchObject({
      outcome: 'ok',
      executions: 400,
      interval: { confidence: 0.95, ...wilson(400, 400) },
    });
    expect((await sr('wf-sr-many', ['--confidence', '0.95'])).stdout).toContain(
      `ok: success rate 100.0% >= 95% with all of its 95% interval ${down(wilson(400, 400).lower)}-100.0% over the last 1h`,
    );
    // no interval reaches 100%: refused rather than never passing
    const hundred = await run([
      'check',
      'success-rate',
      '--min',
      '100',
      '--window',
      '1h',
      '--workflow',
      'wf-sr-many',
      '--confidence',
      '0.95',
    ]);
    expect(hundred.code).toBe(2);
    expect(hundred.stderr).toMatch(/--confidence with --min 100 can never pass/);
    expect(hundred.stdout).toBe('');
  });

  it('10 of 100: the whole interval is below 95: exit 3', async () => {
    const r = await sr('wf-sr-low', ['--confidence', '0.95']);
    expect(r.code).toBe(3);
    const w = wilson(10, 100);
    expect(r.stdout).toBe(
      `✗ success-rate  BREACHED: success rate 10.0% < 95% with all of its 95% interval ${down(wilsonInterval(10, 100, 0.95).lower * 100)}-${up(wilsonInterval(10, 100, 0.95).upper * 100)}% over the last 1h (10 of 100 finished executions succeeded) [Workflow wf-sr-low (wf-sr-low)]\n`,
    );
    const j = JSON.parse((await sr('wf-sr-low', ['--confidence', '0.95', '--json'])).stdout);
    expect(j.checks[0]).toMatchObject({ outcome: 'breached', interval: { confidence: 0.95, ...w } });
  });
});
