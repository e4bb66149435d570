#!/usr/bin/env bash
# Would the newest versions that pyproject.toml allows pass? Installs them into a scratch venv
# (never .venv, never the locks), prints what differs from requirements/dev.lock, then runs
# the same checks as ./scripts/test.sh (ruff, mypy, the offline tests; extra pytest arguments
# pass through). When it passes, `./scripts/lock.sh --upgrade` takes those versions into the
# locks. Needs the package index, like the first ./scripts/test.sh.
set -euo pipefail
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
VENV="$scratch/venv"
source "$(dirname "$0")/venv.sh"
install --upgrade --upgrade-strategy eager -e '.[dev]' -r requirements/build.in
echo "newest allowed versions that differ from requirements/dev.lock:"
"$VENV/bin/python" - <<'PY'
import importlib.metadata as md
import re

locked = dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", open("requirements/dev.lock").read(), re.M))
norm = lambda name: re.sub(r"[-_.]+", "-", name).lower()  # noqa: E731
locked = {norm(k): v for k, v in locked.items()}
changed = 0
for dist in sorted(md.distributions(), key=lambda d: norm(d.metadata["Name"])):
    name = norm(dist.metadata["Name"])
    if name in locked and locked[name] != dist.version:
        print(f"  {name}: {locked[name]} -> {dist.version}")
        changed += 1
    elif name not in locked and name not in ("pip", "kaocha"):
        print(f"  {name}: new, {dist.version}")
        changed += 1
print(f"  ({changed} changed)" if changed else "  none: the lock is up to date")
PY
run_checks "$@"
