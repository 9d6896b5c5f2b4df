/** Result files of check and analytics report: written atomically, errors said as bad input where they are. */
import { dirname } from 'node:path';
import { writeFileAtomic as writeRaw } from '../../atomic-file.js';
import { RuntimeError, UsageError } from '../../errors.js';

export async function writeFileAtomic(path: string, text: string): Promise<void> {
  try {
    await writeRaw(path, text);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') throw new UsageError(`output folder ${dirname(path)} does not exist; nothing was written`, { cause: err });
    if (e.code === 'EACCES' || e.code === 'EPERM' || e.code === 'EROFS') {
      throw new UsageError(`output folder ${dirname(path)} is not writable; nothing was written`, { cause: err });
    }
    throw new RuntimeError(`cannot write ${path}: ${e.code ?? e.message}`, { hint: 'check that the folder exists and is writable', cause: err });
  }
}
