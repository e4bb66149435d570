#!/usr/bin/env bash
# Install the project with its test tools into .venv (created if missing), lint, run the tests.
# Offline: the tests replay recorded cassettes and need neither the model file nor a network.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
install() {  # pip's and the build backend's chatter goes to a log, shown only on failure
  "$VENV/bin/python" -m pip install --quiet "$@" > "$VENV/install.log" 2>&1 \
    || { cat "$VENV/install.log" >&2; echo "install failed: see above" >&2; exit 1; }
}
install --upgrade pip
install -e '.[dev]'
"$VENV/bin/ruff" check --quiet .
"$VENV/bin/ruff" format --check --quiet .
exec "$VENV/bin/python" -m pytest -q "$@"
