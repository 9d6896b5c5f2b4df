import { beforeAll, describe, expect, it } from 'vitest';
import { ObjectId } from 'mongodb';
import { auditQueryPlan } from '../../../src/data/audit/index.js';
import { RECOMMENDED_INDEXES } from '../../../src/data/db/index.js';
import { COLLECTIONS } from '../../../src/data/core/index.js';
import { makeAuditDocs, insertAudit } from '../../support/audit-fixtures.js';
import { runCli } from '../../support/cli.js';
import { useTestDatabase } from '../../support/db.js';

const db = useTestDatabase('audit');
const now = Date.now();
const hostileId = new ObjectId();

beforeAll(async () => {
  await db.ds.workflows.insertMany([
    { id: 'wf-0', name: 'Invoice sync', enabled: true, actions: [] },
    { id: 'wf-1', name: 'Payroll', enabled: true, actions: [] },
  ]);
  // 40 records in the last hour, one a minute, newest last
  await insertAudit(db.ds, makeAuditDocs(40, new Date(now - 45 * 60_000)));
  // older ones: 3 days ago, and a legacy record with an ISO-string timestamp
  await insertAudit(db.ds, makeAuditDocs(5, new Date(now - 3 * 86_400_000), 1000, 100));
  await db.ds.audit.insertMany([
    {
      event_type: 'workflow_created',
      workflow_id: 'wf-legacy',
      user_id: 'old-backend',
      details: {},
      metadata: {},
      timestamp: new Date(now - 2 * 86_400_000).toISOString().slice(0, 19),
    },
    // a user id that looks like a query operator, and hostile text
    {
      _id: hostileId,
      event_type: 'workflow_updated',
      workflow_id: 'wf-1',
      user_id: '{"$ne":null}',
      details: { note: '=HYPERLINK("x")\u0000\u001b[31m' },
      metadata: {},
      timestamp: new Date(now - 50 * 60_000),
    },
    {
      event_type: 'custom_unknown_event',
      workflow_id: 'wf-deleted',
      user_id: 'user-9',
      details: { x: 1 },
      metadata: {},
      timestamp: new Date(now - 55 * 60_000),
    },
  ]);
});

describe('audit list', () => {
  it('lists newest first with the default limit of 100, tab-separated when piped', async () => {
    const r = await runCli(['audit', 'list'], { env: db.env });
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(48);
    // dated records newest first; the legacy string-dated record after them (BSON orders strings before dates)
    const times = lines.slice(0, -1).map((l) => l.split('\t')[0]!);
    expect([...times].sort().reverse()).toEqual(times);
    expect(lines.at(-1)).toContain('old-backend');
    // the workflow's name (test/commands/audit/names.test.ts), then the authenticated user (test/context.identity.test.ts)
    expect(lines[0]!.split('\t')).toHaveLength(8);
  });

  it('--limit and truncated in JSON, with the documented shape', async () => {
    const r = await runCli(['audit', 'list', '--limit', '3', '--json'], { env: db.env });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.limit).toBe(3);
    expect(j.truncated).toBe(true);
    expect(j.events).toHaveLength(3);
    expect(Object.keys(j.events[0]).sort()).toEqual(
      [
        'authenticatedUser',
        'details',
        'eventType',
        'id',
        'ipAddress',
        'metadata',
        'summary',
        'timestamp',
        'userAgent',
        'userId',
        'workflowId',
        'workflowName',
      ].sort(),
    );
  });

  it('filters by workflow (id or name), user, event types and time', async () => {
    const byName = JSON.parse(
      (await runCli(['audit', 'list', '--workflow', 'Invoice sync', '--json'], { env: db.env })).stdout,
    );
    expect(byName.events.length).toBeGreaterThan(0);
    expect(new Set(byName.events.map((e: { workflowId: string }) => e.workflowId))).toEqual(new Set(['wf-0']));
    const byUser = JSON.parse((await runCli(['audit', 'list', '--user', 'user-1', '--json'], { env: db.env })).stdout);
    expect(byUser.events.length).toBe(11);
    expect(byUser.events.every((e: { userId: string }) => e.userId === 'user-1')).toBe(true);
    const types = JSON.parse(
      (
        await runCli(
          ['audit', 'list', '--event-type', 'workflow_execution_failed,action_retried', '--since', '1h', '--json'],
          { env: db.env },
        )
      ).stdout,
    );
    expect(types.events).toHaveLength(16);
    const old = JSON.parse((await runCli(['audit', 'list', '--until', '1d', '--json'], { env: db.env })).stdout);
    // 5 dated records 3 days ago and the legacy string-dated one of 2 days ago, newest first by parsed time
    expect(old.events).toHaveLength(6);
    expect(old.events[0].userId).toBe('old-backend');
    expect(old.events[0].timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
  });

  it('a deleted workflow id still lists its trail; unknown event types are shown as they are', async () => {
    const r = JSON.parse(
      (await runCli(['audit', 'list', '--workflow', 'wf-deleted', '--json'], { env: db.env })).stdout,
    );
    expect(r.events.map((e: { eventType: string }) => e.eventType)).toEqual(['custom_unknown_event']);
  });

  it('a --user value that looks like a query operator is plain text', async () => {
    const r = JSON.parse((await runCli(['audit', 'list', '--user', '{"$ne":null}', '--json'], { env: db.env })).stdout);
    expect(r.events.map((e: { id: string }) => e.id)).toEqual([hostileId.toHexString()]);
    const none = JSON.parse((await runCli(['audit', 'list', '--user', '.*', '--json'], { env: db.env })).stdout);
    expect(none.events).toEqual([]);
  });

  it('--user after the verb filters; before the group it stays the acting user, with a deprecation note', async () => {
    const run = await runCli(['--user', 'someone', 'audit', 'list', '--user', 'user-2', '--limit', '500', '--json'], {
      env: db.env,
    });
    const r = JSON.parse(run.stdout);
    expect(r.events.length).toBeGreaterThan(0);
    expect(r.events.every((e: { userId: string }) => e.userId === 'user-2')).toBe(true);
    expect(run.stderr).toContain('the global --user (the acting user) is now --as');
    // the new spelling: no collision, no note; -q drops the note of the old one
    const as = await runCli(['--as', 'someone', 'audit', 'list', '--user', 'user-2', '--limit', '500', '--json'], {
      env: db.env,
    });
    expect(as.code, as.stderr).toBe(0);
    expect(as.stderr).toBe('');
    expect(JSON.parse(as.stdout).events).toEqual(r.events);
    const quiet = await runCli(['-q', '--user', 'someone', 'audit', 'list', '--limit', '1', '--json'], { env: db.env });
    expect(quiet.stderr).toBe('');
  });

  it('the old global --user between the noun and the verb is the acting user; globals after the verb leave --user the filter', async () => {
    const noun = await runCli(['audit', '--user', 'someone', 'list', '--user', 'user-2', '--limit', '500', '--json'], {
      env: db.env,
    });
    expect(noun.code, noun.stderr).toBe(0);
    const events = JSON.parse(noun.stdout).events as Array<{ userId: string }>;
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.userId === 'user-2')).toBe(true);
    expect(noun.stderr).toContain('the global --user (the acting user) is now --as');
    // a global after the verb is still a global (--as, -q), and --user after it still the filter
    const after = await runCli(['audit', 'list', '--user', 'user-2', '--as', 'x', '-q', '--limit', '500', '--json'], {
      env: db.env,
    });
    expect(after.code, after.stderr).toBe(0);
    expect(after.stderr).toBe('');
    expect(JSON.parse(after.stdout).events).toEqual(events);
  });

  it('--as with the old global --user is exit 2: two acting users', async () => {
    const r = await runCli(['--as', 'a', '--user', 'b', 'audit', 'list', '--json'], { env: db.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^wfctl: --as and the global --user both name the acting user/);
  });

  it('--all streams every match, as JSON and CSV', async () => {
    const j = JSON.parse((await runCli(['audit', 'list', '--all', '--json'], { env: db.env })).stdout);
    expect(j.events).toHaveLength(48);
    const csv = (await runCli(['audit', 'list', '--all', '--format', 'csv'], { env: db.env })).stdout;
    expect(csv.split('\r\n')[0]).toBe('time,event,workflow,user,ip,summary,workflow name,authenticated user');
  });

  it('hostile text stays on one table row and CSV neutralizes formulas', async () => {
    const tty = await runCli(['audit', 'list', '--user', '{"$ne":null}'], { env: db.env, tty: true });
    expect(tty.stdout).not.toContain('\u001b[31m');
    expect(tty.stdout.trim().split('\n')).toHaveLength(2);
    const csv = await runCli(['audit', 'list', '--user', '{"$ne":null}', '--format', 'csv'], { env: db.env });
    expect(csv.stdout).toContain(',"{""$ne"":null}",');
  });

  it('--explain prints the server plan and the index used', async () => {
    const r = await runCli(['audit', 'list', '--workflow', 'wf-0', '--explain'], { env: db.env });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.query.index).toEqual({ workflow_id: 1, timestamp: -1 });
    expect(j.explain).toBeTypeOf('object');
    // the server's own plan of this query: MongoDB's winningPlan, FerretDB's Plan (SQLite's steps)
    expect(j.explain.queryPlanner).toBeTypeOf('object');
    expect(j.explain.queryPlanner.winningPlan ?? j.explain.queryPlanner.Plan).toBeTruthy();
    expect(JSON.stringify(j.query.filter)).toContain('"workflow_id":{"$eq":"wf-0"}');
  });

  it('every list query filters and sorts on a prefix of a recommended index', () => {
    const auditIndexes = RECOMMENDED_INDEXES.filter((i) => i.collection === COLLECTIONS.audit).map((i) =>
      JSON.stringify(i.key),
    );
    const cases = [
      {},
      { workflowId: 'w' },
      { userId: 'u' },
      { eventTypes: ['a', 'b'] },
      { workflowId: 'w', userId: 'u', since: new Date(0) },
      { eventTypes: ['a'], since: new Date(0), until: new Date() },
    ];
    for (const c of cases) {
      const plan = auditQueryPlan(c);
      expect(auditIndexes).toContain(JSON.stringify(plan.index));
      const keys = Object.keys(plan.index);
      const eqField = keys[0] === 'timestamp' ? null : keys[0];
      if (eqField) expect(JSON.stringify(plan.filter)).toContain(`"${eqField}"`);
      // the sort is the index order (or its reverse) after the equality field
      const sortKeys = Object.keys(plan.sort);
      expect(keys.slice(eqField ? 1 : 0, (eqField ? 1 : 0) + sortKeys.length)).toEqual(sortKeys);
    }
  });
});

describe('audit list: bad input', () => {
  it('--since after --until: exit 2, one line, nothing run', async () => {
    const r = await runCli(['audit', 'list', '--since', '2025-02-01', '--until', '2025-01-01'], { env: db.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--since \(2025-02-01T00:00:00.000Z\) is not before --until/);
    expect(r.stdout).toBe('');
  });

  it('a date that does not parse says which forms are accepted', async () => {
    for (const bad of ['yesterday', '2025-02-31', '31/01/2025']) {
      const r = await runCli(['audit', 'list', '--since', bad], { env: db.env });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`"${bad}" is not a date, time or span`);
      expect(r.stderr).toContain('2025-01-31T12:00:00Z');
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('an ambiguous workflow name is exit 2', async () => {
    await db.ds.workflows.insertMany([
      { id: 'dup-a', name: 'Twin', enabled: true, actions: [] },
      { id: 'dup-b', name: 'Twin', enabled: true, actions: [] },
    ]);
    const r = await runCli(['audit', 'list', '--workflow', 'Twin'], { env: db.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('matches 2 workflows');
  });
});

describe('audit summary, user, stats', () => {
  it('summary: counts by event type and user, first and last event, per day', async () => {
    const r = await runCli(['audit', 'summary', 'Invoice sync', '--json'], { env: db.env });
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.workflowId).toBe('wf-0');
    // wf-0 is every third record: 14 of the 40 recent (k = 0, 3, ..., 39) and 1 of the 5 older (k = 102)
    expect(s.total).toBe(15);
    expect(s.byEventType.reduce((a: number, r: { count: number }) => a + r.count, 0)).toBe(15);
    expect(s.byUser.reduce((a: number, r: { count: number }) => a + r.count, 0)).toBe(15);
    expect(s.perDay).toHaveLength(31);
    expect(s.perDay.reduce((a: number, d: { count: number }) => a + d.count, 0)).toBe(15);
    expect(new Date(s.firstEvent).getTime()).toBeLessThan(new Date(s.lastEvent).getTime());
    const text = await runCli(['audit', 'summary', 'wf-0'], { env: db.env });
    expect(text.stdout).toContain('By event type');
    expect(text.stdout).toContain('Events per day (UTC)');
  });

  it('summary of an unknown workflow with no trail: exit 4', async () => {
    const r = await runCli(['audit', 'summary', 'no-such-wf'], { env: db.env });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('no-such-wf');
  });

  it('user: timeline, counts, workflows touched, IPs and user agents', async () => {
    const r = await runCli(['audit', 'user', 'user-1', '--json'], { env: db.env });
    expect(r.code).toBe(0);
    const a = JSON.parse(r.stdout);
    // k % 4 == 1: 10 of the recent 40 and k = 101 three days ago
    expect(a.total).toBe(11);
    expect(a.timeline).toHaveLength(11);
    expect(new Date(a.timeline[0].timestamp).getTime()).toBeGreaterThan(new Date(a.timeline[10].timestamp).getTime());
    expect(a.workflows.map((w: { key: string }) => w.key).sort()).toEqual(['wf-0', 'wf-1', 'wf-2']);
    expect(a.ipAddresses.length).toBeGreaterThan(0);
    expect(a.userAgents.map((u: { key: string }) => u.key)).toEqual(['backend/2.1']);
    const hostile = JSON.parse((await runCli(['audit', 'user', '{"$ne":null}', '--json'], { env: db.env })).stdout);
    expect(hostile.total).toBe(1);
  });

  it('stats: totals, per day, busiest hours, top users and workflows', async () => {
    const r = await runCli(['audit', 'stats', '--days', '7', '--json'], { env: db.env });
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.total).toBe(48);
    expect(s.byEventType.reduce((a: number, x: { count: number }) => a + x.count, 0)).toBe(48);
    expect(s.busiestHours.reduce((a: number, x: { count: number }) => a + x.count, 0)).toBe(48);
    expect(s.perDay.reduce((a: number, x: { count: number }) => a + x.count, 0)).toBe(48);
    expect(s.topUsers.length).toBeLessThanOrEqual(10);
    expect(s.topWorkflows[0].key).toMatch(/^wf-/);
    // every record has a user and a workflow here: distinct counts cover them all, and say so
    expect(s).toMatchObject({ withoutUser: 0, withoutWorkflow: 0 });
    await db.ds.audit.insertOne({
      event_type: 'trigger_fired',
      workflow_id: null,
      user_id: null,
      details: {},
      metadata: {},
      timestamp: new Date(now - 60_000),
    });
    const s2 = JSON.parse((await runCli(['audit', 'stats', '--days', '7', '--json'], { env: db.env })).stdout);
    expect(s2).toMatchObject({
      total: 49,
      distinctUsers: s.distinctUsers,
      distinctWorkflows: s.distinctWorkflows,
      withoutUser: 1,
      withoutWorkflow: 1,
    });
    await db.ds.audit.deleteOne({ event_type: 'trigger_fired', user_id: null });
    const text = await runCli(['audit', 'stats'], { env: db.env, tty: true });
    expect(text.stdout).toContain('Busiest hours (UTC)');
  });
});
