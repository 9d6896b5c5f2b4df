import { beforeAll, describe, expect, it } from 'vitest';
import { computeVersionDiff } from '../src/data/version-diff.js';
import { AUDIT_EVENT_TYPES } from '../src/data/types.js';
import { generateDataset, type GenerateSummary } from './support/generator.js';
import { useTestDatabase } from './support/db.js';

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

  it('is deterministic for a seed, ObjectIds included', async () => {
    const a = await db.ds.versions.find().sort({ workflow_id: 1, version_number: 1 }).toArray();
    const b = await other.ds.versions.find().sort({ workflow_id: 1, version_number: 1 }).toArray();
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('keeps version chains coherent: gap-free, one current = highest, diffs match data, rollbacks restore data', async () => {
    for (const wf of await db.ds.workflows.find().toArray()) {
      const versions = await db.ds.versions.find({ workflow_id: wf.id }).sort({ version_number: 1 }).toArray();
      expect(versions.map((v) => v.version_number)).toEqual(versions.map((_, i) => i + 1));
      expect(versions.filter((v) => v.is_current).map((v) => v.version_number)).toEqual([versions.length]);
      for (let i = 1; i < versions.length; i++) {
        expect(versions[i]!.diff).toEqual(computeVersionDiff(versions[i - 1]!.workflow_data, versions[i]!.workflow_data));
        const target = versions[i]!.rollback_of;
        if (target) expect(versions[i]!.workflow_data).toEqual(versions[target - 1]!.workflow_data);
      }
      if (wf.current_version === undefined) continue; // the legacy document
      expect(wf.current_version).toBe(versions.length);
      // custom_workflows holds the highest version's fields, with its own updated_at
      const { _id, current_version, updated_at, ...live } = wf;
      const { updated_at: _u, ...data } = versions.at(-1)!.workflow_data;
      expect(live).toEqual(data);
    }
  });

  it('writes audit events of every type, an unknown one, and legacy documents', async () => {
    const types = new Set(await db.ds.audit.distinct('event_type'));
    for (const t of AUDIT_EVENT_TYPES) expect(types, t).toContain(t);
    expect(types).toContain('workflow_archived');
    expect(await db.ds.workflows.countDocuments({ is_active: { $exists: true } })).toBe(1);
  });

  it('mixes outcomes and retries under each strategy', async () => {
    for (const status of ['success', 'failed']) expect(await db.ds.executions.countDocuments({ status })).toBeGreaterThan(0);
    for (const strategy of ['none', 'immediate', 'linear', 'exponential']) {
      expect(await db.ds.attempts.countDocuments({ strategy }), strategy).toBeGreaterThan(0);
    }
    expect(await db.ds.attempts.countDocuments({ attempt: { $gt: 1 } })).toBeGreaterThan(0);
  });
});
