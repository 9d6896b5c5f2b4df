/** The zsh: _arguments-style descriptions, the helper's ids described by their names. */
import { type CommandSpec, HEADER, valueOptionTable, argTable, words, CONNECTION_FLAGS } from './completion-spec.js';

function zshEscape(text: string): string {
  return text.replace(/'/g, "'\\''").replace(/:/g, '\\:');
}

/*
 * zsh: every variable of these functions is local and none is one of zsh's
 * special parameters (path, status, options, commands, ... : `path` is tied to
 * $PATH, so a `local path` hides every command). The shell test checks the
 * names against a live zsh.
 */
export function zshScript(specs: CommandSpec[]): string {
  const cases = specs
    .map((s) => {
      const subs = s.subcommands.map((c) => `'${zshEscape(c.name)}:${zshEscape(c.description)}'`).join(' ');
      const opts = s.options
        .flatMap((o) => o.flags.map((f) => `'${zshEscape(f)}:${zshEscape(o.description)}'`))
        .join(' ');
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
    context)
      found=(\${(f)"$(wfctl __complete contexts 2>/dev/null)"})
      compadd -a found
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
