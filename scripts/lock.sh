#!/usr/bin/env bash
# Refresh the hash-pinned locks that ./scripts/test.sh and ./scripts/run-seeds.sh install from:
#   requirements/dev.lock    kaocha with its test tools (extra `dev`), and the build backend
#   requirements/local.lock  kaocha with the local runtime (extra `local`), same shared pins
# for Python 3.11 on Linux x86_64, from the bounds in pyproject.toml. Pins that still fit are
# kept; `./scripts/lock.sh --upgrade` takes the newest allowed versions (try them first with
# ./scripts/upgrade-check.sh), `--upgrade-package NAME` one package. uv does the resolving: it
# is installed from PyPI into a scratch venv, nothing is installed into .venv.
set -euo pipefail
cd "$(dirname "$0")/.."
tools="$(mktemp -d)"
trap 'rm -rf "$tools"' EXIT
python3 -m venv "$tools/venv"
"$tools/venv/bin/python" -m pip install --quiet uv
compile() {
  UV_CUSTOM_COMPILE_COMMAND=./scripts/lock.sh "$tools/venv/bin/uv" pip compile --quiet \
    pyproject.toml requirements/build.in --generate-hashes \
    --python-version 3.11 --python-platform x86_64-manylinux_2_28 "$@"
}
compile --extra dev --output-file requirements/dev.lock "$@"
compile --extra local --constraint requirements/dev.lock --output-file requirements/local.lock "$@"
echo "locked: requirements/dev.lock, requirements/local.lock"
