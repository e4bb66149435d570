"""Choosing the local runtime: llama-server where it is built, else llama-cpp-python's server."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from extract.errors import ModelSetupError
from extract.llm.local import runtime
from extract.llm.local.runtime import FALLBACK_NOTICE, choose_runtime


@pytest.fixture
def no_native(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No llama-server beside the interpreter, none named, no preference set."""
    monkeypatch.delenv(runtime.NATIVE_ENV, raising=False)
    monkeypatch.delenv(runtime.RUNTIME_ENV, raising=False)
    monkeypatch.setattr(runtime.sys, "prefix", str(tmp_path / "venv"))
    monkeypatch.setattr(runtime, "python_installed", lambda: True)


def executable(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_llama_server_beside_the_interpreter_is_the_default(
    no_native: None, tmp_path: Path
) -> None:
    binary = executable(tmp_path / "venv" / "bin" / "llama-server")
    notices: list[str] = []
    chosen = choose_runtime(notice=notices.append)
    assert chosen.native and chosen.command == (str(binary),)
    assert chosen.slots_served
    assert notices == []


def test_without_llama_server_the_python_server_runs_and_one_line_says_so(
    no_native: None,
) -> None:
    notices: list[str] = []
    chosen = choose_runtime(notice=notices.append)
    assert not chosen.native and chosen.command[1:] == ("-m", "llama_cpp.server")
    assert notices == [FALLBACK_NOTICE]


def test_the_python_server_asked_for_by_name_runs_without_a_notice(
    no_native: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    executable(tmp_path / "venv" / "bin" / "llama-server")
    monkeypatch.setenv(runtime.RUNTIME_ENV, "python")
    notices: list[str] = []
    assert not choose_runtime(notice=notices.append).native
    assert notices == []


def test_a_named_binary_wins_and_a_bad_one_is_refused(
    no_native: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    binary = executable(tmp_path / "elsewhere" / "llama-server")
    monkeypatch.setenv(runtime.NATIVE_ENV, str(binary))
    assert choose_runtime().command == (str(binary),)
    monkeypatch.setenv(runtime.NATIVE_ENV, str(tmp_path / "missing"))
    with pytest.raises(ModelSetupError, match="not an executable file"):
        choose_runtime()


def test_native_asked_for_but_not_built_is_an_error_with_the_fix(no_native: None) -> None:
    with pytest.raises(ModelSetupError, match="not built") as err:
        choose_runtime("native")
    assert "build-llama-server.sh" in err.value.hint


def test_an_unknown_runtime_name_is_refused(no_native: None) -> None:
    with pytest.raises(ModelSetupError, match="unknown local runtime 'gpu'"):
        choose_runtime("gpu")


def test_the_compact_grammar_allows_at_most_one_space_between_tokens() -> None:
    pytest.importorskip("llama_cpp.llama_grammar")
    from extract.llm.local.grammar import compact_grammar

    schema = {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}
    grammar = compact_grammar(schema)
    assert grammar is not None
    rules = dict(line.split(" ::= ", 1) for line in grammar.splitlines() if " ::= " in line)
    assert rules["space"] == '" "?'
    assert "a-kv" in grammar and "\\n" not in rules["space"]
