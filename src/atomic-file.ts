/**
 * Writing a small file so that a reader (node_exporter, a mailer, the next
 * cron run) never sees half of it: a temporary file beside the target,
 * flushed to disk, then renamed over the target in one step, and the rename
 * itself made durable by syncing the folder. Errors come out as the file
 * system gave them; the temporary file never stays behind.
 */
import { createHash, randomBytes } from 'node:crypto';
import { open, readdir, rename, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';

/** Who made a temporary file: a short tag of the host name, so that a sweep on another host sharing the folder leaves it be. */
const HOST_TAG = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);
const TEMP_NAME = /^\..+\.wfctl-([0-9a-f]{8})-(\d+)-[0-9a-f]{8}\.tmp$/;

/** A fresh hidden name beside `path` for the file that will replace it: `.NAME.wfctl-HOST-PID-RANDOM.tmp`. */
export function tempPathBeside(path: string): string {
  return join(dirname(path), `.${basename(path)}.wfctl-${HOST_TAG}-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
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

export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const tmp = tempPathBeside(path);
  try {
    const fh = await open(tmp, 'wx', 0o644);
    try {
      await fh.writeFile(text, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
  await fsyncDir(dirname(path));
}
