"""Gold loading: schema, evidence quotes and regions are checked; offsets are filled."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from eval_fixtures import ARTICLE_ID, TEXT, gold_extraction

from evals.gold import SourceText, field_path, load_gold, load_gold_file
from extract.errors import GoldError
from extract.resolve.gazetteer import Gazetteer

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def _gold_dict() -> dict[str, Any]:
    data = gold_extraction().model_dump(mode="json", exclude_none=True)
    for visit in data["visits"]:  # gold files give bare quotes; code fills offsets
        _strip_offsets(visit)
    return data


def _strip_offsets(node: Any) -> None:
    if isinstance(node, dict):
        if set(node) >= {"quote"}:
            for key in ("start", "end", "raw_start", "raw_end"):
                node.pop(key, None)
        for value in node.values():
            _strip_offsets(value)
    elif isinstance(node, list):
        for value in node:
            _strip_offsets(value)


def _write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / f"{ARTICLE_ID}.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _load(tmp_path: Path, data: dict[str, Any], gazetteer: Gazetteer):
    return load_gold_file(_write(tmp_path, data), SourceText(ARTICLE_ID, TEXT), gazetteer)


def test_good_file_loads_with_offsets(tmp_path, gazetteer):
    article = _load(tmp_path, _gold_dict(), gazetteer)
    evidences = article.extraction.evidences()
    assert evidences and all(e.found for e in evidences)
    for evidence in evidences:
        assert TEXT[evidence.start : evidence.end] == evidence.quote


def test_quote_is_found_with_white_space_ignored(tmp_path, gazetteer):
    data = _gold_dict()
    data["visits"][0]["hosts"][0]["evidence"] = {"quote": "江 海\n洋"}
    host = _load(tmp_path, data, gazetteer).extraction.visits[0].hosts[0]
    assert TEXT[host.evidence.start : host.evidence.end] == "江海洋"


def test_region_written_by_mention_is_completed(tmp_path, gazetteer):
    data = _gold_dict()
    data["visits"][0]["destinations"][1] = {"mention": "吴江"}
    region = _load(tmp_path, data, gazetteer).extraction.visits[0].destinations[1]
    assert (region.mention, region.name, region.adcode) == ("吴江", "吴江区", "320509")


def _set(path: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def apply(data: dict[str, Any]) -> None:
        node = data
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return apply


BROKEN = [
    pytest.param(
        _set(("visits", 0, "hosts", 1, "evidence"), {"quote": "李明书记热情接待"}),
        "visits[0].hosts[1].evidence: quote 「李明书记热情接待」 not in the article",
        id="quote-not-in-article",
    ),
    pytest.param(
        _set(("visits", 0, "topics", 0, "domain"), "经济合作"),
        "visits[0].topics[0].domain: unknown topic domain '经济合作'",
        id="unknown-topic-domain",
    ),
    pytest.param(
        _set(("visits", 0, "destinations", 0), {"mention": "火星基地"}),
        "visits[0].destinations[0]: region '火星基地' is not in the gazetteer",
        id="unresolvable-region",
    ),
    pytest.param(
        _set(("visits", 0, "start_date"), {"month": 13}),
        "visits[0].start_date.month:",
        id="bad-date",
    ),
    pytest.param(
        _set(("visits", 0, "delegation_kind"), "代表团"),
        "visits[0].delegation_kind: unknown value '代表团'",
        id="unknown-delegation-kind",
    ),
]


@pytest.mark.parametrize(("damage", "message"), BROKEN)
def test_broken_gold_names_file_and_field(tmp_path, gazetteer, damage, message):
    data = _gold_dict()
    damage(data)
    with pytest.raises(GoldError) as caught:
        _load(tmp_path, data, gazetteer)
    text = str(caught.value)
    assert text.startswith(str(tmp_path / f"{ARTICLE_ID}.json") + ": ")
    assert message in text
    assert caught.value.hint


def test_unreadable_json_is_a_gold_error(tmp_path, gazetteer):
    path = tmp_path / f"{ARTICLE_ID}.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(GoldError, match="not readable JSON"):
        load_gold_file(path, SourceText(ARTICLE_ID, TEXT), gazetteer)


def test_gold_without_article_is_an_error(tmp_path, gazetteer):
    gold_dir, seeds_dir = tmp_path / "gold", tmp_path / "seeds"
    gold_dir.mkdir()
    seeds_dir.mkdir()
    _write(gold_dir, _gold_dict())
    with pytest.raises(GoldError, match="no article"):
        load_gold(gold_dir, seeds_dir, gazetteer)


def test_empty_gold_folder_is_an_error(tmp_path):
    with pytest.raises(GoldError, match="no gold files"):
        load_gold(tmp_path, tmp_path)


def test_folder_of_article_and_gold_loads(tmp_path, gazetteer):
    gold_dir, seeds_dir = tmp_path / "gold", tmp_path / "seeds"
    gold_dir.mkdir()
    seeds_dir.mkdir()
    (seeds_dir / f"{ARTICLE_ID}.txt").write_text(TEXT, encoding="utf-8")
    _write(gold_dir, _gold_dict())
    gold = load_gold(gold_dir, seeds_dir, gazetteer)
    assert list(gold) == [ARTICLE_ID]


@pytest.mark.parametrize(
    ("loc", "path"),
    [
        pytest.param(
            ("visits", 0, "hosts", 1, "evidence"), "visits[0].hosts[1].evidence", id="deep"
        ),
        pytest.param(("is_study_visit",), "is_study_visit", id="top"),
        pytest.param((), "(top level)", id="empty"),
    ],
)
def test_field_path(loc, path):
    assert field_path(loc) == path


# ---------------------------------------------------------------------------- seed gold

SEED_GOLD = sorted((SEEDS / "gold").glob("*.json"))


@pytest.fixture(scope="module")
def seed_gold(gazetteer):
    if not SEED_GOLD:
        pytest.skip("no gold files in seeds/gold")
    return load_gold(SEEDS / "gold", SEEDS, gazetteer)


@pytest.mark.parametrize("article_id", [p.stem for p in SEED_GOLD])
def test_seed_gold_loads_with_every_quote_located(seed_gold, article_id):
    article = seed_gold[article_id]
    for evidence in article.extraction.evidences():
        located = article.text[evidence.start : evidence.end]
        assert "".join(located.split()) == "".join(evidence.quote.split())
        assert evidence.raw_start is not None
