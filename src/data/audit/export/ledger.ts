/**
 * The identity ledger of a checkpointed series: which records the series has
 * exported, by `_id`, for the region behind its position where late records
 * can still land (late.ts compares it with the database each run).
 *
 * - Identity: a record is its digest, the first 8 bytes of SHA-256 over the
 *   BSON document `{_id: <value>}` (the value with its exact BSON type, so an
 *   Int32 5 and a Double 5 are two records, as they are in MongoDB). A late
 *   record is taken for an exported one only when its digest equals one of
 *   the k digests of its hour: probability k / 2^64 per late record.
 * - Region: records stamped at or after `from` (hour-aligned; null = every
 *   record the series exported) keep their digests, grouped by the hour of
 *   their timestamp: `hours`, each a sorted run of digests in base64 (about
 *   10.7 bytes a record in the checkpoint, 8 in memory). After each run the
 *   hours older than the position minus the late horizon are sealed: kept per
 *   UTC day as a count and the sum of their digests mod 2^64 (an
 *   order-independent fingerprint), no longer per record.
 * - Records with a legacy string timestamp (older tools) keep their digests
 *   unbucketed in `legacy`, without a horizon: they are few, and BSON orders
 *   them before every date, so any of them can land behind the position.
 */
import { hash } from 'node:crypto';
import { BSON, ObjectId } from 'mongodb';
import { UsageError } from '../../../errors.js';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
export const LEDGER_ALGORITHM = 'sha256-64-bson-id';
/** Late records are decided by identity for this long behind the position (--late-horizon). */
export const DEFAULT_LATE_HORIZON_MS = 24 * HOUR_MS;
/** The ledger keeps hours: a shorter horizon would seal the hour the position is in. */
export const MIN_LATE_HORIZON_MS = HOUR_MS;

export interface SealedDay {
  records: number;
  /** sum of the day's digests mod 2^64, 16 hex digits */
  sum: string;
}

/** The ledger as the checkpoint stores it. */
export interface StoredLedger {
  algorithm: typeof LEDGER_ALGORITHM;
  /** the series' first lower bound (--since of its first run), null for "from the beginning" */
  since: string | null;
  /** the start of the identity region (an hour); records before it are sealed by day; null: nothing sealed */
  from: string | null;
  /** the late horizon the series uses (--late-horizon of its last run that set it) */
  horizonSeconds: number;
  /** hour start (ISO) -> sorted 8-byte digests, base64 */
  hours: Record<string, string>;
  /** UTC day (YYYY-MM-DD) -> count and digest sum of the sealed records of that day before `from` */
  sealed: Record<string, SealedDay>;
  /** sorted digests of the string-dated records exported, base64 */
  legacy: string;
}

const MASK = (1n << 64n) - 1n;
// {_id: ObjectId} as BSON: int32 size 22, type 0x07, "_id\0", 12 bytes, end 0x00
const OID_DOC = Buffer.from([22, 0, 0, 0, 7, 0x5f, 0x69, 0x64, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);

/** The identity of a record: the first 8 bytes of SHA-256 over the BSON of `{_id}`, as an unsigned 64-bit integer. */
export function idDigest(id: unknown): bigint {
  let bytes: Uint8Array;
  if (id instanceof ObjectId) {
    id.id.forEach((b, i) => (OID_DOC[9 + i] = b));
    bytes = OID_DOC;
  } else {
    bytes = BSON.serialize({ _id: id });
  }
  return hash('sha256', bytes, 'buffer').readBigUInt64BE(0);
}

export function hourOf(ms: number): number {
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
}

function dayKey(ms: number): string {
  return new Date(Math.floor(ms / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
}

function decode(text: string): BigUint64Array {
  const buf = Buffer.from(text, 'base64');
  const out = new BigUint64Array(buf.length / 8);
  for (let i = 0; i < out.length; i++) out[i] = buf.readBigUInt64BE(i * 8);
  return out;
}

function encode(digests: BigUint64Array): string {
  const buf = Buffer.allocUnsafe(digests.length * 8);
  for (let i = 0; i < digests.length; i++) buf.writeBigUInt64BE(digests[i]!, i * 8);
  return buf.toString('base64');
}

function indexOf(sorted: BigUint64Array, d: bigint): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid]!;
    if (v === d) return mid;
    if (v < d) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** A sorted set of digests whose members can be marked as seen (on the server) during a check. */
class DigestRun {
  marks: Uint8Array;
  constructor(public digests: BigUint64Array) {
    this.marks = new Uint8Array(digests.length);
  }
  /** Marks `d` seen; false when it is not in the run. */
  see(d: bigint): boolean {
    const i = indexOf(this.digests, d);
    if (i < 0) return false;
    this.marks[i] = 1;
    return true;
  }
  /** Drops the members not seen; returns how many. */
  pruneUnseen(): number {
    const kept = this.digests.filter((_, i) => this.marks[i] === 1);
    const dropped = this.digests.length - kept.length;
    this.digests = kept;
    this.marks = new Uint8Array(kept.length);
    return dropped;
  }
}

/** A sealed day as compared: count and digest sum. */
export interface DayFigures {
  records: number;
  sum: bigint;
}

export class IdentityLedger {
  private readonly hours = new Map<number, DigestRun>();
  private legacy: DigestRun;
  private readonly sealed = new Map<string, DayFigures>();
  /** digests added by this run, with their hour (NaN: a string timestamp) */
  private added: { hours: number[]; digests: bigint[] } = { hours: [], digests: [] };

  private constructor(
    readonly since: string | null,
    public from: number | null,
    public horizonMs: number,
  ) {
    this.legacy = new DigestRun(new BigUint64Array(0));
  }

  static empty(since: string | null, horizonMs: number): IdentityLedger {
    return new IdentityLedger(since, null, horizonMs);
  }

  /** The ledger of a checkpoint; a malformed one is refused (exit 2), never read as empty. */
  static fromStored(s: StoredLedger, checkpointPath: string): IdentityLedger {
    const bad = (why: string) =>
      new UsageError(
        `checkpoint ${checkpointPath} has an unreadable identity ledger (${why}); refusing to start the series over`,
        {
          hint: 'restore the checkpoint from a backup, or name a new --checkpoint file to start a new series on purpose',
        },
      );
    if (!s || typeof s !== 'object' || s.algorithm !== LEDGER_ALGORITHM) throw bad('unknown algorithm');
    const from = s.from === null ? null : Date.parse(s.from);
    if (from !== null && !Number.isFinite(from)) throw bad('bad start');
    if (typeof s.horizonSeconds !== 'number' || !(s.horizonSeconds * 1000 >= MIN_LATE_HORIZON_MS))
      throw bad('bad horizon');
    const l = new IdentityLedger(s.since ?? null, from, s.horizonSeconds * 1000);
    const base64 = /^[A-Za-z0-9+/]*={0,2}$/;
    for (const [k, v] of Object.entries(s.hours ?? {})) {
      const t = Date.parse(k);
      if (!Number.isFinite(t) || typeof v !== 'string' || !base64.test(v) || Buffer.from(v, 'base64').length % 8 !== 0)
        throw bad(`hour ${k}`);
      l.hours.set(t, new DigestRun(decode(v)));
    }
    for (const [k, v] of Object.entries(s.sealed ?? {})) {
      if (!/^\d{4}-\d\d-\d\d$/.test(k) || !v || !Number.isSafeInteger(v.records) || !/^[0-9a-f]{16}$/.test(v.sum))
        throw bad(`day ${k}`);
      l.sealed.set(k, { records: v.records, sum: BigInt(`0x${v.sum}`) });
    }
    if (typeof s.legacy !== 'string' || !base64.test(s.legacy) || Buffer.from(s.legacy, 'base64').length % 8 !== 0)
      throw bad('legacy');
    l.legacy = new DigestRun(decode(s.legacy));
    return l;
  }

  /**
   * A dated record of the identity region seen on the server: true when the series exported it. It is
   * looked for in the hour of its timestamp, then in the others: a record whose timestamp was changed
   * after its export is still the record exported (identity is the _id, not the time).
   */
  seeDated(ms: number, d: bigint): boolean {
    const own = this.hours.get(hourOf(ms));
    if (own?.see(d)) return true;
    for (const run of this.hours.values()) if (run !== own && run.see(d)) return true;
    return false;
  }

  /** A string-dated record seen on the server: true when the series exported it. */
  seeLegacy(d: bigint): boolean {
    return this.legacy.see(d);
  }

  /** Removes the exported records the check did not see on the server (deleted); returns how many, and their hours. */
  pruneUnseen(): { records: number; hours: number[] } {
    let records = 0;
    const hours: number[] = [];
    for (const [h, run] of this.hours) {
      const n = run.pruneUnseen();
      if (n > 0) hours.push(h);
      records += n;
      if (run.digests.length === 0) this.hours.delete(h);
    }
    records += this.legacy.pruneUnseen();
    return { records, hours: hours.sort((a, b) => a - b) };
  }

  /** Adds an exported record (`ms` null: a string timestamp). */
  add(ms: number | null, d: bigint): void {
    this.added.hours.push(ms === null ? Number.NaN : hourOf(ms));
    this.added.digests.push(d);
  }

  get sealedRecords(): number {
    let n = 0;
    for (const v of this.sealed.values()) n += v.records;
    return n;
  }

  sealedDays(): Map<string, DayFigures> {
    return new Map(this.sealed);
  }

  /** Replaces a sealed day's figures with what the server holds (a deletion, or late records accepted). */
  reseal(day: string, f: DayFigures): void {
    if (f.records === 0) this.sealed.delete(day);
    else this.sealed.set(day, f);
  }

  /** Records the ledger holds by identity (the hours and legacy, without this run's additions). */
  get identityRecords(): number {
    let n = this.legacy.digests.length;
    for (const r of this.hours.values()) n += r.digests.length;
    return n;
  }

  /**
   * The ledger to store after a run: this run's additions merged, and the hours older than the
   * position minus the horizon sealed by day.
   */
  toStored(positionMs: number | null): StoredLedger {
    const perHour = new Map<number, bigint[]>();
    const legacy: bigint[] = [...this.legacy.digests];
    for (let i = 0; i < this.added.digests.length; i++) {
      const h = this.added.hours[i]!;
      if (Number.isNaN(h)) legacy.push(this.added.digests[i]!);
      else (perHour.get(h) ?? perHour.set(h, []).get(h)!).push(this.added.digests[i]!);
    }
    this.added = { hours: [], digests: [] };
    for (const [h, list] of perHour) {
      const run = this.hours.get(h);
      const merged = new BigUint64Array((run?.digests.length ?? 0) + list.length);
      if (run) merged.set(run.digests);
      merged.set(list, run?.digests.length ?? 0);
      this.hours.set(h, new DigestRun(merged.sort()));
    }
    this.legacy = new DigestRun(BigUint64Array.from(legacy).sort());
    if (positionMs !== null) {
      const sealBefore = hourOf(positionMs - this.horizonMs);
      if (this.from === null || sealBefore > this.from) {
        for (const [h, run] of [...this.hours]) {
          if (h >= sealBefore) continue;
          const day = dayKey(h);
          const f = this.sealed.get(day) ?? { records: 0, sum: 0n };
          for (const d of run.digests) f.sum = (f.sum + d) & MASK;
          f.records += run.digests.length;
          this.sealed.set(day, f);
          this.hours.delete(h);
        }
        this.from = sealBefore;
      }
    }
    const hours: Record<string, string> = {};
    for (const h of [...this.hours.keys()].sort((a, b) => a - b))
      hours[new Date(h).toISOString()] = encode(this.hours.get(h)!.digests);
    const sealed: Record<string, SealedDay> = {};
    for (const day of [...this.sealed.keys()].sort()) {
      const f = this.sealed.get(day)!;
      sealed[day] = { records: f.records, sum: f.sum.toString(16).padStart(16, '0') };
    }
    return {
      algorithm: LEDGER_ALGORITHM,
      since: this.since,
      from: this.from === null ? null : new Date(this.from).toISOString(),
      horizonSeconds: this.horizonMs / 1000,
      hours,
      sealed,
      legacy: encode(this.legacy.digests),
    };
  }
}

/** Adds a digest to a day's figures (the server side of a sealed comparison). */
export function addToDay(days: Map<string, DayFigures>, ms: number, d: bigint): void {
  const day = dayKey(ms);
  const f = days.get(day) ?? { records: 0, sum: 0n };
  f.records++;
  f.sum = (f.sum + d) & MASK;
  days.set(day, f);
}
