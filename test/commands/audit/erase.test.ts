/**
 * audit erase and audit hash: the subject's identifying values replaced by HMAC-SHA-256 pseudonyms
 * (checked against Python's hmac and openssl), counts per user unchanged (pymongo), the subject's
 * values gone from every collection (pymongo, anywhere), resumable after a crash, held records
 * refused, older export files still verifying (erased, not tampered), and every bad input exit 2
 * with nothing written.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eraseSubject, loadPseudonymKey, activeHolds } from '../../../src/data/audit/index.js';
import { runCli } from '../../support/cli.js';
import { useTestDatabase } from '../../support/db.js';
import {
  SUBJECT,
  SUBJECT_AGENT,
  SUBJECT_HOST,
  SUBJECT_IP,
  SUBJECT_VALUES,
  dumpDatabase,
  pythonCountsByUser,
  pythonPseudonym,
  pythonRecordsNaming,
  seedSubject,
  writeKeyFile,
} from '../../support/erase-fixtures.js';

const db = useTestDatabase('audit_erase');
const dir = mkdtempSync(join(tmpdir(), 'wfctl-audit-erase-'));
let keyFile: string;
let env: Record<string, string>;
const REASON = `GDPR art. 17 request of ${SUBJECT}`;

beforeAll(async () => {
  keyFile = writeKeyFile(dir);
  env = { ...db.env, WFCTL_PSEUDONYM_KEY_FILE: keyFile };
  await seedSubject(db.ds);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const erase = (extra: string[] = [], e: Record<string, string> = env) =>
  runCli(['audit', 'erase', '--subject', SUBJECT, '--reason', REASON, ...extra], { env: e });

describe('audit hash', () => {
  it('is HMAC-SHA-256 of the value with the key file: as Python hmac and openssl compute it', async () => {
    const keyHex = Buffer.from(readFileSync(keyFile, 'utf8').replace(/\n$/, ''), 'utf8').toString('hex');
    for (const value of [SUBJECT, SUBJECT_IP, 'Ünïcødé/ユーザー', 'a b "c"']) {
      const r = await runCli(['audit', 'hash', value], { env });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe(`${pythonPseudonym(keyFile, value)}\n`);
      const ossl = execFileSync('openssl', ['dgst', '-sha256', '-mac', 'HMAC', '-macopt', `hexkey:${keyHex}`], {
        input: value,
        encoding: 'utf8',
      });
      expect(r.stdout.trim()).toBe(`hmac-sha256:${ossl.trim().split(/\s+/).pop()!}`);
    }
    const j = await runCli(['audit', 'hash', SUBJECT, '--key-file', keyFile, '--json'], { env: db.env });
    expect(JSON.parse(j.stdout)).toEqual({ value: SUBJECT, pseudonym: pythonPseudonym(keyFile, SUBJECT) });
  });

  it('no key, a key others can read, a short key, an empty value: exit 2; the key never printed', async () => {
    const none = await runCli(['audit', 'hash', SUBJECT], { env: db.env });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('WFCTL_PSEUDONYM_KEY_FILE');
    const open = join(dir, 'open.key');
    writeFileSync(open, readFileSync(keyFile));
    chmodSync(open, 0o644);
    const r = await runCli(['audit', 'hash', SUBJECT, '--key-file', open], { env: db.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`chmod 600 ${open}`);
    const short = join(dir, 'short.key');
    writeFileSync(short, 'tooshort\n');
    chmodSync(short, 0o600);
    expect((await runCli(['audit', 'hash', SUBJECT, '--key-file', short], { env: db.env })).code).toBe(2);
    expect((await runCli(['audit', 'hash', '', '--key-file', keyFile], { env: db.env })).code).toBe(2);
    expect((await runCli(['audit', 'hash', SUBJECT, '--key-file', join(dir, 'nope')], { env: db.env })).code).toBe(2);
    const key = readFileSync(keyFile, 'utf8').trim();
    for (const out of [none, r]) expect(out.stdout + out.stderr).not.toContain(key);
  });
});

describe('audit erase: bad input and dry run write nothing', () => {
  it('every bad input is exit 2 and leaves the database as it was', async () => {
    const before = await dumpDatabase(db.ds);
    const openKey = join(dir, 'world.key');
    writeFileSync(openKey, readFileSync(keyFile));
    chmodSync(openKey, 0o604);
    const cases: Array<[string[], Record<string, string>]> = [
      [['audit', 'erase', '--subject', '', '--reason', 'r', '--yes'], env],
      [['audit', 'erase', '--reason', 'r', '--yes'], env],
      [['audit', 'erase', '--subject', SUBJECT, '--yes'], env],
      [['audit', 'erase', '--subject', SUBJECT, '--reason', '', '--yes'], env],
      [['audit', 'erase', '--subject', SUBJECT, '--reason', 'r', '--yes'], db.env],
      [['audit', 'erase', '--subject', SUBJECT, '--reason', 'r', '--yes', '--key-file', openKey], db.env],
      [['audit', 'erase', '--subject', SUBJECT, '--reason', 'r'], env],
      [['audit', 'erase', '--subject', SUBJECT, '--reason', 'r', '--dry-run', '--yes'], env],
      [['audit', 'erase', '--subject', pythonPseudonym(keyFile, SUBJECT), '--reason', 'r', '--yes'], env],
      [['audit', 'erase', '--subject', SUBJECT, '--reason', 'r', '--yes', '--bogus'], env],
      [['audit', 'erase', SUBJECT, '--reason', 'r', '--yes'], env],
    ];
    for (const [args, e] of cases) {
      const r = await runCli(args, { env: e });
      expect(r.code, `${args.join(' ')}: ${r.stdout}${r.stderr}`).toBe(2);
    }
    const world = await runCli(cases[5]![0], { env: cases[5]![1] });
    expect(world.stderr).toContain(`chmod 600 ${openKey}`);
    expect(await dumpDatabase(db.ds)).toBe(before);
  });

  it('--dry-run counts what it would pseudonymise and writes nothing', async () => {
    const before = await dumpDatabase(db.ds);
    const r = await erase(['--dry-run', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as {
      dryRun: boolean;
      total: number;
      records: Record<string, number>;
      pseudonym: string;
    };
    const naming = pythonRecordsNaming(db.uri, db.dbName, [SUBJECT]);
    expect(j.dryRun).toBe(true);
    expect(j.total).toBe(naming.length);
    expect(j.records).toMatchObject({ versions: 2, workflows: 2, executions: 2, attempts: 0 });
    expect(j.pseudonym).toBe(pythonPseudonym(keyFile, SUBJECT));
    expect(await dumpDatabase(db.ds)).toBe(before);
  });
});

describe('audit erase: holds', () => {
  it('a held record is not erased (exit 1, naming the hold) unless --override-hold', async () => {
    const add = await runCli(['audit', 'hold', 'add', '--user', SUBJECT, '--reason', 'litigation 42', '--json'], {
      env,
    });
    expect(add.code, add.stderr).toBe(0);
    const id = /hold-[0-9a-f]{8}/.exec(add.stdout)![0];
    expect(await activeHolds(db.ds)).toHaveLength(1);
    const before = await dumpDatabase(db.ds);
    const held = await erase(['--yes']);
    expect(held.code).toBe(1);
    expect(held.stderr).toContain(`hold ${id} (litigation 42)`);
    expect(held.stderr).toContain('--override-hold');
    const dry = await erase(['--dry-run', '--override-hold', '--json']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout).heldOverridden).toBeGreaterThan(50);
    expect(await dumpDatabase(db.ds)).toBe(before);
    const release = await runCli(['audit', 'hold', 'release', id, '--reason', 'case closed'], { env });
    expect(release.code, release.stderr).toBe(0);
    expect(await activeHolds(db.ds)).toHaveLength(0);
    // the hold and its events name the subject: the erasure below pseudonymises them too
  });
});

describe('audit erase: the erasure', () => {
  let countsBefore: Record<string, number>;
  let fullExport: string;
  let userExport: string;
  let fullCsv: string;
  let userCsv: string;

  it('files exported before, for the checks after', async () => {
    fullExport = join(dir, 'full.ndjson');
    userExport = join(dir, 'alice.ndjson');
    fullCsv = join(dir, 'full.csv');
    userCsv = join(dir, 'alice.csv');
    const until = '2025-03-02T00:00:00Z';
    for (const [file, extra] of [
      [fullExport, []],
      [userExport, ['--user', SUBJECT]],
      [fullCsv, ['--format', 'csv']],
      [userCsv, ['--user', SUBJECT, '--format', 'csv']],
    ] as const) {
      const r = await runCli(['audit', 'export', ...extra, '--until', until, '-o', file], { env });
      expect(r.code, r.stderr).toBe(0);
    }
    countsBefore = pythonCountsByUser(db.uri, db.dbName);
  });

  it('a run killed part-way is finished by the next, nothing hashed twice; counts per user add up', async () => {
    const key = await loadPseudonymKey(keyFile, 'test');
    const actor = { user: 'test-user', host: 'h', userAgent: 'wfctl/test' };
    await expect(
      eraseSubject(db.ds, {
        subject: SUBJECT,
        reason: REASON,
        key,
        actor,
        batchSize: 10,
        onProgress: (n) => {
          if (n >= 20) throw new Error('killed');
        },
      }),
    ).rejects.toThrow('killed');
    const partial = pythonRecordsNaming(db.uri, db.dbName, [SUBJECT]);
    expect(partial.length).toBeGreaterThan(0);
    expect(await db.ds.audit.countDocuments({ event_type: 'audit_erased' })).toBe(0);

    const r = await erase(['--yes', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as { total: number; pseudonym: string; eventId: string };
    expect(pythonRecordsNaming(db.uri, db.dbName, SUBJECT_VALUES)).toEqual([]);
    expect(j.total).toBe(partial.length);
    const P = pythonPseudonym(keyFile, SUBJECT);
    expect(j.pseudonym).toBe(P);

    // nothing names the subject, nor holds the values only the subject's records held
    expect(pythonRecordsNaming(db.uri, db.dbName, SUBJECT_VALUES)).toEqual([]);
    // the pseudonyms are of the values (never of a pseudonym)
    const rec = await db.ds.audit.findOne({ 'details.from': pythonPseudonym(keyFile, SUBJECT_IP) });
    expect(rec).toMatchObject({
      user_id: P,
      ip_address: pythonPseudonym(keyFile, SUBJECT_IP),
      user_agent: pythonPseudonym(keyFile, SUBJECT_AGENT),
      details: { by: P, nested: [{ agent: pythonPseudonym(keyFile, SUBJECT_AGENT) }] },
      metadata: { host: pythonPseudonym(keyFile, SUBJECT_HOST) },
    });
    // other people's values in a record that only names the subject are kept
    expect(await db.ds.audit.findOne({ user_id: 'admin' })).toMatchObject({
      details: { filter: { userId: P } },
      metadata: { host: 'ops-host' },
      user_agent: 'wfctl/0.1.0',
    });
    expect(
      await db.ds.versions.findOne({ version_number: 2, changed_by: 'user-2', 'workflow_data.created_by': P }),
    ).not.toBeNull();

    const countsAfter = pythonCountsByUser(db.uri, db.dbName);
    const expected = {
      ...countsBefore,
      [P]: countsBefore[SUBJECT]!,
      'test-user': (countsBefore['test-user'] ?? 0) + 1,
    };
    delete expected[SUBJECT];
    expect(countsAfter).toEqual(expected);

    // the event names the pseudonym, never the subject (not even in the reason)
    const events = await db.ds.audit.find({ event_type: 'audit_erased' }).toArray();
    expect(events).toHaveLength(1);
    expect(events[0]!.details).toMatchObject({ subject: P, reason: `GDPR art. 17 request of ${P}` });
    expect(JSON.stringify(events)).not.toContain(SUBJECT);
    // the key is in no record
    expect(await dumpDatabase(db.ds)).not.toContain(readFileSync(keyFile, 'utf8').trim());
  }, 120_000);

  it('a rerun finds nothing left and records nothing more', async () => {
    const before = await dumpDatabase(db.ds);
    const r = await erase(['--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Nothing left to erase');
    expect(await dumpDatabase(db.ds)).toBe(before);
  });

  it('files exported before still verify; --reconcile reports their records as erased, not tampered', async () => {
    const full = await runCli(['audit', 'verify', '--reconcile', fullExport], { env });
    expect(full.code, full.stdout + full.stderr).toBe(0);
    const erasedInFull = countsBefore[SUBJECT]! + 1; // the subject's records and the admin's export event
    expect(full.stdout).toContain(`${erasedInFull} records were erased since export`);
    const mine = await runCli(['audit', 'verify', '--reconcile', userExport, '--json'], { env });
    expect(mine.code, mine.stdout + mine.stderr).toBe(0);
    expect(JSON.parse(mine.stdout).database.erased).toMatchObject({
      records: countsBefore[SUBJECT],
      keyMissing: false,
    });
    // without the key: the user's file reads as deleted records (exit 1); the whole one passes with a note
    const noKey = await runCli(['audit', 'verify', '--reconcile', userExport], { env: db.env });
    expect(noKey.code).toBe(1);
    const noKeyFull = await runCli(['audit', 'verify', '--reconcile', fullExport], { env: db.env });
    expect(noKeyFull.code).toBe(0);
    expect(noKeyFull.stdout).toContain('records 1 erasure');
  });

  it('CSV exports too: their records are read back from the cells and found erased, not deleted', async () => {
    const full = await runCli(['audit', 'verify', '--reconcile', fullCsv, '--json'], { env });
    expect(full.code, full.stdout + full.stderr).toBe(0);
    const fullJson = await runCli(['audit', 'verify', '--reconcile', fullExport, '--json'], { env });
    // the same records as the NDJSON export of the same range
    const erasedOf = (r: { stdout: string }) =>
      (JSON.parse(r.stdout) as { database: { erased: { records: number } } }).database.erased;
    expect(erasedOf(full)).toEqual(erasedOf(fullJson));
    expect(erasedOf(full).records).toBe(countsBefore[SUBJECT]! + 1);
    // the subject's own file: every record erased, none read as deleted
    const mine = await runCli(['audit', 'verify', '--reconcile', userCsv, '--json'], { env });
    expect(mine.code, mine.stdout + mine.stderr).toBe(0);
    expect(erasedOf(mine).records).toBe(countsBefore[SUBJECT]);
    const noKey = await runCli(['audit', 'verify', '--reconcile', userCsv], { env: db.env });
    expect(noKey.code).toBe(1);
    expect(noKey.stdout).toContain('no longer in the database');
  });

  it('a record of an erased subject altered otherwise is still found', async () => {
    const P = pythonPseudonym(keyFile, SUBJECT);
    const one = await db.ds.audit.findOne({
      user_id: P,
      event_type: 'workflow_updated',
      'details.n': { $exists: true },
    });
    await db.ds.audit.updateOne({ _id: one!._id }, { $set: { 'details.note': 'rewritten' } });
    for (const file of [fullExport, fullCsv]) {
      const r = await runCli(['audit', 'verify', '--reconcile', file], { env });
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('1 record of an erased subject differs from the files by more than pseudonyms');
      expect(r.stdout).toContain(one!._id.toHexString());
    }
  });
});
