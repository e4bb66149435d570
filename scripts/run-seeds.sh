#!/usr/bin/env bash
# The main job on a fresh machine: install kaocha with the local model runtime, fetch and
# verify the embedded model, check that the runtime really completes on this CPU, then
# extract the five seed articles with it and score them.
# Prints where the scorecard is and its headline figures; exits non-zero if any article failed.
set -euo pipefail
source "$(dirname "$0")/venv.sh"
install_local
"$VENV/bin/kaocha" model fetch
"$VENV/bin/kaocha" model check
exec "$VENV/bin/kaocha" eval --out "${OUT:-runs/seeds}" "$@"
