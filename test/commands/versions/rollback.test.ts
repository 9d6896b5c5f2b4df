import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect } from '../../../src/data/core/index.js';
import { runDoctor } from '../../../src/data/db/index.js';
import { rollbackWorkflow } from '../../../src/data/versions/index.js';
import { writeVersion, type WriteStep } from '../../../src/data/versions/index.js';
import { runCli } from '../../support/cli.js';
import { useTestDatabase } from '../../support/db.js';
import {
  chain,
  expectHistoryKept,
  expectVersionInvariants,
  seedWorkflow,
  snapshotHistory,
  workflowData,
} from '../../support/version-fixtures.js';

const db = useTestDatabase('rollback');
const actor = { user: 'tester', host: 'test-host', userAgent: 'wfctl/0.0.0-test' };
let history: Map<string, string>;

beforeAll(async () => {
  for (const id of ['wf-rb', 'wf-rb2', 'wf-flags', 'wf-race', 'wf-crash', '{"$where":"1"}'])
    await seedWorkflow(db.ds, id, chain(id, 4));
  history = await snapshotHistory(db.ds);
});

afterAll(async () => {
  // invariant 4: whatever ran above, no version's workflow_data changed and none was deleted
  expectHistoryKept(history, await snapshotHistory(db.ds));
});

async function count(wf: string): Promise<number> {
  return db.ds.versions.countDocuments({ workflow_id: wf });
}

describe('wfctl rollback', () => {
  it('creates a new version with the target data, rollback_of and reason, and an audit record', async () => {
    const r = await runCli(['rollback', 'wf-rb', '--to', '2', '--reason', 'v4 broke invoices', '--yes'], {
      env: db.env,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Rollback of "Workflow wf-rb" (wf-rb): v4 -> v2, saved as v5');
    expect(r.stdout).toContain('~ revision: 4 -> 2');
    expect(r.stdout).toContain(
      '✓ Rolled back "Workflow wf-rb" (wf-rb): now v5 (a copy of v2; was v4)\n  to undo: wfctl rollback wf-rb --to 4\n',
    );
    const v5 = await db.ds.versions.findOne({ workflow_id: 'wf-rb', version_number: 5 });
    const v2 = await db.ds.versions.findOne({ workflow_id: 'wf-rb', version_number: 2 });
    // as the backend's rollback_to_version: the target's data, stamped with updated_at and rollback_info
    const { updated_at, rollback_info, ...restored } = v5!.workflow_data;
    expect(restored).toEqual(v2!.workflow_data);
    expect(updated_at).toEqual(v5!.changed_at);
    expect(rollback_info).toEqual({
      rolled_back_at: v5!.changed_at,
      rolled_back_by: 'test-user',
      from_version: 2,
      reason: 'v4 broke invoices',
    });
    expect(v5).toMatchObject({
      change_description: 'Rolled back to version 2. Reason: v4 broke invoices',
      rollback_of: 2,
      reason: 'v4 broke invoices',
      changed_by: 'test-user',
      is_current: true,
    });
    expect(v5!.diff).toEqual({
      dictionary_item_added: ["root['updated_at']", "root['rollback_info']"],
      values_changed: { "root['revision']": { old_value: 4, new_value: 2 } },
    });
    await expectVersionInvariants(db.ds, 'wf-rb');
    const audit = await db.ds.audit.find({ event_type: 'workflow_rolled_back', workflow_id: 'wf-rb' }).toArray();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      user_id: 'test-user',
      user_agent: expect.stringMatching(/^wfctl\/\d+\.\d+\.\d+/),
      // the backend's details (version_number: the version restored), then wfctl's
      details: { version_number: 2, reason: 'v4 broke invoices', new_version: 5, previous_version: 4 },
      metadata: {
        host: expect.any(String),
        user_agent: expect.stringMatching(/^wfctl\//),
        tool: expect.stringMatching(/^wfctl\/\d/),
      },
    });
    expect(audit[0]!.timestamp).toBeInstanceOf(Date);
  });

  it('one count of a change: the plan, versions compare and the audit record give the same backend counts', async () => {
    await seedWorkflow(db.ds, 'wf-count', [
      workflowData('wf-count', 'Counting', { revision: 1, tags: ['a'], legacy: true }),
      workflowData('wf-count', 'Counting', { revision: 2, tags: ['a', 'b', 'c'], owner: 'ops' }),
    ]);
    const plan = await runCli(['rollback', 'wf-count', '--to', '1', '--reason', 'count', '--dry-run', '--json'], {
      env: db.env,
    });
    const planned = JSON.parse(plan.stdout).summary;
    const r = await runCli(['rollback', 'wf-count', '--to', '1', '--reason', 'count', '--yes'], { env: db.env });
    expect(r.code, r.stderr).toBe(0);
    // revision changed; legacy, and the updated_at and rollback_info the write stamps, added; owner and two tags removed
    const expected = { values_changed: 1, items_added: 3, items_removed: 3 };
    expect(planned).toEqual(expected);
    expect(r.stdout).toContain('backend count, v2 -> v3: 1 value changed, 3 items added, 3 items removed');
    const cmp = JSON.parse(
      (await runCli(['versions', 'compare', 'wf-count', '2', '3', '--format', 'json'], { env: db.env })).stdout,
    );
    expect(cmp.summary).toEqual(expected);
    const audit = await db.ds.audit.findOne({ event_type: 'workflow_rolled_back', workflow_id: 'wf-count' });
    expect((audit!.details as { changes: unknown }).changes).toEqual(expected);
    expect(
      JSON.parse(
        (await runCli(['rollback', 'wf-count', '--to', '2', '--reason', 'again', '--yes', '--json'], { env: db.env }))
          .stdout,
      ).summary,
    ).toEqual(
      (
        (await db.ds.audit.findOne({
          event_type: 'workflow_rolled_back',
          workflow_id: 'wf-count',
          'details.new_version': 4,
        }))!.details as { changes: unknown }
      ).changes,
    );
  });

  it('versions rollback is the same command; --json shape; refs', async () => {
    const r = await runCli(
      ['versions', 'rollback', 'wf-rb2', '--to', 'current~1', '--reason', 'undo', '--yes', '--json'],
      { env: db.env },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      status: 'rolled_back',
      workflow: { id: 'wf-rb2', name: 'Workflow wf-rb2' },
      from: 4,
      to: 3,
      version: 5,
      reason: 'undo',
      unchangedReason: null,
      // the stored diff's backend counts (the stamps included) and the definition's structural change
      summary: { values_changed: 1, items_added: 2, items_removed: 0 },
      counts: { added: 0, removed: 0, modified: 1, moved: 0 },
      completed: [],
      message: null,
      regression: null,
      // no runs in this database: the evidence says so
      evidence: {
        trigger: 'manual',
        current: expect.objectContaining({ version: 4, runs: 0, successRate: null }),
        target: expect.objectContaining({ version: 3, runs: 0 }),
      },
    });
    await expectVersionInvariants(db.ds, 'wf-rb2');
  });

  it('--to equal to current does nothing and says so (exit 0)', async () => {
    const before = await count('wf-rb');
    const r = await runCli(['rollback', 'wf-rb', '--to', '5', '--reason', 'x', '--yes'], { env: db.env });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('Nothing to do: version 5 is already the current version of wf-rb.\n');
    const cur = await runCli(['rollback', 'wf-rb', '--to', 'current', '--reason', 'x', '--yes', '--json'], {
      env: db.env,
    });
    expect(JSON.parse(cur.stdout)).toMatchObject({
      status: 'unchanged',
      unchangedReason: 'already-current',
      version: 5,
    });
    // version 2's data is already current (as version 5): nothing to do either
    const same = await runCli(['rollback', 'wf-rb', '--to', '2', '--reason', 'x', '--yes'], { env: db.env });
    expect(same.code).toBe(0);
    expect(same.stdout).toContain(
      "Nothing to do: the current version 5 of wf-rb already has version 2's workflow_data",
    );
    expect(await count('wf-rb')).toBe(before);
  });

  it('--dry-run shows the plan with the diff and writes nothing', async () => {
    const before = await count('wf-rb');
    const r = await runCli(['rollback', 'wf-rb', '--to', '1', '--dry-run'], { env: db.env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('v5 -> v1, saved as v6');
    expect(r.stdout).toContain('--- wf-rb@5');
    expect(r.stdout).toContain('-  "revision": 2');
    expect(r.stdout).toContain('+  "revision": 1');
    expect(r.stdout).toContain('Dry run: would save v6 (a copy of v1; now v5); nothing was written.');
    const j = JSON.parse(
      (await runCli(['rollback', 'wf-rb', '--to', '1', '--dry-run', '--json'], { env: db.env })).stdout,
    );
    expect(j).toMatchObject({ status: 'dry_run', from: 5, to: 1, version: 6 });
    expect(await count('wf-rb')).toBe(before);
  });

  it('--expect-current refuses (exit 1, nothing written) when current moved on', async () => {
    const before = await count('wf-rb');
    const r = await runCli(['rollback', 'wf-rb', '--to', '1', '--reason', 'x', '--yes', '--expect-current', '4'], {
      env: db.env,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'wfctl: workflow "wf-rb" is at version 5, not 4 as --expect-current says; nothing was written',
    );
    expect(await count('wf-rb')).toBe(before);
    const ok = await runCli(
      ['rollback', 'wf-rb', '--to', '1', '--reason', 'x', '--yes', '--expect-current', '5', '--json'],
      { env: db.env },
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ status: 'rolled_back', from: 5, version: 6 });
    await expectVersionInvariants(db.ds, 'wf-rb');
  });

  describe('a stale --expect-current is checked first: exit 1 whatever the plan (issue 19 item 4)', () => {
    const cases: Array<[string, string[]]> = [
      ['a target that is already current (a no-op)', ['--to', 'current', '--reason', 'x', '--yes']],
      ['a target whose data is already current (a no-op)', ['--to', '3', '--reason', 'x', '--yes']],
      ['a real rollback', ['--to', '1', '--reason', 'x', '--yes']],
      ['a dry run', ['--to', '1', '--dry-run']],
      ['a dry run of a no-op', ['--to', 'current', '--dry-run']],
      ['a version that does not exist', ['--to', '42', '--reason', 'x', '--yes']],
    ];
    for (const [what, args] of cases) {
      it(what, async () => {
        // wf-rb2: v5 restored v3, so current is 5 and v3 has its data
        const before = await db.ds.versions.countDocuments({});
        const audits = await db.ds.audit.countDocuments({});
        const r = await runCli(['rollback', 'wf-rb2', ...args, '--expect-current', '2'], { env: db.env });
        expect(r.code, r.stderr).toBe(1);
        expect(r.stderr).toBe(
          'wfctl: workflow "wf-rb2" is at version 5, not 2 as --expect-current says; nothing was written\nhint: someone else changed it: look at wfctl versions list, then decide again\n',
        );
        expect(r.stdout).toBe('');
        expect(await db.ds.versions.countDocuments({})).toBe(before);
        expect(await db.ds.audit.countDocuments({})).toBe(audits);
      });
    }
    it('on a terminal, before offering the list of versions', async () => {
      const r = await runCli(['rollback', 'wf-rb2', '--reason', 'x', '--expect-current', '2'], {
        env: db.env,
        tty: true,
      });
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain('is at version 5, not 2 as --expect-current says');
    });
    it('a matching --expect-current with a no-op target is still "Nothing to do" (exit 0)', async () => {
      const r = await runCli(
        ['rollback', 'wf-rb2', '--to', 'current', '--reason', 'x', '--yes', '--expect-current', '5'],
        { env: db.env },
      );
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('Nothing to do');
    });
  });

  it('hostile workflow ids are plain text', async () => {
    const r = await runCli(['rollback', '{"$where":"1"}', '--to', '1', '--reason', 'x', '--yes', '--json'], {
      env: db.env,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'rolled_back', version: 5 });
    await expectVersionInvariants(db.ds, '{"$where":"1"}');
  });

  describe('bad input: nothing written', () => {
    const cases: Array<[string, string[], number, RegExp]> = [
      ['missing --reason', ['--to', '1', '--yes'], 2, /missing --reason <text>/],
      ['empty --reason', ['--to', '1', '--reason', '  ', '--yes'], 2, /--reason is empty/],
      ['no --yes without a terminal', ['--to', '1', '--reason', 'x'], 2, /pass --yes/],
      ['missing --to without a terminal', ['--reason', 'x', '--yes'], 2, /missing --to <version>/],
      [
        'a version that does not exist',
        ['--to', '42', '--reason', 'x', '--yes'],
        4,
        /workflow "wf-rb" has no version 42; versions 1 to 6 exist \(current: 6\)/,
      ],
      [
        'a ref that is not a number or known word',
        ['--to', 'yesterday', '--reason', 'x', '--yes'],
        2,
        /"yesterday" is not a version; accepted: a version number/,
      ],
      [
        '--expect-current that is not a number',
        ['--to', '1', '--reason', 'x', '--yes', '--expect-current', 'six'],
        2,
        /is not a positive whole number/,
      ],
      ['an unknown workflow', ['--to', '1', '--reason', 'x', '--yes'], 4, /workflow "wf-nope" not found/],
      // without a terminal, what does not exist is said before the missing consent (--yes, --reason)
      ['an unknown workflow, without --yes', ['--to', '1', '--reason', 'x'], 4, /workflow "wf-nope" not found/],
      ['an unknown workflow, without --to, --reason or --yes', [], 4, /workflow "wf-nope" not found/],
      [
        'a version that does not exist, without --yes or --reason',
        ['--to', '42'],
        4,
        /workflow "wf-rb" has no version 42/,
      ],
      [
        '--expect-current that does not hold, without --yes',
        ['--to', '1', '--reason', 'x', '--expect-current', '2'],
        1,
        /is at version 6, not 2 as --expect-current says/,
      ],
      ['missing --to without a terminal, without --yes', ['--reason', 'x'], 2, /missing --to <version>/],
      ['an unknown workflow with --if-regressed, without --yes', ['--if-regressed'], 4, /workflow "wf-nope" not found/],
    ];
    for (const [what, args, code, message] of cases) {
      it(what, async () => {
        const versions = await db.ds.versions.countDocuments({});
        const audits = await db.ds.audit.countDocuments({});
        const wf = what.startsWith('an unknown workflow') ? 'wf-nope' : 'wf-rb';
        const r = await runCli(['rollback', wf, ...args], { env: db.env });
        expect(r.code, r.stderr).toBe(code);
        expect(r.stderr).toMatch(message);
        expect(r.stdout).toBe('');
        expect(await db.ds.versions.countDocuments({})).toBe(versions);
        expect(await db.ds.audit.countDocuments({})).toBe(audits);
      });
    }
  });
});

describe('invariants of the write path', () => {
  it('a slower writer of an older version never overwrites custom_workflows with older data', async () => {
    let release!: () => void;
    const paused = new Promise<void>((r) => (release = r));
    let reachedPause!: () => void;
    const atPause = new Promise<void>((r) => (reachedPause = r));
    // the slow writer takes version 5, then stalls before its flags and custom_workflows update
    const slow = writeVersion(db.ds, {
      workflowId: 'wf-race',
      data: workflowData('wf-race', 'Workflow wf-race', { revision: 'slow' }),
      description: 'slow',
      actor,
      onStep: async (step: WriteStep) => {
        if (step === 'inserted') {
          reachedPause();
          await paused;
        }
      },
    });
    await atPause;
    // a fast writer takes version 6 and finishes
    const fast = await writeVersion(db.ds, {
      workflowId: 'wf-race',
      data: workflowData('wf-race', 'Workflow wf-race', { revision: 'fast' }),
      description: 'fast',
      actor,
    });
    expect(fast).toMatchObject({ status: 'created', version: 6 });
    release();
    const s = await slow;
    expect(s).toMatchObject({ status: 'created', version: 5, workflowUpdated: false });
    const wf = await db.ds.workflows.findOne({ id: 'wf-race' });
    expect(wf).toMatchObject({ revision: 'fast', current_version: 6 });
    await expectVersionInvariants(db.ds, 'wf-race');
  });

  it('a crash after each write step is reported precisely by db doctor, and --repair completes it', async () => {
    const expected: Record<WriteStep, string[]> = {
      inserted: ['current-flags', 'workflow-behind', 'audit-missing'],
      flagged: ['workflow-behind', 'audit-missing'],
      'workflow-updated': ['audit-missing'],
      audited: [],
    };
    let target = 1;
    for (const step of Object.keys(expected) as WriteStep[]) {
      const crash = new Error(`crash after ${step}`);
      await expect(
        rollbackWorkflow(db.ds, {
          workflowId: 'wf-crash',
          to: target,
          reason: `crash test ${step}`,
          actor,
          onStep: (s) => {
            if (s === step) throw crash;
          },
        }),
      ).rejects.toBe(crash);
      const report = await runDoctor(db.ds, { only: ['versions'] });
      const kinds = report.findings.filter((f) => f.check === 'versions').map((f) => (f.data as { kind: string }).kind);
      expect(kinds, step).toEqual(expected[step]);
      for (const f of report.findings.filter((x) => x.check === 'versions')) expect(f.message).toContain('"wf-crash"');
      if (step === 'inserted') {
        const msgs = report.findings.map((f) => f.message).join('\n');
        const n = await db.ds.versions.countDocuments({ workflow_id: 'wf-crash' });
        expect(msgs).toContain(`the highest version is ${n}, but version ${n - 1} is marked current`);
        expect(msgs).toContain(`custom_workflows is at version ${n - 1}, but version ${n} exists`);
        expect(msgs).toContain(`version ${n} (rollback to ${target}) has no workflow_rolled_back audit record`);
      }
      if (expected[step].includes('audit-missing')) {
        // the crash happened an hour ago
        const [last] = await db.ds.versions
          .find({ workflow_id: 'wf-crash' })
          .sort({ version_number: -1 })
          .limit(1)
          .toArray();
        await db.ds.versions.updateOne({ _id: last!._id }, { $set: { changed_at: new Date(Date.now() - 3_600_000) } });
      }
      const repairStart = new Date();
      const repaired = await runDoctor(db.ds, { only: ['versions'], repair: true, actor });
      expect(
        repaired.findings.filter((f) => f.check === 'versions'),
        step,
      ).toEqual([]);
      if (expected[step].includes('audit-missing')) {
        // a record written late carries the time it was written: an incremental export still picks it up
        const latest = await db.ds.audit.find({ workflow_id: 'wf-crash' }).sort({ timestamp: -1 }).limit(1).next();
        expect((latest!.timestamp as Date).getTime(), step).toBeGreaterThanOrEqual(repairStart.getTime() - 1000);
      }
      expect(repaired.repairs.length > 0).toBe(expected[step].length > 0);
      await expectVersionInvariants(db.ds, 'wf-crash');
      target = target === 1 ? 2 : 1;
    }
    // every rollback that produced a version has its audit record, exactly once
    const rollbacks = await db.ds.versions.find({ workflow_id: 'wf-crash', rollback_of: { $exists: true } }).toArray();
    const audits = await db.ds.audit.find({ workflow_id: 'wf-crash', event_type: 'workflow_rolled_back' }).toArray();
    expect(audits.map((a) => (a.details as { new_version: number }).new_version).sort()).toEqual(
      rollbacks.map((v) => v.version_number).sort(),
    );
  });

  it('re-running an interrupted rollback completes it instead of writing another version', async () => {
    await expect(
      rollbackWorkflow(db.ds, {
        workflowId: 'wf-flags',
        to: 1,
        reason: 'interrupted',
        actor,
        onStep: (s) => {
          if (s === 'inserted') throw new Error('crash');
        },
      }),
    ).rejects.toThrow('crash');
    const r = await runCli(['rollback', 'wf-flags', '--to', '1', '--reason', 'interrupted', '--yes', '--json'], {
      env: db.env,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      status: 'unchanged',
      unchangedReason: 'same-data',
      version: 5,
      completed: [5],
    });
    await expectVersionInvariants(db.ds, 'wf-flags');
    expect(await db.ds.audit.countDocuments({ workflow_id: 'wf-flags', event_type: 'workflow_rolled_back' })).toBe(1);
    const doctor = await runCli(['db', 'doctor', '--check', 'versions', '--json'], { env: db.env });
    expect(JSON.parse(doctor.stdout).findings.filter((f: { check: string }) => f.check === 'versions')).toEqual([]);
  });

  it('the write path creates the unique version index, and refuses without uniqueness', async () => {
    const indexes = await db.ds.versions.listIndexes().toArray();
    expect(indexes.find((i) => i.key.workflow_id === 1 && i.key.version_number === -1)?.unique).toBe(true);
    const dbName = `${db.dbName}_nu`;
    const other = await connect({ uri: inject('mongoUri'), dbName, timeoutMs: 10_000 });
    try {
      await seedWorkflow(other, 'wf-nu', chain('wf-nu', 2));
      await other.versions.createIndex({ workflow_id: 1, version_number: -1 }, { name: 'not_unique' });
      const r = await runCli(['rollback', 'wf-nu', '--to', '1', '--reason', 'x', '--yes'], {
        env: { ...db.env, WFCTL_DB: dbName },
      });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        'the index not_unique of workflow_versions is not unique, so concurrent writers could take the same version number; nothing was written',
      );
      expect(await other.versions.countDocuments({})).toBe(2);
    } finally {
      await other.db.dropDatabase();
      await other.close();
    }
  });

  it('a workflow the backend keeps (no current_version, versions not by wfctl) is never synced to its latest version', async () => {
    await seedWorkflow(db.ds, 'wf-backend', chain('wf-backend', 3));
    // the backend never sets current_version, and its live document may hold more than the latest version
    await db.ds.workflows.updateOne(
      { id: 'wf-backend' },
      {
        $unset: { current_version: '' },
        $set: { description: 'edited live', created_at: new Date('2024-01-01T00:00:00Z') },
      },
    );
    const live = await db.ds.workflows.findOne({ id: 'wf-backend' });
    const r = await runCli(['db', 'doctor', '--check', 'versions', '--json'], { env: db.env });
    type F = {
      check: string;
      severity: string;
      data: { kind: string; workflowId?: string; workflows?: Array<{ workflowId: string }> };
    };
    const about = (f: F) =>
      f.data.workflowId === 'wf-backend' || (f.data.workflows ?? []).some((w) => w.workflowId === 'wf-backend');
    const findings = (JSON.parse(r.stdout).findings as F[]).filter((f) => f.check === 'versions' && about(f));
    // one note for every workflow the backend keeps, naming them
    expect(findings.map((f) => [f.severity, f.data.kind])).toEqual([['info', 'workflow-unversioned']]);
    await runCli(['db', 'doctor', '--check', 'versions', '--repair', '--json'], { env: db.env });
    expect(await db.ds.workflows.findOne({ id: 'wf-backend' })).toEqual(live);
    // a write completes the latest version first: that must not revert the live document either
    const e = await runCli(['rollback', 'wf-backend', '--to', '3', '--reason', 'noop', '--yes', '--json'], {
      env: db.env,
    });
    expect(JSON.parse(e.stdout)).toMatchObject({ status: 'unchanged', completed: [] });
    expect(await db.ds.workflows.findOne({ id: 'wf-backend' })).toEqual(live);
    // a real rollback writes custom_workflows, keeping created_at, which the versions lack
    const rb = await runCli(['rollback', 'wf-backend', '--to', '1', '--reason', 'back', '--yes'], { env: db.env });
    expect(rb.code, rb.stderr).toBe(0);
    expect(await db.ds.workflows.findOne({ id: 'wf-backend' })).toMatchObject({
      revision: 1,
      current_version: 4,
      created_at: new Date('2024-01-01T00:00:00Z'),
    });
    await expectVersionInvariants(db.ds, 'wf-backend');
  });

  it('a legacy string current_version is repaired like a number', async () => {
    await seedWorkflow(db.ds, 'wf-legacy', chain('wf-legacy', 3));
    // an older backend wrote the number as a string
    await db.ds.workflows.updateOne({ id: 'wf-legacy' }, { $set: { current_version: '3' as unknown as number } });
    await expect(
      rollbackWorkflow(db.ds, {
        workflowId: 'wf-legacy',
        to: 1,
        reason: 'legacy',
        actor,
        onStep: (s) => {
          if (s === 'flagged') throw new Error('crash');
        },
      }),
    ).rejects.toThrow('crash');
    const report = await runDoctor(db.ds, { only: ['versions'] });
    expect(
      report.findings
        .filter((f) => (f.data as { workflowId?: string }).workflowId === 'wf-legacy')
        .map((f) => f.message),
    ).toEqual([
      'workflow "wf-legacy": custom_workflows is at version 3, but version 4 exists (an interrupted write)',
      'workflow "wf-legacy": version 4 (rollback to 1) has no workflow_rolled_back audit record (an interrupted write)',
    ]);
    const repaired = await runDoctor(db.ds, { only: ['versions'], repair: true, actor });
    expect(repaired.findings.filter((f) => (f.data as { workflowId?: string }).workflowId === 'wf-legacy')).toEqual([]);
    expect(await db.ds.workflows.findOne({ id: 'wf-legacy' })).toMatchObject({ revision: 1, current_version: 4 });
    await expectVersionInvariants(db.ds, 'wf-legacy');
  });

  it('rollback reads from the primary, whatever --read-preference says', async () => {
    const r = await runCli(
      [
        '--read-preference',
        'secondaryPreferred',
        '--verbose',
        'versions',
        'rollback',
        'wf-rb2',
        '--to',
        '1',
        '--dry-run',
      ],
      { env: db.env },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('read preference primary');
    const top = await runCli(
      ['--read-preference', 'secondaryPreferred', '--verbose', 'rollback', 'wf-rb2', '--to', '1', '--dry-run'],
      { env: db.env },
    );
    expect(top.stderr).toContain('read preference primary');
  });

  it('db doctor names gaps and a custom_workflows ahead of its versions; --repair fixes what it can', async () => {
    const states = chain('wf-odd', 4);
    await seedWorkflow(db.ds, 'wf-odd', states);
    await db.ds.versions.deleteOne({ workflow_id: 'wf-odd', version_number: 3 }); // by hand, as an outsider might
    await db.ds.workflows.updateOne({ id: 'wf-odd' }, { $set: { current_version: 9 } });
    const r = await runCli(['db', 'doctor', '--check', 'versions', '--json'], { env: db.env });
    expect(r.code).toBe(1);
    const findings = JSON.parse(r.stdout).findings.filter(
      (f: { check: string; severity: string }) => f.check === 'versions' && f.severity !== 'info',
    );
    expect(findings.map((f: { message: string }) => f.message)).toEqual([
      'workflow "wf-odd": version numbers have gaps: 3 missing',
      'workflow "wf-odd": custom_workflows says current_version 9, but the highest version is 4',
    ]);
    const fixed = await runCli(['db', 'doctor', '--check', 'versions', '--repair', '--json'], { env: db.env });
    const after = JSON.parse(fixed.stdout);
    expect(
      after.findings
        .filter((f: { check: string }) => f.check === 'versions')
        .map((f: { data: { kind: string } }) => f.data.kind),
    ).toEqual(['gaps']);
    expect(after.repairs.map((x: { message: string }) => x.message)).toContain(
      'workflow "wf-odd": custom_workflows set to version 4\'s state',
    );
    expect(await db.ds.workflows.findOne({ id: 'wf-odd' })).toMatchObject({ current_version: 4, revision: 4 });
    await db.ds.versions.deleteMany({ workflow_id: 'wf-odd' });
    await db.ds.workflows.deleteMany({ id: 'wf-odd' });
  });
});
