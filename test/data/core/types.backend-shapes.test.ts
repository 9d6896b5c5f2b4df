/**
 * wfctl on documents shaped the way the backend (cafinc/ERP) writes them: an
 * ObjectId workflow with three versions of which the last is a backend
 * rollback, three runs nested under `execution`, two attempts; plus the
 * identity rules (full id, prefix, name, deleted workflows) and legacy
 * string timestamps. Every command runs end to end.
 */
import { ObjectId } from 'mongodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeVersionDiff } from '../../../src/data/versions/index.js';
import { runCli } from '../../support/cli.js';
import { useTestDatabase } from '../../support/db.js';

const db = useTestDatabase('backend_shapes');
const ID = '6b0e7c92ed9c955c3bbc0372';
const TWIN = '6b0e7c00aa11bb22cc33dd44'; // shares the prefix 6b0e7c
const GONE = '6b0e7c92ed9c955c3bbc0999'; // deleted: only versions and audit records remain
const USER = '64f1a2b3c4d5e6f708192a01';
const now = Date.now();
const ago = (ms: number) => new Date(now - ms);
const H = 3_600_000;

const v1Data = {
  name: 'Invoice sync',
  description: 'Creates invoices when a dispatch completes',
  trigger: { trigger_type: 'event', config: { event: 'dispatch_completed' } },
  actions: [
    {
      action_type: 'create_invoice',
      name: 'Generate Invoice',
      config: { customer_id: '{{customer_id}}', total: 130.14 },
      order: 1,
      enabled: true,
    },
    {
      action_type: 'send_email',
      name: 'Email customer',
      config: { to_email: 'billing@example.com', subject: 'Invoice' },
      order: 2,
      enabled: true,
    },
  ],
  enabled: true,
  tags: ['invoice', 'finance'],
  created_by: USER,
  created_at: ago(30 * 24 * H),
  updated_at: ago(30 * 24 * H),
  execution_count: 0,
  last_execution: null,
};
const v2Data = {
  ...v1Data,
  actions: [v1Data.actions[1]!, { ...v1Data.actions[0]!, order: 2 }].map((a, i) => ({ ...a, order: i + 1 })),
  tags: ['invoice'],
  updated_at: ago(3 * H),
};
const rolledAt = ago(2 * H);
const v3Data = {
  ...v1Data,
  updated_at: rolledAt,
  rollback_info: { rolled_back_at: rolledAt, rolled_back_by: USER, from_version: 1, reason: 'v2 broke invoices' },
};

function version(
  n: number,
  data: Record<string, unknown>,
  prev: Record<string, unknown>,
  at: Date,
  description: string,
) {
  return {
    workflow_id: ID,
    version_number: n,
    workflow_data: data,
    change_description: description,
    changed_by: USER,
    changed_at: at,
    diff: computeVersionDiff(prev, data),
    is_current: false,
  };
}

function run(status: string, startedAt: Date, seconds: number, failed: string[] = [], error: string | null = null) {
  const completed = new Date(startedAt.getTime() + seconds * 1000);
  return {
    workflow_id: ID,
    workflow_name: 'Invoice sync',
    execution: {
      workflow_id: ID,
      started_at: startedAt,
      completed_at: completed,
      status,
      actions_completed: ['Generate Invoice', 'Email customer'].filter((a) => !failed.includes(a)),
      actions_failed: failed,
      error,
      context: { trigger_type: 'event', event_type: 'dispatch_completed' },
    },
    created_at: new Date(completed.getTime() + 2),
  };
}

beforeAll(async () => {
  await db.ds.workflows.insertMany([
    { _id: new ObjectId(ID), ...v3Data, execution_count: 3, last_execution: ago(20 * 60_000) },
    {
      _id: new ObjectId(TWIN),
      name: 'Dispatch digest',
      description: 'd',
      trigger: { trigger_type: 'scheduled', config: { schedule: '0 6 * * *' } },
      actions: [],
      enabled: false,
      tags: [],
      created_by: USER,
      created_at: ago(9 * 24 * H),
      updated_at: ago(9 * 24 * H),
      execution_count: 0,
      last_execution: null,
    },
  ] as never[]);
  await db.ds.versions.insertMany([
    version(1, v1Data, {}, ago(30 * 24 * H), 'Initial version'),
    version(2, v2Data, v1Data, ago(3 * H), 'Email first'),
    {
      ...version(3, v3Data, v2Data, rolledAt, 'Rolled back to version 1. Reason: v2 broke invoices'),
      is_current: true,
    },
    {
      workflow_id: GONE,
      version_number: 1,
      workflow_data: { name: 'Retired export', trigger: { trigger_type: 'manual', config: {} }, actions: [] },
      change_description: 'Initial version',
      changed_by: USER,
      changed_at: ago(40 * 24 * H),
      diff: {},
      is_current: true,
    },
  ] as never[]);
  await db.ds.executions.insertMany([
    run('success', ago(60 * 60_000), 4),
    run('success', ago(40 * 60_000), 6, ['Email customer']),
    run('failed', ago(20 * 60_000), 2, [], 'ServerSelectionTimeoutError: localhost:27017'),
  ] as never[]);
  const exec = (await db.ds.executions.findOne({ 'execution.status': 'failed' } as never))!._id.toHexString();
  await db.ds.attempts.insertMany([
    {
      workflow_id: ID,
      execution_id: exec,
      action_name: 'Email customer',
      attempt: 1,
      success: false,
      error: 'SMTP 421 Try again later',
      timestamp: ago(20 * 60_000),
    },
    {
      workflow_id: ID,
      execution_id: exec,
      action_name: 'Email customer',
      attempt: 2,
      success: true,
      error: null,
      timestamp: ago(19 * 60_000),
    },
  ] as never[]);
  await db.ds.audit.insertMany([
    {
      event_type: 'version_created',
      workflow_id: ID,
      user_id: USER,
      details: { version_number: 3 },
      metadata: {},
      timestamp: rolledAt,
      ip_address: null,
      user_agent: null,
    },
    {
      event_type: 'workflow_rolled_back',
      workflow_id: ID,
      user_id: USER,
      details: { version_number: 1, reason: 'v2 broke invoices' },
      metadata: {},
      timestamp: rolledAt,
      ip_address: null,
      user_agent: null,
    },
    {
      event_type: 'workflow_deleted',
      workflow_id: GONE,
      user_id: USER,
      details: {},
      metadata: {},
      timestamp: ago(24 * H),
      ip_address: null,
      user_agent: null,
    },
  ] as never[]);
});

const json = async (args: string[]) => {
  const r = await runCli([...args, '--json'], { env: db.env });
  expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  return JSON.parse(r.stdout);
};

describe('a workflow is its ObjectId', () => {
  it('full id, unique prefix and name all find it', async () => {
    for (const ref of [ID, ID.toUpperCase(), '6b0e7c9', '6b0e7c92ed', 'Invoice sync']) {
      const j = await json(['workflows', 'show', ref]);
      expect(j.workflow.id, ref).toBe(ID);
    }
    const j = await json(['workflows', 'show', ID]);
    expect(j.workflow).toMatchObject({
      name: 'Invoice sync',
      triggerType: 'event',
      tags: ['invoice', 'finance'],
      executionCount: 3,
      deleted: false,
    });
    expect(
      j.workflow.actions.map((a: { name: string; type: string; order: number }) => [a.order, a.name, a.type]),
    ).toEqual([
      [1, 'Generate Invoice', 'create_invoice'],
      [2, 'Email customer', 'send_email'],
    ]);
    expect(j.lastExecution).toMatchObject({ status: 'failed', outcome: 'failed' });
  });

  it('an ambiguous prefix is exit 2 naming the candidates; a short one is exit 2; an unknown id is exit 4 with the closest', async () => {
    const amb = await runCli(['workflows', 'show', '6b0e7c'], { env: db.env });
    expect(amb.code).toBe(2);
    expect(amb.stderr).toContain('"6b0e7c" matches 2 workflows');
    expect(amb.stderr).toContain(`${ID} (Invoice sync)`);
    expect(amb.stderr).toContain(`${TWIN} (Dispatch digest)`);
    const short = await runCli(['versions', 'list', '6b0e7'], { env: db.env });
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('an id prefix needs at least 6 hex characters');
    const unknown = await runCli(['workflows', 'show', 'Invoice sinc'], { env: db.env });
    expect(unknown.code).toBe(4);
    expect(unknown.stderr).toContain(`closest: ${ID} (Invoice sync)`);
    for (const r of [amb, short, unknown]) expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
  });

  it('a deleted workflow resolves by its full id: history reads, writes refuse (exit 4)', async () => {
    const list = await json(['versions', 'list', GONE]);
    expect(list.versions.map((v: { version: number }) => v.version)).toEqual([1]);
    const shown = await json(['workflows', 'show', GONE]);
    expect(shown.workflow).toMatchObject({ id: GONE, name: 'Retired export', deleted: true });
    const r = await runCli(['rollback', GONE, '--to', '1', '--reason', 'x', '--yes'], { env: db.env });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('was deleted');
    expect(await db.ds.versions.countDocuments({ workflow_id: GONE })).toBe(1);
  });
});

describe("reads follow the backend's shapes", () => {
  it('versions list: the backend rollback restores v1', async () => {
    const j = await json(['versions', 'list', ID]);
    expect(
      j.versions.map((v: { version: number; rollbackOf: number | null; reason: string | null }) => [
        v.version,
        v.rollbackOf,
        v.reason,
      ]),
    ).toEqual([
      [3, 1, 'v2 broke invoices'],
      [2, null, null],
      [1, null, null],
    ]);
    const text = await runCli(['versions', 'list', ID], { env: db.env });
    expect(text.stdout).toMatch(/^3\t\*\t[^\n]*\tv1(\t|$)/m);
  });

  it('versions changes, analytics and checks count the backend rollback', async () => {
    const changes = await json(['versions', 'changes', ID, '--days', '2']);
    expect(changes.totals).toMatchObject({ versions: 2, rollbacks: 1 });
    expect(changes.rollbacks).toEqual([
      expect.objectContaining({ version: 3, rollbackOf: 1, reason: 'v2 broke invoices' }),
    ]);
    const o = await json(['analytics', 'overview', '--days', '2']);
    expect(o.rollbacks.total).toBe(1);
    expect(o.mostModified[0]).toEqual({ workflowId: ID, name: 'Invoice sync', versions: 2 });
    const rb = await runCli(['check', 'rollbacks', '--max', '0', '--window', '24h', '--json'], { env: db.env });
    expect(rb.code).toBe(3);
    expect(JSON.parse(rb.stdout).checks[0]).toMatchObject({ value: 1, outcome: 'breached' });
  });

  it('runs nested under execution: counts, durations, successes with failed actions', async () => {
    const p = await json(['analytics', 'performance', ID, '--days', '1']);
    expect(p.executions).toEqual({
      total: 3,
      succeeded: 2,
      succeededWithFailedActions: 1,
      failed: 1,
      other: 0,
      successRate: 66.67,
      failureRate: 33.33,
    });
    expect(p.durationMs).toMatchObject({ count: 3, sumMs: 12_000, maxMs: 6000 });
    expect(p.triggerTypes).toEqual([{ triggerType: 'event', executions: 3 }]);
    expect(p.latestFailures[0]).toMatchObject({
      error: 'ServerSelectionTimeoutError: localhost:27017',
      durationMs: 2000,
    });
    const o = await json(['analytics', 'overview', '--days', '2']);
    expect(o.executions).toMatchObject({ total: 3, succeeded: 2, succeededWithFailedActions: 1, failed: 1 });
    const text = await runCli(['analytics', 'performance', ID, '--days', '1'], { env: db.env });
    expect(text.stdout).toContain('with failed actions');
    const ok = await runCli(
      ['check', 'success-rate', '--min', '60', '--window', '24h', '--workflow', '6b0e7c9', '--json'],
      { env: db.env },
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).checks[0]).toMatchObject({ outcome: 'ok', executions: 3, succeeded: 2, failed: 1 });
    const stats = await json(['stats', 'errors', ID, '--days', '1']);
    expect(stats).toMatchObject({
      attempts: 2,
      failedAttempts: 1,
      attemptSuccessRate: 50,
      executions: { total: 3, failed: 1, successRate: 66.67 },
    });
    // --action: the runs in which that action ran, and those in which it failed (from actions_completed / actions_failed)
    const email = await json(['stats', 'errors', ID, '--action', 'Email customer', '--days', '1']);
    expect(email.executions).toEqual({ total: 3, failed: 1, successRate: null });
    const invoice = await json(['stats', 'errors', ID, '--action', 'Generate Invoice', '--days', '1']);
    expect(invoice.executions).toEqual({ total: 3, failed: 0, successRate: null });
  });
});

describe('writes are what the backend writes', () => {
  it('rollback: live document at the target with updated_at and rollback_info, version described as the backend does, run counters kept', async () => {
    const r = await runCli(
      ['rollback', '6b0e7c9', '--to', '2', '--reason', 'v1 lost the email order', '--yes', '--json'],
      { env: db.env },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      status: 'rolled_back',
      workflow: { id: ID },
      from: 3,
      to: 2,
      version: 4,
    });
    const v4 = await db.ds.versions.findOne({ workflow_id: ID, version_number: 4 });
    expect(v4).toMatchObject({
      change_description: 'Rolled back to version 2. Reason: v1 lost the email order',
      is_current: true,
      rollback_of: 2,
    });
    const { updated_at, rollback_info, ...restored } = v4!.workflow_data;
    const { updated_at: _u, ...target } = v2Data;
    void _u;
    expect(restored).toEqual(target);
    expect(rollback_info).toEqual({
      rolled_back_at: v4!.changed_at,
      rolled_back_by: 'test-user',
      from_version: 2,
      reason: 'v1 lost the email order',
    });
    expect(updated_at).toEqual(v4!.changed_at);
    const live = await db.ds.workflows.findOne({ _id: new ObjectId(ID) } as never);
    const { _id, current_version, execution_count, last_execution, ...state } = live!;
    void _id;
    expect(current_version).toBe(4);
    // the executor's counters are the live document's, not the version's
    expect(execution_count).toBe(3);
    expect(last_execution).toBeInstanceOf(Date);
    const { execution_count: _c, last_execution: _l, ...versionState } = v4!.workflow_data;
    void _c;
    void _l;
    expect(state).toEqual(versionState);
    const audit = await db.ds.audit.findOne({
      event_type: 'workflow_rolled_back',
      workflow_id: ID,
      user_id: 'test-user',
    });
    expect(audit!.details).toMatchObject({ version_number: 2, reason: 'v1 lost the email order', new_version: 4 });
    expect(await db.ds.versions.countDocuments({ workflow_id: ID })).toBe(4);
  });
});

describe('legacy string timestamps are parsed, not compared as text', () => {
  it('a space-separated and an offset timestamp inside the window count; their text alone would not', async () => {
    const spaced = new Date(now - 30 * 60_000)
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, '');
    // 2 hours ahead of UTC: the text reads later than the window's end, the time is inside it
    const local = new Date(now - 20 * 60_000 + 2 * H).toISOString().replace(/\.\d+Z$/, '+02:00');
    await db.ds.audit.insertMany([
      {
        event_type: 'workflow_updated',
        workflow_id: ID,
        user_id: 'legacy-a',
        details: {},
        metadata: {},
        timestamp: spaced,
      },
      {
        event_type: 'workflow_updated',
        workflow_id: ID,
        user_id: 'legacy-b',
        details: {},
        metadata: {},
        timestamp: local,
      },
    ] as never[]);
    const list = await json(['audit', 'list', '--workflow', ID, '--since', '1h', '--event-type', 'workflow_updated']);
    expect(list.events.map((e: { userId: string }) => e.userId)).toEqual(['legacy-b', 'legacy-a']);
    const summary = await json(['audit', 'summary', ID, '--days', '1']);
    expect(summary.byUser.map((u: { key: string }) => u.key)).toEqual(expect.arrayContaining(['legacy-a', 'legacy-b']));
  });
});

describe("what the backend's unindexed writes leave behind", () => {
  it('db doctor names duplicate version numbers and two current flags, with the documents and how to fix them; writes refuse until then', async () => {
    const RACE = '6b0e7c92ed9c955c3bbc0400';
    // a database of its own: without the unique index, and with duplicates that stop every write in it
    const raceDb = `${db.dbName}_race`;
    const raw = db.ds.client.db(raceDb);
    const other = { versions: raw.collection('workflow_versions'), workflows: raw.collection('custom_workflows') };
    await other.workflows.insertOne({ _id: new ObjectId(RACE), ...v1Data } as never);
    const v = (n: number, at: Date, by: string) => ({
      workflow_id: RACE,
      version_number: n,
      workflow_data: { ...v1Data, description: by },
      change_description: by,
      changed_by: by,
      changed_at: at,
      diff: {},
      is_current: true,
    });
    // two backend requests that read the same latest version: both saved 2, both left current
    await other.versions.insertMany([
      { ...v(1, ago(5 * H), 'a'), is_current: false },
      v(2, ago(4 * H), 'b'),
      v(2, ago(4 * H - 1000), 'c'),
    ] as never[]);
    const r = await runCli(['db', 'doctor', '--check', 'versions', '--json'], { env: { ...db.env, WFCTL_DB: raceDb } });
    expect(r.code).toBe(1);
    const findings = JSON.parse(r.stdout).findings.filter(
      (f: { data?: { workflowId?: string } }) => f.data?.workflowId === RACE,
    );
    const dup = findings.find((f: { data: { kind: string } }) => f.data.kind === 'duplicate-numbers');
    expect(dup.message).toContain(`workflow "${RACE}": version number 2 used more than once`);
    expect(dup.message).toMatch(/v2: [0-9a-f]{24} at .* by b; v2: [0-9a-f]{24} at .* by c/);
    expect(dup.fix).toContain('db indexes --apply');
    expect(dup.data.documents).toHaveLength(2);
    expect(findings.map((f: { data: { kind: string } }) => f.data.kind)).toContain('current-flags');
    const write = await runCli(['rollback', RACE, '--to', '1', '--reason', 'x', '--yes'], {
      env: { ...db.env, WFCTL_DB: raceDb },
    });
    expect(write.code).toBe(1);
    expect(write.stderr).toContain('duplicate version numbers prevent it');
    expect(await other.versions.countDocuments({ workflow_id: RACE })).toBe(3);
    await raw.dropDatabase();
  });
});

describe("audit user and exports on the backend's records", () => {
  it('audit user counts records without an address, an agent or a workflow under null', async () => {
    const u = await json(['audit', 'user', USER, '--days', '2']);
    expect(u.ipAddresses).toEqual([{ key: null, count: u.total }]);
    expect(u.userAgents).toEqual([{ key: null, count: u.total }]);
  });

  it('an export of a day includes a space-separated string timestamp on that day and an offset one inside it', async () => {
    const day = new Date(now - 24 * H).toISOString().slice(0, 10);
    await db.ds.audit.insertMany([
      {
        event_type: 'workflow_updated',
        workflow_id: ID,
        user_id: 'py-str',
        details: {},
        metadata: {},
        timestamp: `${day} 00:00:01`,
      },
      // 12:00 at -05:00 is 17:00 UTC: inside the day
      {
        event_type: 'workflow_updated',
        workflow_id: ID,
        user_id: 'py-offset',
        details: {},
        metadata: {},
        timestamp: `${day}T12:00:00-05:00`,
      },
      // 01:00 at +02:00 is 23:00 UTC the day before: its text sorts inside the day, its time does not
      {
        event_type: 'workflow_updated',
        workflow_id: ID,
        user_id: 'py-before',
        details: {},
        metadata: {},
        timestamp: `${day}T01:00:00+02:00`,
      },
    ] as never[]);
    const next = new Date(Date.parse(`${day}T00:00:00Z`) + 24 * H).toISOString().slice(0, 10);
    const exported = await runCli(
      ['audit', 'export', '--since', day, '--until', next, '--event-type', 'workflow_updated'],
      { env: db.env },
    );
    expect(exported.code, exported.stderr).toBe(0);
    const users = exported.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).user_id);
    expect(users).toContain('py-str');
    expect(users).toContain('py-offset');
    expect(users).not.toContain('py-before');
    // figures agree with the export
    const stats = await json(['audit', 'summary', ID, '--days', '3']);
    expect(stats.byUser.map((u: { key: string }) => u.key)).toEqual(
      expect.arrayContaining(['py-str', 'py-offset', 'py-before']),
    );
  });
});
