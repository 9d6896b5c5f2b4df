/**
 * Invariant 3 (crash safety): a real `wfctl rollback` process killed with
 * SIGKILL at random moments, over and over. After each kill, db doctor must
 * report exactly what is unfinished (no state is silently wrong); then
 * either `db doctor --repair` or re-running the rollback completes it, and
 * every invariant holds again.
 */
import { spawn } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { runDoctor } from '../../../src/data/db/index.js';
import { auditRecordId, writtenByWfctl } from '../../../src/data/versions/index.js';
import type { RawVersionDoc } from '../../../src/data/core/index.js';
import { BIN, runCli } from '../../support/cli.js';
import { useTestDatabase } from '../../support/db.js';
import {
  chain,
  expectHistoryKept,
  expectVersionInvariants,
  seedWorkflow,
  snapshotHistory,
  withoutRollbackStamp,
} from '../../support/version-fixtures.js';

const db = useTestDatabase('rollback_crash');
const WF = 'wf-crashy';
const KILLS = 60;
const actor = { user: 'repairer', host: 'test-host', userAgent: 'wfctl/0.0.0-test' };

beforeAll(async () => {
  await seedWorkflow(db.ds, WF, chain(WF, 3));
});

/**
 * Runs a rollback process and kills it: after `kill.delayMs`, or `kill.afterInsertMs`
 * after its new version appears in the database (so that kills land inside the
 * short stretch of writes); kill null lets it finish.
 */
function rollbackProcess(
  to: number,
  reason: string,
  kill: { delayMs: number } | { afterInsertMs: number; countBefore: number } | null,
): Promise<{ killed: boolean; code: number | null; ms: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [BIN, 'rollback', WF, '--to', String(to), '--reason', reason, '--yes'], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...db.env },
      stdio: 'ignore',
    });
    let killed = false;
    let exited = false;
    const timers: NodeJS.Timeout[] = [];
    const doKill = () => {
      if (!exited) killed = child.kill('SIGKILL');
    };
    if (kill && 'delayMs' in kill) timers.push(setTimeout(doKill, kill.delayMs));
    if (kill && 'afterInsertMs' in kill) {
      void (async () => {
        while (!exited) {
          if ((await db.ds.versions.countDocuments({ workflow_id: WF })) > kill.countBefore) {
            timers.push(setTimeout(doKill, kill.afterInsertMs));
            return;
          }
          await new Promise((r) => setTimeout(r, 1));
        }
      })().catch(doKill);
    }
    child.on('error', reject);
    child.on('exit', (code) => {
      exited = true;
      for (const t of timers) clearTimeout(t);
      resolve({ killed: killed && code === null, code, ms: performance.now() - t0 });
    });
  });
}

type Violation = { kind: string; version?: number };

/** What is wrong right now, computed straight from the collections. */
async function violations(): Promise<Violation[]> {
  const out: Violation[] = [];
  const versions = await db.ds.versions.find({ workflow_id: WF }).toArray();
  const nums = versions.map((v) => v.version_number).sort((a, b) => a - b);
  const highest = nums[nums.length - 1]!;
  if (nums.some((n, i) => n !== i + 1)) out.push({ kind: 'gaps' });
  const current = versions.filter((v) => v.is_current === true).map((v) => v.version_number);
  if (!(current.length === 1 && current[0] === highest)) out.push({ kind: 'current-flags' });
  const wf = await db.ds.workflows.findOne({ id: WF });
  if ((wf?.current_version ?? 0) < highest) out.push({ kind: 'workflow-behind' });
  for (const v of versions) {
    if (!writtenByWfctl(v)) continue;
    const id = await auditRecordId(v as RawVersionDoc);
    if (!(await db.ds.audit.findOne({ _id: id }))) out.push({ kind: 'audit-missing', version: v.version_number });
  }
  return out;
}

describe(`rollback killed with SIGKILL at random moments (${KILLS} times)`, () => {
  it('every state is reported precisely and completed by repair or by re-running', async () => {
    const history = await snapshotHistory(db.ds);
    // how long a whole run takes: the writes are its last part
    const full = await rollbackProcess(1, 'calibration', null);
    expect(full.code).toBe(0);
    const total = full.ms;
    const seen = new Map<string, number>();
    let kills = 0;
    let target = 2;
    let i = 0;
    for (; kills < KILLS; i++) {
      // a third at any moment from start-up on; the rest shortly after the new version's insert,
      // inside the stretch of writes (flags, custom_workflows, audit record)
      const countBefore = await db.ds.versions.countDocuments({ workflow_id: WF });
      const random = i % 3 === 0;
      const delay = random ? Math.random() * total * 0.9 : Math.random() * 12;
      const run = await rollbackProcess(
        target,
        `kill ${i}`,
        random ? { delayMs: delay } : { afterInsertMs: delay, countBefore },
      );
      if (run.killed) kills++;
      // a request the process sent just before it died may still land on the server a little later:
      // compare the doctor with a state that stayed the same before and after its run
      const key = (v: Violation) => `${v.kind}${v.version !== undefined ? `#${v.version}` : ''}`;
      let wrong: Violation[] = [];
      let reported: string[] = [];
      for (let attempt = 0; ; attempt++) {
        await new Promise((r) => setTimeout(r, 30 + attempt * 100));
        wrong = await violations();
        const report = await runDoctor(db.ds, { only: ['versions'] });
        reported = report.findings
          .filter((f) => f.check === 'versions')
          .map((f) => f.data as { kind: string; version?: number })
          .map((d) => key({ kind: d.kind, ...(d.kind === 'audit-missing' ? { version: d.version! } : {}) }));
        const after = await violations();
        if (after.map(key).sort().join() === wrong.map(key).sort().join() || attempt >= 10) break;
      }
      // precisely: what the doctor reports is exactly what is wrong, nothing silently wrong and nothing invented
      expect(
        reported.sort(),
        `after kill ${i} (${random ? 'at' : 'after the insert +'} ${Math.round(delay)} ms)`,
      ).toEqual(wrong.map(key).sort());
      const state =
        wrong.length === 0
          ? 'complete'
          : wrong
              .map((w) => w.kind)
              .sort()
              .join('+');
      seen.set(state, (seen.get(state) ?? 0) + 1);
      if (wrong.length > 0) {
        if (i % 2 === 0) {
          const repaired = await runDoctor(db.ds, { only: ['versions'], repair: true, actor });
          expect(repaired.findings.filter((f) => f.check === 'versions')).toEqual([]);
        } else {
          const again = await runCli(
            ['rollback', WF, '--to', String(target), '--reason', `kill ${i} re-run`, '--yes', '--json'],
            { env: db.env },
          );
          expect(again.code, again.stderr).toBe(0);
        }
      }
      expect(await violations(), `repaired after kill ${i}`).toEqual([]);
      await expectVersionInvariants(db.ds, WF);
      target = target === 1 ? 2 : 1;
    }
    // the kills did land inside writes, not only before or after them
    expect([...seen.keys()].filter((s) => s !== 'complete').length, JSON.stringify([...seen])).toBeGreaterThan(0);
    console.log(`crash test: ${kills} kills in ${i} runs; states seen: ${JSON.stringify(Object.fromEntries(seen))}`);

    // the audit trail has every rollback that produced a version, exactly once
    const rollbacks = await db.ds.versions.find({ workflow_id: WF, rollback_of: { $exists: true } }).toArray();
    const audits = await db.ds.audit.find({ workflow_id: WF, event_type: 'workflow_rolled_back' }).toArray();
    expect(audits.map((a) => (a.details as { new_version: number }).new_version).sort((a, b) => a - b)).toEqual(
      rollbacks.map((v) => v.version_number).sort((a, b) => a - b),
    );
    for (const v of rollbacks) {
      const target = await db.ds.versions.findOne({ workflow_id: WF, version_number: v.rollback_of });
      expect(withoutRollbackStamp(v.workflow_data)).toEqual(withoutRollbackStamp(target!.workflow_data));
    }
    expectHistoryKept(history, await snapshotHistory(db.ds));
  }, 400_000);
});
