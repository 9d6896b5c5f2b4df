/**
 * `wfctl check` as a CI gate (issue 18): percent options that refuse a ratio,
 * conflicting output flags, breaches that name the workflows, JUnit XML,
 * GitHub annotations, and the exit status of a Prometheus file.
 */
import { PassThrough } from 'node:stream';
import type { Command } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { ObjectId } from 'mongodb';
import { buildProgram } from '../../../src/cli.js';
import { CommandContext } from '../../../src/context.js';
import { createIOStreams } from '../../../src/io.js';
import { runCli } from '../../support/cli.js';
import { useTestDatabase } from '../../support/db.js';

const db = useTestDatabase('check_gate');
const NOW = '2025-06-15T12:00:00Z';
const env = (extra: Record<string, string | undefined> = {}) => ({ ...db.env, WFCTL_NOW: NOW, GITHUB_ACTIONS: undefined, ...extra });
const run = (args: string[], extra: Record<string, string | undefined> = {}) => runCli(args, { env: env(extra) });

/** Workflows of known outcome over the last hour (ObjectId ids, as the backend writes them). */
export const GATE = {
  invoices: { id: new ObjectId('6b0e7c92ed9c955c3bbc0001'), name: 'Invoices', ok: 19, failed: 1 }, // 95%
  payroll: { id: new ObjectId('6b0e7c92ed9c955c3bbc0002'), name: 'Payroll "Q3" <nightly> & more', ok: 9, failed: 1 }, // 90%
  shipping: { id: new ObjectId('6b0e7c92ed9c955c3bbc0003'), name: 'Ship,ment: 100%\r\nnext\u0001line', ok: 1, failed: 2 }, // 33.3%
  quiet: { id: new ObjectId('6b0e7c92ed9c955c3bbc0004'), name: 'Quiet', ok: 0, failed: 0 },
} as const;

beforeAll(async () => {
  const at = (minutesAgo: number) => new Date(Date.parse(NOW) - minutesAgo * 60_000);
  await db.ds.workflows.insertMany(Object.values(GATE).map((w) => ({ _id: w.id, name: w.name, enabled: true, actions: [] })) as never[]);
  const runs = Object.values(GATE).flatMap((w) =>
    Array.from({ length: w.ok + w.failed }, (_, i) => {
      const status = i < w.ok ? 'success' : 'failed';
      const started_at = at(30 - (i % 20));
      return {
        workflow_id: w.id.toHexString(),
        workflow_name: w.name,
        execution: { workflow_id: w.id.toHexString(), started_at, completed_at: started_at, status, actions_completed: [], actions_failed: [], error: status === 'failed' ? 'boom' : null, context: {} },
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

  it.each(options)('%s 0.95 and 1 are refused with the spelling to use: exit 2, nothing on stdout', async (flag, argv) => {
    for (const [value, meant] of [['0.95', '95'], ['1', '100'], ['0.5', '50'], ['.999', '99.9']] as const) {
      const r = await run(argv(value));
      expect(r.code, value).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n')[0]).toBe(`wfctl: ${flag} ${value} looks like a ratio (0 to 1), but ${flag} is a percentage (0 to 100)`);
      expect(r.stderr.split('\n')[1]).toBe(`hint: percent: did you mean ${flag} ${meant}? (${flag} ${value}% means ${value} %)`);
      expect(r.stderr.trim().split('\n')).toHaveLength(2);
    }
  });

  it.each(options)('%s: with a percent sign 0.95 is 0.95 percent; 95 with or without it is 95; 0 is 0; above 100 is refused', async (_flag, argv) => {
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
  });
});

/** Every command with --json and --format: the path, its required arguments and mandatory options filled in. */
function commandsWithJsonAndFormat(): Array<{ path: string[]; fill: string[]; formats: string[] }> {
  const io = createIOStreams({ stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough(), env: {} });
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
    expect(names).toEqual(expect.arrayContaining(['check', 'check success-rate', 'check failures', 'check rollbacks', 'check regression', 'versions compare', 'workflows list', 'audit export']));
    // audit export's --json is the summary of the file written in --format: not a second format
    expect(all.filter((c) => c.formats.length === 0).map((c) => c.path.join(' '))).toEqual(['audit export']);
  });

  it('--json with any --format but json, in either order: exit 2, one line naming both, nothing on stdout', async () => {
    let tried = 0;
    for (const c of all) {
      for (const f of c.formats.filter((x) => x !== 'json')) {
        for (const argv of [[...c.path, ...c.fill, '--json', '--format', f], [...c.path, ...c.fill, '--format', f, '--json']]) {
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
