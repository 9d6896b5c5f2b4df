/**
 * Shell completion scripts generated from the command tree, so that they can
 * never fall behind the commands. Workflow arguments complete from the
 * database through the hidden `wfctl __complete workflows` command.
 */
import type { Command, Option } from 'commander';

export type Shell = 'bash' | 'zsh' | 'fish';
export const SHELLS: readonly Shell[] = ['bash', 'zsh', 'fish'];

interface OptionSpec {
  flags: string[];
  description: string;
  takesValue: boolean;
  choices: string[];
}

interface CommandSpec {
  /** "" for the root, "versions list" for a verb */
  path: string;
  description: string;
  subcommands: Array<{ name: string; description: string }>;
  options: OptionSpec[];
  /** its first positional argument names a workflow */
  workflowArg: boolean;
}

function visible(cmd: Command): Command[] {
  return cmd.commands.filter((c) => !(c as unknown as { _hidden?: boolean })._hidden);
}

function optionSpec(o: Option): OptionSpec {
  const flags = [o.long, o.short].filter((f): f is string => typeof f === 'string');
  return { flags, description: o.description, takesValue: o.required || o.optional, choices: o.argChoices ?? [] };
}

export function collectSpecs(program: Command): CommandSpec[] {
  const out: CommandSpec[] = [];
  const walk = (cmd: Command, path: string[], inherited: OptionSpec[]) => {
    const own = cmd.options.filter((o) => !o.hidden).map(optionSpec);
    const opts = [...own, ...inherited, { flags: ['--help', '-h'], description: 'show help', takesValue: false, choices: [] }];
    const dedup = opts.filter((o, i) => opts.findIndex((p) => p.flags[0] === o.flags[0]) === i);
    const args = (cmd as unknown as { registeredArguments?: Array<{ name(): string }> }).registeredArguments ?? [];
    out.push({
      path: path.join(' '),
      description: cmd.description(),
      subcommands: visible(cmd).flatMap((c) => [c.name(), ...c.aliases()].map((name) => ({ name, description: c.description() }))),
      options: dedup,
      workflowArg: args.length > 0 && /^(workflow|wf)$/.test(args[0]!.name()),
    });
    for (const sub of visible(cmd)) {
      for (const name of [sub.name(), ...sub.aliases()]) walk(sub, [...path, name], path.length === 0 ? own : inherited);
    }
  };
  walk(program, [], []);
  return out;
}

export function completionScript(program: Command, shell: Shell): string {
  const specs = collectSpecs(program);
  switch (shell) {
    case 'bash':
      return bashScript(specs);
    case 'zsh':
      return zshScript(specs);
    case 'fish':
      return fishScript(specs);
  }
}

const HEADER = '# wfctl shell completion. Generated from the command tree by `npm run completions`; do not edit.';

function shellWords(words: string[]): string {
  return words.join(' ');
}

function valueOptions(spec: CommandSpec): OptionSpec[] {
  return spec.options.filter((o) => o.takesValue);
}

function bashScript(specs: CommandSpec[]): string {
  const cases = specs
    .map((s) => {
      const words = [...s.subcommands.map((c) => c.name), ...s.options.flatMap((o) => o.flags)];
      const valueCases = valueOptions(s)
        .map((o) => `        ${o.flags.join('|')}) COMPREPLY=( $(compgen -W "${shellWords(o.choices)}" -- "$cur") ); return ;;`)
        .join('\n');
      return `    "${s.path}")
      case "$prev" in
${valueCases}
      esac
      words="${shellWords(words)}"
      subs="${shellWords(s.subcommands.map((c) => c.name))}"
      wf=${s.workflowArg ? 1 : 0}
      ;;`;
    })
    .join('\n');
  return `${HEADER}
# bash: source this file, or put it in /etc/bash_completion.d/wfctl
_wfctl() {
  local cur prev path="" i w words="" subs="" wf=0
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    case "$w" in -*) continue ;; esac
    if _wfctl_is_sub "$path" "$w"; then path="\${path:+$path }$w"; fi
  done
  case "$path" in
${cases}
  esac
  if [[ "$cur" != -* && $wf -eq 1 && -z "$subs" ]]; then
    COMPREPLY=( $(compgen -W "$(wfctl __complete workflows 2>/dev/null)" -- "$cur") )
    return
  fi
  COMPREPLY=( $(compgen -W "$words" -- "$cur") )
}
_wfctl_is_sub() {
  local subs=""
  case "$1" in
${specs.map((s) => `    "${s.path}") subs=" ${shellWords(s.subcommands.map((c) => c.name))} " ;;`).join('\n')}
  esac
  [[ "$subs" == *" $2 "* ]]
}
complete -F _wfctl wfctl
`;
}

function zshEscape(text: string): string {
  return text.replace(/'/g, "'\\''").replace(/:/g, '\\:');
}

function zshScript(specs: CommandSpec[]): string {
  const cases = specs
    .map((s) => {
      const subs = s.subcommands.map((c) => `'${zshEscape(c.name)}:${zshEscape(c.description)}'`).join(' ');
      const opts = s.options.flatMap((o) => o.flags.map((f) => `'${zshEscape(f)}:${zshEscape(o.description)}'`)).join(' ');
      const valueCases = valueOptions(s)
        .map((o) => `        ${o.flags.join('|')}) ${o.choices.length ? `compadd -- ${o.choices.join(' ')}` : '_default'}; return ;;`)
        .join('\n');
      return `    "${s.path}")
      case "$prev" in
${valueCases}
      esac
      subs=(${subs})
      opts=(${opts})
      wf=${s.workflowArg ? 1 : 0}
      ;;`;
    })
    .join('\n');
  return `#compdef wfctl
${HEADER}
# zsh: put this file on your $fpath as _wfctl, or source it after compinit
_wfctl() {
  local cur="\${words[CURRENT]}" prev="\${words[CURRENT-1]}" path="" w i wf=0
  local -a subs opts
  for ((i = 2; i < CURRENT; i++)); do
    w="\${words[i]}"
    [[ "$w" == -* ]] && continue
    if _wfctl_is_sub "$path" "$w"; then path="\${path:+$path }$w"; fi
  done
  case "$path" in
${cases}
  esac
  if [[ "$cur" != -* && $wf -eq 1 && \${#subs} -eq 0 ]]; then
    local -a ids
    ids=(\${(f)"$(wfctl __complete workflows 2>/dev/null)"})
    compadd -- $ids
    return
  fi
  if [[ "$cur" == -* ]]; then _describe -t options 'option' opts; else _describe -t commands 'command' subs; fi
}
_wfctl_is_sub() {
  local subs=""
  case "$1" in
${specs.map((s) => `    "${s.path}") subs=" ${shellWords(s.subcommands.map((c) => c.name))} " ;;`).join('\n')}
  esac
  [[ "$subs" == *" $2 "* ]]
}
if [[ "\${zsh_eval_context[-1]}" == loadautofunc ]]; then _wfctl "$@"; else compdef _wfctl wfctl; fi
`;
}

function fishEscape(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
}

function fishScript(specs: CommandSpec[]): string {
  const lines: string[] = [
    HEADER,
    '# fish: put this file in ~/.config/fish/completions/wfctl.fish',
    'function __wfctl_path',
    '    set -l path',
    '    for w in (commandline -opc)[2..-1]',
    '        string match -q -- "-*" $w; and continue',
    '        if contains -- "$w" (__wfctl_subs "$path")',
    '            set path (string trim -- "$path $w")',
    '        end',
    '    end',
    '    echo $path',
    'end',
    'function __wfctl_subs',
    '    switch "$argv[1]"',
    ...specs.map((s) => `        case '${fishEscape(s.path)}'\n            printf '%s\\n' ${s.subcommands.map((c) => `'${fishEscape(c.name)}'`).join(' ')}`),
    '    end',
    'end',
    'function __wfctl_at',
    '    test (__wfctl_path) = "$argv[1]"',
    'end',
    'complete -c wfctl -f',
  ];
  for (const s of specs) {
    const cond = `'__wfctl_at "${fishEscape(s.path)}"'`;
    for (const c of s.subcommands) lines.push(`complete -c wfctl -n ${cond} -a '${fishEscape(c.name)}' -d '${fishEscape(c.description)}'`);
    for (const o of s.options) {
      const long = o.flags.find((f) => f.startsWith('--'))?.slice(2);
      const short = o.flags.find((f) => !f.startsWith('--'))?.slice(1);
      const parts = [`complete -c wfctl -n ${cond}`];
      if (long) parts.push(`-l '${fishEscape(long)}'`);
      if (short) parts.push(`-s '${fishEscape(short)}'`);
      if (o.takesValue) parts.push(o.choices.length ? `-x -a '${o.choices.map(fishEscape).join(' ')}'` : '-r');
      parts.push(`-d '${fishEscape(o.description)}'`);
      lines.push(parts.join(' '));
    }
    if (s.workflowArg) lines.push(`complete -c wfctl -n ${cond} -a '(wfctl __complete workflows 2>/dev/null)'`);
  }
  return `${lines.join('\n')}\n`;
}
