import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { useTestDatabase } from '../support/db.js';

const db = useTestDatabase('output');
const empty = useTestDatabase('output_empty');
const ESC = '\u001b[';

beforeAll(async () => {
  await db.ds.workflows.insertMany([
    { id: 'wf-a', name: 'Alpha', enabled: true, actions: [{ name: 'x', type: 'http' }], updated_at: new Date() },
    { id: 'wf-b', name: 'Beta', enabled: false, actions: [], updated_at: new Date() },
    // odd shapes from older backends: must render, not crash
    {
      id: 'wf-odd',
      name: 'Odd',
      enabled: 'yes',
      trigger: 'cron',
      actions: 'none',
      current_version: '7',
      updated_at: 'not a date',
    } as never,
  ]);
});

describe('colour', () => {
  it('is on for a terminal and off with NO_COLOR, --no-color or FORCE_COLOR=0', async () => {
    const env = { ...db.env, NO_COLOR: undefined };
    expect((await runCli(['workflows', 'list'], { env, tty: true })).stdout).toContain(ESC);
    expect((await runCli(['workflows', 'list'], { env: { ...env, NO_COLOR: '1' }, tty: true })).stdout).not.toContain(
      ESC,
    );
    expect((await runCli(['workflows', 'list', '--no-color'], { env, tty: true })).stdout).not.toContain(ESC);
    expect(
      (await runCli(['workflows', 'list'], { env: { ...env, FORCE_COLOR: '0' }, tty: true })).stdout,
    ).not.toContain(ESC);
  });

  it('is off when piped, unless FORCE_COLOR asks for it', async () => {
    const env = { ...db.env, NO_COLOR: undefined };
    expect((await runCli(['workflows', 'show', 'wf-a'], { env })).stdout).not.toContain(ESC);
    expect((await runCli(['workflows', 'show', 'wf-a'], { env: { ...env, FORCE_COLOR: '1' } })).stdout).toContain(ESC);
  });
});

describe('streams', () => {
  it('keeps stdout for the result: a spinner on a terminal goes to stderr', async () => {
    const r = await runCli(['workflows', 'list', '--json'], { env: db.env, tty: true });
    expect(r.code).toBe(0);
    expect(() => JSON.parse(r.stdout)).not.toThrow();
  });

  it('an empty database lists nothing, says so on a terminal, and exits 0', async () => {
    const piped = await runCli(['workflows', 'list'], { env: empty.env });
    expect(piped).toMatchObject({ code: 0, stdout: '' });
    const tty = await runCli(['workflows', 'list'], { env: empty.env, tty: true });
    expect(tty.code).toBe(0);
    expect(tty.stderr).toContain('No workflows match.');
    expect(JSON.parse((await runCli(['workflows', 'list', '--json'], { env: empty.env })).stdout)).toEqual({
      workflows: [],
    });
  });
});

describe('output flags', () => {
  it('--json with another --format is exit 2 before any work; --json alone or with --format json is JSON', async () => {
    const r = await runCli(['workflows', 'list', '--json', '--format', 'csv'], { env: db.env });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--json and --format csv ask for two formats');
    expect((await runCli(['db', 'doctor', '--repair', '--format', 'table', '--json'], { env: db.env })).code).toBe(2);
    const ok = await runCli(['workflows', 'list', '--format', 'json', '--json'], { env: db.env });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).workflows).toHaveLength(3);
  });

  it('--bom puts one byte order mark before the CSV, and none when the command fails', async () => {
    const ok = await runCli(['workflows', 'list', '--format', 'csv', '--bom'], { env: db.env });
    expect(ok.code).toBe(0);
    expect(ok.stdout.startsWith('\uFEFFid,')).toBe(true);
    expect(ok.stdout.indexOf('\uFEFF', 1)).toBe(-1);
    const failed = await runCli(['versions', 'list', 'no-such-workflow', '--format', 'csv', '--bom'], { env: db.env });
    expect(failed.code).toBe(4);
    expect(failed.stdout).toBe('');
  });
});

describe('tolerant reading', () => {
  it('renders documents with odd field types instead of crashing', async () => {
    const r = await runCli(['workflows', 'show', 'wf-odd'], { env: db.env });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Odd');
    expect(r.stdout).toMatch(/version: +7/);
    const list = await runCli(['workflows', 'list', '--json'], { env: db.env });
    const odd = JSON.parse(list.stdout).workflows.find((w: { id: string }) => w.id === 'wf-odd');
    expect(odd).toMatchObject({ enabled: false, actionCount: 0, updatedAt: null, currentVersion: 7 });
  });
});

describe('connection options', () => {
  it('accepts --read-preference for reads', async () => {
    const r = await runCli(['--read-preference', 'secondaryPreferred', 'workflows', 'list', '--json'], { env: db.env });
    expect(r.code).toBe(0);
    const bad = await runCli(['--read-preference', 'fastest', 'workflows', 'list'], { env: db.env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('secondaryPreferred');
  });

  it('completes workflow ids and names for the shell scripts', async () => {
    const r = await runCli(['__complete', 'workflows'], { env: db.env });
    expect(r.stdout.split('\n').filter(Boolean)).toEqual([
      'wf-a\tAlpha',
      'wf-b\tBeta',
      'wf-odd\tOdd',
      'Alpha\twf-a',
      'Beta\twf-b',
      'Odd\twf-odd',
    ]);
  });
});
