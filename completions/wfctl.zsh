#compdef wfctl
# wfctl shell completion. Generated from the command tree by `npm run completions`; do not edit.
# zsh: put this file on your $fpath as _wfctl, or source it after compinit

# Sets subs, opts (name:description), subnames, vopts (" --flag=kind ... ") and argkinds for a command path.
_wfctl_spec() {
  subs=() opts=() subnames=" " vopts=" " argkinds=()
  case "$1" in
    "")
      subs=('workflows:list and inspect workflow definitions' 'wf:list and inspect workflow definitions' 'db:database indexes and health checks' 'audit:audit trail\: list, summaries, statistics, compliance export and verification' 'stats:error and retry statistics of workflows and their actions' 'check:check the backend write-up'\''s recommended alerts (or one threshold, with a subcommand); exit 3 when breached' 'analytics:workflow analytics\: system overview, per-workflow performance, weekly report' 'versions:version history of a workflow\: list, show, create, compare, changes, rollback' 'version:version history of a workflow\: list, show, create, compare, changes, rollback' 'rollback:roll a workflow back\: a new version with the data of an earlier one, recorded with your reason' 'completion:print the shell completion script for bash, zsh or fish')
      opts=('--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout; a server silent this long is noticed' '--max-time:server-side time limit of each query (maxTimeMS), and the longest wait for a server that stopped answering; scans over a whole window and exports allow more on the server' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      subnames=" workflows wf db audit stats check analytics versions version rollback completion "
      vopts=" --uri=none --db=none --user=none --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=()
      ;;
    "workflows")
      subs=('list:list workflows with their current version and last execution' 'ls:list workflows with their current version and last execution' 'show:show one workflow\: definition, actions, current version, last execution')
      opts=('--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout; a server silent this long is noticed' '--max-time:server-side time limit of each query (maxTimeMS), and the longest wait for a server that stopped answering; scans over a whole window and exports allow more on the server' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      subnames=" list ls show "
      vopts=" --uri=none --db=none --user=none --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=()
      ;;
    "workflows list")
      subs=()
      opts=('--enabled:only enabled workflows' '--disabled:only disabled workflows' '--search:only workflows whose name contains this text (plain text, case-insensitive), or whose id starts with it' '--limit:at most this many workflows' '--json:print the result as JSON (shape documented in the README)' '--format:output format' '--bom:with --format csv\: start with a UTF-8 byte order mark (for Excel)' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout; a server silent this long is noticed' '--max-time:server-side time limit of each query (maxTimeMS), and the longest wait for a server that stopped answering; scans over a whole window and exports allow more on the server' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      subnames="  "
      vopts=" --search=none --limit=none --format=choices:table,json,csv --uri=none --db=none --user=none --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=()
      ;;
    "workflows ls")
      subs=()
      opts=('--enabled:only enabled workflows' '--disabled:only disabled workflows' '--search:only workflows whose name contains this text (plain text, case-insensitive), or whose id starts with it' '--limit:at most this many workflows' '--json:print the result as JSON (shape documented in the README)' '--format:output format' '--bom:with --format csv\: start with a UTF-8 byte order mark (for Excel)' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout; a server silent this long is noticed' '--max-time:server-side time limit of each query (maxTimeMS), and the longest wait for a server that stopped answering; scans over a whole window and exports allow more on the server' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      subnames="  "
      vopts=" --search=none --limit=none --format=choices:table,json,csv --uri=none --db=none --user=none --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=()
      ;;
    "workflows show")
      subs=()
      opts=('--json:print the result as JSON (shape documented in the README)' '--format:output format' '--json-format:Extended JSON of the stored definition in --json output\: relaxed, or canonical (every BSON type spelled out)' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout; a server silent this long is noticed' '--max-time:server-side time limit of each query (maxTimeMS), and the longest wait for a server that stopped answering; scans over a whole window and exports allow more on the server' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      subnames="  "
      vopts=" --format=choices:table,json --json-format=choices:relaxed,canonical --uri=none --db=none --user=none --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=(workflow)
      ;;
    "wf")
      subs=('list:list workflows with their current version and last execution' 'ls:list workflows with their current version and last execution' 'show:show one workflow\: definition, actions, current version, last execution')
      opts=('--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout; a server silent this long is noticed' '--max-time:server-side time limit of each query (maxTimeMS), and the longest wait for a server that stopped answering; scans over a whole window and exports allow more on the server' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      subnames=" list ls show "
      vopts=" --uri=none --db=none --user=none --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=()
      ;;
    "wf list")
      subs=()
      opts=('--enabled:only enabled workflows' '--disabled:only disabled workflows' '--search:only workflows whose name contains this text (plain text, case-insensitive), or whose id starts with it' '--limit:at most this many workflows' '--json:print the result as JSON (shape documented in the README)' '--format:output format' '--bom:with --format csv\: start with a UTF-8 byte order mark (for Excel)' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout; a server silent this long is noticed' '--max-time:server-side time limit of each query (maxTimeMS), and the longest wait for a server that stopped answering; scans over a whole window and exports allow more on the server' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      subnames="  "
      vopts=" --search=none --limit=none --format=choices:table,json,csv --uri=none --db=none --user=none --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=()
      ;;
    "wf ls")
      subs=()
      opts=('--enabled:only enabled workflows' '--disabled:only disabled workflows' '--search:only workflows whose name contains this text (plain text, case-insensitive), or whose id starts with it' '--limit:at most this many workflows' '--json:print the result as JSON (shape documented in the README)' '--format:output format' '--bom:with --format csv\: start with a UTF-8 byte order mark (for Excel)' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout; a server silent this long is noticed' '--max-time:server-side time limit of each query (maxTimeMS), and the longest wait for a server that stopped answering; scans over a whole window and exports allow more on the server' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      subnames="  "
      vopts=" --search=none --limit=none --format=choices:table,json,csv --uri=none --db=none --user=none --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=()
      ;;
    "wf show")
      subs=()
      opts=('--json:print the result as JSON (shape documented in the README)' '--format:output format' '--json-format:Extended JSON of the stored definition in --json output\: relaxed, or canonical (every BSON type spelled out)' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout; a server silent this long is noticed' '--max-time:server-side time limit of each query (maxTimeMS), and the longest wait for a server that stopped answering; scans over a whole window and exports allow more on the server' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      subnames="  "
      vopts=" --format=choices:table,json --json-format=choices:relaxed,canonical --uri=none --db=none --user=none --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=(workflow)
      ;;
    "db")
      subs=('indexes:show which recommended indexes exist; --apply creates the missing ones' 'doctor:check the server, collections, indexes and data consistency; exit 1 when something needs attention')
      opts=('--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout; a server silent this long is noticed' '--max-time:server-side time limit of each query (maxTimeMS), and the longest wait for a server that stopped answering; scans over a whole window and exports allow more on the server' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      subnames=" indexes doctor "
      vopts=" --uri=none --db=none --user=none --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=()
      ;;
    "db indexes")
      subs=()
      opts=('--apply:create the missing indexes (safe to run again)' '--json:print the result as JSON (shape documented in the README)' '--format:output format' '--bom:with --format csv\: start with a UTF-8 byte order mark (for Excel)' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout; a server silent this long is noticed' '--max-time:server-side time limit of each query (maxTimeMS), and the longest wait for a server that stopped answering; scans over a whole window and exports allow more on the server' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      subnames="  "
      vopts=" --format=choices:table,json,csv --uri=none --db=none --user=none --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=()
      ;;
    "db doctor")
      subs=()
      opts=('--repair:complete what interrupted writes left unfinished (safe to run again)' '--check:run only these consistency checks (comma-separated)' '--json:print the result as JSON (shape documented in the README)' '--format:output format' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout; a server silent this long is noticed' '--max-time:server-side time limit of each query (maxTimeMS), and the longest wait for a server that stopped answering; scans over a whole window and exports allow more on the server' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      subnames="  "
      vopts=" --check=none --format=choices:table,json --uri=none --db=none --user=none --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=()
      ;;
    "audit")
      subs=('list:list audit events, newest first' 'ls:list audit events, newest first' 'summary:one workflow'\''s audit trail\: counts by event type and user, first and last event, events per day' 'user:one user'\''s activity\: timeline, counts by event type, workflows touched, IP addresses and user agents' 'stats:system-wide\: totals by event type, events per day, busiest hours, top users and workflows' 'export:export the audit trail exactly\: streamed, atomic, checkpointed, with a manifest' 'verify:check export files against their manifests offline\: hash, count, hash chain, signature, series links')
      opts=('--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout; a server silent this long is noticed' '--max-time:server-side time limit of each query (maxTimeMS), and the longest wait for a server that stopped answering; scans over a whole window and exports allow more on the server' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      subnames=" list ls summary user stats export verify "
      vopts=" --uri=none --db=none --user=none --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=()
      ;;
    "audit list")
      subs=()
      opts=('--workflow:only events of this workflow (id, id prefix, or name when unique; a deleted workflow'\''s full id works too)' '--user:only events of this user id (plain text)' '--event-type:only events of these event types (comma-separated, repeatable)' '--since:from this time, inclusive (2025-01-31, 2025-01-31T12\:00\:00Z, or 7d, 24h)' '--until:up to this time, exclusive (same forms as --since)' '--limit:at most this many events' '--all:every matching event (streamed); overrides --limit' '--explain:print the server'\''s plan for the query instead of running it' '--json:print the result as JSON (shape documented in the README)' '--format:output format' '--bom:with --format csv\: start with a UTF-8 byte order mark (for Excel)' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--timeout:server selection timeout; a server silent this long is noticed' '--max-time:server-side time limit of each query (maxTimeMS), and the longest wait for a server that stopped answering; scans over a whole window and exports allow more on the server' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      subnames="  "
      vopts=" --workflow=workflow --user=none --event-type=none --since=none --until=none --limit=none --format=choices:table,json,csv --uri=none --db=none --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=()
      ;;
    "audit ls")
      subs=()
      opts=('--workflow:only events of this workflow (id, id prefix, or name when unique; a deleted workflow'\''s full id works too)' '--user:only events of this user id (plain text)' '--event-type:only events of these event types (comma-separated, repeatable)' '--since:from this time, inclusive (2025-01-31, 2025-01-31T12\:00\:00Z, or 7d, 24h)' '--until:up to this time, exclusive (same forms as --since)' '--limit:at most this many events' '--all:every matching event (streamed); overrides --limit' '--explain:print the server'\''s plan for the query instead of running it' '--json:print the result as JSON (shape documented in the README)' '--format:output format' '--bom:with --format csv\: start with a UTF-8 byte order mark (for Excel)' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--timeout:server selection timeout; a server silent this long is noticed' '--max-time:server-side time limit of each query (maxTimeMS), and the longest wait for a server that stopped answering; scans over a whole window and exports allow more on the server' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      subnames="  "
      vopts=" --workflow=workflow --user=none --event-type=none --since=none --until=none --limit=none --format=choices:table,json,csv --uri=none --db=none --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=()
      ;;
    "audit summary")
      subs=()
      opts=('--days:days back from now' '--json:print the result as JSON (shape documented in the README)' '--format:output format' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout; a server silent this long is noticed' '--max-time:server-side time limit of each query (maxTimeMS), and the longest wait for a server that stopped answering; scans over a whole window and exports allow more on the server' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      subnames="  "
      vopts=" --days=none --format=choices:table,json --uri=none --db=none --user=none --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=(workflow)
      ;;
    "audit user")
      subs=()
      opts=('--days:days back from now' '--limit:events in the timeline' '--json:print the result as JSON (shape documented in the README)' '--format:output format' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout; a server silent this long is noticed' '--max-time:server-side time limit of each query (maxTimeMS), and the longest wait for a server that stopped answering; scans over a whole window and exports allow more on the server' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      subnames="  "
      vopts=" --days=none --limit=none --format=choices:table,json --uri=none --db=none --user=none --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=(none)
      ;;
    "audit stats")
      subs=()
      opts=('--days:days back from now' '--top:users and workflows to list' '--json:print the result as JSON (shape documented in the README)' '--format:output format' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout; a server silent this long is noticed' '--max-time:server-side time limit of each query (maxTimeMS), and the longest wait for a server that stopped answering; scans over a whole window and exports allow more on the server' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      subnames="  "
      vopts=" --days=none --top=none --format=choices:table,json --uri=none --db=none --user=none --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=()
      ;;
    "audit export")
      subs=()
      opts=('--workflow:only records of this workflow (id, id prefix, or name when unique; a deleted workflow'\''s full id works too)' '--user:only records of this user id (plain text)' '--event-type:only records of these event types (comma-separated, repeatable)' '--since:from this time, inclusive (2025-01-31, 2025-01-31T12\:00\:00Z, or 7d, 24h)' '--until:up to this time, exclusive (same forms as --since)' '--format:csv, json (one array) or ndjson (one record per line)' '--json-format:Extended JSON of the ndjson and json formats\: relaxed, or canonical (every BSON type spelled out; mongoimport restores it exactly)' '--output:write to this file (atomically, with FILE.manifest.json beside it); default\: stdout' '-o:write to this file (atomically, with FILE.manifest.json beside it); default\: stdout' '--checkpoint:continue a series\: export only records after the last one this checkpoint saw, then move it' '--settle:leave records younger than this for the next run (seconds, or 30s, 5m)' '--force:with --checkpoint\: replace an existing --output file (by default the run refuses, exit 2)' '--json:print the result (file, count, hashes) as JSON on stdout; needs --output' '--bom:with --format csv\: start the file with a UTF-8 byte order mark (for Excel)' '--accept-late:with --checkpoint\: go on past late records the run cannot export itself, after you have exported them another way' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--timeout:server selection timeout; a server silent this long is noticed' '--max-time:server-side time limit of each query (maxTimeMS), and the longest wait for a server that stopped answering; scans over a whole window and exports allow more on the server' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      subnames="  "
      vopts=" --workflow=workflow --user=none --event-type=none --since=none --until=none --format=none --json-format=choices:relaxed,canonical --output=file -o=file --checkpoint=file --settle=none --uri=none --db=none --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=()
      ;;
    "audit verify")
      subs=()
      opts=('--reconcile:also compare the files with the live database\: every record of their filter and time range in exactly one file (connects with --uri/--db)' '--json:print the result as JSON' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout; a server silent this long is noticed' '--max-time:server-side time limit of each query (maxTimeMS), and the longest wait for a server that stopped answering; scans over a whole window and exports allow more on the server' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      subnames="  "
      vopts=" --uri=none --db=none --user=none --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=(file...)
      ;;
    "stats")
      subs=('errors:attempts, failures, retries and recoveries of a workflow\: per action, the most common errors, failures per day')
      opts=('--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout; a server silent this long is noticed' '--max-time:server-side time limit of each query (maxTimeMS), and the longest wait for a server that stopped answering; scans over a whole window and exports allow more on the server' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      subnames=" errors "
      vopts=" --uri=none --db=none --user=none --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=()
      ;;
    "stats errors")
      subs=()
      opts=('--action:only this action, with its retry strategies and how many attempts success took' '--days:how many days back to look (1 to 3650; default 30, or 7 with --action)' '--top:how many error messages to list' '--json:print the result as JSON (shape documented in the README)' '--format:output format' '--bom:with --format csv\: start with a UTF-8 byte order mark (for Excel)' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout; a server silent this long is noticed' '--max-time:server-side time limit of each query (maxTimeMS), and the longest wait for a server that stopped answering; scans over a whole window and exports allow more on the server' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      subnames="  "
      vopts=" --action=none --days=none --top=none --format=choices:table,json,csv --uri=none --db=none --user=none --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=(workflow)
      ;;
    "check")
      subs=('success-rate:exit 3 when the share of finished executions that succeeded is under --min percent' 'failures:exit 3 when more than --max executions failed in the window' 'rollbacks:exit 3 when more than --max rollbacks happened in the window (versions with rollback_of set)')
      opts=('--min-success-rate:alert when the success rate over --success-window is under this' '--success-window:window of the success-rate alert' '--max-failures-per-hour:alert when more executions than this failed in the last hour' '--max-rollbacks-per-day:alert when more rollbacks than this happened in the last 24h' '--min-executions:fewer finished executions than this is "insufficient-data", not a rate' '--workflow:only this workflow (id, id prefix, or name when unique); default\: all workflows' '--json:print the results as JSON' '--format:text, json, or prometheus (node_exporter textfile format)' '--output:write the result to this file (atomically\: written beside it, then renamed) instead of stdout' '--name:with --format prometheus\: the name label of every series, which tells the files of several check runs apart (default\: the --output file name without its extension, else wfctl)' '--insufficient-data:what too few executions means for the exit status\: unknown (exit 5), ok (exit 0) or breach (exit 3)' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout; a server silent this long is noticed' '--max-time:server-side time limit of each query (maxTimeMS), and the longest wait for a server that stopped answering; scans over a whole window and exports allow more on the server' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      subnames=" success-rate failures rollbacks "
      vopts=" --min-success-rate=none --success-window=none --max-failures-per-hour=none --max-rollbacks-per-day=none --min-executions=none --workflow=workflow --format=choices:text,json,prometheus --output=file --name=none --insufficient-data=choices:unknown,ok,breach --uri=none --db=none --user=none --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=()
      ;;
    "check success-rate")
      subs=()
      opts=('--min:lowest acceptable success rate, 0 to 100' '--window:how far back to look (30m, 24h, 7d)' '--min-executions:fewer finished executions than this is "insufficient-data" (exit 5), not a rate' '--workflow:only this workflow (id, id prefix, or name when unique); default\: all workflows' '--json:print the results as JSON' '--format:text, json, or prometheus (node_exporter textfile format)' '--output:write the result to this file (atomically\: written beside it, then renamed) instead of stdout' '--name:with --format prometheus\: the name label of every series, which tells the files of several check runs apart (default\: the --output file name without its extension, else wfctl)' '--insufficient-data:what too few executions means for the exit status\: unknown (exit 5), ok (exit 0) or breach (exit 3)' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout; a server silent this long is noticed' '--max-time:server-side time limit of each query (maxTimeMS), and the longest wait for a server that stopped answering; scans over a whole window and exports allow more on the server' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      subnames="  "
      vopts=" --min=none --window=none --min-executions=none --workflow=workflow --format=choices:text,json,prometheus --output=file --name=none --insufficient-data=choices:unknown,ok,breach --uri=none --db=none --user=none --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=()
      ;;
    "check failures")
      subs=()
      opts=('--max:most failed executions allowed' '--window:how far back to look (30m, 1h, 24h)' '--workflow:only this workflow (id, id prefix, or name when unique); default\: all workflows' '--json:print the results as JSON' '--format:text, json, or prometheus (node_exporter textfile format)' '--output:write the result to this file (atomically\: written beside it, then renamed) instead of stdout' '--name:with --format prometheus\: the name label of every series, which tells the files of several check runs apart (default\: the --output file name without its extension, else wfctl)' '--insufficient-data:what too few executions means for the exit status\: unknown (exit 5), ok (exit 0) or breach (exit 3)' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout; a server silent this long is noticed' '--max-time:server-side time limit of each query (maxTimeMS), and the longest wait for a server that stopped answering; scans over a whole window and exports allow more on the server' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      subnames="  "
      vopts=" --max=none --window=none --workflow=workflow --format=choices:text,json,prometheus --output=file --name=none --insufficient-data=choices:unknown,ok,breach --uri=none --db=none --user=none --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=()
      ;;
    "check rollbacks")
      subs=()
      opts=('--max:most rollbacks allowed' '--window:how far back to look (1h, 24h, 7d)' '--workflow:only this workflow (id, id prefix, or name when unique); default\: all workflows' '--json:print the results as JSON' '--format:text, json, or prometheus (node_exporter textfile format)' '--output:write the result to this file (atomically\: written beside it, then renamed) instead of stdout' '--name:with --format prometheus\: the name label of every series, which tells the files of several check runs apart (default\: the --output file name without its extension, else wfctl)' '--insufficient-data:what too few executions means for the exit status\: unknown (exit 5), ok (exit 0) or breach (exit 3)' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout; a server silent this long is noticed' '--max-time:server-side time limit of each query (maxTimeMS), and the longest wait for a server that stopped answering; scans over a whole window and exports allow more on the server' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      subnames="  "
      vopts=" --max=none --window=none --workflow=workflow --format=choices:text,json,prometheus --output=file --name=none --insufficient-data=choices:unknown,ok,breach --uri=none --db=none --user=none --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=()
      ;;
    "analytics")
      subs=('overview:workflows, executions, success rate and duration; most active and most failing workflows; changes and rollbacks' 'performance:one workflow\: executions, success and failure rates, duration (average, p50, p95, max), per day, triggers, latest failures' 'perf:one workflow\: executions, success and failure rates, duration (average, p50, p95, max), per day, triggers, latest failures' 'report:the weekly performance report\: overview, per-workflow performance, errors, rollbacks, as Markdown or self-contained HTML')
      opts=('--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout; a server silent this long is noticed' '--max-time:server-side time limit of each query (maxTimeMS), and the longest wait for a server that stopped answering; scans over a whole window and exports allow more on the server' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      subnames=" overview performance perf report "
      vopts=" --uri=none --db=none --user=none --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=()
      ;;
    "analytics overview")
      subs=()
      opts=('--days:how many days back to look (1 to 3650)' '--top:how many workflows and users to list in each ranking' '--json:print the result as JSON (shape documented in the README)' '--format:output format' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout; a server silent this long is noticed' '--max-time:server-side time limit of each query (maxTimeMS), and the longest wait for a server that stopped answering; scans over a whole window and exports allow more on the server' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      subnames="  "
      vopts=" --days=none --top=none --format=choices:table,json --uri=none --db=none --user=none --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=()
      ;;
    "analytics performance")
      subs=()
      opts=('--days:how many days back to look (1 to 3650)' '--failures:how many of the latest failures to list' '--json:print the result as JSON (shape documented in the README)' '--format:output format' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout; a server silent this long is noticed' '--max-time:server-side time limit of each query (maxTimeMS), and the longest wait for a server that stopped answering; scans over a whole window and exports allow more on the server' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      subnames="  "
      vopts=" --days=none --failures=none --format=choices:table,json --uri=none --db=none --user=none --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=(workflow)
      ;;
    "analytics perf")
      subs=()
      opts=('--days:how many days back to look (1 to 3650)' '--failures:how many of the latest failures to list' '--json:print the result as JSON (shape documented in the README)' '--format:output format' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout; a server silent this long is noticed' '--max-time:server-side time limit of each query (maxTimeMS), and the longest wait for a server that stopped answering; scans over a whole window and exports allow more on the server' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      subnames="  "
      vopts=" --days=none --failures=none --format=choices:table,json --uri=none --db=none --user=none --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=(workflow)
      ;;
    "analytics report")
      subs=()
      opts=('--days:how many days back the report covers (1 to 3650)' '--format:markdown or html' '--output:write the report to this file (atomically) instead of stdout' '--top:how many workflows, errors and users to list in each ranking' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout; a server silent this long is noticed' '--max-time:server-side time limit of each query (maxTimeMS), and the longest wait for a server that stopped answering; scans over a whole window and exports allow more on the server' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      subnames="  "
      vopts=" --days=none --format=none --output=file --top=none --uri=none --db=none --user=none --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=()
      ;;
    "versions")
      subs=('list:versions of a workflow, newest first' 'ls:versions of a workflow, newest first' 'show:one version\: metadata and its full workflow_data' 'create:save a new version from a JSON file (or stdin) and make it current' 'compare:what changed between two versions\: a summary by path and a unified diff of canonical JSON' 'diff:what changed between two versions\: a summary by path and a unified diff of canonical JSON' 'changes:change summary\: versions per day and per user, rollbacks and reasons, most changed paths' 'rollback:roll a workflow back\: a new version with the data of an earlier one, recorded with your reason')
      opts=('--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout; a server silent this long is noticed' '--max-time:server-side time limit of each query (maxTimeMS), and the longest wait for a server that stopped answering; scans over a whole window and exports allow more on the server' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      subnames=" list ls show create compare diff changes rollback "
      vopts=" --uri=none --db=none --user=none --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=()
      ;;
    "versions list")
      subs=()
      opts=('--limit:at most this many versions' '--all:every version (overrides --limit)' '--json:print the result as JSON (shape documented in the README)' '--format:output format' '--bom:with --format csv\: start with a UTF-8 byte order mark (for Excel)' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout; a server silent this long is noticed' '--max-time:server-side time limit of each query (maxTimeMS), and the longest wait for a server that stopped answering; scans over a whole window and exports allow more on the server' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      subnames="  "
      vopts=" --limit=none --format=choices:table,json,csv --uri=none --db=none --user=none --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=(workflow)
      ;;
    "versions ls")
      subs=()
      opts=('--limit:at most this many versions' '--all:every version (overrides --limit)' '--json:print the result as JSON (shape documented in the README)' '--format:output format' '--bom:with --format csv\: start with a UTF-8 byte order mark (for Excel)' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout; a server silent this long is noticed' '--max-time:server-side time limit of each query (maxTimeMS), and the longest wait for a server that stopped answering; scans over a whole window and exports allow more on the server' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      subnames="  "
      vopts=" --limit=none --format=choices:table,json,csv --uri=none --db=none --user=none --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=(workflow)
      ;;
    "versions show")
      subs=()
      opts=('--json:print the version as JSON (workflow_data and diff as Extended JSON, every BSON type kept)' '--json-format:Extended JSON of workflow_data and diff\: relaxed, or canonical (every BSON type spelled out)' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout; a server silent this long is noticed' '--max-time:server-side time limit of each query (maxTimeMS), and the longest wait for a server that stopped answering; scans over a whole window and exports allow more on the server' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      subnames="  "
      vopts=" --json-format=choices:relaxed,canonical --uri=none --db=none --user=none --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=(workflow version)
      ;;
    "versions create")
      subs=()
      opts=('--file:the workflow as a JSON object (MongoDB Extended JSON\: $oid, $date, $numberLong, ... keep their types); - reads stdin' '-f:the workflow as a JSON object (MongoDB Extended JSON\: $oid, $date, $numberLong, ... keep their types); - reads stdin' '--message:what changed (the change description)' '-m:what changed (the change description)' '--allow-empty:create a version even when nothing changed' '--json:print the result as JSON' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout; a server silent this long is noticed' '--max-time:server-side time limit of each query (maxTimeMS), and the longest wait for a server that stopped answering; scans over a whole window and exports allow more on the server' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      subnames="  "
      vopts=" --file=file -f=file --message=none -m=none --uri=none --db=none --user=none --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=(workflow)
      ;;
    "versions compare")
      subs=()
      opts=('--context:lines of context around each change' '--format:unified (diff only), summary (paths only) or json; default both summary and diff' '--json:same as --format json' '--json-format:Extended JSON of the DeepDiff diff with --json\: relaxed or canonical' '--stat:only the size of the change\: lines and paths added, removed, modified' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout; a server silent this long is noticed' '--max-time:server-side time limit of each query (maxTimeMS), and the longest wait for a server that stopped answering; scans over a whole window and exports allow more on the server' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      subnames="  "
      vopts=" --context=none --format=choices:unified,summary,json --json-format=choices:relaxed,canonical --uri=none --db=none --user=none --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=(workflow version version)
      ;;
    "versions diff")
      subs=()
      opts=('--context:lines of context around each change' '--format:unified (diff only), summary (paths only) or json; default both summary and diff' '--json:same as --format json' '--json-format:Extended JSON of the DeepDiff diff with --json\: relaxed or canonical' '--stat:only the size of the change\: lines and paths added, removed, modified' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout; a server silent this long is noticed' '--max-time:server-side time limit of each query (maxTimeMS), and the longest wait for a server that stopped answering; scans over a whole window and exports allow more on the server' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      subnames="  "
      vopts=" --context=none --format=choices:unified,summary,json --json-format=choices:relaxed,canonical --uri=none --db=none --user=none --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=(workflow version version)
      ;;
    "versions changes")
      subs=()
      opts=('--days:look back this many days' '--json:print the summary as JSON' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout; a server silent this long is noticed' '--max-time:server-side time limit of each query (maxTimeMS), and the longest wait for a server that stopped answering; scans over a whole window and exports allow more on the server' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      subnames="  "
      vopts=" --days=none --uri=none --db=none --user=none --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=(workflow)
      ;;
    "versions rollback")
      subs=()
      opts=('--to:the version to restore\: a number, current~N' '--reason:why (required; recorded on the version and in the audit trail)' '--yes:do not ask for confirmation' '-y:do not ask for confirmation' '--dry-run:show what would change and write nothing' '--expect-current:refuse (exit 1, nothing written) unless the current version is n' '--json:print the result as JSON (shape documented in the README)' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout; a server silent this long is noticed' '--max-time:server-side time limit of each query (maxTimeMS), and the longest wait for a server that stopped answering; scans over a whole window and exports allow more on the server' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      subnames="  "
      vopts=" --to=version --reason=none --expect-current=none --uri=none --db=none --user=none --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=(workflow)
      ;;
    "version")
      subs=('list:versions of a workflow, newest first' 'ls:versions of a workflow, newest first' 'show:one version\: metadata and its full workflow_data' 'create:save a new version from a JSON file (or stdin) and make it current' 'compare:what changed between two versions\: a summary by path and a unified diff of canonical JSON' 'diff:what changed between two versions\: a summary by path and a unified diff of canonical JSON' 'changes:change summary\: versions per day and per user, rollbacks and reasons, most changed paths' 'rollback:roll a workflow back\: a new version with the data of an earlier one, recorded with your reason')
      opts=('--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout; a server silent this long is noticed' '--max-time:server-side time limit of each query (maxTimeMS), and the longest wait for a server that stopped answering; scans over a whole window and exports allow more on the server' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      subnames=" list ls show create compare diff changes rollback "
      vopts=" --uri=none --db=none --user=none --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=()
      ;;
    "version list")
      subs=()
      opts=('--limit:at most this many versions' '--all:every version (overrides --limit)' '--json:print the result as JSON (shape documented in the README)' '--format:output format' '--bom:with --format csv\: start with a UTF-8 byte order mark (for Excel)' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout; a server silent this long is noticed' '--max-time:server-side time limit of each query (maxTimeMS), and the longest wait for a server that stopped answering; scans over a whole window and exports allow more on the server' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      subnames="  "
      vopts=" --limit=none --format=choices:table,json,csv --uri=none --db=none --user=none --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=(workflow)
      ;;
    "version ls")
      subs=()
      opts=('--limit:at most this many versions' '--all:every version (overrides --limit)' '--json:print the result as JSON (shape documented in the README)' '--format:output format' '--bom:with --format csv\: start with a UTF-8 byte order mark (for Excel)' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout; a server silent this long is noticed' '--max-time:server-side time limit of each query (maxTimeMS), and the longest wait for a server that stopped answering; scans over a whole window and exports allow more on the server' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      subnames="  "
      vopts=" --limit=none --format=choices:table,json,csv --uri=none --db=none --user=none --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=(workflow)
      ;;
    "version show")
      subs=()
      opts=('--json:print the version as JSON (workflow_data and diff as Extended JSON, every BSON type kept)' '--json-format:Extended JSON of workflow_data and diff\: relaxed, or canonical (every BSON type spelled out)' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout; a server silent this long is noticed' '--max-time:server-side time limit of each query (maxTimeMS), and the longest wait for a server that stopped answering; scans over a whole window and exports allow more on the server' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      subnames="  "
      vopts=" --json-format=choices:relaxed,canonical --uri=none --db=none --user=none --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=(workflow version)
      ;;
    "version create")
      subs=()
      opts=('--file:the workflow as a JSON object (MongoDB Extended JSON\: $oid, $date, $numberLong, ... keep their types); - reads stdin' '-f:the workflow as a JSON object (MongoDB Extended JSON\: $oid, $date, $numberLong, ... keep their types); - reads stdin' '--message:what changed (the change description)' '-m:what changed (the change description)' '--allow-empty:create a version even when nothing changed' '--json:print the result as JSON' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout; a server silent this long is noticed' '--max-time:server-side time limit of each query (maxTimeMS), and the longest wait for a server that stopped answering; scans over a whole window and exports allow more on the server' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      subnames="  "
      vopts=" --file=file -f=file --message=none -m=none --uri=none --db=none --user=none --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=(workflow)
      ;;
    "version compare")
      subs=()
      opts=('--context:lines of context around each change' '--format:unified (diff only), summary (paths only) or json; default both summary and diff' '--json:same as --format json' '--json-format:Extended JSON of the DeepDiff diff with --json\: relaxed or canonical' '--stat:only the size of the change\: lines and paths added, removed, modified' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout; a server silent this long is noticed' '--max-time:server-side time limit of each query (maxTimeMS), and the longest wait for a server that stopped answering; scans over a whole window and exports allow more on the server' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      subnames="  "
      vopts=" --context=none --format=choices:unified,summary,json --json-format=choices:relaxed,canonical --uri=none --db=none --user=none --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=(workflow version version)
      ;;
    "version diff")
      subs=()
      opts=('--context:lines of context around each change' '--format:unified (diff only), summary (paths only) or json; default both summary and diff' '--json:same as --format json' '--json-format:Extended JSON of the DeepDiff diff with --json\: relaxed or canonical' '--stat:only the size of the change\: lines and paths added, removed, modified' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout; a server silent this long is noticed' '--max-time:server-side time limit of each query (maxTimeMS), and the longest wait for a server that stopped answering; scans over a whole window and exports allow more on the server' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      subnames="  "
      vopts=" --context=none --format=choices:unified,summary,json --json-format=choices:relaxed,canonical --uri=none --db=none --user=none --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=(workflow version version)
      ;;
    "version changes")
      subs=()
      opts=('--days:look back this many days' '--json:print the summary as JSON' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout; a server silent this long is noticed' '--max-time:server-side time limit of each query (maxTimeMS), and the longest wait for a server that stopped answering; scans over a whole window and exports allow more on the server' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      subnames="  "
      vopts=" --days=none --uri=none --db=none --user=none --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=(workflow)
      ;;
    "version rollback")
      subs=()
      opts=('--to:the version to restore\: a number, current~N' '--reason:why (required; recorded on the version and in the audit trail)' '--yes:do not ask for confirmation' '-y:do not ask for confirmation' '--dry-run:show what would change and write nothing' '--expect-current:refuse (exit 1, nothing written) unless the current version is n' '--json:print the result as JSON (shape documented in the README)' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout; a server silent this long is noticed' '--max-time:server-side time limit of each query (maxTimeMS), and the longest wait for a server that stopped answering; scans over a whole window and exports allow more on the server' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      subnames="  "
      vopts=" --to=version --reason=none --expect-current=none --uri=none --db=none --user=none --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=(workflow)
      ;;
    "rollback")
      subs=()
      opts=('--to:the version to restore\: a number, current~N' '--reason:why (required; recorded on the version and in the audit trail)' '--yes:do not ask for confirmation' '-y:do not ask for confirmation' '--dry-run:show what would change and write nothing' '--expect-current:refuse (exit 1, nothing written) unless the current version is n' '--json:print the result as JSON (shape documented in the README)' '--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout; a server silent this long is noticed' '--max-time:server-side time limit of each query (maxTimeMS), and the longest wait for a server that stopped answering; scans over a whole window and exports allow more on the server' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      subnames="  "
      vopts=" --to=version --reason=none --expect-current=none --uri=none --db=none --user=none --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=(workflow)
      ;;
    "completion")
      subs=()
      opts=('--version:print the version' '-V:print the version' '--uri:MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)' '--db:database name (env WFCTL_DB, DB_NAME; default\: from the URI, else "workflows")' '--user:acting user recorded on writes (env WFCTL_USER; default\: the OS user)' '--timeout:server selection timeout; a server silent this long is noticed' '--max-time:server-side time limit of each query (maxTimeMS), and the longest wait for a server that stopped answering; scans over a whole window and exports allow more on the server' '--read-preference:read preference for read-only commands' '--retry:retry strategy for transient server errors' '--retries:retries after the first try' '--no-color:no colour (also NO_COLOR)' '--verbose:more detail on stderr, stack traces on errors' '-v:more detail on stderr, stack traces on errors' '--help:show help' '-h:show help')
      subnames="  "
      vopts=" --uri=none --db=none --user=none --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=(choices:bash,zsh,fish)
      ;;
  esac
}

# Sets kind to what the value of option $1 completes to; fails when $1 takes no value.
_wfctl_kind() {
  [[ "$vopts" == *" $1="* ]] || return 1
  kind="${vopts#*" $1="}"
  kind="${kind%% *}"
}

# Keeps a connection flag of the line for the helper.
_wfctl_conn() {
  case "$1" in
    --uri|--db|--timeout|--max-time|--read-preference) conn+=("$1=${(Q)2}") ;;
  esac
}

# Completes a value of kind $1.
_wfctl_values() {
  local -a found
  case "$1" in
    choices:*) found=(${(s:,:)${1#choices:}}); compadd -a found ;;
    workflow)
      found=(${(f)"$(wfctl $conn __complete workflows 2>/dev/null)"})
      compadd -a found
      ;;
    version)
      [[ -n "$wf" ]] || return 1
      found=(${(f)"$(wfctl $conn __complete versions "$wf" 2>/dev/null)"})
      compadd -V versions -a found
      ;;
    file) _files ;;
    *) return 1 ;;
  esac
}

_wfctl() {
  local cur="${words[CURRENT]}" cmd="" w kind="" pending="" wf="" subnames="" vopts=""
  local -a subs opts argkinds pos conn
  local -i i
  _wfctl_spec ""
  for ((i = 2; i < CURRENT; i++)); do
    w="${words[i]}"
    if [[ -n "$pending" ]]; then _wfctl_conn "$pending" "$w"; pending=""; continue; fi
    case "$w" in
      --*=*) _wfctl_conn "${w%%=*}" "${w#*=}"; continue ;;
      -?*) _wfctl_kind "$w" && pending="$w"; continue ;;
    esac
    if (( ${#pos} == 0 )) && [[ "$subnames" == *" $w "* ]]; then
      cmd="${cmd:+$cmd }$w"
      _wfctl_spec "$cmd"
    else
      pos+=("${(Q)w}")
    fi
  done
  for ((i = 1; i <= ${#argkinds} && i <= ${#pos}; i++)); do
    if [[ "${argkinds[i]%...}" == workflow ]]; then wf="${pos[i]}"; break; fi
  done
  if [[ -n "$pending" ]]; then
    _wfctl_kind "$pending"; _wfctl_values "$kind"
  elif [[ "$cur" == --*=* ]]; then
    _wfctl_kind "${cur%%=*}" || return 1
    compset -P '*='
    _wfctl_values "$kind"
  elif [[ "$cur" == -* ]]; then
    _describe -t options 'option' opts
  elif (( ${#pos} == 0 && ${#subs} > 0 )); then
    _describe -t commands 'command' subs
  else
    i=$(( ${#pos} + 1 ))
    if (( i <= ${#argkinds} )); then kind="${argkinds[i]}"
    elif [[ "${argkinds[-1]}" == *... ]]; then kind="${argkinds[-1]}"
    else kind=none
    fi
    _wfctl_values "${kind%...}"
  fi
}
if [[ "${zsh_eval_context[-1]}" == loadautofunc ]]; then _wfctl "$@"; else compdef _wfctl wfctl; fi
