/**
 * A raw cursor read a batch at a time: one await per batch, not per
 * document. The driver's async iterator resolves a promise for every
 * document, about 10 µs each; reading the buffered batch is a loop.
 */
import type { AbstractCursor } from 'mongodb';

/** What the driver's cursors give for a batch (raw: true makes each document its bytes). */
export interface RawBatchCursor {
  hasNext(): Promise<boolean>;
  readBufferedDocuments(): Uint8Array[];
  close(): Promise<void>;
}

/** Each document of a raw cursor (opened with `raw: true`) to `each`, in order; the cursor is closed after. */
export async function forEachRaw(cursor: AbstractCursor, each: (bytes: Uint8Array) => void): Promise<void> {
  const c = cursor as unknown as RawBatchCursor;
  try {
    while (await c.hasNext()) for (const bytes of c.readBufferedDocuments()) each(bytes);
  } finally {
    await c.close().catch(() => undefined);
  }
}
