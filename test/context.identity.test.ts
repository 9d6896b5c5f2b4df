/**
 * Who acted, on the suite's authenticating server: every write records the database user the
 * connection authenticated as beside the declared one; --identity strict refuses a mismatch.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ObjectId } from 'mongodb';
import { useAuthDatabase } from './support/auth-db.js';
import { runCli } from './support/cli.js';
import { useTestDatabase } from './support/db.js';

const auth = useAuthDatabase('identity_cli', ['alice', 'bob']);
const dir = mkdtempSync(join(tmpdir(), 'wfctl-identity-'));
const wfId = new ObjectId();
const wf = wfId.toHexString();

function workflowFile(name: string, steps: number): string {
  const p = join(dir, `${name}.json`);
  writeFileSync(
    p,
    JSON.stringify({
      name: 'Invoices',
      description: `v with ${steps} steps`,
      enabled: true,
      trigger: { trigger_type: 'manual', config: {} },
      actions: Array.from({ length: steps }, (_, i) => ({
        action_type: 'send_email',
        name: `step ${i}`,
        config: {},
        order: i,
        enabled: true,
      })),
    }),
  );
  return p;
}

const audit = () => auth.admin.db(auth.dbName).collection('workflow_audit_logs');
const versions = () => auth.admin.db(auth.dbName).collection('workflow_versions');
const counts = async () => ({
  audit: await audit().countDocuments(),
  versions: await versions().countDocuments(),
  workflow: await auth.admin.db(auth.dbName).collection('custom_workflows').findOne({ _id: wfId }),
});

beforeAll(async () => {
  await auth.admin
    .db(auth.dbName)
    .collection('custom_workflows')
    .insertOne({ _id: wfId, name: 'Invoices', enabled: true, actions: [], created_at: new Date() });
});

describe('two authenticated users', () => {
  it('are told apart in the versions and the audit trail, beside the declared user', async () => {
    const a = await runCli(['--as', 'ops', 'versions', 'create', wf, '--file', workflowFile('a', 1), '-m', 'first'], {
      env: auth.envAs('alice'),
    });
    expect(a.stderr).toBe('');
    expect(a.code).toBe(0);
    const b = await runCli(['--as', 'ops', 'versions', 'create', wf, '--file', workflowFile('b', 2), '-m', 'second'], {
      env: auth.envAs('bob'),
    });
    expect(b.code).toBe(0);
    const v = await versions().find({ workflow_id: wf }).sort({ version_number: 1 }).toArray();
    expect(v.map((d) => [d.changed_by, d.authenticated_user])).toEqual([
      ['ops', 'alice'],
      ['ops', 'bob'],
    ]);
    const events = await audit().find({ workflow_id: wf }).sort({ 'details.version_number': 1 }).toArray();
    expect(events.map((e) => [e.event_type, e.user_id, e.authenticated_user])).toEqual([
      ['version_created', 'ops', 'alice'],
      ['version_created', 'ops', 'bob'],
    ]);
  });

  it('a rollback records the authenticated user on its version and its audit record', async () => {
    const r = await runCli(['rollback', wf, '--to', '1', '--reason', 'two steps broke', '--yes'], {
      env: { ...auth.envAs('bob'), WFCTL_USER: 'carol' },
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const v3 = await versions().findOne({ workflow_id: wf, version_number: 3 });
    expect([v3?.changed_by, v3?.authenticated_user]).toEqual(['carol', 'bob']);
    const e = await audit().findOne({ workflow_id: wf, event_type: 'workflow_rolled_back' });
    expect([e?.user_id, e?.authenticated_user]).toEqual(['carol', 'bob']);
  });

  it('an export records its exporter in the audit_exported event', async () => {
    const out = join(dir, 'export.ndjson');
    const r = await runCli(
      ['--as', 'auditor', 'audit', 'export', '--format', 'ndjson', '--settle', '0', '--output', out],
      {
        env: auth.envAs('alice'),
      },
    );
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8').split('\n').filter(Boolean)).toHaveLength(3);
    const e = await audit().findOne({ event_type: 'audit_exported' });
    expect([e?.user_id, e?.authenticated_user]).toEqual(['auditor', 'alice']);
  });
});

describe('--identity strict', () => {
  it('refuses a declared user other than the authenticated one: exit 2, nothing written', async () => {
    const before = await counts();
    for (const [args, env] of [
      [['--identity', 'strict', '--as', 'mallory'], auth.envAs('alice')],
      [['--as', 'mallory'], { ...auth.envAs('alice'), WFCTL_IDENTITY: 'strict' }],
    ] as const) {
      const r = await runCli([...args, 'versions', 'create', wf, '--file', workflowFile('s', 4), '-m', 'no'], {
        env,
      });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/declared user "mallory" \(from --as\) is not the authenticated database user "alice"/);
      expect(r.stderr.trim().split('\n')[0]).toMatch(/nothing was written$/);
    }
    const rb = await runCli(
      ['--identity', 'strict', '--as', 'mallory', 'rollback', wf, '--to', '2', '--reason', 'x', '--yes'],
      { env: auth.envAs('alice') },
    );
    expect(rb.code).toBe(2);
    // a dry run answers as the real run would
    const dry = await runCli(
      ['--identity', 'strict', '--as', 'mallory', 'rollback', wf, '--to', '2', '--reason', 'x', '--dry-run'],
      { env: auth.envAs('alice') },
    );
    expect(dry.code).toBe(2);
    const ex = await runCli(
      [
        '--identity',
        'strict',
        '--as',
        'mallory',
        'audit',
        'export',
        '--format',
        'ndjson',
        '--output',
        join(dir, 'no.ndjson'),
      ],
      { env: auth.envAs('alice') },
    );
    expect(ex.code).toBe(2);
    expect(() => readFileSync(join(dir, 'no.ndjson'))).toThrow(/ENOENT/);
    expect(await counts()).toEqual(before);
  });

  it('accepts the authenticated user, declared or not', async () => {
    const r = await runCli(
      ['--identity', 'strict', '--as', 'alice', 'versions', 'create', wf, '--file', workflowFile('ok', 5), '-m', 'ok'],
      { env: auth.envAs('alice') },
    );
    expect(r.code).toBe(0);
    const r2 = await runCli(['versions', 'create', wf, '--file', workflowFile('ok2', 6), '-m', 'ok'], {
      env: { ...auth.envAs('bob'), WFCTL_IDENTITY: 'strict' },
    });
    expect(r2.code).toBe(0);
    const v = await versions().find({ workflow_id: wf }).sort({ version_number: -1 }).limit(2).toArray();
    expect(v.map((d) => [d.changed_by, d.authenticated_user])).toEqual([
      ['bob', 'bob'],
      ['alice', 'alice'],
    ]);
  });

  it('reads are unaffected by strict mode', async () => {
    const r = await runCli(['--identity', 'strict', '--as', 'mallory', 'versions', 'list', wf], {
      env: auth.envAs('alice'),
    });
    expect(r.code).toBe(0);
  });

  it('an unknown mode is exit 2, from the flag or the environment', async () => {
    const r = await runCli(['--identity', 'lax', 'versions', 'list', wf], { env: auth.envAs('alice') });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--identity/);
    const e = await runCli(['versions', 'list', wf], { env: { ...auth.envAs('alice'), WFCTL_IDENTITY: 'lax' } });
    expect(e.code).toBe(2);
    expect(e.stderr).toContain('WFCTL_IDENTITY="lax" is not an identity mode; accepted: record, strict');
  });
});

describe('declared and authenticated users, shown where they differ', () => {
  // versions by now: 1 ops/alice, 2 ops/bob, 3 carol/bob (rollback), 4 alice/alice, 5 bob/bob
  it('versions list: JSON both, piped the stored value last, a terminal only the differing ones', async () => {
    const env = auth.envAs('alice');
    const j = await runCli(['versions', 'list', wf, '--json', '--no-health'], { env });
    expect(j.code).toBe(0);
    const items = (JSON.parse(j.stdout) as { versions: Array<Record<string, unknown>> }).versions;
    expect(items.map((v) => [v.version, v.changedBy, v.authenticatedUser])).toEqual([
      [5, 'bob', 'bob'],
      [4, 'alice', 'alice'],
      [3, 'carol', 'bob'],
      [2, 'ops', 'bob'],
      [1, 'ops', 'alice'],
    ]);
    const piped = await runCli(['versions', 'list', wf, '--no-health'], { env });
    expect(
      piped.stdout
        .trim()
        .split('\n')
        .map((l) => l.split('\t').at(-1)),
    ).toEqual(['bob', 'alice', 'bob', 'bob', 'alice']);
    const csv = await runCli(['versions', 'list', wf, '--no-health', '--format', 'csv'], { env });
    expect(csv.stdout.split('\r\n')[0]).toBe(
      'version,current,changed at,changed by,description,restores,reason,authenticated user',
    );
    const tty = await runCli(['versions', 'list', wf, '--no-health'], { env, tty: true, columns: 200 });
    const lines = tty.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/CHANGED BY\s+AUTHENTICATED AS/);
    const row = (n: number) => lines.find((l) => new RegExp(`^\\s*${n}\\s`).test(l))!;
    expect(row(3)).toMatch(/carol\s+bob/);
    expect(row(1)).toMatch(/ops\s+alice/);
    expect(row(4)).not.toMatch(/alice\s+alice/);
    const show = await runCli(['versions', 'show', wf, '1'], { env });
    expect(show.stdout).toMatch(/^changed by:\s+ops$/m);
    expect(show.stdout).toMatch(/^authenticated as:\s+alice$/m);
    const same = await runCli(['versions', 'show', wf, '4'], { env });
    expect(same.stdout).not.toContain('authenticated as');
    const showJson = JSON.parse((await runCli(['versions', 'show', wf, '1', '--json'], { env })).stdout);
    expect(showJson.version).toMatchObject({ changedBy: 'ops', authenticatedUser: 'alice' });
  });

  it('audit list: JSON, CSV and a terminal', async () => {
    const env = auth.envAs('alice');
    const j = await runCli(['audit', 'list', '--workflow', wf, '--json'], { env });
    expect(j.code).toBe(0);
    const events = (JSON.parse(j.stdout) as { events: Array<Record<string, unknown>> }).events;
    expect(new Set(events.map((e) => `${e.userId}/${e.authenticatedUser}`))).toEqual(
      new Set(['bob/bob', 'alice/alice', 'carol/bob', 'ops/bob', 'ops/alice']),
    );
    const csv = await runCli(['audit', 'list', '--workflow', wf, '--format', 'csv'], { env });
    const [head, ...rows] = csv.stdout.trim().split('\r\n');
    expect(head).toBe('time,event,workflow,user,ip,summary,workflow name,authenticated user');
    expect(rows.map((r) => r.split(',').at(-1)).sort()).toEqual(['alice', 'alice', 'bob', 'bob', 'bob']);
    const tty = await runCli(['audit', 'list', '--workflow', wf], { env, tty: true, columns: 220 });
    expect(tty.stdout).toMatch(/USER\s+AUTHENTICATED AS/);
    expect(tty.stdout).toMatch(/carol\s+bob/);
    expect(tty.stdout).toMatch(/ops\s+alice/);
  });

  it('audit user: the timeline and the database users a declared name was written by', async () => {
    const env = auth.envAs('alice');
    const j = await runCli(['audit', 'user', 'ops', '--json'], { env });
    expect(j.code).toBe(0);
    const a = JSON.parse(j.stdout) as {
      timeline: Array<{ authenticatedUser: string | null }>;
      authenticatedUsers: Array<{ key: string | null; count: number }>;
    };
    expect(a.timeline.map((e) => e.authenticatedUser).sort()).toEqual(['alice', 'bob']);
    expect(a.authenticatedUsers).toEqual([
      { key: 'alice', count: 1 },
      { key: 'bob', count: 1 },
    ]);
    const tty = await runCli(['audit', 'user', 'ops'], { env, tty: true, columns: 200 });
    expect(tty.stdout).toMatch(/AUTHENTICATED AS/);
    expect(tty.stdout).toContain('Authenticated database users');
    const self = await runCli(['audit', 'user', 'alice'], { env, tty: true, columns: 200 });
    // alice's own records were written by alice: nothing differs, no column
    expect(self.stdout).not.toMatch(/AUTHENTICATED AS/);
  });
});

describe('db doctor --repair', () => {
  it("keeps the writer's identity on a record it completes and names who completed it", async () => {
    const rec = await audit().findOne({ workflow_id: wf, 'details.version_number': 1, event_type: 'version_created' });
    await audit().deleteOne({ _id: rec!._id });
    const strict = await runCli(['--identity', 'strict', '--as', 'mallory', 'db', 'doctor', '--repair'], {
      env: auth.envAs('bob'),
    });
    expect(strict.code).toBe(2);
    expect(await audit().findOne({ _id: rec!._id })).toBeNull();
    const r = await runCli(['--as', 'fixer', 'db', 'doctor', '--repair'], { env: auth.envAs('bob') });
    expect(r.stderr).not.toMatch(/error/i);
    const again = await audit().findOne({ _id: rec!._id });
    expect([again?.user_id, again?.authenticated_user]).toEqual(['ops', 'alice']);
    expect(again?.metadata).toMatchObject({ completed_by: 'fixer', completed_by_authenticated: 'bob' });
  });
});

describe('a connection that does not authenticate', () => {
  const plain = useTestDatabase('identity_plain_cli');
  const plainId = new ObjectId();

  beforeAll(async () => {
    await plain.ds.workflows.insertOne({ _id: plainId, name: 'Plain', enabled: true, actions: [] } as never);
  });

  it('records no authenticated user and shows nothing new', async () => {
    const r = await runCli(
      ['--as', 'ops', 'versions', 'create', plainId.toHexString(), '--file', workflowFile('p', 1), '-m', 'plain'],
      { env: plain.env },
    );
    expect(r.code).toBe(0);
    const v = await plain.ds.versions.findOne({ workflow_id: plainId.toHexString() });
    expect(v?.changed_by).toBe('ops');
    expect(v && 'authenticated_user' in v).toBe(false);
    const e = await plain.ds.audit.findOne({ workflow_id: plainId.toHexString() });
    expect(e?.user_id).toBe('ops');
    expect(e && 'authenticated_user' in e).toBe(false);
    const tty = await runCli(['versions', 'list', plainId.toHexString(), '--no-health'], {
      env: plain.env,
      tty: true,
      columns: 200,
    });
    expect(tty.stdout).not.toMatch(/AUTHENTICATED/);
  });

  it('under strict mode is exit 2 with nothing written', async () => {
    const before = await plain.ds.versions.countDocuments();
    const beforeAudit = await plain.ds.audit.countDocuments();
    for (const args of [
      ['--identity', 'strict'],
      ['--identity', 'strict', '--as', 'ops'],
    ]) {
      const r = await runCli(
        [...args, 'versions', 'create', plainId.toHexString(), '--file', workflowFile('p2', 2), '-m', 'no'],
        { env: plain.env },
      );
      expect(r.code).toBe(2);
      expect(r.stderr.split('\n')[0]).toMatch(
        /^wfctl: identity strict needs an authenticated connection: .*nothing was written$/,
      );
    }
    expect(await plain.ds.versions.countDocuments()).toBe(before);
    expect(await plain.ds.audit.countDocuments()).toBe(beforeAudit);
  });
});

describe('a wrong password', () => {
  it('is one line naming the user and the mechanism, never the password', async () => {
    const wrong = new URL(auth.users.alice!.uri);
    wrong.password = 'Wr0ngPassw0rd';
    for (const [mech, named] of [
      ['SCRAM-SHA-256', 'with SCRAM-SHA-256'],
      ['SCRAM-SHA-1', 'with SCRAM-SHA-1'],
      [null, "with the driver's default (SCRAM-SHA-256, or SCRAM-SHA-1 where the server offers only that)"],
    ] as const) {
      if (mech) wrong.searchParams.set('authMechanism', mech);
      else wrong.searchParams.delete('authMechanism');
      for (const args of [
        ['versions', 'list', wf],
        ['-v', 'versions', 'list', wf],
        ['versions', 'create', wf, '--file', workflowFile('pw', 7), '-m', 'never'],
      ]) {
        const r = await runCli(args, { env: { ...auth.envAs('alice'), WFCTL_MONGODB_URI: wrong.toString() } });
        expect(r.code).toBe(1);
        // --verbose says where it connects first
        const [first, ...rest] = r.stderr
          .trim()
          .split('\n')
          .filter((l) => !l.startsWith('wfctl: connecting to'));
        expect(first).toBe(
          `wfctl: authentication failed at ${new URL(auth.uri).host} for user "alice" ${named} (authSource "${auth.dbName}"): Authentication failed.`,
        );
        // --verbose adds the stack trace; without it, the line and its hint only
        if (args[0] !== '-v') expect(rest.every((l) => l.startsWith('hint: '))).toBe(true);
        for (const secret of ['Wr0ngPassw0rd', auth.users.alice!.password]) {
          expect(r.stdout + r.stderr).not.toContain(secret);
          expect(r.stdout + r.stderr).not.toContain(encodeURIComponent(secret));
        }
      }
    }
  });
});
