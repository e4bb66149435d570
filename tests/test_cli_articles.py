"""The `kaocha clean` and `kaocha seeds` commands, through `main` and typer's runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from extract.cli import _register, app, main

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_clean_shows_text_meta_flags_and_sizes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["clean", str(SEEDS / "000_4ec079d0020130cf.txt")])
    out = capsys.readouterr().out
    assert exit_info.value.code == 0
    assert "海安日报" in out and "2024-03-08" in out
    assert "spam_removed" in out and "2140 → 2018 characters" in out
    assert "市委书记谭真率党政代表团" in out


def test_clean_bad_input_is_one_error_line_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(SystemExit) as exit_info:
        main(["clean", "--no-text", str(empty), str(SEEDS / "001_87b5ec8879539d45.txt")])
    captured = capsys.readouterr()
    assert exit_info.value.code == 1
    assert captured.err.strip().splitlines() == [f"error: {empty}: empty file"]
    assert "001_87b5ec8879539d45" in captured.out  # the good one still came through
    assert "启东市委书记杨中坚" not in captured.out  # --no-text


def test_clean_max_bytes_option(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["clean", "--max-bytes", "100", str(SEEDS / "003_01041e2eef10674d.txt")])
    assert exit_info.value.code == 1
    assert "file too large" in capsys.readouterr().err


def test_seeds_table_through_runner(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    _register()
    result = CliRunner().invoke(app, ["seeds", "--seeds", str(SEEDS)], terminal_width=200)
    assert result.exit_code == 0, result.output
    for expected in ("000_4ec079d0020130cf", "2024-03-08", "问道江南,跨越赶超再燃激情", "spam×7"):
        assert expected in result.output
    assert "2849 → 1468" in result.output


def test_seeds_missing_folder_exits_1(tmp_path: Path) -> None:
    _register()
    result = CliRunner().invoke(app, ["seeds", "--seeds", str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert "no such folder" in result.output
