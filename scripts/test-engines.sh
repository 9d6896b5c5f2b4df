#!/usr/bin/env bash
# `npm test` after its pretest (build, lint): the whole suite once per engine,
# FerretDB 1.24 (ferretdb1) then FerretDB 2.5 on PostgreSQL (ferretdb2). Both
# run even when the first fails; the exit status is non-zero if either did.
# WFCTL_TEST_ENGINE=ferretdb2 npm test runs one engine; WFCTL_TEST_MONGODB_URI
# (a server of your own) runs the suite once, against it. Arguments go to vitest.
set -uo pipefail
cd "$(dirname "$0")/.."
if [ -n "${WFCTL_TEST_MONGODB_URI:-}" ]; then exec npx vitest run "$@"; fi
status=0
trap 'exit 130' INT TERM # Ctrl-C ends the whole run, not just one engine's
for engine in ${WFCTL_TEST_ENGINE:-ferretdb1 ferretdb2}; do
  echo "== tests on engine $engine" >&2
  t0=$(date +%s)
  if WFCTL_TEST_ENGINE=$engine npx vitest run "$@"; then result=passed; else result=failed status=1; fi
  echo "== engine $engine: $result in $(($(date +%s) - t0)) s" >&2
done
exit $status
