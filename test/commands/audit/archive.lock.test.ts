/**
 * `audit archive`, one run at a time per file (the claim-file lock of core/claim-lock.ts beside the
 * journal): a live claim refuses the run (exit 1, naming the holder) with nothing written or
 * deleted; the claim of a process that is gone is taken over and the run finishes.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { insertAudit, makeAuditDocs } from '../../support/audit-fixtures.js';
import { runCli } from '../../support/cli.js';
import { useTestDatabase } from '../../support/db.js';

const db = useTestDatabase('audit_archive_lock');
const dir = mkdtempSync(join(tmpdir(), 'wfctl-archive-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = () => ({ ...db.env, WFCTL_EXPORT_HMAC_KEY: '' });
const BEFORE = '2025-01-01T10:00:00Z';
const claimOf = (out: string, token: string) => join(dir, `${basename(out)}.archive.json.lock.${token}`);
const claims = (out: string) => readdirSync(dir).filter((f) => f.startsWith(`${basename(out)}.archive.json.lock.`));
const archive = (out: string) =>
  runCli(['audit', 'archive', '--before', BEFORE, '-o', out, '--delete'], { env: env() });

beforeEach(async () => {
  await db.ds.audit.deleteMany({});
  await insertAudit(db.ds, makeAuditDocs(200, new Date('2025-01-01T00:00:00Z'), 60_000));
});

describe('audit archive: one run at a time', () => {
  it('a live claim refuses the run, naming its holder; nothing written or deleted', async () => {
    const out = join(dir, 'held.ndjson');
    const since = '2025-01-01T00:00:00.000Z';
    writeFileSync(claimOf(out, 'live'), JSON.stringify({ pid: process.pid, host: hostname(), since, token: 'live' }));
    const r = await archive(out);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `another audit archive holds ${out} (pid ${process.pid} on ${hostname()}, since ${since})`,
    );
    expect(existsSync(out)).toBe(false);
    expect(await db.ds.audit.countDocuments()).toBe(200);
    rmSync(claimOf(out, 'live'));
  });

  it('the claim of a process that is gone is taken over: the run finishes and leaves no claim', async () => {
    const out = join(dir, 'stale.ndjson');
    const child = spawn(process.execPath, ['-e', '']);
    await new Promise((r) => child.on('exit', r));
    writeFileSync(
      claimOf(out, 'stale'),
      JSON.stringify({ pid: child.pid, host: hostname(), since: '2025-01-01T00:00:00Z', token: 'stale' }),
    );
    const r = await archive(out);
    expect(r.code, r.stderr).toBe(0);
    expect(await db.ds.audit.countDocuments({ timestamp: { $lt: new Date(BEFORE) } })).toBe(0);
    expect(claims(out)).toEqual([]);
  });
});
