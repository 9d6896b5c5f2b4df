import { BSON } from 'mongodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeVersionDiff } from '../../src/data/versions/index.js';
import { AUDIT_EVENT_TYPES } from '../../src/data/core/index.js';
import { checkAllRegressions } from '../../src/data/metrics/index.js';
import { generateDataset, type GenerateSummary } from './generator.js';
import { useTestDatabase } from './db.js';

const { EJSON } = BSON;
const db = useTestDatabase('generator');
const other = useTestDatabase('generator2');
const now = new Date('2025-06-30T12:00:00Z');
let summary: GenerateSummary;

beforeAll(async () => {
  summary = await generateDataset(db.ds, { workflows: 6, days: 10, scale: 1, seed: 7, now });
  await generateDataset(other.ds, { workflows: 6, days: 10, scale: 1, seed: 7, now });
});

describe('data generator', () => {
  it('writes all five collections with the counts it reports', async () => {
    expect(await db.ds.workflows.countDocuments()).toBe(6);
    expect(await db.ds.versions.countDocuments()).toBe(summary.versions);
    expect(await db.ds.executions.countDocuments()).toBe(summary.executions);
    expect(await db.ds.attempts.countDocuments()).toBe(summary.attempts);
    expect(await db.ds.audit.countDocuments()).toBe(summary.audit);
  });

  it('has one workflow whose current version regressed, which check regression finds', async () => {
    expect(summary.regressed).not.toBeNull();
    const { results } = await checkAllRegressions(
      db.ds,
      { confidence: 0.95, minRuns: 5, baselineMs: 7 * 86_400_000 },
      now,
    );
    const found = results.find((r) => r.workflowId === summary.regressed);
    expect(found?.outcome, found?.message).toBe('worse');
  });

  it('is deterministic for a seed, ObjectIds included', async () => {
    const a = await db.ds.versions.find().sort({ workflow_id: 1, version_number: 1 }).toArray();
    const b = await other.ds.versions.find().sort({ workflow_id: 1, version_number: 1 }).toArray();
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('keeps version chains coherent: gap-free, one current = highest, diffs match data, rollbacks restore data', async () => {
    let rollbacks = 0;
    for (const wf of await db.ds.workflows.find().toArray()) {
      const id =
        typeof wf.id === 'string' && wf.is_active !== undefined
          ? wf.id
          : (wf._id as { toHexString(): string }).toHexString();
      // with their BSON types, as the diffs were computed (a double stays a double)
      const versions = await db.ds.versions
        .find({ workflow_id: id }, { promoteValues: false })
        .sort({ version_number: 1 })
        .toArray();
      for (const v of versions) v.version_number = Number(v.version_number);
      expect(versions.map((v) => v.version_number)).toEqual(versions.map((_, i) => i + 1));
      expect(versions.filter((v) => v.is_current).map((v) => v.version_number)).toEqual([versions.length]);
      // compared as canonical Extended JSON: an int32 read back and a JS integer are the same BSON value
      const typed = (v: unknown) => EJSON.serialize(v, { relaxed: false });
      expect(typed(versions[0]!.diff)).toEqual(typed(computeVersionDiff({}, versions[0]!.workflow_data)));
      for (let i = 1; i < versions.length; i++) {
        expect(typed(versions[i]!.diff)).toEqual(
          typed(computeVersionDiff(versions[i - 1]!.workflow_data, versions[i]!.workflow_data)),
        );
        const m = /^Rolled back to version (\d+)\. Reason: /.exec(String(versions[i]!.change_description));
        if (m) {
          rollbacks++;
          const { updated_at, rollback_info, ...restored } = versions[i]!.workflow_data;
          const { updated_at: _u, rollback_info: _r, ...target } = versions[Number(m[1]) - 1]!.workflow_data;
          expect(restored).toEqual(target);
          expect(Number((rollback_info as { from_version: unknown }).from_version)).toBe(Number(m[1]));
          expect((rollback_info as { rolled_back_at: Date }).rolled_back_at).toEqual(updated_at);
        }
      }
      if (wf.is_active !== undefined) continue; // the document of another tool
      // custom_workflows holds the highest version's fields, with the executor's own run counters
      const { _id, execution_count, last_execution: _lastExecution, id: liveId, ...live } = wf;
      const top = await db.ds.versions.findOne({ workflow_id: id, version_number: versions.length });
      const { id: dataId, execution_count: _c, last_execution: _l, ...data } = top!.workflow_data;
      expect(live).toEqual(data);
      expect(dataId).toBe(id);
      if (liveId !== undefined) expect(liveId).toBe(id);
      expect(typeof execution_count).toBe('number');
    }
    expect(rollbacks, 'the backend made some rollbacks').toBeGreaterThan(0);
  });

  it('writes audit events of every type, an unknown one, and documents of other tools', async () => {
    const types = new Set(await db.ds.audit.distinct('event_type'));
    for (const t of AUDIT_EVENT_TYPES) expect(types, t).toContain(t);
    expect(types).toContain('workflow_archived');
    expect(await db.ds.workflows.countDocuments({ is_active: { $exists: true } })).toBe(1);
    expect(await db.ds.audit.countDocuments({ timestamp: { $type: 'string' } })).toBeGreaterThan(0);
    // the backend's own details of version events
    const created = await db.ds.audit.findOne({ event_type: 'version_created' });
    expect(Object.keys(created!.details!)).toEqual(['version_number']);
  });

  it('logs runs as the backend does, nested, with successes that had failed actions, and a few flat ones', async () => {
    const nested = await db.ds.executions.findOne({ execution: { $exists: true } });
    expect(Object.keys(nested!)).toEqual(['_id', 'workflow_id', 'workflow_name', 'execution', 'created_at']);
    expect(Object.keys(nested!.execution!)).toEqual([
      'workflow_id',
      'started_at',
      'completed_at',
      'status',
      'actions_completed',
      'actions_failed',
      'error',
      'context',
    ]);
    expect(
      await db.ds.executions.countDocuments({
        'execution.status': 'success',
        'execution.actions_failed.0': { $exists: true },
      }),
    ).toBeGreaterThan(0);
    expect(await db.ds.executions.countDocuments({ 'execution.status': 'failed' })).toBeGreaterThan(0);
    expect(
      await db.ds.executions.countDocuments({ execution: { $exists: false }, status: { $exists: true } }),
    ).toBeGreaterThan(0);
    for (const strategy of ['none', 'immediate', 'linear', 'exponential']) {
      expect(await db.ds.attempts.countDocuments({ strategy }), strategy).toBeGreaterThan(0);
    }
    expect(await db.ds.attempts.countDocuments({ attempt: { $gt: 1 } })).toBeGreaterThan(0);
  });
});
