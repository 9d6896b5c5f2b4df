/** Result files of check and analytics report: written atomically, errors said as bad input where they are. */
import { dirname } from 'node:path';
import { refuseNonRegular, writeFileAtomic } from '../atomic-file.js';
import { OutputWriteError, RuntimeError, UsageError, WfctlError, isSystemIoError } from '../errors.js';

/** `--output -` means stdout, as no --output does. */
export function outputFileOf(output: string | undefined): string | undefined {
  return output === '-' ? undefined : output;
}

/**
 * Writes a result file atomically (atomic-file.ts); a missing or read-only folder, or a path that
 * is not a regular file (a device, a FIFO, a folder, a symbolic link), is bad input (exit 2); a
 * full disk or an I/O error is exit 1.
 */
export async function writeOutputFile(path: string, text: string): Promise<void> {
  try {
    await writeFileAtomic(path, text, { label: '--output' });
  } catch (err) {
    if (err instanceof WfctlError) throw err;
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT')
      throw new UsageError(`output folder ${dirname(path)} does not exist; nothing was written`, { cause: err });
    if (e.code === 'EACCES' || e.code === 'EPERM' || e.code === 'EROFS') {
      throw new UsageError(`output folder ${dirname(path)} is not writable; nothing was written`, { cause: err });
    }
    if (isSystemIoError(err)) throw new OutputWriteError(path, err, '; nothing was written');
    throw new RuntimeError(`cannot write ${path}: ${e.code ?? e.message}`, {
      hint: 'check that the folder exists and is writable',
      cause: err,
    });
  }
}

/**
 * The --output of a command, looked at before any work: `-` is stdout (undefined), and a path
 * where something other than a regular file is (a device, a FIFO, a folder, a link) is refused.
 */
export async function outputTarget(output: string | undefined): Promise<string | undefined> {
  const path = outputFileOf(output);
  if (path !== undefined) await refuseNonRegular(path, '--output');
  return path;
}
