#!/usr/bin/env bash
# Install the project with its test tools into .venv (created if missing) from the hash-checked
# lock requirements/dev.lock, lint, type-check, run the tests.
# Offline: the tests replay recorded cassettes and need neither the model file nor a network.
set -euo pipefail
source "$(dirname "$0")/venv.sh"
install_locked dev.lock
run_checks "$@"
