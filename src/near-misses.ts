/**
 * Command lines that are almost right, and what wfctl says to them. The rule:
 * an almost-right line is exit 2 with the right spelling, never a success.
 * - `-V, --version` is wfctl's own: it answers only when no command is named
 *   (`wfctl --version`); on a command (`wfctl rollback wf --version 5`) it is
 *   an unknown option of that command, never a version string and exit 0.
 * - An unknown command that is a verb of a noun (`wfctl report`), or a typo
 *   of one (`wfctl reprot`), names the command meant (`wfctl analytics
 *   report`); the table is built from the command tree. A typo of a noun
 *   gets commander's suggestion among the nouns.
 * Light: commander only, like cli.ts.
 */
import type { Command } from 'commander';

export const VERSION_FLAGS = ['-V', '--version'] as const;

/**
 * Options a person may reach for on a verb where the verb spells it otherwise:
 * the flag typed, and the verb's options it may have meant, first match wins.
 */
const CONFUSIONS: Record<string, string[]> = {
  '--version': ['--to'],
  '-V': ['--to'],
};

/** Where the version flag stands on the line: absent, alone (no command named), or before or after a command. */
export type VersionFlagPlace = { flag: string; place: 'alone' | 'before-command' | 'after-command' } | undefined;

/**
 * Walks the user's arguments as the program's parser does: an option of the
 * program that takes a value takes the next word (unless written --opt=value),
 * short booleans may be grouped (-vV), `--` ends the options. The first other
 * word that is not an option is the command.
 */
export function versionFlagPlace(program: Command, args: readonly string[]): VersionFlagPlace {
  let flag: string | undefined;
  let flagAt = -1;
  let commandAt = -1;
  let unknownOption = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      if (commandAt < 0 && i + 1 < args.length) commandAt = i + 1;
      break;
    }
    if (!(a.length > 1 && a.startsWith('-'))) {
      if (commandAt < 0) commandAt = i;
      continue;
    }
    const name = a.startsWith('--') && a.includes('=') ? a.slice(0, a.indexOf('=')) : a;
    const option = program.options.find((o) => o.short === name || o.long === name);
    if (option) {
      if (VERSION_FLAGS.includes(name as (typeof VERSION_FLAGS)[number]) && flag === undefined) {
        flag = name;
        flagAt = i;
      }
      if ((option.required || option.optional) && name === a) i++;
      continue;
    }
    const group = /^-([A-Za-z]{2,})$/.exec(a);
    if (
      group &&
      [...group[1]!].every((c) => program.options.some((o) => o.short === `-${c}` && !o.required && !o.optional))
    ) {
      if (group[1]!.includes('V') && flag === undefined) {
        flag = '-V';
        flagAt = i;
      }
      continue;
    }
    if (a === '-h' || a === '--help') continue;
    unknownOption = true;
  }
  if (flag === undefined) return undefined;
  // beside an unknown option and no command, the parser goes on to report that option
  if (commandAt < 0) return { flag, place: unknownOption ? 'before-command' : 'alone' };
  return { flag, place: flagAt < commandAt ? 'before-command' : 'after-command' };
}

/** The command the words after `first` name: `audit list` for ['audit', 'list', 'x']. */
export function commandNamed(first: Command, words: readonly string[]): Command {
  let cmd = first;
  for (const w of words) {
    if (w.startsWith('-')) break;
    const next = cmd.commands.find((c) => c.name() === w || c.aliases().includes(w));
    if (!next) break;
    cmd = next;
  }
  return cmd;
}

/** `wfctl audit list`: the command as typed from the program. */
export function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/**
 * The error (commander's form, for cmd.error()) for wfctl's --version on a
 * line that names a command. After the command it is that command's unknown
 * option; before it, wfctl's flag, which takes no command.
 */
export function versionOnCommandMessage(cmd: Command, found: NonNullable<VersionFlagPlace>): string {
  if (found.place === 'before-command')
    return `error: ${found.flag} prints wfctl's version and takes no command\n(Did you mean \`wfctl ${found.flag}\`, on its own?)`;
  const meant = (CONFUSIONS[found.flag] ?? []).find((f) => cmd.options.some((o) => o.long === f || o.short === f));
  return `error: unknown option '${found.flag}'\n(Did you mean ${meant ?? `\`wfctl ${found.flag}\`, on its own`}?)`;
}

/**
 * Verbs by name (and alias), each with the commands that have it: `report`
 * -> [`wfctl analytics report`]. Built from the tree; hidden commands left out.
 */
export function verbsOfNouns(program: Command): Map<string, string[]> {
  const verbs = new Map<string, string[]>();
  const hidden = (c: Command) => (c as unknown as { _hidden?: boolean })._hidden === true;
  const visit = (cmd: Command) => {
    for (const sub of cmd.commands) {
      if (hidden(sub)) continue;
      if (cmd !== program) {
        for (const name of [sub.name(), ...sub.aliases()]) {
          const list = verbs.get(name) ?? [];
          const path = commandPath(sub);
          if (!list.includes(path)) list.push(path);
          verbs.set(name, list);
        }
      }
      visit(sub);
    }
  };
  visit(program);
  return verbs;
}

/**
 * The unknown-command error (commander's form) for a word typed where a
 * command goes: a verb of a noun names the command(s) meant; otherwise
 * undefined (commander's own error, suggesting among the nouns, is right).
 */
export function nearMissCommandMessage(program: Command, word: string): string | undefined {
  const verbs = verbsOfNouns(program);
  const meant = verbs.get(word) ?? typoOfVerb(program, verbs, word);
  if (!meant || meant.length === 0) return undefined;
  const list = meant.map((m) => `\`${m}\``);
  return `error: unknown command '${word}'\n(Did you mean ${list.length === 1 ? list[0]! : `one of ${list.join(', ')}`}?)`;
}

/**
 * A typo of a verb (`reprot`): the commands of the closest verbs, when no
 * command of the program is as close (then commander's suggestion is the
 * one). Close is what commander calls close: an edit distance of at most 2
 * and more than 40% of the word kept.
 */
function typoOfVerb(program: Command, verbs: Map<string, string[]>, word: string): string[] | undefined {
  const score = (candidate: string) => {
    const d = editDistance(word, candidate);
    return d <= 2 && (Math.max(word.length, candidate.length) - d) / Math.max(word.length, candidate.length) > 0.4
      ? d
      : Infinity;
  };
  const nouns = program.commands.flatMap((c) => [c.name(), ...c.aliases()]);
  const nearestNoun = Math.min(...nouns.map(score));
  let best = Infinity;
  let found: string[] = [];
  for (const [verb, commands] of verbs) {
    const d = score(verb);
    if (d < best) [best, found] = [d, [...commands]];
    else if (d === best && d !== Infinity) for (const c of commands) if (!found.includes(c)) found.push(c);
  }
  return best < nearestNoun ? found : undefined;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}
