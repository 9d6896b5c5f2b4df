/** Result files of check and analytics report: written atomically, errors said as bad input where they are. */
import { dirname } from 'node:path';
import { writeFileAtomic } from '../atomic-file.js';
import { RuntimeError, UsageError } from '../errors.js';

/** Writes a result file atomically (atomic-file.ts); a missing or read-only folder is bad input (exit 2). */
export async function writeOutputFile(path: string, text: string): Promise<void> {
  try {
    await writeFileAtomic(path, text);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') throw new UsageError(`output folder ${dirname(path)} does not exist; nothing was written`, { cause: err });
    if (e.code === 'EACCES' || e.code === 'EPERM' || e.code === 'EROFS') {
      throw new UsageError(`output folder ${dirname(path)} is not writable; nothing was written`, { cause: err });
    }
    throw new RuntimeError(`cannot write ${path}: ${e.code ?? e.message}`, { hint: 'check that the folder exists and is writable', cause: err });
  }
}
