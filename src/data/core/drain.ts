/**
 * Waiting for a stream that said "not now" (write() returned false) to take
 * more: until 'drain', or until it fails. A stream that failed (a full disk
 * behind stdout: ENOSPC, EIO, EFBIG) emits 'error' and never 'drain'; a wait
 * for 'drain' alone would never end.
 */
import { once } from 'node:events';

type WritableLike = NodeJS.WritableStream & { errored?: Error | null; destroyed?: boolean };

/** Resolves on 'drain'; rejects with the stream's error (also one it already had), or when it closed first. */
export async function drained(stream: NodeJS.WritableStream, signal?: AbortSignal): Promise<void> {
  const s = stream as WritableLike;
  if (s.errored) throw s.errored;
  if (s.destroyed) throw Object.assign(new Error('the output stream was closed'), { code: 'ERR_STREAM_DESTROYED' });
  const ac = new AbortController();
  const onAbort = () => ac.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await Promise.race([
      once(stream, 'drain', { signal: ac.signal }),
      once(stream, 'close', { signal: ac.signal }).then(() => {
        throw s.errored ?? Object.assign(new Error('the output stream was closed'), { code: 'ERR_STREAM_DESTROYED' });
      }),
    ]);
  } finally {
    ac.abort();
    signal?.removeEventListener('abort', onAbort);
  }
}
