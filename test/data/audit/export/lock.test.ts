/**
 * The checkpoint lock under races: every order of two takers' steps (placing
 * a claim, listing the claims), two takers of one stale lock (the race that
 * let two exports take over the same lock and export the same records), and
 * real processes started at once.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lockCheckpoint, type CheckpointLock } from '../../../../src/data/audit/index.js';
import { ROOT } from '../../../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'wfctl-export-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A process id that runs nowhere: a process that exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((r) => child.on('exit', r));
  return child.pid!;
}

/** A gate before a step: the taker waits there until the schedule opens it. */
function gate() {
  let open!: () => void;
  let reached!: () => void;
  const isReached = new Promise<void>((r) => (reached = r));
  const opened = new Promise<void>((r) => (open = r));
  return { wait: async () => (reached(), await opened), open, reached: isReached };
}

type Step = 'claimA' | 'listA' | 'claimB' | 'listB';

/** Runs two takers whose steps happen one at a time, in `order` (each taker's own steps keep theirs). */
async function race(ckpt: string, order: Step[], attempts = 1) {
  const gates = { claimA: gate(), listA: gate(), claimB: gate(), listB: gate() };
  const taker = (who: 'A' | 'B') =>
    lockCheckpoint(ckpt, {
      attempts,
      beforeClaim: gates[`claim${who}`].wait,
      beforeList: gates[`list${who}`].wait,
    }).then(
      (lock) => ({ who, lock }),
      (err: Error) => ({ who, err }),
    );
  const settled = { A: taker('A'), B: taker('B') };
  for (const step of order) {
    const who = step.endsWith('A') ? 'A' : 'B';
    await gates[step].reached;
    gates[step].open();
    // the step is over when the taker reaches its next gate (after a claim) or is done (after the list)
    await (step.startsWith('claim') ? gates[`list${who}`].reached : settled[who]);
  }
  return Promise.all([settled.A, settled.B]);
}

/** Every interleaving of A's and B's two steps. */
function interleavings(): Step[][] {
  const out: Step[][] = [];
  const walk = (a: Step[], b: Step[], acc: Step[]) => {
    if (!a.length && !b.length) return void out.push(acc);
    if (a.length) walk(a.slice(1), b, [...acc, a[0]!]);
    if (b.length) walk(a, b.slice(1), [...acc, b[0]!]);
  };
  walk(['claimA', 'listA'], ['claimB', 'listB'], []);
  return out;
}

describe('the checkpoint lock', () => {
  it.each(interleavings().map((o) => [o.join(' ')]))(
    'two takers, steps in the order %s: never both hold it',
    async (order) => {
      const ckpt = join(dir, `${order.replace(/ /g, '-')}.ckpt`);
      const results = await race(ckpt, order.split(' ') as Step[]);
      const holders = results.filter((r): r is { who: 'A' | 'B'; lock: CheckpointLock } => 'lock' in r);
      expect(holders.length).toBeLessThanOrEqual(1);
      // one taker finishing before the other starts: the first holds it, the second is told who does
      if (order === 'claimA listA claimB listB') {
        expect(holders.map((h) => h.who)).toEqual(['A']);
        expect(String((results[1] as { err: Error }).err.message)).toMatch(
          new RegExp(`another export holds checkpoint .* \\(pid ${process.pid} on `),
        );
      }
      for (const h of holders) await h.lock.release();
      expect(readdirSync(dir).filter((f) => f.startsWith(`${order.replace(/ /g, '-')}.ckpt.lock`))).toEqual([]);
    },
  );

  it('two takers of one stale lock: the stale claim is removed and exactly one of them holds the lock', async () => {
    const ckpt = join(dir, 'stale.ckpt');
    const stale = `${ckpt}.lock.stale-claim`;
    writeFileSync(
      stale,
      JSON.stringify({ pid: await deadPid(), host: hostname(), since: '2025-01-01T00:00:00Z', token: 'stale-claim' }),
    );
    // both have read the stale lock and go on to take it over: the moment where the old lock, which
    // deleted the file it had read by its shared name, let both through. With retries, as exports run.
    const results = await race(ckpt, ['claimA', 'claimB', 'listA', 'listB'], 4);
    const holders = results.filter((r) => 'lock' in r);
    expect(holders.map((h) => h.who)).toEqual(['B']);
    expect(existsSync(stale)).toBe(false);
    await (holders[0] as { lock: CheckpointLock }).lock.release();
  });

  it('a live lock of an earlier wfctl (CHECKPOINT.lock) is respected; a stale one is ignored and left', async () => {
    const ckpt = join(dir, 'legacy.ckpt');
    writeFileSync(
      `${ckpt}.lock`,
      JSON.stringify({ pid: process.pid, host: hostname(), since: '2025-01-01T00:00:00Z' }),
    );
    await expect(lockCheckpoint(ckpt, { attempts: 1 })).rejects.toThrow(
      `another export holds checkpoint ${ckpt} (pid ${process.pid} on ${hostname()}, since 2025-01-01T00:00:00Z)`,
    );
    writeFileSync(
      `${ckpt}.lock`,
      JSON.stringify({ pid: await deadPid(), host: hostname(), since: '2025-01-01T00:00:00Z' }),
    );
    const lock = await lockCheckpoint(ckpt, { attempts: 1 });
    expect(existsSync(`${ckpt}.lock`)).toBe(true);
    await lock.release();
  });

  it('a claim of another host counts as live (its process cannot be checked from here)', async () => {
    const ckpt = join(dir, 'remote.ckpt');
    writeFileSync(
      `${ckpt}.lock.remote`,
      JSON.stringify({ pid: 1, host: 'another-host.example', since: '2025-01-01T00:00:00Z', token: 'remote' }),
    );
    await expect(lockCheckpoint(ckpt, { attempts: 1 })).rejects.toThrow(/pid 1 on another-host\.example/);
  });

  it('eight processes started at once over a stale lock: their holds never overlap', async () => {
    const ckpt = join(dir, 'procs.ckpt');
    writeFileSync(
      `${ckpt}.lock.gone`,
      JSON.stringify({ pid: await deadPid(), host: hostname(), since: '2025-01-01T00:00:00Z', token: 'gone' }),
    );
    const log = join(dir, 'procs.log');
    writeFileSync(log, '');
    const script = `
      import { appendFileSync } from 'node:fs';
      import { lockCheckpoint } from ${JSON.stringify(join(ROOT, 'dist/data/audit/index.js'))};
      const [ckpt, log] = process.argv.slice(1);
      try {
        const lock = await lockCheckpoint(ckpt);
        appendFileSync(log, 'start ' + process.pid + '\\n');
        await new Promise((r) => setTimeout(r, 150));
        appendFileSync(log, 'end ' + process.pid + '\\n');
        await lock.release();
      } catch (err) {
        if (!/another export holds/.test(err.message)) throw err;
        process.exitCode = 3;
      }`;
    const codes = await Promise.all(
      Array.from({ length: 8 }, () => {
        const child = spawn(process.execPath, ['--input-type=module', '-e', script, ckpt, log], {
          stdio: ['ignore', 'ignore', 'inherit'],
        });
        return new Promise<number | null>((r) => child.on('exit', r));
      }),
    );
    expect(
      codes.every((c) => c === 0 || c === 3),
      String(codes),
    ).toBe(true);
    const events = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(' '));
    // start and end alternate, each end by the process that started just before it
    expect(events.length).toBeGreaterThanOrEqual(2);
    for (let i = 0; i < events.length; i += 2) {
      expect(events[i]![0]).toBe('start');
      expect(events[i + 1]![0]).toBe('end');
      expect(events[i + 1]![1]).toBe(events[i]![1]);
    }
    expect(readdirSync(dir).filter((f) => f.startsWith('procs.ckpt.lock') || f.startsWith('.procs.ckpt.lock'))).toEqual(
      [],
    );
  });
});
