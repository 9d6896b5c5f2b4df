/**
 * Two-person approval (issue 22) against the suite's FerretDB with SCRAM: a
 * request, approvals from two authenticated users, apply; self-approval,
 * expiry, rejection and a stale plan refused; every step in the audit trail.
 * The races run as real wfctl processes, 12 at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type DataSource } from '../../../src/data/core/index.js';
import { runBin, runCli } from '../../support/cli.js';
import { useAuthDatabase } from '../../support/auth-db.js';
import { chain, expectVersionInvariants, seedWorkflow, workflowData } from '../../support/version-fixtures.js';

const db = useAuthDatabase('approval', ['alice', 'bob', 'carol', 'dave']);
let ds: DataSource;

beforeAll(async () => {
  ds = await connect({ uri: db.users.dave!.uri, dbName: db.dbName, timeoutMs: 10_000 });
  for (const id of ['wf-ok', 'wf-race', 'wf-stale', 'wf-exp', 'wf-rej', 'wf-ver', 'wf-bg'])
    await seedWorkflow(ds, id, chain(id, 4));
});
afterAll(async () => {
  await ds?.close();
});

function as(user: string, extra: Record<string, string> = {}) {
  return { ...db.envAs(user), WFCTL_APPROVALS: '2', ...extra };
}

function wfctl(user: string, args: string[], extra: Record<string, string> = {}) {
  return runBin(args, { env: as(user, extra), timeoutMs: 120_000 });
}

async function file(user: string, wf: string, to = '2', extra: Record<string, string> = {}): Promise<string> {
  const r = await wfctl(user, ['rollback', wf, '--to', to, '--reason', `undo ${wf}`], extra);
  expect(r.code, r.stderr).toBe(0);
  const id = /Filed change request (cr-[0-9a-f]{10})/.exec(r.stdout)?.[1];
  expect(id, r.stdout).toBeDefined();
  expect(r.stdout).toContain(`Next: another person runs \`wfctl approve ${id}\``);
  return id!;
}

async function events(id: string) {
  return ds.audit.find({ 'details.request_id': id }).sort({ timestamp: 1, _id: 1 }).toArray();
}

describe('two-person approval', () => {
  it('a request, two approvals from two authenticated users, apply; the requester cannot approve', async () => {
    const id = await file('alice', 'wf-ok');
    // nothing but the request was written
    expect(await ds.versions.countDocuments({ workflow_id: 'wf-ok' })).toBe(4);
    const self = await wfctl('alice', ['approve', id]);
    expect(self.code).toBe(1);
    expect(self.stderr).toContain('you (alice) filed it');
    // a declared user never stands in for the authenticated one
    const claimed = await wfctl('alice', ['--as', 'bob', 'approve', id]);
    expect(claimed.code).toBe(1);
    const early = await wfctl('dave', ['apply', id]);
    expect(early.code).toBe(1);
    expect(early.stderr).toContain('it has 0 of the 2 approvals it needs');
    const bob = await wfctl('bob', ['approve', id, '--comment', 'diff checked']);
    expect(bob.code, bob.stderr).toBe(0);
    expect(bob.stdout).toContain(`Approved change request ${id} as bob: 1 of 2 approvals`);
    expect(bob.stdout).not.toContain('not authenticated');
    expect((await wfctl('bob', ['approve', id])).stdout).toContain('already; an approval counts once');
    const carol = await wfctl('carol', ['approve', id]);
    expect(carol.stdout).toContain('2 of 2 approvals');
    const show = await wfctl('dave', ['requests', 'show', id]);
    expect(show.stdout).toMatch(/status:\s+approved/);
    expect(show.stdout).toContain('approved by bob at');
    const applied = await wfctl('dave', ['apply', id]);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain(`Applied change request ${id}: roll back wf-ok`);
    const v5 = await ds.versions.findOne({ workflow_id: 'wf-ok', version_number: 5 });
    expect(v5).toMatchObject({ rollback_of: 2, reason: 'undo wf-ok' });
    expect((v5!.rollback_evidence as { change: unknown }).change).toMatchObject({
      change_request: id,
      break_glass: false,
      approvers: expect.arrayContaining(['bob', 'carol']),
    });
    await expectVersionInvariants(ds, 'wf-ok');
    const late = await wfctl('carol', ['approve', id]);
    expect(late.code).toBe(1);
    expect((await wfctl('bob', ['approve', id])).stderr).toContain('it was applied already'); // not even a repeat
    const again = await wfctl('dave', ['apply', id]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('it was applied already (version 5)');
    const ev = await events(id);
    expect(ev.map((e) => `${e.event_type}:${e.user_id}`)).toEqual([
      'change_requested:alice',
      'change_approved:bob',
      'change_approved:carol',
      'change_applied:dave',
    ]);
    for (const e of ev) {
      expect(e).toMatchObject({ workflow_id: 'wf-ok', ip_address: null, details: { authenticated: true } });
      expect(e.user_agent).toMatch(/^wfctl\//);
      expect(e.timestamp).toBeInstanceOf(Date);
    }
    // the passwords never reach what wfctl prints or keeps
    const kept = JSON.stringify(await ds.collection('wfctl_change_requests').findOne({ _id: id as never }));
    for (const u of Object.values(db.users)) {
      for (const text of [kept, JSON.stringify(ev), show.stdout, applied.stdout])
        expect(text).not.toContain(u.password);
    }
  });

  it('12 approvals at once count once per approver; 12 applies at once apply once', async () => {
    const id = await file('alice', 'wf-race');
    const approvers = Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? 'bob' : 'carol'));
    const approvals = await Promise.all(approvers.map((u) => wfctl(u, ['approve', id])));
    for (const r of approvals) expect(r.code, r.stderr).toBe(0);
    expect(approvals.filter((r) => r.stdout.startsWith('Approved')).length).toBe(2);
    // the record of the approvals: one mark per approver, whatever the races
    expect(await ds.collection('wfctl_change_marks').countDocuments({ request_id: id, kind: 'approval' })).toBe(2);
    const shown = JSON.parse((await wfctl('dave', ['requests', 'show', id, '--json'])).stdout);
    expect(shown.approvals.map((a: { id: string }) => a.id).sort()).toEqual(['bob', 'carol']);
    expect(shown.approval_count).toBe(2);
    const applies = await Promise.all(Array.from({ length: 12 }, () => wfctl('dave', ['apply', id])));
    expect(applies.filter((r) => r.code === 0)).toHaveLength(1);
    for (const r of applies.filter((x) => x.code !== 0)) {
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/applied already|claimed it first|applied it first|being applied/);
    }
    expect(await ds.versions.countDocuments({ workflow_id: 'wf-race' })).toBe(5);
    await expectVersionInvariants(ds, 'wf-race');
    const ev = (await events(id)).map((e) => e.event_type);
    expect(ev.filter((e) => e === 'change_approved')).toHaveLength(2);
    expect(ev.filter((e) => e === 'change_applied')).toHaveLength(1);
  }, 300_000);

  it('a stale request is refused after another rollback, saying what changed', async () => {
    const id = await file('alice', 'wf-stale');
    await wfctl('bob', ['approve', id]);
    await wfctl('carol', ['approve', id]);
    const bg = await wfctl('dave', ['rollback', 'wf-stale', '--to', '3', '--reason', 'fire', '--yes', '--break-glass']);
    expect(bg.code, bg.stderr).toBe(0);
    const r = await wfctl('dave', ['apply', id]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('workflow "wf-stale" is at version 5 now, not 4 as when the request was filed');
    expect(r.stderr).toContain('nothing was written');
    expect(await ds.versions.countDocuments({ workflow_id: 'wf-stale' })).toBe(5);
    expect((await wfctl('dave', ['requests', 'show', id])).stdout).toMatch(/status:\s+stale/);
  });

  it('an approval or an apply after expiry is refused, and the expiry is an audit event', async () => {
    const t0 = new Date(Date.now() - 3_600_000);
    const id = await file('alice', 'wf-exp', '2', { WFCTL_NOW: t0.toISOString() });
    await wfctl('bob', ['approve', id], { WFCTL_NOW: t0.toISOString() });
    const later = { WFCTL_NOW: new Date(t0.getTime() + 25 * 3_600_000).toISOString() };
    const r = await wfctl('carol', ['approve', id], later);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('it expired at');
    expect((await wfctl('dave', ['apply', id], later)).code).toBe(1);
    expect((await events(id)).map((e) => e.event_type)).toEqual([
      'change_requested',
      'change_approved',
      'change_expired',
    ]);
  });

  it('a rejected request takes no approval and does not apply; --reason is required', async () => {
    const id = await file('alice', 'wf-rej');
    expect((await wfctl('bob', ['reject', id, '--reason', ' '])).code).toBe(2);
    const r = await wfctl('bob', ['reject', id, '--reason', 'v2 has the old key']);
    expect(r.code, r.stderr).toBe(0);
    expect((await wfctl('carol', ['approve', id])).stderr).toContain('it was rejected by bob: v2 has the old key');
    expect((await wfctl('dave', ['apply', id])).code).toBe(1);
    expect((await wfctl('dave', ['approve', 'cr-0000000000'])).code).toBe(4);
    const list = await wfctl('dave', ['requests', 'list', '--status', 'rejected', '--json']);
    expect(JSON.parse(list.stdout).map((x: { id: string }) => x.id)).toContain(id);
    // on an 80-column terminal the table fits: the requester and the reason are cut, expires and workflow left out
    const narrow = await runCli(['requests', 'list', '--status', 'rejected'], {
      env: as('dave'),
      tty: true,
      columns: 80,
    });
    expect(narrow.code, narrow.stderr).toBe(0);
    const lines = narrow.stdout
      .replace(/\x1b\[[0-9;]*m/g, '')
      .trimEnd()
      .split('\n');
    expect(lines[0]!.trimEnd()).toMatch(/^ID\s+STATUS\s+APPROVALS\s+CHANGE\s+REQUESTER\s+REASON$/);
    expect(lines.some((l) => l.startsWith(id))).toBe(true);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('versions create on such a target files a request; applied, it writes the file as the new version', async () => {
    const data = JSON.stringify(workflowData('wf-ver', 'Workflow wf-ver', { revision: 99 }));
    const r = await runBin(['versions', 'create', 'wf-ver', '--file', '-', '-m', 'bump'], {
      env: as('alice'),
      stdin: data,
    });
    expect(r.code, r.stderr).toBe(0);
    const id = /Filed change request (cr-[0-9a-f]{10})/.exec(r.stdout)![1]!;
    expect(await ds.versions.countDocuments({ workflow_id: 'wf-ver' })).toBe(4);
    await wfctl('bob', ['approve', id]);
    await wfctl('carol', ['approve', id]);
    const a = await wfctl('bob', ['apply', id]);
    expect(a.code, a.stderr).toBe(0);
    const v5 = await ds.versions.findOne({ workflow_id: 'wf-ver', version_number: 5 });
    expect(v5!.workflow_data).toMatchObject({ revision: 99 });
    expect(v5!.change_description).toBe('bump');
  });

  it('--break-glass rolls back without approvals, on record, and the weekly report lists it', async () => {
    expect((await wfctl('dave', ['rollback', 'wf-bg', '--to', '2', '--yes', '--break-glass'])).code).toBe(2);
    const r = await wfctl('dave', [
      'rollback',
      'wf-bg',
      '--to',
      '2',
      '--reason',
      'pager at 3am',
      '--yes',
      '--break-glass',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('break-glass: applied without the 2 approval(s)');
    const e = await ds.audit.findOne({ event_type: 'change_applied', workflow_id: 'wf-bg' });
    expect(e).toMatchObject({ user_id: 'dave', details: { break_glass: true, reason: 'pager at 3am', version: 5 } });
    const report = await wfctl('dave', ['analytics', 'report', '--days', '7']);
    expect(report.code, report.stderr).toBe(0);
    expect(report.stdout).toContain('## Break-glass changes');
    expect(report.stdout).toMatch(/wf-bg.*rollback.*\| 5 \|.*dave.*pager at 3am/);
    // without approvals on the target, --break-glass is a mistake
    const plain = await runBin(['rollback', 'wf-bg', '--to', '1', '--reason', 'x', '--yes', '--break-glass'], {
      env: db.envAs('dave'),
    });
    expect(plain.code).toBe(2);
  });
});
