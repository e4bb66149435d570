#!/usr/bin/env bash
# The main job on a fresh machine: install kaocha with the local model runtime, fetch and
# verify the embedded model, extract the five seed articles with it and score them.
# Prints where the scorecard is and its headline figures.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
install() {  # pip's and the build backend's chatter goes to a log, shown only on failure
  "$VENV/bin/python" -m pip install --quiet "$@" > "$VENV/install.log" 2>&1 \
    || { cat "$VENV/install.log" >&2; echo "install failed: see above" >&2; exit 1; }
}
install --upgrade pip
echo "installing kaocha with the local model runtime (the first time builds llama-cpp-python, ~4 min)" >&2
install -e '.[local]'
"$VENV/bin/kaocha" model fetch
exec "$VENV/bin/kaocha" eval --out "${OUT:-runs/seeds}" "$@"
