/**
 * Tables for people: -o wide / --no-trunc on every table command, the columns
 * that may shrink, and versions list's reason.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { buildProgram } from '../../src/cli.js';
import { CommandContext } from '../../src/context.js';
import { createIOStreams } from '../../src/io.js';
import { PassThrough } from 'node:stream';
import { runCli } from '../support/cli.js';
import { useTestDatabase } from '../support/db.js';

const db = useTestDatabase('tables');
const LONG = 'Sends the weekly invoice digest to every regional finance team, then archives the batch';
const WF = '6b0e7c92ed9c955c3bbc0372';
const plain = (text: string) => text.replace(/\u001b\[[0-9;?]*[a-zA-Z]/g, '');

beforeAll(async () => {
  const { ObjectId } = await import('mongodb');
  const at = new Date('2025-06-01T10:00:00Z');
  await db.ds.workflows.insertOne({
    _id: new ObjectId(WF),
    name: `Invoice digest: ${LONG}`,
    enabled: true,
    actions: [],
    updated_at: at,
    execution_count: 3,
    last_execution: at,
  } as never);
  const version = (n: number, extra: Record<string, unknown>) => ({
    workflow_id: WF,
    version_number: n,
    workflow_data: { name: 'Invoice digest', n },
    changed_by: 'ann',
    changed_at: new Date(at.getTime() + n * 60_000),
    diff: {},
    is_current: n === 3,
    ...extra,
  });
  await db.ds.versions.insertMany([
    version(1, { change_description: LONG }),
    version(2, { change_description: 'retry the upload 5 times' }),
    version(3, {
      change_description: 'Rolled back to version 1. Reason: v2 filled the queue with duplicates',
      rollback_of: 1,
      reason: 'v2 filled the queue with duplicates',
    }),
  ] as never[]);
});

describe('-o wide and --no-trunc', () => {
  it('print every cell whole at 80 and at 200 columns; the default cuts only the free text at 80', async () => {
    for (const columns of [80, 200]) {
      for (const flag of [['-o', 'wide'], ['--no-trunc'], ['--format', 'wide']]) {
        const r = await runCli(['workflows', 'list', ...flag], { env: db.env, tty: true, columns });
        expect(r.code, flag.join(' ')).toBe(0);
        expect(plain(r.stdout)).toContain(`Invoice digest: ${LONG}`);
        expect(r.stdout).not.toContain('…');
      }
    }
    const cut = plain((await runCli(['workflows', 'list'], { env: db.env, tty: true, columns: 80 })).stdout);
    expect(cut).toContain('…');
    expect(cut).toContain(WF); // the id is never cut
    for (const line of cut.trimEnd().split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('-o takes the other formats too; with --json another format is exit 2', async () => {
    const j = await runCli(['workflows', 'list', '-o', 'json'], { env: db.env });
    expect(JSON.parse(j.stdout).workflows[0].id).toBe(WF);
    const both = await runCli(['workflows', 'list', '--json', '-o', 'wide'], { env: db.env });
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--json and --format wide ask for two formats/);
    const bad = await runCli(['workflows', 'list', '-o', 'wider'], { env: db.env });
    expect(bad.code).toBe(2);
  });

  it('every command that prints a table has -o wide and --no-trunc', () => {
    const io = createIOStreams({
      stdout: new PassThrough(),
      stderr: new PassThrough(),
      stdin: new PassThrough(),
      env: {},
    });
    const program = buildProgram(new CommandContext(io));
    const tableVerbs: string[] = [];
    const walk = (cmd: Command, path: string[]) => {
      for (const sub of cmd.commands) walk(sub, [...path, sub.name()]);
      const format = cmd.options.find((o) => o.long === '--format');
      if (format?.argChoices?.includes('table')) {
        tableVerbs.push(path.join(' '));
        expect(format.short, path.join(' ')).toBe('-o');
        expect(format.argChoices, path.join(' ')).toContain('wide');
        expect(
          cmd.options.some((o) => o.long === '--no-trunc'),
          path.join(' '),
        ).toBe(true);
      }
    };
    walk(program, []);
    expect(tableVerbs).toEqual(
      expect.arrayContaining(['workflows list', 'versions list', 'audit list', 'stats errors', 'analytics overview']),
    );
  });
});

describe('versions list', () => {
  it('shows the reason of a rollback, and RESTORES only when a listed version is one', async () => {
    const r = plain(
      (await runCli(['versions', 'list', WF, '--no-health'], { env: db.env, tty: true, columns: 200 })).stdout,
    );
    expect(r).toMatch(/RESTORES\s+REASON/);
    expect(r).toMatch(/v1\s+v2 filled the queue with duplicates/);
    const older = plain(
      (await runCli(['versions', 'list', WF, '--no-health', '--limit', '1'], { env: db.env, tty: true, columns: 200 }))
        .stdout,
    );
    expect(older).toMatch(/RESTORES/);
    // piped and CSV: every column, new ones after the old (scripts reading by position keep working)
    const csv = (
      await runCli(['versions', 'list', WF, '--no-health', '--format', 'csv'], { env: db.env })
    ).stdout.split('\r\n');
    expect(csv[0]).toBe('version,current,changed at,changed by,description,restores,reason,authenticated user');
    expect(csv[1]).toMatch(/,v1,v2 filled the queue with duplicates,$/);
  });

  it('at 80 columns the description is cut, never the numbers; -o wide prints it whole', async () => {
    const narrow = plain(
      (await runCli(['versions', 'list', WF, '--no-health', '--limit', '2'], { env: db.env, tty: true, columns: 80 }))
        .stdout,
    );
    expect(narrow).toMatch(/^\s+3\s.*v1\s+v2 filled/m);
    expect(narrow).toMatch(/^\s+2\s/m);
    for (const line of narrow.trimEnd().split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    const wide = plain(
      (await runCli(['versions', 'list', WF, '--no-health', '-o', 'wide'], { env: db.env, tty: true, columns: 80 }))
        .stdout,
    );
    expect(wide).toContain(LONG);
  });
});
