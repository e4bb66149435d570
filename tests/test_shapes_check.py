"""The shape pages' checker: it reads their labels and tells a right record from a wrong one."""

from __future__ import annotations

import json
import runpy
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "check_shapes.py"
SHAPES = ROOT / "tests" / "fixtures" / "shapes"
checker = runpy.run_path(str(SCRIPT))


def visit_record(page: str, origin: str, destinations: list[str], status: str = "completed"):
    return {
        "article_id": page,
        "status": "ok",
        "extraction": {
            "is_study_visit": True,
            "visits": [
                {
                    "origin": {"adcode": origin},
                    "destinations": [{"adcode": d} for d in destinations],
                    "status": status,
                }
            ],
        },
    }


def test_every_page_is_labeled_and_every_label_is_whole():
    expected = tomllib.loads((SHAPES / "expected.toml").read_text("utf-8"))
    assert set(expected) == {p.stem for p in SHAPES.glob("*.txt")}
    for want in expected.values():
        assert want["visit"] is ("origin" in want) is ("destinations" in want)


def test_a_right_record_passes_and_each_wrong_side_is_named():
    want = {"visit": True, "origin": "510900", "destinations": ["320500"]}
    assert checker["differences"](want, visit_record("s04", "510900", ["320500"])) == []
    reversed_ = checker["differences"](want, visit_record("s04", "320500", ["510900"]))
    assert reversed_ == [
        "origin 320500, expected 510900",
        "destinations ['510900'], expected ['320500']",
    ]
    planned = checker["differences"](
        {**want, "status": "planned"}, visit_record("s04", "510900", ["320500"])
    )
    assert planned == ["status completed, expected planned"]


def test_a_look_alike_taken_for_a_visit_is_wrong(tmp_path: Path):
    records = [visit_record("n01", "320400", ["276000"])]
    results = tmp_path / "results.jsonl"
    results.write_text("\n".join(json.dumps(r) for r in records), "utf-8")
    run = subprocess.run(
        [sys.executable, str(SCRIPT), str(results)], capture_output=True, text=True, check=False
    )
    assert run.returncode == 1
    assert "n01: is_study_visit True, expected False" in run.stdout
    assert "s01: no record" in run.stdout
    assert "is_study_visit right on 0 of 21" in run.stdout


@pytest.mark.parametrize("folder", ["blind", "blind2"])
def test_every_blind_page_is_labeled_with_its_people_and_names_them_as_written(folder):
    pages = ROOT / "tests" / "fixtures" / folder
    expected = tomllib.loads((pages / "expected.toml").read_text("utf-8"))
    assert set(expected) == {p.stem for p in pages.glob("*.txt")}
    for page, want in expected.items():
        if not want["visit"]:
            continue
        text = (pages / f"{page}.txt").read_text("utf-8")
        assert all(name in text for name in want["lead"] + want["hosts"]), page


def test_a_missing_host_or_an_extra_leader_is_named():
    want = {"visit": True, "origin": "510900", "destinations": ["320500"]}
    record = visit_record("p01", "510900", ["320500"])
    v = record["extraction"]["visits"][0]
    v["delegation_members"] = [{"name": "甲", "role": "lead"}, {"name": "乙", "role": "lead"}]
    v["hosts"] = [{"name": "丙", "role": "host"}]
    assert checker["differences"]({**want, "lead": ["甲"], "hosts": ["丙"]}, record) == [
        "lead missing [] extra ['乙']"
    ]
    assert checker["differences"](
        {**want, "lead": ["甲", "乙"], "hosts": ["丙", "丁"]}, record
    ) == ["hosts missing ['丁'] extra []"]


def test_a_roundups_labels_describe_the_trip_of_their_origin():
    want = {"visit": True, "visits": 2, "origin": "320500", "destinations": ["510900"]}
    record = visit_record("p14", "510900", ["320500"])
    other = {"origin": {"adcode": "320500"}, "destinations": [{"adcode": "510900"}]}
    record["extraction"]["visits"].append({**other, "status": "completed"})
    assert checker["differences"](want, record) == []
    assert checker["differences"]({**want, "visits": 3}, record) == ["2 visits, expected 3"]


def test_topic_domains_are_scored_apart_with_what_is_missing_and_extra():
    want = {"visit": True, "origin": "510900", "destinations": ["320500"]}
    record = visit_record("p01", "510900", ["320500"])
    record["extraction"]["visits"][0]["topics"] = [
        {"domain": "产业发展", "detail": "产业"},
        {"domain": "生态环保", "detail": "生态"},
    ]
    extra = checker["Extra"]()
    notes = extra.add("p01", {**want, "topics": ["产业发展", "乡村振兴"]}, record)
    assert notes == ["topics missing ['乡村振兴'] extra ['生态环保']"]
    assert extra.add("p01", {**want, "topics": ["产业发展", "生态环保"]}, record) == []
    assert extra.summary().endswith("topics P 0.75 R 0.75 F1 0.75")


def test_a_stops_kind_counts_only_when_the_stop_is_matched_and_the_kinds_are_equal():
    want = {"visit": True, "origin": "510900", "destinations": ["320500"]}
    record = visit_record("p01", "510900", ["320500"])
    record["extraction"]["visits"][0]["itinerary"] = [
        {"name": "苏州工业园区展示中心", "kind": "park"},
        {"name": "蒋巷村", "kind": "village"},
        {"name": "某某大酒店", "kind": "other"},
    ]
    labels = {
        **want,
        "stops": ["蒋巷村", "苏州工业园区展示中心", "信达生物"],
        "kinds": ["village", "exhibition", "enterprise"],
    }
    extra = checker["Extra"]()
    notes = extra.add("p01", labels, record)
    assert "kind of 苏州工业园区展示中心 park, expected exhibition" in notes
    assert not any("蒋巷村" in n for n in notes)
    # one kind right of three labeled and three predicted stops
    assert "stop kinds P 0.33 R 0.33 F1 0.33" in extra.summary()
