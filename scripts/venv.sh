# Sourced by the set-up scripts: enter the repo, make .venv (or $VENV) if missing, and give
# them `install ARGS…` (pip install into it; pip's and the build backend's chatter goes to a
# log that is shown only on failure).
cd "$(dirname "${BASH_SOURCE[0]}")/.."
VENV="${VENV:-.venv}"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
install() {
  "$VENV/bin/python" -m pip install --quiet "$@" > "$VENV/install.log" 2>&1 \
    || { cat "$VENV/install.log" >&2; echo "install failed: see above" >&2; exit 1; }
}
install --upgrade pip
