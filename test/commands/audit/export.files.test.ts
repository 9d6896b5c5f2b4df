/**
 * The files audit export writes (issue 19, items 3 and 6): an existing path that is not a regular
 * file is never replaced (exit 2, nothing created), and the export, its manifest and the checkpoint
 * are readable by their owner only (0600) whatever the umask, or as --mode says. The same refusal
 * for the --output of check and analytics report.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAudit, makeAuditDocs } from '../../support/audit-fixtures.js';
import { BIN } from '../../support/cli.js';
import { useTestDatabase } from '../../support/db.js';

const db = useTestDatabase('export_files');
const root = mkdtempSync(join(tmpdir(), 'wfctl-export-files-'));
const UNTIL = ['--until', '2025-04-01'];

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs wfctl in `cwd` under umask 022 (the usual default), as a shell would start it. */
function wfctl(args: string[], cwd: string, umask = '022'): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', `umask ${umask} && exec "$0" "$@"`, process.execPath, BIN, ...args], {
      cwd,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...db.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 50_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

let n = 0;
function freshDir(): string {
  const d = join(root, `case-${++n}`);
  mkdirSync(d);
  return d;
}

const modeOf = (path: string) => statSync(path).mode & 0o7777;

beforeAll(async () => {
  await insertAudit(db.ds, makeAuditDocs(50, new Date('2025-03-01T00:00:00Z'), 1000));
});

const servers: Server[] = [];
afterAll(() => {
  for (const s of servers) s.close();
  rmSync(root, { recursive: true, force: true });
});

/** Makes something that is not a regular file at `path`; a reason to skip when this machine cannot. */
type Maker = (path: string) => Promise<string | undefined>;
const KINDS: Array<[string, string, Maker]> = [
  [
    'a character device',
    'a character device',
    async (p) => {
      // a private node of the same device as /dev/full (never the real one: a wfctl that replaced it would break the machine)
      const r = spawnSync('mknod', [p, 'c', '1', '7']);
      return r.status === 0 ? undefined : `mknod is not permitted here: ${r.stderr?.toString().trim()}`;
    },
  ],
  [
    'a FIFO',
    'a FIFO (named pipe)',
    async (p) => {
      const r = spawnSync('mkfifo', [p]);
      return r.status === 0 ? undefined : `mkfifo failed: ${r.stderr?.toString().trim()}`;
    },
  ],
  [
    'a socket',
    'a socket',
    async (p) => {
      const s = createServer();
      servers.push(s);
      await new Promise<void>((resolve) => s.listen(p, resolve));
      return undefined;
    },
  ],
  [
    'a folder',
    'a folder',
    async (p) => {
      mkdirSync(p);
      return undefined;
    },
  ],
];

/** What the path is now, to show it was left as it was. */
function kindNow(path: string): string {
  const s = lstatSync(path);
  return s.isCharacterDevice()
    ? 'chr'
    : s.isFIFO()
      ? 'fifo'
      : s.isSocket()
        ? 'sock'
        : s.isDirectory()
          ? 'dir'
          : s.isSymbolicLink()
            ? 'link'
            : 'file';
}

describe('an existing path that is not a regular file is never replaced', () => {
  it.for(KINDS)(
    'audit export --output on %s: exit 2, one line, the path left as it was, nothing created',
    async ([, words, make], t) => {
      const d = freshDir();
      const target = join(d, 'out.ndjson');
      const cannot = await make(target);
      if (cannot) t.skip(cannot);
      const before = kindNow(target);
      const r = await wfctl(['audit', 'export', ...UNTIL, '--output', target], d);
      expect(r.stderr).toMatch(
        new RegExp(
          `^wfctl: --output ${target} is ${words.replace(/[()]/g, '\\$&')}, not a regular file; wfctl does not replace it, and nothing was written\\nhint: `,
        ),
      );
      expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(2);
      expect(r.code).toBe(2);
      expect(kindNow(target)).toBe(before);
      expect(readdirSync(d)).toEqual(['out.ndjson']);
    },
  );

  it('a manifest path or a --checkpoint that is a FIFO is refused before anything is created', async () => {
    const d = freshDir();
    spawnSync('mkfifo', [join(d, 'out.ndjson.manifest.json'), join(d, 'series.ckpt')]);
    const manifest = await wfctl(['audit', 'export', ...UNTIL, '--output', join(d, 'out.ndjson')], d);
    expect(manifest.stderr).toContain(
      `wfctl: the manifest ${join(d, 'out.ndjson.manifest.json')} is a FIFO (named pipe), not a regular file`,
    );
    expect(manifest.code).toBe(2);
    const checkpoint = await wfctl(
      ['audit', 'export', '--checkpoint', join(d, 'series.ckpt'), '--output', join(d, 'other.ndjson')],
      d,
    );
    expect(checkpoint.stderr).toContain(
      `wfctl: --checkpoint ${join(d, 'series.ckpt')} is a FIFO (named pipe), not a regular file`,
    );
    expect(checkpoint.code).toBe(2);
    expect(readdirSync(d).sort()).toEqual(['out.ndjson.manifest.json', 'series.ckpt']);
    expect(kindNow(join(d, 'series.ckpt'))).toBe('fifo');
  });

  it('a symbolic link is refused (a rename would replace the link, not write its file): the link and its file stay', async () => {
    const d = freshDir();
    writeFileSync(join(d, 'real.ndjson'), 'old\n');
    symlinkSync('real.ndjson', join(d, 'link.ndjson'));
    const r = await wfctl(['audit', 'export', ...UNTIL, '--output', join(d, 'link.ndjson')], d);
    expect(r.stderr).toBe(
      `wfctl: --output ${join(d, 'link.ndjson')} is a symbolic link (to real.ndjson); wfctl replaces only regular files, and nothing was written\nhint: name the file itself, or a new path\n`,
    );
    expect(r.code).toBe(2);
    expect(readlinkSync(join(d, 'link.ndjson'))).toBe('real.ndjson');
    expect(readFileSync(join(d, 'real.ndjson'), 'utf8')).toBe('old\n');
    expect(readdirSync(d).sort()).toEqual(['link.ndjson', 'real.ndjson']);
  });

  it('a regular file is replaced as before (no --checkpoint)', async () => {
    const d = freshDir();
    writeFileSync(join(d, 'out.ndjson'), 'old\n');
    const r = await wfctl(['audit', 'export', ...UNTIL, '--output', join(d, 'out.ndjson')], d);
    expect(r.code).toBe(0);
    expect(readFileSync(join(d, 'out.ndjson'), 'utf8').split('\n').filter(Boolean)).toHaveLength(50);
  });

  it.each([
    ['check', ['check', 'success-rate', '--min', '90', '--format', 'prometheus']],
    ['analytics report', ['analytics', 'report', '--format', 'markdown']],
  ])('%s --output on a FIFO: exit 2 before any query, the FIFO left as it was', async (_name, args) => {
    const d = freshDir();
    const target = join(d, 'out.txt');
    spawnSync('mkfifo', [target]);
    const r = await wfctl([...args, '--output', target], d);
    expect(r.stderr).toMatch(new RegExp(`^wfctl: --output ${target} is a FIFO \\(named pipe\\), not a regular file`));
    expect(r.code).toBe(2);
    expect(kindNow(target)).toBe('fifo');
    expect(readdirSync(d)).toEqual(['out.txt']);
  });

  it('--output - is stdout: the records are printed and no file named "-" appears', async () => {
    const d = freshDir();
    const r = await wfctl(['audit', 'export', ...UNTIL, '--output', '-'], d);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(50);
    expect(readdirSync(d)).toEqual([]);
    const report = await wfctl(['analytics', 'report', '--format', 'markdown', '--output', '-'], d);
    expect(report.code).toBe(0);
    expect(report.stdout).toContain('#');
    expect(readdirSync(d)).toEqual([]);
  });
});

describe('audit files are readable by their owner only (umask 022)', () => {
  it('the export, its manifest and the checkpoint are 0600; the checkpoint stays 0600 on the next run', async () => {
    const d = freshDir();
    const ckpt = join(d, 'series.ckpt');
    const r = await wfctl(
      ['audit', 'export', '--checkpoint', ckpt, '--settle', '0s', '--output', join(d, 'one.ndjson')],
      d,
    );
    expect(r.stderr).not.toContain('wfctl:');
    expect(r.code).toBe(0);
    expect(modeOf(join(d, 'one.ndjson'))).toBe(0o600);
    expect(modeOf(join(d, 'one.ndjson.manifest.json'))).toBe(0o600);
    expect(modeOf(ckpt)).toBe(0o600);
    const again = await wfctl(
      ['audit', 'export', '--checkpoint', ckpt, '--settle', '0s', '--output', join(d, 'two.ndjson')],
      d,
    );
    expect(again.code).toBe(0);
    expect([modeOf(join(d, 'two.ndjson')), modeOf(join(d, 'two.ndjson.manifest.json')), modeOf(ckpt)]).toEqual([
      0o600, 0o600, 0o600,
    ]);
  });

  it('--mode 640 gives exactly 0640 to all three, even under umask 077', async () => {
    const d = freshDir();
    const ckpt = join(d, 'series.ckpt');
    const r = await wfctl(
      ['audit', 'export', '--checkpoint', ckpt, '--settle', '0s', '--mode', '640', '--output', join(d, 'one.ndjson')],
      d,
      '077',
    );
    expect(r.code).toBe(0);
    expect([modeOf(join(d, 'one.ndjson')), modeOf(join(d, 'one.ndjson.manifest.json')), modeOf(ckpt)]).toEqual([
      0o640, 0o640, 0o640,
    ]);
  });

  it("a replaced export file takes the new mode (not the old file's 0644)", async () => {
    const d = freshDir();
    writeFileSync(join(d, 'out.csv'), 'old\n', { mode: 0o644 });
    const r = await wfctl(['audit', 'export', ...UNTIL, '--format', 'csv', '--output', join(d, 'out.csv')], d);
    expect(r.code).toBe(0);
    expect(modeOf(join(d, 'out.csv'))).toBe(0o600);
  });

  it.each([
    ['644x', 'is not a file mode'],
    ['9', 'is not a file mode'],
    ['12345', 'is not a file mode'],
    ['u+rw', 'is not a file mode'],
    ['4755', 'sets the set-id or sticky bits'],
    ['044', 'keeps the owner from reading the file'],
  ])('--mode %s: exit 2, nothing written', async (mode, words) => {
    const d = freshDir();
    const r = await wfctl(['audit', 'export', ...UNTIL, '--mode', mode, '--output', join(d, 'out.ndjson')], d);
    expect(r.stderr).toContain(words);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.code).toBe(2);
    expect(readdirSync(d)).toEqual([]);
  });

  it('--mode without --output (the records go to stdout): exit 2', async () => {
    const d = freshDir();
    const r = await wfctl(['audit', 'export', ...UNTIL, '--mode', '600'], d);
    expect(r.stderr).toContain('wfctl: --mode applies to files written with --output');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
  });
});
