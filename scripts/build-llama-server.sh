#!/usr/bin/env bash
# Build llama.cpp's own server, `llama-server`, into $VENV/bin (default .venv), where kaocha
# finds it and prefers it to llama-cpp-python's server.
#
# The sources are the llama.cpp tree that the locked llama-cpp-python sdist ships
# (requirements/local.lock, checked against its hash): nothing is fetched from outside the
# package index. The CPU flags are the same portable ones as the Python runtime's
# (scripts/runtime-flags.sh: never -march=native, AMX off). No web UI, no TLS, no downloads
# at build time. A later run rebuilds only when the locked version or the flags change.
#
# It never fails the set-up: when the build fails it prints one line, keeps the log, and
# kaocha runs llama-cpp-python's server instead.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"
binary="$VENV/bin/llama-server"
stamp="$VENV/llama-server.stamp"
log="$VENV/llama-server-build.log"

pin="$(sed -n 's/^\(llama-cpp-python==[^ ]*\).*/\1/p' requirements/local.lock)"
hashes="$(awk '/^llama-cpp-python==/{on=1; next} on && /--hash=/{print $1} on && !/--hash=/{exit}' \
  requirements/local.lock)"
flags="$(./scripts/runtime-flags.sh)"
want="$pin $flags"
if [ -x "$binary" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "building llama-server from the $pin sources (a few minutes on two cores)" >&2
build() {
  # shellcheck disable=SC2086  # one --hash=… option per word
  echo "$pin" $hashes >"$work/req.txt"
  "$VENV/bin/python" -m pip download --quiet --no-deps --no-binary :all: --require-hashes \
    -r "$work/req.txt" -d "$work/sdist"
  tar -xzf "$work"/sdist/llama_cpp_python-*.tar.gz -C "$work"
  local src
  src="$(echo "$work"/llama_cpp_python-*/vendor/llama.cpp)"
  # shellcheck disable=SC2086  # $flags is a list of -D options
  cmake -S "$src" -B "$work/build" $flags -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF \
    -DLLAMA_BUILD_SERVER=ON -DLLAMA_BUILD_TOOLS=ON -DLLAMA_BUILD_TESTS=OFF \
    -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_APP=OFF -DLLAMA_BUILD_UI=OFF \
    -DLLAMA_USE_PREBUILT_UI=OFF -DLLAMA_OPENSSL=OFF -DLLAMA_CURL=OFF
  cmake --build "$work/build" --target llama-server -j "$(nproc)"
  install -m 0755 "$work/build/bin/llama-server" "$binary"
}
if build >"$log" 2>&1; then
  echo "$want" >"$stamp"
  echo "llama-server built: $binary" >&2
else
  rm -f "$binary" "$stamp"
  echo "llama-server could not be built here (log: $log); kaocha will run" \
    "llama-cpp-python's server instead, which is slower" >&2
fi
