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
        --max-time) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=('workflows:list and inspect workflow definitions' 'wf:list and inspect workflow definitions' 'db:database indexes and health checks' 'audit:audit trail\: list, summaries, statistics, compliance export and verification' 'stats:error and retry statistics of workflows and their actions' 'check:check the backend write-up'\''s recommended alerts (or one threshold, with a subcommand); exit 3 when breached' 'analytics:workflow analytics\: system overview, per-workflow performance, weekly report' 'versions:version history of a workflow\: list, show, create, compare, changes, rollback' 'version:version history of a workflow\: list, show, create, compare, changes, rollback' 'rollback:roll a workflow back\: a new version with the data of an earlier one, recorded with your reason' 'completion:print the shell completion script for bash, zsh or fish')
      opts=('--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--max-time:server-side time limit of each query (maxTimeMS); scans over a whole window and exports allow more' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=0
      ;;
    "workflows")
      case "$prev" in
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --max-time) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=('list:list workflows with their current version and last execution' 'ls:list workflows with their current version and last execution' 'show:show one workflow\: definition, actions, current version, last execution')
      opts=('--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--max-time:server-side time limit of each query (maxTimeMS); scans over a whole window and exports allow more' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
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
        --max-time) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=()
      opts=('--enabled:only enabled workflows' '--disabled:only disabled workflows' '--search:only workflows whose name contains this text (plain text, case-insensitive), or whose id starts with it' '--limit:at most this many workflows' '--json:print the result as JSON (shape documented in the README)' '--format:output format' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--max-time:server-side time limit of each query (maxTimeMS); scans over a whole window and exports allow more' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
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
        --max-time) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=()
      opts=('--enabled:only enabled workflows' '--disabled:only disabled workflows' '--search:only workflows whose name contains this text (plain text, case-insensitive), or whose id starts with it' '--limit:at most this many workflows' '--json:print the result as JSON (shape documented in the README)' '--format:output format' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--max-time:server-side time limit of each query (maxTimeMS); scans over a whole window and exports allow more' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=0
      ;;
    "workflows show")
      case "$prev" in
        --format) compadd -- table json; return ;;
        --json-format) compadd -- relaxed canonical; return ;;
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --max-time) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=()
      opts=('--json:print the result as JSON (shape documented in the README)' '--format:output format' '--json-format:Extended JSON of the stored definition in --json output\: relaxed, or canonical (every BSON type spelled out)' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--max-time:server-side time limit of each query (maxTimeMS); scans over a whole window and exports allow more' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=1
      ;;
    "wf")
      case "$prev" in
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --max-time) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=('list:list workflows with their current version and last execution' 'ls:list workflows with their current version and last execution' 'show:show one workflow\: definition, actions, current version, last execution')
      opts=('--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--max-time:server-side time limit of each query (maxTimeMS); scans over a whole window and exports allow more' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
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
        --max-time) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=()
      opts=('--enabled:only enabled workflows' '--disabled:only disabled workflows' '--search:only workflows whose name contains this text (plain text, case-insensitive), or whose id starts with it' '--limit:at most this many workflows' '--json:print the result as JSON (shape documented in the README)' '--format:output format' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--max-time:server-side time limit of each query (maxTimeMS); scans over a whole window and exports allow more' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
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
        --max-time) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=()
      opts=('--enabled:only enabled workflows' '--disabled:only disabled workflows' '--search:only workflows whose name contains this text (plain text, case-insensitive), or whose id starts with it' '--limit:at most this many workflows' '--json:print the result as JSON (shape documented in the README)' '--format:output format' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--max-time:server-side time limit of each query (maxTimeMS); scans over a whole window and exports allow more' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=0
      ;;
    "wf show")
      case "$prev" in
        --format) compadd -- table json; return ;;
        --json-format) compadd -- relaxed canonical; return ;;
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --max-time) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=()
      opts=('--json:print the result as JSON (shape documented in the README)' '--format:output format' '--json-format:Extended JSON of the stored definition in --json output\: relaxed, or canonical (every BSON type spelled out)' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--max-time:server-side time limit of each query (maxTimeMS); scans over a whole window and exports allow more' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=1
      ;;
    "db")
      case "$prev" in
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --max-time) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=('indexes:show which recommended indexes exist; --apply creates the missing ones' 'doctor:check the server, collections, indexes and data consistency; exit 1 when something needs attention')
      opts=('--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--max-time:server-side time limit of each query (maxTimeMS); scans over a whole window and exports allow more' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=0
      ;;
    "db indexes")
      case "$prev" in
        --format) compadd -- table json csv; return ;;
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --max-time) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=()
      opts=('--apply:create the missing indexes (safe to run again)' '--json:print the result as JSON (shape documented in the README)' '--format:output format' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--max-time:server-side time limit of each query (maxTimeMS); scans over a whole window and exports allow more' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
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
        --max-time) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=()
      opts=('--repair:complete what interrupted writes left unfinished (safe to run again)' '--check:run only these consistency checks (comma-separated)' '--json:print the result as JSON (shape documented in the README)' '--format:output format' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--max-time:server-side time limit of each query (maxTimeMS); scans over a whole window and exports allow more' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=0
      ;;
    "audit")
      case "$prev" in
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --max-time) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=('list:list audit events, newest first' 'ls:list audit events, newest first' 'summary:one workflow'\''s audit trail\: counts by event type and user, first and last event, events per day' 'user:one user'\''s activity\: timeline, counts by event type, workflows touched, IP addresses and user agents' 'stats:system-wide\: totals by event type, events per day, busiest hours, top users and workflows' 'export:export the audit trail exactly\: streamed, atomic, checkpointed, with a manifest' 'verify:check export files against their manifests offline\: hash, count, hash chain, signature, series links')
      opts=('--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--max-time:server-side time limit of each query (maxTimeMS); scans over a whole window and exports allow more' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=0
      ;;
    "audit list")
      case "$prev" in
        --workflow) _default; return ;;
        --user) _default; return ;;
        --event-type) _default; return ;;
        --since) _default; return ;;
        --until) _default; return ;;
        --limit) _default; return ;;
        --format) compadd -- table json csv; return ;;
        --uri) _default; return ;;
        --db) _default; return ;;
        --timeout) _default; return ;;
        --max-time) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=()
      opts=('--workflow:only events of this workflow (id, id prefix, or name when unique; a deleted workflow'\''s full id works too)' '--user:only events of this user id (plain text)' '--event-type:only events of these event types (comma-separated, repeatable)' '--since:from this time, inclusive (2025-01-31, 2025-01-31T12\:00\:00Z, or 7d, 24h)' '--until:up to this time, exclusive (same forms as --since)' '--limit:at most this many events' '--all:every matching event (streamed); overrides --limit' '--explain:print the server'\''s plan for the query instead of running it' '--json:print the result as JSON (shape documented in the README)' '--format:output format' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--timeout:server selection timeout' '--max-time:server-side time limit of each query (maxTimeMS); scans over a whole window and exports allow more' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=0
      ;;
    "audit ls")
      case "$prev" in
        --workflow) _default; return ;;
        --user) _default; return ;;
        --event-type) _default; return ;;
        --since) _default; return ;;
        --until) _default; return ;;
        --limit) _default; return ;;
        --format) compadd -- table json csv; return ;;
        --uri) _default; return ;;
        --db) _default; return ;;
        --timeout) _default; return ;;
        --max-time) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=()
      opts=('--workflow:only events of this workflow (id, id prefix, or name when unique; a deleted workflow'\''s full id works too)' '--user:only events of this user id (plain text)' '--event-type:only events of these event types (comma-separated, repeatable)' '--since:from this time, inclusive (2025-01-31, 2025-01-31T12\:00\:00Z, or 7d, 24h)' '--until:up to this time, exclusive (same forms as --since)' '--limit:at most this many events' '--all:every matching event (streamed); overrides --limit' '--explain:print the server'\''s plan for the query instead of running it' '--json:print the result as JSON (shape documented in the README)' '--format:output format' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--timeout:server selection timeout' '--max-time:server-side time limit of each query (maxTimeMS); scans over a whole window and exports allow more' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=0
      ;;
    "audit summary")
      case "$prev" in
        --days) _default; return ;;
        --format) compadd -- table json; return ;;
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --max-time) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=()
      opts=('--days:days back from now' '--json:print the result as JSON (shape documented in the README)' '--format:output format' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--max-time:server-side time limit of each query (maxTimeMS); scans over a whole window and exports allow more' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=1
      ;;
    "audit user")
      case "$prev" in
        --days) _default; return ;;
        --limit) _default; return ;;
        --format) compadd -- table json; return ;;
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --max-time) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=()
      opts=('--days:days back from now' '--limit:events in the timeline' '--json:print the result as JSON (shape documented in the README)' '--format:output format' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--max-time:server-side time limit of each query (maxTimeMS); scans over a whole window and exports allow more' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=0
      ;;
    "audit stats")
      case "$prev" in
        --days) _default; return ;;
        --top) _default; return ;;
        --format) compadd -- table json; return ;;
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --max-time) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=()
      opts=('--days:days back from now' '--top:users and workflows to list' '--json:print the result as JSON (shape documented in the README)' '--format:output format' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--max-time:server-side time limit of each query (maxTimeMS); scans over a whole window and exports allow more' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=0
      ;;
    "audit export")
      case "$prev" in
        --workflow) _default; return ;;
        --user) _default; return ;;
        --event-type) _default; return ;;
        --since) _default; return ;;
        --until) _default; return ;;
        --format) _default; return ;;
        --json-format) compadd -- relaxed canonical; return ;;
        --output|-o) _default; return ;;
        --checkpoint) _default; return ;;
        --settle) _default; return ;;
        --uri) _default; return ;;
        --db) _default; return ;;
        --timeout) _default; return ;;
        --max-time) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=()
      opts=('--workflow:only records of this workflow (id, id prefix, or name when unique; a deleted workflow'\''s full id works too)' '--user:only records of this user id (plain text)' '--event-type:only records of these event types (comma-separated, repeatable)' '--since:from this time, inclusive (2025-01-31, 2025-01-31T12\:00\:00Z, or 7d, 24h)' '--until:up to this time, exclusive (same forms as --since)' '--format:csv, json (one array) or ndjson (one record per line)' '--json-format:Extended JSON of the ndjson and json formats\: relaxed, or canonical (every BSON type spelled out; mongoimport restores it exactly)' '--output:write to this file (atomically, with FILE.manifest.json beside it); default\: stdout' '-o:write to this file (atomically, with FILE.manifest.json beside it); default\: stdout' '--checkpoint:continue a series\: export only records after the last one this checkpoint saw, then move it' '--settle:leave records younger than this for the next run (seconds, or 30s, 5m)' '--force:with --checkpoint\: replace an existing --output file (by default the run refuses, exit 2)' '--json:print the result (file, count, hashes) as JSON on stdout; needs --output' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--timeout:server selection timeout' '--max-time:server-side time limit of each query (maxTimeMS); scans over a whole window and exports allow more' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=0
      ;;
    "audit verify")
      case "$prev" in
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --max-time) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=()
      opts=('--json:print the result as JSON' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--max-time:server-side time limit of each query (maxTimeMS); scans over a whole window and exports allow more' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=0
      ;;
    "stats")
      case "$prev" in
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --max-time) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=('errors:attempts, failures, retries and recoveries of a workflow\: per action, the most common errors, failures per day')
      opts=('--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--max-time:server-side time limit of each query (maxTimeMS); scans over a whole window and exports allow more' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=0
      ;;
    "stats errors")
      case "$prev" in
        --action) _default; return ;;
        --days) _default; return ;;
        --top) _default; return ;;
        --format) compadd -- table json csv; return ;;
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --max-time) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=()
      opts=('--action:only this action, with its retry strategies and how many attempts success took' '--days:how many days back to look (1 to 3650; default 30, or 7 with --action)' '--top:how many error messages to list' '--json:print the result as JSON (shape documented in the README)' '--format:output format' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--max-time:server-side time limit of each query (maxTimeMS); scans over a whole window and exports allow more' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=1
      ;;
    "check")
      case "$prev" in
        --min-success-rate) _default; return ;;
        --success-window) _default; return ;;
        --max-failures-per-hour) _default; return ;;
        --max-rollbacks-per-day) _default; return ;;
        --min-executions) _default; return ;;
        --workflow) _default; return ;;
        --format) compadd -- text json prometheus; return ;;
        --output) _default; return ;;
        --insufficient-data) compadd -- unknown ok breach; return ;;
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --max-time) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=('success-rate:exit 3 when the share of finished executions that succeeded is under --min percent' 'failures:exit 3 when more than --max executions failed in the window' 'rollbacks:exit 3 when more than --max rollbacks happened in the window (versions with rollback_of set)')
      opts=('--min-success-rate:alert when the success rate over --success-window is under this' '--success-window:window of the success-rate alert' '--max-failures-per-hour:alert when more executions than this failed in the last hour' '--max-rollbacks-per-day:alert when more rollbacks than this happened in the last 24h' '--min-executions:fewer finished executions than this is "insufficient-data", not a rate' '--workflow:only this workflow (id, id prefix, or name when unique); default\: all workflows' '--json:print the results as JSON' '--format:text, json, or prometheus (node_exporter textfile format)' '--output:write the result to this file (atomically\: written beside it, then renamed) instead of stdout' '--insufficient-data:what too few executions means for the exit status\: unknown (exit 5), ok (exit 0) or breach (exit 3)' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--max-time:server-side time limit of each query (maxTimeMS); scans over a whole window and exports allow more' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=0
      ;;
    "check success-rate")
      case "$prev" in
        --min) _default; return ;;
        --window) _default; return ;;
        --min-executions) _default; return ;;
        --workflow) _default; return ;;
        --format) compadd -- text json prometheus; return ;;
        --output) _default; return ;;
        --insufficient-data) compadd -- unknown ok breach; return ;;
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --max-time) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=()
      opts=('--min:lowest acceptable success rate, 0 to 100' '--window:how far back to look (30m, 24h, 7d)' '--min-executions:fewer finished executions than this is "insufficient-data" (exit 5), not a rate' '--workflow:only this workflow (id, id prefix, or name when unique); default\: all workflows' '--json:print the results as JSON' '--format:text, json, or prometheus (node_exporter textfile format)' '--output:write the result to this file (atomically\: written beside it, then renamed) instead of stdout' '--insufficient-data:what too few executions means for the exit status\: unknown (exit 5), ok (exit 0) or breach (exit 3)' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--max-time:server-side time limit of each query (maxTimeMS); scans over a whole window and exports allow more' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=0
      ;;
    "check failures")
      case "$prev" in
        --max) _default; return ;;
        --window) _default; return ;;
        --workflow) _default; return ;;
        --format) compadd -- text json prometheus; return ;;
        --output) _default; return ;;
        --insufficient-data) compadd -- unknown ok breach; return ;;
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --max-time) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=()
      opts=('--max:most failed executions allowed' '--window:how far back to look (30m, 1h, 24h)' '--workflow:only this workflow (id, id prefix, or name when unique); default\: all workflows' '--json:print the results as JSON' '--format:text, json, or prometheus (node_exporter textfile format)' '--output:write the result to this file (atomically\: written beside it, then renamed) instead of stdout' '--insufficient-data:what too few executions means for the exit status\: unknown (exit 5), ok (exit 0) or breach (exit 3)' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--max-time:server-side time limit of each query (maxTimeMS); scans over a whole window and exports allow more' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=0
      ;;
    "check rollbacks")
      case "$prev" in
        --max) _default; return ;;
        --window) _default; return ;;
        --workflow) _default; return ;;
        --format) compadd -- text json prometheus; return ;;
        --output) _default; return ;;
        --insufficient-data) compadd -- unknown ok breach; return ;;
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --max-time) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=()
      opts=('--max:most rollbacks allowed' '--window:how far back to look (1h, 24h, 7d)' '--workflow:only this workflow (id, id prefix, or name when unique); default\: all workflows' '--json:print the results as JSON' '--format:text, json, or prometheus (node_exporter textfile format)' '--output:write the result to this file (atomically\: written beside it, then renamed) instead of stdout' '--insufficient-data:what too few executions means for the exit status\: unknown (exit 5), ok (exit 0) or breach (exit 3)' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--max-time:server-side time limit of each query (maxTimeMS); scans over a whole window and exports allow more' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=0
      ;;
    "analytics")
      case "$prev" in
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --max-time) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=('overview:workflows, executions, success rate and duration; most active and most failing workflows; changes and rollbacks' 'performance:one workflow\: executions, success and failure rates, duration (average, p50, p95, max), per day, triggers, latest failures' 'perf:one workflow\: executions, success and failure rates, duration (average, p50, p95, max), per day, triggers, latest failures' 'report:the weekly performance report\: overview, per-workflow performance, errors, rollbacks, as Markdown or self-contained HTML')
      opts=('--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--max-time:server-side time limit of each query (maxTimeMS); scans over a whole window and exports allow more' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=0
      ;;
    "analytics overview")
      case "$prev" in
        --days) _default; return ;;
        --top) _default; return ;;
        --format) compadd -- table json; return ;;
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --max-time) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=()
      opts=('--days:how many days back to look (1 to 3650)' '--top:how many workflows and users to list in each ranking' '--json:print the result as JSON (shape documented in the README)' '--format:output format' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--max-time:server-side time limit of each query (maxTimeMS); scans over a whole window and exports allow more' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=0
      ;;
    "analytics performance")
      case "$prev" in
        --days) _default; return ;;
        --failures) _default; return ;;
        --format) compadd -- table json; return ;;
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --max-time) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=()
      opts=('--days:how many days back to look (1 to 3650)' '--failures:how many of the latest failures to list' '--json:print the result as JSON (shape documented in the README)' '--format:output format' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--max-time:server-side time limit of each query (maxTimeMS); scans over a whole window and exports allow more' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=1
      ;;
    "analytics perf")
      case "$prev" in
        --days) _default; return ;;
        --failures) _default; return ;;
        --format) compadd -- table json; return ;;
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --max-time) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=()
      opts=('--days:how many days back to look (1 to 3650)' '--failures:how many of the latest failures to list' '--json:print the result as JSON (shape documented in the README)' '--format:output format' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--max-time:server-side time limit of each query (maxTimeMS); scans over a whole window and exports allow more' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=1
      ;;
    "analytics report")
      case "$prev" in
        --days) _default; return ;;
        --format) _default; return ;;
        --output) _default; return ;;
        --top) _default; return ;;
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --max-time) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=()
      opts=('--days:how many days back the report covers (1 to 3650)' '--format:markdown or html' '--output:write the report to this file (atomically) instead of stdout' '--top:how many workflows, errors and users to list in each ranking' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--max-time:server-side time limit of each query (maxTimeMS); scans over a whole window and exports allow more' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=0
      ;;
    "versions")
      case "$prev" in
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --max-time) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=('list:versions of a workflow, newest first' 'ls:versions of a workflow, newest first' 'show:one version\: metadata and its full workflow_data' 'create:save a new version from a JSON file (or stdin) and make it current' 'compare:what changed between two versions\: a summary by path and a unified diff of canonical JSON' 'diff:what changed between two versions\: a summary by path and a unified diff of canonical JSON' 'changes:change summary\: versions per day and per user, rollbacks and reasons, most changed paths' 'rollback:roll a workflow back\: a new version with the data of an earlier one, recorded with your reason')
      opts=('--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--max-time:server-side time limit of each query (maxTimeMS); scans over a whole window and exports allow more' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=0
      ;;
    "versions list")
      case "$prev" in
        --limit) _default; return ;;
        --format) compadd -- table json csv; return ;;
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --max-time) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=()
      opts=('--limit:at most this many versions' '--all:every version (overrides --limit)' '--json:print the result as JSON (shape documented in the README)' '--format:output format' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--max-time:server-side time limit of each query (maxTimeMS); scans over a whole window and exports allow more' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=1
      ;;
    "versions ls")
      case "$prev" in
        --limit) _default; return ;;
        --format) compadd -- table json csv; return ;;
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --max-time) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=()
      opts=('--limit:at most this many versions' '--all:every version (overrides --limit)' '--json:print the result as JSON (shape documented in the README)' '--format:output format' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--max-time:server-side time limit of each query (maxTimeMS); scans over a whole window and exports allow more' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=1
      ;;
    "versions show")
      case "$prev" in
        --json-format) compadd -- relaxed canonical; return ;;
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --max-time) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=()
      opts=('--json:print the version as JSON (workflow_data and diff as Extended JSON, every BSON type kept)' '--json-format:Extended JSON of workflow_data and diff\: relaxed, or canonical (every BSON type spelled out)' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--max-time:server-side time limit of each query (maxTimeMS); scans over a whole window and exports allow more' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=1
      ;;
    "versions create")
      case "$prev" in
        --file|-f) _default; return ;;
        --message|-m) _default; return ;;
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --max-time) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=()
      opts=('--file:the workflow as a JSON object (MongoDB Extended JSON\: $oid, $date, $numberLong, ... keep their types); - reads stdin' '-f:the workflow as a JSON object (MongoDB Extended JSON\: $oid, $date, $numberLong, ... keep their types); - reads stdin' '--message:what changed (the change description)' '-m:what changed (the change description)' '--allow-empty:create a version even when nothing changed' '--json:print the result as JSON' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--max-time:server-side time limit of each query (maxTimeMS); scans over a whole window and exports allow more' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=1
      ;;
    "versions compare")
      case "$prev" in
        --context) _default; return ;;
        --format) compadd -- unified summary json; return ;;
        --json-format) compadd -- relaxed canonical; return ;;
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --max-time) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=()
      opts=('--context:lines of context around each change' '--format:unified (diff only), summary (paths only) or json; default both summary and diff' '--json:same as --format json' '--json-format:Extended JSON of the DeepDiff diff with --json\: relaxed or canonical' '--stat:only the size of the change\: lines and paths added, removed, modified' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--max-time:server-side time limit of each query (maxTimeMS); scans over a whole window and exports allow more' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=1
      ;;
    "versions diff")
      case "$prev" in
        --context) _default; return ;;
        --format) compadd -- unified summary json; return ;;
        --json-format) compadd -- relaxed canonical; return ;;
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --max-time) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=()
      opts=('--context:lines of context around each change' '--format:unified (diff only), summary (paths only) or json; default both summary and diff' '--json:same as --format json' '--json-format:Extended JSON of the DeepDiff diff with --json\: relaxed or canonical' '--stat:only the size of the change\: lines and paths added, removed, modified' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--max-time:server-side time limit of each query (maxTimeMS); scans over a whole window and exports allow more' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=1
      ;;
    "versions changes")
      case "$prev" in
        --days) _default; return ;;
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --max-time) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=()
      opts=('--days:look back this many days' '--json:print the summary as JSON' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--max-time:server-side time limit of each query (maxTimeMS); scans over a whole window and exports allow more' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=1
      ;;
    "versions rollback")
      case "$prev" in
        --to) _default; return ;;
        --reason) _default; return ;;
        --expect-current) _default; return ;;
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --max-time) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=()
      opts=('--to:the version to restore\: a number, current~N' '--reason:why (required; recorded on the version and in the audit trail)' '--yes:do not ask for confirmation' '-y:do not ask for confirmation' '--dry-run:show what would change and write nothing' '--expect-current:refuse (exit 1, nothing written) unless the current version is n' '--json:print the result as JSON (shape documented in the README)' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--max-time:server-side time limit of each query (maxTimeMS); scans over a whole window and exports allow more' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=1
      ;;
    "version")
      case "$prev" in
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --max-time) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=('list:versions of a workflow, newest first' 'ls:versions of a workflow, newest first' 'show:one version\: metadata and its full workflow_data' 'create:save a new version from a JSON file (or stdin) and make it current' 'compare:what changed between two versions\: a summary by path and a unified diff of canonical JSON' 'diff:what changed between two versions\: a summary by path and a unified diff of canonical JSON' 'changes:change summary\: versions per day and per user, rollbacks and reasons, most changed paths' 'rollback:roll a workflow back\: a new version with the data of an earlier one, recorded with your reason')
      opts=('--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--max-time:server-side time limit of each query (maxTimeMS); scans over a whole window and exports allow more' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=0
      ;;
    "version list")
      case "$prev" in
        --limit) _default; return ;;
        --format) compadd -- table json csv; return ;;
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --max-time) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=()
      opts=('--limit:at most this many versions' '--all:every version (overrides --limit)' '--json:print the result as JSON (shape documented in the README)' '--format:output format' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--max-time:server-side time limit of each query (maxTimeMS); scans over a whole window and exports allow more' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=1
      ;;
    "version ls")
      case "$prev" in
        --limit) _default; return ;;
        --format) compadd -- table json csv; return ;;
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --max-time) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=()
      opts=('--limit:at most this many versions' '--all:every version (overrides --limit)' '--json:print the result as JSON (shape documented in the README)' '--format:output format' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--max-time:server-side time limit of each query (maxTimeMS); scans over a whole window and exports allow more' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=1
      ;;
    "version show")
      case "$prev" in
        --json-format) compadd -- relaxed canonical; return ;;
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --max-time) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=()
      opts=('--json:print the version as JSON (workflow_data and diff as Extended JSON, every BSON type kept)' '--json-format:Extended JSON of workflow_data and diff\: relaxed, or canonical (every BSON type spelled out)' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--max-time:server-side time limit of each query (maxTimeMS); scans over a whole window and exports allow more' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=1
      ;;
    "version create")
      case "$prev" in
        --file|-f) _default; return ;;
        --message|-m) _default; return ;;
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --max-time) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=()
      opts=('--file:the workflow as a JSON object (MongoDB Extended JSON\: $oid, $date, $numberLong, ... keep their types); - reads stdin' '-f:the workflow as a JSON object (MongoDB Extended JSON\: $oid, $date, $numberLong, ... keep their types); - reads stdin' '--message:what changed (the change description)' '-m:what changed (the change description)' '--allow-empty:create a version even when nothing changed' '--json:print the result as JSON' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--max-time:server-side time limit of each query (maxTimeMS); scans over a whole window and exports allow more' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=1
      ;;
    "version compare")
      case "$prev" in
        --context) _default; return ;;
        --format) compadd -- unified summary json; return ;;
        --json-format) compadd -- relaxed canonical; return ;;
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --max-time) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=()
      opts=('--context:lines of context around each change' '--format:unified (diff only), summary (paths only) or json; default both summary and diff' '--json:same as --format json' '--json-format:Extended JSON of the DeepDiff diff with --json\: relaxed or canonical' '--stat:only the size of the change\: lines and paths added, removed, modified' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--max-time:server-side time limit of each query (maxTimeMS); scans over a whole window and exports allow more' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=1
      ;;
    "version diff")
      case "$prev" in
        --context) _default; return ;;
        --format) compadd -- unified summary json; return ;;
        --json-format) compadd -- relaxed canonical; return ;;
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --max-time) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=()
      opts=('--context:lines of context around each change' '--format:unified (diff only), summary (paths only) or json; default both summary and diff' '--json:same as --format json' '--json-format:Extended JSON of the DeepDiff diff with --json\: relaxed or canonical' '--stat:only the size of the change\: lines and paths added, removed, modified' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--max-time:server-side time limit of each query (maxTimeMS); scans over a whole window and exports allow more' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=1
      ;;
    "version changes")
      case "$prev" in
        --days) _default; return ;;
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --max-time) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=()
      opts=('--days:look back this many days' '--json:print the summary as JSON' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--max-time:server-side time limit of each query (maxTimeMS); scans over a whole window and exports allow more' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=1
      ;;
    "version rollback")
      case "$prev" in
        --to) _default; return ;;
        --reason) _default; return ;;
        --expect-current) _default; return ;;
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --max-time) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=()
      opts=('--to:the version to restore\: a number, current~N' '--reason:why (required; recorded on the version and in the audit trail)' '--yes:do not ask for confirmation' '-y:do not ask for confirmation' '--dry-run:show what would change and write nothing' '--expect-current:refuse (exit 1, nothing written) unless the current version is n' '--json:print the result as JSON (shape documented in the README)' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--max-time:server-side time limit of each query (maxTimeMS); scans over a whole window and exports allow more' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=1
      ;;
    "rollback")
      case "$prev" in
        --to) _default; return ;;
        --reason) _default; return ;;
        --expect-current) _default; return ;;
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --max-time) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=()
      opts=('--to:the version to restore\: a number, current~N' '--reason:why (required; recorded on the version and in the audit trail)' '--yes:do not ask for confirmation' '-y:do not ask for confirmation' '--dry-run:show what would change and write nothing' '--expect-current:refuse (exit 1, nothing written) unless the current version is n' '--json:print the result as JSON (shape documented in the README)' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--max-time:server-side time limit of each query (maxTimeMS); scans over a whole window and exports allow more' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      wf=1
      ;;
    "completion")
      case "$prev" in
        --uri) _default; return ;;
        --db) _default; return ;;
        --user) _default; return ;;
        --timeout) _default; return ;;
        --max-time) _default; return ;;
        --read-preference) compadd -- primary primaryPreferred secondary secondaryPreferred nearest; return ;;
        --retry) compadd -- none immediate linear exponential; return ;;
        --retries) _default; return ;;
      esac
      subs=()
      opts=('--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout' '--max-time:server-side time limit of each query (maxTimeMS); scans over a whole window and exports allow more' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
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
if [[ "${zsh_eval_context[-1]}" == loadautofunc ]]; then _wfctl "$@"; else compdef _wfctl wfctl; fi
