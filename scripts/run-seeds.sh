#!/usr/bin/env bash
# The main job on a fresh machine: install kaocha with the local model runtime, fetch and
# verify the embedded model, extract the five seed articles with it and score them.
# Prints where the scorecard is and its headline figures.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet -e '.[local]'
"$VENV/bin/kaocha" model fetch
exec "$VENV/bin/kaocha" eval --out "${OUT:-runs/seeds}" "$@"
