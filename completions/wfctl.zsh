#compdef wfctl
# wfctl shell completion. Generated from the command tree by `npm run completions`; do not edit.
# zsh: put this file on your $fpath as _wfctl, or source it after compinit
_wfctl() {
  local cur="${words[CURRENT]}" prev="${words[CURRENT-1]}" path="" w i wf=0
  local -a subs opts
  for ((i = 2; i < CURRENT; i++)); do
    w="${words[i]}"
    [[ "$w" == -* ]] && continue
    if _wfctl_is_sub "$path" "$w"; then path="${path:+$path }$w"; fi
  done
  case "$path" in
    "")
      case "$prev" in
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=('workflows:list and inspect workflow definitions' 'wf:list and inspect workflow definitions' 'db:database indexes and health checks' 'completion:print the shell completion script for bash, zsh or fish')
      opts=('--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=0
      ;;
    "workflows")
      case "$prev" in
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=('list:list workflows with their current version and last execution' 'ls:list workflows with their current version and last execution' 'show:show one workflow\: definition, actions, current version, last execution')
      opts=('--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=0
      ;;
    "workflows list")
      case "$prev" in
        --search) _default; return ;;
        --limit) _default; return ;;
        --format) compadd -- table json csv; return ;;
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=()
      opts=('--enabled:only enabled workflows' '--disabled:only disabled workflows' '--search:only workflows whose id or name contains this text (plain text, case-insensitive)' '--limit:at most this many workflows' '--json:print the result as JSON (shape documented in the README)' '--format:output format' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=0
      ;;
    "workflows ls")
      case "$prev" in
        --search) _default; return ;;
        --limit) _default; return ;;
        --format) compadd -- table json csv; return ;;
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=()
      opts=('--enabled:only enabled workflows' '--disabled:only disabled workflows' '--search:only workflows whose id or name contains this text (plain text, case-insensitive)' '--limit:at most this many workflows' '--json:print the result as JSON (shape documented in the README)' '--format:output format' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=0
      ;;
    "workflows show")
      case "$prev" in
        --format) compadd -- table json; return ;;
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=()
      opts=('--json:print the result as JSON (shape documented in the README)' '--format:output format' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=1
      ;;
    "wf")
      case "$prev" in
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=('list:list workflows with their current version and last execution' 'ls:list workflows with their current version and last execution' 'show:show one workflow\: definition, actions, current version, last execution')
      opts=('--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=0
      ;;
    "wf list")
      case "$prev" in
        --search) _default; return ;;
        --limit) _default; return ;;
        --format) compadd -- table json csv; return ;;
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=()
      opts=('--enabled:only enabled workflows' '--disabled:only disabled workflows' '--search:only workflows whose id or name contains this text (plain text, case-insensitive)' '--limit:at most this many workflows' '--json:print the result as JSON (shape documented in the README)' '--format:output format' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=0
      ;;
    "wf ls")
      case "$prev" in
        --search) _default; return ;;
        --limit) _default; return ;;
        --format) compadd -- table json csv; return ;;
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=()
      opts=('--enabled:only enabled workflows' '--disabled:only disabled workflows' '--search:only workflows whose id or name contains this text (plain text, case-insensitive)' '--limit:at most this many workflows' '--json:print the result as JSON (shape documented in the README)' '--format:output format' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=0
      ;;
    "wf show")
      case "$prev" in
        --format) compadd -- table json; return ;;
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=()
      opts=('--json:print the result as JSON (shape documented in the README)' '--format:output format' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=1
      ;;
    "db")
      case "$prev" in
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=('indexes:show which recommended indexes exist; --apply creates the missing ones' 'doctor:check the server, collections, indexes and data consistency; exit 1 when something needs attention')
      opts=('--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=0
      ;;
    "db indexes")
      case "$prev" in
        --format) compadd -- table json csv; return ;;
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=()
      opts=('--apply:create the missing indexes (safe to run again)' '--json:print the result as JSON (shape documented in the README)' '--format:output format' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=0
      ;;
    "db doctor")
      case "$prev" in
        --check) _default; return ;;
        --format) compadd -- table json; return ;;
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=()
      opts=('--repair:complete what interrupted writes left unfinished (safe to run again)' '--check:run only these consistency checks (comma-separated)' '--json:print the result as JSON (shape documented in the README)' '--format:output format' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=0
      ;;
    "completion")
      case "$prev" in
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=()
      opts=('--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=0
      ;;
  esac
  if [[ "$cur" != -* && $wf -eq 1 && ${#subs} -eq 0 ]]; then
    local -a ids
    ids=(${(f)"$(wfctl __complete workflows 2>/dev/null)"})
    compadd -- $ids
    return
  fi
  if [[ "$cur" == -* ]]; then _describe -t options 'option' opts; else _describe -t commands 'command' subs; fi
}
_wfctl_is_sub() {
  local subs=""
  case "$1" in
    "") subs=" workflows wf db completion " ;;
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
    "completion") subs="  " ;;
  esac
  [[ "$subs" == *" $2 "* ]]
}
if [[ "${zsh_eval_context[-1]}" == loadautofunc ]]; then _wfctl "$@"; else compdef _wfctl wfctl; fi
