"""The run folder: results and their scorecard, written side by side.

    runs/NAME/results.jsonl     one `ResultRecord` a line, as the run produced them
    runs/NAME/scorecard.json    figures for machines (`kaocha compare` reads it)
    runs/NAME/scorecard.md      figures for people
    runs/NAME/scorecard.html    one self-contained page: fields, and every article side by side

`evaluate_records` is the one entry point: score records against gold and write the folder.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from evals.gold import GoldArticle, RegionResolver, load_gold
from evals.html import render_html
from evals.scorecard import to_json, to_markdown
from evals.scoring import Scorecard, score_records
from evals.sets import LabeledSet
from extract.errors import DataFileError
from schemas.record import ResultRecord, RunInfo


@dataclass(frozen=True, slots=True)
class RunFolder:
    """The paths of one run folder."""

    root: Path

    @property
    def results(self) -> Path:
        return self.root / "results.jsonl"

    @property
    def scorecard_json(self) -> Path:
        return self.root / "scorecard.json"

    @property
    def scorecard_md(self) -> Path:
        return self.root / "scorecard.md"

    @property
    def scorecard_html(self) -> Path:
        return self.root / "scorecard.html"


def read_results(path: Path | str) -> list[ResultRecord]:
    """Every record of a results JSONL file; a malformed line is a `DataFileError`."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise DataFileError(str(path), f"cannot read results: {e.strerror or e}") from e
    records = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            records.append(ResultRecord.model_validate_json(line))
        except ValidationError as e:
            detail = e.errors()[0]
            where = ".".join(str(p) for p in detail.get("loc", ()))
            raise DataFileError(
                f"{path}:{number}",
                f"not a result record ({where}: {detail.get('msg')})",
                hint="results files are written by `kaocha extract`",
            ) from e
    return records


def write_results(path: Path, records: Iterable[ResultRecord]) -> None:
    lines = (r.model_dump_json(exclude_none=False) + "\n" for r in records)
    path.write_text("".join(lines), encoding="utf-8")


def write_run_folder(
    out_dir: Path | str,
    scorecard: Scorecard,
    gold: Mapping[str, GoldArticle],
    records: Sequence[ResultRecord],
    results_source: Path | str | None = None,
    sets: Mapping[str, Scorecard] | None = None,
) -> RunFolder:
    """Write results, scorecard.json, scorecard.md and scorecard.html into `out_dir`.

    The results are copied from `results_source` when given (left alone when it already is
    the folder's results file), else written from `records`.
    """
    folder = RunFolder(Path(out_dir))
    folder.root.mkdir(parents=True, exist_ok=True)
    _place_results(folder.results, records, results_source)
    folder.scorecard_json.write_text(to_json(scorecard, sets), encoding="utf-8")
    folder.scorecard_md.write_text(to_markdown(scorecard, sets), encoding="utf-8")
    by_id = {r.article_id: r for r in records}
    html = render_html(scorecard, gold, by_id, sets)
    folder.scorecard_html.write_text(html, encoding="utf-8")
    return folder


def _place_results(
    target: Path, records: Sequence[ResultRecord], source: Path | str | None
) -> None:
    if source is None:
        write_results(target, records)
    elif not (target.exists() and Path(source).resolve() == target.resolve()):
        shutil.copyfile(source, target)


def score_against(
    records: Sequence[ResultRecord],
    gold: Mapping[str, GoldArticle],
    run_info: RunInfo | None = None,
) -> Scorecard:
    """Score records against loaded gold (no files touched)."""
    return score_records({k: g.extraction for k, g in gold.items()}, records, run_info)


def evaluate_records(
    records: Sequence[ResultRecord],
    gold_dir: Path | str,
    seeds_dir: Path | str,
    out_dir: Path | str,
    run_info: RunInfo | None = None,
    *,
    gazetteer: RegionResolver | None = None,
    results_source: Path | str | None = None,
) -> Scorecard:
    """Load and check gold, score `records`, write the run folder; returns the scorecard.

    `run_info` defaults to the run of the first record that names one.
    """
    gold = load_gold(gold_dir, seeds_dir, gazetteer)
    scorecard = score_against(records, gold, run_info)
    write_run_folder(out_dir, scorecard, gold, records, results_source)
    return scorecard


def load_set_gold(
    sets: Sequence[LabeledSet], gazetteer: RegionResolver | None = None
) -> dict[str, dict[str, GoldArticle]]:
    """Each set's checked gold, by set name then article id."""
    loaded: dict[tuple[Path, Path], dict[str, GoldArticle]] = {}
    by_set: dict[str, dict[str, GoldArticle]] = {}
    for labeled in sets:
        key = (labeled.gold, labeled.articles)
        if key not in loaded:
            loaded[key] = load_gold(labeled.gold, labeled.articles, gazetteer)
        by_set[labeled.name] = {k: g for k, g in loaded[key].items() if labeled.wants(k)}
    return by_set


def evaluate_sets(
    records: Sequence[ResultRecord],
    sets: Sequence[LabeledSet],
    out_dir: Path | str,
    *,
    gazetteer: RegionResolver | None = None,
    results_source: Path | str | None = None,
) -> tuple[Scorecard, dict[str, Scorecard]]:
    """Score `records` over the union of `sets` and over each set alone; write the folder
    with the sets side by side. Returns the union's scorecard and each set's."""
    by_set = load_set_gold(sets, gazetteer)
    union: dict[str, GoldArticle] = {}
    for gold in by_set.values():
        union.update(gold)
    scorecard = score_against(records, union)
    per_set = {
        name: score_against([r for r in records if r.article_id in gold], gold)
        for name, gold in by_set.items()
    }
    write_run_folder(out_dir, scorecard, union, records, results_source, per_set)
    return scorecard, per_set
