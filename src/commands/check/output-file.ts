/**
 * Writing a result file so that a reader (node_exporter, a mailer) never sees
 * half of it: write a temporary file beside the target, flush it to disk,
 * then rename it over the target in one step.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { RuntimeError, UsageError } from '../../errors.js';

export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const fh = await open(tmp, 'w', 0o644);
    try {
      await fh.writeFile(text, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') throw new UsageError(`output folder ${dirname(path)} does not exist; nothing was written`, { cause: err });
    if (e.code === 'EACCES' || e.code === 'EPERM' || e.code === 'EROFS') {
      throw new UsageError(`output folder ${dirname(path)} is not writable; nothing was written`, { cause: err });
    }
    throw new RuntimeError(`cannot write ${path}: ${e.code ?? e.message}`, { hint: 'check that the folder exists and is writable', cause: err });
  }
}
