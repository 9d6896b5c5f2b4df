/**
 * A server that stops answering in the middle of a command, a short network
 * blackout during an export, a server too old for the driver, and the
 * connect-time faults that are not the server's (DNS, TLS files). Everything
 * runs on loopback: a proxy in front of the test server that goes silent, or a
 * fake server that answers the handshake only.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { insertAudit, makeAuditDocs, ndjsonRecords } from '../../support/audit-fixtures.js';
import { runBin } from '../../support/cli.js';
import { useTestDatabase } from '../../support/db.js';
import { HANDSHAKE_COMMANDS, testProxyTarget, startFakeServer, startSilentProxy, throughProxy, type SilentProxy } from '../../support/wire.js';

const db = useTestDatabase('faults_network');
const N = 3_000;
let dir = '';
let proxy: SilentProxy | undefined;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wfctl-faults-network-'));
  await db.ds.workflows.insertOne({ name: 'stall-probe', trigger: { trigger_type: 'manual', config: {} }, actions: [], enabled: true } as never);
  await insertAudit(db.ds, makeAuditDocs(N, new Date('2024-06-01T00:00:00Z'), 50));
});
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const firstCommand = (name: string) => !HANDSHAKE_COMMANDS.has(name);

async function viaProxy(silenceWhen: (name: string, n: number) => boolean) {
  const target = testProxyTarget(db.uri);
  if (!target) return undefined;
  proxy = await startSilentProxy(target, silenceWhen);
  return { ...db.env, WFCTL_MONGODB_URI: throughProxy(db.uri, proxy.port) };
}

async function timed(args: string[], env: Record<string, string>) {
  const t0 = Date.now();
  const r = await runBin(args, { env, timeoutMs: 90_000 });
  return { ...r, seconds: (Date.now() - t0) / 1000 };
}

describe('a server that stops answering in the middle of a command', () => {
  it('--timeout 2 --max-time 3 --retry none: exit 1 within seconds, saying the server stopped answering', async (ctx) => {
    const env = await viaProxy(firstCommand);
    if (!env) return ctx.skip();
    const r = await timed(['--timeout', '2', '--max-time', '3', '--retry', 'none', 'workflows', 'list'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^wfctl: list workflows: the server at 127\.0\.0\.1:\d+ stopped answering \(no reply for \d+(\.\d)?s\)$/m);
    expect(r.stderr).not.toMatch(/unexpected error/);
    expect(r.stdout).toBe('');
    // the driver's monitor notices within --timeout + 1 s; before, this took 15 s
    expect(r.seconds).toBeLessThan(9);
  });

  it('with the default retries: the retries stay inside --max-time', async (ctx) => {
    const env = await viaProxy(firstCommand);
    if (!env) return ctx.skip();
    const r = await timed(['--timeout', '2', '--max-time', '3', 'workflows', 'list'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/stopped answering/);
    // before: ~22 s (three retries, each waiting for server selection)
    expect(r.seconds).toBeLessThan(11);
  });

  it('an export stalled after a few batches: exit 1, no file, the checkpoint unmoved, no temporary file left', async (ctx) => {
    const env = await viaProxy((name, n) => name === 'getMore' && n === 3);
    if (!env) return ctx.skip();
    const out = join(dir, 'stalled.ndjson');
    const ckpt = join(dir, 'stalled.ckpt');
    const r = await timed(['--timeout', '2', '--max-time', '3', 'audit', 'export', '--until', '2025-01-01', '--checkpoint', ckpt, '-o', out], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/read audit records: the server at 127\.0\.0\.1:\d+ stopped answering/);
    // about 4 s alone; a stalled export that nothing notices waits for the 90 s harness limit.
    // The bound leaves room for a loaded two-core machine (12.1 s seen in a full run)
    expect(r.seconds).toBeLessThan(20);
    expect(readdirSync(dir).filter((f) => f.startsWith('stalled') || f.startsWith('.stalled'))).toEqual([]);
  });

  it('an export through a 4-second blackout resumes after the interrupted batch: every record exactly once', async (ctx) => {
    const env = await viaProxy((name, n) => name === 'getMore' && n === 4);
    if (!env) return ctx.skip();
    const timer = setInterval(() => {
      if (proxy?.silent) {
        clearInterval(timer);
        setTimeout(() => proxy?.resume(), 4_000);
      }
    }, 20);
    const out = join(dir, 'blackout.ndjson');
    try {
      const r = await timed(['--timeout', '2', '--max-time', '30', 'audit', 'export', '--until', '2025-01-01', '-o', out], env);
      expect(r.stderr).toMatch(/lost the connection after \d+ records; resuming after the last record written/);
      expect(r.stderr).not.toMatch(/unexpected error/);
      expect(r.code).toBe(0);
      const ids = ndjsonRecords(readFileSync(out, 'utf8')).map((rec) => JSON.stringify(rec._id));
      expect(ids).toHaveLength(N);
      expect(new Set(ids).size).toBe(N);
    } finally {
      clearInterval(timer);
    }
  });
});

describe('faults at connect time', () => {
  it('a server below MongoDB 4.4 (wire version 6): exit 1, naming the version wfctl needs', async () => {
    const fake = await startFakeServer({ maxWireVersion: 6, version: '3.6.23' });
    try {
      const r = await timed(['--timeout', '3', 'workflows', 'list'], { ...db.env, WFCTL_MONGODB_URI: fake.uri('old') });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^wfctl: the server at 127\.0\.0\.1:\d+ is too old for wfctl: it speaks wire version 6, wfctl needs MongoDB 4\.4 or later \(wire version 9\)$/m);
      expect(r.stderr).toMatch(/^hint: upgrade the server to MongoDB 4\.4 or later/m);
      expect(r.stderr).not.toMatch(/connectivity|--timeout/);
    } finally {
      await fake.close();
    }
  });

  it('a mongodb+srv:// name without an SRV record: exit 1, one line naming the DNS lookup', async () => {
    const r = await timed(['--timeout', '3', 'workflows', 'list'], { ...db.env, WFCTL_MONGODB_URI: 'mongodb+srv://wfctl-test.invalid/app' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^wfctl: cannot resolve mongodb\+srv:\/\/wfctl-test\.invalid: DNS SRV lookup of _mongodb\._tcp\.wfctl-test\.invalid failed \(.+\)$/m);
    expect(r.stderr).not.toMatch(/unexpected error/);
  });

  it('a tlsCAFile that does not exist: exit 2, naming the option and the file', async () => {
    const r = await timed(['--timeout', '3', 'workflows', 'list'], { ...db.env, WFCTL_MONGODB_URI: 'mongodb://127.0.0.1:1/app?tls=true&tlsCAFile=/nonexistent/ca.pem' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^wfctl: the connection string's tlsCAFile names \/nonexistent\/ca\.pem, which does not exist$/m);
    expect(r.stderr).not.toMatch(/unexpected error/);
  });
});
