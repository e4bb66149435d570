"""Labeled sets scored side by side: seeds, dev-tune and the held-out dev-check."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evals.runfolder import evaluate_sets, load_set_gold
from evals.sets import check_ids, resolve_sets
from extract.errors import ConfigError
from schemas.record import ResultRecord

CHECK = {"d03", "d06", "d09", "d12", "d15", "d18", "d21", "d24", "d27", "d30"}


def test_the_dev_split_holds_out_the_check_set_and_tunes_on_the_rest() -> None:
    sets = {s.name: s for s in resolve_sets(["all"])}
    gold = load_set_gold(list(sets.values()))
    assert check_ids() == CHECK
    assert set(gold["dev-check"]) == CHECK
    assert set(gold["dev-tune"]) == {f"d{n:02d}" for n in range(1, 31)} - CHECK
    assert len(gold["seeds"]) == 5 and not set(gold["seeds"]) & set(gold["dev-tune"])


def test_a_mistake_in_one_set_moves_only_that_sets_column(tmp_path: Path) -> None:
    sets = resolve_sets(["seeds", "dev-tune", "dev-check"])
    records = []
    for gold in load_set_gold(sets).values():
        for article_id, article in gold.items():
            extraction = article.extraction
            if article_id == "d06":  # a check-set visit predicted as no visit
                extraction = extraction.model_copy(update={"is_study_visit": False, "visits": []})
            records.append(
                ResultRecord(
                    article_id=article_id, article_hash="", status="ok", extraction=extraction
                )
            )
    _, per_set = evaluate_sets(records, sets, tmp_path)
    assert per_set["seeds"].headline.micro_f1 == pytest.approx(1.0)
    assert per_set["dev-tune"].headline.micro_f1 == pytest.approx(1.0)
    assert per_set["dev-check"].headline.micro_f1 < 1.0
    card = json.loads((tmp_path / "scorecard.json").read_text(encoding="utf-8"))
    assert list(card["sets"]) == ["seeds", "dev-tune", "dev-check"]
    md = (tmp_path / "scorecard.md").read_text(encoding="utf-8")
    assert "| figure | seeds (5) | dev-tune (20) | dev-check (10) |" in md
    assert 'id="sets"' in (tmp_path / "scorecard.html").read_text(encoding="utf-8")


def test_an_unknown_set_is_refused_with_the_known_ones() -> None:
    with pytest.raises(ConfigError, match="no labeled set 'dev'") as err:
        resolve_sets(["dev"])
    assert "dev-check" in err.value.hint
