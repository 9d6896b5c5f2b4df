/**
 * Late records of a checkpointed export series: records that appear behind
 * the series' position after the run that passed it (a writer that stamps a
 * record with a time older than the settle window, or makes its _id long
 * before it inserts it), so that no file of the series holds them. Decided by
 * identity (_id), never by a balance of counts (invariant 5):
 *
 * - The identity region (ledger.ts): the _ids and timestamps of the records
 *   behind the position stamped from the ledger's `from` on (the late
 *   horizon), read from the server (`{_id, timestamp}` only), are compared
 *   with the ledger's digests. A record on the server and not in the ledger is
 *   late: this run exports it first in its file and the manifest names it. A
 *   ledger record no longer on the server was deleted: a warning and a
 *   manifest entry, not a failure. Legacy string-dated records are compared
 *   the same way (all of them: BSON orders them before every date).
 * - The sealed region (before `from`): the server's count of it is compared
 *   with the ledger's. When they differ, its _ids are read and summed per UTC
 *   day: a day with more records, or as many with another digest sum, holds a
 *   record that appeared beyond the horizon: the run fails (exit 1, nothing
 *   exported, checkpoint unchanged) naming the days and the --late-horizon
 *   that would have covered them; `--accept-late` takes the days as the server
 *   has them (the operator has exported those records another way) and the
 *   manifest counts them as accepted. A day with fewer records had deletions
 *   (warning). Identity is not kept there: a late record in a day that also
 *   lost more records than arrived, or whose count change is offset by a
 *   deletion elsewhere beyond the horizon, shows only in `audit verify
 *   --reconcile` over the series' files (which decides by _id).
 */
import type { Document, Filter } from 'mongodb';
import { RuntimeError } from '../../../errors.js';
import { EXACT_TYPES, type DataSource } from '../../core/connection.js';
import type { RawAuditDoc } from '../../core/types.js';
import { inRange, storedTime } from '../../core/window.js';
import { andOf } from '../filter.js';
import { addToDay, DAY_MS, idDigest, type DayFigures, type IdentityLedger } from './ledger.js';
import { isAfter, type Position } from './position.js';
import { keyFieldsOf } from './record-key.js';

/** At most this many late records are exported by one run; the rest stay late for the next run. */
export const MAX_LATE_RECORDS = 10_000;

export interface LateCheck {
  /** late records to export first in this run's file, oldest first (at most MAX_LATE_RECORDS) */
  late: Document[];
  /** late records found beyond `late` (left for the next run) */
  deferred: number;
  /** records the series exported that are no longer in the database (reported, not fatal) */
  deleted: number;
  /** records that appeared beyond the late horizon, taken as they are with --accept-late */
  accepted: number;
  /** the ledger after the check: deleted records removed, sealed days accepted; the run adds what it exports */
  ledger: IdentityLedger;
  /** seed: records taken as exported */
  seeded?: number;
}

export interface LateQuery {
  select: Filter<RawAuditDoc>[];
  ledger: IdentityLedger;
  /** the series' position; nothing is behind a series that has exported nothing */
  position: Position | undefined;
  /** the series' first lower bound */
  since: Date | undefined;
  /** this run's upper bound: a legacy string-dated record is exported once its parsed time is below it */
  upper: Date;
  acceptLate: boolean;
  /** seed: the records found are taken as exported (a checkpoint of an earlier wfctl, see plan.ts) */
  seed: boolean;
  maxTimeMs: number;
}

interface Found {
  id: unknown;
  ts: Date | string;
  d: bigint;
}

/** Compares what is behind the series' position with its ledger, by identity; see the module comment. */
export async function checkLateRecords(ds: DataSource, q: LateQuery): Promise<LateCheck> {
  const { ledger, position } = q;
  const none = { late: [], deferred: 0, deleted: 0, accepted: 0, ledger };
  if (!position) return none;
  const found: Found[] = [];
  // side by side: on FerretDB each query scans the collection
  const sealedCount = position.ts instanceof Date && ledger.from !== null ? countSealed(ds, q, ledger.from) : undefined;
  sealedCount?.catch(() => undefined);
  await scanBehind(ds, q, position, found);
  const pruned = ledger.pruneUnseen();
  const sealed = sealedCount ? await checkSealed(ds, q, ledger.from!, await sealedCount) : { accepted: 0, deleted: 0 };
  const deleted = pruned.records + sealed.deleted;
  if (q.seed) {
    for (const f of found) ledger.add(f.ts instanceof Date ? f.ts.getTime() : null, f.d);
    return { ...none, deleted, accepted: sealed.accepted, seeded: found.length };
  }
  found.sort((a, b) => (isAfter({ ts: a.ts, id: a.id }, { ts: b.ts, id: b.id }) ? 1 : -1));
  const take = found.slice(0, MAX_LATE_RECORDS);
  const late = await fetchLate(ds, take, q.maxTimeMs);
  for (const doc of late) {
    const ts = doc.timestamp as Date | string;
    ledger.add(ts instanceof Date ? ts.getTime() : null, idDigest(doc._id));
  }
  return { late, deferred: found.length - take.length, deleted, accepted: sealed.accepted, ledger };
}

/**
 * One pass over what is behind the position: the dated records from the ledger's `from` (or the
 * series' start) on, and the legacy string-dated ones, decided by their parsed time (FerretDB scans
 * the collection for every query: one query, not two).
 */
async function scanBehind(ds: DataSource, q: LateQuery, position: Position, found: Found[]): Promise<void> {
  const strings = { timestamp: { $type: 'string' } };
  let range: Filter<RawAuditDoc> = strings as Filter<RawAuditDoc>;
  if (position.ts instanceof Date) {
    const lower =
      q.ledger.from !== null ? Math.max(q.ledger.from, q.since?.getTime() ?? -Infinity) : q.since?.getTime();
    range = {
      $or: [
        { timestamp: { $lt: position.ts, ...(lower !== undefined ? { $gte: new Date(lower) } : {}) } },
        { timestamp: position.ts, _id: { $lte: position.id } },
        strings,
      ],
    } as Filter<RawAuditDoc>;
  }
  const bounds = { from: q.since, to: q.upper };
  await eachKey(
    ds,
    andOf([...q.select, range]),
    q.maxTimeMs,
    'read the record ids behind the series position',
    (id, ts) => {
      if (ts instanceof Date) {
        const d = idDigest(id);
        if (!q.ledger.seeDated(ts.getTime(), d)) found.push({ id, ts, d });
      } else if (
        typeof ts === 'string' &&
        inRange(storedTime(ts), bounds) &&
        !(typeof position.ts === 'string' && isAfter({ ts, id }, position))
      ) {
        const d = idDigest(id);
        if (!q.ledger.seeLegacy(d)) found.push({ id, ts, d });
      }
    },
  );
}

/**
 * Streams `{_id, timestamp}` of a query with exact types (a Double _id stays a Double), read from the
 * raw bytes as the export's stream reads them (a third of the client CPU of the driver's documents).
 */
async function eachKey(
  ds: DataSource,
  filter: Filter<RawAuditDoc>,
  maxTimeMs: number,
  what: string,
  each: (id: unknown, ts: unknown) => void,
): Promise<void> {
  await ds.run(what, async () => {
    const cursor = ds.audit
      .find(filter, { ...ds.opts({ atLeastMs: maxTimeMs }), raw: true })
      .project({ _id: 1, timestamp: 1 })
      .batchSize(5000);
    for await (const bytes of cursor as unknown as AsyncIterable<Uint8Array>) {
      const k = keyFieldsOf(bytes);
      each(k.id, k.timestamp);
    }
  });
}

/** The late records themselves, by _id, oldest first. */
async function fetchLate(ds: DataSource, take: Found[], maxTimeMs: number): Promise<Document[]> {
  const docs: Document[] = [];
  const read = (filter: Filter<RawAuditDoc>) =>
    ds.run('read the late records', () =>
      ds.audit.find(filter, { ...ds.opts({ atLeastMs: maxTimeMs }), ...EXACT_TYPES }).toArray(),
    );
  if (take.length <= 16) {
    // one by _id: the one query FerretDB answers without scanning the collection
    for (const part of await Promise.all(take.map((f) => read({ _id: f.id } as Filter<RawAuditDoc>))))
      docs.push(...part);
  } else {
    for (let i = 0; i < take.length; i += 1000)
      docs.push(...(await read({ _id: { $in: take.slice(i, i + 1000).map((f) => f.id) } } as Filter<RawAuditDoc>)));
  }
  // deleted since the scan: not exported, not in the ledger
  return docs.sort((a, b) =>
    isAfter({ ts: a.timestamp as Date | string, id: a._id }, { ts: b.timestamp as Date | string, id: b._id }) ? 1 : -1,
  );
}

function sealedFilter(q: LateQuery, from: number): Filter<RawAuditDoc> {
  return andOf([
    ...q.select,
    { timestamp: { $lt: new Date(from), ...(q.since ? { $gte: q.since } : {}) } } as Filter<RawAuditDoc>,
  ]);
}

function countSealed(ds: DataSource, q: LateQuery, from: number): Promise<number> {
  return ds.run('count the sealed records behind the series position', () =>
    ds.audit.countDocuments(sealedFilter(q, from), ds.opts({ atLeastMs: q.maxTimeMs })),
  );
}

/** The sealed region [since, from): its count, and per-day identity figures when the count differs. */
async function checkSealed(
  ds: DataSource,
  q: LateQuery,
  from: number,
  inDatabase: number,
): Promise<{ accepted: number; deleted: number }> {
  const filter = sealedFilter(q, from);
  if (inDatabase === q.ledger.sealedRecords) return { accepted: 0, deleted: 0 };
  const server = new Map<string, DayFigures>();
  await eachKey(ds, filter, q.maxTimeMs, 'read the sealed record ids', (id, ts) => {
    if (ts instanceof Date) addToDay(server, ts.getTime(), idDigest(id));
  });
  const kept = q.ledger.sealedDays();
  const grown: Array<{ day: string; more: number }> = [];
  let deleted = 0;
  for (const day of new Set([...kept.keys(), ...server.keys()])) {
    const had = kept.get(day) ?? { records: 0, sum: 0n };
    const has = server.get(day) ?? { records: 0, sum: 0n };
    if (has.records > had.records || (has.records === had.records && has.sum !== had.sum))
      grown.push({ day, more: Math.max(1, has.records - had.records) });
    else if (has.records < had.records) deleted += had.records - has.records;
  }
  grown.sort((a, b) => a.day.localeCompare(b.day));
  if (grown.length > 0 && !q.acceptLate && !q.seed) throw beyondHorizon(grown, q, from);
  for (const day of new Set([...kept.keys(), ...server.keys()]))
    q.ledger.reseal(day, server.get(day) ?? { records: 0, sum: 0n });
  return { accepted: grown.reduce((n, g) => n + g.more, 0), deleted };
}

function beyondHorizon(grown: Array<{ day: string; more: number }>, q: LateQuery, from: number): RuntimeError {
  const n = grown.reduce((s, g) => s + g.more, 0);
  const oldest = Date.parse(grown[0]!.day);
  // the horizon that would have kept the oldest of those days in the identity region, in whole days
  const neededDays = Math.ceil((from - oldest) / DAY_MS + q.ledger.horizonMs / DAY_MS);
  const days = grown.map((g) => `${g.day} (${g.more})`).join(', ');
  return new RuntimeError(
    `${n} record${n === 1 ? '' : 's'} appeared behind this series' position stamped before ${new Date(from).toISOString()}, beyond its late horizon (${q.ledger.horizonMs / 3_600_000} h), where the series keeps counts, not identities: UTC day${grown.length === 1 ? '' : 's'} ${days}; nothing was exported and the checkpoint was not moved`,
    {
      hint: `export those days once more without --checkpoint (wfctl audit export --since DAY --until NEXT-DAY ...) or run wfctl audit verify --reconcile over the series' files to name the records, then run again with --accept-late; --late-horizon ${neededDays}d would have covered them`,
    },
  );
}
