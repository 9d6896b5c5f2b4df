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
import { VersionNotFoundError } from '../../errors.js';
import { EXACT_TYPES, type DataSource } from '../core/connection.js';
import { isPlainObject, toDate, toNumberOrNull, toStringOrNull } from '../core/normalize.js';
import type { RawVersionDoc } from '../core/types.js';
import { describeVersionRef, type VersionRef } from './ref.js';
import { quoteInput } from '../../quote.js';

/** A version without its (possibly large) workflow_data and diff. */
export interface VersionSummary {
  workflowId: string;
  version: number;
  /** the stored is_current flag */
  isCurrent: boolean;
  changedAt: Date | null;
  changedBy: string | null;
  /** wfctl's authenticated_user: the database user the writing connection authenticated as (changedBy is the declared one) */
  authenticatedUser: string | null;
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

/** The fields that tell whether a version is a rollback, and of which version (rollbackOf). */
export const ROLLBACK_FIELDS = {
  changed_at: 1,
  change_description: 1,
  rollback_of: 1,
  reason: 1,
  'workflow_data.rollback_info': 1,
} as const;

/** Fields that never go into a listing (workflow_data and diff): they can be megabytes. */
export const SUMMARY_PROJECTION = {
  _id: 0,
  workflow_id: 1,
  version_number: 1,
  is_current: 1,
  changed_by: 1,
  authenticated_user: 1,
  ...ROLLBACK_FIELDS,
} as const;

/** "Rolled back to version 5. Reason: v6 broke invoices", as the backend writes it (wfctl too). */
const BACKEND_ROLLBACK = /^Rolled back to version (\d+)(?:\. Reason: ([\s\S]*))?/;
/**
 * How close a version's `rollback_info.rolled_back_at` must be to its
 * `changed_at` to make it a rollback: the backend stamps both within the same
 * request. Later versions carry the live document's old rollback_info along
 * (the backend's updates never remove it); those are edits, not rollbacks.
 */
export const ROLLBACK_INFO_WINDOW_MS = 60_000;

/**
 * The version a rollback restored, or null when the version is no rollback:
 * wfctl's `rollback_of`, else the backend's change description "Rolled back
 * to version N", else a fresh `rollback_info.from_version` in its data.
 */
export function rollbackTargetOf(doc: {
  rollback_of?: unknown;
  change_description?: unknown;
  changed_at?: unknown;
  workflow_data?: unknown;
}): number | null {
  const marked = toNumberOrNull(doc.rollback_of);
  if (marked !== null) return marked;
  const m = typeof doc.change_description === 'string' ? BACKEND_ROLLBACK.exec(doc.change_description) : null;
  if (m) return Number(m[1]);
  const info =
    isPlainObject(doc.workflow_data) && isPlainObject(doc.workflow_data.rollback_info)
      ? doc.workflow_data.rollback_info
      : null;
  const from = info ? toNumberOrNull(info.from_version) : null;
  const at = info ? toDate(info.rolled_back_at) : null;
  const changed = toDate(doc.changed_at);
  if (from !== null && at && changed && Math.abs(changed.getTime() - at.getTime()) <= ROLLBACK_INFO_WINDOW_MS)
    return from;
  return null;
}

/** The reason of a rollback: wfctl's `reason`, else the backend's description, else its rollback_info. */
export function rollbackReasonOf(doc: {
  reason?: unknown;
  change_description?: unknown;
  workflow_data?: unknown;
}): string | null {
  const own = toStringOrNull(doc.reason);
  if (own !== null) return own;
  const m = typeof doc.change_description === 'string' ? BACKEND_ROLLBACK.exec(doc.change_description) : null;
  if (m && m[2] !== undefined) return m[2];
  const info =
    isPlainObject(doc.workflow_data) && isPlainObject(doc.workflow_data.rollback_info)
      ? doc.workflow_data.rollback_info
      : null;
  return info ? toStringOrNull(info.reason) : null;
}

/** A query that finds every version rollbackTargetOf may count (the last step is decided in Node). */
export const ROLLBACK_CANDIDATES: Filter<RawVersionDoc> = {
  $or: [
    { rollback_of: { $exists: true, $ne: null } },
    { change_description: { $regex: '^Rolled back to version ' } },
    { 'workflow_data.rollback_info.from_version': { $exists: true } },
  ],
} as Filter<RawVersionDoc>;

export function normalizeVersionSummary(doc: Partial<RawVersionDoc>): VersionSummary {
  const rollbackOf = rollbackTargetOf(doc);
  return {
    workflowId: toStringOrNull(doc.workflow_id) ?? '',
    version: toNumberOrNull(doc.version_number) ?? 0,
    isCurrent: doc.is_current === true,
    changedAt: toDate(doc.changed_at),
    changedBy: toStringOrNull(doc.changed_by),
    authenticatedUser: toStringOrNull(doc.authenticated_user),
    description: toStringOrNull(doc.change_description),
    rollbackOf,
    reason: rollbackOf === null ? null : rollbackReasonOf(doc),
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

export async function listVersions(
  ds: DataSource,
  workflowId: string,
  query: ListVersionsQuery = {},
): Promise<VersionList> {
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

/**
 * A version document read with its exact types (workflow_data and diff keep
 * int32, int64, double, ...), its bookkeeping fields as plain JS values.
 */
function withPlainFields(doc: RawVersionDoc | null): RawVersionDoc | null {
  if (!doc) return null;
  const out: RawVersionDoc = { ...doc, version_number: toNumberOrNull(doc.version_number) ?? 0 };
  if (doc.rollback_of !== undefined && doc.rollback_of !== null)
    out.rollback_of = toNumberOrNull(doc.rollback_of) ?? undefined;
  return out;
}

/** One version, with its data; null when there is no such version. */
export async function findVersion(ds: DataSource, workflowId: string, version: number): Promise<RawVersionDoc | null> {
  return withPlainFields(
    await ds.run('find version', () =>
      ds.versions.findOne(
        { workflow_id: { $eq: workflowId }, version_number: { $eq: version } } as Filter<RawVersionDoc>,
        { ...ds.opts(), ...EXACT_TYPES },
      ),
    ),
  );
}

/** The highest-numbered version (the current one once writes settle), with its data. */
export async function findLatestVersion(ds: DataSource, workflowId: string): Promise<RawVersionDoc | null> {
  return withPlainFields(
    await ds.run('find latest version', () =>
      ds.versions
        .find(byWorkflow(workflowId), { ...ds.opts(), ...EXACT_TYPES })
        .sort({ version_number: -1 })
        .limit(1)
        .next(),
    ),
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
    doc = withPlainFields(
      await ds.run('find version', () =>
        ds.versions
          .find(byWorkflow(workflowId), { ...ds.opts(), ...EXACT_TYPES })
          .sort({ version_number: -1 })
          .skip(ref.back)
          .limit(1)
          .next(),
      ),
    );
  }
  if (!doc) {
    const existing = await describeExistingVersions(ds, workflowId);
    throw new VersionNotFoundError(
      `workflow ${quoteInput(workflowId)} has no version ${describeVersionRef(ref)}; ${existing}`,
      {
        hint: `wfctl versions list ${shellQuote(workflowId)} shows them`,
      },
    );
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
  if (ranges.length === 1 && numbers.length > 1)
    return `versions ${numbers[0]} to ${numbers[numbers.length - 1]} exist (current: ${numbers[numbers.length - 1]})`;
  if (numbers.length === 1) return `only version ${numbers[0]} exists`;
  const shown = ranges.length > 12 ? [...ranges.slice(0, 6), '...', ...ranges.slice(-6)] : ranges;
  return `versions ${shown.join(', ')} exist (current: ${numbers[numbers.length - 1]})`;
}

function shellQuote(s: string): string {
  return /^[\w.:@%+=,/-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
