/**
 * Late records behind a checkpointed series (invariant 5): every record
 * exactly once, decided by identity (_id), whatever order ids, stamps and
 * insertions come in; what cannot be decided by identity (a record older than
 * the late horizon) fails loudly; a checkpoint copied from another series is
 * refused.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ObjectId } from 'mongodb';
import { checkpointText } from '../../../src/data/audit/index.js';
import { ndjsonRecords } from '../../support/audit-fixtures.js';
import { runCli } from '../../support/cli.js';
import { useTestDatabase } from '../../support/db.js';

const db = useTestDatabase('audit_export_late');
const dir = mkdtempSync(join(tmpdir(), 'wfctl-audit-late-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = () => ({ ...db.env, WFCTL_EXPORT_HMAC_KEY: '' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A series of one workflow's records in its own folder; `run(name)` exports the next file. */
function series(name: string, extraArgs: string[] = []) {
  const sub = join(dir, name);
  mkdirSync(sub);
  const ckpt = join(sub, 'audit.ckpt');
  const workflow = `wf-${name}`;
  const files: string[] = [];
  const record = (at: number, _id = new ObjectId(), extra: Record<string, unknown> = {}) => ({
    _id,
    event_type: 'workflow_updated',
    workflow_id: workflow,
    user_id: 'u',
    details: extra,
    metadata: {},
    timestamp: typeof at === 'number' ? new Date(at) : at,
  });
  return {
    sub,
    ckpt,
    files,
    record,
    insert: (...docs: ReturnType<typeof record>[]) => db.ds.collection('workflow_audit_logs').insertMany(docs),
    run: async (file: string, more: string[] = []) => {
      const r = await runCli(
        [
          'audit',
          'export',
          '--workflow',
          workflow,
          '--event-type',
          'workflow_updated',
          '--checkpoint',
          ckpt,
          '--settle',
          '1s',
          '-o',
          join(sub, file),
          ...extraArgs,
          ...more,
        ],
        { env: env() },
      );
      if (r.code === 0) files.push(join(sub, file));
      return r;
    },
    ids: (file: string) => ndjsonRecords(readFileSync(join(sub, file), 'utf8')).map((r) => String(r._id)),
    union: () => files.flatMap((f) => ndjsonRecords(readFileSync(f, 'utf8')).map((r) => String(r._id))),
    inDatabase: async () =>
      (
        await db.ds
          .collection('workflow_audit_logs')
          .find({ workflow_id: workflow, event_type: 'workflow_updated' })
          .project({ _id: 1 })
          .toArray()
      )
        .map((d) => String(d._id))
        .sort(),
  };
}

describe('late records are decided by identity (issue 19.1)', () => {
  it("the issue's steps: A late, then B with an _id made before run 1 and stamped 300 s back: each exported once, nothing twice", async () => {
    const s = series('issue');
    const bId = new ObjectId(); // made client-side before run 1
    await s.insert(s.record(Date.now() - 120_000));
    const r1 = await s.run('1.ndjson');
    expect(r1.code, r1.stderr).toBe(0);
    expect(s.ids('1.ndjson')).toHaveLength(1);
    await sleep(1100);
    const a = s.record(Date.now() - 200_000);
    await s.insert(a);
    const r2 = await s.run('2.ndjson');
    expect(r2.code, r2.stderr).toBe(0);
    expect(s.ids('2.ndjson')).toEqual([a._id.toHexString()]);
    const b = s.record(Date.now() - 300_000, bId);
    await s.insert(b);
    const r3 = await s.run('3.ndjson');
    expect(r3.code, r3.stderr).toBe(0);
    expect(s.ids('3.ndjson')).toEqual([bId.toHexString()]);
    const r4 = await s.run('4.ndjson');
    expect(r4.code, r4.stderr).toBe(0);
    expect(s.ids('4.ndjson')).toEqual([]);
    const union = s.union();
    expect(union.sort()).toEqual(await s.inDatabase());
    const v = await runCli(['audit', 'verify', '--reconcile', ...s.files], { env: env() });
    expect(v.code, v.stdout).toBe(0);
  });
});

describe('what identity cannot decide is never silent', () => {
  it('a record of the series deleted from the database: a warning and a manifest entry, the run goes on', async () => {
    const s = series('deleted');
    const gone = s.record(Date.now() - 600_000);
    await s.insert(gone, s.record(Date.now() - 500_000));
    expect((await s.run('1.ndjson')).code).toBe(0);
    await db.ds.collection('workflow_audit_logs').deleteOne({ _id: gone._id });
    const r = await s.run('2.ndjson');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('1 record that earlier files of this series hold is no longer in the database');
    expect(JSON.parse(readFileSync(join(s.sub, '2.ndjson.manifest.json'), 'utf8')).late).toMatchObject({
      exported: 0,
      deleted: 1,
    });
    // said once: the ledger forgets it
    const r3 = await s.run('3.ndjson');
    expect(r3.stderr).not.toContain('no longer in the database');
  });

  it('beyond --late-horizon: exit 1 naming the day and the horizon that would cover it, nothing written; --accept-late takes it; within it, exported', async () => {
    const s = series('horizon', ['--late-horizon', '1h']);
    const now = Date.now();
    await s.insert(s.record(now - 5 * 3_600_000), s.record(now - 120_000));
    expect((await s.run('1.ndjson')).code).toBe(0);
    const before = readFileSync(s.ckpt, 'utf8');
    expect(JSON.parse(before).ledger.from).not.toBeNull();
    const old = s.record(now - 4 * 3_600_000);
    const recent = s.record(now - 1_800_000);
    await s.insert(old, recent);
    const r = await s.run('2.ndjson');
    expect(r.code, r.stderr).toBe(1);
    const day = new Date(old.timestamp).toISOString().slice(0, 10);
    expect(r.stderr).toContain(`1 record appeared behind this series' position stamped before`);
    expect(r.stderr).toContain(`beyond its late horizon (1 h)`);
    expect(r.stderr).toContain(`UTC day ${day} (1)`);
    expect(r.stderr).toMatch(/--late-horizon \dd would have covered them/);
    expect(r.stderr).toContain('--accept-late');
    expect(existsSync(join(s.sub, '2.ndjson'))).toBe(false);
    expect(readFileSync(s.ckpt, 'utf8')).toBe(before);
    const accepted = await s.run('2.ndjson', ['--accept-late']);
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(accepted.stderr).toContain(
      '1 record that appeared beyond the late horizon accepted without a file (--accept-late)',
    );
    expect(s.ids('2.ndjson')).toEqual([recent._id.toHexString()]);
    expect(JSON.parse(readFileSync(join(s.sub, '2.ndjson.manifest.json'), 'utf8')).late).toMatchObject({
      exported: 1,
      accepted: 1,
    });
    const r3 = await s.run('3.ndjson');
    expect(r3.code, r3.stderr).toBe(0);
    // the auditor's check names the accepted record: it is in no file of the series
    const v = await runCli(['audit', 'verify', '--reconcile', ...s.files], { env: env() });
    expect(v.code).toBe(1);
    expect(v.stdout).toContain(
      `1 record of the database is in the range of these files but in none of them: ${old._id.toHexString()}`,
    );
  });

  it('--late-horizon: shorter than an hour, without --checkpoint, or not a span: exit 2', async () => {
    const ckpt = join(dir, 'bad-horizon.ckpt');
    const short = await runCli(
      ['audit', 'export', '--checkpoint', ckpt, '-o', join(dir, 'bh.ndjson'), '--late-horizon', '30m'],
      { env: env() },
    );
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('--late-horizon must be at least 1h');
    const alone = await runCli(['audit', 'export', '-o', join(dir, 'bh.ndjson'), '--late-horizon', '2d'], {
      env: env(),
    });
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('--late-horizon applies to a series (--checkpoint) only');
    const bad = await runCli(
      ['audit', 'export', '--checkpoint', ckpt, '-o', join(dir, 'bh.ndjson'), '--late-horizon', 'soon'],
      { env: env() },
    );
    expect(bad.code).toBe(2);
    expect(existsSync(ckpt) || existsSync(join(dir, 'bh.ndjson'))).toBe(false);
  });

  it('a legacy string-dated record that arrives after the series passed into dated records is exported once', async () => {
    const s = series('legacy');
    await s.insert(s.record(Date.now() - 600_000));
    expect((await s.run('1.ndjson')).code).toBe(0);
    const legacy = { ...s.record(0), timestamp: new Date(Date.now() - 900_000).toISOString().slice(0, 19) };
    await db.ds.collection('workflow_audit_logs').insertOne(legacy);
    const r = await s.run('2.ndjson');
    expect(r.code, r.stderr).toBe(0);
    expect(s.ids('2.ndjson')).toEqual([legacy._id.toHexString()]);
    expect((await s.run('3.ndjson')).code).toBe(0);
    expect(s.ids('3.ndjson')).toEqual([]);
  });
});

describe('a series has one checkpoint (issue 19.7a)', () => {
  it('a checkpoint copied from another series with the same filter: exit 2, nothing written; a moved one goes on', async () => {
    const s = series('copied');
    await s.insert(s.record(Date.now() - 600_000));
    expect((await s.run('1.ndjson')).code).toBe(0);
    const other = join(dir, 'copied-elsewhere');
    mkdirSync(other);
    const copy = join(other, 'audit.ckpt');
    copyFileSync(s.ckpt, copy);
    const args = (ckpt: string, file: string) => [
      'audit',
      'export',
      '--workflow',
      'wf-copied',
      '--event-type',
      'workflow_updated',
      '--checkpoint',
      ckpt,
      '--settle',
      '1s',
      '-o',
      join(other, file),
    ];
    const r = await runCli(args(copy, 'x.ndjson'), { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`checkpoint ${copy} is a copy of the checkpoint of series`);
    expect(r.stderr).toContain(`at ${s.ckpt}`);
    expect(existsSync(join(other, 'x.ndjson'))).toBe(false);
    // the original moved away (mv): the series continues from its new place
    rmSync(copy);
    const moved = join(other, 'moved.ckpt');
    renameSync(s.ckpt, moved);
    const m = await runCli(args(moved, 'y.ndjson'), { env: env() });
    expect(m.code, m.stderr).toBe(0);
    expect(m.stderr).toContain(`the checkpoint of this series was moved from ${s.ckpt}`);
    expect(JSON.parse(readFileSync(moved, 'utf8')).path).toBe(moved);
  });
});

describe('a checkpoint of an earlier wfctl (version 1, a count instead of a ledger)', () => {
  /** Rewrites the series' checkpoint as the earlier wfctl wrote it: version 1, `coverage`, no ledger or path. */
  function downgrade(ckpt: string, records: number): void {
    const c = JSON.parse(readFileSync(ckpt, 'utf8'));
    delete c.ledger;
    delete c.path;
    delete c.checksum;
    c.version = 1;
    c.coverage = { since: null, records, adjusted: 0, runs: [] };
    writeFileSync(ckpt, checkpointText(c));
  }

  it('counts that agree: continued with a ledger seeded from the database, said once; later late records by identity', async () => {
    const s = series('v1');
    await s.insert(s.record(Date.now() - 600_000), s.record(Date.now() - 500_000));
    expect((await s.run('1.ndjson')).code).toBe(0);
    downgrade(s.ckpt, 2);
    const r = await s.run('2.ndjson');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('was written by an earlier wfctl: its identity ledger is seeded from the 2 record(s)');
    expect(JSON.parse(readFileSync(s.ckpt, 'utf8')).version).toBe(2);
    const late = s.record(Date.now() - 700_000);
    await s.insert(late);
    const r3 = await s.run('3.ndjson');
    expect(r3.stderr).not.toContain('earlier wfctl');
    expect(s.ids('3.ndjson')).toEqual([late._id.toHexString()]);
  });

  it('counts that differ: exit 1 with the way out; --accept-late seeds it as the database is', async () => {
    const s = series('v1diff');
    await s.insert(s.record(Date.now() - 600_000));
    expect((await s.run('1.ndjson')).code).toBe(0);
    downgrade(s.ckpt, 1);
    await s.insert(s.record(Date.now() - 700_000));
    const r = await s.run('2.ndjson');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('which counted 1 record behind its position; the database holds 2');
    expect(r.stderr).toContain('--accept-late');
    expect(existsSync(join(s.sub, '2.ndjson'))).toBe(false);
    const ok = await s.run('2.ndjson', ['--accept-late']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(s.sub, '2.ndjson.manifest.json'), 'utf8')).late).toMatchObject({ accepted: 1 });
  });
});
