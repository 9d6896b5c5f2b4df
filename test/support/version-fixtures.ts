/**
 * Fixtures and invariant checks for the version tests: workflows with
 * version chains written the way the backend writes them, and one function
 * that asserts every version invariant of SPEC.md for a workflow.
 */
import { expect } from 'vitest';
import type { DataSource } from '../../src/data/core/index.js';
import { canonicalJson, withoutVolatileFields } from '../../src/data/versions/index.js';
import { computeVersionDiff } from '../../src/data/versions/index.js';
import { boundDiffSize, KEPT_LIVE_FIELDS } from '../../src/data/versions/index.js';

export function workflowData(id: string, name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    name,
    description: `${name} workflow`,
    enabled: true,
    trigger: { type: 'schedule', cron: '0 * * * *' },
    actions: [
      {
        name: 'fetch',
        type: 'http_request',
        config: { url: 'https://api.example.com/items', timeout: 30 },
        retry: { strategy: 'exponential', max_retries: 3, delay_seconds: 2 },
      },
      { name: 'transform', type: 'transform', config: { script: 'items.map(x => x)' } },
      { name: 'notify', type: 'send_email', config: { to: 'ops@example.com' } },
    ],
    created_by: 'alice',
    ...extra,
  };
}

/**
 * Writes a workflow and its versions as the backend does: versions 1..n
 * (each with its diff), the last current, custom_workflows at the last.
 */
export async function seedWorkflow(
  ds: DataSource,
  id: string,
  states: Array<Record<string, unknown>>,
  options: { start?: Date; by?: string[] } = {},
): Promise<void> {
  const start = options.start ?? new Date(Date.now() - states.length * 3_600_000);
  const docs = states.map((data, i) => ({
    workflow_id: id,
    version_number: i + 1,
    workflow_data: data,
    change_description: i === 0 ? 'created' : `change ${i + 1}`,
    changed_by: options.by?.[i % options.by.length] ?? 'alice',
    changed_at: new Date(start.getTime() + i * 3_600_000),
    diff: boundDiffSize(
      computeVersionDiff(i === 0 ? null : states[i - 1]!, data),
      JSON.stringify(data).length,
    ) as Record<string, unknown>,
    is_current: i === states.length - 1,
  }));
  for (let i = 0; i < docs.length; i += 500) await ds.versions.insertMany(docs.slice(i, i + 500));
  const last = states[states.length - 1]!;
  await ds.workflows.insertOne({ ...last, id, updated_at: new Date(), current_version: states.length } as never);
}

/** A version's data without what a rollback stamps on it (updated_at, rollback_info), to compare with its target's. */
export function withoutRollbackStamp(data: Record<string, unknown>): Record<string, unknown> {
  const { updated_at, rollback_info, ...rest } = data;
  void updated_at;
  void rollback_info;
  return rest;
}

/** A chain of n states of one workflow, each changing one thing. */
export function chain(id: string, n: number): Array<Record<string, unknown>> {
  return Array.from({ length: n }, (_, i) => workflowData(id, `Workflow ${id}`, { revision: i + 1 }));
}

export interface InvariantReport {
  numbers: number[];
  current: number[];
  highest: number;
}

/** SPEC invariants 1-3 for one workflow, asserted; returns what it saw. */
export async function expectVersionInvariants(ds: DataSource, workflowId: string): Promise<InvariantReport> {
  const versions = await ds.versions
    .find({ workflow_id: workflowId })
    .project<{ version_number: number; is_current?: boolean; workflow_data: Record<string, unknown> }>({
      _id: 0,
      version_number: 1,
      is_current: 1,
      workflow_data: 1,
    })
    .toArray();
  const numbers = versions.map((v) => v.version_number).sort((a, b) => a - b);
  const highest = numbers[numbers.length - 1]!;
  expect(numbers, 'version numbers 1..N, no gap, no duplicate').toEqual(
    Array.from({ length: numbers.length }, (_, i) => i + 1),
  );
  const current = versions.filter((v) => v.is_current === true).map((v) => v.version_number);
  expect(current, 'exactly one current version, the highest').toEqual([highest]);
  const top = versions.find((v) => v.version_number === highest)!;
  const wf = await ds.workflows.findOne({ id: workflowId });
  expect(wf?.current_version).toBe(highest);
  const { _id, updated_at, current_version, ...state } = wf as Record<string, unknown>;
  void _id;
  void updated_at;
  void current_version;
  // created_by and created_at of the live document stay when the version's data lacks them
  for (const k of KEPT_LIVE_FIELDS) if (!(k in top.workflow_data)) delete state[k];
  expect(canonicalJson(state), "custom_workflows holds the highest version's data").toBe(
    canonicalJson({ ...withoutVolatileFields(top.workflow_data), id: workflowId }),
  );
  return { numbers, current, highest };
}

/** Every version's workflow_data, canonical, by version number: to prove history was not rewritten. */
export async function snapshotHistory(ds: DataSource): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const v of ds.versions.find({}))
    out.set(`${String(v.workflow_id)}#${String(v.version_number)}#${String(v._id)}`, canonicalJson(v.workflow_data));
  return out;
}

export function expectHistoryKept(before: Map<string, string>, after: Map<string, string>): void {
  for (const [key, data] of before) {
    expect(after.has(key), `version ${key} still exists`).toBe(true);
    expect(after.get(key) === data, `version ${key} workflow_data unchanged`).toBe(true);
  }
}
