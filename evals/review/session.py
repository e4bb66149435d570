"""The review session: results files, the articles they were extracted from, and the gold folder.

Records come from one or more results files (the first is the one reviewed; the others only
measure agreement). Articles are found by id in the articles folder and cleaned on first use.
Gold is read afresh on every visit of an article, so a save is seen at once.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from evals.gold import GoldArticle, SourceText, load_gold_file
from evals.runfolder import read_results
from extract.errors import DataFileError, GoldError
from schemas.record import ResultRecord
from schemas.visit import ArticleExtraction


@dataclass(frozen=True, slots=True)
class Source:
    """One article as the page shows it: cleaned text (evidence offsets point here) and raw."""

    id: str
    path: Path
    title: str
    text: str
    raw: str
    source_text: SourceText


@dataclass(frozen=True, slots=True)
class ReviewArticle:
    """What the article page starts from: gold when there is some, else the prediction."""

    source: Source
    record: ResultRecord | None
    others: tuple[ResultRecord, ...]
    gold: GoldArticle | None
    gold_error: str | None
    gold_path: Path

    @property
    def origin(self) -> str:
        """'gold', 'prediction' or 'empty': where the form's items come from."""
        if self.gold is not None:
            return "gold"
        return "prediction" if self.prediction is not None else "empty"

    @property
    def prediction(self) -> ArticleExtraction | None:
        record = self.record
        return record.extraction if record is not None and record.ok else None

    @property
    def start(self) -> ArticleExtraction:
        if self.gold is not None:
            return self.gold.extraction
        return self.prediction or ArticleExtraction(is_study_visit=False)


@dataclass
class ReviewSession:
    """Everything `kaocha review` serves; `reviewer` is written into the notes of each save."""

    results: list[Path]
    gold_dir: Path
    articles_dir: Path
    reviewer: str
    runs: list[dict[str, ResultRecord]] = field(default_factory=list)
    paths: dict[str, Path] = field(default_factory=dict)

    @classmethod
    def open(
        cls, results: list[Path], gold_dir: Path, articles_dir: Path, reviewer: str
    ) -> ReviewSession:
        session = cls(list(results), Path(gold_dir), Path(articles_dir), reviewer)
        session.runs = [_latest(read_results(path)) for path in results]
        session.paths = _article_paths(
            articles_dir, set(session.runs[0]) if session.runs else set()
        )
        if not session.paths:
            raise DataFileError(
                str(articles_dir),
                "none of the records' articles is in this folder",
                hint="pass --articles with the folder the results were extracted from",
            )
        return session

    @property
    def ids(self) -> list[str]:
        """Articles that have both a record and a text, in results order."""
        return [k for k in self.runs[0] if k in self.paths]

    def gold_path(self, article_id: str) -> Path:
        return self.gold_dir / f"{article_id}.json"

    def source(self, article_id: str) -> Source:
        return _clean(self.paths[article_id], article_id)

    def article(self, article_id: str) -> ReviewArticle:
        source = self.source(article_id)
        path = self.gold_path(article_id)
        gold, error = None, None
        if path.exists():
            try:
                gold = load_gold_file(path, source.source_text, gazetteer())
            except GoldError as e:
                error = e.one_line()
        others = tuple(run[article_id] for run in self.runs[1:] if article_id in run)
        record = self.runs[0].get(article_id)
        return ReviewArticle(source, record, others, gold, error, path)


def _latest(records: list[ResultRecord]) -> dict[str, ResultRecord]:
    out: dict[str, ResultRecord] = {}
    for record in records:
        out[record.article_id] = record
    return out


def _article_paths(folder: Path, wanted: set[str]) -> dict[str, Path]:
    from extract.text.ingest import article_ids, expand_input

    found = [p for p in expand_input(str(folder)) if isinstance(p, Path)]
    return {k: p for p, k in article_ids(found).items() if k in wanted}


@functools.lru_cache(maxsize=256)
def _clean(path: Path, article_id: str) -> Source:
    from extract.text.clean import clean
    from extract.text.ingest import read_file

    cleaned = clean(read_file(path, article_id=article_id))
    title = getattr(cleaned.meta, "title", None) or ""
    text = SourceText(article_id, cleaned.text, title or None, cleaned.offsets.to_raw)
    return Source(article_id, path, title, cleaned.text, cleaned.raw, text)


@functools.cache
def gazetteer():  # type: ignore[no-untyped-def]
    """The shipped gazetteer, loaded once per process."""
    from extract.resolve.gazetteer import Gazetteer

    return Gazetteer.load()
