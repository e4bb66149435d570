"""The tables a researcher loads, written by the same writer as `kaocha export`.

- ``events``: one row per event, its consensus fields and how many sources;
- ``event_sources``: one row per report of an event (article, visit, side, quote);
- ``event_items``: the union of destinations, people, stops and topics, each with its sources;
- ``event_links``: which rule joined which two records (and joins a guard refused);
- ``dyads``: the edge list, one row per event and destination.

Lists inside a cell are joined with ``;``. ``events.jsonl`` (always written) holds each event
whole, conflicts included.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

from extract.batch.exports import ExportFormat, make_folder, open_table
from extract.events.consensus import Event, Item

Row = dict[str, Any]

EVENT_COLUMNS = (
    "event_id",
    "origin_adcode",
    "origin_name",
    "origin_level",
    "destination_adcodes",
    "destination_names",
    "delegation_name",
    "delegation_kind",
    "status",
    "start_date",
    "end_date",
    "lead_name",
    "lead_title",
    "topic_domains",
    "n_sources",
    "sides",
    "conflicts",
)
SOURCE_COLUMNS = ("event_id", "key", "article_id", "visit", "side", "outlet", "published", "quote")
ITEM_COLUMNS = ("event_id", "kind", "name", "detail", "sources", "n_sources")
LINK_COLUMNS = ("event_id", "a", "b", "rules", "refused")
DYAD_COLUMNS = (
    "event_id",
    "origin_adcode",
    "origin_name",
    "origin_level",
    "destination_adcode",
    "destination_name",
    "destination_level",
    "start_date",
    "lead_title",
    "topic_domains",
    "n_sources",
)
TABLES = {
    "events": EVENT_COLUMNS,
    "event_sources": SOURCE_COLUMNS,
    "event_items": ITEM_COLUMNS,
    "event_links": LINK_COLUMNS,
    "dyads": DYAD_COLUMNS,
}
INT_COLUMNS = frozenset({"n_sources", "visit"})


def _value(event: Event, name: str) -> Any:
    return event.fields[name].value


def _joined(values: Iterable[Any]) -> str:
    return ";".join(str(v) for v in values if v)


def event_row(event: Event) -> Row:
    conflicts = {k: v.conflicts for k, v in event.fields.items() if v.conflicts}
    return {
        "event_id": event.event_id,
        "origin_adcode": event.origin.code,
        "origin_name": event.origin.name,
        "origin_level": event.origin.level,
        "destination_adcodes": _joined(d.attrs.get("adcode") for d in event.destinations),
        "destination_names": _joined(d.name for d in event.destinations),
        **{f: _value(event, f) for f in ("delegation_name", "delegation_kind", "status")},
        **{f: _value(event, f) for f in ("start_date", "end_date", "lead_name", "lead_title")},
        "topic_domains": _joined(t.name for t in event.topics),
        "n_sources": len(event.sources),
        "sides": _joined(dict.fromkeys(s.side for s in event.sources)),
        "conflicts": json.dumps(conflicts, ensure_ascii=False) if conflicts else None,
    }


def source_rows(event: Event) -> Iterator[Row]:
    for s in event.sources:
        yield {"event_id": event.event_id, **asdict(s)}


def _item_rows(event: Event, kind: str, items: Iterable[Item]) -> Iterator[Row]:
    for item in items:
        detail = {k: v for k, v in item.attrs.items() if v is not None and k != "key"}
        yield {
            "event_id": event.event_id,
            "kind": kind,
            "name": item.name,
            "detail": json.dumps(detail, ensure_ascii=False) if detail else None,
            "sources": _joined(item.sources),
            "n_sources": len(item.sources),
        }


def item_rows(event: Event) -> Iterator[Row]:
    yield from _item_rows(event, "destination", event.destinations)
    yield from _item_rows(event, "person", event.people)
    yield from _item_rows(event, "stop", event.stops)
    yield from _item_rows(event, "topic", event.topics)


def link_rows(event: Event) -> Iterator[Row]:
    for link in event.links:
        rules = "; ".join(link.rules)
        yield {"event_id": event.event_id, "a": link.a, "b": link.b, "rules": rules} | {
            "refused": link.refused
        }


def dyad_rows(event: Event) -> Iterator[Row]:
    """One edge per destination; an event without destinations has none."""
    for d in event.destinations:
        yield {
            "event_id": event.event_id,
            "origin_adcode": event.origin.code,
            "origin_name": event.origin.name,
            "origin_level": event.origin.level,
            "destination_adcode": d.attrs.get("adcode"),
            "destination_name": d.name,
            "destination_level": d.attrs.get("level"),
            "start_date": _value(event, "start_date"),
            "lead_title": _value(event, "lead_title"),
            "topic_domains": _joined(t.name for t in event.topics),
            "n_sources": len(event.sources),
        }


ROWS = {
    "events": lambda e: iter([event_row(e)]),
    "event_sources": source_rows,
    "event_items": item_rows,
    "event_links": link_rows,
    "dyads": dyad_rows,
}


def event_json(event: Event) -> dict[str, Any]:
    """The whole event as JSON-ready data (`events.jsonl`)."""
    data = asdict(event)
    data["origin"] = asdict(event.origin)
    return data


def write_tables(events: Iterable[Event], fmt: ExportFormat, out_dir: Path) -> dict[str, int]:
    """Write every table of `events` into `out_dir`; rows written per table."""
    make_folder(out_dir)
    writers = {
        name: open_table(out_dir / f"{name}.{fmt.value}", fmt, cols, INT_COLUMNS)
        for name, cols in TABLES.items()
    }
    counts = dict.fromkeys(TABLES, 0)
    try:
        with (out_dir / "events.jsonl").open("w", encoding="utf-8") as full:
            for event in events:
                full.write(json.dumps(event_json(event), ensure_ascii=False, default=str) + "\n")
                for name, rows in ROWS.items():
                    for row in rows(event):
                        writers[name].write({c: row.get(c) for c in TABLES[name]})
                        counts[name] += 1
    finally:
        for writer in writers.values():
            writer.close()
    return counts
