/**
 * Audit outputs name the workflows they show: audit list (terminal, piped,
 * CSV, --json, --all), audit summary, audit user and audit stats.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';
import { useTestDatabase } from '../../support/db.js';

const db = useTestDatabase('audit_names');
const LIVE = '6b0e7c92ed9c955c3bbc0372';
const GONE = '6b0e7c92ed9c955c3bbc0399';
const NOW = '2025-06-10T12:00:00Z';
const plain = (text: string) => text.replace(/\u001b\[[0-9;?]*[a-zA-Z]/g, '');

beforeAll(async () => {
  const { ObjectId } = await import('mongodb');
  await db.ds.workflows.insertMany([
    { _id: new ObjectId(LIVE), name: 'Invoice sync', actions: [] },
    { id: 'wf-legacy', name: 'Legacy import', actions: [] },
  ] as never[]);
  const at = (m: number) => new Date(Date.parse('2025-06-10T10:00:00Z') + m * 60_000);
  await db.ds.audit.insertMany([
    {
      event_type: 'workflow_updated',
      workflow_id: LIVE,
      user_id: 'ann',
      details: { name: 'Invoice sync' },
      metadata: {},
      timestamp: at(1),
      ip_address: '10.0.0.1',
      user_agent: null,
    },
    {
      event_type: 'workflow_executed',
      workflow_id: 'wf-legacy',
      user_id: 'ann',
      details: {},
      metadata: {},
      timestamp: at(2),
      ip_address: null,
      user_agent: null,
    },
    {
      event_type: 'workflow_deleted',
      workflow_id: GONE,
      user_id: 'ann',
      details: { name: 'Retired' },
      metadata: {},
      timestamp: at(3),
      ip_address: null,
      user_agent: null,
    },
    {
      event_type: 'permission_changed',
      workflow_id: null,
      user_id: 'ann',
      details: {},
      metadata: {},
      timestamp: at(4),
      ip_address: null,
      user_agent: null,
    },
  ] as never[]);
});

const env = () => ({ ...db.env, WFCTL_NOW: NOW });

describe('audit list', () => {
  it('--json: workflowName beside workflowId (null for a deleted workflow and for none)', async () => {
    for (const extra of [[], ['--all']]) {
      const r = await runCli(['audit', 'list', '--json', ...extra], { env: env() });
      expect(r.code, r.stderr).toBe(0);
      const byType = new Map(
        JSON.parse(r.stdout).events.map((e: { eventType: string; workflowName: string | null }) => [
          e.eventType,
          e.workflowName,
        ]),
      );
      expect(Object.fromEntries(byType)).toEqual({
        workflow_updated: 'Invoice sync',
        workflow_executed: 'Legacy import',
        workflow_deleted: null,
        permission_changed: null,
      });
    }
  });

  it('a terminal shows the name (the id when none is live); piped and CSV keep the id in place and add the name last', async () => {
    const tty = plain((await runCli(['audit', 'list'], { env: env(), tty: true, columns: 200 })).stdout);
    expect(tty).toMatch(/workflow_updated\s+Invoice sync\s+6b0e7c92ed9c955c3bbc0372\s+ann/);
    expect(tty).toMatch(/workflow_deleted\s+6b0e7c92ed9c955c3bbc0399\s+6b0e7c92ed9c955c3bbc0399/);
    const narrow = plain((await runCli(['audit', 'list'], { env: env(), tty: true, columns: 80 })).stdout);
    expect(narrow).toMatch(/workflow_updated\s+Invoice sync\s+ann/);
    for (const line of narrow.trimEnd().split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    // the backend's user ids (24 hex) and its longest event type: still one line a record at 80 columns
    const { insertedId } = await db.ds.audit.insertOne({
      event_type: 'workflow_execution_failed',
      workflow_id: LIVE,
      user_id: '64f1a2b3c4d5e6f708192a07',
      details: { error: 'x'.repeat(90) },
      metadata: {},
      timestamp: new Date('2025-06-10T10:05:00Z'),
      ip_address: null,
      user_agent: null,
    } as never);
    const wide = plain((await runCli(['audit', 'list'], { env: env(), tty: true, columns: 80 })).stdout);
    for (const line of wide.trimEnd().split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    await db.ds.audit.deleteOne({ _id: insertedId });
    expect(wide).toMatch(/workflow_execution_failed\s+Invoice sync\s+64f1a2b3c/);
    const piped = (await runCli(['audit', 'list'], { env: env() })).stdout.split('\n');
    expect(piped.find((l) => l.includes('workflow_updated'))!.split('\t')).toEqual([
      '2025-06-10T10:01:00.000Z',
      'workflow_updated',
      LIVE,
      'ann',
      '10.0.0.1',
      'name=Invoice sync',
      'Invoice sync',
      '',
    ]);
    const csv = (await runCli(['audit', 'list', '--format', 'csv'], { env: env() })).stdout.split('\r\n');
    expect(csv[0]).toBe('time,event,workflow,user,ip,summary,workflow name,authenticated user');
  });
});

describe('audit summary, user, stats', () => {
  it('summary: the workflow by id and name; --json workflowName', async () => {
    const r = await runCli(['audit', 'summary', 'invoice SYNC', '--days', '7'], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^workflow:\s+6b0e7c92ed9c955c3bbc0372 \(Invoice sync\)$/m);
    const j = JSON.parse((await runCli(['audit', 'summary', LIVE, '--days', '7', '--json'], { env: env() })).stdout);
    expect(j).toMatchObject({ workflowId: LIVE, workflowName: 'Invoice sync' });
  });

  it('user: the timeline and the workflows touched are named', async () => {
    const j = JSON.parse((await runCli(['audit', 'user', 'ann', '--days', '7', '--json'], { env: env() })).stdout);
    expect(j.timeline.find((e: { eventType: string }) => e.eventType === 'workflow_updated').workflowName).toBe(
      'Invoice sync',
    );
    expect(j.workflows).toEqual(
      expect.arrayContaining([
        { key: LIVE, count: 1, name: 'Invoice sync' },
        { key: GONE, count: 1, name: null },
      ]),
    );
    const tty = plain(
      (await runCli(['audit', 'user', 'ann', '--days', '7'], { env: env(), tty: true, columns: 200 })).stdout,
    );
    expect(tty).toMatch(/workflow_updated\s+Invoice sync/);
    expect(tty).toMatch(/6b0e7c92ed9c955c3bbc0372\s+1\s+Invoice sync/);
  });

  it('stats: the top workflows are named', async () => {
    const j = JSON.parse((await runCli(['audit', 'stats', '--days', '7', '--json'], { env: env() })).stdout);
    expect(j.topWorkflows).toEqual(expect.arrayContaining([{ key: 'wf-legacy', count: 1, name: 'Legacy import' }]));
  });
});
