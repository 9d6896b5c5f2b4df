/**
 * `audit verify --db`: a series of export files against the live database.
 * Every record the database holds for the series' filter and time range
 * must be in exactly one of the files (a late record that no run exported, a
 * file left out, a record inserted behind the series by hand, all show), and
 * every record of the files should still be in the database.
 *
 * The range: from the first file's lower bound (its `since`, or after the
 * record its series stood at) to the last file's upper bound. Reading the
 * files keeps their record ids in memory (about 80 bytes each); the database
 * side is one streamed, narrow query.
 */
import type { Filter } from 'mongodb';
import { UsageError } from '../../../errors.js';
import { auditTimeFilters } from '../filter.js';
import { inRange, storedTime } from '../../core/window.js';
import { readExportManifest, type VerifyProblem } from './verify.js';
import { type ExportManifest } from './manifest.js';
import type { DataSource } from '../../core/connection.js';
import { toStringOrNull } from '../../core/normalize.js';
import type { RawAuditDoc } from '../../core/types.js';
import { erasureFindings, type ErasureFindings } from '../erase/reconcile-erased.js';
import type { PseudonymKey } from '../erase/pseudonym.js';

export interface DatabaseReconciliation {
  database: string;
  /** the range compared: the first file's lower bound and the last file's upper bound */
  since: string | null;
  after: { _id: string; timestamp: string | null } | null;
  upperBound: string;
  /** records of the range in the database, and in the files */
  inDatabase: number;
  inFiles: number;
  /** in the database but in no file: count and the first ones */
  missing: number;
  missingIds: string[];
  /** in the files but no longer in the database */
  gone: number;
  goneIds: string[];
  problems: VerifyProblem[];
  /** records of the files erased (pseudonymised) in the database since the export: not tampering */
  erased: ErasureFindings;
}

/** The manifests of the files, oldest first; they must share one filter (one series, or one export). */
async function seriesManifests(files: string[]): Promise<ExportManifest[]> {
  const manifests = await Promise.all(files.map((f) => readExportManifest(f)));
  const filters = new Set(
    manifests.map((m) =>
      JSON.stringify({
        w: m.filter.workflowId,
        u: m.filter.userId,
        e: m.filter.eventTypes ? [...m.filter.eventTypes].sort() : null,
      }),
    ),
  );
  if (filters.size > 1)
    throw new UsageError(
      'verify --db compares the files of one export or one series: these files were exported with different filters',
    );
  const series = new Set(manifests.map((m) => m.series?.id ?? null));
  if (series.size > 1)
    throw new UsageError(
      'verify --db compares the files of one series at a time: these files belong to different series',
    );
  return manifests.sort((a, b) => (a.series?.index ?? 0) - (b.series?.index ?? 0));
}

export async function reconcileWithDatabase(
  ds: DataSource,
  files: string[],
  idsInFiles: Set<string>,
  maxTimeMs: number,
  pseudonymKey?: PseudonymKey,
): Promise<DatabaseReconciliation> {
  const manifests = await seriesManifests(files);
  const first = manifests[0]!;
  const last = manifests[manifests.length - 1]!;
  const since = first.range.since
    ? new Date(first.range.since)
    : first.filter.since
      ? new Date(first.filter.since)
      : undefined;
  const upper = new Date(last.range.upperBound);
  const after = first.range.after;
  const select: Filter<RawAuditDoc>[] = [];
  const f = first.filter;
  if (f.workflowId !== null) select.push({ workflow_id: { $eq: f.workflowId } });
  if (f.userId !== null) select.push({ user_id: { $eq: f.userId } });
  if (f.eventTypes) select.push({ event_type: { $in: [...f.eventTypes] } });
  const range = auditTimeFilters(since, upper)!;
  select.push({ $or: [range.dated, range.strings] } as Filter<RawAuditDoc>);
  if (after && after.timestamp) {
    const ts = new Date(after.timestamp);
    const { ObjectId } = await import('mongodb');
    const id = ObjectId.isValid(after._id) && after._id.length === 24 ? new ObjectId(after._id) : after._id;
    select.push({ $or: [{ timestamp: { $gt: ts } }, { timestamp: ts, _id: { $gt: id } }] } as Filter<RawAuditDoc>);
  }
  const missingIds: string[] = [];
  let missing = 0;
  let inDatabase = 0;
  const seen = new Set<string>();
  await ds.run('read the records of the series range', async () => {
    const cursor = ds.audit
      .find(select.length === 1 ? select[0]! : { $and: select }, ds.opts({ atLeastMs: maxTimeMs }))
      .project<{ _id: unknown; timestamp?: unknown }>({ _id: 1, timestamp: 1 })
      .batchSize(5000);
    for await (const d of cursor) {
      if (typeof d.timestamp === 'string' && !inRange(storedTime(d.timestamp), { from: since, to: upper })) continue;
      const id = toStringOrNull(d._id) ?? '';
      inDatabase++;
      seen.add(id);
      if (!idsInFiles.has(id)) {
        missing++;
        if (missingIds.length < 20) missingIds.push(id);
      }
    }
  });
  const erased = await erasureFindings(ds, files, pseudonymKey);
  const goneIds: string[] = [];
  let gone = 0;
  for (const id of idsInFiles) {
    if (!seen.has(id) && !erased.ids.has(id)) {
      gone++;
      if (goneIds.length < 20) goneIds.push(id);
    }
  }
  const problems: VerifyProblem[] = [...erased.problems];
  if (missing > 0) {
    problems.push({
      kind: 'database',
      message: `${missing} record${missing === 1 ? '' : 's'} of the database ${missing === 1 ? 'is' : 'are'} in the range of these files but in none of them: ${missingIds.join(', ')}${missing > missingIds.length ? ', ...' : ''} (a late record no run exported, or a file left out)`,
    });
  }
  if (gone > 0) {
    problems.push({
      kind: 'database',
      message: `${gone} record${gone === 1 ? '' : 's'} of the files ${gone === 1 ? 'is' : 'are'} no longer in the database: ${goneIds.join(', ')}${gone > goneIds.length ? ', ...' : ''} (deleted after the export)`,
    });
  }
  return {
    database: ds.dbName,
    since: since?.toISOString() ?? null,
    after: after ? { _id: after._id, timestamp: after.timestamp } : null,
    upperBound: upper.toISOString(),
    inDatabase,
    inFiles: idsInFiles.size,
    missing,
    missingIds,
    gone,
    goneIds,
    problems,
    erased,
  };
}
