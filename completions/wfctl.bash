# wfctl shell completion. Generated from the command tree by `npm run completions`; do not edit.
# bash: source this file, or put it in /etc/bash_completion.d/wfctl

# Sets subs, opts, vopts (" --flag=kind ... ") and argkinds for a command path.
_wfctl_spec() {
  subs="" opts="" vopts=" " argkinds=""
  case "$1" in
    "")
      subs="workflows wf db audit stats check analytics versions version rollback requests approve reject apply context completion"
      opts="--version -V --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=""
      ;;
    "workflows")
      subs="list ls show"
      opts="--uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=""
      ;;
    "workflows list")
      subs=""
      opts="--enabled --disabled --search --limit --last-run --no-last-run --json --format -o --no-trunc --bom --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --search=none --limit=none --format=choices:table,wide,json,csv -o=choices:table,wide,json,csv --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=""
      ;;
    "workflows ls")
      subs=""
      opts="--enabled --disabled --search --limit --last-run --no-last-run --json --format -o --no-trunc --bom --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --search=none --limit=none --format=choices:table,wide,json,csv -o=choices:table,wide,json,csv --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=""
      ;;
    "workflows show")
      subs=""
      opts="--json --format -o --no-trunc --json-format --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --format=choices:table,wide,json -o=choices:table,wide,json --json-format=choices:relaxed,canonical --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds="workflow"
      ;;
    "wf")
      subs="list ls show"
      opts="--uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=""
      ;;
    "wf list")
      subs=""
      opts="--enabled --disabled --search --limit --last-run --no-last-run --json --format -o --no-trunc --bom --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --search=none --limit=none --format=choices:table,wide,json,csv -o=choices:table,wide,json,csv --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=""
      ;;
    "wf ls")
      subs=""
      opts="--enabled --disabled --search --limit --last-run --no-last-run --json --format -o --no-trunc --bom --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --search=none --limit=none --format=choices:table,wide,json,csv -o=choices:table,wide,json,csv --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=""
      ;;
    "wf show")
      subs=""
      opts="--json --format -o --no-trunc --json-format --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --format=choices:table,wide,json -o=choices:table,wide,json --json-format=choices:relaxed,canonical --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds="workflow"
      ;;
    "db")
      subs="indexes doctor"
      opts="--uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=""
      ;;
    "db indexes")
      subs=""
      opts="--apply --yes -y --new-database --json --format -o --no-trunc --bom --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --format=choices:table,wide,json,csv -o=choices:table,wide,json,csv --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=""
      ;;
    "db doctor")
      subs=""
      opts="--repair --yes -y --check --json --format -o --no-trunc --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --check=none --format=choices:table,wide,json -o=choices:table,wide,json --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=""
      ;;
    "audit")
      subs="list ls summary user stats export verify subject erase hash archive hold keygen"
      opts="--uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=""
      ;;
    "audit list")
      subs=""
      opts="--workflow --user --event-type --since --until --limit --all --explain --json --format -o --no-trunc --bom --uri --uri-file --db --context --expect-context --as --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --workflow=workflow --user=none --event-type=none --since=none --until=none --limit=none --format=choices:table,wide,json,csv -o=choices:table,wide,json,csv --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=""
      ;;
    "audit ls")
      subs=""
      opts="--workflow --user --event-type --since --until --limit --all --explain --json --format -o --no-trunc --bom --uri --uri-file --db --context --expect-context --as --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --workflow=workflow --user=none --event-type=none --since=none --until=none --limit=none --format=choices:table,wide,json,csv -o=choices:table,wide,json,csv --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=""
      ;;
    "audit summary")
      subs=""
      opts="--days --json --format -o --no-trunc --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --days=none --format=choices:table,wide,json -o=choices:table,wide,json --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds="workflow"
      ;;
    "audit user")
      subs=""
      opts="--days --limit --json --format -o --no-trunc --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --days=none --limit=none --format=choices:table,wide,json -o=choices:table,wide,json --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds="none"
      ;;
    "audit stats")
      subs=""
      opts="--days --top --json --format -o --no-trunc --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --days=none --top=none --format=choices:table,wide,json -o=choices:table,wide,json --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=""
      ;;
    "audit export")
      subs=""
      opts="--workflow --user --event-type --since --until --format --json-format --output -o --mode --checkpoint --settle --force --json --bom --late-horizon --accept-late --sign-key --uri --uri-file --db --context --expect-context --as --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --workflow=workflow --user=none --event-type=none --since=none --until=none --format=none --json-format=choices:relaxed,canonical --output=file -o=file --mode=none --checkpoint=file --settle=none --late-horizon=none --sign-key=file --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=""
      ;;
    "audit verify")
      subs=""
      opts="--reconcile --trusted-key --require-signature --trusted-head --from-start --json --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --trusted-key=none --trusted-head=none --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds="file..."
      ;;
    "audit subject")
      subs=""
      opts="--output -o --format --mode --yes -y --json --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --output=file -o=file --format=none --mode=none --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds="none"
      ;;
    "audit erase")
      subs=""
      opts="--subject --reason --dry-run --key-file --override-hold --yes -y --json --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --subject=none --reason=none --key-file=file --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=""
      ;;
    "audit hash")
      subs=""
      opts="--key-file --json --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --key-file=file --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds="none"
      ;;
    "audit archive")
      subs=""
      opts="--before --output -o --format --json-format --sign-key --delete --dry-run --mode --yes -y --json --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --before=none --output=file -o=file --format=none --json-format=choices:relaxed,canonical --sign-key=file --mode=none --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=""
      ;;
    "audit hold")
      subs="add list ls release"
      opts="--uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=""
      ;;
    "audit hold add")
      subs=""
      opts="--workflow --user --since --until --reason --yes -y --json --uri --uri-file --db --context --expect-context --as --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --workflow=workflow --user=none --since=none --until=none --reason=none --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=""
      ;;
    "audit hold list")
      subs=""
      opts="--all --json --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=""
      ;;
    "audit hold ls")
      subs=""
      opts="--all --json --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=""
      ;;
    "audit hold release")
      subs=""
      opts="--reason --yes -y --json --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --reason=none --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds="none"
      ;;
    "audit keygen")
      subs=""
      opts="--out --json --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --out=file --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=""
      ;;
    "stats")
      subs="errors"
      opts="--uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=""
      ;;
    "stats errors")
      subs=""
      opts="--action --days --top --json --format -o --no-trunc --bom --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --action=none --days=none --top=none --format=choices:table,wide,json,csv -o=choices:table,wide,json,csv --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds="workflow"
      ;;
    "check")
      subs="success-rate regression failures rollbacks"
      opts="--min-success-rate --success-window --max-failures-per-hour --max-rollbacks-per-day --min-executions --workflow --json --format --per-workflow --fail-on-breach --output --name --insufficient-data --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --min-success-rate=none --success-window=none --max-failures-per-hour=none --max-rollbacks-per-day=none --min-executions=none --workflow=workflow --format=choices:text,json,prometheus,junit --output=file --name=none --insufficient-data=choices:unknown,ok,breach --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=""
      ;;
    "check success-rate")
      subs=""
      opts="--min --window --min-executions --confidence --workflow --json --format --per-workflow --fail-on-breach --output --name --insufficient-data --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --min=none --window=none --min-executions=none --confidence=none --workflow=workflow --format=choices:text,json,prometheus,junit --output=file --name=none --insufficient-data=choices:unknown,ok,breach --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=""
      ;;
    "check regression")
      subs=""
      opts="--confidence --min-runs --baseline --workflow --json --format --per-workflow --fail-on-breach --output --name --insufficient-data --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --confidence=none --min-runs=none --baseline=none --workflow=workflow --format=choices:text,json,prometheus,junit --output=file --name=none --insufficient-data=choices:unknown,ok,breach --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds="workflow"
      ;;
    "check failures")
      subs=""
      opts="--max --window --workflow --json --format --per-workflow --fail-on-breach --output --name --insufficient-data --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --max=none --window=none --workflow=workflow --format=choices:text,json,prometheus,junit --output=file --name=none --insufficient-data=choices:unknown,ok,breach --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=""
      ;;
    "check rollbacks")
      subs=""
      opts="--max --window --workflow --json --format --per-workflow --fail-on-breach --output --name --insufficient-data --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --max=none --window=none --workflow=workflow --format=choices:text,json,prometheus,junit --output=file --name=none --insufficient-data=choices:unknown,ok,breach --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=""
      ;;
    "analytics")
      subs="overview performance perf report"
      opts="--uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=""
      ;;
    "analytics overview")
      subs=""
      opts="--days --top --json --format -o --no-trunc --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --days=none --top=none --format=choices:table,wide,json -o=choices:table,wide,json --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=""
      ;;
    "analytics performance")
      subs=""
      opts="--days --failures --by-version --json --format -o --no-trunc --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --days=none --failures=none --format=choices:table,wide,json -o=choices:table,wide,json --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds="workflow"
      ;;
    "analytics perf")
      subs=""
      opts="--days --failures --by-version --json --format -o --no-trunc --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --days=none --failures=none --format=choices:table,wide,json -o=choices:table,wide,json --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds="workflow"
      ;;
    "analytics report")
      subs=""
      opts="--days --format --output --top --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --days=none --format=none --output=file --top=none --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=""
      ;;
    "versions")
      subs="list ls show create compare diff changes rollback watch archive"
      opts="--uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=""
      ;;
    "versions list")
      subs=""
      opts="--limit --all --no-health --json --format -o --no-trunc --bom --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --limit=none --format=choices:table,wide,json,csv -o=choices:table,wide,json,csv --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds="workflow"
      ;;
    "versions ls")
      subs=""
      opts="--limit --all --no-health --json --format -o --no-trunc --bom --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --limit=none --format=choices:table,wide,json,csv -o=choices:table,wide,json,csv --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds="workflow"
      ;;
    "versions show")
      subs=""
      opts="--json --json-format --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --json-format=choices:relaxed,canonical --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds="workflow version"
      ;;
    "versions create")
      subs=""
      opts="--file -f --message -m --allow-empty --yes -y --json --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --file=file -f=file --message=none -m=none --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds="workflow"
      ;;
    "versions compare")
      subs=""
      opts="--context --format --json --json-format --stat --uri --uri-file --db --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --context=none --format=choices:unified,summary,json --json-format=choices:relaxed,canonical --uri=none --uri-file=file --db=none --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds="workflow version version"
      ;;
    "versions diff")
      subs=""
      opts="--context --format --json --json-format --stat --uri --uri-file --db --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --context=none --format=choices:unified,summary,json --json-format=choices:relaxed,canonical --uri=none --uri-file=file --db=none --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds="workflow version version"
      ;;
    "versions changes")
      subs=""
      opts="--days --json --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --days=none --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds="workflow"
      ;;
    "versions rollback")
      subs=""
      opts="--to --reason --yes -y --dry-run --diff --expect-current --json --break-glass --if-regressed --confidence --min-runs --baseline --wait-healthy --poll-interval --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --to=version --reason=none --expect-current=none --confidence=none --min-runs=none --baseline=none --wait-healthy=none --poll-interval=none --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds="workflow"
      ;;
    "versions watch")
      subs=""
      opts="--for --poll-interval --confidence --min-runs --baseline --json --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --for=none --poll-interval=none --confidence=none --min-runs=none --baseline=none --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds="workflow"
      ;;
    "versions archive")
      subs=""
      opts="--all --keep --output -o --delete --dry-run --mode --yes -y --json --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --keep=none --output=file -o=file --mode=none --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds="workflow"
      ;;
    "version")
      subs="list ls show create compare diff changes rollback watch archive"
      opts="--uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=""
      ;;
    "version list")
      subs=""
      opts="--limit --all --no-health --json --format -o --no-trunc --bom --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --limit=none --format=choices:table,wide,json,csv -o=choices:table,wide,json,csv --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds="workflow"
      ;;
    "version ls")
      subs=""
      opts="--limit --all --no-health --json --format -o --no-trunc --bom --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --limit=none --format=choices:table,wide,json,csv -o=choices:table,wide,json,csv --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds="workflow"
      ;;
    "version show")
      subs=""
      opts="--json --json-format --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --json-format=choices:relaxed,canonical --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds="workflow version"
      ;;
    "version create")
      subs=""
      opts="--file -f --message -m --allow-empty --yes -y --json --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --file=file -f=file --message=none -m=none --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds="workflow"
      ;;
    "version compare")
      subs=""
      opts="--context --format --json --json-format --stat --uri --uri-file --db --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --context=none --format=choices:unified,summary,json --json-format=choices:relaxed,canonical --uri=none --uri-file=file --db=none --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds="workflow version version"
      ;;
    "version diff")
      subs=""
      opts="--context --format --json --json-format --stat --uri --uri-file --db --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --context=none --format=choices:unified,summary,json --json-format=choices:relaxed,canonical --uri=none --uri-file=file --db=none --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds="workflow version version"
      ;;
    "version changes")
      subs=""
      opts="--days --json --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --days=none --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds="workflow"
      ;;
    "version rollback")
      subs=""
      opts="--to --reason --yes -y --dry-run --diff --expect-current --json --break-glass --if-regressed --confidence --min-runs --baseline --wait-healthy --poll-interval --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --to=version --reason=none --expect-current=none --confidence=none --min-runs=none --baseline=none --wait-healthy=none --poll-interval=none --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds="workflow"
      ;;
    "version watch")
      subs=""
      opts="--for --poll-interval --confidence --min-runs --baseline --json --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --for=none --poll-interval=none --confidence=none --min-runs=none --baseline=none --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds="workflow"
      ;;
    "version archive")
      subs=""
      opts="--all --keep --output -o --delete --dry-run --mode --yes -y --json --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --keep=none --output=file -o=file --mode=none --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds="workflow"
      ;;
    "rollback")
      subs=""
      opts="--to --reason --yes -y --dry-run --diff --expect-current --json --break-glass --if-regressed --confidence --min-runs --baseline --wait-healthy --poll-interval --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --to=version --reason=none --expect-current=none --confidence=none --min-runs=none --baseline=none --wait-healthy=none --poll-interval=none --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds="workflow"
      ;;
    "requests")
      subs="list show"
      opts="--uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=""
      ;;
    "requests list")
      subs=""
      opts="--status --workflow --limit --json --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --status=choices:pending,rejected,applying,applied,expired,stale --workflow=workflow --limit=none --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=""
      ;;
    "requests show")
      subs=""
      opts="--json --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds="none"
      ;;
    "approve")
      subs=""
      opts="--comment --yes -y --json --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --comment=none --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds="none"
      ;;
    "reject")
      subs=""
      opts="--reason --yes -y --json --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --reason=none --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds="none"
      ;;
    "apply")
      subs=""
      opts="--yes -y --json --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds="none"
      ;;
    "context")
      subs="add list ls show use remove rm"
      opts="--uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=""
      ;;
    "context add")
      subs=""
      opts="--protected --approvals --overwrite --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --approvals=none --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds="context"
      ;;
    "context list")
      subs=""
      opts="--json --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=""
      ;;
    "context ls")
      subs=""
      opts="--json --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds=""
      ;;
    "context show")
      subs=""
      opts="--json --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds="context"
      ;;
    "context use")
      subs=""
      opts="--shell --uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds="context"
      ;;
    "context remove")
      subs=""
      opts="--uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds="context"
      ;;
    "context rm")
      subs=""
      opts="--uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds="context"
      ;;
    "completion")
      subs=""
      opts="--uri --uri-file --db --context --expect-context --as --user --identity --timeout --max-time --read-preference --read-preference-tags --max-staleness --retry --retries --no-color --verbose -v --quiet -q --help -h"
      vopts=" --uri=none --uri-file=file --db=none --context=context --expect-context=context --as=none --user=none --identity=choices:record,strict --timeout=none --max-time=none --read-preference=choices:primary,primaryPreferred,secondary,secondaryPreferred,nearest --read-preference-tags=none --max-staleness=none --retry=choices:none,immediate,linear,exponential --retries=none "
      argkinds="choices:bash,zsh,fish"
      ;;
  esac
}

# Sets kind to what the value of option $1 completes to; fails when $1 takes no value.
_wfctl_kind() {
  case "$vopts" in
    *" $1="*) kind="${vopts#*" $1="}"; kind="${kind%% *}"; return 0 ;;
  esac
  return 1
}

# Sets REPLY to $1 without its quotes.
_wfctl_dequote() {
  REPLY="$1"
  case "$REPLY" in
    \'*) REPLY="${REPLY#\'}"; REPLY="${REPLY%\'}" ;;
    \"*) REPLY="${REPLY#\"}"; REPLY="${REPLY%\"}" ;;
    *) REPLY="${REPLY//\\/}" ;;
  esac
}

# Keeps a connection flag of the line for the helper.
_wfctl_conn() {
  case "$1" in
    --uri|--uri-file|--db|--context|--timeout|--max-time|--read-preference|--read-preference-tags|--max-staleness) _wfctl_dequote "$2"; conn+=("$1=$REPLY") ;;
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
    w="${w%%$'\t'*}"
    [[ -n "$w" && "$w" == "$typed"* ]] || continue
    case "$cur" in
      \'*) q="$w" ;;
      \"*) q="${w//\\/\\\\}"; q="${q//\"/\\\"}"; q="${q//\$/\\\$}"; q="${q//\`/\\\`}" ;;
      *) printf -v q '%q' "$w" ;;
    esac
    COMPREPLY+=("${q#"$prefix"}")
  done < <(wfctl "${conn[@]}" __complete "$@" 2>/dev/null)
}

# Completes a value of kind $1, of which $2 is typed.
_wfctl_values() {
  local typed prefix="" w list
  _wfctl_dequote "$2"; typed="$REPLY"
  # bash replaces only the text after the last = or : (COMP_WORDBREAKS)
  [[ "$typed" == *"$raw" ]] && prefix="${typed%"$raw"}"
  case "$1" in
    choices:*)
      list="${1#choices:}"
      for w in ${list//,/ }; do [[ "$w" == "$typed"* ]] && COMPREPLY+=("${w#"$prefix"}"); done
      ;;
    workflow) _wfctl_helper workflows ;;
    context) _wfctl_helper contexts ;;
    version) [[ -n "$wf" ]] && _wfctl_helper versions "$wf" ;;
    file)
      compopt -o filenames 2>/dev/null
      while IFS= read -r w; do COMPREPLY+=("${w#"$prefix"}"); done < <(compgen -f -- "$typed")
      ;;
  esac
}

_wfctl() {
  local cur raw w kind="" pending="" cmd="" wf="" subs opts vopts argkinds REPLY
  local -a line=() pos=() conn=() ak=()
  local i j=-1 rest="${COMP_LINE:0:COMP_POINT}"
  COMPREPLY=()
  # bash splits words at = and :, as in --db=x or mongodb://h:27017; join them as the command will see them
  for ((i = 0; i <= COMP_CWORD; i++)); do
    w="${COMP_WORDS[i]}"
    if ((j < 0)) || [[ "$rest" == [[:space:]]* ]]; then line[++j]=""; fi
    rest="${rest#"${rest%%[![:space:]]*}"}"
    line[j]+="$w"
    rest="${rest#"$w"}"
  done
  cur="${line[j]}"
  raw="${COMP_WORDS[COMP_CWORD]}"
  [[ -z "${raw//[=:]/}" ]] && raw=""
  _wfctl_spec ""
  for ((i = 1; i < j; i++)); do
    w="${line[i]}"
    if [[ -n "$pending" ]]; then _wfctl_conn "$pending" "$w"; pending=""; continue; fi
    case "$w" in
      --*=*) _wfctl_conn "${w%%=*}" "${w#*=}"; continue ;;
      -?*) _wfctl_kind "$w" && pending="$w"; continue ;;
    esac
    if ((${#pos[@]} == 0)) && [[ " $subs " == *" $w "* ]]; then
      cmd="${cmd:+$cmd }$w"
      _wfctl_spec "$cmd"
    else
      _wfctl_dequote "$w"; pos+=("$REPLY")
    fi
  done
  ak=($argkinds)
  for ((i = 0; i < ${#ak[@]} && i < ${#pos[@]}; i++)); do
    if [[ "${ak[i]%...}" == workflow ]]; then wf="${pos[i]}"; break; fi
  done
  if [[ -n "$pending" ]]; then
    _wfctl_kind "$pending"; _wfctl_values "$kind" "$cur"
  elif [[ "$cur" == --*=* ]]; then
    _wfctl_kind "${cur%%=*}" && _wfctl_values "$kind" "${cur#*=}"
  elif [[ "$cur" == -* ]]; then
    _wfctl_words "$opts" "$cur"
  elif ((${#pos[@]} == 0)) && [[ -n "$subs" ]]; then
    _wfctl_words "$subs" "$cur"
  else
    i=${#pos[@]}
    if ((i < ${#ak[@]})); then kind="${ak[i]}"
    elif ((${#ak[@]} > 0)) && [[ "${ak[${#ak[@]}-1]}" == *... ]]; then kind="${ak[${#ak[@]}-1]}"
    else kind=none
    fi
    _wfctl_values "${kind%...}" "$cur"
  fi
  return 0
}
complete -F _wfctl wfctl
