"""Gold: load the hand-labeled extractions and check them against their articles.

A gold file `seeds/gold/<id>.json` is an `ArticleExtraction` of the article `<id>` in the
seeds folder. Loading checks what a label could get wrong before any scoring happens: the
schema (an unknown topic domain, a bad date), every evidence quote (it must occur in the
cleaned article, white space ignored) and every region (the gazetteer must resolve it).
Each problem is a `GoldError` naming the file and the field path. Evidence offsets, and the
standard name and adcode of regions written by mention only, are filled in on the way.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, ValidationError

from extract.errors import GoldError, InputError
from extract.resolve.grounding import TextIndex
from schemas.region import Region, ResolutionStatus
from schemas.visit import ArticleExtraction, Evidence, Visit

_LISTS = ("delegation_members", "hosts", "itinerary", "meetings", "agreements", "topics")


class RegionResolver(Protocol):
    """What gold loading needs of the gazetteer."""

    def resolve(self, mention: str, context: Sequence[str] = ()) -> Region: ...


@dataclass(frozen=True, slots=True)
class GoldArticle:
    """A checked gold label with the cleaned text its evidence offsets point into."""

    id: str
    path: str
    extraction: ArticleExtraction
    text: str
    title: str | None = None


@dataclass(frozen=True, slots=True)
class SourceText:
    """The cleaned text of an article and the map of its offsets back to the raw text."""

    id: str
    text: str
    title: str | None = None
    to_raw: Any = None  # Callable[[int, int], tuple[int, int]] | None


# ---------------------------------------------------------------------------- loading


def load_gold(
    gold_dir: Path | str,
    seeds_dir: Path | str,
    gazetteer: RegionResolver | None = None,
) -> dict[str, GoldArticle]:
    """Every gold file of `gold_dir`, checked against its article in `seeds_dir`, by id."""
    files = gold_files(gold_dir)
    sources = load_sources(seeds_dir)
    resolver = gazetteer if gazetteer is not None else _default_gazetteer()
    gold: dict[str, GoldArticle] = {}
    for path in files:
        source = sources.get(path.stem)
        if source is None:
            raise GoldError(
                str(path),
                f"no article {path.stem!r} in {seeds_dir}",
                hint="name the gold file after its article: seeds/gold/<article id>.json",
            )
        gold[path.stem] = load_gold_file(path, source, resolver)
    return gold


def gold_files(gold_dir: Path | str) -> list[Path]:
    folder = Path(gold_dir)
    files = sorted(folder.glob("*.json")) if folder.is_dir() else []
    if not files:
        raise GoldError(str(folder), "no gold files (*.json) here", hint="pass --gold DIR")
    return files


def load_sources(seeds_dir: Path | str) -> dict[str, SourceText]:
    """The cleaned text of every article in `seeds_dir`, by article id."""
    from extract.text.clean import clean
    from extract.text.ingest import iter_articles

    sources: dict[str, SourceText] = {}
    for item in iter_articles([str(seeds_dir)]):
        if isinstance(item, InputError):
            raise GoldError(item.source, item.reason, hint=item.hint) from item
        cleaned = clean(item)
        title = getattr(cleaned.meta, "title", None)
        sources[cleaned.id] = SourceText(cleaned.id, cleaned.text, title, cleaned.offsets.to_raw)
    return sources


def _default_gazetteer() -> RegionResolver:
    from extract.resolve.gazetteer import Gazetteer

    return Gazetteer.load()


def load_gold_file(path: Path, source: SourceText, gazetteer: RegionResolver) -> GoldArticle:
    """Parse, check and ground one gold file."""
    extraction = parse_gold(path)
    resolve_regions(str(path), extraction, gazetteer)
    ground_evidence(str(path), extraction, TextIndex(source.text, source.to_raw))
    title = source.title or extraction.article.title
    return GoldArticle(source.id, str(path), extraction, source.text, title)


# ---------------------------------------------------------------------------- schema


def parse_gold(path: Path) -> ArticleExtraction:
    """The file as an `ArticleExtraction`; the first schema problem becomes a `GoldError`."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise GoldError(str(path), f"not readable JSON: {e}") from e
    try:
        return ArticleExtraction.model_validate(data)
    except ValidationError as e:
        raise GoldError(str(path), _describe(e.errors()[0]), hint=_HINT) from e


_HINT = "fix the gold file; the contract is in schemas/visit.py"


def field_path(loc: Sequence[str | int]) -> str:
    """('visits', 0, 'hosts', 1, 'evidence') → 'visits[0].hosts[1].evidence'."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _describe(error: Mapping[str, Any]) -> str:
    where = field_path(error.get("loc", ()))
    if error.get("type") == "enum":
        expected = error.get("ctx", {}).get("expected", "")
        what = "topic domain" if where.endswith(".domain") else "value"
        return f"{where}: unknown {what} {error.get('input')!r}; expected one of {expected}"
    return f"{where}: {error.get('msg', 'invalid')}"


# ---------------------------------------------------------------------------- regions


def _region_slots(extraction: ArticleExtraction) -> Iterator[tuple[str, Visit, int | None]]:
    """(path, visit, destination index or None for the origin) for every region."""
    for i, visit in enumerate(extraction.visits):
        yield f"visits[{i}].origin", visit, None
        for k in range(len(visit.destinations)):
            yield f"visits[{i}].destinations[{k}]", visit, k


def resolve_regions(path: str, extraction: ArticleExtraction, gazetteer: RegionResolver) -> None:
    """Check every region resolves; fill the standard name and adcode where gold left them."""
    for where, visit, k in _region_slots(extraction):
        region = visit.origin if k is None else visit.destinations[k]
        resolved = _resolve(gazetteer, region)
        if resolved is None:
            raise GoldError(
                path,
                f"{where}: region {region.mention!r} is not in the gazetteer",
                hint="write the region as the article does, or its full standard name",
            )
        filled = _fill(region, resolved)
        if k is None:
            visit.origin = filled
        else:
            visit.destinations[k] = filled


def _resolve(gazetteer: RegionResolver, region: Region) -> Region | None:
    context = tuple(region.parents)
    for text in dict.fromkeys(t for t in (region.mention, region.name) if t):
        found = gazetteer.resolve(text, context)
        if found.status is not ResolutionStatus.UNRESOLVED:
            return found
    return None


def _fill(region: Region, resolved: Region) -> Region:
    """Gold's region, completed from the gazetteer when gold gave no adcode."""
    if region.adcode or not resolved.resolved:
        return region
    return resolved.model_copy(update={"mention": region.mention})


# ---------------------------------------------------------------------------- evidence


def evidence_slots(extraction: ArticleExtraction) -> Iterator[tuple[str, BaseModel]]:
    """(field path, owner) for every model that carries an `evidence`, in a stable order."""
    for i, visit in enumerate(extraction.visits):
        yield f"visits[{i}]", visit
        for name in _LISTS:
            for k, item in enumerate(getattr(visit, name)):
                yield f"visits[{i}].{name}[{k}]", item


def ground_evidence(path: str, extraction: ArticleExtraction, index: TextIndex) -> None:
    """Fill the offsets of every evidence quote; a quote not in the article is a GoldError."""
    for where, owner in evidence_slots(extraction):
        evidence: Evidence = owner.evidence  # type: ignore[attr-defined]
        span = index.find(evidence.quote)
        if span is None:
            raise GoldError(
                path,
                f"{where}.evidence: quote 「{_short(evidence.quote)}」 not in the article",
                hint="copy the quote verbatim from the cleaned article",
            )
        update: dict[str, int | None] = {"start": span.start, "end": span.end}
        update |= {"raw_start": span.raw_start, "raw_end": span.raw_end}
        owner.evidence = evidence.model_copy(update=update)  # type: ignore[attr-defined]


def _short(quote: str, limit: int = 30) -> str:
    return quote if len(quote) <= limit else quote[: limit - 1] + "…"
