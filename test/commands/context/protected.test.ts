/**
 * A protected context: every write prints its target first; on a terminal the
 * person types the context's name; --yes stands in for it only when the
 * context was named for the call (--context, WFCTL_CONTEXT), never when it
 * came from the file's current-context. Each refusal writes nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/main.js';
import { runCli } from '../../support/cli.js';
import { useTestDatabase } from '../../support/db.js';
import { chain, seedWorkflow, workflowData } from '../../support/version-fixtures.js';

const db = useTestDatabase('protected');
const dir = mkdtempSync(join(tmpdir(), 'wfctl-protected-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const WF = 'wf-prot';
const CONFIG = join(dir, 'config.yaml');
const SECRET = 'Pr0tectedSecret';
/** the file's current context is the protected prod; no connection variable in the environment */
const ENV = { WFCTL_CONFIG: CONFIG, WFCTL_USER: 'test-user', NO_COLOR: '1' };
const FILE = join(dir, 'next.json');
let TARGET = '';

const versions = () => db.ds.versions.countDocuments({ workflow_id: WF });

beforeAll(async () => {
  await seedWorkflow(db.ds, WF, chain(WF, 3));
  writeFileSync(FILE, JSON.stringify(workflowData(WF, `Workflow ${WF}`, { revision: 99 })));
  const host = db.uri.replace('mongodb://', '').replace(/\/.*$/, '');
  TARGET = `target: context prod (protected; from SOURCE): host ${host}, database ${db.dbName}\n`;
  for (const args of [
    ['context', 'add', 'prod', '--uri', db.uri, '--db', db.dbName, '--protected'],
    // a server that is not there, reached with a password
    ['context', 'add', 'vault', '--uri', `mongodb://admin:${SECRET}@127.0.0.1:1/v`, '--protected'],
    ['context', 'add', 'dev', '--uri', db.uri, '--db', db.dbName],
    ['context', 'use', 'prod'],
  ]) {
    const r = await runCli(args, { env: ENV });
    if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  }
});

const target = (source: string) => TARGET.replace('SOURCE', source);

describe('--yes on a protected context', () => {
  it("is exit 2 when the context came from the file's current-context, for every write verb; nothing written", async () => {
    const before = await versions();
    const writes = [
      ['rollback', WF, '--to', '1', '--reason', 'r', '--yes'],
      ['rollback', WF, '--if-regressed', '--reason', 'r', '--yes'],
      ['versions', 'create', WF, '-f', FILE, '-m', 'm', '--yes'],
      ['db', 'indexes', '--apply', '--yes'],
      ['db', 'doctor', '--repair', '--yes'],
      ['audit', 'hold', 'add', '--workflow', WF, '--reason', 'r', '--yes'],
      ['audit', 'hold', 'release', '0123456789abcdef01234567', '--reason', 'r', '--yes'],
    ];
    for (const args of writes) {
      const r = await runCli(args, { env: ENV });
      expect([args, r.code, r.stdout]).toEqual([args, 2, '']);
      expect(r.stderr).toBe(
        `${target("the configuration file's current-context")}wfctl: context prod is protected and was chosen by the configuration file's current-context: --yes needs the context named for this call; nothing was written\nhint: wfctl --context prod ... --yes (or WFCTL_CONTEXT=prod)\n`,
      );
    }
    expect(await versions()).toBe(before);
  });

  it('is accepted with --context prod or WFCTL_CONTEXT=prod, after the target is printed', async () => {
    const before = await versions();
    const flag = await runCli(['--context', 'prod', 'rollback', WF, '--to', '1', '--reason', 'r', '--yes'], {
      env: ENV,
    });
    expect(flag.code).toBe(0);
    expect(flag.stderr.startsWith(target('--context'))).toBe(true);
    const env = await runCli(['versions', 'create', WF, '-f', FILE, '-m', 'next', '--yes'], {
      env: { ...ENV, WFCTL_CONTEXT: 'prod' },
    });
    expect(env.code).toBe(0);
    expect(env.stderr).toBe(target('WFCTL_CONTEXT'));
    expect(await versions()).toBe(before + 2);
  });

  it('without --yes and without a terminal: exit 2 naming what to pass', async () => {
    const before = await versions();
    const named = await runCli(['--context', 'prod', 'versions', 'create', WF, '-f', FILE, '-m', 'again'], {
      env: ENV,
    });
    expect(named.code).toBe(2);
    expect(named.stderr).toContain(
      'wfctl: confirm a write to protected context prod: not asking, since stdin or stdout is not a terminal; pass --yes (with --context prod or WFCTL_CONTEXT=prod)',
    );
    const current = await runCli(['versions', 'create', WF, '-f', FILE, '-m', 'again'], { env: ENV });
    expect(current.code).toBe(2);
    expect(current.stderr).toContain('a write without a terminal needs the context named for this call');
    expect(await versions()).toBe(before);
  });

  it('--dry-run prints the target and writes nothing, from the current-context too', async () => {
    const before = await versions();
    const r = await runCli(['rollback', WF, '--to', '1', '--dry-run'], { env: ENV });
    expect(r.code).toBe(0);
    expect(r.stderr.startsWith(target("the configuration file's current-context"))).toBe(true);
    expect(await versions()).toBe(before);
  });

  it('reads print no target; a context that is not protected changes nothing', async () => {
    const read = await runCli(['versions', 'list', WF], { env: ENV });
    expect(read.code).toBe(0);
    expect(read.stderr).toBe('');
    await runCli(['context', 'use', 'dev'], { env: ENV });
    try {
      const r = await runCli(['rollback', WF, '--to', '1', '--reason', 'r', '--yes'], { env: ENV });
      expect(r.code).toBe(0);
      expect(r.stderr).not.toContain('target:');
    } finally {
      await runCli(['context', 'use', 'prod'], { env: ENV });
    }
  });

  it('--uri on the line does not lift the protection of a context named for the call', async () => {
    const r = await runCli(['--context', 'prod', '--uri', db.uri, '--db', db.dbName, 'db', 'indexes', '--apply'], {
      env: ENV,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('target: context prod (protected; from --context)');
  });

  it('the target line never holds the password', async () => {
    const r = await runCli(['--context', 'vault', '-v', '--timeout', '0.5', 'rollback', WF, '--to', '1', '--dry-run'], {
      env: ENV,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('target: context vault (protected; from --context): host 127.0.0.1:1, database v\n');
    expect(r.stdout + r.stderr).not.toContain(SECRET);
  });
});

class Terminal extends PassThrough {
  isTTY = true;
  columns = 120;
  text = '';
  constructor() {
    super();
    this.on('data', (d: Buffer) => (this.text += d.toString('utf8')));
  }
  override end(): this {
    return this;
  }
}

/** wfctl on terminal streams; each key is typed once its prompt text is on the screen. */
async function interactive(args: string[], env: Record<string, string>, keys: Array<{ when: RegExp; type: string }>) {
  const stdout = new Terminal();
  const stderr = new Terminal();
  const stdin = new PassThrough() as PassThrough & { isTTY: boolean; setRawMode?: (b: boolean) => void };
  stdin.isTTY = true;
  stdin.setRawMode = () => undefined;
  const pending = [...keys];
  const timer = setInterval(() => {
    const next = pending[0];
    if (next && next.when.test(stdout.text)) {
      pending.shift();
      stdin.write(next.type);
    }
  }, 20);
  try {
    const code = await main(args, {
      stdout,
      stderr,
      stdin,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    });
    return { code, stdout: stdout.text, stderr: stderr.text };
  } finally {
    clearInterval(timer);
  }
}

describe('on a terminal', () => {
  const QUESTION = /Protected context prod: type its name to write to it:/;

  it("asks for the context's name; a wrong name is asked again, the right one writes", async () => {
    const before = await versions();
    const r = await interactive(['versions', 'create', WF, '-f', FILE, '-m', 'typed', '--allow-empty'], ENV, [
      { when: QUESTION, type: 'dev\r' },
      { when: /type prod to write to it, or Ctrl-C to cancel/, type: '\x7f\x7f\x7fprod\r' },
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(target("the configuration file's current-context"));
    expect(r.stdout).toContain('Created version');
    expect(await versions()).toBe(before + 1);
  });

  it('Ctrl-C at the question: exit 130, nothing written', async () => {
    const before = await versions();
    const r = await interactive(['--context', 'prod', 'versions', 'create', WF, '-f', FILE, '-m', 'no'], ENV, [
      { when: QUESTION, type: '\x03' },
    ]);
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('Cancelled; nothing was written.');
    expect(await versions()).toBe(before);
  });
});
