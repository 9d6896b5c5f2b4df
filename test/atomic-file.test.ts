/**
 * atomic-file.ts: temporary files with an exact mode from their first byte, and the refusal of
 * targets that are not regular files (issue 19, items 3 and 6).
 */
import { spawnSync } from 'node:child_process';
import {
  lstatSync,
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
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempFile, OWNER_ONLY, refuseNonRegular, writeFileAtomic } from '../src/atomic-file.js';
import { UsageError } from '../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'wfctl-atomic-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let umask: number;
beforeEach(() => {
  umask = process.umask(0o022);
});
afterEach(() => {
  process.umask(umask);
});

const modeOf = (p: string) => statSync(p).mode & 0o7777;

describe('createTempFile', () => {
  it('is owner-only before anything is written (umask 022 would give 0644)', async () => {
    const fh = await createTempFile(join(dir, 'a.tmp'), OWNER_ONLY);
    expect(modeOf(join(dir, 'a.tmp'))).toBe(0o600);
    expect(statSync(join(dir, 'a.tmp')).size).toBe(0);
    await fh.close();
  });

  it('takes the asked mode exactly, whatever the umask', async () => {
    process.umask(0o077);
    const fh = await createTempFile(join(dir, 'b.tmp'), 0o640);
    expect(modeOf(join(dir, 'b.tmp'))).toBe(0o640);
    await fh.close();
  });

  it('never replaces: an existing name fails (wx)', async () => {
    writeFileSync(join(dir, 'c.tmp'), 'x');
    await expect(createTempFile(join(dir, 'c.tmp'), OWNER_ONLY)).rejects.toMatchObject({ code: 'EEXIST' });
  });
});

describe('writeFileAtomic', () => {
  it('writes with the asked mode; without one, 0644 less the umask as before', async () => {
    await writeFileAtomic(join(dir, 'm.json'), '{}\n', { mode: OWNER_ONLY });
    expect(modeOf(join(dir, 'm.json'))).toBe(0o600);
    await writeFileAtomic(join(dir, 'plain.prom'), 'x 1\n');
    expect(modeOf(join(dir, 'plain.prom'))).toBe(0o644);
  });

  it('refuses a FIFO at the target, leaves it, and leaves no temporary file', async () => {
    const d = join(dir, 'fifo-case');
    mkdirSync(d);
    spawnSync('mkfifo', [join(d, 'out')]);
    await expect(writeFileAtomic(join(d, 'out'), 'x', { label: '--output' })).rejects.toThrow(UsageError);
    expect(lstatSync(join(d, 'out')).isFIFO()).toBe(true);
    expect(readdirSync(d)).toEqual(['out']);
  });
});

describe('refuseNonRegular', () => {
  it('lets a missing path, a path under a missing folder and a regular file be', async () => {
    writeFileSync(join(dir, 'regular'), 'x');
    await expect(refuseNonRegular(join(dir, 'missing'), '--output')).resolves.toBeUndefined();
    await expect(refuseNonRegular(join(dir, 'no-such-folder', 'f'), '--output')).resolves.toBeUndefined();
    await expect(refuseNonRegular(join(dir, 'regular'), '--output')).resolves.toBeUndefined();
  });

  it('names what is there: a folder, a dangling link, a link to a regular file', async () => {
    mkdirSync(join(dir, 'folder'));
    symlinkSync('nowhere', join(dir, 'dangling'));
    writeFileSync(join(dir, 'target'), 'keep');
    symlinkSync('target', join(dir, 'link'));
    await expect(refuseNonRegular(join(dir, 'folder'), '--output')).rejects.toThrow(
      `--output ${join(dir, 'folder')} is a folder, not a regular file`,
    );
    await expect(refuseNonRegular(join(dir, 'dangling'), '--checkpoint')).rejects.toThrow(
      `--checkpoint ${join(dir, 'dangling')} is a symbolic link (to nowhere)`,
    );
    await expect(refuseNonRegular(join(dir, 'link'), '--output')).rejects.toThrow('is a symbolic link (to target)');
    expect(readFileSync(join(dir, 'target'), 'utf8')).toBe('keep');
  });
});
