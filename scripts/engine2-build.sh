#!/usr/bin/env bash
# The PostgreSQL side of the second test engine (FerretDB 2.5.0 on PostgreSQL 15
# with DocumentDB): installs the Debian packages it needs when missing and
# builds, into PostgreSQL 15's own folders, what Debian lacks or has too old,
# from source archives (docs/testing.md): libbson 1.28 (linked into DocumentDB,
# not installed), pg_cron 1.6.4, pgvector 0.8.0 and DocumentDB 0.106.0.
# Run by test/support/ferretdb2.ts when a piece is missing; idempotent (each
# piece is checked by the version PostgreSQL would load) and safe when two runs
# race, from one checkout or two (flock). Needs root for apt-get and `make
# install` the first time.
# Archives: $WFCTL_ENGINE2_SOURCES, else ../shared/vendor beside the repository,
# else /work/shared/vendor.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PG_CONFIG=/usr/lib/postgresql/15/bin/pg_config
EXT=/usr/share/postgresql/15/extension
runtime_pkgs=(postgresql-15 postgresql-15-rum postgresql-15-postgis-3)
build_pkgs=(postgresql-server-dev-15 libintelrdfpmath-dev libpcre2-dev libicu-dev libkrb5-dev pkg-config build-essential cmake)
archives=(documentdb-v0.106.0-ferretdb-2.5.0.tar.gz mongo-c-driver-1.28.0.tar.gz pg_cron-v1.6.4.tar.gz pgvector-v0.8.0.tar.gz)

fail() {
  echo "engine 2: $*" >&2
  exit 1
}
has_version() { grep -qs "^default_version = '$2'" "$EXT/$1.control"; }
cron_ok() { has_version pg_cron 1.6; }
vector_ok() { has_version vector 0.8.0; }
documentdb_ok() { has_version documentdb_core 0.106-0 && has_version documentdb 0.106-0; }
built() { cron_ok && vector_ok && documentdb_ok; }
installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }
is_root() { [ "$(id -u)" -eq 0 ]; }

ready() {
  built || return 1
  for p in "${runtime_pkgs[@]}"; do installed "$p" || return 1; done
}
ready && exit 0

# one lock for the machine, not per checkout: what is built goes into
# PostgreSQL's own folders, which two checkouts share
exec 9>"${TMPDIR:-/tmp}/wfctl-engine2-build.lock"
flock 9 # a racing run waits here, then finds everything done

wanted=("${runtime_pkgs[@]}")
built || wanted+=("${build_pkgs[@]}")
missing=()
for p in "${wanted[@]}"; do installed "$p" || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  is_root || fail "missing Debian packages ${missing[*]}; install them as root: apt-get install -y --no-install-recommends ${missing[*]}"
  echo "engine 2: installing ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
built && exit 0
is_root || fail "pg_cron 1.6, pgvector 0.8.0 or DocumentDB 0.106 is not installed in PostgreSQL 15; run once as root: bash scripts/engine2-build.sh"

if [ -n "${WFCTL_ENGINE2_SOURCES:-}" ]; then
  src=$WFCTL_ENGINE2_SOURCES
  for a in "${archives[@]}"; do [ -f "$src/$a" ] || fail "WFCTL_ENGINE2_SOURCES=$src lacks $a"; done
else
  src=""
  for d in "$ROOT/../shared/vendor" /work/shared/vendor; do [ -f "$d/${archives[0]}" ] && src=$d && break; done
  [ -n "$src" ] || fail "source archives not found (${archives[*]}); set WFCTL_ENGINE2_SOURCES to the folder holding them"
  for a in "${archives[@]}"; do [ -f "$src/$a" ] || fail "$src lacks $a; set WFCTL_ENGINE2_SOURCES to a folder holding all of them"; done
fi
src=$(cd "$src" && pwd)

work=$(mktemp -d /tmp/wfctl-engine2-build-XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
jobs=$(($(nproc) < 2 ? 1 : 2))
make_pg() { make -j"$jobs" PG_CONFIG="$PG_CONFIG" with_llvm=no "$@" >>"$work/build.log" 2>&1; }
step() {
  echo "engine 2: $1" >&2
  shift
  "$@" || {
    tail -n 30 "$work/build.log" >&2
    fail "build failed: $*"
  }
}

build_cron() { tar xzf "$src/pg_cron-v1.6.4.tar.gz" && make_pg -C pg_cron && make_pg -C pg_cron install; }
build_vector() { tar xzf "$src/pgvector-v0.8.0.tar.gz" && make_pg -C pgvector OPTFLAGS="" && make_pg -C pgvector OPTFLAGS="" install; }
build_libbson() {
  tar xzf "$src/mongo-c-driver-1.28.0.tar.gz" && mkdir -p mongo-c-driver/cmake-build && (
    cd mongo-c-driver/cmake-build &&
      cmake .. -DENABLE_MONGOC=OFF -DENABLE_TESTS=OFF -DENABLE_EXAMPLES=OFF -DENABLE_ICU=OFF \
        -DENABLE_STATIC=ON -DCMAKE_C_FLAGS="-fPIC -g" -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_INSTALL_PREFIX="$work/libbson" >>"$work/build.log" 2>&1 &&
      make -j"$jobs" install >>"$work/build.log" 2>&1
  )
}
build_documentdb() {
  # DocumentDB looks the Intel decimal library up as "intelmathlib"; Debian ships no .pc for it
  mkdir -p "$work/pc" && printf '%s\n' 'Name: intelmathlib' 'Description: Intel decimal math' 'Version: 2.0' \
    'Cflags: -I/usr/include' "Libs: -L/usr/lib/$(gcc -print-multiarch) -lbidgcc000" >"$work/pc/intelmathlib.pc"
  tar xzf "$src/documentdb-v0.106.0-ferretdb-2.5.0.tar.gz" &&
    export PKG_CONFIG_PATH="$work/libbson/lib/pkgconfig:$work/pc" &&
    make_pg -C documentdb/pg_documentdb_core && make_pg -C documentdb/pg_documentdb_core install &&
    make_pg -C documentdb/pg_documentdb && make_pg -C documentdb/pg_documentdb install
}

t0=$(date +%s)
cron_ok || step "building pg_cron 1.6.4" build_cron
vector_ok || step "building pgvector 0.8.0" build_vector
if ! documentdb_ok; then
  step "building libbson 1.28.0" build_libbson
  step "building DocumentDB 0.106.0 (a few minutes)" build_documentdb
fi
built || fail "built, yet PostgreSQL 15 does not show the expected extension versions in $EXT"
echo "engine 2: PostgreSQL extensions built in $(($(date +%s) - t0)) s" >&2
