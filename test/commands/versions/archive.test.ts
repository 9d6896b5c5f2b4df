/**
 * `versions archive`: keeps the newest N, the current version and what kept
 * rollbacks restored; archives the rest to a verified file; deletes exactly
 * those (decided again at delete time); killed after each step, the same
 * command finishes; bad inputs exit 2 with nothing written or deleted.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ObjectId } from 'mongodb';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { splitVersions } from '../../../src/data/versions/index.js';
import { exportedDocuments } from '../../support/audit-fixtures.js';
import { ROOT, runCli } from '../../support/cli.js';
import { useTestDatabase } from '../../support/db.js';
import { chain, seedWorkflow } from '../../support/version-fixtures.js';

const db = useTestDatabase('versions_archive');
const dir = mkdtempSync(join(tmpdir(), 'wfctl-versions-archive-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const W = 'aaaaaaaaaaaaaaaaaaaaaaaa';
const env = () => db.env;
let n = 0;
const file = () => join(dir, `versions-${++n}.ndjson`);
const numbers = async () =>
  (await db.ds.versions.find({ workflow_id: W }).sort({ version_number: 1 }).toArray()).map((v) => v.version_number);

beforeEach(async () => {
  await db.ds.versions.deleteMany({});
  await db.ds.workflows.deleteMany({});
  await db.ds.audit.deleteMany({});
  await seedWorkflow(db.ds, W, chain(W, 10));
  // version 9 is a rollback to version 3 (as the backend describes it)
  await db.ds.versions.updateOne(
    { workflow_id: W, version_number: 9 },
    { $set: { change_description: 'Rolled back to version 3. Reason: v8 broke it' } },
  );
});

describe('versions archive', () => {
  it('the keep rule: newest N, the current one, and what kept rollbacks restored (through rollbacks of rollbacks)', () => {
    const v = (n: number, extra: Record<string, unknown> = {}) => ({
      _id: new ObjectId(),
      version_number: n,
      ...extra,
    });
    const docs = [
      v(1),
      v(2),
      v(3),
      v(4, { change_description: 'Rolled back to version 2. Reason: x' }),
      v(5),
      v(6, { rollback_of: 4 }),
      v(7, { is_current: true }),
    ];
    const p = splitVersions(W, docs, 2);
    expect(p.kept).toEqual([7, 6, 4, 2]);
    expect(p.archived.map((a) => a.version)).toEqual([1, 3, 5]);
    // a stale current flag on an old version keeps it too
    expect(splitVersions(W, [v(1, { is_current: true }), v(2), v(3)], 1).archived.map((a) => a.version)).toEqual([2]);
  });

  it('archives, verifies, then deletes exactly the file, deciding again what to keep; a rerun deletes nothing more', async () => {
    const dry = await runCli(['versions', 'archive', W, '--keep', '3', '--dry-run', '--json'], { env: env() });
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({
      workflows: [{ workflowId: W, archived: [1, 2, 4, 5, 6, 7], kept: [10, 9, 8, 3] }],
    });
    const out = file();
    const r1 = await runCli(['versions', 'archive', W, '--keep', '3', '-o', out, '--json'], { env: env() });
    expect(r1.code).toBe(0);
    expect(JSON.parse(r1.stdout)).toMatchObject({ records: 6, deleted: null });
    expect(exportedDocuments(readFileSync(out, 'utf8')).map((d) => Number(d.version_number))).toEqual([
      1, 2, 4, 5, 6, 7,
    ]);
    expect(await numbers()).toHaveLength(10);

    // meanwhile a rollback to version 5 is saved as version 11: version 5 must now stay
    await db.ds.versions.updateMany({ workflow_id: W }, { $set: { is_current: false } });
    await db.ds.versions.insertOne({
      workflow_id: W,
      version_number: 11,
      workflow_data: {},
      change_description: 'Rolled back to version 5. Reason: back to 5',
      changed_by: 'bob',
      changed_at: new Date(),
      diff: {},
      is_current: true,
    });
    const r2 = await runCli(['versions', 'archive', W, '--keep', '3', '-o', out, '--delete', '--json'], {
      env: env(),
    });
    expect(r2.code).toBe(0);
    expect(JSON.parse(r2.stdout)).toMatchObject({ records: 6, deleted: 5, kept: 1 });
    expect(await numbers()).toEqual([3, 5, 8, 9, 10, 11]);
    const ev = await db.ds.audit.findOne({ event_type: 'versions_archived' });
    expect(ev?.details).toMatchObject({ count: 5, archived: 6, kept: 1, keep: 3 });
    expect(ev?.workflow_id).toBe(W);

    const r3 = await runCli(['versions', 'archive', W, '--keep', '3', '-o', out, '--delete'], { env: env() });
    expect(r3.code).toBe(0);
    expect(r3.stderr).toContain('nothing more was deleted');
    expect(await db.ds.audit.countDocuments({ event_type: 'versions_archived' })).toBe(1);
  });

  it('bad inputs exit 2 with nothing written or deleted', async () => {
    const out = file();
    for (const args of [
      ['versions', 'archive', '--keep', '3', '-o', out],
      ['versions', 'archive', W, '--all', '--keep', '3', '-o', out],
      ['versions', 'archive', W, '--keep', '0', '-o', out],
      ['versions', 'archive', W, '--keep', '50', '-o', out, '--delete'],
      ['versions', 'archive', W, '--keep', '3'],
      ['versions', 'archive', W, '-o', out],
    ]) {
      const r = await runCli(args, { env: env() });
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
    }
    expect(existsSync(out)).toBe(false);
    writeFileSync(out, 'precious');
    const r = await runCli(['versions', 'archive', W, '--keep', '3', '-o', out, '--delete'], { env: env() });
    expect(r.code).toBe(2);
    expect(readFileSync(out, 'utf8')).toBe('precious');
    expect(await numbers()).toHaveLength(10);
  });

  it.each(['written', 'verified', 'deleting', 'batch', 'recorded', 'done'])(
    'killed (SIGKILL) after "%s": the same command finishes, deleting exactly the file',
    async (step) => {
      const out = file();
      const script = `
        const { connect } = await import(${JSON.stringify(join(ROOT, 'dist/data/core/index.js'))});
        const { archiveVersions } = await import(${JSON.stringify(join(ROOT, 'dist/data/versions/index.js'))});
        const [uri, dbName, output, step, wf] = process.argv.slice(1);
        const ds = await connect({ uri, dbName, timeoutMs: 10000 });
        await archiveVersions(ds, {
          workflowId: wf, keep: 3, output, delete: true, batchSize: 2,
          actor: { user: 'crash-test', host: 'h', userAgent: 'wfctl/test' },
          onStep: (s) => { if (s === step) process.kill(process.pid, 'SIGKILL'); },
        });`;
      const child = spawn(process.execPath, ['--input-type=module', '-e', script, db.uri, db.dbName, out, step, W], {
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      expect(await new Promise((r) => child.on('exit', (_c, s) => r(s)))).toBe('SIGKILL');
      const r = await runCli(['versions', 'archive', W, '--keep', '3', '-o', out, '--delete', '--json'], {
        env: env(),
      });
      expect(r.code).toBe(0);
      expect(await numbers()).toEqual([3, 8, 9, 10]);
      expect(exportedDocuments(readFileSync(out, 'utf8')).map((d) => Number(d.version_number))).toEqual([
        1, 2, 4, 5, 6, 7,
      ]);
      expect(await db.ds.audit.countDocuments({ event_type: 'versions_archived' })).toBe(1);
    },
  );
});
