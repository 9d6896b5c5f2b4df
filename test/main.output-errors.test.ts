/**
 * A write error on stdout or on an --output file is exit 1 with one line, never 0, never a hang,
 * never "unexpected error" (issue 19, item 3); a closed pipe (`| head`) stays exit 0. Real devices
 * and a real full file system: /dev/full for stdout, a 64 KiB tmpfs for --output (root only).
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObjectId } from 'mongodb';
import { insertAudit, makeAuditDocs } from './support/audit-fixtures.js';
import { BIN } from './support/cli.js';
import { useTestDatabase } from './support/db.js';
import { chain, seedWorkflow } from './support/version-fixtures.js';

const db = useTestDatabase('output_errors');
const dir = mkdtempSync(join(tmpdir(), 'wfctl-output-errors-'));
const FULL = '/dev/full';
const noFull = existsSync(FULL) ? false : `${FULL} is missing on this machine`;

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  ms: number;
}

/** Runs wfctl with stdout on `stdout` (a file descriptor, or a pipe whose reader goes away after the first bytes). */
function runTo(args: string[], stdout: number | 'closed-pipe' | 'ignore', timeoutMs = 40_000): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...db.env },
      stdio: ['ignore', stdout === 'closed-pipe' ? 'pipe' : stdout, 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    // `| head -c 1`: the reader takes the first bytes and closes its end
    if (stdout === 'closed-pipe') child.stdout!.once('data', () => child.stdout!.destroy());
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr, ms: Date.now() - started });
    });
  });
}

async function toFull(args: string[]): Promise<Outcome> {
  const fd = openSync(FULL, 'w');
  try {
    return await runTo(args, fd);
  } finally {
    closeSync(fd);
  }
}

beforeAll(async () => {
  await seedWorkflow(db.ds, new ObjectId().toHexString(), chain('full-disk', 2));
  // about 1.3 MB of audit list --json: more than any pipe or stream buffer holds
  await insertAudit(db.ds, makeAuditDocs(3000, new Date('2025-03-01T00:00:00Z'), 1000));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NO_SPACE = 'wfctl: could not write the output: no space left on device\n';

describe.skipIf(noFull)(`stdout on ${FULL} (a full disk)`, () => {
  it('a table command (workflows list) exits 1 with one line, not 0', async () => {
    const r = await toFull(['workflows', 'list']);
    expect(r.stderr).toBe(NO_SPACE);
    expect(r.code).toBe(1);
  });

  it('a streaming command (audit list --all --json) exits 1 instead of waiting for ever', async () => {
    const r = await toFull(['audit', 'list', '--all', '--json']);
    expect(r.signal).toBeNull(); // not killed by the timeout
    expect(r.stderr).toBe(NO_SPACE);
    expect(r.code).toBe(1);
  });

  it('audit list --all as CSV too', async () => {
    const r = await toFull(['audit', 'list', '--all', '--format', 'csv']);
    expect(r.stderr).toBe(NO_SPACE);
    expect(r.code).toBe(1);
  });

  it.each([
    ['without --output', ['audit', 'export', '--format', 'ndjson', '--until', '2025-04-01']],
    ['with --output -', ['audit', 'export', '--format', 'ndjson', '--until', '2025-04-01', '--output', '-']],
    ['as one JSON array', ['audit', 'export', '--format', 'json', '--until', '2025-04-01']],
  ])('an export to stdout (%s) exits 1 with one line, never "unexpected error"', async (_name, args) => {
    const r = await toFull(args);
    expect(r.stderr).toBe(NO_SPACE);
    expect(r.code).toBe(1);
    // `-` is stdout: no file of that name appears
    expect(existsSync(join(dir, '-'))).toBe(false);
  });
});

describe('a closed pipe (| head) is not an error', () => {
  it.each([
    ['audit list --all --json', ['audit', 'list', '--all', '--json']],
    ['audit export', ['audit', 'export', '--until', '2025-04-01']],
  ])('%s exits 0 silently', async (_name, args) => {
    const r = await runTo(args, 'closed-pipe');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});

/** A 64 KiB tmpfs, when this process may mount one (root, CAP_SYS_ADMIN); the reason otherwise. */
function mountTinyTmpfs(at: string): string | undefined {
  mkdirSync(at, { recursive: true });
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k,mode=0755', 'tmpfs', at], { encoding: 'utf8' });
  if (r.error) return `mount could not run: ${r.error.message}`;
  if (r.status !== 0) return `mounting a tmpfs is not permitted here: ${(r.stderr || '').trim()}`;
  return undefined;
}

describe('--output on a full file system', () => {
  const mnt = join(dir, 'tiny');
  let skipReason: string | undefined;
  beforeAll(() => {
    skipReason = mountTinyTmpfs(mnt);
  });
  afterAll(() => {
    if (!skipReason) spawnSync('umount', [mnt]);
  });

  it('audit export --output: exit 1, one line naming the file, no file and no temporary file left', async (t) => {
    if (skipReason) t.skip(skipReason);
    const out = join(mnt, 'audit.ndjson');
    const r = await runTo(['audit', 'export', '--until', '2025-04-01', '--output', out], 'ignore');
    expect(r.stderr).toBe(`wfctl: could not write ${out}: no space left on device; no file was written\n`);
    expect(r.code).toBe(1);
    expect(readdirSync(mnt)).toEqual([]);
  });

  it('analytics report --output on a file system with no room left: exit 1, one line, nothing left', async (t) => {
    if (skipReason) t.skip(skipReason);
    // fill it to the last block
    spawnSync('dd', ['if=/dev/zero', `of=${join(mnt, 'filler')}`, 'bs=4k'], { stdio: 'ignore' });
    const out = join(mnt, 'report.md');
    const r = await runTo(['analytics', 'report', '--format', 'markdown', '--output', out], 'ignore');
    expect(r.stderr).toBe(`wfctl: could not write ${out}: no space left on device; nothing was written\n`);
    expect(r.code).toBe(1);
    expect(readdirSync(mnt)).toEqual(['filler']);
  });
});
