/**
 * Writing a small file so that a reader (node_exporter, a mailer, the next
 * cron run) never sees half of it: a temporary file beside the target,
 * flushed to disk, then renamed over the target in one step, and the rename
 * itself made durable by syncing the folder. Errors come out as the file
 * system gave them; the temporary file never stays behind.
 *
 * What is at the target's name is looked at first and again just before the
 * rename: only a regular file is ever replaced. A device, a FIFO, a socket, a
 * folder or a symbolic link is refused (a rename would put a file in its
 * place: `/dev/full` would stop being a device, a link would stop pointing to
 * its file, and a link planted in a shared folder would not send the write
 * elsewhere either).
 */
import type { Stats } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { lstat, open, readdir, readlink, rename, rm, type FileHandle } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { UsageError } from './errors.js';

/** Files that hold audit data (exports, manifests, checkpoints): readable and writable by their owner only, unless --mode says otherwise. */
export const OWNER_ONLY = 0o600;

/** What a path that is not a regular file is, in words ("a character device"). */
export function fileKind(s: Stats): string {
  if (s.isFile()) return 'a regular file';
  if (s.isDirectory()) return 'a folder';
  if (s.isSymbolicLink()) return 'a symbolic link';
  if (s.isCharacterDevice()) return 'a character device';
  if (s.isBlockDevice()) return 'a block device';
  if (s.isFIFO()) return 'a FIFO (named pipe)';
  if (s.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Refuses (exit 2) a path where something other than a regular file is: a
 * rename would replace it. A path that does not exist, or a regular file, is
 * let be. `label` names the path in the message (`--output`).
 */
export async function refuseNonRegular(path: string, label: string): Promise<void> {
  let s: Stats;
  try {
    s = await lstat(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return; // nothing there (a bad folder is said where the file is created)
    throw err;
  }
  if (s.isFile()) return;
  if (s.isSymbolicLink()) {
    const to = await readlink(path).catch(() => '?');
    throw new UsageError(
      `${label} ${path} is a symbolic link (to ${to}); wfctl replaces only regular files, and nothing was written`,
      {
        hint: 'name the file itself, or a new path',
      },
    );
  }
  throw new UsageError(
    `${label} ${path} is ${fileKind(s)}, not a regular file; wfctl does not replace it, and nothing was written`,
    {
      hint: label === '--output' ? 'name a regular file, or - (or no --output) for stdout' : 'name a regular file',
    },
  );
}

/**
 * Creates a fresh temporary file (`wx`) with exactly `mode` whatever the
 * umask: created owner-only, set to `mode` before a byte is written. Without
 * `mode`, 0644 less the umask, as before.
 */
export async function createTempFile(tmp: string, mode?: number): Promise<FileHandle> {
  if (mode === undefined) return open(tmp, 'wx', 0o644);
  const fh = await open(tmp, 'wx', mode & OWNER_ONLY);
  try {
    await fh.chmod(mode);
  } catch (err) {
    await fh.close().catch(() => undefined);
    await rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
  return fh;
}

export interface AtomicWriteOptions {
  /** the file's permission bits, exactly (see createTempFile); default 0644 less the umask */
  mode?: number;
  /** how messages name the path (`--output`, `--checkpoint`); default "file" */
  label?: string;
}

/** Who made a temporary file: a short tag of the host name, so that a sweep on another host sharing the folder leaves it be. */
const HOST_TAG = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);
const TEMP_NAME = /^\..+\.wfctl-([0-9a-f]{8})-(\d+)-[0-9a-f]{8}\.tmp$/;

/** A fresh hidden name beside `path` for the file that will replace it: `.NAME.wfctl-HOST-PID-RANDOM.tmp`. */
export function tempPathBeside(path: string): string {
  return join(
    dirname(path),
    `.${basename(path)}.wfctl-${HOST_TAG}-${process.pid}-${randomBytes(4).toString('hex')}.tmp`,
  );
}

/**
 * Removes the temporary files that wfctl processes on this host left in `dir`
 * when they were killed (SIGKILL, a crash, a power cut) before they could
 * clean up; files of running processes and of other hosts are let be. Returns
 * the names removed. A folder that cannot be read is let be.
 */
export async function sweepAbandonedTemps(dir: string, keep: ReadonlySet<string> = new Set()): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (!m || m[1] !== HOST_TAG || keep.has(join(dir, name)) || processRuns(Number(m[2]))) continue;
    await rm(join(dir, name), { force: true }).then(
      () => removed.push(name),
      () => undefined,
    );
  }
  return removed;
}

/** Whether a process with this id runs on this host (one we may not signal runs too). */
export function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Makes the renames in a folder durable; a folder that cannot be opened or synced is let be. */
export async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r').catch(() => undefined);
  if (!fh) return;
  await fh.sync().catch(() => undefined);
  await fh.close().catch(() => undefined);
}

export async function writeFileAtomic(
  path: string,
  text: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const label = options.label ?? 'file';
  await refuseNonRegular(path, label);
  const tmp = tempPathBeside(path);
  try {
    const fh = await createTempFile(tmp, options.mode);
    try {
      await fh.writeFile(text, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    // again just before the rename: something may have appeared at the name meanwhile
    await refuseNonRegular(path, label);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
  await fsyncDir(dirname(path));
}
