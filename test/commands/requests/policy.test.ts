/**
 * Where the approval policy comes from (a context's `approvals: N`), and an
 * unauthenticated connection: the declared user stands in, and every
 * approval says so.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type DataSource } from '../../../src/data/core/index.js';
import { runBin } from '../../support/cli.js';
import { useAuthDatabase } from '../../support/auth-db.js';
import { useTestDatabase } from '../../support/db.js';
import { chain, seedWorkflow } from '../../support/version-fixtures.js';

const auth = useAuthDatabase('approval-ctx', ['alice', 'bob']);
const plain = useTestDatabase('approval-plain');
let ds: DataSource;
let dir: string;

beforeAll(async () => {
  ds = await connect({ uri: auth.users.alice!.uri, dbName: auth.dbName, timeoutMs: 10_000 });
  await seedWorkflow(ds, 'wf-ctx', chain('wf-ctx', 3));
  await seedWorkflow(plain.ds, 'wf-plain', chain('wf-plain', 3));
  dir = mkdtempSync(join(tmpdir(), 'wfctl-approval-'));
  const contexts = ['alice', 'bob'].map((u) => {
    writeFileSync(join(dir, `${u}.uri`), auth.users[u]!.uri, { mode: 0o600 });
    return `  ${u}:\n    uri-file: ${u}.uri\n    db: ${auth.dbName}\n    approvals: 1\n`;
  });
  writeFileSync(join(dir, 'config.yaml'), `contexts:\n${contexts.join('')}`, { mode: 0o600 });
});
afterAll(async () => {
  await ds?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the approval policy', () => {
  it("a context's approvals: 1 files the rollback as a request; another user's approval lets it apply", async () => {
    const env = { WFCTL_CONFIG: join(dir, 'config.yaml'), NO_COLOR: '1' };
    const filed = await runBin(['--context', 'alice', 'rollback', 'wf-ctx', '--to', '1', '--reason', 'r'], { env });
    expect(filed.code, filed.stderr).toBe(0);
    expect(filed.stdout).toContain('It needs 1 approval from others than alice');
    const id = /cr-[0-9a-f]{10}/.exec(filed.stdout)![0];
    expect(await ds.versions.countDocuments({ workflow_id: 'wf-ctx' })).toBe(3);
    expect((await runBin(['--context', 'alice', 'apply', id], { env })).code).toBe(1);
    expect((await runBin(['--context', 'bob', 'approve', id], { env })).code).toBe(0);
    const applied = await runBin(['--context', 'alice', 'apply', id], { env });
    expect(applied.code, applied.stderr).toBe(0);
    expect(await ds.versions.countDocuments({ workflow_id: 'wf-ctx' })).toBe(4);
  });

  it('without authentication the declared user stands in, and every approval says "identity not authenticated"', async () => {
    const env = (user: string) => ({ ...plain.env, WFCTL_USER: user, WFCTL_APPROVALS: '1' });
    const filed = await runBin(['rollback', 'wf-plain', '--to', '1', '--reason', 'r'], { env: env('erin') });
    expect(filed.code, filed.stderr).toBe(0);
    expect(filed.stdout).toContain('others than erin (identity not authenticated)');
    const id = /cr-[0-9a-f]{10}/.exec(filed.stdout)![0];
    const self = await runBin(['approve', id], { env: env('erin') });
    expect(self.code).toBe(1);
    const r = await runBin(['approve', id], { env: env('frank') });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('as frank (identity not authenticated)');
    const show = await runBin(['requests', 'show', id], { env: env('frank') });
    expect(show.stdout).toContain('approved by frank (identity not authenticated)');
    const e = await plain.ds.audit.findOne({ event_type: 'change_approved', 'details.request_id': id });
    expect(e).toMatchObject({ user_id: 'frank', details: { authenticated: false, declared_user: 'frank' } });
    expect((await runBin(['requests', 'list', '--json'], { env: env('frank') })).stdout).toContain(id);
    // WFCTL_APPROVALS that is not a number is refused
    expect(
      (
        await runBin(['rollback', 'wf-plain', '--to', '1', '--reason', 'r'], {
          env: { ...env('x'), WFCTL_APPROVALS: 'two' },
        })
      ).code,
    ).toBe(2);
  });
});
