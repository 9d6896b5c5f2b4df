/**
 * The operator's 3 a.m. rollback in a real terminal (tmux, 80x24): the
 * evidence, the change summary and the question are on one screen; the full
 * diff goes through the pager and the plan comes back above the question;
 * "No" exits 130, "Yes" rolls back and says how to undo it.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ObjectId } from 'mongodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { computeVersionDiff } from '../../../src/data/versions/index.js';
import { BIN } from '../../support/cli.js';
import { useTestDatabase } from '../../support/db.js';
import { missingProgram, TmuxShell } from '../../support/pty.js';

const db = useTestDatabase('rollback_screen');
const WF = '6ade4a53c1f2e3d4a5b6c7d8';
const PROMPT = 'PROMPT>';
const H = 3_600_000;

let workDir = '';
let binDir = '';

/** The workflow as an operator knows it: a name, actions, thresholds; v12 raised the score threshold and added a long rule list. */
function fraudData(version: number): Record<string, unknown> {
  const rules =
    version === 12
      ? Array.from({ length: 30 }, (_, i) => ({ rule: `velocity-${i + 1}`, window_minutes: 5 + i, max_attempts: 3 }))
      : [];
  return {
    name: 'Fraud screening',
    description: 'Score card payments and hold the risky ones',
    trigger: { trigger_type: 'event', config: { event: 'payment.created' } },
    actions: [
      {
        action_type: 'call_webhook',
        name: 'score',
        config: { url: 'https://risk.example.com/score', threshold: version === 12 ? 0.35 : 0.8, rules },
        order: 1,
        enabled: true,
      },
      {
        action_type: 'conditional',
        name: 'hold risky',
        config: { when: 'score > threshold', then: 'hold' },
        order: 2,
        enabled: true,
      },
      {
        action_type: 'send_notification',
        name: 'tell the desk',
        config: { channel: '#fraud-desk' },
        order: 3,
        enabled: version >= 11,
      },
    ],
    enabled: true,
    tags: ['payments', 'risk'],
    created_by: 'maria',
  };
}

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'wfctl-rollback-screen-'));
  binDir = join(workDir, 'bin');
  mkdirSync(binDir);
  writeFileSync(join(binDir, 'wfctl'), `#!/bin/sh\nexec '${process.execPath}' '${BIN}' "$@"\n`);
  chmodSync(join(binDir, 'wfctl'), 0o755);

  const now = Date.now();
  const changedAt = (v: number) => new Date(now - (13 - v) * 6 * H);
  const docs = Array.from({ length: 12 }, (_, i) => {
    const v = i + 1;
    return {
      workflow_id: WF,
      version_number: v,
      workflow_data: fraudData(v),
      change_description: v === 12 ? 'stricter scoring for the holiday peak' : v === 1 ? 'created' : `tune step ${v}`,
      changed_by: v === 12 ? 'jonas' : 'maria',
      changed_at: changedAt(v),
      diff: computeVersionDiff(v === 1 ? null : fraudData(v - 1), fraudData(v)),
      is_current: v === 12,
    };
  });
  await db.ds.versions.insertMany(docs);
  await db.ds.workflows.insertOne({
    _id: new ObjectId(WF),
    ...fraudData(12),
    updated_at: changedAt(12),
    current_version: 12,
  } as never);
  // v11 ran clean for six hours; v12 fails a third of its runs
  const runs: Array<Record<string, unknown>> = [];
  for (const [v, n, failEvery] of [
    [11, 120, 60],
    [12, 90, 3],
  ] as const) {
    for (let i = 0; i < n; i++) {
      const started = new Date(changedAt(v).getTime() + 60_000 + i * 150_000);
      const status = i % failEvery === 0 ? 'failed' : 'success';
      runs.push({
        workflow_id: WF,
        workflow_name: 'Fraud screening',
        execution: {
          workflow_id: WF,
          started_at: started,
          completed_at: new Date(started.getTime() + 800),
          status,
          actions_completed: ['score'],
          actions_failed: status === 'failed' ? ['hold risky'] : [],
          error: null,
          context: {},
        },
        created_at: new Date(started.getTime() + 800),
      });
    }
  }
  await db.ds.executions.insertMany(runs as never);
});

afterEach(() => TmuxShell.killAll());

afterAll(() => {
  TmuxShell.killAll();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

async function startShell(columns: number, rows: number, env: Record<string, string> = {}): Promise<TmuxShell> {
  const missing = missingProgram('tmux') ?? missingProgram('bash');
  if (missing) throw new Error(missing);
  const home = join(workDir, `home-${Math.random().toString(36).slice(2)}`);
  mkdirSync(home);
  const sh = TmuxShell.start({
    command: ['bash', '--norc', '--noprofile'],
    cwd: workDir,
    columns,
    rows,
    env: {
      ...db.env,
      ...env,
      HOME: home,
      TERM: 'screen',
      LANG: 'C.UTF-8',
      PATH: `${binDir}:/usr/local/bin:/usr/bin:/bin`,
    },
  });
  await sh.waitFor((s) => s.length > 0, 'bash to start', 10_000);
  sh.type(`PS1='${PROMPT} '; clear`);
  sh.press('Enter');
  await sh.waitFor((s) => s.trim() === PROMPT, 'a clear screen', 10_000);
  return sh;
}

const QUESTION = 'Roll "Fraud screening" (6ade4a53) back from v12 to v11?';

/** Runs a command and waits for the shell to say its exit status. */
async function exitStatus(sh: TmuxShell): Promise<number> {
  const screen = await sh.waitFor((s) => /exit=\d+/.test(s), 'the exit status', 15_000);
  return Number(/exit=(\d+)/.exec(screen)![1]);
}

describe("the operator's rollback at 80x24", () => {
  it('shows the evidence, the summary and the question on one screen; the diff through the pager; "No" exits 130', async () => {
    const sh = await startShell(80, 24);
    sh.type(`wfctl rollback 6ade4a53 --to 11 --reason "v12 blocks good cards"; echo "exit=$?"`);
    sh.press('Enter');
    const screen = await sh.waitFor((s) => s.includes(QUESTION), 'the question', 20_000);
    const lines = screen.split('\n');
    expect(lines.length).toBeLessThanOrEqual(24);
    expect(screen).toContain('Rollback of "Fraud screening" (6ade4a53): v12 -> v11, saved as v13');
    expect(screen).toMatch(/current v12: 90 runs, 66\.7% ok, live 6h 0?0m so far/);
    expect(screen).toMatch(/target {2}v11: 120 runs, 98\.3% ok, live 6h 0?0m/);
    expect(screen).toMatch(/by path, v12 -> v11: \d+ added, \d+ removed, \d+ modified/);
    expect(screen).toMatch(/backend count, v12 -> v13: \d+ values? changed, \d+ items? added, \d+ items? removed/);
    expect(screen).toContain('❯ View the diff');
    // nothing wider than the terminal
    for (const line of lines.filter((l) => !l.startsWith(PROMPT))) expect(line.length, line).toBeLessThanOrEqual(80);

    // the full diff is longer than the screen: less shows it, q comes back to the plan and the question
    sh.press('Enter');
    await sh.waitFor((s) => s.includes('--- 6ade4a53@12') || s.includes('velocity-'), 'the diff in the pager', 10_000);
    sh.type('q');
    const again = await sh.waitFor(
      (s) => s.trimEnd().split('\n').slice(-12).join('\n').includes(QUESTION) && s.includes('backend count'),
      'the plan and the question again',
      10_000,
    );
    expect(again).toContain('target  v11');

    sh.type('n');
    await sh.waitFor((s) => s.includes('❯ No, cancel'), 'the cursor on No');
    sh.press('Enter');
    expect(await exitStatus(sh)).toBe(130);
    expect(sh.screen()).toContain('Cancelled; nothing was written.');
    expect(await db.ds.versions.countDocuments({ workflow_id: WF })).toBe(12);
  });

  it('"Yes" rolls back and shows the new version and the command that undoes it', async () => {
    const sh = await startShell(80, 24);
    sh.type(`wfctl rollback 'Fraud screening' --to 11 --reason "v12 blocks good cards"; echo "exit=$?"`);
    sh.press('Enter');
    await sh.waitFor((s) => s.includes(QUESTION), 'the question', 20_000);
    sh.type('y');
    await sh.waitFor((s) => s.includes('❯ Yes, roll back to v11'), 'the cursor on Yes');
    sh.press('Enter');
    expect(await exitStatus(sh)).toBe(0);
    const screen = sh.screen();
    expect(screen).toContain('Rolled back "Fraud screening" (6ade4a53): now v13 (a copy of v11; was v12)');
    expect(screen).toContain(`to undo: wfctl rollback ${WF} --to 12`);
    expect(await db.ds.versions.countDocuments({ workflow_id: WF })).toBe(13);
  });
});
