"""`kaocha events` end to end: real dev results, gold-derived records, tables, GraphML, scores."""

from __future__ import annotations

import csv
import json
import os
import re
from pathlib import Path

import pytest

from evals.events import load_merge_gold, score_merge
from extract.cli import EXIT_CONFIG, main
from extract.errors import ConfigError
from extract.events.links import load_overrides
from tests.fakes.cli import kaocha

FIXTURES = Path(__file__).parent / "fixtures" / "events"
DEV = FIXTURES / "dev.results.jsonl"  # the recorded model's run over seeds and dev set
GOLD = FIXTURES / "gold.results.jsonl"  # gold labels of seeds, dev-tune and the pair pages
PAIRS = FIXTURES / "pairs.results.jsonl"  # the local model's live run over the pair pages
MERGE_GOLD = Path("seeds/dev/gold/events/merge.json")


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def gold_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("events")
    main_args = ["events", str(GOLD), "--out", str(out)]
    try:
        main(main_args)
    except SystemExit as e:
        assert not e.code
    return out


def test_gold_records_merge_into_the_pair_groups(gold_run: Path):
    sources = rows(gold_run / "event_sources.csv")
    by_event: dict[str, set[str]] = {}
    for row in sources:
        by_event.setdefault(row["event_id"], set()).add(row["article_id"])
    merged = sorted(sorted(g) for g in by_event.values() if len(g) > 1)
    assert merged == [
        ["d11", "p01_b"],
        ["p02_a", "p02_b", "p02_c"],
        ["p03_a", "p03_b", "p03_c"],
        ["p04_a", "p04_b"],
        ["p06_a", "p06_b"],
        ["p07_a", "p07_b"],
    ]


def test_scores_on_gold_records_meet_the_target(tmp_path, capsys):
    code, out, _ = kaocha(
        ["events", str(GOLD), "--out", str(tmp_path), "--gold", str(MERGE_GOLD)], capsys
    )
    assert code == 0
    figures = dict(re.findall(r"(pairwise|B-cubed)\s+P [\d.]+\s+R [\d.]+\s+F1 ([\d.]+)", out))
    assert float(figures["B-cubed"]) >= 0.9 and float(figures["pairwise"]) >= 0.9
    assert "distinct visits merged: 0" in out


def test_scores_on_the_models_records_of_the_pairs_and_dev_set_meet_the_target(tmp_path, capsys):
    args = ["events", str(DEV), str(PAIRS), "--out", str(tmp_path), "--gold", str(MERGE_GOLD)]
    code, out, _ = kaocha(args, capsys)
    assert code == 0
    figures = dict(re.findall(r"(pairwise|B-cubed)\s+P [\d.]+\s+R [\d.]+\s+F1 ([\d.]+)", out))
    assert float(figures["B-cubed"]) >= 0.9 and float(figures["pairwise"]) >= 0.9
    assert "distinct visits merged: 0" in out


def test_two_sided_event_keeps_both_sides_people(gold_run: Path):
    events = [json.loads(line) for line in (gold_run / "events.jsonl").open(encoding="utf-8")]
    p03 = next(e for e in events if {s["article_id"] for s in e["sources"]} >= {"p03_a", "p03_b"})
    sides = {s["article_id"]: s["side"] for s in p03["sources"]}
    assert sides["p03_b"] == "host" and sides["p03_a"] == "origin"
    stops = {s["name"] for s in p03["stops"]}
    assert stops == {"中科院近代物理研究所国家实验室", "兰州金川科技园"}
    assert p03["fields"]["start_date"]["value"] == "2012-08-20"


def test_dyads_and_graphml_agree(gold_run: Path):
    nx = pytest.importorskip("networkx")
    dyads = rows(gold_run / "dyads.csv")
    graph = nx.read_graphml(gold_run / "events.graphml")
    assert graph.number_of_edges() == len(dyads)
    p02 = [d for d in dyads if d["origin_name"] == "贵州省" and d["start_date"] == "2022-08-24"]
    assert len(p02) == 1 and p02[0]["n_sources"] == "3" and p02[0]["destination_adcode"] == "440000"


def test_dev_results_merge_and_parquet(tmp_path, capsys):
    pytest.importorskip("pyarrow")
    code, out, _ = kaocha(
        ["events", str(DEV), "--out", str(tmp_path), "--format", "parquet"], capsys
    )
    assert code == 0 and "visits →" in out
    import pyarrow.parquet as pq

    table = pq.read_table(tmp_path / "dyads.parquet")
    assert str(table.schema.field("n_sources").type) == "int64"
    assert table.num_rows > 20


def test_docs_example_runs(gold_run: Path, monkeypatch, capsys):
    pytest.importorskip("pandas")
    pytest.importorskip("networkx")
    text = Path("docs/events.md").read_text(encoding="utf-8")
    code = text.split("## Example", 1)[1].split("```python", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(gold_run)
    exec(compile(code, "docs/events.md", "exec"), {})
    out = capsys.readouterr().out
    # the labels' most visited destination, in both the table and the graph
    assert "('新疆维吾尔自治区', 6)" in out and out.index("新疆维吾尔自治区") < out.index("杭州市")


def test_links_file_overrides_a_merge(tmp_path, capsys):
    links = tmp_path / "links.toml"
    links.write_text('cannot_link = [["p06_a", "p06_b"]]\n', encoding="utf-8")
    code, out, _ = kaocha(
        ["events", str(GOLD), "--out", str(tmp_path / "o"), "--links", str(links)]
        + ["--gold", str(MERGE_GOLD)],
        capsys,
    )
    assert code == 0 and "predicted events 39" in out
    refused = [r for r in rows(tmp_path / "o" / "event_links.csv") if r["refused"]]
    assert refused and "cannot-link" in refused[0]["refused"]


def test_bad_links_file_is_one_line(tmp_path, capsys):
    links = tmp_path / "links.toml"
    links.write_text('must_link = [["a", "b", "c"]]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="not a pair"):
        load_overrides(links)
    code, _, err = kaocha(
        ["events", str(DEV), "--out", str(tmp_path), "--links", str(links)], capsys
    )
    assert code == EXIT_CONFIG and err.startswith("error:")


def test_scorer_counts_pairs_and_false_merges():
    gold = {"a#1": "g", "b#1": "g", "c#1": "g"}
    score = score_merge([["a#1", "b#1"], ["c#1", "d#1"]], gold)
    assert score.pairwise_precision == 0.5 and score.pairwise_recall == pytest.approx(1 / 3)
    assert score.false_merges == (("c#1", "d#1"),)
    assert 0 < score.bcubed_f1 < 1


def test_merge_gold_names_only_allowed_pages():
    labels = load_merge_gold(MERGE_GOLD)
    assert labels["p01_b#1"] == labels["d11#1"] and labels["d06#1"] == labels["p05_b#1"]
    assert len(set(labels.values())) == 7
    assert os.path.exists("seeds/dev/pairs/PAIRS.md")
