"""A real install: the wheel built from this tree, installed into a fresh venv and run from
another folder, as `pip install .` leaves it for a user.

Offline: the wheel is built with the test environment's setuptools (no build isolation) and
the fresh venv borrows the test environment's installed dependencies through a .pth file, so
only kaocha itself comes from the wheel. The seeds, gold and cassettes stay in the repository:
from another folder `kaocha eval --replay` says where they are expected, and replays them when
pointed at a checkout.
"""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ("pyproject.toml", "README.md", "extract", "schemas", "evals", "prompts")
PACKAGES = ("extract", "schemas", "evals")


@dataclass(frozen=True)
class Installed:
    bin: Path
    site_packages: Path
    elsewhere: Path  # a folder that is not the checkout: the commands run there

    def run(self, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        clean = {k: v for k, v in os.environ.items() if not k.startswith("KAOCHA_")}
        clean.pop("PYTHONPATH", None)
        return subprocess.run(
            args,
            cwd=self.elsewhere,
            env={**clean, "COLUMNS": "200", **env},
            capture_output=True,
            text=True,
            timeout=300,
        )


def _copy_tree(target: Path) -> Path:
    """The files a build reads, copied so that the build leaves nothing in the checkout."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    target.mkdir()
    for name in SHIPPED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=ignore)
        else:
            shutil.copy2(source, target / name)
    return target


def _check(done: subprocess.CompletedProcess[str]) -> None:
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    work = tmp_path_factory.mktemp("install")
    tree = _copy_tree(work / "src")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]
    build = [*pip, "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", "dist", "."]
    _check(subprocess.run(build, cwd=tree, capture_output=True, text=True, timeout=300))
    (wheel,) = (tree / "dist").glob("kaocha-*.whl")
    venv = work / "venv"
    _check(subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)]))
    (site_packages,) = venv.glob("lib/python*/site-packages")
    deps = [p for p in site.getsitepackages() if Path(p).is_dir()]
    (site_packages / "_kaocha_test_deps.pth").write_text("\n".join(deps) + "\n")
    install = [*pip, "--python", str(venv / "bin" / "python"), "install", "--no-deps"]
    _check(subprocess.run([*install, "--no-index", str(wheel)], capture_output=True, text=True))
    elsewhere = work / "elsewhere"
    elsewhere.mkdir()
    return Installed(venv / "bin", site_packages, elsewhere)


def test_setuptools_lists_every_package_of_the_tree() -> None:
    configured = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for top in PACKAGES
        for init in (ROOT / top).rglob("__init__.py")
    }
    missing = found - set(configured["packages"])
    assert not missing, f"add {sorted(missing)} to [tool.setuptools] packages in pyproject.toml"
    assert configured["package-dir"]["extract.prompts"] == "prompts"


@pytest.mark.slow  # builds a wheel and a venv: about 20 s, and a replay
def test_installed_kaocha_has_its_version(installed: Installed) -> None:
    done = installed.run(str(installed.bin / "kaocha"), "--version")
    _check(done)
    assert done.stdout.strip() == "kaocha 0.1.0"


@pytest.mark.slow  # builds a wheel and a venv: about 20 s, and a replay
def test_installed_kaocha_loads_the_default_prompt_from_the_package(installed: Installed) -> None:
    probe = (
        "import json, extract\n"
        "from extract.llm.config import load_config\n"
        "from extract.llm.prompting import load_prompt\n"
        "p = load_prompt(load_config().default_prompt)\n"
        "print(json.dumps({'module': extract.__file__, 'id': p.id, 'path': str(p.path)}))\n"
    )
    done = installed.run(str(installed.bin / "python"), "-c", probe)
    _check(done)
    found = json.loads(done.stdout)
    shipped = installed.site_packages.resolve()
    assert Path(found["module"]).resolve().is_relative_to(shipped)
    assert Path(found["path"]).resolve() == shipped / "extract" / "prompts" / f"{found['id']}.toml"
    assert sorted(p.name for p in (shipped / "extract" / "prompts").glob("*.toml")) == sorted(
        p.name for p in (ROOT / "prompts").glob("*.toml")
    )


@pytest.mark.slow  # builds a wheel and a venv: about 20 s, and a replay
def test_replay_outside_a_checkout_says_where_the_seeds_are_expected(
    installed: Installed,
) -> None:
    done = installed.run(str(installed.bin / "kaocha"), "eval", "--replay", "-o", "replayed")
    assert done.returncode == 3
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith("error: no gold folder at ")
    assert "come with the repository" in line and "--seeds" in line


@pytest.mark.slow  # builds a wheel and a venv: about 20 s, and a replay
def test_replay_pointed_at_a_checkout_scores_the_seeds(installed: Installed) -> None:
    seeds = ROOT / "seeds"
    done = installed.run(
        str(installed.bin / "kaocha"),
        *("eval", "--replay", "-o", "replayed"),
        *("--seeds", str(seeds), "--gold", str(seeds / "gold")),
        KAOCHA_CASSETTES=str(ROOT / "tests" / "cassettes"),
    )
    _check(done)
    assert "micro-F1" in done.stdout
    card = json.loads((installed.elsewhere / "replayed" / "scorecard.json").read_text("utf-8"))
    assert card["headline"]["schema_valid_rate"] == 1.0
