"""Saving a reviewed record as gold: validated by the gold loader, backed up, signed in notes.

The page sends the record as the form holds it. It is checked with the gold loader's own
steps (schema, every region in the gazetteer, every evidence quote in the cleaned article),
written in the shape of the hand-written gold files (evidence as the bare quote, regions
completed from the gazetteer), loaded back with `evals.gold.load_gold_file`, and only then
put in place. An existing file is first copied to `<gold>/.backup/<id>.<time>.json`. The
file's `notes` (a list the loader ignores) gets one entry per save: who, when, from which
results file, and how many items were accepted, corrected, added, deleted or left out.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from evals.gold import (
    RegionResolver,
    SourceText,
    field_path,
    ground_evidence,
    load_gold_file,
    resolve_regions,
)
from extract.errors import GoldError
from extract.resolve.grounding import TextIndex
from schemas.visit import ArticleExtraction

BACKUP_DIR = ".backup"
COUNTS = ("accepted", "corrected", "added", "deleted", "left_out")


@dataclass(frozen=True, slots=True)
class Saved:
    path: Path
    backup: Path | None
    note: dict[str, Any]


def parse_payload(path: Path, data: Any) -> ArticleExtraction:
    """The page's record as an `ArticleExtraction`; the first problem becomes a `GoldError`."""
    try:
        return ArticleExtraction.model_validate(data)
    except ValidationError as e:
        error = e.errors()[0]
        where = field_path(error.get("loc", ()))
        raise GoldError(
            str(path), f"{where}: {error.get('msg', 'invalid')}", hint="correct that field"
        ) from e


def gold_data(extraction: ArticleExtraction) -> dict[str, Any]:
    """The JSON shape of the gold files: evidence written as the bare quote."""
    data = extraction.model_dump(mode="json")
    for visit in data["visits"]:
        visit["evidence"] = visit["evidence"]["quote"]
        for items in visit.values():
            if isinstance(items, list):
                for item in items:
                    if isinstance(item, dict) and isinstance(item.get("evidence"), dict):
                        item["evidence"] = item["evidence"]["quote"]
    return data


def previous_notes(path: Path) -> list[Any]:
    """The notes of the gold file already at `path` (none when there is none, or unreadable)."""
    try:
        notes = json.loads(path.read_text(encoding="utf-8")).get("notes", [])
    except (OSError, ValueError, AttributeError):
        return []
    return notes if isinstance(notes, list) else [notes]


def make_note(reviewer: str, source: str, counts: Mapping[str, int], now: dt.datetime) -> dict:
    note: dict[str, Any] = {"by": reviewer, "at": now.isoformat(timespec="seconds")}
    note["action"] = "reviewed in kaocha review"
    note["from"] = source
    note |= {k: int(counts.get(k, 0)) for k in COUNTS}
    return note


def backup(path: Path, now: dt.datetime) -> Path | None:
    """Copy an existing gold file aside, never over an earlier backup."""
    if not path.exists():
        return None
    folder = path.parent / BACKUP_DIR
    folder.mkdir(exist_ok=True)
    stamp = now.strftime("%Y%m%dT%H%M%S")
    target, n = folder / f"{path.stem}.{stamp}.json", 1
    while target.exists():
        n += 1
        target = folder / f"{path.stem}.{stamp}-{n}.json"
    shutil.copy2(path, target)
    return target


def save_gold(
    path: Path,
    payload: Any,
    source: SourceText,
    gazetteer: RegionResolver,
    note: dict[str, Any],
    now: dt.datetime | None = None,
) -> Saved:
    """Validate `payload`, back up the old file, write the new one; raises `GoldError`."""
    now = now or dt.datetime.now().astimezone()
    extraction = parse_payload(path, payload)
    resolve_regions(str(path), extraction, gazetteer)
    ground_evidence(str(path), extraction, TextIndex(source.text, source.to_raw))
    data = gold_data(extraction) | {"notes": [*previous_notes(path), note]}
    path.parent.mkdir(parents=True, exist_ok=True)
    staged = path.parent / f".{path.stem}.saving.json"
    staged.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    try:
        load_gold_file(staged, source, gazetteer)
    except GoldError as e:
        staged.unlink(missing_ok=True)
        raise GoldError(str(path), e.detail, hint=e.hint) from e
    saved_backup = backup(path, now)
    os.replace(staged, path)
    return Saved(path, saved_backup, note)
