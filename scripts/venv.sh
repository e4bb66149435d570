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

# install_local: install kaocha with the local runtime, building llama-cpp-python for this CPU
# with portable flags unless the build in the venv was made with the same flags. pip's wheel
# cache is bypassed for that build: a wheel cached from a native build would bring back the
# crash on CPUs that list features the OS does not let programs use.
install_local() {
  local flags stamp="$VENV/llama-runtime.flags"
  flags="$(./scripts/runtime-flags.sh --explain)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$flags" ] \
      && "$VENV/bin/python" -c 'import llama_cpp' 2>/dev/null; then
    install -e '.[local]'
    return 0
  fi
  echo "building the local runtime (llama-cpp-python from source: 10-20 min on two cores)" >&2
  "$VENV/bin/python" -m pip uninstall --quiet -y llama-cpp-python >/dev/null 2>&1 || true
  CMAKE_ARGS="$flags" install --no-cache-dir -e '.[local]'
  echo "$flags" >"$stamp"
}
