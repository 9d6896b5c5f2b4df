/**
 * Late records of a checkpointed export series: records that appeared behind
 * the series' position after the run that passed it (a writer that stamps a
 * record with a time older than the settle window), so that no file of the
 * series holds them. Never silent:
 *
 * - Detection is exact: the checkpoint counts the BSON-dated records the
 *   series has exported (its coverage), and each run compares that count
 *   with the server's count of the covered range (the series' filter, from its
 *   first lower bound through its position).
 * - Identification: the checkpoint keeps the last runs' positions and end
 *   times; a record in a run's range whose ObjectId was made after that run
 *   ended was not in it. When those candidates account for the whole
 *   difference, the run exports them first in its file (the manifest names
 *   them); otherwise it fails naming what it found, and `--accept-late` moves
 *   on after the operator has exported them another way.
 * - Records deleted behind the position are reported as a warning and in the
 *   manifest.
 *
 * Legacy string-dated records are outside the count (decided in Node, see
 * audit-export.ts).
 */
import type { Document, Filter } from 'mongodb';
import { RuntimeError } from '../../../errors.js';
import type { CheckpointKey, SeriesCoverage } from './checkpoint.js';
import { EXACT_TYPES, type DataSource } from '../../core/connection.js';
import type { RawAuditDoc } from '../../core/types.js';

/** How many past runs a checkpoint remembers for identifying late records. */
const RUNS_KEPT = 64;
/** At most this many late records are exported by one run (and read to identify them). */
export const MAX_LATE_RECORDS = 10_000;

/** A series' position, when it is BSON-dated (late records can only be found behind one). */
export interface DatedPosition {
  ts: Date;
  id: unknown;
}

export interface LateCheck {
  /** late records to export first in this run's file, oldest first */
  late: Document[];
  /** records of the covered range no longer in the database (reported, not fatal) */
  deleted: number;
  /** late records accepted without a file (--accept-late) */
  accepted: number;
  /** the coverage to carry on: adjusted for deletions and acceptances */
  coverage: SeriesCoverage;
}

function coveredRange(select: Filter<RawAuditDoc>[], since: string | null, upTo: DatedPosition): Filter<RawAuditDoc> {
  // BSON dates only: `$lt: <date>` never matches a string (type bracketing)
  const parts: Filter<RawAuditDoc>[] = [
    ...select,
    { $or: [{ timestamp: { $lt: upTo.ts } }, { timestamp: upTo.ts, _id: { $lte: upTo.id } }] } as Filter<RawAuditDoc>,
  ];
  if (since) parts.push({ timestamp: { $gte: new Date(since) } } as Filter<RawAuditDoc>);
  return parts.length === 1 ? parts[0]! : { $and: parts };
}

function keyTime(k: CheckpointKey): number {
  return 'date' in k.timestamp ? Date.parse(k.timestamp.date) : Number.NaN;
}

function idSeconds(id: unknown): number | null {
  const gt = (id as { getTimestamp?: () => Date } | null)?.getTimestamp;
  return typeof gt === 'function' ? Math.floor(gt.call(id).getTime() / 1000) : null;
}

/**
 * Compares the covered range with what the series has exported, and finds the
 * late records when there are some. `acceptLate` records them as accepted
 * (the operator exported them another way) instead of failing.
 */
export async function checkLateRecords(
  ds: DataSource,
  q: { select: Filter<RawAuditDoc>[]; coverage: SeriesCoverage; position: DatedPosition; acceptLate: boolean; maxTimeMs: number },
): Promise<LateCheck> {
  const range = coveredRange(q.select, q.coverage.since, q.position);
  const inDatabase = await ds.run('count the records behind the series position', () => ds.audit.countDocuments(range, ds.opts({ atLeastMs: q.maxTimeMs })));
  const expected = q.coverage.records + q.coverage.adjusted;
  const difference = inDatabase - expected;
  if (difference === 0) return { late: [], deleted: 0, accepted: 0, coverage: q.coverage };
  if (difference < 0) {
    return { late: [], deleted: -difference, accepted: 0, coverage: { ...q.coverage, adjusted: q.coverage.adjusted + difference } };
  }
  if (q.acceptLate) return { late: [], deleted: 0, accepted: difference, coverage: { ...q.coverage, adjusted: q.coverage.adjusted + difference } };
  const late = await identify(ds, range, q.coverage.runs, q.maxTimeMs);
  if (late.length === difference && difference <= MAX_LATE_RECORDS) return { late, deleted: 0, accepted: 0, coverage: q.coverage };
  const named = late
    .slice(0, 10)
    .map((d) => `${String(d._id)} (${d.timestamp instanceof Date ? d.timestamp.toISOString() : String(d.timestamp)})`)
    .join(', ');
  throw new RuntimeError(
    `${difference} record${difference === 1 ? '' : 's'} appeared behind this series' position since the run that passed ${difference === 1 ? 'its' : 'their'} time, so no file of the series holds ${difference === 1 ? 'it' : 'them'}; ` +
      (late.length > 0 ? `found ${late.length} by their insertion time: ${named}${late.length > 10 ? ', ...' : ''}; ` : 'could not tell which by their insertion time; ') +
      'nothing was exported and the checkpoint was not moved',
    {
      hint: 'export the series\' covered range once more without --checkpoint (or the records named) to capture them, then run again with --accept-late; raise --settle if a writer keeps stamping records late',
    },
  );
}

/**
 * The records of the covered range inserted after the run that covered them
 * ended: each key falls in the range of the first remembered run whose
 * position is at or after it (keys before the oldest remembered run use that
 * run, which only finds fewer); its ObjectId's time must be past that run's end.
 */
async function identify(ds: DataSource, range: Filter<RawAuditDoc>, runs: SeriesCoverage['runs'], maxTimeMs: number): Promise<Document[]> {
  if (runs.length === 0) return [];
  const { ObjectId } = await import('mongodb');
  const ends = runs.map((r) => ({ at: Math.floor(Date.parse(r.endedAt) / 1000), pos: keyTime(r.last), last: r.last }));
  const oldestEnd = Math.min(...ends.map((e) => e.at));
  const candidates = await ds.run('find late records', () =>
    ds.audit
      .find({ $and: [range, { _id: { $gt: ObjectId.createFromTime(oldestEnd) } }] } as Filter<RawAuditDoc>, { ...ds.opts({ atLeastMs: maxTimeMs }), ...EXACT_TYPES })
      .sort({ timestamp: 1, _id: 1 })
      .limit(MAX_LATE_RECORDS + 1)
      .toArray(),
  );
  return candidates.filter((d) => {
    const t = d.timestamp instanceof Date ? d.timestamp.getTime() : Number.NaN;
    const made = idSeconds(d._id);
    if (made === null || !Number.isFinite(t)) return false;
    const covering = ends.find((e) => e.pos >= t) ?? ends[ends.length - 1]!;
    // inserted at least a second after that run ended: ObjectIds keep whole seconds
    return made > covering.at;
  });
}

/** The coverage after a run that wrote `datedWritten` BSON-dated records (late ones included) and ended at `endedAt`. */
export function nextCoverage(coverage: SeriesCoverage, datedWritten: number, last: CheckpointKey | null, endedAt: Date): SeriesCoverage {
  const runs = last ? [...coverage.runs, { last, endedAt: endedAt.toISOString() }].slice(-RUNS_KEPT) : coverage.runs;
  return { ...coverage, records: coverage.records + datedWritten, runs };
}
