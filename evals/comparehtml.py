"""The compare page: two or more run folders side by side, as one self-contained HTML file.

For each candidate against the baseline (the first run): the per-field F1 deltas drawn as
bars around zero, each run's P/R/F1 chart next to the other, and the articles both runs
scored, sorted by how much their F1 changed (largest change first). Everything comes from the
runs' `scorecard.json`; charts are inline SVG (`evals.charts`), so the page needs no network.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from evals.charts import FieldBars, change_bar, delta_chart, field_chart
from evals.compare import Comparison, RunScores
from evals.scorecard import fmt_rate, read_scorecard


@dataclass(frozen=True, slots=True)
class ArticleChange:
    article_id: str
    before: float | None
    after: float | None
    status: str

    @property
    def delta(self) -> float | None:
        if self.before is None and self.after is None:
            return None
        return (self.after or 0.0) - (self.before or 0.0)


@dataclass(frozen=True, slots=True)
class CandidateView:
    """One candidate against the baseline: what the page shows for it."""

    name: str
    baseline: str
    rows: list[tuple[str, str, str, str, str]]  # field, baseline F1, candidate F1, Δ, class
    delta_chart: Markup
    charts: tuple[Markup, Markup]
    articles: list[tuple[ArticleChange, Markup]]


def _scorecard_path(run: RunScores) -> Path:
    return run.path if run.path.suffix == ".json" else run.path / "scorecard.json"


def field_bars(run: RunScores) -> list[FieldBars]:
    card = read_scorecard(_scorecard_path(run))
    return [FieldBars(f.name, f.precision, f.recall, f.f1) for f in card.fields]


def article_f1(run: RunScores) -> dict[str, tuple[float | None, str]]:
    """Per article id: its F1 and record status, as the run's scorecard.json lists them."""
    data: dict[str, Any] = json.loads(_scorecard_path(run).read_text(encoding="utf-8"))
    return {a["article_id"]: (a.get("f1"), a.get("status", "?")) for a in data.get("articles", [])}


def article_changes(baseline: RunScores, candidate: RunScores) -> list[ArticleChange]:
    """Articles of either run, largest absolute change of F1 first (then by id)."""
    before, after = article_f1(baseline), article_f1(candidate)
    changes = [
        ArticleChange(
            k,
            before.get(k, (None, ""))[0],
            after.get(k, (None, ""))[0],
            after.get(k, (None, "missing"))[1],
        )
        for k in dict.fromkeys([*before, *after])
    ]
    return sorted(changes, key=lambda c: (-abs(c.delta or 0.0), c.article_id))


def _row_class(delta: float | None, tolerance: float) -> str:
    if delta is None:
        return ""
    return "down" if delta < -tolerance else ("up" if delta > tolerance else "same")


def candidate_view(comparison: Comparison, k: int) -> CandidateView:
    """The view of candidate `k` (1-based index into the runs) against the baseline."""
    base, run = comparison.runs[0], comparison.runs[k]
    rows = []
    for row in comparison.rows:
        delta = row.deltas[k - 1]
        shown = "–" if delta is None else f"{delta:+.3f}"
        cls = _row_class(delta, comparison.tolerance)
        rows.append((row.field, fmt_rate(row.values[0]), fmt_rate(row.values[k]), shown, cls))
    deltas = [(row.field, row.deltas[k - 1]) for row in comparison.rows]
    changes = article_changes(base, run)
    scale = max((abs(c.delta or 0.0) for c in changes), default=0.0) or 1.0
    return CandidateView(
        name=run.name,
        baseline=base.name,
        rows=rows,
        delta_chart=Markup(delta_chart(deltas, chart_id=f"delta-chart-{k}")),
        charts=(
            Markup(field_chart(field_bars(base), chart_id=f"field-chart-{k}-a")),
            Markup(field_chart(field_bars(run), chart_id=f"field-chart-{k}-b")),
        ),
        articles=[(c, Markup(_article_bar(c, scale))) for c in changes],
    )


def _article_bar(change: ArticleChange, scale: float) -> str:
    return change_bar(change.delta, scale)


def render_compare_html(comparison: Comparison) -> str:
    """The whole page as a string (needs at least two runs)."""
    from evals.html import _environment

    views = [candidate_view(comparison, k) for k in range(1, len(comparison.runs))]
    template = _environment().get_template("compare.html.j2")
    return template.render(runs=comparison.runs, views=views, fmt_rate=fmt_rate)
