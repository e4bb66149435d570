"""Comparing run folders: per-field deltas, regressions, and the CI gates of `kaocha compare`."""

from __future__ import annotations

from pathlib import Path

import pytest
from eval_fixtures import ARTICLE_ID, gold_extraction, record

from evals.compare import MICRO, compare_runs, gate, render_comparison
from evals.scorecard import to_json
from evals.scoring import score_records
from evals.synthetic import drop_half_itinerary, swap_origin_destination
from extract.cli import EXIT_CONFIG, main
from extract.errors import DataFileError
from schemas.visit import ArticleExtraction


def _run(tmp_path: Path, name: str, pred: ArticleExtraction) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    card = score_records({ARTICLE_ID: gold_extraction()}, [record(pred)])
    (folder / "scorecard.json").write_text(to_json(card), encoding="utf-8")
    return folder


@pytest.fixture
def runs(tmp_path: Path) -> dict[str, Path]:
    return {
        "perfect": _run(tmp_path, "perfect", gold_extraction()),
        "half": _run(tmp_path, "half", drop_half_itinerary(gold_extraction())),
        "swap": _run(tmp_path, "swap", swap_origin_destination(gold_extraction())),
    }


def test_deltas_against_the_first_run(runs):
    comparison = compare_runs([runs["perfect"], runs["half"], runs["swap"]])
    rows = {row.field: row for row in comparison.rows}
    assert rows["itinerary"].values == (1.0, pytest.approx(2 / 3), 1.0)
    assert rows["itinerary"].deltas == (pytest.approx(-1 / 3), 0.0)
    assert rows["origin"].deltas == (0.0, -1.0)
    assert rows[MICRO].deltas[0] < 0


def test_regressions_are_the_drops_past_the_tolerance(runs):
    comparison = compare_runs([runs["perfect"], runs["half"]])
    assert {field for _, field, _ in comparison.regressions()} == {
        MICRO,
        "itinerary",
        "itinerary_kind",
    }
    assert comparison.regressions(0.5) == []


def test_improvement_is_not_a_regression(runs):
    assert compare_runs([runs["half"], runs["perfect"]]).regressions() == []


def test_rendering_marks_regressions(runs):
    text = render_comparison(compare_runs([runs["perfect"], runs["half"]]))
    assert "perfect (baseline)" in text
    assert "| itinerary | 1.000 | 0.667 (-0.333) ▼ |" in text


@pytest.mark.parametrize(
    ("min_f1", "max_regression", "fails"),
    [
        pytest.param(None, None, 0, id="no-gates"),
        pytest.param(0.8, None, 0, id="above-floor"),
        pytest.param(0.99, None, 1, id="below-floor"),
        pytest.param(None, 0.5, 0, id="drop-allowed"),
        pytest.param(None, 0.02, 3, id="drop-too-large"),
    ],
)
def test_gates(runs, min_f1, max_regression, fails):
    comparison = compare_runs([runs["perfect"], runs["half"]])
    assert len(gate(comparison, min_f1, max_regression)) == fails


def test_floor_applies_to_a_single_run(runs):
    assert gate(compare_runs([runs["half"]]), min_f1=0.99)


def test_missing_scorecard_is_a_data_file_error(tmp_path):
    with pytest.raises(DataFileError, match="scorecard.json"):
        compare_runs([tmp_path])


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        pytest.param([], 0, id="no-gate"),
        pytest.param(["--min-f1", "0.8"], 0, id="floor-passes"),
        pytest.param(["--max-regression", "0.02"], 1, id="regression-fails"),
        pytest.param(["--min-f1", "0.99"], 1, id="floor-fails"),
    ],
)
def test_kaocha_compare_exit_code(runs, capsys, extra, code):
    with pytest.raises(SystemExit) as done:
        main(["compare", str(runs["perfect"]), str(runs["half"]), *extra])
    assert done.value.code == code
    captured = capsys.readouterr()
    assert "itinerary" in captured.out
    assert ("FAIL" in captured.err) is (code == 1)


def test_kaocha_compare_of_a_folder_without_scorecard(tmp_path, capsys):
    with pytest.raises(SystemExit) as done:
        main(["compare", str(tmp_path)])
    assert done.value.code == EXIT_CONFIG
    assert "kaocha eval" in capsys.readouterr().err
