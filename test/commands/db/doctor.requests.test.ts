/**
 * `db doctor` and wfctl's own collections: they are listed apart from the backend's (and do not
 * make a database the backend's), and a change request stuck in "applying" for more than 15
 * minutes is named (exit 1), while one being applied now, or settled, is not.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';
import { useTestDatabase } from '../../support/db.js';

const db = useTestDatabase('doctor_requests');
const empty = useTestDatabase('doctor_requests_empty', { backend: false });
const W = 'bbbbbbbbbbbbbbbbbbbbbbbb';
const ago = (min: number) => new Date(Date.now() - min * 60_000);

function request(id: string, status: string, applyingMinutesAgo: number | null) {
  const by = { id: 'carol', authenticated: false, declared: 'carol', host: 'h' };
  return {
    _id: id,
    workflow_name: 'invoices',
    plan: {
      kind: 'rollback',
      workflow_id: W,
      expected_current: 4,
      to: 2,
      reason: 'r',
      data_sha256: 'x',
      new_version: 5,
    },
    plan_hash: 'h',
    requester: by,
    required_approvals: 1,
    approvals: {},
    approval_count: 1,
    status,
    created_at: ago(60),
    expires_at: ago(-600),
    updated_at: ago(applyingMinutesAgo ?? 30),
    ...(applyingMinutesAgo === null ? {} : { applying: { by, at: ago(applyingMinutesAgo), break_glass: false } }),
  };
}

describe('db doctor: wfctl collections and change requests', () => {
  it('a request stuck in "applying" over 15 minutes is named; a fresh one and settled ones are not', async () => {
    await runCli(['db', 'indexes', '--apply'], { env: db.env });
    await db.ds.workflows.insertOne({ name: 'invoices', enabled: true, actions: [] });
    const healthy = await runCli(['db', 'doctor', '--json'], { env: db.env });
    expect(healthy.code, healthy.stdout).toBe(0);

    await db.ds
      .collection('wfctl_change_requests')
      .insertMany([
        request('cr-stuck', 'applying', 20),
        request('cr-fresh', 'applying', 2),
        request('cr-applied', 'applied', 40),
        request('cr-pending', 'pending', null),
      ] as never[]);
    const r = await runCli(['db', 'doctor'], { env: db.env });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /\[change-requests\] change request cr-stuck \(rollback of invoices\) has been "applying" since \S+ \(20 min\), claimed by carol: its apply stopped part-way/,
    );
    expect(r.stdout).toContain(`fix: see whether the change was written (wfctl versions list ${W}: version 5)`);
    expect(r.stdout).not.toContain('cr-fresh');
    expect(r.stdout).not.toContain('cr-applied');
    // wfctl's own collections, apart from the backend's
    expect(r.stdout).toMatch(/wfctl's own collections\n(.*\n)*.*wfctl_change_requests +4/);
    const j = JSON.parse(
      (await runCli(['db', 'doctor', '--json', '--check', 'change-requests'], { env: db.env })).stdout,
    );
    expect(j.findings).toEqual([
      expect.objectContaining({
        check: 'change-requests',
        severity: 'warning',
        data: expect.objectContaining({ requestId: 'cr-stuck', workflowId: W, claimedBy: 'carol', minutes: 20 }),
      }),
    ]);
    expect(j.collections).toContainEqual({ name: 'wfctl_change_requests', owner: 'wfctl', exists: true, count: 4 });
    expect(j.collections).toContainEqual(expect.objectContaining({ name: 'custom_workflows', owner: 'backend' }));
  });

  it('a request "applying" with no time recorded is named; an unknown check name is exit 2', async () => {
    await db.ds.collection('wfctl_change_requests').deleteMany({});
    const odd = { ...request('cr-odd', 'applying', null), updated_at: 'not a date' };
    await db.ds.collection('wfctl_change_requests').insertOne(odd as never);
    const r = await runCli(['db', 'doctor', '--check', 'change-requests'], { env: db.env });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'change request cr-odd (rollback of invoices) has been "applying" with no time recorded',
    );
    const bad = await runCli(['db', 'doctor', '--check', 'change-request'], { env: db.env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('change-requests');
  });

  it("a database holding only wfctl's collections is not taken for the backend's", async () => {
    await empty.ds.collection('wfctl_legal_holds').insertOne({ _id: 'hold-1' } as never);
    await empty.ds.collection('wfctl_custom_thing').insertOne({ a: 1 });
    const j = JSON.parse((await runCli(['db', 'doctor', '--json'], { env: empty.env })).stdout);
    expect(j.findings[0]).toMatchObject({ check: 'collections', severity: 'error' });
    expect(
      j.collections.filter((c: { owner: string }) => c.owner === 'wfctl').map((c: { name: string }) => c.name),
    ).toEqual(['wfctl_change_marks', 'wfctl_change_requests', 'wfctl_custom_thing', 'wfctl_legal_holds']);
  });
});
