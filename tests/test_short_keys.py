"""The short-keys measure: answers read from a cassette, keys shortened, destinations as
indexes (the token counting itself needs the model's vocabulary and is not run here)."""

from __future__ import annotations

import json
import runpy
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
bench = runpy.run_path(str(ROOT / "benchmarks" / "short_keys.py"))
SKELETON = {
    "is_study_visit": True,
    "visits": [{"delegation_name": "甲县党政代表团", "origin": "甲县", "destinations": ["乙市"]}],
}
STOPS = {
    "stops": [
        {"name": "甲公司", "kind": "enterprise", "destination": "乙市"},
        {"name": "丙村", "kind": "village", "destination": "丁县"},
        {"name": "戊馆", "kind": "exhibition", "destination": "乙市"},
    ]
}


def _cassette(tmp_path: Path, *contents: str) -> Path:
    interactions = [
        {"response": {"body": {"string": json.dumps({"choices": [{"message": {"content": c}}]})}}}
        for c in contents
    ]
    path = tmp_path / "tape.yaml"
    path.write_text(yaml.safe_dump({"interactions": interactions}), encoding="utf-8")
    return path


def test_answers_are_the_json_the_model_gave_and_nothing_else(tmp_path):
    tape = _cassette(tmp_path, json.dumps(SKELETON), "not json", json.dumps(STOPS))
    found = bench["answers"](tape)
    assert found == [SKELETON, STOPS]
    assert [bench["step_of"](a) for a in found] == ["skeleton", "itinerary"]


def test_keys_shorten_to_one_letter_and_destinations_become_indexes():
    short = bench["shortened"](SKELETON)
    assert short == {"v": True, "t": [{"n": "甲县党政代表团", "o": "甲县", "d": ["乙市"]}]}
    indexed = bench["by_index"](bench["shortened"](STOPS))
    assert [s["d"] for s in indexed["s"]] == [0, 1, 0]
    assert len(bench["compact"](indexed)) < len(bench["compact"](STOPS))
