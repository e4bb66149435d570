#!/usr/bin/env bash
# Install the project with its test tools into .venv (created if missing), lint, run the tests.
# Offline: the tests replay recorded cassettes and need neither the model file nor a network.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet -e '.[dev]'
"$VENV/bin/ruff" check --quiet .
"$VENV/bin/ruff" format --check --quiet .
exec "$VENV/bin/python" -m pytest -q "$@"
