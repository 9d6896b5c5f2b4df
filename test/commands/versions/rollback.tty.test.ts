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
    const code = await main(args, { stdout, stderr, stdin, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...db.env } });
    return { code, stdout: stdout.text, stderr: stderr.text };
  } finally {
    clearInterval(timer);
  }
}

beforeAll(async () => {
  await seedWorkflow(db.ds, 'wf-tty', chain('wf-tty', 3));
});

describe('rollback on a terminal', () => {
  it('shows the plan and asks; "n" cancels, writes nothing and exits 130 (a person changing their mind, as Ctrl-C)', async () => {
    const r = await interactive(['rollback', 'wf-tty', '--to', '1', '--reason', 'why not'], [{ when: /Roll wf-tty back to version 1/, type: 'n\r' }]);
    expect(r.code).toBe(130);
    expect(r.stdout).toContain('--- wf-tty@3');
    expect(r.stderr).toContain('Cancelled; nothing was written.');
    expect(await db.ds.versions.countDocuments({ workflow_id: 'wf-tty' })).toBe(3);
  });

  it('"y" rolls back', async () => {
    const r = await interactive(['rollback', 'wf-tty', '--to', '1', '--reason', 'confirmed'], [{ when: /Roll wf-tty back to version 1/, type: 'y\r' }]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Rolled back wf-tty to version 1: version 4 is now current');
    await expectVersionInvariants(db.ds, 'wf-tty');
  });

  it('without --to offers the versions, then asks for the reason', async () => {
    const r = await interactive(['rollback', 'wf-tty', '--yes'], [
      // the list starts at the newest non-current version (3); one down is 2
      { when: /back to which version/, type: '\u001b[B' },
      { when: /v2 /, type: '\r' },
      { when: /Reason for the rollback/, type: 'picked from the list\r' },
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/v3 .*test|v3 .*alice/);
    const v5 = await db.ds.versions.findOne({ workflow_id: 'wf-tty', version_number: 5 });
    expect(v5).toMatchObject({ rollback_of: 2, reason: 'picked from the list' });
    await expectVersionInvariants(db.ds, 'wf-tty');
  });
});
