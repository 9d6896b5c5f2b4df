/**
 * A checkpointed export killed (SIGKILL) after each step of placing its file:
 * the next run completes the placement or undoes it, and the series holds
 * every record exactly once; the temporary files of killed runs are swept.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAudit, makeAuditDocs, ndjsonRecords } from '../../../support/audit-fixtures.js';
import { ROOT, runCli } from '../../../support/cli.js';
import { useTestDatabase } from '../../../support/db.js';

const db = useTestDatabase('export_crash_windows');
const dir = mkdtempSync(join(tmpdir(), 'wfctl-export-crash-'));
const env = () => ({ ...db.env, WFCTL_EXPORT_HMAC_KEY: '' });

beforeAll(async () => {
  await insertAudit(db.ds, makeAuditDocs(600, new Date('2025-01-01T00:00:00Z'), 1000));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs one checkpointed export in a child process that kills itself (SIGKILL) right after `step`. */
async function exportKilledAfter(
  step: string,
  ckpt: string,
  output: string,
  until: string,
): Promise<NodeJS.Signals | null> {
  const script = `
    const { connect } = await import(${JSON.stringify(join(ROOT, 'dist/data/core/index.js'))});
    const { exportAuditTrail } = await import(${JSON.stringify(join(ROOT, 'dist/data/audit/index.js'))});
    const [uri, dbName, ckpt, output, until, step] = process.argv.slice(1);
    const ds = await connect({ uri, dbName, timeoutMs: 10000 });
    await exportAuditTrail(ds, {
      filter: { until: new Date(until) }, format: 'ndjson', output, checkpoint: ckpt,
      actor: { user: 'crash-test', host: 'h', userAgent: 'wfctl/test' },
      onCommitStep: (s) => { if (s === step) process.kill(process.pid, 'SIGKILL'); },
    });
    await ds.close();`;
  const child = spawn(
    process.execPath,
    ['--input-type=module', '-e', script, db.uri, db.dbName, ckpt, output, until, step],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  return new Promise((r) => child.on('exit', (_code, signal) => r(signal)));
}

const ids = (file: string) => ndjsonRecords(readFileSync(file, 'utf8')).map((r) => JSON.stringify(r._id));

describe('a checkpointed export killed while placing its file', () => {
  it.each([
    ['complete', 'the temporary file is complete, nothing else written', /never placed|exported again/, false],
    [
      'intent',
      'the checkpoint holds the intent, the file is not placed yet',
      /complete in its temporary file and is now placed/,
      true,
    ],
    ['placed', 'the file is placed, without its manifest', /the file was placed, with its manifest/, true],
    [
      'manifest',
      'file and manifest are there, the checkpoint has not moved',
      /the file was placed, with its manifest/,
      true,
    ],
  ] as const)(
    'after "%s" (%s): the next run completes it, and every record is in the series once',
    async (step, _what, message, adopted) => {
      const sub = join(dir, step);
      mkdirSync(sub);
      const ckpt = join(sub, 'series.ckpt');
      // a first run that completes, so that the killed run is not the series' first
      const first = await runCli(
        ['audit', 'export', '--until', '2025-01-01T00:02:00Z', '--checkpoint', ckpt, '-o', join(sub, '1.ndjson')],
        { env: env() },
      );
      expect(first.code, first.stderr).toBe(0);
      expect(await exportKilledAfter(step, ckpt, join(sub, '2.ndjson'), '2025-01-01T00:06:00Z')).toBe('SIGKILL');

      const next = await runCli(
        ['audit', 'export', '--until', '2025-01-01T00:10:00Z', '--checkpoint', ckpt, '-o', join(sub, '3.ndjson')],
        { env: env() },
      );
      expect(next.code, next.stderr).toBe(0);
      if (step === 'complete') {
        // killed before the intent: the run left only its temporary file, which is swept
        expect(next.stderr).not.toMatch(/earlier run/);
      } else {
        expect(next.stderr).toMatch(message);
      }
      expect(readdirSync(sub).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      expect(readdirSync(sub).filter((f) => f.includes('.lock'))).toEqual([]);

      const files = ['1.ndjson', ...(adopted ? ['2.ndjson'] : []), '3.ndjson'].map((f) => join(sub, f));
      expect(existsSync(join(sub, '2.ndjson'))).toBe(adopted);
      const all = files.flatMap(ids);
      expect(all).toHaveLength(600);
      expect(new Set(all).size).toBe(600);
      // the series verifies: hashes, chains and the links between its files
      const verify = await runCli(['audit', 'verify', ...files], { env: env() });
      expect(verify.stdout, verify.stdout).toContain('Verified: ');
      expect(verify.code).toBe(0);
    },
  );

  it('a killed first run of a series (no checkpoint before it): the next run starts the series and holds every record once', async () => {
    const sub = join(dir, 'first');
    mkdirSync(sub);
    const ckpt = join(sub, 'series.ckpt');
    expect(await exportKilledAfter('intent', ckpt, join(sub, '1.ndjson'), '2025-01-01T00:03:00Z')).toBe('SIGKILL');
    // remove the temporary file as well: neither the file nor its temporary file holds the records
    for (const f of readdirSync(sub).filter((n) => n.endsWith('.tmp'))) rmSync(join(sub, f));
    const next = await runCli(
      ['audit', 'export', '--until', '2025-01-01T00:10:00Z', '--checkpoint', ckpt, '-o', join(sub, '2.ndjson')],
      { env: env() },
    );
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toMatch(
      /stopped before it placed .*1\.ndjson; the file is not there, so its 180 records are exported again by this run/,
    );
    expect(ids(join(sub, '2.ndjson'))).toHaveLength(600);
    expect(existsSync(join(sub, '1.ndjson'))).toBe(false);
  });
});
