/**
 * What wfctl echoes of its input stays one short line: newlines, NULs and
 * terminal escapes in an argument are written as escapes, a 131,000-character
 * argument is cut, and numbers are plain decimals.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { useTestDatabase } from './support/db.js';

const db = useTestDatabase('faults_input');
const HUGE = 'x'.repeat(131_000);

/** stderr as lines, without the trailing empty one */
const lines = (s: string) => s.replace(/\n$/, '').split('\n');

describe('echoed input', () => {
  it('a workflow argument with a newline, a NUL and an ESC: one line, each written as an escape', async () => {
    const r = await runCli(['versions', 'show', 'a\nb\0c\u001b[31md', '1'], { env: db.env });
    expect(r.code).toBe(4);
    expect(lines(r.stderr)[0]).toBe(
      'wfctl: workflow "a\\nb\\0c\\e[31md" not found (looked for an id, an id prefix and a name)',
    );
    expect(lines(r.stderr)).toHaveLength(2); // the message and its hint
  });

  it('a 131,000-character workflow argument: cut after 80 characters, its length named', async () => {
    const r = await runCli(['versions', 'show', HUGE, '1'], { env: db.env });
    expect(r.code).toBe(4);
    expect(lines(r.stderr)[0]).toBe(
      `wfctl: workflow "${'x'.repeat(80)}…" (131,000 characters) not found (looked for an id, an id prefix and a name)`,
    );
    expect(r.stderr.length).toBeLessThan(400);
  });

  it('an option value commander rejects, with a newline and 131,000 characters: one short line', async () => {
    const r = await runCli(['audit', 'list', '--since', `2025-01-01\n${HUGE}`], { env: db.env });
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(
      /^wfctl: option '--since <time>' argument "2025-01-01\\nx{69}…" \(131,011 characters\) is invalid\. "2025-01-01\\nx{69}…" \(131,011 characters\) is not a date/,
    );
    expect(r.stderr.length).toBeLessThan(600);
  });

  it("a short plain invalid value keeps commander's form", async () => {
    const r = await runCli(['audit', 'list', '--since', 'soon'], { env: db.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^wfctl: option '--since <time>' argument 'soon' is invalid\. "soon" is not a date, time or span/,
    );
  });

  it('an unknown option of 131,000 characters and an unknown command with an escape: cut and escaped', async () => {
    const a = await runCli(['workflows', 'list', `--${HUGE}`], { env: db.env });
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/^wfctl: unknown option "--x{78}…" \(131,002 characters\)$/m);
    expect(a.stderr.length).toBeLessThan(400);
    const b = await runCli(['work\u001b]0;pwned\u0007flows'], { env: db.env });
    expect(b.code).toBe(2);
    expect(b.stderr).not.toMatch(/[\u0007\u001b]/);
    expect(b.stderr).toMatch(/^wfctl: unknown command "work\\e\]0;pwned\\u0007flows"/m);
  });
});

describe('numbers are plain decimals', () => {
  it.each([
    [['check', 'success-rate', '--min', '0x10'], /"0x10" is not a percentage/],
    [['check', 'success-rate', '--min', '1e1'], /"1e1" is not a percentage/],
    [['check', 'success-rate', '--min', 'Infinity'], /"Infinity" is not a percentage/],
    [['check', 'success-rate', '--min', ' '], /" " is not a percentage/],
    [['--timeout', '0x10', 'workflows', 'list'], /"0x10" is not a number of seconds/],
    [['--max-time', '1e3', 'workflows', 'list'], /"1e3" is not a number of seconds/],
  ])('%j: exit 2', async (args, message) => {
    const r = await runCli(args, { env: db.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('decimals are taken: --min 99.5, --min .5%, --timeout 2.5', async () => {
    await db.ds.workflows.insertOne({
      name: 'decimals',
      trigger: { trigger_type: 'manual', config: {} },
      actions: [],
      enabled: true,
    } as never);
    for (const args of [
      ['check', 'success-rate', '--min', '99.5', '--json'],
      ['check', 'success-rate', '--min', '.5%', '--json'],
      ['--timeout', '2.5', 'workflows', 'list'],
    ]) {
      const r = await runCli(args, { env: db.env });
      expect(r.stderr).not.toMatch(/is not a/);
      expect([0, 3, 5]).toContain(r.code);
    }
  });
});
