import { describe, expect, it, beforeAll, inject } from 'vitest';
import { resolveWorkflow } from '../../../src/data/core/index.js';
import { runCli } from '../../support/cli.js';
import { useTestDatabase } from '../../support/db.js';

const db = useTestDatabase('workflows');

beforeAll(async () => {
  const now = new Date('2025-06-01T10:00:00Z');
  await db.ds.workflows.insertMany([
    {
      id: 'wf-invoices',
      name: 'Invoice sync',
      enabled: true,
      trigger: { type: 'schedule' },
      actions: [{ name: 'fetch', type: 'http', retry: { strategy: 'exponential', max_retries: 3, delay_seconds: 2 } }],
      created_by: 'ann',
      created_at: now,
      updated_at: now,
      current_version: 3,
      execution_count: 7,
      last_execution: new Date('2025-06-01T09:00:01Z'),
    },
    {
      id: 'wf-dup-1',
      name: 'Duplicate',
      enabled: false,
      trigger: { type: 'webhook' },
      actions: [],
      created_by: 'bob',
      created_at: now,
      updated_at: now,
    },
    {
      id: 'wf-dup-2',
      name: 'Duplicate',
      enabled: true,
      trigger: { type: 'webhook' },
      actions: [],
      created_by: 'bob',
      created_at: now,
      updated_at: now,
    },
    // an older backend: is_active instead of enabled, ISO strings for dates, no trigger
    {
      id: 'wf-legacy',
      name: 'Legacy import',
      is_active: true,
      actions: [],
      created_at: '2024-03-01T08:00:00',
      updated_at: '2024-03-02T08:00:00Z',
    },
    // hostile ids and names are plain text
    { id: '{"$ne":null}', name: 'a.*(b', enabled: true, actions: [] },
  ]);
  await db.ds.executions.insertMany([
    {
      execution_id: 'e1',
      workflow_id: 'wf-invoices',
      status: 'success',
      started_at: new Date('2025-06-01T09:00:00Z'),
      duration_ms: 1200,
    },
    {
      execution_id: 'e2',
      workflow_id: 'wf-invoices',
      status: 'failed',
      started_at: new Date('2025-06-01T09:30:00Z'),
      duration_ms: 300,
      error: 'timeout',
    },
  ]);
});

describe('workflow lookup', () => {
  it('finds by id, then by unique name', async () => {
    expect((await resolveWorkflow(db.ds, 'wf-invoices')).name).toBe('Invoice sync');
    expect((await resolveWorkflow(db.ds, 'Invoice sync')).id).toBe('wf-invoices');
  });

  it('treats query operators and regex characters as plain text', async () => {
    expect((await resolveWorkflow(db.ds, '{"$ne":null}')).name).toBe('a.*(b');
    expect((await resolveWorkflow(db.ds, 'a.*(b')).id).toBe('{"$ne":null}');
    await expect(resolveWorkflow(db.ds, '.*')).rejects.toThrow(/not found/);
  });

  it('reads legacy documents: is_active, string dates, no trigger', async () => {
    const w = await resolveWorkflow(db.ds, 'wf-legacy');
    expect(w.enabled).toBe(true);
    expect(w.createdAt?.toISOString()).toBe('2024-03-01T08:00:00.000Z');
    expect(w.triggerType).toBeNull();
  });
});

describe('wfctl workflows list', () => {
  it("by default shows the backend's counters (execution_count, last_execution) and reads no run", async () => {
    // the newest logged run (e2, failed at 09:30) is newer than last_execution: the default listing must not have read it
    const r = await runCli(['workflows', 'list'], { env: db.env });
    expect(r.code).toBe(0);
    const line = r.stdout.split('\n').find((l) => l.startsWith('wf-invoices\t'));
    expect(line?.split('\t')).toEqual([
      'wf-invoices',
      'Invoice sync',
      'yes',
      '3',
      '7',
      '2025-06-01T09:00:01.000Z',
      '2025-06-01T10:00:00.000Z',
    ]);
    expect(r.stdout).toContain('wf-legacy\tLegacy import\tyes');
    const j = JSON.parse(
      (await runCli(['workflows', 'list', '--json', '--no-last-run', '--search', 'wf-invoices'], { env: db.env }))
        .stdout,
    ).workflows[0];
    expect(j).toMatchObject({ executionCount: 7, lastExecutionAt: '2025-06-01T09:00:01.000Z' });
    expect(j).not.toHaveProperty('lastExecution');
  });

  it('--last-run: the newest logged run of each workflow, its time and status', async () => {
    const r = await runCli(['workflows', 'list', '--last-run'], { env: db.env });
    expect(r.code).toBe(0);
    const line = r.stdout.split('\n').find((l) => l.startsWith('wf-invoices\t'));
    expect(line?.split('\t')).toEqual([
      'wf-invoices',
      'Invoice sync',
      'yes',
      '3',
      '2025-06-01T09:30:00.000Z',
      'failed',
      '2025-06-01T10:00:00.000Z',
    ]);
  });

  it('prints an aligned table with headers on a terminal', async () => {
    const r = await runCli(['workflows', 'list'], { env: db.env, tty: true });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ID\s+NAME\s+ENABLED\s+VERSION\s+RUNS\s+LAST RUN\s+UPDATED/);
    expect(r.stdout).not.toContain('\t');
    const last = await runCli(['workflows', 'list', '--last-run'], { env: db.env, tty: true });
    expect(last.stdout).toMatch(/^ID\s+NAME\s+ENABLED\s+VERSION\s+LAST RUN\s+STATUS\s+UPDATED/);
  });

  it('filters by enabled state, including legacy is_active', async () => {
    const r = await runCli(['workflows', 'list', '--disabled', '--json'], { env: db.env });
    const ids = JSON.parse(r.stdout).workflows.map((w: { id: string }) => w.id);
    expect(ids).toEqual(['wf-dup-1']);
    const en = JSON.parse((await runCli(['workflows', 'list', '--enabled', '--json'], { env: db.env })).stdout);
    expect(en.workflows.map((w: { id: string }) => w.id)).toContain('wf-legacy');
  });

  it('--search is an escaped, case-insensitive substring', async () => {
    const r = await runCli(['workflows', 'list', '--search', 'INVOICE', '--json'], { env: db.env });
    expect(JSON.parse(r.stdout).workflows.map((w: { id: string }) => w.id)).toEqual(['wf-invoices']);
    const hostile = await runCli(['workflows', 'list', '--search', '.*(', '--json'], { env: db.env });
    expect(JSON.parse(hostile.stdout).workflows.map((w: { id: string }) => w.id)).toEqual(['{"$ne":null}']);
  });

  it('--format csv has a header and RFC 4180 rows', async () => {
    const r = await runCli(['workflows', 'list', '--format', 'csv', '--search', 'invoice'], { env: db.env });
    expect(r.stdout.split('\r\n')[0]).toBe('id,name,enabled,version,runs,last run,updated');
    expect(r.stdout).toContain('wf-invoices,Invoice sync,yes,3,7,2025-06-01T09:00:01.000Z,');
    const last = await runCli(['workflows', 'list', '--format', 'csv', '--search', 'invoice', '--last-run'], {
      env: db.env,
    });
    expect(last.stdout.split('\r\n')[0]).toBe('id,name,enabled,version,last run,status,updated');
    expect(last.stdout).toContain('wf-invoices,Invoice sync,yes,3,2025-06-01T09:30:00.000Z,failed,');
  });

  it('documents its JSON shape: workflows[] with lastExecution (read by default with --json)', async () => {
    const r = await runCli(['workflows', 'list', '--json', '--search', 'wf-invoices'], { env: db.env });
    const w = JSON.parse(r.stdout).workflows[0];
    expect(w).toMatchObject({
      id: 'wf-invoices',
      name: 'Invoice sync',
      enabled: true,
      currentVersion: 3,
      executionCount: 7,
      lastExecution: { executionId: 'e2', status: 'failed' },
    });
  });
});

describe('wfctl workflows show', () => {
  it('shows definition and actions', async () => {
    const r = await runCli(['workflows', 'show', 'Invoice sync'], { env: db.env });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('wf-invoices');
    expect(r.stdout).toMatch(/fetch\s+http\s+yes\s+exponential\s+3/);
    const j = JSON.parse((await runCli(['workflows', 'show', 'wf-invoices', '--json'], { env: db.env })).stdout);
    expect(j.definition.actions[0].name).toBe('fetch');
    expect(j.definition._id).toBeUndefined();
  });

  it('unknown workflow: exit 4 with the closest names', async () => {
    const r = await runCli(['workflows', 'show', 'wf-invoice'], { env: db.env });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('workflow "wf-invoice" not found');
    expect(r.stderr).toContain('closest: wf-invoices');
  });

  it('ambiguous name: exit 2 listing the candidates', async () => {
    const r = await runCli(['workflows', 'show', 'Duplicate'], { env: db.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('matches 2 workflows: wf-dup-1 (Duplicate), wf-dup-2 (Duplicate)');
  });

  it('a password the server rejects appears nowhere', async () => {
    const uri = inject('mongoUri').replace('mongodb://', 'mongodb://mallory:T0pS3cr3t@');
    const r = await runCli(['workflows', 'list'], {
      env: { ...db.env, WFCTL_MONGODB_URI: `${uri}?authMechanism=SCRAM-SHA-256` },
    });
    if (inject('ownServer')) {
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/authentication failed/);
    }
    expect(r.stdout + r.stderr).not.toContain('T0pS3cr3t');
  });
});
