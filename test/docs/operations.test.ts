/**
 * docs/operations.md's recipes, run as cron and systemd would run them: the
 * crontab lines through `sh -c` in cron's bare environment (with cron's `%`
 * rule), the services' ExecStart split and unescaped as systemd does, with the
 * unit's EnvironmentFile and UMask. Paths of the recipes are moved under a
 * temporary folder; nothing else is changed.
 */
import { spawnSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../support/cli.js';
import { useTestDatabase } from '../support/db.js';
import { insertAudit, makeAuditDocs } from '../support/audit-fixtures.js';
import { execStartArgv, markedBlock, parseCrontab, parseEnvFile, parseUnit } from './recipes.js';

const db = useTestDatabase('operations');
const DOC = 'docs/operations.md';
let root: string;

/** The recipe's absolute paths, moved under the test's folder. */
function relocate(text: string): string {
  return text
    .replaceAll('/etc/wfctl', join(root, 'etc/wfctl'))
    .replaceAll('/var/lib/wfctl', join(root, 'var/lib/wfctl'))
    .replaceAll('/srv/audit', join(root, 'srv/audit'))
    .replaceAll('/usr/local/bin', join(root, 'bin'));
}

function files(): string[] {
  return readdirSync(join(root, 'srv/audit')).sort();
}

function run(
  argv: string[],
  env: Record<string, string>,
  stdin = '',
  umask?: string,
): { code: number | null; stdout: string; stderr: string } {
  // a child's umask can only be set from inside it: a shell sets it, then execs the command
  const [cmd, args] = umask
    ? ['/bin/sh', ['-c', `umask ${umask} && exec "$@"`, 'sh', ...argv]]
    : [argv[0]!, argv.slice(1)];
  const r = spawnSync(cmd, args, { env, input: stdin, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'wfctl-ops-'));
  for (const d of ['etc/wfctl', 'var/lib/wfctl', 'srv/audit', 'bin'])
    mkdirSync(join(root, d), { recursive: true, mode: 0o700 });
  symlinkSync(BIN, join(root, 'bin/wfctl'));
  symlinkSync(process.execPath, join(root, 'bin/node'));
  // the connection file as the doc writes it: NAME=value lines, the owner's only
  writeFileSync(
    join(root, 'etc/wfctl/audit.env'),
    `WFCTL_MONGODB_URI=${db.uri}\nWFCTL_DB=${db.dbName}\nWFCTL_USER=audit-export\n`,
    { mode: 0o600 },
  );
  await insertAudit(db.ds, makeAuditDocs(40, new Date(Date.now() - 3 * 3600_000)));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the cron recipe', () => {
  it('runs as cron runs it: the export twice, then the nightly check, silent on success', async () => {
    const { env: cronEnv, jobs } = parseCrontab(relocate(markedBlock(DOC, 'recipe: crontab')));
    expect(jobs).toHaveLength(2);
    expect(cronEnv.PATH).toBeDefined();
    // cron's own environment: nothing of ours, PATH=/usr/bin:/bin, then the crontab's NAME=value lines
    const env = { HOME: root, LOGNAME: 'root', SHELL: '/bin/sh', PATH: '/usr/bin:/bin', ...cronEnv };
    const [exportJob, verifyJob] = jobs as [(typeof jobs)[0], (typeof jobs)[0]];
    expect(exportJob.command).toContain('date -u +%Y%m%dT%H%M%S');
    const first = run([env.SHELL!, '-c', exportJob.command], env, exportJob.stdin);
    expect(first, first.stderr).toMatchObject({ code: 0, stdout: '', stderr: '' });
    await new Promise((r) => setTimeout(r, 1100)); // the file name goes down to the second
    const second = run([env.SHELL!, '-c', exportJob.command], env, exportJob.stdin);
    expect(second, second.stderr).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const exports = files().filter((f) => /^audit-\d{8}T\d{6}\.ndjson$/.test(f));
    expect(exports).toHaveLength(2);
    for (const f of files())
      expect(statSync(join(root, 'srv/audit', f)).mode & 0o077, `${f} is readable by others`).toBe(0);
    expect(statSync(join(root, 'var/lib/wfctl/audit.ckpt')).mode & 0o077).toBe(0);
    const verify = run([env.SHELL!, '-c', verifyJob.command], env, verifyJob.stdin);
    expect(verify, verify.stderr).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(join(root, 'srv/audit/verify.log'), 'utf8')).toMatch(
      /the 40 records of the files' range are in the files, each once/,
    );
  });

  it('a failure is what cron mails: exit status and one line on stderr', () => {
    const { env: cronEnv, jobs } = parseCrontab(relocate(markedBlock(DOC, 'recipe: crontab')));
    const env = { HOME: root, LOGNAME: 'root', SHELL: '/bin/sh', PATH: '/usr/bin:/bin', ...cronEnv };
    // the nightly check over a file that was changed after it was written
    const file = join(
      root,
      'srv/audit',
      files().find((f) => f.endsWith('.ndjson'))!,
    );
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('"workflow_', '"Workflow_'));
    try {
      const r = run([env.SHELL!, '-c', jobs[1]!.command], env);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^wfctl: /m);
    } finally {
      writeFileSync(file, text);
    }
  });
});

describe('the systemd recipe', () => {
  it('the export service runs as systemd would start it; the timer is well-formed', () => {
    const service = parseUnit(relocate(markedBlock(DOC, 'recipe: systemd wfctl-audit-export.service')));
    const svc = service.sections.Service!;
    expect(svc.Type).toEqual(['oneshot']);
    const unitEnv = parseEnvFile(readFileSync(svc.EnvironmentFile![0]!, 'utf8'));
    // systemd's default PATH for services, with /usr/local/bin moved like the recipe's paths
    const env = { PATH: relocate('/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'), ...unitEnv };
    const argv = execStartArgv(svc.ExecStart![0]!, env);
    expect(argv.slice(0, 2)).toEqual(['/bin/sh', '-c']);
    expect(argv[2]).toContain('$(date -u +%Y%m%dT%H%M%S)');
    const before = files().length;
    // the file name holds the second: the cron test's export may have been written in this one
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1100);
    const r = run(argv, env, '', svc.UMask?.[0]);
    expect(r, r.stderr).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(files().length).toBe(before + 2); // the file and its manifest

    const verify = parseUnit(relocate(markedBlock(DOC, 'recipe: systemd wfctl-audit-verify.service'))).sections
      .Service!;
    const v = run(execStartArgv(verify.ExecStart![0]!, env), env);
    expect(v.code, v.stderr).toBe(0);
    expect(v.stderr).toBe('');

    const timer = parseUnit(markedBlock(DOC, 'recipe: systemd wfctl-audit-export.timer')).sections;
    expect(timer.Timer?.OnCalendar).toEqual(['*:0/15']);
    expect(timer.Install?.WantedBy).toEqual(['timers.target']);
  });

  it('the ExecStart reader refuses what systemd would misread', () => {
    expect(() => execStartArgv("/bin/sh -c 'date +%Y'", {})).toThrow(/%%/);
    expect(execStartArgv("/bin/sh -c 'echo $$HOME $X'", { X: 'x' })).toEqual(['/bin/sh', '-c', 'echo $HOME x']);
  });
});

describe('the crontab reader', () => {
  it('takes % as cron does', () => {
    const { jobs } = parseCrontab('* * * * * date +\\%F%line one%line two');
    expect(jobs[0]).toEqual({ schedule: '* * * * *', command: 'date +%F', stdin: 'line one\nline two' });
  });
});
