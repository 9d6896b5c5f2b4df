/** Legal holds: placed, matched (on the server and in memory alike), released once, each an audit event. */
import { describe, expect, it } from 'vitest';
import {
  activeHolds,
  addHold,
  heldFilter,
  HOLDS_COLLECTION,
  isHeld,
  listHolds,
  releaseHold,
} from '../../../../src/data/audit/index.js';
import { UsageError } from '../../../../src/errors.js';
import { useTestDatabase } from '../../../support/db.js';

const db = useTestDatabase('audit_holds');
const actor = { user: 'legal', host: 'h', userAgent: 'wfctl/test' };
const W = 'aaaaaaaaaaaaaaaaaaaaaaaa';

describe('legal holds', () => {
  it('refuses a hold without a scope or a reason, and an empty time range (nothing written)', async () => {
    const none = { workflowId: null, userId: null, since: null, until: null };
    await expect(addHold(db.ds, { scope: none, reason: 'r', actor })).rejects.toBeInstanceOf(UsageError);
    await expect(addHold(db.ds, { scope: { ...none, userId: 'u' }, reason: ' ', actor })).rejects.toBeInstanceOf(
      UsageError,
    );
    const d = new Date('2025-01-02T00:00:00Z');
    await expect(addHold(db.ds, { scope: { ...none, since: d, until: d }, reason: 'r', actor })).rejects.toBeInstanceOf(
      UsageError,
    );
    expect(await db.ds.collection(HOLDS_COLLECTION).countDocuments()).toBe(0);
    expect(await db.ds.audit.countDocuments()).toBe(0);
  });

  it('matches records by every condition, on the server as in memory, and releases once', async () => {
    const hold = await addHold(db.ds, {
      scope: {
        workflowId: W,
        userId: null,
        since: new Date('2025-01-01T00:00:00Z'),
        until: new Date('2025-02-01T00:00:00Z'),
      },
      reason: 'case 17',
      actor,
    });
    expect(hold.id).toMatch(/^hold-[0-9a-f]{8}$/);
    const docs = [
      { _id: 'in', workflow_id: W, timestamp: new Date('2025-01-15T00:00:00Z') },
      { _id: 'other-wf', workflow_id: 'b'.repeat(24), timestamp: new Date('2025-01-15T00:00:00Z') },
      { _id: 'after', workflow_id: W, timestamp: new Date('2025-02-01T00:00:00Z') },
      { _id: 'first', workflow_id: W, timestamp: new Date('2025-01-01T00:00:00Z') },
    ];
    const coll = db.ds.collection('holds_probe');
    await coll.insertMany(docs as never[]);
    const holds = await activeHolds(db.ds);
    expect(holds.map((h) => h.id)).toEqual([hold.id]);
    const server = (await coll.find(heldFilter(holds)! as never).toArray()).map((d) => d._id).sort();
    expect(server).toEqual(['first', 'in']);
    expect(
      docs
        .filter((d) => isHeld(d, holds))
        .map((d) => d._id)
        .sort(),
    ).toEqual(['first', 'in']);

    const added = await db.ds.audit.findOne({ event_type: 'legal_hold_added' });
    expect(added?.details).toMatchObject({ hold_id: hold.id, reason: 'case 17', scope: { workflow_id: W } });
    expect(added?.user_id).toBe('legal');

    const r1 = await releaseHold(db.ds, { id: hold.id, reason: 'case closed', actor });
    expect(r1.released).toBe(true);
    expect(r1.hold.releasedBy).toBe('legal');
    const r2 = await releaseHold(db.ds, { id: hold.id, reason: 'again', actor });
    expect(r2.released).toBe(false);
    expect(await db.ds.audit.countDocuments({ event_type: 'legal_hold_released' })).toBe(1);
    expect(await activeHolds(db.ds)).toEqual([]);
    expect(heldFilter(await activeHolds(db.ds))).toBeNull();
    expect((await listHolds(db.ds)).map((h) => h.id)).toEqual([hold.id]);
  });

  it('an unknown hold id is bad input (exit 2) and writes nothing', async () => {
    const before = await db.ds.audit.countDocuments();
    await expect(releaseHold(db.ds, { id: 'hold-00000000', reason: 'x', actor })).rejects.toMatchObject({
      exitCode: 2,
    });
    expect(await db.ds.audit.countDocuments()).toBe(before);
  });
});
