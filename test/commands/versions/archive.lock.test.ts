/**
 * `versions archive`, one run at a time per file: a second run while the first holds the lock is
 * refused (exit 1, naming the holder) and touches nothing; the claim of a run killed with SIGKILL
 * (its process gone) is taken over by the next run, which finishes the job; a claim of another host
 * counts as held; a folder that does not exist is bad input.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../../support/cli.js';
import { useTestDatabase } from '../../support/db.js';
import { chain, seedWorkflow } from '../../support/version-fixtures.js';

const db = useTestDatabase('versions_archive_lock');
const dir = mkdtempSync(join(tmpdir(), 'wfctl-versions-archive-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const W = 'aaaaaaaaaaaaaaaaaaaaaaaa';
let n = 0;
const file = () => join(dir, `versions-${++n}.ndjson`);
const claims = (out: string) => readdirSync(dir).filter((f) => f.startsWith(`${basename(out)}.archive.json.lock.`));
const numbers = async () =>
  (await db.ds.versions.find({ workflow_id: W }).sort({ version_number: 1 }).toArray()).map((v) => v.version_number);
const archive = (out: string) =>
  runCli(['versions', 'archive', W, '--keep', '3', '-o', out, '--delete'], { env: db.env });

/**
 * A first run in its own process that stops after `step` (holding the lock): with `how` 'pause' it
 * blocks until a line arrives on its stdin, then finishes; with 'kill' it is killed there (SIGKILL).
 */
function firstRun(out: string, step: string, how: 'pause' | 'kill') {
  const script = `
    const { readSync } = await import('node:fs');
    const { connect } = await import(${JSON.stringify(join(ROOT, 'dist/data/core/index.js'))});
    const { archiveVersions } = await import(${JSON.stringify(join(ROOT, 'dist/data/versions/index.js'))});
    const [uri, dbName, output, step, how, wf] = process.argv.slice(1);
    const ds = await connect({ uri, dbName, timeoutMs: 10000 });
    await archiveVersions(ds, {
      workflowId: wf, keep: 3, output, delete: true,
      actor: { user: 'first', host: 'h', userAgent: 'wfctl/test' },
      onStep: (s) => {
        if (s !== step) return;
        if (how === 'kill') process.kill(process.pid, 'SIGKILL');
        process.stdout.write('held\\n');
        readSync(0, Buffer.alloc(1));
      },
    });
    await ds.close();`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script, db.uri, db.dbName, out, step, how, W], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.on('exit', (code, signal) => r({ code, signal })),
  );
  const held = new Promise<void>((r) => child.stdout!.on('data', (d: Buffer) => d.includes('held') && r()));
  return { child, exited, held };
}

const go = (child: ChildProcess) => child.stdin!.end('\n');

beforeEach(async () => {
  await db.ds.versions.deleteMany({});
  await db.ds.audit.deleteMany({});
  await seedWorkflow(db.ds, W, chain(W, 10));
});

describe('versions archive: one run at a time', () => {
  it('a second run while the first holds the lock is refused, naming the holder; the first finishes', async () => {
    const out = file();
    const first = firstRun(out, 'verified', 'pause');
    await first.held;
    expect(claims(out)).toHaveLength(1);
    const second = await archive(out);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`another versions archive holds ${out} (pid ${first.child.pid} on ${hostname()}`);
    expect(second.stderr).toContain('wait for it to finish');
    // the second run deleted and recorded nothing
    expect(await numbers()).toHaveLength(10);
    expect(await db.ds.audit.countDocuments({ event_type: 'versions_archived' })).toBe(0);
    go(first.child);
    expect(await first.exited).toEqual({ code: 0, signal: null });
    expect(await numbers()).toEqual([8, 9, 10]);
    expect(claims(out)).toEqual([]);
    expect(await db.ds.audit.countDocuments({ event_type: 'versions_archived' })).toBe(1);
  });

  it('the claim of a run killed while it held the lock is taken over; the rerun finishes', async () => {
    const out = file();
    const first = firstRun(out, 'deleting', 'kill');
    expect((await first.exited).signal).toBe('SIGKILL');
    const stale = claims(out);
    expect(stale).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(dir, stale[0]!), 'utf8'))).toMatchObject({ pid: first.child.pid });
    const r = await archive(out);
    expect(r.code, r.stderr).toBe(0);
    expect(await numbers()).toEqual([8, 9, 10]);
    expect(claims(out)).toEqual([]);
    expect(await db.ds.audit.countDocuments({ event_type: 'versions_archived' })).toBe(1);
  });

  it('a claim of another host counts as held (it cannot be checked): exit 1, naming the file to remove', async () => {
    const out = file();
    const claim = join(dir, `${basename(out)}.archive.json.lock.elsewhere`);
    writeFileSync(
      claim,
      JSON.stringify({ pid: 1, host: 'other-host.example', since: '2025-01-01T00:00:00Z', token: 't' }),
    );
    const r = await archive(out);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`another versions archive holds ${out} (pid 1 on other-host.example`);
    expect(r.stderr).toContain(`remove ${claim}`);
    expect(existsSync(out)).toBe(false);
    expect(await numbers()).toHaveLength(10);
    rmSync(claim);
    expect((await archive(out)).code).toBe(0);
  });

  it('an unreadable claim counts as held; a folder that does not exist is exit 2; nothing written', async () => {
    const out = file();
    writeFileSync(join(dir, `${basename(out)}.archive.json.lock.garbled`), '{not json');
    const garbled = await archive(out);
    expect(garbled.code).toBe(1);
    expect(garbled.stderr).toContain('unknown holder');
    expect(existsSync(out)).toBe(false);
    const missing = join(dir, 'no-such-folder', 'v.ndjson');
    const r = await archive(missing);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`the archive folder ${join(dir, 'no-such-folder')} does not exist`);
    expect(await numbers()).toHaveLength(10);
  });
});
