/**
 * Where an export's bytes go: a temporary file beside the target (created
 * before any record is read, so that a bad folder is found first), or a
 * stream (stdout), through one reused buffer that hashes and counts them.
 */
import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { createTempFile, refuseNonRegular, tempPathBeside } from '../../../atomic-file.js';
import { drained } from '../../core/drain.js';
import { OutputWriteError, RuntimeError, UsageError } from '../../../errors.js';

/**
 * Creates the temporary file beside the target, with exactly `mode` (owner-only by default) from
 * its first byte. A missing or unwritable folder, or a target that is not a regular file (a
 * device, a FIFO, a folder, a link), is bad input (exit 2), found before any record is read.
 */
export async function createTempBeside(output: string, mode: number): Promise<{ tmp: string; fh: FileHandle }> {
  const target = resolve(output);
  const dir = dirname(target);
  await refuseNonRegular(target, '--output');
  const tmp = tempPathBeside(target);
  try {
    return { tmp, fh: await createTempFile(tmp, mode) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new UsageError(`output folder ${dir} does not exist`, {
        hint: 'create it first, or name another --output path',
      });
    if (code === 'ENOTDIR') throw new UsageError(`output folder ${dir} is not a folder`);
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      throw new UsageError(`output folder ${dir} is not writable (${code})`, {
        hint: 'name a folder this user can write to',
      });
    }
    throw new RuntimeError(`cannot create a file beside ${output}: ${(err as Error).message}`);
  }
}

/**
 * The export's output: records are copied into one reused 1 MiB buffer as
 * they are serialized, so no text outlives its record (the garbage stays in
 * V8's young generation and peak memory stays flat however long the export),
 * then hashed, counted and written in large writes.
 */
export class HashedOutput {
  readonly hash = createHash('sha256');
  bytes = 0;
  private readonly buf = Buffer.allocUnsafe(1 << 20);
  private off = 0;
  constructor(
    private readonly fh: FileHandle | undefined,
    private readonly stream: NodeJS.WritableStream | undefined,
    private readonly signal: AbortSignal | undefined,
    /** how a failed write names where it went (the --output path; default "the output", stdout) */
    private readonly target = 'the output',
  ) {}

  /** Adds text; returns a promise only when the buffer had to be written out first. */
  write(text: string): Promise<void> | undefined {
    // a UTF-16 unit takes at most 3 bytes in UTF-8
    if (text.length * 3 <= this.buf.length - this.off) {
      this.off += this.buf.write(text, this.off, 'utf8');
      return undefined;
    }
    return this.flush().then(() => {
      if (text.length * 3 <= this.buf.length) this.off += this.buf.write(text, 0, 'utf8');
      else return this.emit(Buffer.from(text, 'utf8'), false);
    });
  }

  /**
   * Adds bytes [start, end) of `from` (copied: the caller reuses its
   * buffer); returns a promise only when the buffer had to be written out
   * first.
   */
  writeBytes(from: Buffer, start = 0, end = from.length): Promise<void> | undefined {
    const n = end - start;
    if (n <= this.buf.length - this.off) {
      this.off += from.copy(this.buf, this.off, start, end);
      return undefined;
    }
    return this.flush().then(() => {
      if (n <= this.buf.length) this.off = from.copy(this.buf, 0, start, end);
      else return this.emit(Buffer.from(from.subarray(start, end)), false);
    });
  }

  async flush(): Promise<void> {
    if (this.off === 0) return;
    const chunk = this.buf.subarray(0, this.off);
    this.off = 0;
    await this.emit(chunk, true);
  }

  private async emit(chunk: Buffer, reused: boolean): Promise<void> {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    try {
      if (this.fh) {
        let done = 0;
        while (done < chunk.length) done += (await this.fh.write(chunk, done, chunk.length - done)).bytesWritten;
      } else if (this.stream) {
        // a stream may keep the chunk past write(): hand it a copy of the reused buffer
        if (!this.stream.write(reused ? Buffer.from(chunk) : chunk)) await drained(this.stream, this.signal);
      }
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw err;
      throw new OutputWriteError(this.target, err);
    }
  }
}
