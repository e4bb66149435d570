#!/usr/bin/env bash
# Install the project with its test tools into .venv (created if missing), lint, run the tests.
# Offline: the tests replay recorded cassettes and need neither the model file nor a network.
set -euo pipefail
source "$(dirname "$0")/venv.sh"
install -e '.[dev]'
"$VENV/bin/ruff" check --quiet .
"$VENV/bin/ruff" format --check --quiet .
exec "$VENV/bin/python" -m pytest -q "$@"
