/** The pager (src/pager.ts): which one, when none, and what happens when it cannot run. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { Interrupts } from '../src/interrupt.js';
import { createIOStreams, type Env } from '../src/io.js';
import { page, pagerCommand } from '../src/pager.js';

const dir = mkdtempSync(join(tmpdir(), 'wfctl-pager-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A terminal stdout; `fd` makes it the process's own (a pager may write to it). */
function terminal(env: Env, fd?: number) {
  let text = '';
  const stdout = Object.assign(new PassThrough(), {
    isTTY: true,
    columns: 80,
    rows: 24,
    ...(fd !== undefined ? { fd } : {}),
  });
  stdout.on('data', (d: Buffer) => (text += d.toString()));
  const io = createIOStreams({
    stdout,
    stderr: new PassThrough(),
    stdin: Object.assign(new PassThrough(), { isTTY: true }),
    env,
  });
  return { io, text: () => text };
}

describe('which pager', () => {
  it('$WFCTL_PAGER, then $PAGER, then less -FRX; an empty one or cat is none', () => {
    expect(pagerCommand({ stdoutIsTTY: true, env: {} })).toBe('less -FRX');
    expect(pagerCommand({ stdoutIsTTY: true, env: { PAGER: 'more' } })).toBe('more');
    expect(pagerCommand({ stdoutIsTTY: true, env: { PAGER: 'more', WFCTL_PAGER: 'most -s' } })).toBe('most -s');
    expect(pagerCommand({ stdoutIsTTY: true, env: { PAGER: 'more', WFCTL_PAGER: '' } })).toBeNull();
    expect(pagerCommand({ stdoutIsTTY: true, env: { PAGER: ' cat ' } })).toBeNull();
  });

  it('none when stdout is not a terminal', () => {
    expect(pagerCommand({ stdoutIsTTY: false, env: { WFCTL_PAGER: 'less' } })).toBeNull();
  });
});

describe('paging', () => {
  const quiet = new Interrupts(
    () => undefined,
    () => undefined,
  );

  it('the text goes through the pager command', async () => {
    const file = join(dir, 'paged.txt');
    const t = terminal({ PATH: process.env.PATH, WFCTL_PAGER: `cat > '${file}'` }, 1);
    await page(t.io, quiet, '--- a\n+++ b\n');
    expect(readFileSync(file, 'utf8')).toBe('--- a\n+++ b\n');
    expect(t.text()).toBe('');
  });

  it('a pager that is not installed: the text is printed as it is', async () => {
    const t = terminal({ PATH: process.env.PATH, WFCTL_PAGER: 'no-such-pager-wfctl' }, 1);
    await page(t.io, quiet, 'the diff\n');
    expect(t.text()).toBe('the diff\n');
  });

  it("a stdout that is not the process's own (a capture): printed, no pager", async () => {
    const t = terminal({ PATH: process.env.PATH, WFCTL_PAGER: 'false' });
    await page(t.io, quiet, 'inline\n');
    expect(t.text()).toBe('inline\n');
  });
});
