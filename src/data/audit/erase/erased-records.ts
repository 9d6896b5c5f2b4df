/**
 * `audit verify --reconcile` after an erasure: the export files are unchanged and still verify; the
 * database's records of the subject now hold pseudonyms where the files hold the values. A record
 * is reported as erased (not as altered or deleted) when every difference between the file's record
 * and the database's is a value replaced by its pseudonym under the organisation's key.
 *
 * Nothing is read unless the database records an erasure (`audit_erased` events); then the files
 * are read once, and only the records of erased subjects (their user id's pseudonym is one an
 * event names, or, in wfctl's own events, a value inside `details` or `metadata`) are looked up by
 * `_id`, a batch at a time.
 */
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { BSON, ObjectId, type Document } from 'mongodb';
import type { DataSource } from '../../core/connection.js';
import { COLLECTIONS } from '../../core/types.js';
import type { ExportManifest } from '../export/manifest.js';
import { readExportManifest } from '../export/verify.js';
import { isPseudonym, pseudonymOf, type PseudonymKey } from './pseudonym.js';
import { BACKEND_EVENT_TYPES } from '../../core/types.js';

const { EJSON } = BSON;
const AUDIT_ERASED = 'audit_erased';
const BACKEND = new Set<string>(BACKEND_EVENT_TYPES);

export interface ErasedSinceExport {
  /** subjects erased in the database (audit_erased events) */
  erasures: number;
  /** the key was not given: erased records cannot be told from altered ones */
  keyMissing: boolean;
  /** records of the files whose database record differs only by pseudonyms of the file's values */
  erased: Set<string>;
  /** records of erased subjects whose database record differs otherwise (altered after the export) */
  altered: string[];
}

/** The records of `files` erased in the database since they were exported (see the module comment). */
export async function erasedSinceExport(
  ds: DataSource,
  files: string[],
  key: PseudonymKey | undefined,
): Promise<ErasedSinceExport> {
  const subjects = new Set<string>();
  await ds.run('read the erasures of the audit trail', async () => {
    subjects.clear();
    const cursor = ds.audit
      .find({ event_type: AUDIT_ERASED }, ds.opts())
      .project<{ details?: { subject?: unknown } }>({ 'details.subject': 1 });
    for await (const e of cursor) if (isPseudonym(e.details?.subject)) subjects.add(e.details.subject);
  });
  const out: ErasedSinceExport = { erasures: subjects.size, keyMissing: !key, erased: new Set(), altered: [] };
  if (subjects.size === 0 || !key) return out;
  for (const file of files) {
    const manifest = await readExportManifest(file);
    if (manifest.exportFormat === 'csv') continue;
    let pending: Document[] = [];
    for await (const doc of jsonRecords(file.endsWith('.manifest.json') ? file.slice(0, -14) : file, manifest)) {
      if (!namesErased(doc, subjects, key)) continue;
      pending.push(doc);
      if (pending.length >= 500) {
        await compareBatch(ds, pending, key, out);
        pending = [];
      }
    }
    if (pending.length > 0) await compareBatch(ds, pending, key, out);
  }
  return out;
}

/** The records of an ndjson or json export, parsed (relaxed Extended JSON), without wfctl's fields. */
async function* jsonRecords(file: string, m: ExportManifest): AsyncGenerator<Document> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  const parse = (line: string): Document | undefined => {
    let text = line.replace(/^\uFEFF/, '');
    if (m.exportFormat === 'json') {
      if (text === '[' || text === ']' || text === '') return undefined;
      if (text.endsWith(',')) text = text.slice(0, -1);
    }
    if (text === '') return undefined;
    try {
      const doc = EJSON.parse(text, { relaxed: true }) as Document;
      delete doc._seq;
      delete doc._chain;
      return doc;
    } catch {
      return undefined; // verify reports it; here it is no erased record
    }
  };
  for await (const chunk of createReadStream(file)) {
    pending += decoder.write(chunk as Buffer);
    let nl = pending.indexOf('\n');
    while (nl >= 0) {
      const doc = parse(pending.slice(0, nl));
      pending = pending.slice(nl + 1);
      if (doc) yield doc;
      nl = pending.indexOf('\n');
    }
  }
  pending += decoder.end();
  const doc = pending === '' ? undefined : parse(pending);
  if (doc) yield doc;
}

function namesErased(doc: Document, subjects: Set<string>, key: PseudonymKey): boolean {
  const user = doc.user_id ?? doc.changed_by ?? doc.created_by;
  if (typeof user === 'string' && subjects.has(pseudonymOf(key, user))) return true;
  if (typeof doc.event_type === 'string' && !BACKEND.has(doc.event_type))
    return someString([doc.details, doc.metadata], (s) => subjects.has(pseudonymOf(key, s)));
  // versions and workflows name users in known places only (subject.ts); their actor was checked above
  return false;
}

function someString(value: unknown, test: (s: string) => boolean): boolean {
  if (typeof value === 'string') return test(value);
  if (Array.isArray(value)) return value.some((v) => someString(v, test));
  if (value && typeof value === 'object' && !('_bsontype' in value) && !(value instanceof Date))
    return Object.values(value).some((v) => someString(v, test));
  return false;
}

async function compareBatch(ds: DataSource, docs: Document[], key: PseudonymKey, out: ErasedSinceExport) {
  const byCollection = new Map<string, Document[]>();
  for (const d of docs) {
    const c = typeof d._collection === 'string' ? d._collection : COLLECTIONS.audit;
    delete d._collection;
    byCollection.set(c, [...(byCollection.get(c) ?? []), d]);
  }
  for (const [collection, list] of byCollection) {
    const stored = await ds.run('read the erased records', () =>
      ds
        .collection(collection)
        .find({ _id: { $in: list.map((d) => d._id as unknown) } } as Document, ds.opts())
        .toArray(),
    );
    const byId = new Map(stored.map((s) => [idKey(s._id), s]));
    for (const d of list) {
      const now = byId.get(idKey(d._id));
      if (!now) continue; // deleted: reconcile's own finding
      const verdict = compare(d, now, key);
      if (verdict === 'erased') out.erased.add(idKey(d._id));
      else if (verdict === 'different') out.altered.push(idKey(d._id));
    }
  }
}

function idKey(id: unknown): string {
  return id instanceof ObjectId ? id.toHexString() : typeof id === 'string' ? id : EJSON.stringify(id);
}

type Verdict = 'same' | 'erased' | 'different';

/** The file's value against the database's: equal, different only by pseudonyms of the file's strings, or otherwise different. */
function compare(file: unknown, db: unknown, key: PseudonymKey): Verdict {
  if (typeof file === 'string' && typeof db === 'string') {
    if (file === db) return 'same';
    return db === pseudonymOf(key, file) ? 'erased' : 'different';
  }
  if (file instanceof Date || db instanceof Date)
    return file instanceof Date && db instanceof Date && file.getTime() === db.getTime() ? 'same' : 'different';
  if (Array.isArray(file) || Array.isArray(db)) {
    if (!Array.isArray(file) || !Array.isArray(db) || file.length !== db.length) return 'different';
    return merge(file.map((v, i) => compare(v, db[i], key)));
  }
  if (isDoc(file) && isDoc(db)) {
    const keys = new Set([...Object.keys(file), ...Object.keys(db)]);
    return merge([...keys].map((k) => compare(file[k], db[k], key)));
  }
  if (file === db) return 'same';
  if (file === null || db === null || file === undefined || db === undefined) return 'different';
  return EJSON.stringify(file as Document) === EJSON.stringify(db as Document) ? 'same' : 'different';
}

function merge(verdicts: Verdict[]): Verdict {
  if (verdicts.includes('different')) return 'different';
  return verdicts.includes('erased') ? 'erased' : 'same';
}

function isDoc(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !('_bsontype' in v) && !(v instanceof Date) && !Array.isArray(v);
}
