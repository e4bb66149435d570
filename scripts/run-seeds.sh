#!/usr/bin/env bash
# The main job on a fresh machine: install kaocha with the local model runtime, fetch and
# verify the embedded model, extract the five seed articles with it and score them.
# Prints where the scorecard is and its headline figures.
set -euo pipefail
source "$(dirname "$0")/venv.sh"
echo "installing kaocha with the local model runtime (the first time builds llama-cpp-python, ~4 min)" >&2
install -e '.[local]'
"$VENV/bin/kaocha" model fetch
exec "$VENV/bin/kaocha" eval --out "${OUT:-runs/seeds}" "$@"
