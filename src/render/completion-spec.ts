/**
 * Shell completion scripts generated from the command tree, so that they can
 * never fall behind the commands. What a value completes to is decided here,
 * once, from the tree:
 * - commander `.choices()` (options and arguments): those words;
 * - a value parsed by `versionRefArg`, or named <version>: the versions of the
 *   workflow named earlier on the line (`wfctl __complete versions <wf>`);
 * - a value named <workflow> or <wf>: workflow ids and names (`wfctl __complete workflows`);
 * - a value named <context>: the configuration file's context names (`wfctl __complete contexts`);
 * - a value named <file>, <files...>, <path>, <dir> or <checkpoint>: file names;
 * - anything else: nothing.
 * The scripts pass the connection flags found on the line (CONNECTION_FLAGS)
 * on to the helper, which gives up quietly after about a second.
 */
import type { Argument, Command, Option } from 'commander';
import { versionRefArg } from '../options.js';

export type Shell = 'bash' | 'zsh' | 'fish';
export const SHELLS: readonly Shell[] = ['bash', 'zsh', 'fish'];

/** What a value completes to; `choices:a,b,c` carries its words. */
export type ValueKind = 'none' | 'workflow' | 'version' | 'file' | 'context' | `choices:${string}`;

/** Global flags on the line that the helper needs to reach the same database. */
export const CONNECTION_FLAGS = [
  '--uri',
  '--uri-file',
  '--db',
  '--context',
  '--timeout',
  '--max-time',
  '--read-preference',
  '--read-preference-tags',
  '--max-staleness',
] as const;

const FILE_VALUES = /^(files?|paths?|dirs?|directory|checkpoint)$/;
const WORKFLOW_VALUES = /^(workflow|wf)$/;
const VERSION_VALUES = /^version$/;
const CONTEXT_VALUES = /^context$/;
/** Words the scripts hold unquoted (flags, subcommand names, choices): nothing a shell would expand or split. */
export const PLAIN_WORD = /^[A-Za-z0-9_][A-Za-z0-9_.~+-]*$/;

export interface OptionSpec {
  flags: string[];
  description: string;
  /** undefined: a flag without a value */
  value: ValueKind | undefined;
}

export interface ArgSpec {
  name: string;
  description: string;
  value: ValueKind;
  variadic: boolean;
}

export interface CommandSpec {
  /** "" for the root, "versions list" for a verb (aliases get their own spec) */
  path: string;
  description: string;
  subcommands: Array<{ name: string; description: string }>;
  options: OptionSpec[];
  args: ArgSpec[];
}

function visible(cmd: Command): Command[] {
  return cmd.commands.filter((c) => !(c as unknown as { _hidden?: boolean })._hidden);
}

function valueKind(name: string, choices: readonly string[] | undefined, parser: unknown): ValueKind {
  if (choices?.length) {
    for (const c of choices)
      if (!PLAIN_WORD.test(c)) throw new Error(`completion: choice "${c}" of <${name}> is not a plain word`);
    return `choices:${choices.join(',')}`;
  }
  if (parser === versionRefArg || VERSION_VALUES.test(name)) return 'version';
  if (WORKFLOW_VALUES.test(name)) return 'workflow';
  if (CONTEXT_VALUES.test(name)) return 'context';
  if (FILE_VALUES.test(name)) return 'file';
  return 'none';
}

function optionSpec(o: Option): OptionSpec {
  const flags = [o.long, o.short].filter((f): f is string => typeof f === 'string');
  for (const f of flags)
    if (!/^--?[A-Za-z0-9][A-Za-z0-9-]*$/.test(f)) throw new Error(`completion: flag "${f}" is not a plain flag`);
  const valueName = /[<[]([^>\]]+?)(?:\.\.\.)?[>\]]/.exec(o.flags)?.[1] ?? '';
  const takesValue = o.required || o.optional;
  return {
    flags,
    description: o.description,
    value: takesValue ? valueKind(valueName, o.argChoices, o.parseArg) : undefined,
  };
}

function argSpec(a: Argument): ArgSpec {
  return {
    name: a.name(),
    description: a.description || a.name(),
    value: valueKind(a.name(), a.argChoices, a.parseArg),
    variadic: a.variadic,
  };
}

const HELP: OptionSpec = { flags: ['--help', '-h'], description: 'show help', value: undefined };

export function collectSpecs(program: Command): CommandSpec[] {
  const out: CommandSpec[] = [];
  const walk = (cmd: Command, path: string[], inherited: OptionSpec[]) => {
    const own = cmd.options.filter((o) => !o.hidden).map(optionSpec);
    const opts = [...own, ...inherited, HELP];
    const dedup = opts.filter((o, i) => opts.findIndex((p) => p.flags[0] === o.flags[0]) === i);
    const subcommands = visible(cmd).flatMap((c) =>
      [c.name(), ...c.aliases()].map((name) => ({ name, description: c.description() })),
    );
    for (const s of subcommands)
      if (!PLAIN_WORD.test(s.name)) throw new Error(`completion: command name "${s.name}" is not a plain word`);
    out.push({
      path: path.join(' '),
      description: cmd.description(),
      subcommands,
      options: dedup,
      args: cmd.registeredArguments.map(argSpec),
    });
    // options of the root are accepted after any subcommand (but --version, which answers the bare wfctl only); those of a group are not
    const passed = path.length === 0 ? own.filter((o) => !o.flags.includes('--version')) : inherited;
    for (const sub of visible(cmd)) {
      for (const name of [sub.name(), ...sub.aliases()]) walk(sub, [...path, name], passed);
    }
  };
  walk(program, [], []);
  const root = out[0]!;
  for (const flag of CONNECTION_FLAGS) {
    if (!root.options.some((o) => o.flags.includes(flag) && o.value !== undefined))
      throw new Error(`completion: the root has no option ${flag} with a value`);
  }
  return out;
}

export const HEADER =
  '# wfctl shell completion. Generated from the command tree by `npm run completions`; do not edit.';

/** " --db=none --format=choices:table,json " : the options of a command that take a value, with what it completes to */
export function valueOptionTable(spec: CommandSpec): string {
  return ` ${spec.options.flatMap((o) => (o.value === undefined ? [] : o.flags.map((f) => `${f}=${o.value}`))).join(' ')} `;
}

/** "workflow version version", a variadic last one as "file..." */
export function argTable(spec: CommandSpec): string {
  return spec.args.map((a) => `${a.value}${a.variadic ? '...' : ''}`).join(' ');
}

export function words(list: string[]): string {
  return list.join(' ');
}
