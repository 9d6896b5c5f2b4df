/** The interactive rollback on a terminal: confirm, cancel, pick a version and give a reason. */
import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/main.js';
import { useTestDatabase } from '../../support/db.js';
import { chain, expectVersionInvariants, seedWorkflow } from '../../support/version-fixtures.js';

const db = useTestDatabase('rollback_tty');

class Terminal extends PassThrough {
  isTTY = true;
  columns = 120;
  text = '';
  constructor() {
    super();
    this.on('data', (d: Buffer) => (this.text += d.toString('utf8')));
  }
  // a prompt ends its output stream when done, which a real terminal (process.stdout) ignores
  override end(): this {
    return this;
  }
}

/** Runs wfctl with terminal streams; `answer` types keys as the prompts appear. */
async function interactive(args: string[], keys: Array<{ when: RegExp; type: string }>) {
  const stdout = new Terminal();
  const stderr = new Terminal();
  const stdin = new PassThrough() as PassThrough & { isTTY: boolean; setRawMode?: (b: boolean) => void };
  stdin.isTTY = true;
  stdin.setRawMode = () => undefined;
  const pending = [...keys];
  const timer = setInterval(() => {
    const next = pending[0];
    if (next && next.when.test(stdout.text)) {
      pending.shift();
      stdin.write(next.type);
    }
  }, 20);
  try {
    const code = await main(args, {
      stdout,
      stderr,
      stdin,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...db.env },
    });
    return { code, stdout: stdout.text, stderr: stderr.text };
  } finally {
    clearInterval(timer);
  }
}

beforeAll(async () => {
  const start = new Date(Date.now() - 3 * 3_600_000);
  await seedWorkflow(db.ds, 'wf-tty', chain('wf-tty', 3), { start });
  // v1 ran twice while it was live: one success, one failure
  const run = (minutes: number, status: string) => ({
    workflow_id: 'wf-tty',
    execution: {
      status,
      started_at: new Date(start.getTime() + minutes * 60_000),
      completed_at: new Date(start.getTime() + minutes * 60_000 + 1000),
      actions_completed: [],
      actions_failed: [],
    },
    created_at: new Date(start.getTime() + minutes * 60_000 + 1000),
  });
  await db.ds.executions.insertMany([run(10, 'success'), run(20, 'failed')]);
});

/** A letter picks the answer it starts with; Enter once the cursor is on it. */
const NO = { when: /❯ No, cancel/, type: '\r' };

describe('rollback on a terminal', () => {
  it('shows the plan without the diff, then asks by name and id; "No" cancels, writes nothing and exits 130', async () => {
    const r = await interactive(
      ['rollback', 'wf-tty', '--to', '1', '--reason', 'why not'],
      [{ when: /Roll "Workflow wf-tty" \(wf-tty\) back from v3 to v1\?/, type: 'n' }, NO],
    );
    expect(r.code).toBe(130);
    expect(r.stdout).toContain('Rollback of "Workflow wf-tty" (wf-tty): v3 -> v1, saved as v4');
    expect(r.stdout).toContain('~ revision: 3 -> 1');
    // the full diff is one answer away, not in the way of the question
    expect(r.stdout).not.toContain('--- wf-tty@3');
    expect(r.stdout).toContain('View the diff');
    expect(r.stderr).toContain('Cancelled; nothing was written.');
    expect(await db.ds.versions.countDocuments({ workflow_id: 'wf-tty' })).toBe(3);
  });

  it('"View the diff" shows it (inline without a pager), then the plan and the question again', async () => {
    const r = await interactive(
      ['rollback', 'wf-tty', '--to', '1', '--reason', 'look first'],
      [
        { when: /back from v3 to v1\?/, type: '\r' },
        { when: /--- wf-tty@3[\s\S]*back from v3 to v1\?/, type: 'n' },
        NO,
      ],
    );
    expect(r.code).toBe(130);
    const diffAt = r.stdout.indexOf('--- wf-tty@3');
    expect(diffAt).toBeGreaterThan(0);
    expect(r.stdout.indexOf('Rollback of "Workflow wf-tty"', diffAt)).toBeGreaterThan(diffAt);
    expect(await db.ds.versions.countDocuments({ workflow_id: 'wf-tty' })).toBe(3);
  });

  it('--diff prints the diff inline, before the plan', async () => {
    const r = await interactive(
      ['rollback', 'wf-tty', '--to', '1', '--reason', 'x', '--diff'],
      [{ when: /back from v3 to v1\?/, type: 'n' }, NO],
    );
    expect(r.code).toBe(130);
    expect(r.stdout.indexOf('--- wf-tty@3')).toBeLessThan(r.stdout.indexOf('Rollback of'));
  });

  it('"Yes" rolls back and says how to undo it', async () => {
    const r = await interactive(
      ['rollback', 'wf-tty', '--to', '1', '--reason', 'confirmed'],
      [
        { when: /back from v3 to v1\?/, type: 'y' },
        { when: /❯ Yes, roll back to v1/, type: '\r' },
      ],
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Rolled back "Workflow wf-tty" (wf-tty): now v4 (a copy of v1; was v3)');
    expect(r.stdout).toContain('to undo: wfctl rollback wf-tty --to 3');
    await expectVersionInvariants(db.ds, 'wf-tty');
  });

  it('without --to offers the versions with their health, then asks for the reason', async () => {
    const r = await interactive(
      ['rollback', 'wf-tty', '--yes'],
      [
        // the list starts at the newest non-current version (3); one down is 2
        { when: /back to which version/, type: '\u001b[B' },
        { when: /v2 /, type: '\r' },
        { when: /Reason for the rollback/, type: 'picked from the list\r' },
      ],
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/v3 .*alice .*0 runs/);
    expect(r.stdout).toMatch(/v1 .*alice .*2 runs +50\.0% ok/);
    const v5 = await db.ds.versions.findOne({ workflow_id: 'wf-tty', version_number: 5 });
    expect(v5).toMatchObject({ rollback_of: 2, reason: 'picked from the list' });
    await expectVersionInvariants(db.ds, 'wf-tty');
  });
});
