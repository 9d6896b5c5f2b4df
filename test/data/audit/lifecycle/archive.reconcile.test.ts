/**
 * `audit archive` reconciles the verified file with the database by `_id` before anything is
 * deleted, by either method (`$in` batches where the server's plan uses an index, one streamed scan
 * of the range's `_id`s where it does not): a record of the file gone from the database, or moved
 * out of the range, fails it (exit 1, nothing deleted); a complete file passes. The method chosen
 * by default is the one the server's own plan for `_id: {$in}` calls for.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { archiveAuditTrail, indexBacked, type ReconcileMethod } from '../../../../src/data/audit/index.js';
import { RuntimeError } from '../../../../src/errors.js';
import { ARCHIVE_BEFORE, useArchiveSetup } from '../../../support/archive-setup.js';

// 600 records before the bound (one a minute), 400 after, and a string-dated one inside the range
const { db, dir } = useArchiveSetup('audit_archive_reconcile', (ds) =>
  ds.audit.insertOne({ event_type: 'workflow_updated', timestamp: '2025-01-01 01:00:00', details: {} }),
);
const actor = { user: 'archivist', host: 'h', userAgent: 'wfctl/test' };
const before = ARCHIVE_BEFORE;
let n = 0;

/** Archives without deleting (the file written, verified, reconciled), then returns a rerun with --delete. */
async function archived(reconcileBy?: ReconcileMethod) {
  const output = join(dir, `archive-${++n}.ndjson`);
  const options = { before, output, format: 'ndjson' as const, actor, batchSize: 150, reconcileBy };
  const first = await archiveAuditTrail(db.ds, { ...options, delete: false });
  expect(first.records).toBe(601);
  return () => archiveAuditTrail(db.ds, { ...options, delete: true });
}

const inRange = () => db.ds.audit.countDocuments({ timestamp: { $lt: before } });

describe.each(['scan', 'batches', undefined] as const)('archive reconcile (%s)', (method) => {
  it('a complete file passes and exactly it is deleted', async () => {
    const rerun = await archived(method);
    const r = await rerun();
    expect(r.deleted).toBe(601);
    expect(await inRange()).toBe(0);
    expect(await db.ds.audit.countDocuments({ timestamp: { $type: 'string' } })).toBe(0);
  });

  it('a record of the file gone from the database: exit 1, nothing deleted', async () => {
    const rerun = await archived(method);
    const gone = await db.ds.audit.findOne({ timestamp: { $lt: before } });
    await db.ds.audit.deleteOne({ _id: gone!._id });
    const err = await rerun().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RuntimeError);
    expect((err as Error).message).toBe(
      'reconciliation failed: 1 record of the archive is not in the database (or not in its range); nothing was deleted',
    );
    expect(await inRange()).toBe(599);
  });

  it('records of the file moved out of the range (re-dated after the bound): exit 1, nothing deleted', async () => {
    const rerun = await archived(method);
    const moved = await db.ds.audit
      .find({ timestamp: { $lt: before } })
      .limit(3)
      .toArray();
    await db.ds.audit.updateMany(
      { _id: { $in: moved.map((d) => d._id) } },
      { $set: { timestamp: new Date('2025-01-02T00:00:00Z') } },
    );
    await expect(rerun()).rejects.toThrow('reconciliation failed: 3 records of the archive are not in the database');
    expect(await inRange()).toBe(597);
  });
});

describe('the method the plan calls for', () => {
  it('reads an index stage as index-backed; a plan that scans, or that FerretDB 1.24 did not push down, is not', () => {
    expect(indexBacked({ queryPlanner: { winningPlan: { stage: 'FETCH', inputStage: { stage: 'IXSCAN' } } } })).toBe(
      true,
    );
    expect(indexBacked({ queryPlanner: { winningPlan: { stage: 'EXPRESS_IXSCAN' } } })).toBe(true);
    expect(indexBacked({ queryPlanner: { winningPlan: { stage: 'COLLSCAN' } } })).toBe(false);
    expect(indexBacked({ queryPlanner: { Plan: ['SCAN workflow_audit_logs'] }, filterPushdown: false })).toBe(false);
    expect(indexBacked({ queryPlanner: { winningPlan: { stage: 'IXSCAN' } }, filterPushdown: false })).toBe(false);
  });
});
