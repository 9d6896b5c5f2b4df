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
