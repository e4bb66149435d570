"""The README's offline commands, run through the CLI as a user types them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract.llm.cassettes import cassette_path
from extract.llm.config import load_config
from tests.fakes.cli import kaocha

TAPE = cassette_path(load_config().default_prompt)


def test_readme_starts_with_the_two_commands():
    text = Path("README.md").read_text(encoding="utf-8")
    block = text.split("```sh", 1)[1].split("```", 1)[0].strip().splitlines()
    assert [line.split("#")[0].strip() for line in block] == [
        "./scripts/run-seeds.sh",
        "./scripts/test.sh",
    ]
    assert "scripts/test.sh" in Path(".ci/run").read_text(encoding="utf-8")


@pytest.mark.skipif(not TAPE.exists(), reason="no cassette for the default prompt")
def test_replay_eval_compare_export_and_logs(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(Path.cwd())
    run = tmp_path / "replayed"
    code, out, _ = kaocha(["eval", "--replay", "--out", str(run)], capsys)
    assert code == 0 and "micro-F1" in out and str(run / "scorecard.md") in out
    card = json.loads((run / "scorecard.json").read_text(encoding="utf-8"))
    assert card["headline"]["schema_valid_rate"] == 1.0

    code, out, _ = kaocha(["compare", str(run), str(run), "--min-f1", "0.5"], capsys)
    assert code == 0 and "micro-F1" in out
    code, _, err = kaocha(["compare", str(run), "--min-f1", "0.99"], capsys)
    assert code == 1 and "FAIL" in err

    code, _, _ = kaocha(
        ["export", str(run / "results.jsonl"), "--format", "csv", "--out", str(tmp_path / "t")],
        capsys,
    )
    assert code == 0
    visits = (tmp_path / "t" / "visits.csv").read_text(encoding="utf-8").splitlines()
    assert len(visits) > 5 and "320685" in "\n".join(visits)


@pytest.mark.skipif(not TAPE.exists(), reason="no cassette for the default prompt")
def test_replay_scores_the_three_sets_side_by_side(tmp_path, capsys):
    run = tmp_path / "sets"
    code, out, _ = kaocha(["eval", "--replay", "--set", "all", "--out", str(run)], capsys)
    failed = json.loads((run / "scorecard.json").read_text(encoding="utf-8"))["headline"]["failed"]
    assert code == (1 if failed else 0)
    assert "seeds (5)" in out and "dev-tune (20)" in out and "dev-check (10)" in out
    card = json.loads((run / "scorecard.json").read_text(encoding="utf-8"))
    assert list(card["sets"]) == ["seeds", "dev-tune", "dev-check"]
    assert card["headline"]["articles"] == 35


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        pytest.param(["resolve", "place", "吴江"], "320509", id="resolve-place"),
        pytest.param(
            ["resolve", "date", "17日至19日", "--published", "2023-05-03"],
            "2023-04-17",
            id="resolve-date",
        ),
        pytest.param(["model", "list"], "gpt-4o-mini", id="model-list"),
        pytest.param(["clean", "seeds/000_4ec079d0020130cf.txt"], "市委书记谭真率", id="clean"),
    ],
)
def test_readme_lookups(args, expected, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # tables are not cut to a narrow terminal
    code, out, _ = kaocha(args, capsys)
    assert code == 0 and expected in out


def test_bad_input_is_one_line_and_the_rest_goes_on(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, out, err = kaocha(["clean", str(empty), "seeds/000_4ec079d0020130cf.txt"], capsys)
    assert code == 1 and "谭真" in out
    assert [line for line in err.splitlines() if line.strip()] == [f"error: {empty}: empty file"]
