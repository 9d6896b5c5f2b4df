/**
 * Writing a small file so that a reader (node_exporter, a mailer, the next
 * cron run) never sees half of it: a temporary file beside the target,
 * flushed to disk, then renamed over the target in one step, and the rename
 * itself made durable by syncing the folder. Errors come out as the file
 * system gave them; the temporary file never stays behind.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** A fresh hidden name beside `path` for the file that will replace it: `.NAME.PID.RANDOM.tmp`. */
export function tempPathBeside(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
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
