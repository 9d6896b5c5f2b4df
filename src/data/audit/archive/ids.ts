/**
 * The `_id`s of an archive file, kept compactly for the deletes: collected
 * as the export writes them (`addStored`) or read back from the file (`add`);
 * an ObjectId (what the backend writes) in 12 bytes, any other id as its value.
 * The batches come out in the same order on every run over the same file, so
 * a resumed run can skip the batches its journal says are done.
 */
import { ObjectId } from 'mongodb';
import { parseExtendedJson } from '../../core/ejson.js';

const CHUNK = 12 * 65_536;
const HEX24 = /^[0-9a-f]{24}$/;

export class ArchivedIds {
  private readonly chunks: Buffer[] = [];
  private used = CHUNK;
  private oids = 0;
  private readonly others: unknown[] = [];

  get size(): number {
    return this.oids + this.others.length;
  }

  /** An id as export and verify write it: 24 hex digits for an ObjectId, a string as it is, else Extended JSON. */
  add(text: string): void {
    if (HEX24.test(text)) this.slot().write(text, this.used - 12, 12, 'hex');
    else this.others.push(storedId(text));
  }

  /** An id as the database stores it (what the export read). */
  addStored(id: unknown): void {
    if (id instanceof ObjectId) this.slot().set(id.id, this.used - 12);
    else this.others.push(id);
  }

  /** The chunk of the next ObjectId, whose 12 bytes end at `used`. */
  private slot(): Buffer {
    if (this.used === CHUNK) {
      this.chunks.push(Buffer.allocUnsafe(CHUNK));
      this.used = 0;
    }
    this.used += 12;
    this.oids++;
    return this.chunks[this.chunks.length - 1]!;
  }

  /** The number of ObjectId ids (the rest are `otherBatches`). */
  get objectIds(): number {
    return this.oids;
  }

  /** The ObjectId ids as their 12 bytes in a latin1 string (a compact Set key), in order. */
  *objectIdKeys(): Generator<string> {
    for (let i = 0; i < this.oids; i++) {
      const chunk = this.chunks[Math.floor((i * 12) / CHUNK)]!;
      const at = (i * 12) % CHUNK;
      yield chunk.toString('latin1', at, at + 12);
    }
  }

  /** The ids that are not ObjectIds, as stored values, `size` at a time. */
  *otherBatches(size: number): Generator<unknown[]> {
    for (let i = 0; i < this.others.length; i += size) yield this.others.slice(i, i + size);
  }

  /** The ids as stored values, `size` at a time. */
  *batches(size: number): Generator<unknown[]> {
    let batch: unknown[] = [];
    for (let i = 0; i < this.oids; i++) {
      const chunk = this.chunks[Math.floor((i * 12) / CHUNK)]!;
      const at = (i * 12) % CHUNK;
      batch.push(new ObjectId(chunk.subarray(at, at + 12)));
      if (batch.length === size) {
        yield batch;
        batch = [];
      }
    }
    for (const id of this.others) {
      batch.push(id);
      if (batch.length === size) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }
}

/** A non-ObjectId id's text back as the value it was: Extended JSON where it reads as such, else the string. */
function storedId(text: string): unknown {
  if (text.startsWith('{')) {
    try {
      return parseExtendedJson(text);
    } catch {
      return text;
    }
  }
  return text;
}
