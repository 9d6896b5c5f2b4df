/**
 * A small hand-built data set whose every figure is known, for the stats,
 * analytics and check tests. "Now" is NOW (wfctl reads it from WFCTL_NOW).
 */
import type { DataSource } from '../../src/data/core/index.js';

export const NOW = '2025-06-15T12:00:00Z';
const at = (iso: string) => new Date(iso);

export async function seedStatsFixtures(ds: DataSource): Promise<void> {
  await ds.workflows.insertMany([
    {
      id: 'wf-pay',
      name: 'Payments',
      enabled: true,
      trigger: { type: 'schedule' },
      actions: [
        { name: 'fetch', type: 'http' },
        { name: 'charge', type: 'http', retry: { strategy: 'exponential', max_retries: 2, delay_seconds: 1 } },
        { name: 'notify', type: 'email', retry: { strategy: 'linear', max_retries: 3, delay_seconds: 5 } },
      ],
      created_by: 'ann',
    },
    { id: 'wf-quiet', name: 'Quiet', enabled: false, actions: [{ name: 'noop', type: 'log' }] },
    // older backend: is_active instead of enabled
    { id: 'wf-legacy', name: 'Legacy', is_active: true, actions: [] },
  ]);
  await ds.executions.insertMany([
    {
      execution_id: 'e1',
      workflow_id: 'wf-pay',
      status: 'success',
      started_at: at('2025-06-15T10:00:00Z'),
      duration_ms: 100,
      trigger_type: 'schedule',
    },
    {
      execution_id: 'e2',
      workflow_id: 'wf-pay',
      status: 'success',
      started_at: at('2025-06-14T10:00:00Z'),
      duration_ms: 200,
      trigger_type: 'webhook',
    },
    {
      execution_id: 'e3',
      workflow_id: 'wf-pay',
      status: 'failed',
      started_at: at('2025-06-14T11:00:00Z'),
      duration_ms: 300,
      trigger_type: 'schedule',
      error: 'Timeout after 7000ms',
    },
    // legacy: a string date and no duration
    {
      execution_id: 'e4',
      workflow_id: 'wf-pay',
      status: 'success',
      started_at: '2025-06-13T09:00:00',
      trigger_type: 'manual',
    },
    { execution_id: 'e5', workflow_id: 'wf-pay', status: 'running', started_at: at('2025-06-15T11:30:00Z') },
    {
      execution_id: 'e6',
      workflow_id: 'wf-pay',
      status: 'success',
      started_at: at('2025-04-01T10:00:00Z'),
      duration_ms: 9999,
    },
    {
      execution_id: 'e7',
      workflow_id: 'wf-pay',
      status: 'failed',
      started_at: at('2025-06-15T11:30:00Z'),
      duration_ms: 400,
      trigger_type: 'schedule',
      error: 'Card 4242 declined',
    },
    {
      execution_id: 'l1',
      workflow_id: 'wf-legacy',
      status: 'success',
      started_at: '2025-06-10T08:00:00Z',
      duration_ms: '50' as unknown as number,
    },
  ]);
  const attempt = (
    execution_id: string,
    action_name: string,
    n: number,
    success: boolean,
    ts: string | Date,
    extra: Record<string, unknown> = {},
  ) => ({
    workflow_id: 'wf-pay',
    execution_id,
    action_name,
    attempt: n,
    success,
    timestamp: typeof ts === 'string' && ts.endsWith('Z') ? at(ts) : ts,
    ...extra,
  });
  await ds.attempts.insertMany([
    attempt('e1', 'fetch', 1, true, '2025-06-15T10:00:01Z', { strategy: 'none' }),
    attempt('e1', 'charge', 1, false, '2025-06-15T10:00:02Z', {
      strategy: 'exponential',
      error: 'Card 4242 declined (req 550e8400-e29b-41d4-a716-446655440000)',
    }),
    attempt('e1', 'charge', 2, true, '2025-06-15T10:00:04Z', { strategy: 'exponential' }),
    attempt('e1', 'notify', 1, true, '2025-06-15T10:00:05Z', { strategy: 'linear' }),
    attempt('e2', 'fetch', 1, true, '2025-06-14T10:00:01Z', { strategy: 'none' }),
    attempt('e2', 'charge', 1, true, '2025-06-14T10:00:02Z', { strategy: 'exponential' }),
    attempt('e2', 'notify', 1, false, '2025-06-14T10:00:03Z', {
      strategy: 'linear',
      error: 'SMTP 451 at 2025-06-14T10:00:03Z',
    }),
    attempt('e2', 'notify', 2, false, '2025-06-14T10:00:09Z', {
      strategy: 'linear',
      error: 'SMTP 451 at 2025-06-14T10:00:09Z',
    }),
    attempt('e2', 'notify', 3, true, '2025-06-14T10:00:15Z', { strategy: 'linear' }),
    attempt('e3', 'fetch', 1, false, '2025-06-14T11:00:01Z', { strategy: 'none', error: 'Timeout after 5000ms' }),
    attempt('e3', 'fetch', 2, false, '2025-06-14T11:00:07Z', { strategy: 'none', error: 'Timeout after 7000ms' }),
    // legacy: string timestamp, no strategy
    attempt('e4', 'fetch', 1, true, '2025-06-13T09:00:01'),
    // outside every window; an action no longer in the definition
    attempt('e6', 'legacy-step', 1, false, '2025-04-01T10:00:01Z', { error: 'Old error' }),
  ]);
  const version = (n: number, changed_at: Date | string, changed_by: string, extra: Record<string, unknown> = {}) => ({
    workflow_id: 'wf-pay',
    version_number: n,
    workflow_data: { id: 'wf-pay', name: 'Payments' },
    change_description: `v${n}`,
    changed_by,
    changed_at,
    is_current: false,
    ...extra,
  });
  await ds.versions.insertMany([
    version(1, at('2025-06-01T09:00:00Z'), 'ann'),
    version(2, at('2025-06-10T09:00:00Z'), 'bob'),
    version(3, at('2025-06-14T09:00:00Z'), 'bob'),
    version(4, at('2025-06-15T08:00:00Z'), 'ann', { rollback_of: 1, reason: 'v3 broke charges' }),
    version(5, '2025-06-15T09:00:00', 'bob', { rollback_of: 2, reason: 'again', is_current: true }),
    {
      workflow_id: 'wf-legacy',
      version_number: 1,
      workflow_data: {},
      changed_by: 'cid',
      changed_at: at('2025-06-12T09:00:00Z'),
      is_current: true,
    },
  ]);
}
