"""Tidy tables from a results file: visits, itinerary stops and people, as JSONL, CSV or Parquet.

`visits` has one row per visit and destination (a visit without destinations keeps one row);
`itinerary` one row per stop; `people` one row per delegation member or host. Only the latest
record of each article counts, and only ok ones; the summary counts the records left out
(failed, or not a visit). A line of the results file that is not a record stops the export
with its line number. Rows are streamed: CSV and JSONL are written as they come, Parquet in
row groups. Parquet needs the optional extra ``kaocha[parquet]``.
"""

from __future__ import annotations

import csv
import enum
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from extract.errors import KaochaError
from schemas.record import ResultRecord
from schemas.region import Region
from schemas.visit import Person, Visit

Row = dict[str, Any]
ROW_GROUP = 10_000


class ExportFormat(enum.Enum):
    CSV = "csv"
    JSONL = "jsonl"
    PARQUET = "parquet"


class ExportError(KaochaError):
    """A table cannot be written: the results file is missing or has a line that is not a
    record, --out is not a folder, or an optional dependency is missing."""


VISIT_COLUMNS = (
    "article_id",
    "visit",
    "destination_index",
    "delegation_name",
    "delegation_kind",
    "status",
    "origin_name",
    "origin_adcode",
    "destination_name",
    "destination_adcode",
    "start_date",
    "end_date",
    "lead_name",
    "lead_title",
    "topic_domains",
)
ITINERARY_COLUMNS = ("article_id", "visit", "stop", "name", "kind", "destination", "evidence")
PEOPLE_COLUMNS = ("article_id", "visit", "side", "name", "title", "role")
TABLES: dict[str, tuple[str, ...]] = {
    "visits": VISIT_COLUMNS,
    "itinerary": ITINERARY_COLUMNS,
    "people": PEOPLE_COLUMNS,
}


@dataclass(frozen=True)
class ExportSummary:
    """Rows written per table, the files, and the records left out: failed, or not a visit."""

    rows: dict[str, int]
    files: tuple[Path, ...]
    failed: int = 0
    not_visits: int = 0

    @property
    def left_out(self) -> int:
        return self.failed + self.not_visits


# --- rows ------------------------------------------------------------------------------------


def _region(region: Region | None) -> tuple[str | None, str | None]:
    if region is None:
        return None, None
    return region.name or region.mention, region.adcode


def _lead(visit: Visit) -> Person | None:
    leads = [p for p in visit.delegation_members if p.role == "lead"]
    return leads[0] if leads else None


def visit_rows(record: ResultRecord) -> Iterator[Row]:
    if not record.ok or record.extraction is None:
        return
    for v, visit in enumerate(record.extraction.visits, start=1):
        lead = _lead(visit)
        origin_name, origin_adcode = _region(visit.origin)
        base = {
            "article_id": record.article_id,
            "visit": v,
            "delegation_name": visit.delegation_name,
            "delegation_kind": str(visit.delegation_kind),
            "status": str(visit.status),
            "origin_name": origin_name,
            "origin_adcode": origin_adcode,
            "start_date": visit.start_date.iso() if visit.start_date else None,
            "end_date": visit.end_date.iso() if visit.end_date else None,
            "lead_name": lead.name if lead else None,
            "lead_title": lead.title if lead else None,
            "topic_domains": ";".join(dict.fromkeys(str(t.domain) for t in visit.topics)),
        }
        destinations: list[Region | None] = list(visit.destinations) or [None]
        for d, destination in enumerate(destinations, start=1):
            name, adcode = _region(destination)
            yield _ordered(
                VISIT_COLUMNS,
                {
                    **base,
                    "destination_index": d if destination else None,
                    "destination_name": name,
                    "destination_adcode": adcode,
                },
            )


def itinerary_rows(record: ResultRecord) -> Iterator[Row]:
    if not record.ok or record.extraction is None:
        return
    for v, visit in enumerate(record.extraction.visits, start=1):
        for s, stop in enumerate(visit.itinerary, start=1):
            yield {
                "article_id": record.article_id,
                "visit": v,
                "stop": s,
                "name": stop.name,
                "kind": str(stop.kind),
                "destination": stop.destination,
                "evidence": stop.evidence.quote,
            }


def people_rows(record: ResultRecord) -> Iterator[Row]:
    if not record.ok or record.extraction is None:
        return
    for v, visit in enumerate(record.extraction.visits, start=1):
        sides = (("delegation", visit.delegation_members), ("host", visit.hosts))
        for side, people in sides:
            for person in people:
                yield {
                    "article_id": record.article_id,
                    "visit": v,
                    "side": side,
                    "name": person.name,
                    "title": person.title,
                    "role": str(person.role),
                }


ROWS = {"visits": visit_rows, "itinerary": itinerary_rows, "people": people_rows}


def _ordered(columns: tuple[str, ...], row: Row) -> Row:
    return {c: row.get(c) for c in columns}


# --- writers ---------------------------------------------------------------------------------


class _CsvTable:
    def __init__(self, path: Path, columns: tuple[str, ...]) -> None:
        self._handle = path.open("w", encoding="utf-8", newline="")
        self._writer = csv.DictWriter(self._handle, fieldnames=columns)
        self._writer.writeheader()

    def write(self, row: Row) -> None:
        self._writer.writerow(row)

    def close(self) -> None:
        self._handle.close()


class _JsonlTable:
    def __init__(self, path: Path, columns: tuple[str, ...]) -> None:
        self._handle = path.open("w", encoding="utf-8")

    def write(self, row: Row) -> None:
        self._handle.write(json.dumps(row, ensure_ascii=False) + "\n")

    def close(self) -> None:
        self._handle.close()


class _ParquetTable:
    def __init__(
        self, path: Path, columns: tuple[str, ...], int_columns: frozenset[str] | None = None
    ) -> None:
        pa, self._pq = _pyarrow()
        ints = _INT_COLUMNS if int_columns is None else int_columns
        types = {c: pa.int64() if c in ints else pa.string() for c in columns}
        self._schema = pa.schema([(c, types[c]) for c in columns])
        self._pa = pa
        self._writer = self._pq.ParquetWriter(str(path), self._schema)
        self._rows: list[Row] = []

    def write(self, row: Row) -> None:
        self._rows.append(row)
        if len(self._rows) >= ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        self._writer.write_table(self._pa.Table.from_pylist(self._rows, schema=self._schema))
        self._rows = []

    def close(self) -> None:
        self._flush()
        self._writer.close()


_INT_COLUMNS = frozenset({"visit", "destination_index", "stop"})
_WRITERS: dict[ExportFormat, Any] = {
    ExportFormat.CSV: _CsvTable,
    ExportFormat.JSONL: _JsonlTable,
    ExportFormat.PARQUET: _ParquetTable,
}


def open_table(
    path: Path,
    fmt: ExportFormat,
    columns: tuple[str, ...],
    int_columns: frozenset[str] = frozenset(),
) -> Any:
    """The writer `kaocha export` uses, for another table: ``write(row)``, then ``close()``.
    `int_columns` are typed as integers in Parquet (strings otherwise)."""
    if fmt is ExportFormat.PARQUET:
        return _ParquetTable(path, columns, _INT_COLUMNS | int_columns)
    return _WRITERS[fmt](path, columns)


def make_folder(out_dir: Path) -> None:
    """Create `out_dir` for tables; an `ExportError` if it is a file or cannot be made."""
    _make_folder(out_dir)


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as e:
        raise ExportError(
            "writing Parquet needs pyarrow, which is not installed",
            hint="pip install 'kaocha[parquet]' (or pip install pyarrow), or use --format csv",
        ) from e
    return pa, pq


def export_records(
    records: Iterable[ResultRecord], fmt: ExportFormat, out_dir: Path
) -> ExportSummary:
    """Write the three tables of `records` into `out_dir` as `<table>.<format>`."""
    if fmt is ExportFormat.PARQUET:
        _pyarrow()
    _make_folder(out_dir)
    files = {name: out_dir / f"{name}.{fmt.value}" for name in TABLES}
    writers = {name: _WRITERS[fmt](files[name], cols) for name, cols in TABLES.items()}
    counts = dict.fromkeys(TABLES, 0)
    left_out = {"failed": 0, "not_visits": 0}
    try:
        for record in records:
            _count_left_out(record, left_out)
            for name, rows in ROWS.items():
                for row in rows(record):
                    writers[name].write(row)
                    counts[name] += 1
    finally:
        for writer in writers.values():
            writer.close()
    return ExportSummary(counts, tuple(files.values()), **left_out)


def _count_left_out(record: ResultRecord, left_out: dict[str, int]) -> None:
    if not record.ok or record.extraction is None:
        left_out["failed"] += 1
    elif not record.extraction.is_study_visit:
        left_out["not_visits"] += 1


def _make_folder(out_dir: Path) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise ExportError(
            f"--out {out_dir} is a file; it must be a folder for the tables",
            hint="name a folder (it is created if missing), e.g. --out tables/",
        )
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ExportError(f"cannot make the folder {out_dir}: {e.strerror}") from e


def export_results(results: Path, fmt: ExportFormat, out_dir: Path) -> ExportSummary:
    """Export the latest record of each article in the results file `results`."""
    if not results.exists():
        raise ExportError(f"no results file at {results}", hint="run `kaocha run ... --out FILE`")
    if results.is_dir():
        raise ExportError(
            f"{results} is a folder, not a results file",
            hint="pass the JSONL file that `kaocha run --out FILE` wrote",
        )
    return export_records(latest_records(results), fmt, out_dir)


# --- reading ---------------------------------------------------------------------------------


def latest_records(path: Path) -> Iterator[ResultRecord]:
    """The latest record of each article id, in file order; raise naming FILE:LINE at a line
    that is not a record. A last line without its newline (a killed run's) is left out."""
    wanted = sorted(_latest_lines(path).values())
    with path.open("rb") as handle:
        for offset, number in wanted:
            handle.seek(offset)
            try:
                yield ResultRecord.model_validate_json(handle.readline())
            except ValidationError as e:
                raise _bad_line(path, number, _first_error(e)) from e


def _latest_lines(path: Path) -> dict[str, tuple[int, int]]:
    """Article id → (offset, line number) of its last line."""
    latest: dict[str, tuple[int, int]] = {}
    offset = 0
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            here, offset = offset, offset + len(line)
            if line.endswith(b"\n") and line.strip():
                latest[_article_id(line, path, number)] = (here, number)
    return latest


def _article_id(line: bytes, path: Path, number: int) -> str:
    try:
        data = json.loads(line)
    except ValueError as e:
        raise _bad_line(path, number, "not JSON") from e
    article_id = data.get("article_id") if isinstance(data, dict) else None
    if not isinstance(article_id, str):
        raise _bad_line(path, number, "JSON, but not a result record (no 'article_id')")
    return article_id


def _first_error(e: ValidationError) -> str:
    error = e.errors()[0]
    where = ".".join(str(p) for p in error["loc"]) or "record"
    return f"not a valid result record ({where}: {error['msg']})"


def _bad_line(path: Path, number: int, what: str) -> ExportError:
    return ExportError(
        f"{path}:{number}: {what}",
        hint="export a results file that `kaocha run` wrote, or delete that line",
    )
