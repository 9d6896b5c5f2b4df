/**
 * Shell completion scripts generated from the command tree, so that they can
 * never fall behind the commands. What a value completes to is decided here,
 * once, from the tree:
 * - commander `.choices()` (options and arguments): those words;
 * - a value parsed by `versionRefArg`, or named <version>: the versions of the
 *   workflow named earlier on the line (`wfctl __complete versions <wf>`);
 * - a value named <workflow> or <wf>: workflow ids and names (`wfctl __complete workflows`);
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
export type ValueKind = 'none' | 'workflow' | 'version' | 'file' | `choices:${string}`;

/** Global flags on the line that the helper needs to reach the same database. */
export const CONNECTION_FLAGS = ['--uri', '--db', '--timeout', '--max-time', '--read-preference'] as const;

const FILE_VALUES = /^(files?|paths?|dirs?|directory|checkpoint)$/;
const WORKFLOW_VALUES = /^(workflow|wf)$/;
const VERSION_VALUES = /^version$/;
/** Words the scripts hold unquoted (flags, subcommand names, choices): nothing a shell would expand or split. */
const PLAIN_WORD = /^[A-Za-z0-9_][A-Za-z0-9_.~+-]*$/;

interface OptionSpec {
  flags: string[];
  description: string;
  /** undefined: a flag without a value */
  value: ValueKind | undefined;
}

interface ArgSpec {
  name: string;
  description: string;
  value: ValueKind;
  variadic: boolean;
}

interface CommandSpec {
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
    for (const c of choices) if (!PLAIN_WORD.test(c)) throw new Error(`completion: choice "${c}" of <${name}> is not a plain word`);
    return `choices:${choices.join(',')}`;
  }
  if (parser === versionRefArg || VERSION_VALUES.test(name)) return 'version';
  if (WORKFLOW_VALUES.test(name)) return 'workflow';
  if (FILE_VALUES.test(name)) return 'file';
  return 'none';
}

function optionSpec(o: Option): OptionSpec {
  const flags = [o.long, o.short].filter((f): f is string => typeof f === 'string');
  for (const f of flags) if (!/^--?[A-Za-z0-9][A-Za-z0-9-]*$/.test(f)) throw new Error(`completion: flag "${f}" is not a plain flag`);
  const valueName = /[<[]([^>\]]+?)(?:\.\.\.)?[>\]]/.exec(o.flags)?.[1] ?? '';
  const takesValue = o.required || o.optional;
  return { flags, description: o.description, value: takesValue ? valueKind(valueName, o.argChoices, o.parseArg) : undefined };
}

function argSpec(a: Argument): ArgSpec {
  return { name: a.name(), description: a.description || a.name(), value: valueKind(a.name(), a.argChoices, a.parseArg), variadic: a.variadic };
}

const HELP: OptionSpec = { flags: ['--help', '-h'], description: 'show help', value: undefined };

export function collectSpecs(program: Command): CommandSpec[] {
  const out: CommandSpec[] = [];
  const walk = (cmd: Command, path: string[], inherited: OptionSpec[]) => {
    const own = cmd.options.filter((o) => !o.hidden).map(optionSpec);
    const opts = [...own, ...inherited, HELP];
    const dedup = opts.filter((o, i) => opts.findIndex((p) => p.flags[0] === o.flags[0]) === i);
    const subcommands = visible(cmd).flatMap((c) => [c.name(), ...c.aliases()].map((name) => ({ name, description: c.description() })));
    for (const s of subcommands) if (!PLAIN_WORD.test(s.name)) throw new Error(`completion: command name "${s.name}" is not a plain word`);
    out.push({ path: path.join(' '), description: cmd.description(), subcommands, options: dedup, args: cmd.registeredArguments.map(argSpec) });
    // options of the root are accepted after any subcommand (but --version, which answers the bare wfctl only); those of a group are not
    const passed = path.length === 0 ? own.filter((o) => !o.flags.includes('--version')) : inherited;
    for (const sub of visible(cmd)) {
      for (const name of [sub.name(), ...sub.aliases()]) walk(sub, [...path, name], passed);
    }
  };
  walk(program, [], []);
  const root = out[0]!;
  for (const flag of CONNECTION_FLAGS) {
    if (!root.options.some((o) => o.flags.includes(flag) && o.value !== undefined)) throw new Error(`completion: the root has no option ${flag} with a value`);
  }
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

/** " --db=none --format=choices:table,json " : the options of a command that take a value, with what it completes to */
function valueOptionTable(spec: CommandSpec): string {
  return ` ${spec.options.flatMap((o) => (o.value === undefined ? [] : o.flags.map((f) => `${f}=${o.value}`))).join(' ')} `;
}

/** "workflow version version", a variadic last one as "file..." */
function argTable(spec: CommandSpec): string {
  return spec.args.map((a) => `${a.value}${a.variadic ? '...' : ''}`).join(' ');
}

function words(list: string[]): string {
  return list.join(' ');
}

function bashScript(specs: CommandSpec[]): string {
  const cases = specs
    .map(
      (s) => `    "${s.path}")
      subs="${words(s.subcommands.map((c) => c.name))}"
      opts="${words(s.options.flatMap((o) => o.flags))}"
      vopts="${valueOptionTable(s)}"
      argkinds="${argTable(s)}"
      ;;`,
    )
    .join('\n');
  return `${HEADER}
# bash: source this file, or put it in /etc/bash_completion.d/wfctl

# Sets subs, opts, vopts (" --flag=kind ... ") and argkinds for a command path.
_wfctl_spec() {
  subs="" opts="" vopts=" " argkinds=""
  case "$1" in
${cases}
  esac
}

# Sets kind to what the value of option $1 completes to; fails when $1 takes no value.
_wfctl_kind() {
  case "$vopts" in
    *" $1="*) kind="\${vopts#*" $1="}"; kind="\${kind%% *}"; return 0 ;;
  esac
  return 1
}

# Sets REPLY to $1 without its quotes.
_wfctl_dequote() {
  REPLY="$1"
  case "$REPLY" in
    \\'*) REPLY="\${REPLY#\\'}"; REPLY="\${REPLY%\\'}" ;;
    \\"*) REPLY="\${REPLY#\\"}"; REPLY="\${REPLY%\\"}" ;;
    *) REPLY="\${REPLY//\\\\/}" ;;
  esac
}

# Keeps a connection flag of the line for the helper.
_wfctl_conn() {
  case "$1" in
    ${CONNECTION_FLAGS.join('|')}) _wfctl_dequote "$2"; conn+=("$1=$REPLY") ;;
  esac
}

# Adds the words of list $1 that start with $2.
_wfctl_words() {
  local w
  for w in $1; do [[ "$w" == "$2"* ]] && COMPREPLY+=("$w"); done
}

# Adds the words of the helper's lines (wfctl __complete "$@"; a tab ends the word) that start with $typed,
# quoted as the word on the line is: after an opening ' or " as inside those quotes, else with backslashes.
_wfctl_helper() {
  local w q
  while IFS= read -r w; do
    w="\${w%%$'\\t'*}"
    [[ -n "$w" && "$w" == "$typed"* ]] || continue
    case "$cur" in
      \\'*) q="$w" ;;
      \\"*) q="\${w//\\\\/\\\\\\\\}"; q="\${q//\\"/\\\\\\"}"; q="\${q//\\$/\\\\\\$}"; q="\${q//\\\`/\\\\\\\`}" ;;
      *) printf -v q '%q' "$w" ;;
    esac
    COMPREPLY+=("\${q#"$prefix"}")
  done < <(wfctl "\${conn[@]}" __complete "$@" 2>/dev/null)
}

# Completes a value of kind $1, of which $2 is typed.
_wfctl_values() {
  local typed prefix="" w list
  _wfctl_dequote "$2"; typed="$REPLY"
  # bash replaces only the text after the last = or : (COMP_WORDBREAKS)
  [[ "$typed" == *"$raw" ]] && prefix="\${typed%"$raw"}"
  case "$1" in
    choices:*)
      list="\${1#choices:}"
      for w in \${list//,/ }; do [[ "$w" == "$typed"* ]] && COMPREPLY+=("\${w#"$prefix"}"); done
      ;;
    workflow) _wfctl_helper workflows ;;
    version) [[ -n "$wf" ]] && _wfctl_helper versions "$wf" ;;
    file)
      compopt -o filenames 2>/dev/null
      while IFS= read -r w; do COMPREPLY+=("\${w#"$prefix"}"); done < <(compgen -f -- "$typed")
      ;;
  esac
}

_wfctl() {
  local cur raw w kind="" pending="" cmd="" wf="" subs opts vopts argkinds REPLY
  local -a line=() pos=() conn=() ak=()
  local i j=-1 rest="\${COMP_LINE:0:COMP_POINT}"
  COMPREPLY=()
  # bash splits words at = and :, as in --db=x or mongodb://h:27017; join them as the command will see them
  for ((i = 0; i <= COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    if ((j < 0)) || [[ "$rest" == [[:space:]]* ]]; then line[++j]=""; fi
    rest="\${rest#"\${rest%%[![:space:]]*}"}"
    line[j]+="$w"
    rest="\${rest#"$w"}"
  done
  cur="\${line[j]}"
  raw="\${COMP_WORDS[COMP_CWORD]}"
  [[ -z "\${raw//[=:]/}" ]] && raw=""
  _wfctl_spec ""
  for ((i = 1; i < j; i++)); do
    w="\${line[i]}"
    if [[ -n "$pending" ]]; then _wfctl_conn "$pending" "$w"; pending=""; continue; fi
    case "$w" in
      --*=*) _wfctl_conn "\${w%%=*}" "\${w#*=}"; continue ;;
      -?*) _wfctl_kind "$w" && pending="$w"; continue ;;
    esac
    if ((\${#pos[@]} == 0)) && [[ " $subs " == *" $w "* ]]; then
      cmd="\${cmd:+$cmd }$w"
      _wfctl_spec "$cmd"
    else
      _wfctl_dequote "$w"; pos+=("$REPLY")
    fi
  done
  ak=($argkinds)
  for ((i = 0; i < \${#ak[@]} && i < \${#pos[@]}; i++)); do
    if [[ "\${ak[i]%...}" == workflow ]]; then wf="\${pos[i]}"; break; fi
  done
  if [[ -n "$pending" ]]; then
    _wfctl_kind "$pending"; _wfctl_values "$kind" "$cur"
  elif [[ "$cur" == --*=* ]]; then
    _wfctl_kind "\${cur%%=*}" && _wfctl_values "$kind" "\${cur#*=}"
  elif [[ "$cur" == -* ]]; then
    _wfctl_words "$opts" "$cur"
  elif ((\${#pos[@]} == 0)) && [[ -n "$subs" ]]; then
    _wfctl_words "$subs" "$cur"
  else
    i=\${#pos[@]}
    if ((i < \${#ak[@]})); then kind="\${ak[i]}"
    elif ((\${#ak[@]} > 0)) && [[ "\${ak[\${#ak[@]}-1]}" == *... ]]; then kind="\${ak[\${#ak[@]}-1]}"
    else kind=none
    fi
    _wfctl_values "\${kind%...}" "$cur"
  fi
  return 0
}
complete -F _wfctl wfctl
`;
}

function zshEscape(text: string): string {
  return text.replace(/'/g, "'\\''").replace(/:/g, '\\:');
}

/*
 * zsh: every variable of these functions is local and none is one of zsh's
 * special parameters (path, status, options, commands, ... : `path` is tied to
 * $PATH, so a `local path` hides every command). The shell test checks the
 * names against a live zsh.
 */
function zshScript(specs: CommandSpec[]): string {
  const cases = specs
    .map((s) => {
      const subs = s.subcommands.map((c) => `'${zshEscape(c.name)}:${zshEscape(c.description)}'`).join(' ');
      const opts = s.options.flatMap((o) => o.flags.map((f) => `'${zshEscape(f)}:${zshEscape(o.description)}'`)).join(' ');
      return `    "${s.path}")
      subs=(${subs})
      opts=(${opts})
      subnames=" ${words(s.subcommands.map((c) => c.name))} "
      vopts="${valueOptionTable(s)}"
      argkinds=(${argTable(s)})
      ;;`;
    })
    .join('\n');
  return `#compdef wfctl
${HEADER}
# zsh: put this file on your $fpath as _wfctl, or source it after compinit

# Sets subs, opts (name:description), subnames, vopts (" --flag=kind ... ") and argkinds for a command path.
_wfctl_spec() {
  subs=() opts=() subnames=" " vopts=" " argkinds=()
  case "$1" in
${cases}
  esac
}

# Sets kind to what the value of option $1 completes to; fails when $1 takes no value.
_wfctl_kind() {
  [[ "$vopts" == *" $1="* ]] || return 1
  kind="\${vopts#*" $1="}"
  kind="\${kind%% *}"
}

# Keeps a connection flag of the line for the helper.
_wfctl_conn() {
  case "$1" in
    ${CONNECTION_FLAGS.join('|')}) conn+=("$1=\${(Q)2}") ;;
  esac
}

# Completes a value of kind $1.
_wfctl_values() {
  local -a found words_found shown
  local one
  case "$1" in
    choices:*) found=(\${(s:,:)\${1#choices:}}); compadd -a found ;;
    workflow)
      # "<word>\\t<description>" lines: ids described by their names, names by their ids; compadd quotes the words
      found=(\${(f)"$(wfctl $conn __complete workflows 2>/dev/null)"})
      words_found=() shown=()
      for one in $found; do
        words_found+=("\${one%%$'\\t'*}")
        if [[ "$one" == *$'\\t'* ]]; then shown+=("\${one%%$'\\t'*}  -- \${one#*$'\\t'}"); else shown+=("$one"); fi
      done
      compadd -l -d shown -a words_found
      ;;
    version)
      [[ -n "$wf" ]] || return 1
      found=(\${(f)"$(wfctl $conn __complete versions "$wf" 2>/dev/null)"})
      compadd -V versions -a found
      ;;
    file) _files ;;
    *) return 1 ;;
  esac
}

_wfctl() {
  local cur="\${words[CURRENT]}" cmd="" w kind="" pending="" wf="" subnames="" vopts=""
  local -a subs opts argkinds pos conn
  local -i i
  _wfctl_spec ""
  for ((i = 2; i < CURRENT; i++)); do
    w="\${words[i]}"
    if [[ -n "$pending" ]]; then _wfctl_conn "$pending" "$w"; pending=""; continue; fi
    case "$w" in
      --*=*) _wfctl_conn "\${w%%=*}" "\${w#*=}"; continue ;;
      -?*) _wfctl_kind "$w" && pending="$w"; continue ;;
    esac
    if (( \${#pos} == 0 )) && [[ "$subnames" == *" $w "* ]]; then
      cmd="\${cmd:+$cmd }$w"
      _wfctl_spec "$cmd"
    else
      pos+=("\${(Q)w}")
    fi
  done
  for ((i = 1; i <= \${#argkinds} && i <= \${#pos}; i++)); do
    if [[ "\${argkinds[i]%...}" == workflow ]]; then wf="\${pos[i]}"; break; fi
  done
  if [[ -n "$pending" ]]; then
    _wfctl_kind "$pending"; _wfctl_values "$kind"
  elif [[ "$cur" == --*=* ]]; then
    _wfctl_kind "\${cur%%=*}" || return 1
    compset -P '*='
    _wfctl_values "$kind"
  elif [[ "$cur" == -* ]]; then
    _describe -t options 'option' opts
  elif (( \${#pos} == 0 && \${#subs} > 0 )); then
    _describe -t commands 'command' subs
  else
    i=$(( \${#pos} + 1 ))
    if (( i <= \${#argkinds} )); then kind="\${argkinds[i]}"
    elif [[ "\${argkinds[-1]}" == *... ]]; then kind="\${argkinds[-1]}"
    else kind=none
    fi
    _wfctl_values "\${kind%...}"
  fi
}
if [[ "\${zsh_eval_context[-1]}" == loadautofunc ]]; then _wfctl "$@"; else compdef _wfctl wfctl; fi
`;
}

function fishEscape(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
}

function fishValue(kind: ValueKind): string {
  if (kind.startsWith('choices:')) return `-a '${kind.slice('choices:'.length).split(',').join(' ')}'`;
  switch (kind) {
    case 'workflow':
      return "-a '(__wfctl_helper workflows)'";
    case 'version':
      return "-a '(__wfctl_versions)'";
    case 'file':
      return '-F';
    default:
      return '';
  }
}

function fishScript(specs: CommandSpec[]): string {
  const table = (name: string, doc: string, rows: (s: CommandSpec) => string[]) => [
    `# ${doc}`,
    `function ${name}`,
    '    switch "$argv[1]"',
    ...specs.map((s) => {
      const r = rows(s);
      return `        case '${fishEscape(s.path)}'${r.length ? `\n            printf '%s\\n' ${r.map((w) => `'${fishEscape(w)}'`).join(' ')}` : ''}`;
    }),
    '    end',
    'end',
  ];
  const lines: string[] = [
    HEADER,
    '# fish: put this file in ~/.config/fish/completions/wfctl.fish',
    ...table('__wfctl_subs', 'the subcommands of a command path', (s) => s.subcommands.map((c) => c.name)),
    ...table('__wfctl_vopts', 'the options of a command path that take a value: flag=kind', (s) => valueOptionTable(s).trim().split(' ').filter(Boolean)),
    ...table('__wfctl_args', 'what the positionals of a command path complete to (a variadic last one ends in ...)', (s) => argTable(s).split(' ').filter(Boolean)),
    '# Reads the line before the cursor (once per line) into __wfctl_cmd (the command path), __wfctl_pos (positionals),',
    '# __wfctl_conn (connection flags for the helper), __wfctl_pending (an option waiting for its value) and __wfctl_wf.',
    'function __wfctl_state',
    '    set -l line (commandline -cp)',
    '    test "$line" = "$__wfctl_line"; and return',
    '    set -g __wfctl_line $line',
    "    set -g __wfctl_cmd ''",
    '    set -g __wfctl_pos',
    '    set -g __wfctl_conn',
    "    set -g __wfctl_pending ''",
    "    set -g __wfctl_wf ''",
    '    set -l vopts (__wfctl_vopts "")',
    '    for w in (commandline -opc)[2..-1]',
    '        if test -n "$__wfctl_pending"',
    '            __wfctl_keep $__wfctl_pending $w',
    "            set __wfctl_pending ''",
    '        else if string match -qr -- \'^--[^=]+=\' $w',
    '            __wfctl_keep (string split -m 1 -- = $w)',
    "        else if string match -qr -- '^-.' $w",
    '            string match -q -- "$w=*" $vopts; and set __wfctl_pending $w',
    '        else if test (count $__wfctl_pos) -eq 0; and contains -- $w (__wfctl_subs "$__wfctl_cmd")',
    '            set __wfctl_cmd (string trim -- "$__wfctl_cmd $w")',
    '            set vopts (__wfctl_vopts "$__wfctl_cmd")',
    '        else',
    '            set -a __wfctl_pos $w',
    '        end',
    '    end',
    '    set -l i 1',
    '    for k in (__wfctl_args "$__wfctl_cmd")',
    '        test $i -gt (count $__wfctl_pos); and break',
    '        if test (string replace -- ... \'\' $k) = workflow',
    '            set __wfctl_wf $__wfctl_pos[$i]',
    '            break',
    '        end',
    '        set i (math $i + 1)',
    '    end',
    'end',
    'function __wfctl_keep',
    `    contains -- $argv[1] ${CONNECTION_FLAGS.join(' ')}; and set -ga __wfctl_conn "$argv[1]=$argv[2]"`,
    'end',
    '# At this command path (options)',
    'function __wfctl_at',
    '    __wfctl_state',
    '    test "$__wfctl_cmd" = "$argv[1]"',
    'end',
    '# At this command path, before any positional (subcommands)',
    'function __wfctl_sub',
    '    __wfctl_state',
    '    test "$__wfctl_cmd" = "$argv[1]"; and test (count $__wfctl_pos) -eq 0; and test -z "$__wfctl_pending"',
    'end',
    '# At this command path, completing its positional number $argv[2] ("3+": the third or later)',
    'function __wfctl_arg',
    '    __wfctl_state',
    '    test "$__wfctl_cmd" = "$argv[1]"; and test -z "$__wfctl_pending"; or return 1',
    '    set -l n (math (count $__wfctl_pos) + 1)',
    "    set -l want (string replace -- + '' $argv[2])",
    "    if string match -q -- '*+' $argv[2]",
    '        test $n -ge $want',
    '    else',
    '        test $n -eq $want',
    '    end',
    'end',
    'function __wfctl_helper',
    '    __wfctl_state',
    '    wfctl $__wfctl_conn __complete $argv 2>/dev/null',
    'end',
    'function __wfctl_versions',
    '    __wfctl_state',
    '    test -n "$__wfctl_wf"; and __wfctl_helper versions $__wfctl_wf',
    'end',
    'complete -c wfctl -f',
  ];
  for (const s of specs) {
    const at = `'__wfctl_at "${fishEscape(s.path)}"'`;
    const sub = `'__wfctl_sub "${fishEscape(s.path)}"'`;
    for (const c of s.subcommands) lines.push(`complete -c wfctl -n ${sub} -a '${fishEscape(c.name)}' -d '${fishEscape(c.description)}'`);
    for (const o of s.options) {
      const long = o.flags.find((f) => f.startsWith('--'))?.slice(2);
      const short = o.flags.find((f) => !f.startsWith('--'))?.slice(1);
      const parts = [`complete -c wfctl -n ${at}`];
      if (long) parts.push(`-l '${fishEscape(long)}'`);
      if (short) parts.push(`-s '${fishEscape(short)}'`);
      if (o.value !== undefined) parts.push(o.value === 'file' ? '-r' : '-x', fishValue(o.value));
      parts.push(`-d '${fishEscape(o.description)}'`);
      lines.push(parts.filter(Boolean).join(' '));
    }
    s.args.forEach((a, i) => {
      const values = fishValue(a.value);
      if (values) lines.push(`complete -c wfctl -n '__wfctl_arg "${fishEscape(s.path)}" ${i + 1}${a.variadic ? '+' : ''}' ${values} -d '${fishEscape(a.description)}'`);
    });
  }
  return `${lines.join('\n')}\n`;
}
