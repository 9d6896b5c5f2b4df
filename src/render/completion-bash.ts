/** The bash: one function over tables of each command's subcommands, value options and arguments. */
import { type CommandSpec, HEADER, valueOptionTable, argTable, words, CONNECTION_FLAGS } from './completion-spec.js';

export function bashScript(specs: CommandSpec[]): string {
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
    context) _wfctl_helper contexts ;;
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
