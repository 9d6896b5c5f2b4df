/**
 * audit subject: every record that names a user, across the collections, as an export with its
 * manifest; complete against an independent query (pymongo over every document of every
 * collection, looking for the user id anywhere), verified by audit verify.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ndjsonRecords } from '../../support/audit-fixtures.js';
import { runCli } from '../../support/cli.js';
import { useTestDatabase } from '../../support/db.js';
import { SUBJECT, dumpDatabase, pythonRecordsNaming, seedSubject } from '../../support/erase-fixtures.js';

const db = useTestDatabase('audit_subject');
const dir = mkdtempSync(join(tmpdir(), 'wfctl-audit-subject-'));

beforeAll(async () => {
  await seedSubject(db.ds);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('audit subject', () => {
  it('exports every record that names the user, as pymongo finds them anywhere', async () => {
    const expected = pythonRecordsNaming(db.uri, db.dbName, [SUBJECT]);
    expect(expected.length).toBeGreaterThan(50);
    const file = join(dir, 'alice.ndjson');
    const r = await runCli(['audit', 'subject', SUBJECT, '-o', file, '--json'], { env: db.env });
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as { records: number; collections: Record<string, number> };
    const records = ndjsonRecords(readFileSync(file, 'utf8'));
    const got = records.map((d) => `${String(d._collection)}:${String(d._id)}`).sort();
    expect(got).toEqual(expected);
    expect(result.records).toBe(expected.length);
    expect(result.collections).toEqual({
      workflow_audit_logs: expected.filter((e) => e.startsWith('workflow_audit_logs:')).length,
      workflow_versions: 2,
      custom_workflows: 2,
      workflow_execution_logs: 2,
    });
    // the file and its manifest hold the person's data: owner only
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(`${file}.manifest.json`).mode & 0o777).toBe(0o600);
    const manifest = JSON.parse(readFileSync(`${file}.manifest.json`, 'utf8')) as Record<string, unknown>;
    expect(manifest.subject).toEqual({ userId: SUBJECT, collections: result.collections });
    const v = await runCli(['audit', 'verify', file], { env: db.env });
    expect(v.code, v.stdout + v.stderr).toBe(0);
    expect(v.stdout).toContain(`${expected.length} records, each intact and in order`);
    // the export is itself an audit event
    const ev = await db.ds.audit.findOne({ event_type: 'audit_exported', 'details.file': 'alice.ndjson' });
    expect(ev?.details).toMatchObject({ filter: { userId: SUBJECT }, count: expected.length });
  }, 60_000);

  it('json format: one array; a user with no records gives an empty, valid export', async () => {
    const file = join(dir, 'nobody.json');
    const r = await runCli(['audit', 'subject', 'nobody-at-all', '--format', 'json', '-o', file], { env: db.env });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe('[\n]\n');
    expect((await runCli(['audit', 'verify', file], { env: db.env })).code).toBe(0);
  });

  it('bad input: exit 2, nothing written', async () => {
    const before = await dumpDatabase(db.ds);
    for (const args of [
      ['audit', 'subject', '', '-o', join(dir, 'x.ndjson')],
      ['audit', 'subject', SUBJECT],
      ['audit', 'subject', SUBJECT, '-o', '-'],
      ['audit', 'subject', SUBJECT, '-o', join(dir, 'x.ndjson'), '--format', 'csv'],
      ['audit', 'subject', SUBJECT, '-o', join(dir, 'missing-dir', 'x.ndjson')],
      ['audit', 'subject', SUBJECT, '-o', dir],
      ['audit', 'subject', SUBJECT, '-o', join(dir, 'x.ndjson'), '--bogus'],
    ]) {
      const r = await runCli(args, { env: db.env });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr.trim().split('\n')[0]).toMatch(/^wfctl: |error: /);
    }
    expect(await dumpDatabase(db.ds)).toBe(before);
    expect(() => statSync(join(dir, 'x.ndjson'))).toThrow();
  });

  it('--reconcile refuses a subject export (compared by running audit subject again)', async () => {
    const r = await runCli(['audit', 'verify', '--reconcile', join(dir, 'alice.ndjson')], { env: db.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is a subject export');
  });
});
