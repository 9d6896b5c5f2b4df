/**
 * audit verify says what it proved: which exports of a series the files are
 * (a part of a series is never a bare "Verified."), how far the integrity
 * goes (unsigned: anyone who can write the files can recompute the chain),
 * and a failure in one line on stderr beside the report on stdout.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAudit, makeAuditDocs } from '../../support/audit-fixtures.js';
import { runCli } from '../../support/cli.js';
import { useTestDatabase } from '../../support/db.js';

const db = useTestDatabase('audit_verify');
const dir = mkdtempSync(join(tmpdir(), 'wfctl-audit-verify-'));
const files = [1, 2, 3, 4].map((i) => join(dir, `part-${i}.ndjson`));

beforeAll(async () => {
  const ckpt = join(dir, 'series.ckpt');
  const start = new Date('2025-05-01T00:00:00Z');
  // four runs of one series, each with records of its own
  for (let i = 0; i < 4; i++) {
    await insertAudit(db.ds, makeAuditDocs(5, new Date(start.getTime() + i * 3_600_000)));
    const r = await runCli(
      [
        'audit',
        'export',
        '--checkpoint',
        ckpt,
        '--until',
        new Date(start.getTime() + (i + 1) * 3_600_000).toISOString(),
        '-o',
        files[i]!,
      ],
      { env: db.env },
    );
    expect(r.code, r.stderr).toBe(0);
  }
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('audit verify: what it proved', () => {
  it('the whole series from its start: says so, and that later exports were not given', async () => {
    const r = await runCli(['audit', 'verify', ...files], { env: db.env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Verified: 4 files, 20 records, each intact and in order\.$/m);
    expect(r.stdout).toMatch(
      /series [0-9a-f]{8}: exports 1-4, from its first export\n +exports after 4, if the series continues, were not given/,
    );
    expect(r.stdout).toMatch(/unsigned: integrity only\n +\(anyone who can write the files can recompute the chain\)/);
    expect(r.stdout).toContain('not compared with the database (--reconcile does)');
    expect(r.stdout).not.toMatch(/^Verified\.$/m);
    // what it proved fits an 80-column terminal (the file lines hold the paths as given)
    for (const line of r.stdout.slice(r.stdout.indexOf('Verified: ')).trimEnd().split('\n'))
      expect(line.length, line).toBeLessThanOrEqual(80);
  });

  it('files 3-4 of a series that starts earlier', async () => {
    const r = await runCli(['audit', 'verify', files[2]!, files[3]!], { env: db.env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/exports 3-4, it starts earlier \(exports 1-2 were not given\)/);
    const one = await runCli(['audit', 'verify', files[1]!], { env: db.env });
    expect(one.stdout).toMatch(/export 2, it starts earlier \(export 1 was not given\)\n +exports after 2/);
  });

  it('--json carries the same: the series and the exports given', async () => {
    const r = await runCli(['audit', 'verify', files[1]!, files[2]!, '--json'], { env: db.env });
    expect(JSON.parse(r.stdout).series).toEqual([
      { id: expect.stringMatching(/^[0-9a-f-]+$/), first: 2, last: 3, files: 2, startsEarlier: true },
    ]);
  });

  it('a gap and an altered file: the report on stdout, one line on stderr, exit 1', async () => {
    const gap = await runCli(['audit', 'verify', files[0]!, files[2]!], { env: db.env });
    expect(gap.code).toBe(1);
    expect(gap.stdout).toMatch(/export 2 of series [0-9a-f]{8} missing: gap between part-1.ndjson and part-3.ndjson/);
    expect(gap.stderr).toMatch(
      /^wfctl: verification failed: export 2 of series [0-9a-f]{8} missing: gap between part-1.ndjson and part-3.ndjson\n$/,
    );
    const text = readFileSync(files[3]!, 'utf8');
    writeFileSync(files[3]!, text.replace('"event_type":"', '"event_type":"x'));
    try {
      const altered = await runCli(['audit', 'verify', ...files], { env: db.env });
      expect(altered.code).toBe(1);
      expect(altered.stderr).toMatch(/^wfctl: verification failed \(1 of 4 files\): .+\n$/);
    } finally {
      writeFileSync(files[3]!, text);
    }
  });
});
