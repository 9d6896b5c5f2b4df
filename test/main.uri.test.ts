/**
 * A password in --uri shows in the process list (issue 19, item 5): wfctl says so once and takes it
 * out of its process title; --uri-file (and WFCTL_MONGODB_URI_FILE) keep it off the command line.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskedTitle } from '../src/main.js';
import { BIN, runCli } from './support/cli.js';
import { useTestDatabase } from './support/db.js';

const db = useTestDatabase('uri_password');
const dir = mkdtempSync(join(tmpdir(), 'wfctl-uri-'));
const SECRET = 'Sup3rS3cretPassw0rd';
const WARNING =
  'warning: the password in --uri is visible to other users in the process list while wfctl starts; use WFCTL_MONGODB_URI or --uri-file (a file only you can read) instead\n';

/** A server that accepts connections and never answers: wfctl waits in server selection. */
let silent: Server;
let silentPort = 0;
const sockets: Socket[] = [];
beforeAll(async () => {
  silent = createServer((s) => sockets.push(s));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  silentPort = (silent.address() as { port: number }).port;
});
afterAll(() => {
  for (const s of sockets) s.destroy();
  silent.close();
  rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a password given with --uri', () => {
  it('is gone from the process list (ps -o args) while wfctl runs, and is said once on stderr', async () => {
    const ps = spawnSync('ps', ['-o', 'args=', '-p', String(process.pid)], { encoding: 'utf8' });
    if (ps.status !== 0) throw new Error(`ps does not run here: ${ps.stderr}`);
    const child = spawn(
      process.execPath,
      [BIN, '--uri', `mongodb://admin:${SECRET}@127.0.0.1:${silentPort}/`, '--timeout', '30', 'workflows', 'list'],
      {
        env: { PATH: process.env.PATH, HOME: process.env.HOME },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
    let args = '';
    try {
      // the title is rewritten first thing; a loaded machine may take seconds to get there
      for (let i = 0; i < 150; i++) {
        args = spawnSync('ps', ['-o', 'args=', '-p', String(child.pid)], { encoding: 'utf8' }).stdout.trim();
        if (args.startsWith('wfctl ') && stderr.includes('warning:')) break;
        await sleep(100);
      }
    } finally {
      child.kill('SIGTERM');
      await closed;
    }
    expect(args).not.toContain(SECRET);
    expect(args).toBe(`wfctl --uri mongodb://admin:****@127.0.0.1:${silentPort}/ --timeout 30 workflows list`);
    expect(stderr).toBe(WARNING);
  });

  it('is warned about once per run, and never printed, even when the connection then fails', async () => {
    const r = await runCli([
      '--uri',
      `mongodb://admin:${SECRET}@127.0.0.1:${silentPort}/`,
      '--timeout',
      '1',
      'workflows',
      'list',
    ]);
    expect(r.stderr.split(WARNING).length - 1).toBe(1);
    expect(r.stderr).not.toContain(SECRET);
    expect(r.code).toBe(1);
  });

  it('not during a TAB: the completion helper still prints nothing', async () => {
    const r = await runCli(['--uri', `mongodb://admin:${SECRET}@127.0.0.1:${silentPort}/`, '__complete', 'workflows']);
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('no warning for a URI without a password, or one from the environment', async () => {
    const plain = await runCli(['--uri', db.uri, '--db', db.dbName, 'workflows', 'list']);
    expect(plain.stderr).toBe('');
    expect(plain.code).toBe(0);
    const fromEnv = await runCli(['--timeout', '1', 'workflows', 'list'], {
      env: { WFCTL_MONGODB_URI: `mongodb://admin:${SECRET}@127.0.0.1:${silentPort}/` },
    });
    expect(fromEnv.stderr).not.toContain('warning:');
  });

  it('maskedTitle masks every URI secret of the arguments, and leaves a title without one alone', () => {
    expect(maskedTitle(['--uri=mongodb://u:p%40ss@h/db?tlsCertificateKeyFilePassword=k', 'audit', 'list'])).toBe(
      'wfctl --uri=mongodb://u:****@h/db?tlsCertificateKeyFilePassword=**** audit list',
    );
    expect(maskedTitle(['--uri', 'mongodb://h:27017/db', 'audit', 'list'])).toBeUndefined();
  });
});

describe('--uri-file and WFCTL_MONGODB_URI_FILE', () => {
  const file = (name: string, text: string, mode: number) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    chmodSync(p, mode);
    return p;
  };

  it('connect with the URI the file holds (no password: any mode will do)', async () => {
    const p = file('plain.uri', `${db.uri}\n`, 0o644);
    const r = await runCli(['--uri-file', p, '--db', db.dbName, 'workflows', 'list', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const env = await runCli(['--db', db.dbName, 'workflows', 'list', '--json'], {
      env: { WFCTL_MONGODB_URI_FILE: p },
    });
    expect(env.code).toBe(0);
  });

  it('a file with a password that others can read is refused, with the chmod that fixes it', async () => {
    const p = file('open.uri', `mongodb://admin:${SECRET}@127.0.0.1:${silentPort}/\n`, 0o644);
    const r = await runCli(['--uri-file', p, 'workflows', 'list']);
    expect(r.stderr).toBe(
      `wfctl: --uri-file "${p}" holds a password and other users can read it (mode 0644)\nhint: chmod 600 "${p}"\n`,
    );
    expect(r.code).toBe(2);
    const env = await runCli(['workflows', 'list'], { env: { WFCTL_MONGODB_URI_FILE: p } });
    expect(env.stderr).toContain(`wfctl: WFCTL_MONGODB_URI_FILE "${p}" holds a password and other users can read it`);
    expect(env.code).toBe(2);
  });

  it('a file with a password that only its owner reads is used: no warning, the password never printed', async () => {
    const p = file('private.uri', `mongodb://admin:${SECRET}@127.0.0.1:${silentPort}/\n`, 0o600);
    const r = await runCli(['--uri-file', p, '--timeout', '1', 'workflows', 'list']);
    expect(r.stderr).toMatch(/^wfctl: cannot reach MongoDB at 127\.0\.0\.1:\d+ within 1s/);
    expect(r.stderr).not.toContain(SECRET);
    expect(r.stderr).not.toContain('warning:');
    expect(r.code).toBe(1);
  });

  it.each([
    [
      '--uri and --uri-file together',
      ['--uri', 'mongodb://h/', '--uri-file', '/nonexistent'],
      {},
      '--uri and --uri-file both give the connection string; give one of them',
    ],
    [
      'both variables set',
      [],
      { WFCTL_MONGODB_URI: 'mongodb://h/', WFCTL_MONGODB_URI_FILE: '/nonexistent' },
      'WFCTL_MONGODB_URI and WFCTL_MONGODB_URI_FILE are both set',
    ],
    [
      'a missing file',
      ['--uri-file', join(dir, 'missing.uri')],
      {},
      `--uri-file "${join(dir, 'missing.uri')}" does not exist`,
    ],
    ['a folder', ['--uri-file', dir], {}, `cannot read --uri-file "${dir}": illegal operation on a directory`],
  ])('%s: exit 2, one line', async (_name, args, env, message) => {
    const r = await runCli([...args, 'workflows', 'list'], { env });
    expect(r.stderr).toContain(`wfctl: ${message}`);
    expect(r.code).toBe(2);
  });

  it('an empty file, or one of two lines: exit 2', async () => {
    const empty = file('empty.uri', '\n', 0o600);
    const two = file('two.uri', 'mongodb://a/\nmongodb://b/\n', 0o600);
    expect((await runCli(['--uri-file', empty, 'workflows', 'list'])).stderr).toBe(
      `wfctl: --uri-file "${empty}" is empty; it should hold one connection string (mongodb://...)\n`,
    );
    const r = await runCli(['--uri-file', two, 'workflows', 'list']);
    expect(r.stderr).toBe(
      `wfctl: --uri-file "${two}" holds 2 lines; it should hold one connection string (mongodb://...)\n`,
    );
    expect(r.code).toBe(2);
  });

  it('--uri still wins over WFCTL_MONGODB_URI_FILE (a flag over the environment), without reading the file', async () => {
    const r = await runCli(['--uri', db.uri, '--db', db.dbName, 'workflows', 'list', '--json'], {
      env: { WFCTL_MONGODB_URI_FILE: join(dir, 'missing.uri') },
    });
    expect(r.code).toBe(0);
  });
});
