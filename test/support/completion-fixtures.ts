/**
 * The workflows the completion tests complete: two workflows by ObjectId,
 * one of them with three versions, written in the backend's shapes.
 */
import { ObjectId } from 'mongodb';
import type { DataSource } from '../../src/data/core/index.js';

export const INVOICES = '6a1b2c3d4e5f60718293a4b5';
export const NIGHTLY = '7f00e1d2c3b4a59687786950';
export const UNREACHABLE = 'mongodb://127.0.0.1:1';
/** Names a shell must quote: a blank, quotes and $; a name in Unicode; two workflows with one name; a name with a tab. */
export const QUOTED = '7f00e1d2c3b4a59687786951';
export const QUOTED_NAME = `Tom's $5 "job"`;
export const CAFE = '7f00e1d2c3b4a59687786952';
export const CAFE_NAME = 'Café été';
export const SHARED = ['7f00e1d2c3b4a59687786953', '7f00e1d2c3b4a59687786954'];
export const TABBED = '7f00e1d2c3b4a59687786955';

export async function seedCompletionWorkflows(ds: DataSource): Promise<void> {
  const definition = (name: string) => ({
    name,
    trigger: { trigger_type: 'manual', config: {} },
    actions: [],
    enabled: true,
  });
  await ds.workflows.insertMany([
    { _id: new ObjectId(INVOICES), ...definition('invoice-sync') },
    { _id: new ObjectId(NIGHTLY), ...definition('Nightly report') },
    { _id: new ObjectId(QUOTED), ...definition(QUOTED_NAME) },
    { _id: new ObjectId(CAFE), ...definition(CAFE_NAME) },
    ...SHARED.map((id) => ({ _id: new ObjectId(id), ...definition('Shared name') })),
    { _id: new ObjectId(TABBED), ...definition('Tab\tname') },
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
