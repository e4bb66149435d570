"""`kaocha export`: one-line errors for a bad results file or --out, what it left out and
why, and both records of two files that share a stem."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract.batch.exports import ExportError, ExportFormat, export_results
from extract.cli import EXIT_CONFIG, main
from extract.text.ingest import RawArticle, iter_articles


def _lines(results: Path) -> list[dict]:
    return [json.loads(line) for line in results.read_text(encoding="utf-8").splitlines()]


def _ok(results: Path) -> dict:
    return next(r for r in _lines(results) if r["status"] == "ok")


def _write(path: Path, records: list[dict]) -> Path:
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    path.write_text(text, encoding="utf-8")
    return path


def _export(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as done:
        main(["export", *args])
    captured = capsys.readouterr()
    return int(done.value.code or 0), captured.out, captured.err


def _one_error(code: int, err: str) -> str:
    assert code == EXIT_CONFIG
    (line,) = err.strip().splitlines()
    assert line.startswith("error: ") and "Traceback" not in err
    return line


def test_a_folder_as_the_results_file_is_one_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _export([str(tmp_path), "--out", str(tmp_path / "t")], capsys)
    line = _one_error(code, err)
    assert str(tmp_path) in line and "folder" in line


def test_a_file_as_out_is_one_error(
    seed_results: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    taken = tmp_path / "tables.csv"
    taken.write_text("x", encoding="utf-8")
    code, _, err = _export([str(seed_results), "--out", str(taken)], capsys)
    line = _one_error(code, err)
    assert str(taken) in line and "folder" in line
    assert taken.read_text(encoding="utf-8") == "x"


@pytest.mark.parametrize(
    "bad",
    [
        pytest.param({"a": 1}, id="object-without-article-id"),
        pytest.param([1, 2], id="array"),
        pytest.param({"article_id": "x", "status": "ok"}, id="incomplete-record"),
        pytest.param("not json", id="not-json"),
    ],
)
def test_a_line_that_is_not_a_record_is_one_error_naming_file_and_line(
    seed_results: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], bad: object
) -> None:
    path = tmp_path / "results.jsonl"
    good = _ok(seed_results)
    bad_line = bad if isinstance(bad, str) else json.dumps(bad)
    path.write_text(json.dumps(good, ensure_ascii=False) + "\n" + bad_line + "\n", "utf-8")
    code, _, err = _export([str(path), "--out", str(tmp_path / "t")], capsys)
    line = _one_error(code, err)
    assert f"{path}:2" in line
    with pytest.raises(ExportError, match=f"{path}:2"):
        export_results(path, ExportFormat.CSV, tmp_path / "t")


def test_the_export_says_what_it_left_out_and_why(
    seed_results: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = _lines(seed_results)
    not_visit = dict(_ok(seed_results), article_id="not-a-visit")
    not_visit["extraction"] = dict(not_visit["extraction"], is_study_visit=False, visits=[])
    path = _write(tmp_path / "results.jsonl", [*records, not_visit])
    summary = export_results(path, ExportFormat.CSV, tmp_path / "t")
    assert (summary.failed, summary.not_visits) == (3, 1)
    code, out, _ = _export([str(path), "--out", str(tmp_path / "t2")], capsys)
    assert code == 0
    assert "left out 4 records: 3 failed, 1 not a visit" in out


def test_nothing_left_out_says_nothing(
    seed_results: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ok = [r for r in _lines(seed_results) if r["status"] == "ok"]
    path = _write(tmp_path / "results.jsonl", ok)
    code, out, _ = _export([str(path), "--out", str(tmp_path / "t")], capsys)
    assert code == 0 and "left out" not in out


def test_files_sharing_a_stem_are_both_exported(seed_results: Path, tmp_path: Path) -> None:
    for folder in ("dir1", "dir2"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.txt").write_text("海安党政代表团赴嘉善学习考察", "utf-8")
    articles = [a for a in iter_articles([str(tmp_path)]) if isinstance(a, RawArticle)]
    good = _ok(seed_results)
    records = [dict(good, article_id=a.id, article_hash=a.id) for a in articles]
    path = _write(tmp_path / "results.jsonl", records)
    summary = export_results(path, ExportFormat.JSONL, tmp_path / "t")
    rows = (tmp_path / "t" / "visits.jsonl").read_text(encoding="utf-8").splitlines()
    ids = {json.loads(row)["article_id"] for row in rows}
    assert ids == {"dir1/a.txt", "dir2/a.txt"}
    assert summary.rows["visits"] == 2 * len(good["extraction"]["visits"][0]["destinations"])
