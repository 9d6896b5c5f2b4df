#!/usr/bin/env bash
# The Debian packages the tests use as independent references: real shells for
# the completion tests (bash, zsh, fish, through tmux), LibreOffice for the CSV
# tests, node_exporter for the Prometheus files, python3-venv for the Python
# references (deepdiff, pymongo, scipy: installed by the tests from PyPI).
# Run by `npm test` (pretest): installs what is missing when it can (root, or
# sudo without a password), else names the one command that does. Go (for
# FerretDB) is not a Debian package here: the README's set-up names it.
set -euo pipefail
packages=(bash zsh fish tmux libreoffice-calc-nogui prometheus-node-exporter python3-venv)
missing=()
# installed means "install ok installed": a removed package keeps its config files and dpkg -s still succeeds
installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }
for p in "${packages[@]}"; do installed "$p" || missing+=("$p"); done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "test prerequisites: missing ${missing[*]} and no apt-get here; install them with your package manager" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo="sudo -n"
  else
    echo "test prerequisites: missing ${missing[*]}; install them once with:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
fi
echo "test prerequisites: installing ${missing[*]} (first run only; LibreOffice takes a few minutes)" >&2
t0=$(date +%s)
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "test prerequisites: installed in $(( $(date +%s) - t0 )) s" >&2
