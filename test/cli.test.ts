import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import type { Command } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../src/cli.js';
import { CommandContext } from '../src/context.js';
import { createIOStreams } from '../src/io.js';
import { freePort } from './support/ferretdb.js';
import { runBin, runCli } from './support/cli.js';
import { useTestDatabase } from './support/db.js';
import { chain, seedWorkflow } from './support/version-fixtures.js';

const db = useTestDatabase('cli');
const empty = useTestDatabase('cli_empty');
/** a database name no test creates: a mistyped --db */
const typo = () => `${db.dbName}_typo`;

/** Every visible command of the tree, as the words that name it: ['audit', 'list'], ['check'], ... */
function commandLines(): string[][] {
  const io = createIOStreams({
    stdout: new PassThrough(),
    stderr: new PassThrough(),
    stdin: Readable.from([]),
    env: {},
  });
  const out: string[][] = [];
  const visit = (cmd: Command, path: string[]) => {
    for (const sub of cmd.commands) {
      if ((sub as unknown as { _hidden?: boolean })._hidden) continue;
      out.push([...path, sub.name()]);
      visit(sub, [...path, sub.name()]);
    }
  };
  visit(buildProgram(new CommandContext(io)), []);
  return out;
}

describe('wfctl executable', () => {
  it('prints its version', async () => {
    const r = await runBin(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('prints help with commands, environment and exit codes on stdout', async () => {
    const r = await runBin(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: wfctl');
    expect(r.stdout).toContain('workflows');
    expect(r.stdout).toContain('WFCTL_MONGODB_URI');
    expect(r.stdout).toMatch(/4 +the named workflow/);
    expect(r.stdout).toMatch(/5 +a check had too few executions/);
    expect(r.stderr).toBe('');
  });

  it("help speaks the user's words: the alerts, not the write-up's; examples to start from", async () => {
    const top = await runCli(['--help']);
    expect(top.stdout).toMatch(/check \[options\] +check the recommended alerts/);
    expect(top.stdout).toContain('Examples:\n  wfctl workflows list');
    expect(top.stdout).toMatch(/-q, --quiet +nothing on stderr when the command succeeds/);
    for (const args of [['--help'], ['check', '--help']]) {
      const r = await runCli(args);
      expect(r.stdout, args.join(' ')).not.toMatch(/write-up|server selection|maxTimeMS/);
    }
  });

  it('shows help and succeeds when run without arguments', async () => {
    const r = await runCli([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: wfctl');
  });
});

describe('bad usage', () => {
  it('unknown command: exit 2 with a suggestion', async () => {
    const r = await runCli(['workflow', 'list']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'workflow'");
    expect(r.stderr).toContain('Did you mean workflows?');
    expect(r.stdout).toBe('');
  });

  it('unknown option: exit 2 with a suggestion', async () => {
    const r = await runCli(['workflows', 'list', '--limt', '3']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--limt'");
    expect(r.stderr).toContain('--limit');
  });

  describe("empty, padded or impossible option values: exit 2 in commander's one line, before connecting (issue 19 item 7)", () => {
    // a server that is not there: reaching it would be exit 1, not 2
    const env = { WFCTL_MONGODB_URI: 'mongodb://127.0.0.1:1/x' };
    const cases: Array<[string[], RegExp]> = [
      [
        ['--db', '', 'workflows', 'list'],
        /^wfctl: option '--db <name>' argument '' is invalid\. "" is not a database name; a database name is 1 to 63 bytes/,
      ],
      [['--db', 'prod.db', 'workflows', 'list'], /argument 'prod\.db' is invalid\. "prod\.db" is not a database name/],
      [['--db', 'a b', 'workflows', 'list'], /"a b" is not a database name/],
      [
        ['--db', 'x'.repeat(64), 'workflows', 'list'],
        /is not a database name; a database name is 1 to 63 bytes of UTF-8 without \/ \\ \. " \$ @ :, spaces or control characters\.\n/,
      ],
      [['--uri', '', 'workflows', 'list'], /^wfctl: option '--uri <uri>' argument '' is invalid\. "" is empty/],
      [['--user', '', 'versions', 'list', 'wf'], /^wfctl: option '--user <name>' argument '' is invalid/],
      [
        ['rollback', 'wf', '--to', '1 ', '--dry-run'],
        /^wfctl: option '--to <version>' argument '1 ' is invalid\. "1 " is not a version; accepted:/,
      ],
      [['rollback', 'wf', '--to', ' previous', '--if-regressed', '--dry-run'], /argument ' previous' is invalid/],
      [
        ['rollback', 'wf', '--to', '2', '--expect-current', '1e0', '--dry-run'],
        /argument '1e0' is invalid\. "1e0" is not a positive whole number/,
      ],
      [['versions', 'show', 'wf', ' 2'], /value ' 2' is invalid for argument 'version'/],
      [['versions', 'list', 'wf', '--limit', '0x10'], /argument '0x10' is invalid/],
      [['stats', 'errors', 'wf', '--days', '+7'], /argument '\+7' is invalid/],
      [['check', 'success-rate', '--min', ' 95'], /argument ' 95' is invalid\. " 95" is not a percentage/],
      [['--timeout', '5 ', 'workflows', 'list'], /argument '5 ' is invalid/],
      [['audit', 'list', '--since', '7 d'], /argument '7 d' is invalid/],
      [['audit', 'list', '--event-type', 'workflow_created,'], /has an empty item/],
      [['audit', 'list', '--workflow', ''], /option '--workflow <workflow>' argument '' is invalid\. "" is empty/],
      [['audit', 'export', '--output', ''], /option '-o, --output <file>' argument '' is invalid\. "" is not a path/],
      [['audit', 'export', '--settle', '5 '], /argument '5 ' is invalid/],
      [['versions', 'create', 'wf', '--file', '', '-m', 'x'], /option '-f, --file <path>' argument '' is invalid/],
      [['workflows', 'list', '--search', ''], /option '--search <text>' argument '' is invalid/],
    ];
    for (const [args, message] of cases) {
      it(args.map((a) => JSON.stringify(a)).join(' '), async () => {
        const r = await runCli(args, { env });
        expect(r.code, r.stderr).toBe(2);
        expect(r.stderr).toMatch(message);
        expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
        expect(r.stdout).toBe('');
      });
    }

    it('a padded connection string is refused without echoing it (it may hold a password)', async () => {
      for (const [args, e] of [
        [['--uri', 'mongodb://bob:Sup3rS3cret@db/x ', 'workflows', 'list'], {}],
        [['workflows', 'list'], { WFCTL_MONGODB_URI: ' mongodb://bob:Sup3rS3cret@db/x' }],
      ] as const) {
        const r = await runCli([...args], { env: e });
        expect(r.code, r.stderr).toBe(2);
        expect(r.stderr).toMatch(
          /^wfctl: invalid connection string from (--uri|WFCTL_MONGODB_URI): it has spaces or line breaks around it\n$/,
        );
        expect(r.stderr).not.toContain('Sup3rS3cret');
      }
    });

    it('a database name MongoDB would refuse, from the environment: exit 2 saying what is accepted', async () => {
      const r = await runCli(['workflows', 'list'], { env: { ...env, WFCTL_DB: 'é'.repeat(32) } });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain('(from WFCTL_DB): a database name is 1 to 63 bytes of UTF-8');
    });
  });

  it('--timeout that is not a number: exit 2 naming what is accepted', async () => {
    const r = await runCli(['--timeout', 'soon', 'workflows', 'list']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--timeout.*"soon" is not a number of seconds/);
  });

  it('malformed URI: exit 2, one line and a hint, no stack trace', async () => {
    const r = await runCli(['workflows', 'list'], { env: { WFCTL_MONGODB_URI: 'mongodb://bob:pw@' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^wfctl: invalid connection string/);
    expect(r.stderr).not.toContain('    at ');
    expect(r.stderr).not.toContain(':pw@');
  });

  it('a URI that is not a MongoDB URI: exit 2', async () => {
    const r = await runCli(['--uri', 'postgres://x', 'workflows', 'list']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('must start with mongodb://');
  });
});

describe('--version belongs to the bare wfctl (issue 18, trap 1)', () => {
  beforeAll(async () => {
    await seedWorkflow(db.ds, 'wf-trap', chain('wf-trap', 6));
  });

  it('rollback <wf> --version 5 --reason x: exit 2, "did you mean --to?", nothing written, no version printed', async () => {
    const before = { versions: await db.ds.versions.countDocuments(), audit: await db.ds.audit.countDocuments() };
    for (const args of [
      ['rollback', 'wf-trap', '--version', '5', '--reason', 'x', '--yes'],
      ['versions', 'rollback', 'wf-trap', '-V', '5', '--reason', 'x', '--yes'],
    ]) {
      const r = await runCli(args, { env: db.env });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(`unknown option '${args.find((a) => a === '--version' || a === '-V')}'`);
      expect(r.stderr).toContain('(Did you mean --to?)');
    }
    expect({ versions: await db.ds.versions.countDocuments(), audit: await db.ds.audit.countDocuments() }).toEqual(
      before,
    );
    const live = await db.ds.workflows.findOne({ id: 'wf-trap' });
    expect(live!.revision).toBe(6);
  });

  it('on every command, -V and --version are exit 2 before any connection', async () => {
    const port = await freePort(); // nothing listens there: a connection attempt would be exit 1
    const env = { WFCTL_MONGODB_URI: `mongodb://127.0.0.1:${port}/x`, NO_COLOR: '1' };
    const lines = commandLines();
    expect(lines.length).toBeGreaterThan(20);
    for (const line of lines) {
      for (const flag of ['--version', '-V']) {
        const r = await runCli([...line, flag, '--timeout', '0.2'], { env });
        const shown = `wfctl ${line.join(' ')} ${flag}`;
        expect(r.code, `${shown}: ${r.stderr}`).toBe(2);
        expect(r.stdout, shown).toBe('');
        expect(r.stderr, shown).toContain(`unknown option '${flag}'`);
        expect(r.stderr, shown).toMatch(/\(Did you mean (--to|`wfctl (-V|--version)`, on its own)\?\)/);
      }
    }
  });

  it('wfctl --version alone (after global options too) prints the version; with a command or a word it is exit 2', async () => {
    for (const args of [['--version'], ['-V'], ['--no-color', '--version'], ['-vV'], ['--db', 'rollback', '-V']]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    }
    const before = await runCli(['-V', 'rollback', 'wf-trap', '--to', '5', '--reason', 'x', '--yes'], { env: db.env });
    expect(before.code).toBe(2);
    expect(before.stdout).toBe('');
    expect(before.stderr).toContain("-V prints wfctl's version and takes no command");
    expect(await db.ds.versions.countDocuments({ workflow_id: 'wf-trap' })).toBe(6);
    const extra = await runCli(['--version', 'extra']);
    expect(extra.code).toBe(2);
    expect(extra.stdout).toBe('');
    expect(extra.stderr).toContain("unknown command 'extra'");
    const unknown = await runCli(['--bogus', '--version']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown option '--bogus'");
  });

  it('--help in the middle of a command prints its help, exits 0 and writes nothing', async () => {
    const r = await runCli(['rollback', 'wf-trap', '--to', '5', '--reason', 'r', '--yes', '--help'], { env: db.env });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: wfctl rollback');
    expect(await db.ds.versions.countDocuments({ workflow_id: 'wf-trap' })).toBe(6);
  });
});

describe('near misses name the command meant', () => {
  it('a verb typed without its noun: exit 2, "did you mean `wfctl analytics report`?"', async () => {
    const cases: Array<[string, string]> = [
      ['report', '(Did you mean `wfctl analytics report`?)'],
      ['overview', '(Did you mean `wfctl analytics overview`?)'],
      ['export', '(Did you mean `wfctl audit export`?)'],
      ['verify', '(Did you mean `wfctl audit verify`?)'],
      ['doctor', '(Did you mean `wfctl db doctor`?)'],
      ['indexes', '(Did you mean `wfctl db indexes`?)'],
      ['errors', '(Did you mean `wfctl stats errors`?)'],
      ['diff', '(Did you mean `wfctl versions compare`?)'],
      [
        'list',
        '(Did you mean one of `wfctl workflows list`, `wfctl audit list`, `wfctl audit hold list`, `wfctl versions list`, `wfctl requests list`, `wfctl context list`?)',
      ],
      ['use', '(Did you mean `wfctl context use`?)'],
      // typos of a verb
      ['reprot', '(Did you mean `wfctl analytics report`?)'],
      ['exprot', '(Did you mean `wfctl audit export`?)'],
    ];
    for (const [word, suggestion] of cases) {
      const r = await runCli([word, '--days', '7']);
      expect(r.code, word).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr, word).toBe(`wfctl: unknown command '${word}'\n${suggestion}\n`);
    }
  });

  it("a typo of a noun keeps commander's suggestion; a word close to nothing gets none", async () => {
    expect((await runCli(['analytcs', 'report'])).stderr).toBe(
      "wfctl: unknown command 'analytcs'\n(Did you mean analytics?)\n",
    );
    expect((await runCli(['chek'])).stderr).toBe("wfctl: unknown command 'chek'\n(Did you mean check?)\n");
    expect((await runCli(['zzzz'])).stderr).toBe("wfctl: unknown command 'zzzz'\n");
  });
});

describe('a database without the backend collections is named as such (issue 18, trap 3)', () => {
  const NAMED =
    "holds none of the backend's collections (custom_workflows, workflow_versions, workflow_execution_logs, workflow_action_attempts, workflow_audit_logs)";

  it('wfctl --db <typo> workflows list: exit 1 naming the database, its source and the databases on the server, not "No workflows match."', async () => {
    const r = await runCli(['--db', typo(), 'workflows', 'list'], { env: db.env, tty: true });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const [line, hint] = r.stderr.split('\n');
    expect(line).toContain(`wfctl: database '${typo()}' ${NAMED}; databases on this server: `);
    expect(line).toMatch(new RegExp(`${db.dbName}|and \\d+ more`));
    expect(hint).toBe(
      "hint: the name came from --db: name the backend's database with --db; a new database: wfctl db indexes --apply --new-database",
    );
    expect(r.stderr).not.toContain('No workflows match');
    const fromEnv = await runCli(['analytics', 'overview'], { env: { ...db.env, WFCTL_DB: typo() } });
    expect(fromEnv.code).toBe(1);
    expect(fromEnv.stderr).toContain('hint: the name came from WFCTL_DB');
  });

  it('reads, checks, exports and writes all stop there, and nothing is written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wfctl-trap3-'));
    const out = join(dir, 'audit.ndjson');
    for (const args of [
      ['check', 'failures', '--max', '0'],
      ['check'],
      ['audit', 'list'],
      ['audit', 'export', '--format', 'ndjson', '--output', out],
      ['stats', 'errors', 'wf-trap'],
      ['versions', 'list', 'wf-trap'],
      ['rollback', 'wf-trap', '--to', '1', '--reason', 'x', '--yes'],
    ]) {
      const r = await runCli(['--db', typo(), ...args], { env: db.env });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(1);
      expect(r.stderr, args.join(' ')).toContain(NAMED);
      expect(r.stdout, args.join(' ')).toBe('');
    }
    expect(existsSync(out)).toBe(false);
    const names = await db.ds.client.db(typo()).listCollections({}, { nameOnly: true }).toArray();
    expect(names).toEqual([]);
  });

  it('a database that holds the collections but no documents: honest zeros, exit 0', async () => {
    const r = await runCli(['workflows', 'list', '--json'], { env: empty.env });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ workflows: [] });
    const check = await runCli(['check', 'failures', '--max', '0', '--json'], { env: empty.env });
    expect(check.code, check.stderr).toBe(0);
    expect(JSON.parse(check.stdout).checks[0]).toMatchObject({ value: 0, outcome: 'ok' });
  });

  it('db doctor reports it as its finding (exit 1), without the missing-index noise', async () => {
    const r = await runCli(['--db', typo(), 'db', 'doctor', '--json'], { env: db.env });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({ check: 'collections', severity: 'error' });
    expect(report.findings[0].message).toContain(`database '${typo()}' ${NAMED}`);
    const text = await runCli(['--db', typo(), 'db', 'doctor'], { env: db.env });
    expect(text.stdout).toContain("fix: name the backend's database with --db");
  });

  it('db indexes refuses to create collections in it unless --new-database says it is new', async () => {
    for (const args of [
      ['db', 'indexes'],
      ['db', 'indexes', '--apply'],
    ]) {
      const r = await runCli(['--db', typo(), ...args], { env: db.env });
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toContain(NAMED);
      expect(r.stderr).toContain('wfctl db indexes --apply --new-database');
    }
    expect(await db.ds.client.db(typo()).listCollections({}, { nameOnly: true }).toArray()).toEqual([]);
    const fresh = `${db.dbName}_new`;
    try {
      const r = await runCli(['--db', fresh, 'db', 'indexes', '--apply', '--new-database', '--json'], { env: db.env });
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).missing).toBe(0);
      const after = await runCli(['--db', fresh, 'workflows', 'list', '--json'], { env: db.env });
      expect(after.code, after.stderr).toBe(0);
    } finally {
      await db.ds.client.db(fresh).dropDatabase();
    }
  });

  it('shell completion stays silent on it: nothing on stdout or stderr, exit 0', async () => {
    const r = await runCli(['--db', typo(), '__complete', 'workflows'], { env: db.env });
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    // nor does a --version on the line make it speak
    const v = await runCli(['--db', typo(), '-V', '__complete', 'workflows'], { env: db.env });
    expect(v).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});

describe('--quiet: nothing on stderr for a success, errors still print', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wfctl-quiet-'));
  beforeAll(async () => {
    const at = new Date(Date.now() - 10 * 60_000);
    await db.ds.audit.insertMany(
      [1, 2, 3].map((i) => ({
        event_type: 'workflow_updated',
        workflow_id: 'wf-trap',
        user_id: 'ann',
        details: { i },
        metadata: {},
        timestamp: at,
      })),
    );
    await db.ds.executions.insertOne({
      workflow_id: 'wf-trap',
      workflow_name: 'Trap',
      execution: {
        workflow_id: 'wf-trap',
        started_at: at,
        completed_at: at,
        status: 'failed',
        actions_completed: [],
        actions_failed: ['a'],
        error: 'boom',
        context: {},
      },
      created_at: at,
    } as never);
  });

  it('a read, an export to a file and a passing check say things on a terminal, and nothing with -q; stdout is the same', async () => {
    const runs: Array<{ args: string[]; env: Record<string, string> }> = [
      { args: ['workflows', 'list'], env: empty.env },
      { args: ['workflows', 'list', '--json'], env: db.env },
      { args: ['audit', 'export', '--format', 'ndjson', '--output', join(dir, 'a.ndjson')], env: db.env },
      { args: ['check', 'failures', '--max', '5', '--format', 'json', '--output', join(dir, 'c.json')], env: db.env },
      { args: ['db', 'indexes'], env: db.env },
    ];
    for (const { args, env } of runs) {
      const loud = await runCli(args, { env, tty: true });
      expect(loud.code, `${args.join(' ')}: ${loud.stderr}`).toBe(0);
      if (!args.includes('--json')) expect(loud.stderr, args.join(' ')).not.toBe('');
      for (const flag of ['-q', '--quiet']) {
        const quiet = await runCli([flag, ...args], { env, tty: true });
        expect(quiet.code, args.join(' ')).toBe(0);
        expect(quiet.stderr, `${flag} ${args.join(' ')}`).toBe('');
        if (!args.includes('--output') && !args.includes('--json')) expect(quiet.stdout).toBe(loud.stdout);
      }
    }
    // after the verb too, as every global option
    const after = await runCli(['workflows', 'list', '--quiet'], { env: empty.env, tty: true });
    expect(after).toMatchObject({ code: 0, stderr: '' });
  });

  it('a failure still prints: its error, and a breached check its reasons', async () => {
    const missing = await runCli(['-q', 'workflows', 'show', 'wf-nowhere'], { env: db.env, tty: true });
    expect(missing.code).toBe(4);
    expect(missing.stderr).toMatch(/^wfctl: workflow "wf-nowhere" not found/);
    const breached = await runCli(
      ['-q', 'check', 'failures', '--max', '0', '--format', 'json', '--output', join(dir, 'breach.json')],
      { env: db.env },
    );
    expect(breached.code).toBe(3);
    expect(breached.stderr).toContain('(more than 0 allowed)');
    const typo = await runCli(['-q', 'audit', 'lst'], { env: db.env });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("unknown command 'lst'");
  });

  it('--quiet with --verbose: exit 2, nothing run', async () => {
    const r = await runCli(['-q', '-v', 'workflows', 'list'], { env: db.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('wfctl: --quiet and --verbose ask for opposite things; give one of them\n');
  });
});

describe('unreachable server', () => {
  it('fails with exit 1 within the timeout, naming host and port and hiding the password', async () => {
    const port = await freePort(); // nothing listens there
    const r = await runBin(['--timeout', '1', 'workflows', 'list'], {
      env: { WFCTL_MONGODB_URI: `mongodb://admin:Sup3rS3cret@127.0.0.1:${port}/prod` },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`127.0.0.1:${port}`);
    expect(r.stderr).toContain('within 1s');
    expect(r.stderr + r.stdout).not.toContain('Sup3rS3cret');
  });

  it('never prints the password, even with --verbose', async () => {
    const port = await freePort();
    const r = await runCli(['--verbose', '--timeout', '0.5', 'workflows', 'list'], {
      env: {
        WFCTL_MONGODB_URI: `mongodb://admin:Sup3rS3cret@127.0.0.1:${port}/prod?tls=false&tlsCertificateKeyFilePassword=K3yPa55`,
      },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('connecting to mongodb://admin:****@');
    expect(r.stderr + r.stdout).not.toContain('Sup3rS3cret');
    expect(r.stderr + r.stdout).not.toContain('K3yPa55');
  });
});
