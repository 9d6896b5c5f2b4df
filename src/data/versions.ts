/**
 * workflow_versions: reading versions (list, one by number or ref, the
 * highest), tolerant of documents written by any backend version.
 *
 * Lookups name the workflow and a version number, or sort by version_number
 * descending with limit 1: both served by the unique index
 * {workflow_id: 1, version_number: -1}, so their cost does not grow with the
 * length of the history. Only the "which versions exist" hint of a failed
 * lookup reads more.
 */
import type { Filter } from 'mongodb';
import { VersionNotFoundError } from '../errors.js';
import type { DataSource } from './connection.js';
import { isPlainObject, toDate, toNumberOrNull, toStringOrNull } from './normalize.js';
import type { RawVersionDoc } from './types.js';
import { describeVersionRef, type VersionRef } from './version-ref.js';

/** A version without its (possibly large) workflow_data and diff. */
export interface VersionSummary {
  workflowId: string;
  version: number;
  /** the stored is_current flag */
  isCurrent: boolean;
  changedAt: Date | null;
  changedBy: string | null;
  description: string | null;
  /** for a rollback: the version whose workflow_data it restored */
  rollbackOf: number | null;
  reason: string | null;
}

export interface VersionDetail extends VersionSummary {
  workflowData: Record<string, unknown>;
  /** what changed against the previous version, as stored (DeepDiff shape) */
  diff: Record<string, unknown> | null;
}

/** Fields that never go into a listing: they can be megabytes. */
export const SUMMARY_PROJECTION = {
  _id: 0,
  workflow_id: 1,
  version_number: 1,
  is_current: 1,
  changed_at: 1,
  changed_by: 1,
  change_description: 1,
  rollback_of: 1,
  reason: 1,
} as const;

export function normalizeVersionSummary(doc: Partial<RawVersionDoc>): VersionSummary {
  return {
    workflowId: toStringOrNull(doc.workflow_id) ?? '',
    version: toNumberOrNull(doc.version_number) ?? 0,
    isCurrent: doc.is_current === true,
    changedAt: toDate(doc.changed_at),
    changedBy: toStringOrNull(doc.changed_by),
    description: toStringOrNull(doc.change_description),
    rollbackOf: toNumberOrNull(doc.rollback_of),
    reason: toStringOrNull(doc.reason),
  };
}

export function normalizeVersionDetail(doc: RawVersionDoc): VersionDetail {
  return {
    ...normalizeVersionSummary(doc),
    workflowData: isPlainObject(doc.workflow_data) ? doc.workflow_data : {},
    diff: isPlainObject(doc.diff) ? doc.diff : null,
  };
}

function byWorkflow(workflowId: string): Filter<RawVersionDoc> {
  return { workflow_id: { $eq: workflowId } } as Filter<RawVersionDoc>;
}

export interface ListVersionsQuery {
  /** newest first, at most this many; undefined: all */
  limit?: number;
}

export interface VersionList {
  versions: VersionSummary[];
  /** how many versions the workflow has in all */
  total: number;
}

export async function listVersions(ds: DataSource, workflowId: string, query: ListVersionsQuery = {}): Promise<VersionList> {
  const versions = await ds.run('list versions', async () => {
    const cursor = ds.versions
      .find(byWorkflow(workflowId), ds.opts())
      .sort({ version_number: -1 })
      .project<Partial<RawVersionDoc>>(SUMMARY_PROJECTION);
    if (query.limit !== undefined) cursor.limit(query.limit);
    const out: VersionSummary[] = [];
    for await (const doc of cursor) out.push(normalizeVersionSummary(doc));
    return out;
  });
  const total =
    query.limit === undefined || versions.length < query.limit
      ? versions.length
      : await ds.run('count versions', () => ds.versions.countDocuments(byWorkflow(workflowId), ds.opts()));
  return { versions, total };
}

/** One version, with its data; null when there is no such version. */
export async function findVersion(ds: DataSource, workflowId: string, version: number): Promise<RawVersionDoc | null> {
  return ds.run('find version', () =>
    ds.versions.findOne({ workflow_id: { $eq: workflowId }, version_number: { $eq: version } } as Filter<RawVersionDoc>, ds.opts()),
  );
}

/** The highest-numbered version (the current one once writes settle), with its data. */
export async function findLatestVersion(ds: DataSource, workflowId: string): Promise<RawVersionDoc | null> {
  return ds.run('find latest version', () =>
    ds.versions.find(byWorkflow(workflowId), ds.opts()).sort({ version_number: -1 }).limit(1).next(),
  );
}

/** The highest version number, without the data. */
export async function latestVersionNumber(ds: DataSource, workflowId: string): Promise<number | null> {
  const doc = await ds.run('find latest version', () =>
    ds.versions
      .find(byWorkflow(workflowId), ds.opts())
      .sort({ version_number: -1 })
      .limit(1)
      .project<{ version_number?: unknown }>({ _id: 0, version_number: 1 })
      .next(),
  );
  return doc ? toNumberOrNull(doc.version_number) : null;
}

/**
 * The version a reference names: a number, `current` (the highest version)
 * or `current~N` (N versions before it). Throws VersionNotFoundError (exit 4)
 * saying which versions exist.
 */
export async function resolveVersionRef(ds: DataSource, workflowId: string, ref: VersionRef): Promise<RawVersionDoc> {
  let doc: RawVersionDoc | null;
  if (ref.kind === 'number') {
    doc = await findVersion(ds, workflowId, ref.version);
  } else if (ref.back === 0) {
    doc = await findLatestVersion(ds, workflowId);
  } else {
    // the Nth version below the highest in version_number order: numbers written elsewhere may have gaps,
    // so latest - N can name an existing but wrong version
    doc = await ds.run('find version', () =>
      ds.versions.find(byWorkflow(workflowId), ds.opts()).sort({ version_number: -1 }).skip(ref.back).limit(1).next(),
    );
  }
  if (!doc) {
    const existing = await describeExistingVersions(ds, workflowId);
    throw new VersionNotFoundError(`workflow "${workflowId}" has no version ${describeVersionRef(ref)}; ${existing}`, {
      hint: `wfctl versions list ${shellQuote(workflowId)} shows them`,
    });
  }
  return doc;
}

/** "versions 1 to 12 exist", "versions 1-3, 5, 7-9 exist", "it has no versions yet". */
export async function describeExistingVersions(ds: DataSource, workflowId: string): Promise<string> {
  const numbers: number[] = [];
  await ds.run('list version numbers', async () => {
    numbers.length = 0;
    const cursor = ds.versions
      .find(byWorkflow(workflowId), ds.opts())
      .project<{ version_number?: unknown }>({ _id: 0, version_number: 1 });
    for await (const d of cursor) {
      const n = toNumberOrNull(d.version_number);
      if (n !== null) numbers.push(n);
    }
  });
  if (numbers.length === 0) return 'it has no versions yet';
  numbers.sort((a, b) => a - b);
  const ranges: string[] = [];
  let start = numbers[0]!;
  let prev = start;
  for (const n of [...numbers.slice(1), Number.NaN]) {
    if (n === prev || n === prev + 1) {
      prev = n;
      continue;
    }
    ranges.push(start === prev ? String(start) : `${start}-${prev}`);
    start = n;
    prev = n;
  }
  if (ranges.length === 1 && numbers.length > 1) return `versions ${numbers[0]} to ${numbers[numbers.length - 1]} exist (current: ${numbers[numbers.length - 1]})`;
  if (numbers.length === 1) return `only version ${numbers[0]} exists`;
  const shown = ranges.length > 12 ? [...ranges.slice(0, 6), '...', ...ranges.slice(-6)] : ranges;
  return `versions ${shown.join(', ')} exist (current: ${numbers[numbers.length - 1]})`;
}

function shellQuote(s: string): string {
  return /^[\w.:@%+=,/-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
