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
        ['versions', 'create', wf, '--file', workflowFile('pw', 7), '-m', 'never'],
      ]) {
        const r = await runCli(args, { env: { ...auth.envAs('alice'), WFCTL_MONGODB_URI: wrong.toString() } });
        expect(r.code).toBe(1);
        const [first, ...rest] = r.stderr.trim().split('\n');
        expect(first).toBe(
          `wfctl: authentication failed at ${new URL(auth.uri).host} for user "alice" ${named} (authSource "${auth.dbName}"): Authentication failed.`,
        );
        expect(rest.every((l) => l.startsWith('hint: '))).toBe(true);
        for (const secret of ['Wr0ngPassw0rd', auth.users.alice!.password]) {
          expect(r.stdout + r.stderr).not.toContain(secret);
          expect(r.stdout + r.stderr).not.toContain(encodeURIComponent(secret));
        }
      }
    }
  });
});
