import { mkdtempSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';
import { useTestDatabase } from '../../support/db.js';
import { NOW, seedStatsFixtures } from '../../support/stats-fixtures.js';
import { scrapeTextfiles } from '../../support/node-exporter.js';

const db = useTestDatabase('check');
const empty = useTestDatabase('check_empty');
const env = () => ({ ...db.env, WFCTL_NOW: NOW });
const emptyEnv = () => ({ ...empty.env, WFCTL_NOW: NOW });

beforeAll(async () => {
  await seedStatsFixtures(db.ds);
});

const run = (args: string[], e = env()) => runCli(args, { env: e });

describe('wfctl check success-rate', () => {
  it('exit 0 when the rate is at the minimum (decided on counts: 3 of 5 = 60%)', async () => {
    const r = await run(['check', 'success-rate', '--min', '60', '--window', '7d', '--workflow', 'wf-pay', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ outcome: 'ok', exitStatus: 0, checkedAt: '2025-06-15T12:00:00.000Z' });
    expect(j.checks[0]).toMatchObject({
      check: 'success-rate',
      outcome: 'ok',
      workflow: 'wf-pay',
      window: '7d',
      value: 60,
      threshold: { min: 60 },
      executions: 5,
      succeeded: 3,
      failed: 2,
      from: '2025-06-08T12:00:00.000Z',
    });
  });

  it('exit 3 when just under the minimum', async () => {
    const r = await run(['check', 'success-rate', '--min', '60.01', '--window', '7d', '--workflow', 'wf-pay']);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain(
      '✗ success-rate  BREACHED: success rate 60.0% < 60.01% over the last 7d (3 of 5 finished executions succeeded) [Payments (wf-pay)]',
    );
    const all = JSON.parse((await run(['check', 'success-rate', '--min', '60.01', '--window', '7d', '--json'])).stdout);
    expect(all.checks[0]).toMatchObject({ workflow: null, executions: 6, succeeded: 4, value: 66.67, outcome: 'ok' });
  });

  it('the default window is 24h; running executions are not counted', async () => {
    const j = JSON.parse((await run(['check', 'success-rate', '--min', '50', '--json'])).stdout);
    expect(j.checks[0]).toMatchObject({
      window: '24h',
      executions: 2,
      succeeded: 1,
      failed: 1,
      value: 50,
      outcome: 'ok',
    });
  });

  it('--workflow narrows to one workflow (by id or name)', async () => {
    const j = JSON.parse(
      (await run(['check', 'success-rate', '--min', '100', '--window', '7d', '--workflow', 'Legacy', '--json'])).stdout,
    );
    expect(j.checks[0]).toMatchObject({ workflow: 'wf-legacy', executions: 1, succeeded: 1, outcome: 'ok' });
  });

  it('too few executions is its own outcome: exit 5, "insufficient-data", never a pass or a failure', async () => {
    const r = await run(['check', 'success-rate', '--min', '90', '--window', '1h', '--min-executions', '2', '--json']);
    expect(r.code).toBe(5);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ outcome: 'insufficient-data', exitStatus: 5 });
    expect(j.checks[0]).toMatchObject({ outcome: 'insufficient-data', executions: 1, minExecutions: 2, value: 0 });
    const text = await run(['check', 'success-rate', '--min', '90', '--window', '1h', '--min-executions', '2']);
    expect(text.code).toBe(5);
    expect(text.stdout).toContain(
      '? success-rate  insufficient data: 1 finished execution in the last 1h, fewer than the 2 needed to judge',
    );
  });

  it('--insufficient-data ok|breach maps that outcome to 0 or 3 when asked', async () => {
    const base = ['check', 'success-rate', '--min', '90', '--window', '1h', '--min-executions', '2'];
    expect((await run([...base, '--insufficient-data', 'ok'])).code).toBe(0);
    expect((await run([...base, '--insufficient-data', 'breach'])).code).toBe(3);
  });

  it('no executions at all: insufficient data with a null rate, never NaN', async () => {
    const r = await run(['check', 'success-rate', '--min', '90', '--json'], emptyEnv());
    expect(r.code).toBe(5);
    expect(r.stdout).not.toContain('NaN');
    expect(JSON.parse(r.stdout).checks[0]).toMatchObject({ value: null, executions: 0, outcome: 'insufficient-data' });
  });

  it.each([
    [['--min', '101'], /"101" is not a percentage; accepted: a number from 0 to 100/],
    [['--min', '-5'], /"-5" is not a percentage/],
    [['--min', 'high'], /"high" is not a percentage/],
    [['--min', '90', '--window', 'yesterday'], /"yesterday" is not a span/],
    [['--min', '90', '--window', '0h'], /"0h" is not a span/],
    [['--min', '90', '--window', '-1h'], /"-1h" is not a span/],
    [['--min', '90', '--window', '99999d'], /longer than 3650 days/],
    [['--min', '90', '--min-executions', '2.5'], /not a whole number/],
    [['--window', '1h'], /required option '--min <percent>' not specified/],
  ])('bad input %j: exit 2 with one line', async (args, message) => {
    const r = await run(['check', 'success-rate', ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('--format json is --json; flags may also come before the subcommand', async () => {
    const a = await run(['check', 'success-rate', '--min', '60', '--window', '7d', '--workflow', 'wf-pay', '--json']);
    const b = await run([
      'check',
      '--workflow',
      'wf-pay',
      '--format',
      'json',
      'success-rate',
      '--min',
      '60',
      '--window',
      '7d',
    ]);
    expect(b.code).toBe(a.code);
    expect(JSON.parse(b.stdout)).toEqual(JSON.parse(a.stdout));
  });

  it('an unknown workflow: exit 4', async () => {
    const r = await run(['check', 'success-rate', '--min', '90', '--workflow', 'wf-nope']);
    expect(r.code).toBe(4);
  });
});

describe('wfctl check failures and rollbacks', () => {
  it('failures: one failed execution in the last hour', async () => {
    expect((await run(['check', 'failures', '--max', '1'])).code).toBe(0);
    const r = await run(['check', 'failures', '--max', '0']);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('1 failed execution in the last 1h (more than 0 allowed)');
    const week = JSON.parse(
      (await run(['check', 'failures', '--max', '5', '--window', '7d', '--workflow', 'wf-pay', '--json'])).stdout,
    );
    expect(week.checks[0]).toMatchObject({
      check: 'failures',
      value: 2,
      threshold: { max: 5 },
      outcome: 'ok',
      workflow: 'wf-pay',
    });
  });

  it('failures on an empty database: zero, fine', async () => {
    const r = await run(['check', 'failures', '--max', '0', '--json'], emptyEnv());
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).checks[0]).toMatchObject({ value: 0, outcome: 'ok' });
  });

  it('rollbacks: versions with rollback_of set, legacy string dates included', async () => {
    const j = JSON.parse((await run(['check', 'rollbacks', '--max', '2', '--json'])).stdout);
    expect(j.checks[0]).toMatchObject({ check: 'rollbacks', window: '24h', value: 2, outcome: 'ok' });
    expect((await run(['check', 'rollbacks', '--max', '1'])).code).toBe(3);
    const hour = JSON.parse((await run(['check', 'rollbacks', '--max', '0', '--window', '2h', '--json'])).stdout);
    expect(hour.checks[0]).toMatchObject({ value: 0, outcome: 'ok' });
  });

  it('--max must be a whole number', async () => {
    const r = await run(['check', 'rollbacks', '--max', '-1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a whole number/);
  });
});

describe('wfctl check (the recommended alerts)', () => {
  it('reports each alert; exit 3 when one is breached', async () => {
    const r = await run(['check']);
    expect(r.code).toBe(3);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toEqual([
      '✗ success-rate  BREACHED: success rate 0.0% < 90% over the last 1h (0 of 1 finished executions succeeded)',
      '    ✗ Payments (wf-pay): success rate 0.0% < 90% (0 of 1 finished executions succeeded)',
      '✓ failures      ok: 1 failed execution in the last 1h (at most 10 allowed)',
      '✓ rollbacks     ok: 2 rollbacks in the last 24h (at most 5 allowed)',
    ]);
  });

  it('thresholds can be changed', async () => {
    const r = await run(['check', '--min-success-rate', '0', '--max-rollbacks-per-day', '1', '--json']);
    expect(r.code).toBe(3);
    const j = JSON.parse(r.stdout);
    expect(j.checks.map((c: { check: string; outcome: string }) => `${c.check}:${c.outcome}`)).toEqual([
      'success-rate:ok',
      'failures:ok',
      'rollbacks:breached',
    ]);
  });

  it('an empty database: insufficient data for the rate, zeros elsewhere: exit 5', async () => {
    const r = await run(['check', '--json'], emptyEnv());
    expect(r.code).toBe(5);
    const j = JSON.parse(r.stdout);
    expect(j.outcome).toBe('insufficient-data');
    expect(j.checks.map((c: { outcome: string }) => c.outcome)).toEqual(['insufficient-data', 'ok', 'ok']);
  });

  it('--format prometheus: textfile-collector format, no sample timestamps, a last-run gauge', async () => {
    const r = await run(['check', '--format', 'prometheus']);
    // the breach is in the metrics: written, they are exit 0 (--fail-on-breach: 3)
    expect(r.code).toBe(0);
    expect((await run(['check', '--format', 'prometheus', '--fail-on-breach'])).code).toBe(3);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toContain('# TYPE wfctl_check_status gauge');
    expect(lines).toContain(
      'wfctl_check_status{name="wfctl",check="success-rate",workflow="",workflow_name="",window="1h"} 1',
    );
    expect(lines).toContain(
      'wfctl_check_breached{name="wfctl",check="rollbacks",workflow="",workflow_name="",window="24h"} 0',
    );
    expect(lines).toContain(
      'wfctl_check_value{name="wfctl",check="success-rate",workflow="",workflow_name="",window="1h"} 0',
    );
    expect(lines).toContain(
      'wfctl_check_value{name="wfctl",check="rollbacks",workflow="",workflow_name="",window="24h"} 2',
    );
    expect(lines).toContain(
      'wfctl_check_threshold{name="wfctl",check="success-rate",workflow="",workflow_name="",window="1h",bound="min"} 0.9',
    );
    expect(lines).toContain(
      'wfctl_check_executions{name="wfctl",check="success-rate",workflow="",workflow_name="",window="1h",status="failed"} 1',
    );
    expect(lines).toContain(`wfctl_check_last_run_timestamp_seconds{name="wfctl"} ${Date.parse(NOW) / 1000}`);
    for (const l of lines.filter((x) => !x.startsWith('#'))) expect(l, l).toMatch(/^[a-z_]+(\{[^}]*\})? -?[0-9.e+]+$/);
    // every metric announced once, before its samples
    const types = lines.filter((l) => l.startsWith('# TYPE')).map((l) => l.split(' ')[2]);
    expect(new Set(types).size).toBe(types.length);
  });

  it('insufficient data leaves the value out of the Prometheus file and says 2 in the status', async () => {
    const r = await run(['check', 'success-rate', '--min', '90', '--format', 'prometheus'], emptyEnv());
    expect(r.code).toBe(0);
    expect(
      (await run(['check', 'success-rate', '--min', '90', '--format', 'prometheus', '--fail-on-breach'], emptyEnv()))
        .code,
    ).toBe(5);
    expect(r.stdout).toContain(
      'wfctl_check_status{name="wfctl",check="success-rate",workflow="",workflow_name="",window="24h"} 2',
    );
    expect(r.stdout).not.toMatch(/^wfctl_check_value/m);
  });

  it('--output writes the file atomically (no temporary file left) and says the outcome on stderr', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wfctl-check-'));
    const file = join(dir, 'wfctl.prom');
    const r = await run(['check', '--format', 'prometheus', '--output', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('BREACHED');
    expect(readFileSync(file, 'utf8')).toContain('wfctl_check_last_run_timestamp_seconds');
    expect(readdirSync(dir)).toEqual(['wfctl.prom']);
  });

  it('--output into a folder that does not exist: exit 2 (bad input, as audit export), nothing written', async () => {
    const file = join(tmpdir(), 'wfctl-no-such-dir', 'x', 'wfctl.prom');
    const r = await run(['check', '--format', 'prometheus', '--output', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('does not exist; nothing was written');
    expect(existsSync(file)).toBe(false);
  });

  it('two check runs in one textfile directory: node_exporter reads both, no duplicate series, a last-run timestamp each', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wfctl-textfile-'));
    const all = await run(['check', '--format', 'prometheus', '--output', join(dir, 'wfctl.prom')]);
    const one = await run([
      'check',
      'failures',
      '--max',
      '100',
      '--window',
      '1h',
      '--format',
      'prometheus',
      '--output',
      join(dir, 'wfctl-failures.prom'),
    ]);
    const named = await run([
      'check',
      'rollbacks',
      '--max',
      '100',
      '--format',
      'prometheus',
      '--name',
      'daily',
      '--output',
      join(dir, 'other.prom'),
    ]);
    expect([all.code, one.code, named.code]).toEqual([0, 0, 0]);
    const metrics = await scrapeTextfiles(dir);
    // node_exporter reports a textfile it could not merge as node_textfile_scrape_error 1 (and logs the duplicate)
    expect(metrics.text).toMatch(/^node_textfile_scrape_error 0$/m);
    for (const name of ['wfctl', 'wfctl-failures', 'daily']) {
      expect(metrics.text, name).toMatch(
        new RegExp(`^wfctl_check_last_run_timestamp_seconds\\{name="${name}"\\} \\S+$`, 'm'),
      );
    }
    expect(metrics.text).toMatch(
      /^wfctl_check_status\{check="failures",name="wfctl-failures",window="1h",workflow="",workflow_name=""\} 0$/m,
    );
    expect(metrics.text).toMatch(
      /^wfctl_check_status\{check="failures",name="wfctl",window="1h",workflow="",workflow_name=""\} 0$/m,
    );
    expect(metrics.stderr).not.toMatch(/duplicate|collected before/i);
    const bad = await run(['check', '--format', 'prometheus', '--name', 'two words']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("option '--name <name>' argument 'two words' is invalid");
  });

  it('--help documents the exit statuses, including 5 for too few executions', async () => {
    const r = await run(['check', 'success-rate', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/5\s+too few executions to judge/);
    expect(r.stdout).toMatch(/3\s+a threshold is breached/);
  });
});
