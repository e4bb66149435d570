"""Tidy tables from a results file made by the recorded-response server on the seeds."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import pytest

from extract.batch.exports import (
    ITINERARY_COLUMNS,
    PEOPLE_COLUMNS,
    VISIT_COLUMNS,
    ExportError,
    ExportFormat,
    export_results,
)
from extract.batch.results import read_latest


def expected_rows(results: Path) -> dict[str, int]:
    counts = {"visits": 0, "itinerary": 0, "people": 0}
    for record in read_latest(results):
        for visit in record.extraction.visits if record.ok and record.extraction else []:
            counts["visits"] += max(1, len(visit.destinations))
            counts["itinerary"] += len(visit.itinerary)
            counts["people"] += len(visit.delegation_members) + len(visit.hosts)
    return counts


def test_csv_tables_have_the_columns_and_one_row_per_visit_and_destination(
    seed_results: Path, tmp_path: Path
) -> None:
    summary = export_results(seed_results, ExportFormat.CSV, tmp_path)
    expected = expected_rows(seed_results)
    assert summary.rows == expected
    # the recorded answers: 000 visits two destinations, 003 one; no people, no stops
    assert expected == {"visits": 3, "itinerary": 0, "people": 0}
    columns = {"visits": VISIT_COLUMNS, "itinerary": ITINERARY_COLUMNS, "people": PEOPLE_COLUMNS}
    for table, names in columns.items():
        with (tmp_path / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
            header, *rows = list(csv.reader(handle))
        assert tuple(header) == names
        assert len(rows) == expected[table]
    visits = list(csv.DictReader((tmp_path / "visits.csv").open(encoding="utf-8")))
    assert all(row["origin_name"] for row in visits)
    assert any(len(row["destination_adcode"]) == 6 for row in visits)
    assert [row["destination_index"] for row in visits] == ["1", "2", "1"]


def test_jsonl_tables_match_the_csv_counts(seed_results: Path, tmp_path: Path) -> None:
    summary = export_results(seed_results, ExportFormat.JSONL, tmp_path)
    for table, count in summary.rows.items():
        rows = (tmp_path / f"{table}.jsonl").read_text(encoding="utf-8").splitlines()
        assert len(rows) == count
    first = json.loads((tmp_path / "visits.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert tuple(first) == VISIT_COLUMNS


def test_parquet_without_pyarrow_says_how_to_install(
    seed_results: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(ExportError, match="needs pyarrow") as error:
        export_results(seed_results, ExportFormat.PARQUET, tmp_path)
    assert "kaocha[parquet]" in error.value.one_line()


def test_parquet_tables_when_pyarrow_is_installed(seed_results: Path, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    summary = export_results(seed_results, ExportFormat.PARQUET, tmp_path)
    table = pq.read_table(tmp_path / "visits.parquet")
    assert table.num_rows == summary.rows["visits"]
    assert tuple(table.column_names) == VISIT_COLUMNS
