/**
 * `audit archive` end to end: archive -> verify -> reconcile -> delete with a
 * live writer (late records survive; nothing deleted that is not in the
 * file), holds respected, idempotent reruns, the audit events, and every bad
 * input exit 2 with nothing written or deleted.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ObjectId } from 'mongodb';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { insertAudit, makeAuditDocs, ndjsonRecords } from '../../support/audit-fixtures.js';
import { runCli } from '../../support/cli.js';
import { useTestDatabase } from '../../support/db.js';

const db = useTestDatabase('audit_archive');
const dir = mkdtempSync(join(tmpdir(), 'wfctl-archive-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = () => ({ ...db.env, WFCTL_EXPORT_HMAC_KEY: '' });
const START = new Date('2025-01-01T00:00:00Z');
const BEFORE = '2025-01-01T10:00:00Z';
let n = 0;
const file = (ext = 'ndjson') => join(dir, `archive-${++n}.${ext}`);

beforeEach(async () => {
  await db.ds.audit.deleteMany({});
  await db.ds.collection('wfctl_legal_holds').deleteMany({});
  // 1,000 records, one a minute: 600 before 10:00, 400 after
  await insertAudit(db.ds, makeAuditDocs(1000, START, 60_000));
});

const inRange = () => db.ds.audit.countDocuments({ timestamp: { $lt: new Date(BEFORE) } });

describe('audit archive', () => {
  it('archives, verifies and without --delete deletes nothing; with --delete exactly the file', async () => {
    const out = file();
    const r1 = await runCli(['audit', 'archive', '--before', BEFORE, '-o', out, '--json'], { env: env() });
    expect(r1.stderr).toContain('Nothing was deleted');
    expect(r1.code).toBe(0);
    const j1 = JSON.parse(r1.stdout) as { records: number; deleted: number | null };
    expect(j1).toMatchObject({ records: 600, deleted: null });
    expect(await inRange()).toBe(600);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(statSync(`${out}.archive.json`).mode & 0o777).toBe(0o600);

    // a late record inside the range, after the file was written: not in the file, so never deleted
    const late = new ObjectId();
    await db.ds.audit.insertOne({
      _id: late,
      event_type: 'workflow_updated',
      workflow_id: 'wf-late',
      user_id: 'late',
      details: {},
      metadata: {},
      timestamp: new Date('2025-01-01T05:00:00Z'),
      ip_address: null,
      user_agent: null,
    });
    const r2 = await runCli(['audit', 'archive', '--before', BEFORE, '-o', out, '--delete', '--json'], { env: env() });
    expect(r2.stderr).toContain('remains for the next archive');
    expect(r2.code).toBe(0);
    const j2 = JSON.parse(r2.stdout) as { deleted: number; remaining: number; event: string; manifestSha256: string };
    expect(j2.deleted).toBe(600);
    expect(j2.remaining).toBe(1);
    expect(await inRange()).toBe(1);
    expect(await db.ds.audit.countDocuments({ _id: late })).toBe(1);
    expect(await db.ds.audit.countDocuments({ timestamp: { $gte: new Date(BEFORE) } })).toBe(
      400 + 2 /* audit_exported, audit_archived */,
    );
    // every deleted id is in the file
    const ids = new Set(ndjsonRecords(readFileSync(out, 'utf8')).map((r) => String(r._id)));
    expect(ids.size).toBe(600);
    const left = await db.ds.audit.find({}, { projection: { _id: 1 } }).toArray();
    for (const d of left) expect(ids.has(String(d._id))).toBe(false);

    const ev = await db.ds.audit.findOne({ event_type: 'audit_archived' });
    expect(ev?._id.toHexString()).toBe(j2.event);
    expect(ev?.details).toMatchObject({
      count: 600,
      archived: 600,
      kept_held: 0,
      file: out.split('/').pop(),
      manifest_sha256: j2.manifestSha256,
      range: { before: new Date(BEFORE).toISOString() },
    });
    expect(ev?.user_id).toBe('test-user');

    // idempotent: the same command again deletes nothing more and says so
    const r3 = await runCli(['audit', 'archive', '--before', BEFORE, '-o', out, '--delete'], { env: env() });
    expect(r3.code).toBe(0);
    expect(r3.stderr).toContain('nothing more was deleted');
    expect(await db.ds.audit.countDocuments({ event_type: 'audit_archived' })).toBe(1);
    expect(await db.ds.audit.countDocuments({ _id: late })).toBe(1);

    // the next archive takes the late record
    const out2 = file();
    const r4 = await runCli(['audit', 'archive', '--before', BEFORE, '-o', out2, '--delete', '--json'], {
      env: env(),
    });
    expect(r4.code).toBe(0);
    expect(JSON.parse(r4.stdout)).toMatchObject({ records: 1, deleted: 1, remaining: 0 });
    expect(await inRange()).toBe(0);
  });

  it('deletes nothing when the file does not verify (altered after it was written)', async () => {
    const out = file();
    expect((await runCli(['audit', 'archive', '--before', BEFORE, '-o', out], { env: env() })).code).toBe(0);
    const text = readFileSync(out, 'utf8').replace('record 3"', 'record X"');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(out, text);
    const r = await runCli(['audit', 'archive', '--before', BEFORE, '-o', out, '--delete'], { env: env() });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/does not verify|not the file/);
    expect(r.stderr).toContain('nothing was deleted');
    expect(await inRange()).toBe(600);
  });

  it('never deletes a held record: archives it and says how many it kept; holds and releases are events', async () => {
    const add = await runCli(
      ['audit', 'hold', 'add', '--user', 'user-1', '--until', '2025-01-01T05:00:00Z', '--reason', 'case 17', '--json'],
      { env: env() },
    );
    expect(add.code).toBe(0);
    const hold = JSON.parse(add.stdout) as { id: string };
    const list = await runCli(['audit', 'hold', 'list'], { env: env() });
    expect(list.stdout).toContain(hold.id);
    expect(list.stdout).toContain('case 17');

    const dry = await runCli(['audit', 'archive', '--before', BEFORE, '--dry-run', '--json'], { env: env() });
    expect(dry.code).toBe(0);
    const preview = JSON.parse(dry.stdout) as { records: number; held: number; byTypeAndMonth: unknown[] };
    expect(preview.records).toBe(600);
    expect(preview.held).toBe(75); // user-1 is every 4th record; 300 records before 05:00
    expect(preview.byTypeAndMonth).toHaveLength(5);

    const out = file('csv');
    const r = await runCli(
      ['audit', 'archive', '--before', BEFORE, '-o', out, '--format', 'csv', '--delete', '--json'],
      {
        env: env(),
      },
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ records: 600, deleted: 525, kept: 75 });
    expect(r.stderr).toContain('Kept 75 records under a legal hold');
    expect(await inRange()).toBe(75);
    expect(await db.ds.audit.countDocuments({ event_type: 'legal_hold_added' })).toBe(1);

    const rel = await runCli(['audit', 'hold', 'release', hold.id, '--reason', 'closed'], { env: env() });
    expect(rel.code).toBe(0);
    expect(await db.ds.audit.countDocuments({ event_type: 'legal_hold_released' })).toBe(1);
    // released: the next archive takes them
    const r2 = await runCli(['audit', 'archive', '--before', BEFORE, '-o', file(), '--delete', '--json'], {
      env: env(),
    });
    expect(JSON.parse(r2.stdout)).toMatchObject({ records: 75, deleted: 75, kept: 0 });
  });

  it('bad inputs exit 2 with nothing written or deleted', async () => {
    const before = await db.ds.audit.countDocuments();
    const out = file();
    const cases: string[][] = [
      ['audit', 'archive', '--before', '2999-01-01', '-o', out, '--delete'],
      ['audit', 'archive', '--before', '2020-01-01', '-o', out, '--delete'],
      ['audit', 'archive', '--before', '2999-01-01', '--dry-run'],
      ['audit', 'archive', '--before', BEFORE],
      ['audit', 'archive', '-o', out],
      ['audit', 'archive', '--before', 'yesterday-ish', '-o', out],
      ['audit', 'hold', 'release', 'hold-00000000', '--reason', 'x'],
      ['audit', 'hold', 'add', '--reason', 'no scope'],
      ['audit', 'hold', 'add', '--user', 'u'],
    ];
    for (const args of cases) {
      const r = await runCli(args, { env: env() });
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
    }
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.archive.json`)).toBe(false);
    expect(await db.ds.audit.countDocuments()).toBe(before);
    // an existing file that is not an archive in progress is never replaced
    const { writeFileSync } = await import('node:fs');
    writeFileSync(out, 'precious');
    const r = await runCli(['audit', 'archive', '--before', BEFORE, '-o', out, '--delete'], { env: env() });
    expect(r.code).toBe(2);
    expect(readFileSync(out, 'utf8')).toBe('precious');
    expect(await db.ds.audit.countDocuments()).toBe(before);
  });

  it('a span (--before 1d) is fixed by the first run: the same command continues that archive, another is refused', async () => {
    const out = file();
    const first = await runCli(['audit', 'archive', '--before', '1d', '-o', out, '--json'], { env: env() });
    expect(first.code, first.stderr).toBe(0);
    const fixed = (JSON.parse(first.stdout) as { before: string }).before;
    expect(JSON.parse(first.stdout)).toMatchObject({ records: 1000, deleted: null });
    // arrived after the file was written, inside the range: not in the file, so never deleted
    await db.ds.audit.insertOne({ event_type: 'workflow_executed', timestamp: new Date(Date.now() - 3 * 86_400_000) });
    const other = await runCli(['audit', 'archive', '--before', '2d', '-o', out, '--delete'], { env: env() });
    expect(other.code).toBe(2);
    expect(other.stderr).toContain(`belongs to an archive of the records before ${fixed} (--before 1d)`);
    const again = await runCli(['audit', 'archive', '--before', '1d', '-o', out, '--delete', '--json'], { env: env() });
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({
      before: fixed,
      resumedFrom: 'archived',
      records: 1000,
      deleted: 1000,
      remaining: 1,
    });
    const done = await runCli(['audit', 'archive', '--before', '1d', '-o', out, '--delete', '--json'], { env: env() });
    expect(JSON.parse(done.stdout)).toMatchObject({ before: fixed, alreadyDone: true, deleted: 1000 });
    expect(await db.ds.audit.countDocuments({ event_type: 'workflow_executed' })).toBe(1);
  });

  it('--sign-key: the manifest is signed and the signature checked before the delete; a missing key is exit 2', async () => {
    const keys = join(dir, 'keys');
    expect((await runCli(['audit', 'keygen', '--out', keys], { env: env() })).code).toBe(0);
    const key = join(keys, 'audit-signing-key.pem');
    const out = file();
    const missing = await runCli(
      ['audit', 'archive', '--before', BEFORE, '-o', out, '--sign-key', join(keys, 'nope.pem'), '--delete'],
      { env: env() },
    );
    expect(missing.code).toBe(2);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.archive.json`)).toBe(false);
    expect(await inRange()).toBe(600);

    const r = await runCli(['audit', 'archive', '--before', BEFORE, '-o', out, '--sign-key', key, '--json'], {
      env: env(),
    });
    expect(r.code).toBe(0);
    expect(existsSync(`${out}.manifest.json.sig`)).toBe(true);
    const manifest = readFileSync(`${out}.manifest.json`, 'utf8');
    expect(manifest).not.toContain('PRIVATE KEY');
    // an altered signature: the delete is refused, nothing deleted
    const sig = readFileSync(`${out}.manifest.json.sig`);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${out}.manifest.json.sig`, Buffer.from(sig.map((b, i) => (i === 0 ? b ^ 1 : b))));
    const bad = await runCli(['audit', 'archive', '--before', BEFORE, '-o', out, '--sign-key', key, '--delete'], {
      env: env(),
    });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('nothing was deleted');
    expect(await inRange()).toBe(600);
    writeFileSync(`${out}.manifest.json.sig`, sig);
    const ok = await runCli(
      ['audit', 'archive', '--before', BEFORE, '-o', out, '--sign-key', key, '--delete', '--json'],
      {
        env: env(),
      },
    );
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ deleted: 600 });
    expect(await inRange()).toBe(0);
  });
});
