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
import { CSV_COLUMNS, CsvRecordReader, csvCells } from '../export/format.js';
import type { ExportManifest } from '../export/manifest.js';
import { extraFields } from '../query.js';
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
    const path = file.endsWith('.manifest.json') ? file.slice(0, -'.manifest.json'.length) : file;
    const records = manifest.exportFormat === 'csv' ? csvRecords(path) : jsonRecords(path, manifest);
    let pending: FileRecord[] = [];
    for await (const record of records) {
      if (!record.names(subjects, key)) continue;
      pending.push(record);
      if (pending.length >= 500) {
        await compareBatch(ds, pending, key, out);
        pending = [];
      }
    }
    if (pending.length > 0) await compareBatch(ds, pending, key, out);
  }
  return out;
}

/** A record of a file as the erasure check needs it: where it lives, whether it names an erased subject, how it compares. */
interface FileRecord {
  collection: string;
  id: unknown;
  names(subjects: Set<string>, key: PseudonymKey): boolean;
  /** the file's record against the database's */
  judge(stored: Document, key: PseudonymKey): Verdict;
}

/** The records of an ndjson or json export, parsed (relaxed Extended JSON), without wfctl's fields. */
async function* jsonRecords(file: string, m: ExportManifest): AsyncGenerator<FileRecord> {
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
  for await (const line of lines(file)) {
    const doc = parse(line);
    if (!doc) continue;
    const collection = typeof doc._collection === 'string' ? doc._collection : COLLECTIONS.audit;
    delete doc._collection;
    yield {
      collection,
      id: doc._id,
      names: (subjects, key) => namesErased(doc, subjects, key),
      judge: (stored, key) => compare(doc, stored, key),
    };
  }
}

/** The file as text, a chunk at a time. */
async function* textOf(file: string): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of createReadStream(file)) yield decoder.write(chunk as Buffer);
  const rest = decoder.end();
  if (rest !== '') yield rest;
}

async function* lines(file: string): AsyncGenerator<string> {
  let pending = '';
  for await (const text of textOf(file)) {
    pending += text;
    let nl = pending.indexOf('\n');
    while (nl >= 0) {
      yield pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      nl = pending.indexOf('\n');
    }
  }
  if (pending !== '') yield pending;
}

/** Cells of the CSV columns (CSV_COLUMNS): the plain ones up to user_agent, then the Extended JSON ones. */
const PLAIN_CELLS = 7;
const USER_CELL = 4;
const EVENT_TYPE_CELL = 2;

/**
 * The records of a CSV export, read back from their cells. A cell holds a value as the export wrote
 * it (csvCells): strings as they are, but with a quote put before a formula and lone surrogates
 * replaced, so a cell is compared with the database's record written the same way, and a changed
 * cell with the pseudonyms of the values that give it.
 */
async function* csvRecords(file: string): AsyncGenerator<FileRecord> {
  const rows: string[][] = [];
  const reader = new CsvRecordReader((cells) => rows.push(cells));
  let header = true;
  const texts = textOf(file);
  for (let done = false; !done;) {
    const next = await texts.next();
    if (next.done) {
      reader.end();
      done = true;
    } else reader.push(next.value);
    for (const cells of rows.splice(0)) {
      if (header || cells.length !== CSV_COLUMNS.length) {
        header = false;
        continue; // the header; a malformed row is verify's to report
      }
      yield csvRecord(cells);
    }
  }
}

function csvRecord(cells: string[]): FileRecord {
  const eventType = cells[EVENT_TYPE_CELL]!;
  // details and metadata of wfctl's own events name users inside them
  const inside = () => [parseCell(cells[PLAIN_CELLS]!), parseCell(cells[PLAIN_CELLS + 1]!)];
  return {
    collection: COLLECTIONS.audit,
    id: csvId(cells[0]!),
    names: (subjects, key) =>
      valuesOfCell(cells[USER_CELL]!).some((v) => subjects.has(pseudonymOf(key, v))) ||
      (!BACKEND.has(eventType) && someString(inside(), (v) => subjects.has(pseudonymOf(key, v)))),
    judge: (stored, key) => compareCells(cells, stored, key),
  };
}

/** A CSV `_id` cell as the stored id: 24 hex digits an ObjectId, Extended JSON another type, else the string. */
function csvId(cell: string): unknown {
  if (/^[0-9a-f]{24}$/.test(cell)) return new ObjectId(cell);
  if (cell.startsWith('{')) {
    try {
      return EJSON.parse(cell, { relaxed: false });
    } catch {
      return cell;
    }
  }
  return cell;
}

function parseCell(cell: string): unknown {
  if (cell === '') return null;
  try {
    return EJSON.parse(cell, { relaxed: true });
  } catch {
    return cell;
  }
}

/**
 * The strings a plain cell can stand for: the cell itself, and without the quotes the export put
 * before a formula ("'=x" was "=x", or "'=x" itself).
 */
function valuesOfCell(cell: string): string[] {
  const bare = cell.replace(/(^|\r\n|\r|\n)'(?=[=+\-@\t\uFF1D\uFF0B\uFF0D\uFF20])/g, '$1');
  return bare === cell ? [cell] : [cell, bare];
}

/** A CSV record's cells against the database's record, written the same way (csvCells). */
function compareCells(cells: string[], stored: Document, key: PseudonymKey): Verdict {
  const now = csvCells(stored);
  const raw = [
    stored._id,
    stored.timestamp,
    stored.event_type,
    stored.workflow_id,
    stored.user_id,
    stored.ip_address,
    stored.user_agent,
  ];
  const json = [stored.details, stored.metadata, extraFields(stored)];
  const verdicts: Verdict[] = [];
  for (let i = 0; i < now.length; i++) {
    const cell = cells[i]!;
    if (cell === now[i]) verdicts.push('same');
    else if (i < PLAIN_CELLS) {
      const value = raw[i];
      verdicts.push(
        typeof value === 'string' && valuesOfCell(cell).some((v) => pseudonymOf(key, v) === value)
          ? 'erased'
          : 'different',
      );
    } else verdicts.push(compare(parseCell(cell), json[i - PLAIN_CELLS] ?? null, key));
  }
  return merge(verdicts);
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

async function compareBatch(ds: DataSource, records: FileRecord[], key: PseudonymKey, out: ErasedSinceExport) {
  const byCollection = new Map<string, FileRecord[]>();
  for (const r of records) byCollection.set(r.collection, [...(byCollection.get(r.collection) ?? []), r]);
  for (const [collection, list] of byCollection) {
    const stored = await ds.run('read the erased records', () =>
      ds
        .collection(collection)
        .find({ _id: { $in: list.map((r) => r.id) } } as Document, ds.opts())
        .toArray(),
    );
    const byId = new Map(stored.map((s) => [idKey(s._id), s]));
    for (const r of list) {
      const now = byId.get(idKey(r.id));
      if (!now) continue; // deleted: reconcile's own finding
      const verdict = r.judge(now, key);
      if (verdict === 'erased') out.erased.add(idKey(r.id));
      else if (verdict === 'different') out.altered.push(idKey(r.id));
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
