"""Scorecard rendering: the JSON document (versioned) and the Markdown summary.

`scorecard.json` is what `kaocha compare` reads back; `ScorecardFile` is its pydantic form,
checked on the way in. Rates are fractions in [0, 1], or null when there was nothing to rate.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from evals.scoring import Counts, FieldScore, Headline, Scorecard
from extract.errors import DataFileError

SCORECARD_VERSION = 1


# ---------------------------------------------------------------------------- JSON


def _counts(counts: Counts) -> dict[str, Any]:
    return {
        "tp": counts.tp,
        "fp": counts.fp,
        "fn": counts.fn,
        "precision": counts.precision,
        "recall": counts.recall,
        "f1": counts.f1,
    }


def _field(score: FieldScore) -> dict[str, Any]:
    return {"name": score.name, **_counts(score.counts), "macro_f1": score.macro_f1}


def _headline(h: Headline) -> dict[str, Any]:
    return {
        "articles": h.articles,
        "records": h.records,
        "micro_f1": h.micro_f1,
        "macro_f1": h.macro_f1,
        "precision": h.precision,
        "recall": h.recall,
        "is_study_visit_accuracy": h.is_study_visit_accuracy,
        "schema_valid_rate": h.schema_valid_rate,
        "evidence_found_rate": h.evidence_found_rate,
        "invented_years": h.invented_years,
        "failed": h.failed,
        "missing": list(h.missing),
        "ungraded": list(h.ungraded),
        "calls": h.calls,
        "reasks": h.reasks,
        "tokens": h.tokens,
        "cost": h.cost,
        "seconds": h.seconds,
        "reasks_per_article": h.per_article(h.reasks),
        "tokens_per_article": h.per_article(h.tokens),
        "cost_per_article": h.per_article(h.cost),
        "seconds_per_article": h.per_article(h.seconds),
    }


def to_dict(scorecard: Scorecard, sets: Mapping[str, Scorecard] | None = None) -> dict[str, Any]:
    """The JSON form: version, run, headline, fields, per-article counts, and per set (when
    the run covered named sets) each set's headline and fields."""
    articles = [
        {
            "article_id": a.article_id,
            "status": a.status,
            **_counts(a.total),
            "is_study_visit_correct": a.study_visit_correct,
            "invented_years": a.invented_years,
            "visit_pairs": [list(p) for p in a.visit_pairs],
            "fields": {k: [c.tp, c.fp, c.fn] for k, c in a.counts.items() if not c.empty},
        }
        for a in scorecard.articles
    ]
    return {
        "version": SCORECARD_VERSION,
        "run": scorecard.run.model_dump(mode="json") if scorecard.run else None,
        "headline": _headline(scorecard.headline),
        "fields": [_field(f) for f in scorecard.fields],
        "articles": articles,
        "sets": {
            name: {"headline": _headline(card.headline), "fields": [_field(f) for f in card.fields]}
            for name, card in (sets or {}).items()
        },
    }


def to_json(scorecard: Scorecard, sets: Mapping[str, Scorecard] | None = None) -> str:
    return json.dumps(to_dict(scorecard, sets), ensure_ascii=False, indent=2) + "\n"


class FieldRow(BaseModel):
    name: str
    tp: int
    fp: int
    fn: int
    precision: float | None
    recall: float | None
    f1: float | None


class ScorecardFile(BaseModel):
    """What `scorecard.json` must hold for a comparison (other keys are ignored)."""

    version: int
    run: dict[str, Any] | None = None
    headline: dict[str, Any]
    fields: list[FieldRow]

    @property
    def micro_f1(self) -> float | None:
        value = self.headline.get("micro_f1")
        return float(value) if value is not None else None


def read_scorecard(path: Path) -> ScorecardFile:
    """Read a `scorecard.json` back; a missing or malformed file is a `DataFileError`."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        card = ScorecardFile.model_validate(data)
    except (OSError, json.JSONDecodeError, ValidationError) as e:
        raise DataFileError(
            str(path), f"not a scorecard: {e}", hint="run `kaocha eval` to write one"
        ) from e
    if card.version != SCORECARD_VERSION:
        raise DataFileError(
            str(path),
            f"scorecard version {card.version}, this version reads {SCORECARD_VERSION}",
            hint="score the run again with `kaocha eval --results`",
        )
    return card


# ---------------------------------------------------------------------------- Markdown


def fmt_rate(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def fmt_percent(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}%"


def headline_rows(scorecard: Scorecard) -> list[tuple[str, str]]:
    """(label, value) pairs of the headline, in the order every rendering shows them."""
    h = scorecard.headline
    per_article = h.per_article(h.seconds)
    return [
        ("micro-F1 (all fields)", fmt_rate(h.micro_f1)),
        ("macro-F1 (mean over fields)", fmt_rate(h.macro_f1)),
        ("is_study_visit accuracy", fmt_percent(h.is_study_visit_accuracy)),
        ("schema-valid", fmt_percent(h.schema_valid_rate)),
        ("evidence found", fmt_percent(h.evidence_found_rate)),
        ("invented years", str(h.invented_years)),
        ("articles scored / records", f"{h.articles} / {h.records}"),
        ("failed / missing records", f"{h.failed} / {len(h.missing)}"),
        ("calls / re-asks", f"{h.calls} / {h.reasks}"),
        ("tokens", f"{h.tokens:,}"),
        ("cost", f"{h.cost:.4f}"),
        ("seconds / article", "–" if per_article is None else f"{per_article:.2f}"),
    ]


def run_rows(scorecard: Scorecard) -> list[tuple[str, str]]:
    run = scorecard.run
    if run is None:
        return [("run", "unknown (records carry no run info)")]
    return [
        ("model", run.model),
        ("prompt", f"{run.prompt_id} ({run.prompt_hash})"),
        ("schema hash", run.schema_hash),
    ]


def field_rows(scorecard: Scorecard) -> list[list[str]]:
    return [
        [
            f.name,
            fmt_rate(f.counts.precision),
            fmt_rate(f.counts.recall),
            fmt_rate(f.counts.f1),
            str(f.counts.tp),
            str(f.counts.fp),
            str(f.counts.fn),
        ]
        for f in scorecard.fields
    ]


FIELD_HEADER = ["field", "P", "R", "F1", "TP", "FP", "FN"]


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


SIDE_BY_SIDE = (
    ("micro-F1", lambda c: fmt_rate(c.headline.micro_f1)),
    ("macro-F1", lambda c: fmt_rate(c.headline.macro_f1)),
    ("is_study_visit right", lambda c: _right(c)),
    ("schema-valid", lambda c: fmt_percent(c.headline.schema_valid_rate)),
    ("evidence found", lambda c: fmt_percent(c.headline.evidence_found_rate)),
    ("invented years", lambda c: str(c.headline.invented_years)),
    ("seconds / article", lambda c: fmt_rate(c.headline.per_article(c.headline.seconds), 1)),
)


def _right(card: Scorecard) -> str:
    right = sum(a.study_visit_correct for a in card.articles)
    return f"{right}/{len(card.articles)}"


def set_rows(sets: Mapping[str, Scorecard]) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the side-by-side table: headline figures, then each field's
    F1 with precision and recall, one column per set."""
    header = ["figure", *(f"{name} ({len(card.articles)})" for name, card in sets.items())]
    rows = [[label, *(value(card) for card in sets.values())] for label, value in SIDE_BY_SIDE]
    for k, field in enumerate(next(iter(sets.values())).fields):
        cells = []
        for card in sets.values():
            c = card.fields[k].counts
            cells.append(f"{fmt_rate(c.f1)} ({fmt_rate(c.precision, 2)}/{fmt_rate(c.recall, 2)})")
        rows.append([f"{field.name} F1 (P/R)", *cells])
    return header, rows


def to_markdown(scorecard: Scorecard, sets: Mapping[str, Scorecard] | None = None) -> str:
    """The summary a person reads first: headline, sets side by side, run, field table,
    weakest articles."""
    lines = ["# Scorecard", ""]
    lines += _table(["figure", "value"], [list(r) for r in headline_rows(scorecard)])
    if sets:
        lines += ["", "## Sets side by side", ""]
        lines += _table(*set_rows(sets))
    lines += ["", "## Run", ""]
    lines += _table(["", ""], [list(r) for r in run_rows(scorecard)])
    lines += ["", "## Fields", ""]
    lines += _table(FIELD_HEADER, field_rows(scorecard))
    lines += ["", "## Articles", ""]
    rows = [
        [
            a.article_id,
            a.status,
            fmt_rate(a.total.f1),
            str(a.total.tp),
            str(a.total.fp),
            str(a.total.fn),
        ]
        for a in sorted(scorecard.articles, key=lambda a: (a.total.f1 or 0.0, a.article_id))
    ]
    lines += _table(["article", "status", "F1", "TP", "FP", "FN"], rows)
    return "\n".join(lines) + "\n"
