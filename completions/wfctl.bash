# wfctl shell completion. Generated from the command tree by `npm run completions`; do not edit.
# bash: source this file, or put it in /etc/bash_completion.d/wfctl
_wfctl() {
  local cur prev path="" i w words="" subs="" wf=0
  cur="${COMP_WORDS[COMP_CWORD]}"
  prev="${COMP_WORDS[COMP_CWORD-1]}"
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="${COMP_WORDS[i]}"
    case "$w" in -*) continue ;; esac
    if _wfctl_is_sub "$path" "$w"; then path="${path:+$path }$w"; fi
  done
  case "$path" in
    "")
      case "$prev" in
        --uri) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --db) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --user) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --timeout) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --max-time) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --read-preference) COMPREPLY=( $(compgen -W "primary primaryPreferred secondary secondaryPreferred nearest" -- "$cur") ); return ;;
        --retry) COMPREPLY=( $(compgen -W "none immediate linear exponential" -- "$cur") ); return ;;
        --retries) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
      esac
      words="workflows wf db audit stats check analytics versions version rollback completion --version -V --uri --db --user --timeout --max-time --read-preference --retry --retries --no-color --verbose -v --help -h"
      subs="workflows wf db audit stats check analytics versions version rollback completion"
      wf=0
      ;;
    "workflows")
      case "$prev" in
        --uri) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --db) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --user) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --timeout) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --max-time) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --read-preference) COMPREPLY=( $(compgen -W "primary primaryPreferred secondary secondaryPreferred nearest" -- "$cur") ); return ;;
        --retry) COMPREPLY=( $(compgen -W "none immediate linear exponential" -- "$cur") ); return ;;
        --retries) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
      esac
      words="list ls show --version -V --uri --db --user --timeout --max-time --read-preference --retry --retries --no-color --verbose -v --help -h"
      subs="list ls show"
      wf=0
      ;;
    "workflows list")
      case "$prev" in
        --search) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --limit) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --format) COMPREPLY=( $(compgen -W "table json csv" -- "$cur") ); return ;;
        --uri) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --db) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --user) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --timeout) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --max-time) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --read-preference) COMPREPLY=( $(compgen -W "primary primaryPreferred secondary secondaryPreferred nearest" -- "$cur") ); return ;;
        --retry) COMPREPLY=( $(compgen -W "none immediate linear exponential" -- "$cur") ); return ;;
        --retries) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
      esac
      words="--enabled --disabled --search --limit --json --format --version -V --uri --db --user --timeout --max-time --read-preference --retry --retries --no-color --verbose -v --help -h"
      subs=""
      wf=0
      ;;
    "workflows ls")
      case "$prev" in
        --search) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --limit) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --format) COMPREPLY=( $(compgen -W "table json csv" -- "$cur") ); return ;;
        --uri) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --db) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --user) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --timeout) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --max-time) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --read-preference) COMPREPLY=( $(compgen -W "primary primaryPreferred secondary secondaryPreferred nearest" -- "$cur") ); return ;;
        --retry) COMPREPLY=( $(compgen -W "none immediate linear exponential" -- "$cur") ); return ;;
        --retries) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
      esac
      words="--enabled --disabled --search --limit --json --format --version -V --uri --db --user --timeout --max-time --read-preference --retry --retries --no-color --verbose -v --help -h"
      subs=""
      wf=0
      ;;
    "workflows show")
      case "$prev" in
        --format) COMPREPLY=( $(compgen -W "table json" -- "$cur") ); return ;;
        --json-format) COMPREPLY=( $(compgen -W "relaxed canonical" -- "$cur") ); return ;;
        --uri) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --db) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --user) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --timeout) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --max-time) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --read-preference) COMPREPLY=( $(compgen -W "primary primaryPreferred secondary secondaryPreferred nearest" -- "$cur") ); return ;;
        --retry) COMPREPLY=( $(compgen -W "none immediate linear exponential" -- "$cur") ); return ;;
        --retries) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
      esac
      words="--json --format --json-format --version -V --uri --db --user --timeout --max-time --read-preference --retry --retries --no-color --verbose -v --help -h"
      subs=""
      wf=1
      ;;
    "wf")
      case "$prev" in
        --uri) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --db) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --user) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --timeout) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --max-time) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --read-preference) COMPREPLY=( $(compgen -W "primary primaryPreferred secondary secondaryPreferred nearest" -- "$cur") ); return ;;
        --retry) COMPREPLY=( $(compgen -W "none immediate linear exponential" -- "$cur") ); return ;;
        --retries) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
      esac
      words="list ls show --version -V --uri --db --user --timeout --max-time --read-preference --retry --retries --no-color --verbose -v --help -h"
      subs="list ls show"
      wf=0
      ;;
    "wf list")
      case "$prev" in
        --search) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --limit) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --format) COMPREPLY=( $(compgen -W "table json csv" -- "$cur") ); return ;;
        --uri) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --db) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --user) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --timeout) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --max-time) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --read-preference) COMPREPLY=( $(compgen -W "primary primaryPreferred secondary secondaryPreferred nearest" -- "$cur") ); return ;;
        --retry) COMPREPLY=( $(compgen -W "none immediate linear exponential" -- "$cur") ); return ;;
        --retries) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
      esac
      words="--enabled --disabled --search --limit --json --format --version -V --uri --db --user --timeout --max-time --read-preference --retry --retries --no-color --verbose -v --help -h"
      subs=""
      wf=0
      ;;
    "wf ls")
      case "$prev" in
        --search) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --limit) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --format) COMPREPLY=( $(compgen -W "table json csv" -- "$cur") ); return ;;
        --uri) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --db) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --user) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --timeout) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --max-time) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --read-preference) COMPREPLY=( $(compgen -W "primary primaryPreferred secondary secondaryPreferred nearest" -- "$cur") ); return ;;
        --retry) COMPREPLY=( $(compgen -W "none immediate linear exponential" -- "$cur") ); return ;;
        --retries) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
      esac
      words="--enabled --disabled --search --limit --json --format --version -V --uri --db --user --timeout --max-time --read-preference --retry --retries --no-color --verbose -v --help -h"
      subs=""
      wf=0
      ;;
    "wf show")
      case "$prev" in
        --format) COMPREPLY=( $(compgen -W "table json" -- "$cur") ); return ;;
        --json-format) COMPREPLY=( $(compgen -W "relaxed canonical" -- "$cur") ); return ;;
        --uri) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --db) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --user) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --timeout) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --max-time) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --read-preference) COMPREPLY=( $(compgen -W "primary primaryPreferred secondary secondaryPreferred nearest" -- "$cur") ); return ;;
        --retry) COMPREPLY=( $(compgen -W "none immediate linear exponential" -- "$cur") ); return ;;
        --retries) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
      esac
      words="--json --format --json-format --version -V --uri --db --user --timeout --max-time --read-preference --retry --retries --no-color --verbose -v --help -h"
      subs=""
      wf=1
      ;;
    "db")
      case "$prev" in
        --uri) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --db) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --user) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --timeout) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --max-time) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --read-preference) COMPREPLY=( $(compgen -W "primary primaryPreferred secondary secondaryPreferred nearest" -- "$cur") ); return ;;
        --retry) COMPREPLY=( $(compgen -W "none immediate linear exponential" -- "$cur") ); return ;;
        --retries) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
      esac
      words="indexes doctor --version -V --uri --db --user --timeout --max-time --read-preference --retry --retries --no-color --verbose -v --help -h"
      subs="indexes doctor"
      wf=0
      ;;
    "db indexes")
      case "$prev" in
        --format) COMPREPLY=( $(compgen -W "table json csv" -- "$cur") ); return ;;
        --uri) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --db) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --user) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --timeout) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --max-time) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --read-preference) COMPREPLY=( $(compgen -W "primary primaryPreferred secondary secondaryPreferred nearest" -- "$cur") ); return ;;
        --retry) COMPREPLY=( $(compgen -W "none immediate linear exponential" -- "$cur") ); return ;;
        --retries) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
      esac
      words="--apply --json --format --version -V --uri --db --user --timeout --max-time --read-preference --retry --retries --no-color --verbose -v --help -h"
      subs=""
      wf=0
      ;;
    "db doctor")
      case "$prev" in
        --check) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --format) COMPREPLY=( $(compgen -W "table json" -- "$cur") ); return ;;
        --uri) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --db) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --user) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --timeout) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --max-time) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --read-preference) COMPREPLY=( $(compgen -W "primary primaryPreferred secondary secondaryPreferred nearest" -- "$cur") ); return ;;
        --retry) COMPREPLY=( $(compgen -W "none immediate linear exponential" -- "$cur") ); return ;;
        --retries) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
      esac
      words="--repair --check --json --format --version -V --uri --db --user --timeout --max-time --read-preference --retry --retries --no-color --verbose -v --help -h"
      subs=""
      wf=0
      ;;
    "audit")
      case "$prev" in
        --uri) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --db) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --user) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --timeout) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --max-time) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --read-preference) COMPREPLY=( $(compgen -W "primary primaryPreferred secondary secondaryPreferred nearest" -- "$cur") ); return ;;
        --retry) COMPREPLY=( $(compgen -W "none immediate linear exponential" -- "$cur") ); return ;;
        --retries) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
      esac
      words="list ls summary user stats export verify --version -V --uri --db --user --timeout --max-time --read-preference --retry --retries --no-color --verbose -v --help -h"
      subs="list ls summary user stats export verify"
      wf=0
      ;;
    "audit list")
      case "$prev" in
        --workflow) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --user) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --event-type) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --since) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --until) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --limit) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --format) COMPREPLY=( $(compgen -W "table json csv" -- "$cur") ); return ;;
        --uri) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --db) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --timeout) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --max-time) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --read-preference) COMPREPLY=( $(compgen -W "primary primaryPreferred secondary secondaryPreferred nearest" -- "$cur") ); return ;;
        --retry) COMPREPLY=( $(compgen -W "none immediate linear exponential" -- "$cur") ); return ;;
        --retries) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
      esac
      words="--workflow --user --event-type --since --until --limit --all --explain --json --format --version -V --uri --db --timeout --max-time --read-preference --retry --retries --no-color --verbose -v --help -h"
      subs=""
      wf=0
      ;;
    "audit ls")
      case "$prev" in
        --workflow) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --user) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --event-type) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --since) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --until) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --limit) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --format) COMPREPLY=( $(compgen -W "table json csv" -- "$cur") ); return ;;
        --uri) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --db) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --timeout) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --max-time) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --read-preference) COMPREPLY=( $(compgen -W "primary primaryPreferred secondary secondaryPreferred nearest" -- "$cur") ); return ;;
        --retry) COMPREPLY=( $(compgen -W "none immediate linear exponential" -- "$cur") ); return ;;
        --retries) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
      esac
      words="--workflow --user --event-type --since --until --limit --all --explain --json --format --version -V --uri --db --timeout --max-time --read-preference --retry --retries --no-color --verbose -v --help -h"
      subs=""
      wf=0
      ;;
    "audit summary")
      case "$prev" in
        --days) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --format) COMPREPLY=( $(compgen -W "table json" -- "$cur") ); return ;;
        --uri) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --db) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --user) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --timeout) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --max-time) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --read-preference) COMPREPLY=( $(compgen -W "primary primaryPreferred secondary secondaryPreferred nearest" -- "$cur") ); return ;;
        --retry) COMPREPLY=( $(compgen -W "none immediate linear exponential" -- "$cur") ); return ;;
        --retries) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
      esac
      words="--days --json --format --version -V --uri --db --user --timeout --max-time --read-preference --retry --retries --no-color --verbose -v --help -h"
      subs=""
      wf=1
      ;;
    "audit user")
      case "$prev" in
        --days) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --limit) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --format) COMPREPLY=( $(compgen -W "table json" -- "$cur") ); return ;;
        --uri) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --db) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --user) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --timeout) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --max-time) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --read-preference) COMPREPLY=( $(compgen -W "primary primaryPreferred secondary secondaryPreferred nearest" -- "$cur") ); return ;;
        --retry) COMPREPLY=( $(compgen -W "none immediate linear exponential" -- "$cur") ); return ;;
        --retries) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
      esac
      words="--days --limit --json --format --version -V --uri --db --user --timeout --max-time --read-preference --retry --retries --no-color --verbose -v --help -h"
      subs=""
      wf=0
      ;;
    "audit stats")
      case "$prev" in
        --days) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --top) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --format) COMPREPLY=( $(compgen -W "table json" -- "$cur") ); return ;;
        --uri) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --db) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --user) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --timeout) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --max-time) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --read-preference) COMPREPLY=( $(compgen -W "primary primaryPreferred secondary secondaryPreferred nearest" -- "$cur") ); return ;;
        --retry) COMPREPLY=( $(compgen -W "none immediate linear exponential" -- "$cur") ); return ;;
        --retries) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
      esac
      words="--days --top --json --format --version -V --uri --db --user --timeout --max-time --read-preference --retry --retries --no-color --verbose -v --help -h"
      subs=""
      wf=0
      ;;
    "audit export")
      case "$prev" in
        --workflow) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --user) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --event-type) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --since) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --until) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --format) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --json-format) COMPREPLY=( $(compgen -W "relaxed canonical" -- "$cur") ); return ;;
        --output|-o) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --checkpoint) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --settle) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --uri) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --db) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --timeout) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --max-time) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --read-preference) COMPREPLY=( $(compgen -W "primary primaryPreferred secondary secondaryPreferred nearest" -- "$cur") ); return ;;
        --retry) COMPREPLY=( $(compgen -W "none immediate linear exponential" -- "$cur") ); return ;;
        --retries) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
      esac
      words="--workflow --user --event-type --since --until --format --json-format --output -o --checkpoint --settle --force --json --version -V --uri --db --timeout --max-time --read-preference --retry --retries --no-color --verbose -v --help -h"
      subs=""
      wf=0
      ;;
    "audit verify")
      case "$prev" in
        --uri) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --db) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --user) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --timeout) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --max-time) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --read-preference) COMPREPLY=( $(compgen -W "primary primaryPreferred secondary secondaryPreferred nearest" -- "$cur") ); return ;;
        --retry) COMPREPLY=( $(compgen -W "none immediate linear exponential" -- "$cur") ); return ;;
        --retries) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
      esac
      words="--json --version -V --uri --db --user --timeout --max-time --read-preference --retry --retries --no-color --verbose -v --help -h"
      subs=""
      wf=0
      ;;
    "stats")
      case "$prev" in
        --uri) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --db) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --user) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --timeout) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --max-time) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --read-preference) COMPREPLY=( $(compgen -W "primary primaryPreferred secondary secondaryPreferred nearest" -- "$cur") ); return ;;
        --retry) COMPREPLY=( $(compgen -W "none immediate linear exponential" -- "$cur") ); return ;;
        --retries) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
      esac
      words="errors --version -V --uri --db --user --timeout --max-time --read-preference --retry --retries --no-color --verbose -v --help -h"
      subs="errors"
      wf=0
      ;;
    "stats errors")
      case "$prev" in
        --action) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --days) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --top) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --format) COMPREPLY=( $(compgen -W "table json csv" -- "$cur") ); return ;;
        --uri) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --db) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --user) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --timeout) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --max-time) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --read-preference) COMPREPLY=( $(compgen -W "primary primaryPreferred secondary secondaryPreferred nearest" -- "$cur") ); return ;;
        --retry) COMPREPLY=( $(compgen -W "none immediate linear exponential" -- "$cur") ); return ;;
        --retries) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
      esac
      words="--action --days --top --json --format --version -V --uri --db --user --timeout --max-time --read-preference --retry --retries --no-color --verbose -v --help -h"
      subs=""
      wf=1
      ;;
    "check")
      case "$prev" in
        --min-success-rate) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --success-window) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --max-failures-per-hour) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --max-rollbacks-per-day) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --min-executions) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --workflow) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --format) COMPREPLY=( $(compgen -W "text json prometheus" -- "$cur") ); return ;;
        --output) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --insufficient-data) COMPREPLY=( $(compgen -W "unknown ok breach" -- "$cur") ); return ;;
        --uri) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --db) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --user) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --timeout) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --max-time) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --read-preference) COMPREPLY=( $(compgen -W "primary primaryPreferred secondary secondaryPreferred nearest" -- "$cur") ); return ;;
        --retry) COMPREPLY=( $(compgen -W "none immediate linear exponential" -- "$cur") ); return ;;
        --retries) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
      esac
      words="success-rate failures rollbacks --min-success-rate --success-window --max-failures-per-hour --max-rollbacks-per-day --min-executions --workflow --json --format --output --insufficient-data --version -V --uri --db --user --timeout --max-time --read-preference --retry --retries --no-color --verbose -v --help -h"
      subs="success-rate failures rollbacks"
      wf=0
      ;;
    "check success-rate")
      case "$prev" in
        --min) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --window) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --min-executions) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --workflow) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --format) COMPREPLY=( $(compgen -W "text json prometheus" -- "$cur") ); return ;;
        --output) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --insufficient-data) COMPREPLY=( $(compgen -W "unknown ok breach" -- "$cur") ); return ;;
        --uri) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --db) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --user) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --timeout) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --max-time) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --read-preference) COMPREPLY=( $(compgen -W "primary primaryPreferred secondary secondaryPreferred nearest" -- "$cur") ); return ;;
        --retry) COMPREPLY=( $(compgen -W "none immediate linear exponential" -- "$cur") ); return ;;
        --retries) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
      esac
      words="--min --window --min-executions --workflow --json --format --output --insufficient-data --version -V --uri --db --user --timeout --max-time --read-preference --retry --retries --no-color --verbose -v --help -h"
      subs=""
      wf=0
      ;;
    "check failures")
      case "$prev" in
        --max) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --window) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --workflow) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --format) COMPREPLY=( $(compgen -W "text json prometheus" -- "$cur") ); return ;;
        --output) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --insufficient-data) COMPREPLY=( $(compgen -W "unknown ok breach" -- "$cur") ); return ;;
        --uri) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --db) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --user) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --timeout) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --max-time) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --read-preference) COMPREPLY=( $(compgen -W "primary primaryPreferred secondary secondaryPreferred nearest" -- "$cur") ); return ;;
        --retry) COMPREPLY=( $(compgen -W "none immediate linear exponential" -- "$cur") ); return ;;
        --retries) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
      esac
      words="--max --window --workflow --json --format --output --insufficient-data --version -V --uri --db --user --timeout --max-time --read-preference --retry --retries --no-color --verbose -v --help -h"
      subs=""
      wf=0
      ;;
    "check rollbacks")
      case "$prev" in
        --max) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --window) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --workflow) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --format) COMPREPLY=( $(compgen -W "text json prometheus" -- "$cur") ); return ;;
        --output) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --insufficient-data) COMPREPLY=( $(compgen -W "unknown ok breach" -- "$cur") ); return ;;
        --uri) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --db) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --user) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --timeout) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --max-time) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --read-preference) COMPREPLY=( $(compgen -W "primary primaryPreferred secondary secondaryPreferred nearest" -- "$cur") ); return ;;
        --retry) COMPREPLY=( $(compgen -W "none immediate linear exponential" -- "$cur") ); return ;;
        --retries) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
      esac
      words="--max --window --workflow --json --format --output --insufficient-data --version -V --uri --db --user --timeout --max-time --read-preference --retry --retries --no-color --verbose -v --help -h"
      subs=""
      wf=0
      ;;
    "analytics")
      case "$prev" in
        --uri) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --db) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --user) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --timeout) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --max-time) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --read-preference) COMPREPLY=( $(compgen -W "primary primaryPreferred secondary secondaryPreferred nearest" -- "$cur") ); return ;;
        --retry) COMPREPLY=( $(compgen -W "none immediate linear exponential" -- "$cur") ); return ;;
        --retries) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
      esac
      words="overview performance perf report --version -V --uri --db --user --timeout --max-time --read-preference --retry --retries --no-color --verbose -v --help -h"
      subs="overview performance perf report"
      wf=0
      ;;
    "analytics overview")
      case "$prev" in
        --days) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --top) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --format) COMPREPLY=( $(compgen -W "table json" -- "$cur") ); return ;;
        --uri) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --db) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --user) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --timeout) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --max-time) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --read-preference) COMPREPLY=( $(compgen -W "primary primaryPreferred secondary secondaryPreferred nearest" -- "$cur") ); return ;;
        --retry) COMPREPLY=( $(compgen -W "none immediate linear exponential" -- "$cur") ); return ;;
        --retries) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
      esac
      words="--days --top --json --format --version -V --uri --db --user --timeout --max-time --read-preference --retry --retries --no-color --verbose -v --help -h"
      subs=""
      wf=0
      ;;
    "analytics performance")
      case "$prev" in
        --days) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --failures) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --format) COMPREPLY=( $(compgen -W "table json" -- "$cur") ); return ;;
        --uri) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --db) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --user) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --timeout) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --max-time) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --read-preference) COMPREPLY=( $(compgen -W "primary primaryPreferred secondary secondaryPreferred nearest" -- "$cur") ); return ;;
        --retry) COMPREPLY=( $(compgen -W "none immediate linear exponential" -- "$cur") ); return ;;
        --retries) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
      esac
      words="--days --failures --json --format --version -V --uri --db --user --timeout --max-time --read-preference --retry --retries --no-color --verbose -v --help -h"
      subs=""
      wf=1
      ;;
    "analytics perf")
      case "$prev" in
        --days) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --failures) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --format) COMPREPLY=( $(compgen -W "table json" -- "$cur") ); return ;;
        --uri) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --db) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --user) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --timeout) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --max-time) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --read-preference) COMPREPLY=( $(compgen -W "primary primaryPreferred secondary secondaryPreferred nearest" -- "$cur") ); return ;;
        --retry) COMPREPLY=( $(compgen -W "none immediate linear exponential" -- "$cur") ); return ;;
        --retries) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
      esac
      words="--days --failures --json --format --version -V --uri --db --user --timeout --max-time --read-preference --retry --retries --no-color --verbose -v --help -h"
      subs=""
      wf=1
      ;;
    "analytics report")
      case "$prev" in
        --days) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --format) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --output) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --top) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --uri) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --db) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --user) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --timeout) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --max-time) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --read-preference) COMPREPLY=( $(compgen -W "primary primaryPreferred secondary secondaryPreferred nearest" -- "$cur") ); return ;;
        --retry) COMPREPLY=( $(compgen -W "none immediate linear exponential" -- "$cur") ); return ;;
        --retries) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
      esac
      words="--days --format --output --top --version -V --uri --db --user --timeout --max-time --read-preference --retry --retries --no-color --verbose -v --help -h"
      subs=""
      wf=0
      ;;
    "versions")
      case "$prev" in
        --uri) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --db) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --user) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --timeout) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --max-time) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --read-preference) COMPREPLY=( $(compgen -W "primary primaryPreferred secondary secondaryPreferred nearest" -- "$cur") ); return ;;
        --retry) COMPREPLY=( $(compgen -W "none immediate linear exponential" -- "$cur") ); return ;;
        --retries) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
      esac
      words="list ls show create compare diff changes rollback --version -V --uri --db --user --timeout --max-time --read-preference --retry --retries --no-color --verbose -v --help -h"
      subs="list ls show create compare diff changes rollback"
      wf=0
      ;;
    "versions list")
      case "$prev" in
        --limit) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --format) COMPREPLY=( $(compgen -W "table json csv" -- "$cur") ); return ;;
        --uri) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --db) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --user) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --timeout) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --max-time) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --read-preference) COMPREPLY=( $(compgen -W "primary primaryPreferred secondary secondaryPreferred nearest" -- "$cur") ); return ;;
        --retry) COMPREPLY=( $(compgen -W "none immediate linear exponential" -- "$cur") ); return ;;
        --retries) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
      esac
      words="--limit --all --json --format --version -V --uri --db --user --timeout --max-time --read-preference --retry --retries --no-color --verbose -v --help -h"
      subs=""
      wf=1
      ;;
    "versions ls")
      case "$prev" in
        --limit) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --format) COMPREPLY=( $(compgen -W "table json csv" -- "$cur") ); return ;;
        --uri) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --db) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --user) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --timeout) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --max-time) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --read-preference) COMPREPLY=( $(compgen -W "primary primaryPreferred secondary secondaryPreferred nearest" -- "$cur") ); return ;;
        --retry) COMPREPLY=( $(compgen -W "none immediate linear exponential" -- "$cur") ); return ;;
        --retries) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
      esac
      words="--limit --all --json --format --version -V --uri --db --user --timeout --max-time --read-preference --retry --retries --no-color --verbose -v --help -h"
      subs=""
      wf=1
      ;;
    "versions show")
      case "$prev" in
        --json-format) COMPREPLY=( $(compgen -W "relaxed canonical" -- "$cur") ); return ;;
        --uri) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --db) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --user) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --timeout) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --max-time) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --read-preference) COMPREPLY=( $(compgen -W "primary primaryPreferred secondary secondaryPreferred nearest" -- "$cur") ); return ;;
        --retry) COMPREPLY=( $(compgen -W "none immediate linear exponential" -- "$cur") ); return ;;
        --retries) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
      esac
      words="--json --json-format --version -V --uri --db --user --timeout --max-time --read-preference --retry --retries --no-color --verbose -v --help -h"
      subs=""
      wf=1
      ;;
    "versions create")
      case "$prev" in
        --file|-f) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --message|-m) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --uri) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --db) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --user) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --timeout) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --max-time) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --read-preference) COMPREPLY=( $(compgen -W "primary primaryPreferred secondary secondaryPreferred nearest" -- "$cur") ); return ;;
        --retry) COMPREPLY=( $(compgen -W "none immediate linear exponential" -- "$cur") ); return ;;
        --retries) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
      esac
      words="--file -f --message -m --allow-empty --json --version -V --uri --db --user --timeout --max-time --read-preference --retry --retries --no-color --verbose -v --help -h"
      subs=""
      wf=1
      ;;
    "versions compare")
      case "$prev" in
        --context) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --format) COMPREPLY=( $(compgen -W "unified summary json" -- "$cur") ); return ;;
        --json-format) COMPREPLY=( $(compgen -W "relaxed canonical" -- "$cur") ); return ;;
        --uri) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --db) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --user) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --timeout) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --max-time) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --read-preference) COMPREPLY=( $(compgen -W "primary primaryPreferred secondary secondaryPreferred nearest" -- "$cur") ); return ;;
        --retry) COMPREPLY=( $(compgen -W "none immediate linear exponential" -- "$cur") ); return ;;
        --retries) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
      esac
      words="--context --format --json --json-format --stat --version -V --uri --db --user --timeout --max-time --read-preference --retry --retries --no-color --verbose -v --help -h"
      subs=""
      wf=1
      ;;
    "versions diff")
      case "$prev" in
        --context) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --format) COMPREPLY=( $(compgen -W "unified summary json" -- "$cur") ); return ;;
        --json-format) COMPREPLY=( $(compgen -W "relaxed canonical" -- "$cur") ); return ;;
        --uri) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --db) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --user) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --timeout) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --max-time) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --read-preference) COMPREPLY=( $(compgen -W "primary primaryPreferred secondary secondaryPreferred nearest" -- "$cur") ); return ;;
        --retry) COMPREPLY=( $(compgen -W "none immediate linear exponential" -- "$cur") ); return ;;
        --retries) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
      esac
      words="--context --format --json --json-format --stat --version -V --uri --db --user --timeout --max-time --read-preference --retry --retries --no-color --verbose -v --help -h"
      subs=""
      wf=1
      ;;
    "versions changes")
      case "$prev" in
        --days) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --uri) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --db) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --user) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --timeout) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --max-time) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --read-preference) COMPREPLY=( $(compgen -W "primary primaryPreferred secondary secondaryPreferred nearest" -- "$cur") ); return ;;
        --retry) COMPREPLY=( $(compgen -W "none immediate linear exponential" -- "$cur") ); return ;;
        --retries) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
      esac
      words="--days --json --version -V --uri --db --user --timeout --max-time --read-preference --retry --retries --no-color --verbose -v --help -h"
      subs=""
      wf=1
      ;;
    "versions rollback")
      case "$prev" in
        --to) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --reason) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --expect-current) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --uri) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --db) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --user) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --timeout) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --max-time) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --read-preference) COMPREPLY=( $(compgen -W "primary primaryPreferred secondary secondaryPreferred nearest" -- "$cur") ); return ;;
        --retry) COMPREPLY=( $(compgen -W "none immediate linear exponential" -- "$cur") ); return ;;
        --retries) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
      esac
      words="--to --reason --yes -y --dry-run --expect-current --json --version -V --uri --db --user --timeout --max-time --read-preference --retry --retries --no-color --verbose -v --help -h"
      subs=""
      wf=1
      ;;
    "version")
      case "$prev" in
        --uri) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --db) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --user) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --timeout) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --max-time) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --read-preference) COMPREPLY=( $(compgen -W "primary primaryPreferred secondary secondaryPreferred nearest" -- "$cur") ); return ;;
        --retry) COMPREPLY=( $(compgen -W "none immediate linear exponential" -- "$cur") ); return ;;
        --retries) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
      esac
      words="list ls show create compare diff changes rollback --version -V --uri --db --user --timeout --max-time --read-preference --retry --retries --no-color --verbose -v --help -h"
      subs="list ls show create compare diff changes rollback"
      wf=0
      ;;
    "version list")
      case "$prev" in
        --limit) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --format) COMPREPLY=( $(compgen -W "table json csv" -- "$cur") ); return ;;
        --uri) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --db) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --user) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --timeout) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --max-time) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --read-preference) COMPREPLY=( $(compgen -W "primary primaryPreferred secondary secondaryPreferred nearest" -- "$cur") ); return ;;
        --retry) COMPREPLY=( $(compgen -W "none immediate linear exponential" -- "$cur") ); return ;;
        --retries) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
      esac
      words="--limit --all --json --format --version -V --uri --db --user --timeout --max-time --read-preference --retry --retries --no-color --verbose -v --help -h"
      subs=""
      wf=1
      ;;
    "version ls")
      case "$prev" in
        --limit) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --format) COMPREPLY=( $(compgen -W "table json csv" -- "$cur") ); return ;;
        --uri) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --db) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --user) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --timeout) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --max-time) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --read-preference) COMPREPLY=( $(compgen -W "primary primaryPreferred secondary secondaryPreferred nearest" -- "$cur") ); return ;;
        --retry) COMPREPLY=( $(compgen -W "none immediate linear exponential" -- "$cur") ); return ;;
        --retries) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
      esac
      words="--limit --all --json --format --version -V --uri --db --user --timeout --max-time --read-preference --retry --retries --no-color --verbose -v --help -h"
      subs=""
      wf=1
      ;;
    "version show")
      case "$prev" in
        --json-format) COMPREPLY=( $(compgen -W "relaxed canonical" -- "$cur") ); return ;;
        --uri) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --db) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --user) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --timeout) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --max-time) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --read-preference) COMPREPLY=( $(compgen -W "primary primaryPreferred secondary secondaryPreferred nearest" -- "$cur") ); return ;;
        --retry) COMPREPLY=( $(compgen -W "none immediate linear exponential" -- "$cur") ); return ;;
        --retries) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
      esac
      words="--json --json-format --version -V --uri --db --user --timeout --max-time --read-preference --retry --retries --no-color --verbose -v --help -h"
      subs=""
      wf=1
      ;;
    "version create")
      case "$prev" in
        --file|-f) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --message|-m) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --uri) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --db) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --user) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --timeout) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --max-time) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --read-preference) COMPREPLY=( $(compgen -W "primary primaryPreferred secondary secondaryPreferred nearest" -- "$cur") ); return ;;
        --retry) COMPREPLY=( $(compgen -W "none immediate linear exponential" -- "$cur") ); return ;;
        --retries) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
      esac
      words="--file -f --message -m --allow-empty --json --version -V --uri --db --user --timeout --max-time --read-preference --retry --retries --no-color --verbose -v --help -h"
      subs=""
      wf=1
      ;;
    "version compare")
      case "$prev" in
        --context) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --format) COMPREPLY=( $(compgen -W "unified summary json" -- "$cur") ); return ;;
        --json-format) COMPREPLY=( $(compgen -W "relaxed canonical" -- "$cur") ); return ;;
        --uri) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --db) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --user) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --timeout) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --max-time) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --read-preference) COMPREPLY=( $(compgen -W "primary primaryPreferred secondary secondaryPreferred nearest" -- "$cur") ); return ;;
        --retry) COMPREPLY=( $(compgen -W "none immediate linear exponential" -- "$cur") ); return ;;
        --retries) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
      esac
      words="--context --format --json --json-format --stat --version -V --uri --db --user --timeout --max-time --read-preference --retry --retries --no-color --verbose -v --help -h"
      subs=""
      wf=1
      ;;
    "version diff")
      case "$prev" in
        --context) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --format) COMPREPLY=( $(compgen -W "unified summary json" -- "$cur") ); return ;;
        --json-format) COMPREPLY=( $(compgen -W "relaxed canonical" -- "$cur") ); return ;;
        --uri) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --db) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --user) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --timeout) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --max-time) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --read-preference) COMPREPLY=( $(compgen -W "primary primaryPreferred secondary secondaryPreferred nearest" -- "$cur") ); return ;;
        --retry) COMPREPLY=( $(compgen -W "none immediate linear exponential" -- "$cur") ); return ;;
        --retries) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
      esac
      words="--context --format --json --json-format --stat --version -V --uri --db --user --timeout --max-time --read-preference --retry --retries --no-color --verbose -v --help -h"
      subs=""
      wf=1
      ;;
    "version changes")
      case "$prev" in
        --days) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --uri) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --db) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --user) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --timeout) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --max-time) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --read-preference) COMPREPLY=( $(compgen -W "primary primaryPreferred secondary secondaryPreferred nearest" -- "$cur") ); return ;;
        --retry) COMPREPLY=( $(compgen -W "none immediate linear exponential" -- "$cur") ); return ;;
        --retries) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
      esac
      words="--days --json --version -V --uri --db --user --timeout --max-time --read-preference --retry --retries --no-color --verbose -v --help -h"
      subs=""
      wf=1
      ;;
    "version rollback")
      case "$prev" in
        --to) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --reason) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --expect-current) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --uri) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --db) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --user) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --timeout) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --max-time) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --read-preference) COMPREPLY=( $(compgen -W "primary primaryPreferred secondary secondaryPreferred nearest" -- "$cur") ); return ;;
        --retry) COMPREPLY=( $(compgen -W "none immediate linear exponential" -- "$cur") ); return ;;
        --retries) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
      esac
      words="--to --reason --yes -y --dry-run --expect-current --json --version -V --uri --db --user --timeout --max-time --read-preference --retry --retries --no-color --verbose -v --help -h"
      subs=""
      wf=1
      ;;
    "rollback")
      case "$prev" in
        --to) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --reason) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --expect-current) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --uri) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --db) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --user) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --timeout) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --max-time) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --read-preference) COMPREPLY=( $(compgen -W "primary primaryPreferred secondary secondaryPreferred nearest" -- "$cur") ); return ;;
        --retry) COMPREPLY=( $(compgen -W "none immediate linear exponential" -- "$cur") ); return ;;
        --retries) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
      esac
      words="--to --reason --yes -y --dry-run --expect-current --json --version -V --uri --db --user --timeout --max-time --read-preference --retry --retries --no-color --verbose -v --help -h"
      subs=""
      wf=1
      ;;
    "completion")
      case "$prev" in
        --uri) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --db) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --user) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --timeout) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --max-time) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
        --read-preference) COMPREPLY=( $(compgen -W "primary primaryPreferred secondary secondaryPreferred nearest" -- "$cur") ); return ;;
        --retry) COMPREPLY=( $(compgen -W "none immediate linear exponential" -- "$cur") ); return ;;
        --retries) COMPREPLY=( $(compgen -W "" -- "$cur") ); return ;;
      esac
      words="--version -V --uri --db --user --timeout --max-time --read-preference --retry --retries --no-color --verbose -v --help -h"
      subs=""
      wf=0
      ;;
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
    "") subs=" workflows wf db audit stats check analytics versions version rollback completion " ;;
    "workflows") subs=" list ls show " ;;
    "workflows list") subs="  " ;;
    "workflows ls") subs="  " ;;
    "workflows show") subs="  " ;;
    "wf") subs=" list ls show " ;;
    "wf list") subs="  " ;;
    "wf ls") subs="  " ;;
    "wf show") subs="  " ;;
    "db") subs=" indexes doctor " ;;
    "db indexes") subs="  " ;;
    "db doctor") subs="  " ;;
    "audit") subs=" list ls summary user stats export verify " ;;
    "audit list") subs="  " ;;
    "audit ls") subs="  " ;;
    "audit summary") subs="  " ;;
    "audit user") subs="  " ;;
    "audit stats") subs="  " ;;
    "audit export") subs="  " ;;
    "audit verify") subs="  " ;;
    "stats") subs=" errors " ;;
    "stats errors") subs="  " ;;
    "check") subs=" success-rate failures rollbacks " ;;
    "check success-rate") subs="  " ;;
    "check failures") subs="  " ;;
    "check rollbacks") subs="  " ;;
    "analytics") subs=" overview performance perf report " ;;
    "analytics overview") subs="  " ;;
    "analytics performance") subs="  " ;;
    "analytics perf") subs="  " ;;
    "analytics report") subs="  " ;;
    "versions") subs=" list ls show create compare diff changes rollback " ;;
    "versions list") subs="  " ;;
    "versions ls") subs="  " ;;
    "versions show") subs="  " ;;
    "versions create") subs="  " ;;
    "versions compare") subs="  " ;;
    "versions diff") subs="  " ;;
    "versions changes") subs="  " ;;
    "versions rollback") subs="  " ;;
    "version") subs=" list ls show create compare diff changes rollback " ;;
    "version list") subs="  " ;;
    "version ls") subs="  " ;;
    "version show") subs="  " ;;
    "version create") subs="  " ;;
    "version compare") subs="  " ;;
    "version diff") subs="  " ;;
    "version changes") subs="  " ;;
    "version rollback") subs="  " ;;
    "rollback") subs="  " ;;
    "completion") subs="  " ;;
  esac
  [[ "$subs" == *" $2 "* ]]
}
complete -F _wfctl wfctl
