/**
 * A position in the export order (timestamp, _id): how the checkpoint stores
 * it, the query for the records after it, and the order test of the stream.
 * BSON orders strings before dates, so a legacy string timestamp comes before
 * every dated record.
 */
import { ObjectId, type Filter } from 'mongodb';
import { UsageError } from '../../../errors.js';
import { bsonTypeOf, toNumberOrNull } from '../../core/normalize.js';
import type { RawAuditDoc } from '../../core/types.js';
import type { CheckpointKey } from './checkpoint.js';
import { idText } from './format.js';

export interface Position {
  ts: Date | string;
  id: unknown;
}

export function positionToStored(p: Position): CheckpointKey {
  const timestamp = p.ts instanceof Date ? { date: p.ts.toISOString() } : { string: p.ts };
  // records are read with their exact types: a numeric _id may be an Int32 or a Double
  const n =
    typeof p.id === 'number'
      ? p.id
      : bsonTypeOf(p.id) === 'Int32' || bsonTypeOf(p.id) === 'Double'
        ? toNumberOrNull(p.id)
        : null;
  const id =
    p.id instanceof ObjectId ? { oid: p.id.toHexString() } : n !== null ? { number: n } : { string: String(p.id) };
  return { timestamp, id };
}

/** The position a checkpoint stores; an unreadable one is refused (exit 2), never read as "from the start". */
export function positionFromStored(s: CheckpointKey, checkpointPath: string): Position {
  const bad = () =>
    new UsageError(`checkpoint ${checkpointPath} has an unreadable position; refusing to start the series over`, {
      hint: 'restore the checkpoint from a backup, or name a new --checkpoint file to start a new series on purpose',
    });
  let ts: Date | string;
  if ('date' in s.timestamp) {
    ts = new Date(s.timestamp.date);
    if (Number.isNaN(ts.getTime())) throw bad();
  } else if ('string' in s.timestamp && typeof s.timestamp.string === 'string') ts = s.timestamp.string;
  else throw bad();
  let id: unknown;
  if ('oid' in s.id) {
    if (!ObjectId.isValid(s.id.oid)) throw bad();
    id = new ObjectId(s.id.oid);
  } else if ('number' in s.id) id = s.id.number;
  else if ('string' in s.id) id = s.id.string;
  else throw bad();
  return { ts, id };
}

/** Records strictly after a position in (timestamp, _id) order. */
export function afterPosition(p: Position): Filter<RawAuditDoc> {
  const or: Filter<RawAuditDoc>[] = [
    { timestamp: { $gt: p.ts } },
    { timestamp: { $eq: p.ts }, _id: { $gt: p.id as ObjectId } },
  ];
  if (typeof p.ts === 'string') or.push({ timestamp: { $type: 'date' } });
  return { $or: or } as Filter<RawAuditDoc>;
}

/** `a` comes strictly after `b` in (timestamp, _id) order. */
export function isAfter(a: Position, b: Position): boolean {
  const rank = (t: Date | string) => (t instanceof Date ? 1 : 0);
  if (rank(a.ts) !== rank(b.ts)) return rank(a.ts) > rank(b.ts);
  const c =
    a.ts instanceof Date
      ? a.ts.getTime() - (b.ts as Date).getTime()
      : a.ts < (b.ts as string)
        ? -1
        : a.ts > (b.ts as string)
          ? 1
          : 0;
  if (c !== 0) return c > 0;
  return idText(a.id) > idText(b.id);
}
