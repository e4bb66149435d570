# Sourced by the set-up scripts: enter the repo, make .venv (or $VENV) if missing, and give
# them `install ARGS…` (pip install into it; pip's and the build backend's chatter goes to a
# log that is shown only on failure), `install_locked LOCK` and `run_checks`.
cd "$(dirname "${BASH_SOURCE[0]}")/.."
VENV="${VENV:-.venv}"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
install() {
  "$VENV/bin/python" -m pip install --quiet "$@" > "$VENV/install.log" 2>&1 \
    || { cat "$VENV/install.log" >&2; echo "install failed: see above" >&2; exit 1; }
}
install --upgrade pip

# install_locked LOCK [PIP ARGS…]: exactly the versions in requirements/LOCK, every file checked
# against its hash, then kaocha itself (editable, built with the locked setuptools). Refresh the
# locks with ./scripts/lock.sh.
install_locked() {
  local lock="requirements/$1"
  shift
  install --require-hashes -r "$lock" "$@"
  install --no-deps --no-build-isolation -e .
}

# install_local: install kaocha with the local runtimes: llama-cpp-python, then llama.cpp's own
# llama-server built from the same locked sources (scripts/build-llama-server.sh; the default
# runtime where it builds, with llama-cpp-python's server as the fallback).
install_local() {
  install_python_runtime
  VENV="$VENV" ./scripts/build-llama-server.sh
}

# install_python_runtime: requirements/local.lock, building llama-cpp-python from its sdist for
# this CPU with portable flags unless the build in the venv was made with the same flags and
# the locked version. pip's wheel cache is bypassed for that build: a wheel cached from a
# native build would bring back the crash on CPUs that list features the OS does not let
# programs use.
install_python_runtime() {
  local flags stamp="$VENV/llama-runtime.flags" locked built
  flags="$(./scripts/runtime-flags.sh --explain)"
  locked="$(sed -n 's/^llama-cpp-python==\([^ ]*\).*/\1/p' requirements/local.lock)"
  built="$("$VENV/bin/python" -c 'import importlib.metadata as m, llama_cpp
print(m.version("llama-cpp-python"))' 2>/dev/null || true)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$flags" ] && [ "$built" = "$locked" ]; then
    install_locked local.lock
    return 0
  fi
  echo "building the local runtime (llama-cpp-python from source: 10-20 min on two cores)" >&2
  "$VENV/bin/python" -m pip uninstall --quiet -y llama-cpp-python >/dev/null 2>&1 || true
  CMAKE_ARGS="$flags" install_locked local.lock --no-cache-dir --no-binary llama-cpp-python
  echo "$flags" >"$stamp"
}

# run_checks [PYTEST ARGS…]: lint, format, types, the import layers of pyproject.toml (a
# broken contract prints the imports that break it), then the offline tests, in $VENV.
run_checks() {
  "$VENV/bin/ruff" check --quiet .
  "$VENV/bin/ruff" format --check --quiet .
  "$VENV/bin/mypy"
  local layers
  layers="$("$VENV/bin/lint-imports" --no-logo --no-cache)" || { echo "$layers" >&2; return 1; }
  echo "import layers: ${layers##*$'\n'}"
  "$VENV/bin/python" -m pytest -q "$@"
}
