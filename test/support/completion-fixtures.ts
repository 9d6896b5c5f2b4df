/**
 * The workflows the completion tests complete: two workflows by ObjectId,
 * one of them with three versions, written in the backend's shapes.
 */
import { ObjectId } from 'mongodb';
import type { DataSource } from '../../src/data/core/index.js';

export const INVOICES = '6a1b2c3d4e5f60718293a4b5';
export const NIGHTLY = '7f00e1d2c3b4a59687786950';
export const UNREACHABLE = 'mongodb://127.0.0.1:1';

export async function seedCompletionWorkflows(ds: DataSource): Promise<void> {
  const definition = (name: string) => ({ name, trigger: { trigger_type: 'manual', config: {} }, actions: [], enabled: true });
  await ds.workflows.insertMany([
    { _id: new ObjectId(INVOICES), ...definition('invoice-sync') },
    { _id: new ObjectId(NIGHTLY), ...definition('Nightly report') },
  ] as never[]);
  await ds.versions.insertMany(
    [1, 2, 3].map((n) => ({
      workflow_id: INVOICES,
      version_number: n,
      workflow_data: definition('invoice-sync'),
      changed_at: new Date(Date.UTC(2025, 0, n)),
      changed_by: 'test-user',
      is_current: n === 3,
      diff: {},
    })) as never[],
  );
}
