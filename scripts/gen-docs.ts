/**
 * Writes docs/commands.md: every command's own `--help`, so the reference
 * cannot drift from the code (test/docs.test.ts fails when it differs).
 * `npm run docs`.
 */
import { writeFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import type { Command } from 'commander';
import { buildProgram } from '../src/cli.js';
import { CommandContext } from '../src/context.js';
import { createIOStreams } from '../src/io.js';

/** Help is wrapped at this width, whatever the terminal, so the file is the same everywhere. */
const HELP_WIDTH = 100;

function visible(cmd: Command): Command[] {
  return cmd.commands.filter((c) => !(c as unknown as { _hidden?: boolean })._hidden);
}

function pathOf(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

function walk(cmd: Command, out: Command[]): void {
  out.push(cmd);
  for (const sub of visible(cmd)) walk(sub, out);
}

export function commandReference(): string {
  const io = createIOStreams({
    stdout: new PassThrough(),
    stderr: new PassThrough(),
    stdin: new PassThrough(),
    env: {},
  });
  const program = buildProgram(new CommandContext(io));
  const all: Command[] = [];
  walk(program, all);
  const parts = [
    '# Command reference',
    '',
    "Generated from the commands' own `--help` by `npm run docs`; a test fails when it differs from the code.",
    'The guides beside this file explain what the options mean in practice.',
    '',
    ...all.map((c) => `- [\`${pathOf(c)}\`](#${pathOf(c).replace(/ /g, '-')})`),
    '',
  ];
  for (const cmd of all) {
    cmd.configureHelp({ ...cmd.configureHelp(), helpWidth: HELP_WIDTH });
    const help = cmd
      .helpInformation()
      .replace(/[ \t]+$/gm, '')
      .trimEnd();
    parts.push(`## ${pathOf(cmd)}`, '', '```text', help, '```', '');
  }
  return parts.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(new URL('../docs/commands.md', import.meta.url), commandReference());
  process.stdout.write('wrote docs/commands.md\n');
}
