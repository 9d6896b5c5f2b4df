/**
 * `audit subject USER --output FILE`: every record that names a user, across the collections (the
 * locations of subject.ts), as one export with its manifest: what an organisation hands to a person
 * who asks for their data. The export's own machinery makes it: the same record form (the stored
 * document as Extended JSON, then wfctl's fields), the same hash chain, a temporary file placed when
 * complete, the manifest (`subject` says which collections the records came from), and an
 * `audit_exported` event.
 *
 * Each record carries `_collection` (the collection it was read from) before `_seq` and `_chain`.
 * Records come collection by collection: the subject's audit records by time, then the others.
 */
import { resolve, basename } from 'node:path';
import { unlink, type FileHandle } from 'node:fs/promises';
import { OWNER_ONLY, refuseNonRegular } from '../../../atomic-file.js';
import { OutputWriteError, UsageError } from '../../../errors.js';
import type { DataSource } from '../../core/connection.js';
import type { Actor } from '../../core/types.js';
import { commitExport } from '../export/commit.js';
import { exportEvent, recordExportEvent } from '../export/event.js';
import { GENESIS, idText, timestampText } from '../export/format.js';
import {
  MANIFEST_FORMAT,
  MANIFEST_VERSION,
  manifestPathFor,
  signManifest,
  type ExportFilterSpec,
  type ExportManifest,
  type RecordRef,
} from '../export/manifest.js';
import { createTempBeside, HashedOutput } from '../export/output.js';
import { EXPORT_MAX_TIME_MS } from '../export/plan.js';
import { writeRecords } from '../export/write.js';
import { subjectRecords, type SubjectRecord } from './subject.js';

export const SUBJECT_EXPORT_FORMATS = ['ndjson', 'json'] as const;
export type SubjectExportFormat = (typeof SUBJECT_EXPORT_FORMATS)[number];

/** What the manifest of a subject export adds (a field older wfctl versions pass over). */
export interface SubjectManifestPart {
  userId: string;
  /** records per collection, in the file's order */
  collections: Record<string, number>;
}

export interface SubjectExportOptions {
  subject: string;
  output: string;
  format: SubjectExportFormat;
  actor: Actor;
  /** signs the manifest (WFCTL_EXPORT_HMAC_KEY) */
  hmacKey?: string;
  mode?: number;
  batchSize?: number;
}

export interface SubjectExportResult {
  subject: string;
  file: string;
  manifest: string;
  format: SubjectExportFormat;
  records: number;
  collections: Record<string, number>;
  bytes: number;
  sha256: string;
  chainHead: string;
}

/** A subject id is a non-empty string without surrounding spaces (it is compared exactly). */
export function validateSubject(subject: string): void {
  if (subject === '') throw new UsageError('the subject (a user id) is empty');
}

/** Writes the subject's records and the manifest; records the export as an audit_exported event. */
export async function exportSubjectRecords(ds: DataSource, o: SubjectExportOptions): Promise<SubjectExportResult> {
  validateSubject(o.subject);
  const output = resolve(o.output);
  await refuseNonRegular(output, '--output');
  await refuseNonRegular(manifestPathFor(output), 'the manifest');
  const mode = o.mode ?? OWNER_ONLY;
  const upperBound = new Date();
  const collections: Record<string, number> = {};
  let first: RecordRef | null = null;
  let last: RecordRef | null = null;
  const state = { written: 0, stringDated: 0, resumes: 0, first: undefined, last: undefined };
  let fh: FileHandle | undefined;
  let tmp: string | undefined;
  let written: { bytes: number; sha256: string; chainHead: string };
  try {
    ({ tmp, fh } = await createTempBeside(output, mode));
    const sink = new HashedOutput(fh, undefined, undefined, output);
    async function* batches(): AsyncGenerator<Uint8Array[]> {
      for await (const batch of subjectRecords(ds, o.subject, {
        maxTimeMs: EXPORT_MAX_TIME_MS,
        ...(o.batchSize ? { batchSize: o.batchSize } : {}),
      })) {
        for (const r of batch) {
          collections[r.location.collection] = (collections[r.location.collection] ?? 0) + 1;
          last = refOf(r);
          first ??= last;
        }
        yield batch.map((r) => withCollection(r.bytes, r.location.collection));
      }
    }
    const chainHead = await writeRecords(sink, batches(), state, {
      format: o.format,
      jsonFormat: 'relaxed',
      bom: false,
      genesis: GENESIS,
      tick: () => undefined,
    });
    try {
      await fh.sync();
      await fh.close();
    } catch (err) {
      throw new OutputWriteError(output, err);
    }
    fh = undefined;
    written = { bytes: sink.bytes, sha256: sink.hash.digest('hex'), chainHead };
  } catch (err) {
    if (fh) await fh.close().catch(() => undefined);
    if (tmp) await unlink(tmp).catch(() => undefined);
    throw err;
  }
  const spec: ExportFilterSpec = { workflowId: null, userId: o.subject, eventTypes: null, since: null, until: null };
  const manifest = subjectManifest(ds, o, {
    output,
    spec,
    upperBound,
    records: state.written,
    collections,
    first,
    last,
    written,
  });
  await commitExport({
    tmp,
    output,
    sha256: written.sha256,
    bytes: written.bytes,
    manifest,
    replace: true,
    mode,
  }).catch(async (err: unknown) => {
    await unlink(tmp).catch(() => undefined);
    throw err;
  });
  const result: SubjectExportResult = {
    subject: o.subject,
    file: output,
    manifest: manifestPathFor(output),
    format: o.format,
    records: state.written,
    collections,
    ...written,
  };
  const event = exportEvent(
    o.actor,
    spec,
    {
      format: o.format,
      records: state.written,
      sha256: written.sha256,
      chainHead: written.chainHead,
      file: output,
      range: { after: null, since: null, upperBound: upperBound.toISOString() },
      series: null,
    },
    new Date(),
  );
  await recordExportEvent(ds, { ...event, details: { ...event.details, subject: { collections } } });
  return result;
}

/** The export manifest of a subject export, with `subject` added; signed when a key is given. */
function subjectManifest(
  ds: DataSource,
  o: SubjectExportOptions,
  f: {
    output: string;
    spec: ExportFilterSpec;
    upperBound: Date;
    records: number;
    collections: Record<string, number>;
    first: RecordRef | null;
    last: RecordRef | null;
    written: { bytes: number; sha256: string; chainHead: string };
  },
): ExportManifest {
  const manifest: ExportManifest & { subject: SubjectManifestPart } = {
    format: MANIFEST_FORMAT,
    version: MANIFEST_VERSION,
    tool: o.actor.userAgent,
    createdAt: new Date().toISOString(),
    file: basename(f.output),
    exportFormat: o.format,
    jsonFormat: 'relaxed',
    database: ds.dbName,
    filter: f.spec,
    range: { after: null, since: null, upperBound: f.upperBound.toISOString(), settleSeconds: 0 },
    records: f.records,
    bytes: f.written.bytes,
    sha256: f.written.sha256,
    firstRecord: f.first,
    lastRecord: f.last,
    chain: { algorithm: 'sha256', genesis: GENESIS, head: f.written.chainHead },
    series: null,
    subject: { userId: o.subject, collections: f.collections },
  };
  return o.hmacKey ? signManifest(manifest, o.hmacKey) : manifest;
}

function refOf(r: SubjectRecord): RecordRef {
  const ts = r.doc.timestamp ?? r.doc.changed_at ?? r.doc.created_at ?? null;
  return { _id: idText(r.doc._id), timestamp: timestampText(ts) };
}

/** The stored document with `_collection` appended as its last field (a BSON string element). */
export function withCollection(bytes: Uint8Array, collection: string): Uint8Array {
  const name = Buffer.from('_collection\0', 'utf8');
  const value = Buffer.from(collection, 'utf8');
  const elementSize = 1 + name.length + 4 + value.length + 1;
  const out = Buffer.allocUnsafe(bytes.length + elementSize);
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length - 1).copy(out, 0);
  let at = bytes.length - 1;
  out[at++] = 0x02;
  at += name.copy(out, at);
  out.writeInt32LE(value.length + 1, at);
  at += 4;
  at += value.copy(out, at);
  out[at++] = 0x00;
  out[at++] = 0x00;
  out.writeInt32LE(out.length, 0);
  return out;
}
