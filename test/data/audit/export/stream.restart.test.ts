/**
 * A database restart in the middle of an export: with retries the export
 * resumes after the last record written (nothing lost, nothing repeated);
 * without, it fails cleanly. Needs a server of its own to restart, so it is
 * skipped against an external MongoDB (WFCTL_TEST_MONGODB_URI).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type DataSource } from '../../../../src/data/core/index.js';
import { startFerretDb, type FerretDbServer } from '../../../support/ferretdb.js';
import { insertAudit, makeAuditDocs, ndjsonRecords } from '../../../support/audit-fixtures.js';
import { runCli } from '../../../support/cli.js';

const external = Boolean(process.env.WFCTL_TEST_MONGODB_URI);

/** SIGKILL the FerretDB this file started, found by its unique listen address. */
function killServerHard(port: number): void {
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    let cmd = '';
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (cmd.includes('ferretdb') && cmd.includes(`--listen-addr=127.0.0.1:${port}\0`))
      process.kill(Number(pid), 'SIGKILL');
  }
}
const N = 30_000;

describe.skipIf(external)('audit export across a server restart', () => {
  let server: FerretDbServer;
  let ds: DataSource;
  let env: Record<string, string>;
  const dir = mkdtempSync(join(tmpdir(), 'wfctl-audit-restart-'));

  beforeAll(async () => {
    server = await startFerretDb();
    ds = await connect({ uri: server.uri, dbName: 'restart', timeoutMs: 10_000 });
    await insertAudit(ds, makeAuditDocs(N, new Date('2024-06-01T00:00:00Z'), 50));
    env = { WFCTL_MONGODB_URI: server.uri, WFCTL_DB: 'restart', WFCTL_USER: 'restart-test', NO_COLOR: '1' };
  });

  afterAll(async () => {
    await ds?.close().catch(() => undefined);
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs an export and restarts the server once its temporary file has data. */
  async function exportWithRestart(args: string[], sub: string) {
    const d = join(dir, sub);
    mkdirSync(d);
    let restarted = false;
    const watcher = (async () => {
      const deadline = Date.now() + 200_000;
      while (Date.now() < deadline) {
        let tmp: string | undefined;
        try {
          // the export's own temporary file (.all.ndjson.wfctl-...tmp), not the lock claim's or the checkpoint's
          tmp = readdirSync(d).find((f) => f.startsWith('.all.ndjson.') && f.endsWith('.tmp'));
        } catch {
          return; // the test ended (and cleaned up) before the export wrote anything
        }
        if (tmp && statSync(join(d, tmp), { throwIfNoEntry: false })?.size) {
          // a crash, not a polite stop: FerretDB's SIGTERM waits for the export to finish
          killServerHard(server.port);
          await server.restart();
          restarted = true;
          return;
        }
        await new Promise((r) => setTimeout(r, 2));
      }
    })();
    const r = await runCli([...args.map((a) => a.replace('{dir}', d))], { env });
    await watcher;
    return { r, d, restarted };
  }

  it('with retries: resumes after the last record written, every record exactly once', async () => {
    const { r, d, restarted } = await exportWithRestart(
      [
        '--retries',
        '8',
        '--timeout',
        '10',
        'audit',
        'export',
        '--until',
        '2025-01-01',
        '--checkpoint',
        '{dir}/a.ckpt',
        '-o',
        '{dir}/all.ndjson',
      ],
      'retry',
    );
    expect(restarted).toBe(true);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/lost the connection after [1-9]\d* records; resuming after the last record written/);
    const recs = ndjsonRecords(readFileSync(join(d, 'all.ndjson'), 'utf8'));
    expect(recs).toHaveLength(N);
    expect(new Set(recs.map((x) => x._id)).size).toBe(N);
    const keys = recs.map((x) => `${x.timestamp as string}|${x._id as string}`);
    expect([...keys].sort()).toEqual(keys);
    expect(recs.map((x) => x._seq)).toEqual(recs.map((_, i) => i + 1));
    expect((await runCli(['audit', 'verify', join(d, 'all.ndjson')], { env })).code).toBe(0);
    expect(readdirSync(d).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 240_000);

  it('without retries: fails cleanly, no partial file, checkpoint unchanged', async () => {
    const d0 = join(dir, 'noretry-ckpt');
    mkdirSync(d0);
    const ckpt = join(d0, 'a.ckpt');
    expect(
      (
        await runCli(
          ['audit', 'export', '--until', '2024-06-01T00:00:01Z', '--checkpoint', ckpt, '-o', join(d0, 'first.ndjson')],
          { env },
        )
      ).code,
    ).toBe(0);
    const before = readFileSync(ckpt, 'utf8');
    const { r, d, restarted } = await exportWithRestart(
      ['--retry', 'none', 'audit', 'export', '--until', '2025-01-01', '--checkpoint', ckpt, '-o', '{dir}/all.ndjson'],
      'noretry',
    );
    expect(restarted).toBe(true);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^wfctl: /);
    expect(readdirSync(d)).toEqual([]);
    expect(readFileSync(ckpt, 'utf8')).toBe(before);
  }, 240_000);
});
