/**
 * Legal holds as the erasure sees them: a held record is not erased while held (exit 1, naming the
 * hold) unless the operator overrides it. The holds themselves (their collection, `audit hold
 * add/list/release`) belong to the hold module (holds.ts); this file asks it for the active holds and decides
 * which of the subject's records they cover.
 */
import type { Document } from 'mongodb';
import { RuntimeError } from '../../../errors.js';
import type { DataSource } from '../../core/connection.js';
import { toDate, workflowIdOf } from '../../core/normalize.js';
import { COLLECTIONS } from '../../core/types.js';
import { activeHolds } from '../holds.js';

/** An active hold: every field given narrows what it covers (none: everything). */
export interface ActiveHold {
  id: string;
  reason: string | null;
  workflowId: string | null;
  userId: string | null;
  /** inclusive */
  since: Date | null;
  /** exclusive */
  until: Date | null;
}

/** Where the active holds come from: the hold module's list (injected; tests give their own). */
export type ActiveHoldSource = (ds: DataSource) => Promise<ActiveHold[]>;

/** The holds in force, from the hold module (holds.ts), as the gate decides on them. */
export const legalHoldsInForce: ActiveHoldSource = async (ds) =>
  (await activeHolds(ds)).map((h) => ({
    id: h.id,
    reason: h.reason,
    workflowId: h.scope.workflowId,
    userId: h.scope.userId,
    since: h.scope.since,
    until: h.scope.until,
  }));

/** The facts of one record a hold is decided on. */
export interface HoldFacts {
  workflowId: string | null;
  userId: string | null;
  time: Date | null;
}

/** What a record of each collection says for holds: its workflow, its user, its time. */
export function holdFactsOf(doc: Document, collection: string): HoldFacts {
  const workflowId =
    collection === COLLECTIONS.workflows
      ? workflowIdOf(doc)
      : typeof doc.workflow_id === 'string'
        ? doc.workflow_id
        : null;
  const user = doc.user_id ?? doc.changed_by ?? doc.created_by ?? null;
  const time = toDate(doc.timestamp ?? doc.changed_at ?? doc.created_at ?? null);
  return { workflowId, userId: typeof user === 'string' ? user : null, time };
}

export function holdCovers(hold: ActiveHold, r: HoldFacts): boolean {
  if (hold.workflowId !== null && r.workflowId !== hold.workflowId) return false;
  if (hold.userId !== null && r.userId !== hold.userId) return false;
  if (hold.since !== null && (r.time === null || r.time < hold.since)) return false;
  if (hold.until !== null && (r.time === null || r.time >= hold.until)) return false;
  return true;
}

/** Erasure refused: records of the subject are under a legal hold (exit 1). */
export class HeldRecordsError extends RuntimeError {}

export function heldRecordsError(held: Map<string, { hold: ActiveHold; records: number }>): HeldRecordsError {
  const list = [...held.values()];
  const names = list
    .map(
      ({ hold, records }) =>
        `hold ${hold.id}${hold.reason ? ` (${hold.reason})` : ''}: ${records} record${records === 1 ? '' : 's'}`,
    )
    .join('; ');
  return new HeldRecordsError(`the subject's records are under legal hold, nothing was erased: ${names}`, {
    hint: 'release the hold (wfctl audit hold release ID --reason R), or erase anyway with --override-hold',
  });
}
