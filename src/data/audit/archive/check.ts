/**
 * Before anything is deleted: the archive file is read back and verified
 * against its manifest (hash, size, count and chain head, the signature when
 * a key is given; a file of an earlier run record by record, its chain
 * recomputed), its `_id`s are known, and they are reconciled with the
 * database by `_id`: every one of them is there, inside the archived range.
 */
import { createHash, createPublicKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { BSON, ObjectId, type Document } from 'mongodb';
import { InterruptedError, RuntimeError } from '../../../errors.js';
import { indexBacked } from '../../core/capabilities.js';
import type { DataSource } from '../../core/connection.js';
import type { RawBatchCursor } from '../../core/raw-cursor.js';
import { storedTime } from '../../core/window.js';
import { manifestPathFor } from '../export/manifest.js';
import { EXPORT_MAX_TIME_MS } from '../export/plan.js';
import type { SigningKey } from '../export/signing.js';
import { verifyWrittenExport, type WrittenExport } from '../export/verify-file.js';
import { readExportManifest, verifyExportFile } from '../export/verify.js';
import { ArchivedIds } from './ids.js';

export { indexBacked };

export interface VerifiedArchive {
  ids: ArchivedIds;
  records: number;
  sha256: string;
  manifestSha256: string;
  upperBound: string;
}

/** The archived range on the server: dated records before the bound, and legacy string-dated ones (decided by their parsed time). */
export function rangeCondition(upper: Date): Document {
  return { $or: [{ timestamp: { $lt: upper } }, { timestamp: { $type: 'string' } }] };
}

/** What this run's export wrote: its `_id`s, as it read them, and the file as it wrote it. */
export interface WrittenArchive {
  ids: ArchivedIds;
  file: WrittenExport;
}

/**
 * Reads the archive back and verifies it; refuses (exit 1, nothing deleted) a file that does not
 * verify, an unchecked or bad signature when a key is given, an export of another filter or bound, or
 * (a resumed run) a file other than the one the journal verified. A file this run exported is read
 * back byte for byte against what the export wrote (verifyWrittenExport), its `_id`s the ones the
 * export wrote; a file of an earlier run is verified whole, record by record, and its `_id`s read
 * from it.
 */
export async function verifyArchive(
  output: string,
  before: Date,
  keys: { hmacKey?: string | undefined; signKey?: SigningKey | undefined },
  expect?: { sha256: string; manifestSha256: string },
  written?: WrittenArchive,
): Promise<VerifiedArchive> {
  const hmacKey = keys.hmacKey;
  const refuse = (why: string) =>
    new RuntimeError(`the archive ${output} ${why}; nothing was deleted`, {
      hint: 'check it with wfctl audit verify; archive into a new file to start again',
    });
  const manifestPath = manifestPathFor(output);
  const manifestSha256 = createHash('sha256')
    .update(await readFile(manifestPath).catch(() => Buffer.alloc(0)))
    .digest('hex');
  const m = await readExportManifest(output);
  const f = m.filter;
  if (f.workflowId !== null || f.userId !== null || f.eventTypes !== null || f.since !== null)
    throw refuse('is an export of a filtered selection, not an archive of every record');
  if (f.until !== before.toISOString() || Date.parse(m.range.upperBound) > before.getTime())
    throw refuse(`is an export up to ${f.until ?? 'now'}, not of the records before ${before.toISOString()}`);
  let unreadable = 0;
  // with --sign-key the archive must carry a valid signature by that very key (its public half, trusted)
  const signature = {
    hmacKey,
    trustedKeys: keys.signKey
      ? [{ keyId: keys.signKey.keyId, publicKey: createPublicKey(keys.signKey.privateKey), source: '--sign-key' }]
      : undefined,
    requireSignature: keys.signKey !== undefined,
  };
  const ids = written?.ids ?? new ArchivedIds();
  const result = written
    ? await verifyWrittenExport(output, written.file, signature)
    : await verifyExportFile(output, {
        ...signature,
        onRecord: (id) => {
          if (id === null) unreadable++;
          else ids.add(id);
        },
      });
  if (!result.ok) throw refuse(`does not verify: ${result.problems[0]?.message ?? 'problem'}`);
  if (unreadable > 0) throw refuse(`has ${unreadable} records without a readable _id`);
  if ((hmacKey || keys.signKey) && result.signature !== 'valid') throw refuse(`signature is ${result.signature}`);
  if (expect && (expect.sha256 !== result.sha256 || expect.manifestSha256 !== manifestSha256))
    throw refuse('is not the file this archive verified before (its SHA-256 or manifest changed)');
  return { ids, records: result.records, sha256: result.sha256, manifestSha256, upperBound: m.range.upperBound };
}

/** How the file's `_id`s are found in the database: `$in` batches, or one scan of the range's `_id`s. */
export type ReconcileMethod = 'batches' | 'scan';

/**
 * Every `_id` of the archive is in the database, inside the archived range; a record of the file
 * that is not there fails it (exit 1, nothing deleted). Where the server answers `_id: {$in}` on
 * its `_id` index (MongoDB, FerretDB 2: decided by the plan, reconcileMethod), the server counts
 * the file's ids in batches; where it does not (FerretDB 1.24 scans the collection for each
 * `$in`), one streamed scan of the range's `_id`s is compared with the file's ids, held in a set
 * (memory: about 60 bytes per archived record, 60 MB a million; ids other than ObjectIds are
 * still counted in batches).
 */
export async function reconcileArchive(
  ds: DataSource,
  archive: VerifiedArchive,
  batchSize: number,
  signal?: AbortSignal,
  method?: ReconcileMethod,
): Promise<ReconcileMethod> {
  const range = rangeCondition(new Date(archive.upperBound));
  const how = method ?? (await reconcileMethod(ds, archive));
  const interrupted = () =>
    new InterruptedError(
      'archive interrupted while reconciling the file; nothing was deleted (run the same command again)',
    );
  const countIn = async (batch: unknown[]) => {
    if (signal?.aborted) throw interrupted();
    return ds.run('reconcile the archive with the database', () =>
      ds.audit.countDocuments({ $and: [{ _id: { $in: batch } }, range] } as never, ds.opts()),
    );
  };
  let missing = 0;
  if (how === 'batches') {
    for (const batch of archive.ids.batches(batchSize)) missing += batch.length - (await countIn(batch));
  } else {
    missing += archive.ids.objectIds - (await countObjectIdsInRange(ds, archive, range, signal, interrupted));
    for (const batch of archive.ids.otherBatches(batchSize)) missing += batch.length - (await countIn(batch));
  }
  if (archive.ids.size !== archive.records) missing += Math.abs(archive.records - archive.ids.size);
  if (missing > 0)
    throw new RuntimeError(
      `reconciliation failed: ${missing} record${missing === 1 ? '' : 's'} of the archive ${missing === 1 ? 'is' : 'are'} not in the database (or not in its range); nothing was deleted`,
      { hint: 'wfctl audit verify --reconcile FILE names them' },
    );
  return how;
}

/**
 * The file's ObjectIds found by one streamed scan of the range's `_id`s. The documents come raw
 * (`{_id: ObjectId}`, 22 bytes): the id's 12 bytes are looked up as they are, no object made.
 */
async function countObjectIdsInRange(
  ds: DataSource,
  archive: VerifiedArchive,
  range: Document,
  signal: AbortSignal | undefined,
  interrupted: () => Error,
): Promise<number> {
  const wanted = new Set<string>();
  for (const key of archive.ids.objectIdKeys()) wanted.add(key);
  let found = 0;
  const cursor = ds.audit
    .find(range as never, { ...ds.opts({ atLeastMs: EXPORT_MAX_TIME_MS }), projection: { _id: 1 }, raw: true })
    .batchSize(10_000) as unknown as RawBatchCursor;
  try {
    while (await cursor.hasNext()) {
      if (signal?.aborted) throw interrupted();
      for (const raw of cursor.readBufferedDocuments()) {
        const key = objectIdKeyOf(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength));
        if (key !== null && wanted.delete(key)) found++;
      }
    }
  } catch (err) {
    if (err instanceof InterruptedError) throw err;
    throw ds.wrapError(err, 'reconcile the archive with the database');
  } finally {
    await cursor.close().catch(() => undefined);
  }
  return found;
}

/** `{_id: ObjectId}` as BSON: int32 size, 0x07 "_id" NUL, 12 bytes, NUL. */
const ID_ELEMENT = Buffer.from([0x07, 0x5f, 0x69, 0x64, 0x00]);

/** The 12 bytes of a raw document's ObjectId `_id` as a latin1 key (ArchivedIds.objectIdKeys), or null. */
function objectIdKeyOf(doc: Buffer): string | null {
  if (doc.length >= 22 && doc.compare(ID_ELEMENT, 0, 5, 4, 9) === 0) return doc.toString('latin1', 9, 21);
  // another layout (a field before _id): read it
  const id = (BSON.deserialize(doc) as { _id?: unknown })._id;
  return id instanceof ObjectId ? Buffer.from(id.id).toString('latin1') : null;
}

/**
 * Whether the server answers `_id: {$in: [...]}` on an index, from its plan for two of the file's
 * ids: an index stage named in the plan, and not a plan the server says it could not push down.
 */
export async function reconcileMethod(ds: DataSource, archive: VerifiedArchive): Promise<ReconcileMethod> {
  const sample = archive.ids.batches(2).next().value;
  if (!sample) return 'batches';
  const plan = await ds
    .run('ask the server how it finds records by _id', () =>
      ds.audit.find({ _id: { $in: sample } } as never, ds.opts()).explain('queryPlanner'),
    )
    .catch(() => null);
  return plan && indexBacked(plan) ? 'batches' : 'scan';
}

/** Records of the database before `before` (BSON-dated, plus legacy string-dated ones by their parsed time). */
export async function countBefore(ds: DataSource, before: Date, extra?: Document): Promise<number> {
  const and = (c: Document) => (extra ? { $and: [c, extra] } : c);
  const dated = await ds.run('count the records of the range', () =>
    ds.audit.countDocuments(and({ timestamp: { $lt: before } }) as never, ds.opts({ atLeastMs: EXPORT_MAX_TIME_MS })),
  );
  const strings = await ds.run('read the records with a string timestamp', () =>
    ds.audit
      .find(and({ timestamp: { $type: 'string' } }) as never, ds.opts({ atLeastMs: EXPORT_MAX_TIME_MS }))
      .project<{ timestamp: unknown }>({ _id: 0, timestamp: 1 })
      .toArray(),
  );
  return dated + strings.filter((d) => (storedTime(d.timestamp) ?? Infinity) < before.getTime()).length;
}
