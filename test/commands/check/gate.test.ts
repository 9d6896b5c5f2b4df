/**
 * `wfctl check` as a CI gate (issue 18): percent options that refuse a ratio,
 * conflicting output flags, breaches that name the workflows, JUnit XML,
 * GitHub annotations, and the exit status of a Prometheus file.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { Command } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { ObjectId } from 'mongodb';
import { buildProgram } from '../../../src/cli.js';
import { CommandContext } from '../../../src/context.js';
import { createIOStreams } from '../../../src/io.js';
import { runCli } from '../../support/cli.js';
import { runPython } from '../../support/python.js';
import { scrapeTextfiles } from '../../support/node-exporter.js';
import { shortIds } from '../../../src/render/check-labels.js';
import { useTestDatabase } from '../../support/db.js';

const db = useTestDatabase('check_gate');
const NOW = '2025-06-15T12:00:00Z';
const env = (extra: Record<string, string | undefined> = {}) => ({
  ...db.env,
  WFCTL_NOW: NOW,
  GITHUB_ACTIONS: undefined,
  ...extra,
});
const run = (args: string[], extra: Record<string, string | undefined> = {}) => runCli(args, { env: env(extra) });

/** Workflows of known outcome over the last hour (ObjectId ids, as the backend writes them). */
export const GATE = {
  invoices: { id: new ObjectId('6b0e7c91ed9c955c3bbc0001'), name: 'Invoices', ok: 19, failed: 1 }, // 95%
  payroll: { id: new ObjectId('6b0e7c92ed9c955c3bbc0002'), name: 'Payroll "Q3" <nightly> & more', ok: 9, failed: 1 }, // 90%
  shipping: {
    id: new ObjectId('6b0e7c93ed9c955c3bbc0003'),
    name: 'Ship,ment: 100%\r\nnext\u0001line',
    ok: 1,
    failed: 2,
  }, // 33.3%
  quiet: { id: new ObjectId('6b0e7c94ed9c955c3bbc0004'), name: 'Quiet', ok: 0, failed: 0 },
} as const;

beforeAll(async () => {
  const at = (minutesAgo: number) => new Date(Date.parse(NOW) - minutesAgo * 60_000);
  await db.ds.workflows.insertMany(
    Object.values(GATE).map((w) => ({ _id: w.id, name: w.name, enabled: true, actions: [] })) as never[],
  );
  const runs = Object.values(GATE).flatMap((w) =>
    Array.from({ length: w.ok + w.failed }, (_, i) => {
      const status = i < w.ok ? 'success' : 'failed';
      const started_at = at(30 - (i % 20));
      return {
        workflow_id: w.id.toHexString(),
        workflow_name: w.name,
        execution: {
          workflow_id: w.id.toHexString(),
          started_at,
          completed_at: started_at,
          status,
          actions_completed: [],
          actions_failed: [],
          error: status === 'failed' ? 'boom' : null,
          context: {},
        },
        created_at: started_at,
      };
    }),
  );
  await db.ds.executions.insertMany(runs as never[]);
});

describe('percent options refuse a ratio (trap 2)', () => {
  const options: Array<[string, (v: string) => string[]]> = [
    ['--min', (v) => ['check', 'success-rate', '--min', v, '--window', '1h', '--json']],
    ['--min-success-rate', (v) => ['check', '--min-success-rate', v, '--json']],
  ];

  it('these are all the percent options of the command tree', () => {
    const io = createIOStreams({
      stdout: new PassThrough(),
      stderr: new PassThrough(),
      stdin: new PassThrough(),
      env: {},
    });
    const found = new Set<string>();
    const walk = (c: Command) => {
      for (const o of c.options) if (/<percent>/.test(o.flags) || /percent/i.test(o.description)) found.add(o.long!);
      c.commands.forEach(walk);
    };
    walk(buildProgram(new CommandContext(io)));
    expect([...found].sort()).toEqual(options.map(([flag]) => flag).sort());
  });

  it.each(options)(
    '%s 0.95 and 1 are refused with the spelling to use: exit 2, nothing on stdout',
    async (flag, argv) => {
      for (const [value, meant] of [
        ['0.95', '95'],
        ['1', '100'],
        ['0.5', '50'],
        ['.999', '99.9'],
      ] as const) {
        const r = await run(argv(value));
        expect(r.code, value).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr.split('\n')[0]).toBe(
          `wfctl: ${flag} ${value} looks like a ratio (0 to 1), but ${flag} is a percentage (0 to 100)`,
        );
        expect(r.stderr.split('\n')[1]).toBe(
          `hint: percent: did you mean ${flag} ${meant}? (${flag} ${value}% means ${value} %)`,
        );
        expect(r.stderr.trim().split('\n')).toHaveLength(2);
      }
    },
  );

  it.each(options)(
    '%s: with a percent sign 0.95 is 0.95 percent; 95 with or without it is 95; 0 is 0; above 100 is refused',
    async (_flag, argv) => {
      const threshold = async (value: string) => {
        const r = await run(argv(value));
        expect([0, 3], `${value}: ${r.stderr}`).toContain(r.code);
        return JSON.parse(r.stdout).checks[0].threshold.min as number;
      };
      expect(await threshold('0.95%')).toBe(0.95);
      expect(await threshold('95')).toBe(95);
      expect(await threshold('95%')).toBe(95);
      expect(await threshold('0')).toBe(0);
      expect(await threshold('1.5')).toBe(1.5);
      for (const bad of ['101', '100.5%', '-1', '95%%', '%', 'ninety']) {
        const r = await run(argv(bad));
        expect(r.code, bad).toBe(2);
        expect(r.stderr, bad).toMatch(/is not a percentage; accepted: a number from 0 to 100/);
        expect(r.stderr.trim().split('\n'), bad).toHaveLength(1);
      }
    },
  );
});

/** Every command with --json and --format: the path, its required arguments and mandatory options filled in. */
function commandsWithJsonAndFormat(): Array<{ path: string[]; fill: string[]; formats: string[] }> {
  const io = createIOStreams({
    stdout: new PassThrough(),
    stderr: new PassThrough(),
    stdin: new PassThrough(),
    env: {},
  });
  const found: Array<{ path: string[]; fill: string[]; formats: string[] }> = [];
  const VALUES: Record<string, string> = { '--min': '95', '--max': '1' };
  const walk = (c: Command, path: string[]) => {
    for (const s of c.commands) walk(s, [...path, s.name()]);
    const format = c.options.find((o) => o.long === '--format');
    if (!format || !c.options.some((o) => o.long === '--json')) return;
    const fill = [
      ...c.registeredArguments.filter((a) => a.required).map((a) => (a.name() === 'a' ? '1' : 'wf-none')),
      ...c.options.filter((o) => o.mandatory).flatMap((o) => [o.long!, VALUES[o.long!] ?? 'x']),
    ];
    found.push({ path, fill, formats: format.argChoices ?? [] });
  };
  walk(buildProgram(new CommandContext(io)), []);
  return found;
}

describe('conflicting output flags are exit 2 on every command (trap 4)', () => {
  const all = commandsWithJsonAndFormat();

  it('the command tree is walked: every command with --json and --format is here', () => {
    const names = all.map((c) => c.path.join(' '));
    expect(names).toEqual(
      expect.arrayContaining([
        'check',
        'check success-rate',
        'check failures',
        'check rollbacks',
        'check regression',
        'versions compare',
        'workflows list',
        'audit export',
      ]),
    );
    // audit export's, audit subject's and audit archive's --json is the summary of the file written in --format: not a second format
    expect(all.filter((c) => c.formats.length === 0).map((c) => c.path.join(' '))).toEqual([
      'audit export',
      'audit subject',
      'audit archive',
    ]);
  });

  it('--json with any --format but json, in either order: exit 2, one line naming both, nothing on stdout', async () => {
    let tried = 0;
    for (const c of all) {
      for (const f of c.formats.filter((x) => x !== 'json')) {
        for (const argv of [
          [...c.path, ...c.fill, '--json', '--format', f],
          [...c.path, ...c.fill, '--format', f, '--json'],
        ]) {
          const r = await run(argv);
          const what = argv.join(' ');
          expect(r.code, what).toBe(2);
          expect(r.stdout, what).toBe('');
          expect(r.stderr.split('\n')[0], what).toBe(`wfctl: --json and --format ${f} ask for two formats; give one`);
          expect(r.stderr.trim().split('\n').length, what).toBeLessThanOrEqual(2);
          tried++;
        }
      }
    }
    expect(tried).toBeGreaterThan(40);
  });

  it('check: the flags conflict across levels too (--json before the subcommand, --format after)', async () => {
    const r = await run(['check', '--json', 'success-rate', '--min', '95', '--format', 'prometheus']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('wfctl: --json and --format prometheus ask for two formats; give one');
    const same = await run(['check', '--json', 'success-rate', '--min', '95', '--format', 'json', '--window', '1h']);
    expect(same.code).toBe(3);
    expect(JSON.parse(same.stdout).outcome).toBe('breached');
  });
});

const hex = (w: { id: ObjectId }) => w.id.toHexString();
const short = (w: { id: ObjectId }) => hex(w).slice(0, 8);
/** A name as text output shows it: control characters as escapes. */
const shown = (name: string) =>
  name
    .replace(/\r/g, '\\r')
    .replace(/\n/g, '\\n')
    .replace(/\u0001/g, '\\u0001');
const { invoices, payroll, shipping } = GATE;

describe('a breach names what breached', () => {
  it('success-rate: the workflows under the minimum, by name and short id, with their figure against it', async () => {
    const r = await run(['check', 'success-rate', '--min', '95', '--window', '1h']);
    expect(r.code).toBe(3);
    expect(r.stdout.split('\n')).toEqual([
      '✗ success-rate  BREACHED: success rate 87.9% < 95% over the last 1h (29 of 33 finished executions succeeded)',
      `    ✗ ${shown(shipping.name)} (${short(shipping)}): success rate 33.3% < 95% (1 of 3 finished executions succeeded)`,
      `    ✗ ${payroll.name} (${short(payroll)}): success rate 90.0% < 95% (9 of 10 finished executions succeeded)`,
      '',
    ]);
  });

  it('--per-workflow prints every workflow with runs, ok ones too; an ok check names nobody without it', async () => {
    const r = await run(['check', 'success-rate', '--min', '95', '--window', '1h', '--per-workflow']);
    expect(r.code).toBe(3);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe(
      `    ✓ Invoices (${short(invoices)}): success rate 95.0% >= 95% (19 of 20 finished executions succeeded)`,
    );
    const ok = await run(['check', 'success-rate', '--min', '80', '--window', '1h']);
    expect(ok.code).toBe(0);
    expect(ok.stdout.trim().split('\n')).toHaveLength(1);
    expect(
      (await run(['check', 'success-rate', '--min', '80', '--window', '1h', '--per-workflow'])).stdout
        .trim()
        .split('\n'),
    ).toHaveLength(4);
  });

  it('failures and rollbacks: the workflows that had any, most first', async () => {
    const r = await run(['check', 'failures', '--max', '3', '--window', '1h']);
    expect(r.code).toBe(3);
    expect(r.stdout.split('\n')).toEqual([
      '✗ failures  BREACHED: 4 failed executions in the last 1h (more than 3 allowed)',
      `    ✓ ${shown(shipping.name)} (${short(shipping)}): 2 failed executions`,
      `    ✓ Invoices (${short(invoices)}): 1 failed execution`,
      `    ✓ ${payroll.name} (${short(payroll)}): 1 failed execution`,
      '',
    ]);
    const alone = await run(['check', 'failures', '--max', '1', '--window', '1h']);
    expect(alone.stdout).toContain(
      `    ✗ ${shown(shipping.name)} (${short(shipping)}): 2 failed executions (more than 1 on its own)`,
    );
  });

  it('--json: workflowName beside every id, each workflow judged alone, worst first', async () => {
    const j = JSON.parse((await run(['check', 'success-rate', '--min', '95', '--window', '1h', '--json'])).stdout);
    const c = j.checks[0];
    expect(c).toMatchObject({ workflow: null, workflowName: null, outcome: 'breached', executions: 33 });
    expect(
      c.workflows.map((f: { workflow: string; workflowName: string; outcome: string; value: number }) => [
        f.workflow,
        f.workflowName,
        f.outcome,
        f.value,
      ]),
    ).toEqual([
      [hex(shipping), shipping.name, 'breached', 33.33],
      [hex(payroll), payroll.name, 'breached', 90],
      [hex(invoices), invoices.name, 'ok', 95],
    ]);
    const one = JSON.parse(
      (await run(['check', 'failures', '--max', '3', '--window', '1h', '--workflow', hex(payroll), '--json'])).stdout,
    ).checks[0];
    expect(one).toMatchObject({ workflow: hex(payroll), workflowName: payroll.name, value: 1 });
    expect(one.workflows).toBeUndefined();
  });

  it('short ids grow until they tell the workflows apart (ObjectIds of one second share their first 8)', () => {
    const s = shortIds(['6b0e7c92ed9c955c3bbc0001', '6b0e7c92ed9c955c3bbc0002', 'wf-legacy']);
    expect(s('6b0e7c92ed9c955c3bbc0001')).toBe('6b0e7c92ed9c955c3bbc0001');
    expect(s('wf-legacy')).toBe('wf-legacy');
    expect(shortIds(['6b0e7c91ed9c955c3bbc0001', '6b0e7c92ed9c955c3bbc0001'])('6b0e7c92ed9c955c3bbc0001')).toBe(
      '6b0e7c92',
    );
  });
});

interface JunitReport {
  problems: string[];
  root: Record<string, string>;
  suites: Array<{
    attrs: Record<string, string>;
    cases: Array<{ classname: string; name: string; outcome: string; message: string | null; text: string | null }>;
  }>;
}
const readJunit = (xml: string) => JSON.parse(runPython('test/reference/junit_reference.py', [], xml)) as JunitReport;

describe('--format junit', () => {
  it('one suite per kind, one case per check and workflow, hostile names intact; read by ElementTree against the schema', async () => {
    const r = await run(['check', '--min-success-rate', '95', '--max-failures-per-hour', '3', '--format', 'junit']);
    expect(r.code).toBe(3); // the format leaves the exit status as it is
    const report = readJunit(r.stdout);
    expect(report.problems).toEqual([]);
    expect(report.suites.map((s) => s.attrs.name)).toEqual([
      'wfctl check success-rate',
      'wfctl check failures',
      'wfctl check rollbacks',
    ]);
    // success-rate: all + 3 workflows; failures: all + 3; rollbacks (none): all
    expect(report.root).toMatchObject({ tests: '9', failures: '4', skipped: '0', errors: '0' });
    const rate = report.suites[0]!.cases;
    expect(rate.map((c) => [c.classname, c.name, c.outcome])).toEqual([
      ['success-rate', 'all workflows', 'failed'],
      ['success-rate', `${shipping.name.replace('\u0001', '\\u0001')} (${hex(shipping)})`, 'failed'],
      ['success-rate', `${payroll.name} (${hex(payroll)})`, 'failed'],
      ['success-rate', `${invoices.name} (${hex(invoices)})`, 'passed'],
    ]);
    expect(rate[0]!.message).toBe('success rate 87.9% < 95% over the last 1h (29 of 33 finished executions succeeded)');
    expect(rate[0]!.text).toBe(rate[0]!.message);
    expect(report.suites[1]!.cases[0]).toMatchObject({
      name: 'all workflows',
      outcome: 'failed',
      message: '4 failed executions in the last 1h (more than 3 allowed)',
    });
    // the characters XML 1.0 cannot hold are not in the file at all
    expect(r.stdout).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
  });

  it('too few runs is <skipped>; --output writes the file and says the outcome on stderr', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wfctl-junit-'));
    const file = join(dir, 'check.xml');
    const r = await run([
      'check',
      'success-rate',
      '--min',
      '50',
      '--window',
      '1h',
      '--min-executions',
      '5',
      '--format',
      'junit',
      '--output',
      file,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('✓ success-rate');
    const report = readJunit(readFileSync(file, 'utf8'));
    expect(report.problems).toEqual([]);
    expect(report.suites[0]!.cases.map((c) => c.outcome)).toEqual(['passed', 'skipped', 'passed', 'passed']);
    expect(report.suites[0]!.cases[1]!.message).toBe('3 finished executions, fewer than the 5 needed to judge');
    expect(report.suites[0]!.attrs).toMatchObject({ tests: '4', failures: '0', skipped: '1' });
  });

  it('regression cases are named by workflow, and "all workflows" when there is nothing to compare', async () => {
    const r = await run(['check', 'regression', '--format', 'junit']);
    expect(r.code).toBe(5);
    const report = readJunit(r.stdout);
    expect(report.problems).toEqual([]);
    expect(report.suites[0]!.cases).toEqual([
      expect.objectContaining({ classname: 'regression', name: 'all workflows', outcome: 'skipped' }),
    ]);
  });
});

/** GitHub's workflow-command escaping undone, as the runner does it. */
const unescapeData = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
const unescapeProperty = (s: string) => unescapeData(s.replace(/%3A/g, ':').replace(/%2C/g, ','));

describe('GitHub Actions annotations (GITHUB_ACTIONS=true)', () => {
  it('a breach is an ::error:: on stderr naming the workflows; none outside GitHub Actions', async () => {
    const args = ['check', 'success-rate', '--min', '95', '--window', '1h'];
    expect((await run(args)).stderr).toBe('');
    const r = await run(args, { GITHUB_ACTIONS: 'true' });
    expect(r.code).toBe(3);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    const m = /^::error title=([^:]*)::(.*)$/.exec(lines[0]!);
    expect(m, lines[0]).not.toBeNull();
    expect(unescapeProperty(m![1]!)).toBe('wfctl check success-rate');
    // one line: the name's CR and LF escaped, the control character written as an escape
    expect(m![2]).toContain('Ship,ment: 100%25%0D%0Anext\\u0001line');
    expect(unescapeData(m![2]!)).toBe(
      `success rate 87.9% < 95% over the last 1h (29 of 33 finished executions succeeded); ${shipping.name.replace('\u0001', '\\u0001')} (${hex(shipping)}): success rate 33.3% < 95% (1 of 3 finished executions succeeded); ${payroll.name} (${hex(payroll)}): success rate 90.0% < 95% (9 of 10 finished executions succeeded)`,
    );
  });

  it('a title with a hostile name escapes : and , as well; too few runs is a ::warning::', async () => {
    const r = await run(['check', 'success-rate', '--min', '95', '--window', '1h', '--workflow', hex(shipping)], {
      GITHUB_ACTIONS: 'true',
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      `::error title=wfctl check success-rate Ship%2Cment%3A 100%25%0D%0Anext\\u0001line (${hex(shipping)})::success rate 33.3%25 < 95%25 over the last 1h (1 of 3 finished executions succeeded)\n`,
    );
    const few = await run(
      ['check', 'success-rate', '--min', '95', '--window', '1h', '--min-executions', '50', '--workflow', hex(invoices)],
      { GITHUB_ACTIONS: 'true' },
    );
    expect(few.code).toBe(5);
    // in the message (data) a comma stays as it is
    expect(few.stderr).toBe(
      `::warning title=wfctl check success-rate Invoices (${hex(invoices)})::20 finished executions in the last 1h, fewer than the 50 needed to judge\n`,
    );
  });
});

describe('--format prometheus: the exit status of a file for a collector', () => {
  it('--output on a breach: the file is written and the exit is 0; --fail-on-breach gives 3; workflow_name read by node_exporter', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wfctl-gate-prom-'));
    const a = await run([
      'check',
      'success-rate',
      '--min',
      '95',
      '--window',
      '1h',
      '--format',
      'prometheus',
      '--output',
      join(dir, 'all.prom'),
    ]);
    expect(a.code).toBe(0);
    expect(a.stderr).toContain('BREACHED');
    const b = await run([
      'check',
      'success-rate',
      '--min',
      '95',
      '--window',
      '1h',
      '--workflow',
      hex(payroll),
      '--format',
      'prometheus',
      '--output',
      join(dir, 'payroll.prom'),
      '--fail-on-breach',
    ]);
    expect(b.code).toBe(3);
    expect(readFileSync(join(dir, 'payroll.prom'), 'utf8')).toContain(
      `wfctl_check_breached{name="payroll",check="success-rate",workflow="${hex(payroll)}",workflow_name="Payroll \\"Q3\\" <nightly> & more",window="1h"} 1`,
    );
    const metrics = await scrapeTextfiles(dir);
    expect(metrics.text).toMatch(/^node_textfile_scrape_error 0$/m);
    expect(metrics.text).toContain(
      `wfctl_check_breached{check="success-rate",name="payroll",window="1h",workflow="${hex(payroll)}",workflow_name="Payroll \\"Q3\\" <nightly> & more"} 1`,
    );
    expect(metrics.text).toContain(
      'wfctl_check_breached{check="success-rate",name="all",window="1h",workflow="",workflow_name=""} 1',
    );
    // each workflow's share of a check of all workflows, hostile names included
    const series = (w: { id: ObjectId }, name: string) =>
      `{check="success-rate",name="all",window="1h",workflow="${hex(w)}",workflow_name="${name}"}`;
    expect(metrics.text).toContain(`wfctl_check_workflow_status${series(invoices, 'Invoices')} 0`);
    expect(metrics.text).toContain(`wfctl_check_workflow_value${series(invoices, 'Invoices')} 0.95`);
    expect(metrics.text).toContain(
      `wfctl_check_workflow_status${series(payroll, 'Payroll \\"Q3\\" <nightly> & more')} 1`,
    );
    expect(metrics.text).toContain(
      `wfctl_check_workflow_value${series(payroll, 'Payroll \\"Q3\\" <nightly> & more')} 0.9`,
    );
    expect(metrics.text).toContain(
      `wfctl_check_workflow_status${series(shipping, 'Ship,ment: 100%\r\\nnext\u0001line')} 1`,
    );
    expect(metrics.stderr).not.toMatch(/level=error|duplicate|collected before/i);
  });

  it('on stdout too (for "> F.tmp && mv F.tmp F"): exit 0, and 3 with --fail-on-breach; --fail-on-breach without prometheus is exit 2', async () => {
    expect((await run(['check', 'success-rate', '--min', '95', '--window', '1h', '--format', 'prometheus'])).code).toBe(
      0,
    );
    expect(
      (
        await run([
          'check',
          'success-rate',
          '--min',
          '95',
          '--window',
          '1h',
          '--format',
          'prometheus',
          '--fail-on-breach',
        ])
      ).code,
    ).toBe(3);
    for (const other of [[], ['--json'], ['--format', 'junit']]) {
      const r = await run(['check', 'success-rate', '--min', '95', '--window', '1h', '--fail-on-breach', ...other]);
      expect(r.code, other.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n')[0]).toBe(
        'wfctl: --fail-on-breach applies to --format prometheus only (the other formats always exit 3 on a breach)',
      );
    }
  });
});

describe('percentages: one decimal, and never a figure that reads as equal to the threshold', () => {
  const near = useTestDatabase('check_gate_near');
  const NEAR = { id: new ObjectId('6b0e7c95ed9c955c3bbc0005'), name: 'Near', ok: 1899, failed: 101 }; // 94.95%
  const ALMOST = { id: new ObjectId('6b0e7c96ed9c955c3bbc0006'), name: 'Almost', ok: 2499, failed: 1 }; // 99.96%
  const nearRun = (args: string[]) => runCli(args, { env: { ...near.env, WFCTL_NOW: NOW, GITHUB_ACTIONS: undefined } });

  beforeAll(async () => {
    await near.ds.workflows.insertMany(
      [NEAR, ALMOST].map((w) => ({ _id: w.id, name: w.name, enabled: true, actions: [] })) as never[],
    );
    // the flat shape other tools write: small documents, many of them
    const runs = [NEAR, ALMOST].flatMap((w) =>
      Array.from({ length: w.ok + w.failed }, (_, i) => ({
        workflow_id: w.id.toHexString(),
        status: i < w.ok ? 'success' : 'failed',
        started_at: new Date(Date.parse(NOW) - 60_000 - i),
      })),
    );
    await near.ds.executions.insertMany(runs as never[]);
  });

  it('94.95% against a 95% minimum prints 94.95% (not 95.0%), 99.96% against 99.95% prints 99.96%, and never 100.0%', async () => {
    const r = await nearRun([
      'check',
      'success-rate',
      '--min',
      '95',
      '--window',
      '1h',
      '--workflow',
      NEAR.id.toHexString(),
    ]);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain(
      'success rate 94.95% < 95% over the last 1h (1899 of 2000 finished executions succeeded)',
    );
    const a = await nearRun([
      'check',
      'success-rate',
      '--min',
      '99.95',
      '--window',
      '1h',
      '--workflow',
      ALMOST.id.toHexString(),
    ]);
    expect(a.code).toBe(0);
    expect(a.stdout).toContain('success rate 99.96% >= 99.95% over the last 1h');
    const all = await nearRun(['check', 'success-rate', '--min', '99.97', '--window', '1h', '--per-workflow']);
    expect(all.stdout).toContain(`✗ Almost (${ALMOST.id.toHexString().slice(0, 8)}): success rate 99.96% < 99.97%`);
    const loose = await nearRun(['check', 'success-rate', '--min', '90', '--window', '1h', '--per-workflow']);
    expect(loose.stdout).toContain(`✓ Almost (${ALMOST.id.toHexString().slice(0, 8)}): success rate 99.96% >= 90%`);
    expect(loose.stdout).not.toContain('100.0%');
  });
});

describe('JUnit escaping of what XML 1.0 cannot hold', () => {
  it('U+FFFF, U+FFFE, a lone surrogate, NUL and ESC become visible escapes; ElementTree reads the file', async () => {
    const { renderJunit } = await import('../../../src/render/junit.js');
    const hostile = 'a\u0000b\u001bc\uffffd\ufffee\ud800f\udc00g"<&>\'\t\r\n';
    const xml = renderJunit(
      [
        {
          check: 'failures',
          outcome: 'breached',
          workflow: 'wf-x',
          workflowName: hostile,
          window: '1h',
          windowMs: 3_600_000,
          from: new Date(0),
          to: new Date(0),
          value: 2,
          threshold: { max: 1 },
          message: hostile,
        },
      ],
      new Date(0),
    );
    const report = readJunit(xml);
    expect(report.problems).toEqual([]);
    const c = report.suites[0]!.cases[0]!;
    const expected = 'a\\0b\\ec\\uffffd\\ufffee\\ud800f\\udc00g"<&>\'\t\r\n';
    expect(c.name).toBe(`${expected} (wf-x)`);
    expect(c.message).toBe(expected);
    expect(c.text).toBe(expected);
  });
});
