"""The HTML scorecard: one self-contained page (inline CSS, no scripts, no external resources).

Per article it shows gold and prediction side by side, visit by visit as the scorer paired
them, and the cleaned article text with every evidence quote highlighted: `<mark class="gold">`
for gold only, `pred` for the prediction only, `both` where they overlap. A chart (inline
SVG, `evals.charts`) draws P/R/F1 per field, and each gold and predicted item is marked
matched, missed or invented (`evals.itemmarks`) in colour and with a text label. All text
goes through Jinja2's autoescaping.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from evals.charts import FieldBars, field_chart
from evals.gold import GoldArticle
from evals.itemmarks import MarkedField, mark_visit
from evals.scorecard import (
    FIELD_HEADER,
    field_rows,
    fmt_rate,
    headline_rows,
    run_rows,
    set_rows,
)
from evals.scoring import ArticleScore, Scorecard
from extract.resolve.grounding import TextIndex
from schemas.dates import PartialDate
from schemas.record import ResultRecord
from schemas.region import Region
from schemas.visit import ArticleExtraction, Evidence, Person, Visit


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of article text; `mark` is gold, pred, both, or empty for plain text."""

    text: str
    mark: str = ""


@dataclass(frozen=True, slots=True)
class VisitPair:
    gold: list[tuple[str, list[str]]] | None
    pred: list[tuple[str, list[str]]] | None
    marks: list[MarkedField] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ArticleView:
    id: str
    title: str
    status: str
    f1: str
    counts: str
    is_study_visit: tuple[str, str]
    visits: list[VisitPair]
    segments: list[Segment]
    failure: str | None


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("evals", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(
    scorecard: Scorecard,
    gold: Mapping[str, GoldArticle],
    records: Mapping[str, ResultRecord],
    sets: Mapping[str, Scorecard] | None = None,
) -> str:
    """The whole page as a string."""
    views = [
        article_view(score, gold[score.article_id], records.get(score.article_id))
        for score in scorecard.articles
        if score.article_id in gold
    ]
    template = _environment().get_template("scorecard.html.j2")
    return template.render(
        sets=set_rows(sets) if sets else None,
        headline=headline_rows(scorecard),
        run=run_rows(scorecard),
        field_header=FIELD_HEADER,
        fields=field_rows(scorecard),
        chart=Markup(field_chart(field_bars(scorecard))),
        articles=views,
    )


def field_bars(scorecard: Scorecard) -> list[FieldBars]:
    """The rates of every field, in scorecard order, for the chart."""
    return [
        FieldBars(f.name, f.counts.precision, f.counts.recall, f.counts.f1)
        for f in scorecard.fields
    ]


# ---------------------------------------------------------------------------- articles


def article_view(
    score: ArticleScore, gold: GoldArticle, record: ResultRecord | None
) -> ArticleView:
    pred = record.extraction if record is not None and record.ok else None
    total = score.total
    return ArticleView(
        id=gold.id,
        title=gold.title or "",
        status=score.status,
        f1=fmt_rate(total.f1),
        counts=f"TP {total.tp} · FP {total.fp} · FN {total.fn}",
        is_study_visit=(
            str(gold.extraction.is_study_visit),
            "–" if pred is None else str(pred.is_study_visit),
        ),
        visits=_visit_pairs(score, gold.extraction, pred),
        segments=highlight(
            gold.text, gold.extraction.evidences(), pred.evidences() if pred is not None else ()
        ),
        failure=record.failure.message if record is not None and record.failure else None,
    )


def _visit_pairs(
    score: ArticleScore, gold: ArticleExtraction, pred: ArticleExtraction | None
) -> list[VisitPair]:
    pred_visits = pred.visits if pred is not None else []
    pairs = [
        VisitPair(
            visit_rows(gold.visits[i]),
            visit_rows(pred_visits[j]),
            mark_visit(gold.visits[i], pred_visits[j]),
        )
        for i, j in score.visit_pairs
    ]
    paired_gold = {i for i, _ in score.visit_pairs}
    paired_pred = {j for _, j in score.visit_pairs}
    pairs += [
        VisitPair(visit_rows(v), None, mark_visit(v, None))
        for i, v in enumerate(gold.visits)
        if i not in paired_gold
    ]
    pairs += [
        VisitPair(None, visit_rows(v), mark_visit(None, v))
        for j, v in enumerate(pred_visits)
        if j not in paired_pred
    ]
    return pairs


def _region(region: Region) -> str:
    name = region.name or region.mention
    return f"{name} ({region.adcode})" if region.adcode else name


def _date(date: PartialDate | None) -> str:
    if date is None or date.is_empty:
        return "–"
    parts = [f"{date.year or '?'}-{date.month or '?'}-{date.day or '?'}"]
    if date.inferred:
        parts.append(f"(inferred: {', '.join(date.inferred)})")
    return " ".join(parts)


def _person(person: Person) -> str:
    title = f" · {person.title}" if person.title else ""
    return f"{person.name}{title} [{person.role}]"


def visit_rows(visit: Visit) -> list[tuple[str, list[str]]]:
    """(label, lines) rows of one visit, the same labels on both sides."""
    rows = [
        ("delegation", [f"{visit.delegation_name} [{visit.delegation_kind}, {visit.status}]"]),
        ("origin", [_region(visit.origin)]),
        ("destinations", [_region(r) for r in visit.destinations]),
        ("dates", [f"{_date(visit.start_date)} → {_date(visit.end_date)}"]),
        ("members", [_person(p) for p in visit.delegation_members]),
        ("hosts", [_person(p) for p in visit.hosts]),
        ("itinerary", [f"{s.name} [{s.kind}]" for s in visit.itinerary]),
        ("meetings", [f"{m.kind} {m.name or ''}".strip() for m in visit.meetings]),
        ("agreements", [a.description for a in visit.agreements]),
        ("topics", [f"{t.domain}: {t.detail}" for t in visit.topics]),
    ]
    return [(label, lines or ["–"]) for label, lines in rows]


# ---------------------------------------------------------------------------- highlights


def spans(text: str, evidences: Sequence[Evidence]) -> list[tuple[int, int]]:
    """Where each quote sits in `text`: its offsets when they hold the quote, else found anew."""
    index: TextIndex | None = None
    out: list[tuple[int, int]] = []
    for evidence in evidences:
        start, end = evidence.start, evidence.end
        if start is not None and end is not None and _holds(text[start:end], evidence.quote):
            out.append((start, end))
            continue
        index = index or TextIndex(text)
        span = index.find(evidence.quote)
        if span is not None:
            out.append((span.start, span.end))
    return out


def _holds(piece: str, quote: str) -> bool:
    return "".join(piece.split()) == "".join(quote.split())


def highlight(text: str, gold: Sequence[Evidence], pred: Sequence[Evidence] = ()) -> list[Segment]:
    """The text cut into plain and marked runs (gold, pred or both)."""
    gold_spans = spans(text, gold)
    pred_spans = spans(text, pred)
    cuts = {0, len(text)}
    for start, end in (*gold_spans, *pred_spans):
        cuts.update((start, end))
    bounds = sorted(cuts)
    segments: list[Segment] = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        mark = _mark(start, end, gold_spans, pred_spans)
        if segments and segments[-1].mark == mark:
            segments[-1] = Segment(segments[-1].text + text[start:end], mark)
        else:
            segments.append(Segment(text[start:end], mark))
    return segments


def _mark(start: int, end: int, gold: list[tuple[int, int]], pred: list[tuple[int, int]]) -> str:
    in_gold = any(s <= start and end <= e for s, e in gold)
    in_pred = any(s <= start and end <= e for s, e in pred)
    if in_gold and in_pred:
        return "both"
    return "gold" if in_gold else ("pred" if in_pred else "")
