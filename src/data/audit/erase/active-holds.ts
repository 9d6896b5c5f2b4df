/**
 * The active legal holds, for the erasure's gate (holds-gate.ts). Until the hold module
 * (`src/data/audit/holds.ts`, `audit hold add/list/release`) is in this tree, this reads its
 * collection as that module is specified: `wfctl_holds`, one document per hold, `workflow_id`,
 * `user_id`, `since`, `until` (each null when the hold does not narrow by it), `reason`, and
 * `released_at` set once released. Documents of another shape are taken as holding everything,
 * never as holding nothing.
 */
import type { Document } from 'mongodb';
import type { DataSource } from '../../core/connection.js';
import { toDate, toStringOrNull } from '../../core/normalize.js';
import type { ActiveHold } from './holds-gate.js';
import { HOLDS_COLLECTION } from './subject.js';

export async function activeHolds(ds: DataSource): Promise<ActiveHold[]> {
  const docs = await ds.run('read the legal holds', () =>
    ds
      .collection(HOLDS_COLLECTION)
      .find({ $or: [{ released_at: null }, { released_at: { $exists: false } }] } as Document, ds.opts())
      .toArray(),
  );
  return docs.map((d) => ({
    id: toStringOrNull(d.id) ?? toStringOrNull(d._id) ?? '?',
    reason: toStringOrNull(d.reason),
    workflowId: toStringOrNull(d.workflow_id ?? d.workflowId ?? null),
    userId: toStringOrNull(d.user_id ?? d.userId ?? null),
    since: toDate(d.since ?? null),
    until: toDate(d.until ?? null),
  }));
}
