/**
 * `audit verify --reconcile` on a CSV export after an erasure: the CSV cell of a value that looks
 * like a formula carries a quote the value never had ("'=bob"), and a cell may span lines; the
 * erased records are still told from altered ones (their cells against the database's record,
 * written the same way, and the pseudonyms of the values the cells stand for).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eraseSubject, loadPseudonymKey } from '../../../../src/data/audit/index.js';
import { runCli } from '../../../support/cli.js';
import { useTestDatabase } from '../../../support/db.js';
import { writeKeyFile } from '../../../support/erase-fixtures.js';

const db = useTestDatabase('audit_erase_csv');
const dir = mkdtempSync(join(tmpdir(), 'wfctl-erase-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SUBJECT = '=bob';
const AGENT = 'line one\n@line two';
const csv = join(dir, 'bob.csv');
let env: Record<string, string>;

beforeAll(async () => {
  const keyFile = writeKeyFile(dir);
  env = { ...db.env, WFCTL_PSEUDONYM_KEY_FILE: keyFile };
  const at = (m: number) => new Date(Date.UTC(2025, 0, 1, 0, m));
  await db.ds.audit.insertMany([
    ...Array.from({ length: 6 }, (_, i) => ({
      event_type: 'workflow_executed',
      workflow_id: 'wf-1',
      user_id: SUBJECT,
      details: { n: i, by: SUBJECT },
      metadata: {},
      timestamp: at(i),
      ip_address: '192.0.2.9',
      user_agent: AGENT,
    })),
    { event_type: 'workflow_executed', workflow_id: 'wf-1', user_id: 'carol', details: {}, timestamp: at(10) },
  ] as never[]);
  const r = await runCli(
    ['audit', 'export', '--user', SUBJECT, '--format', 'csv', '--until', '2025-01-02', '-o', csv],
    {
      env,
    },
  );
  expect(r.code, r.stderr).toBe(0);
  const key = await loadPseudonymKey(keyFile, 'test');
  await eraseSubject(db.ds, {
    subject: SUBJECT,
    reason: 'request',
    key,
    actor: { user: 'dpo', host: 'h', userAgent: 'wfctl/test' },
  });
}, 60_000);

describe('verify --reconcile of a CSV export after an erasure', () => {
  it('the quoted formula and the cell across lines are read as the values they stand for', async () => {
    const r = await runCli(['audit', 'verify', '--reconcile', csv, '--json'], { env });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).database.erased).toMatchObject({ records: 6 });
  });

  it('a record altered beyond its pseudonyms is found', async () => {
    const one = await db.ds.audit.findOne({ 'details.n': 3 });
    await db.ds.audit.updateOne({ _id: one!._id }, { $set: { workflow_id: 'wf-2' } });
    const r = await runCli(['audit', 'verify', '--reconcile', csv, '--json'], { env });
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { database: { erased: { records: number } }; problems: { message: string }[] };
    expect(out.database.erased.records).toBe(5);
    expect(JSON.stringify(out)).toContain(`differs from the files by more than pseudonyms: ${one!._id.toHexString()}`);
  });
});
