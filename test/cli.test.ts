import { describe, expect, it } from 'vitest';
import { freePort } from './support/ferretdb.js';
import { runBin, runCli } from './support/cli.js';

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

  describe('empty, padded or impossible option values: exit 2 in commander\'s one line, before connecting (issue 19 item 7)', () => {
    // a server that is not there: reaching it would be exit 1, not 2
    const env = { WFCTL_MONGODB_URI: 'mongodb://127.0.0.1:1/x' };
    const cases: Array<[string[], RegExp]> = [
      [['--db', '', 'workflows', 'list'], /^wfctl: option '--db <name>' argument '' is invalid\. "" is not a database name; a database name is 1 to 63 bytes/],
      [['--db', 'prod.db', 'workflows', 'list'], /argument 'prod\.db' is invalid\. "prod\.db" is not a database name/],
      [['--db', 'a b', 'workflows', 'list'], /"a b" is not a database name/],
      [['--db', 'x'.repeat(64), 'workflows', 'list'], /is not a database name; a database name is 1 to 63 bytes of UTF-8 without \/ \\ \. " \$ @ :, spaces or control characters\.\n/],
      [['--uri', '', 'workflows', 'list'], /^wfctl: option '--uri <uri>' argument '' is invalid\. "" is empty/],
      [['--user', '', 'versions', 'list', 'wf'], /^wfctl: option '--user <name>' argument '' is invalid/],
      [['rollback', 'wf', '--to', '1 ', '--dry-run'], /^wfctl: option '--to <version>' argument '1 ' is invalid\. "1 " is not a version; accepted:/],
      [['rollback', 'wf', '--to', ' previous', '--if-regressed', '--dry-run'], /argument ' previous' is invalid/],
      [['rollback', 'wf', '--to', '2', '--expect-current', '1e0', '--dry-run'], /argument '1e0' is invalid\. "1e0" is not a positive whole number/],
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
        expect(r.stderr).toMatch(/^wfctl: invalid connection string from (--uri|WFCTL_MONGODB_URI): it has spaces or line breaks around it\n$/);
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

describe('unreachable server', () => {
  it('fails with exit 1 within the timeout, naming host and port and hiding the password', async () => {
    const port = await freePort(); // nothing listens there
    const t0 = Date.now();
    const r = await runBin(['--timeout', '1', 'workflows', 'list'], {
      env: { WFCTL_MONGODB_URI: `mongodb://admin:Sup3rS3cret@127.0.0.1:${port}/prod` },
    });
    const elapsed = Date.now() - t0;
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`127.0.0.1:${port}`);
    expect(r.stderr).toContain('within 1s');
    expect(r.stderr + r.stdout).not.toContain('Sup3rS3cret');
    expect(elapsed).toBeLessThan(8000);
  });

  it('never prints the password, even with --verbose', async () => {
    const port = await freePort();
    const r = await runCli(['--verbose', '--timeout', '0.5', 'workflows', 'list'], {
      env: { WFCTL_MONGODB_URI: `mongodb://admin:Sup3rS3cret@127.0.0.1:${port}/prod?tls=false&tlsCertificateKeyFilePassword=K3yPa55` },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('connecting to mongodb://admin:****@');
    expect(r.stderr + r.stdout).not.toContain('Sup3rS3cret');
    expect(r.stderr + r.stdout).not.toContain('K3yPa55');
  });
});
