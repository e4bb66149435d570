"""Scoring: true/false positives and negatives per field, per article and over the set.

Fields (in scorecard order) and what one count is:

| field | unit | a true positive when |
| --- | --- | --- |
| is_study_visit | the article (positive = true) | both say true |
| delegation_name | a visit's name | near-equal text (similarity ≥ 0.8 after normalizing) |
| delegation_kind, status | a visit's value | equal |
| origin | a visit's origin | same region |
| destinations | each destination | same region, one-to-one |
| start_date, end_date | a visit's date | equal on the parts gold states, no invented year |
| delegation_members, hosts | each person | same name, one-to-one |
| member_title, host_title | each person's title | person matched and titles near-equal |
| member_role, host_role | each person's role | person matched and roles equal |
| itinerary | each stop | containment or similarity ≥ 0.8, one-to-one |
| itinerary_kind | each stop's kind | stop matched and kinds equal |
| meetings | each meeting | same kind |
| agreements | each agreement | description containment or similarity ≥ 0.5 |
| topics | each topic | same domain |

A value both sides fill but that differs counts once as a false positive and once as a false
negative. An unpaired predicted visit is a false positive for every field it fills, an
unpaired gold visit a false negative for every field it fills; the title, role and kind of an
unmatched person or stop likewise. A failed or missing record is an empty prediction.

Headline: micro-F1 pools the counts of every field; macro-F1 is the mean of the field F1s;
`is_study_visit` accuracy counts a failed or missing record as wrong; schema-valid is the
share of records with status ok; evidence found is the share of predicted evidence quotes
that carry offsets; invented years counts predicted start/end years of paired visits where
gold states no year. Usage (calls, re-asks, tokens, cost, seconds) is summed over records.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from evals.matching import (
    Alignment,
    align_agreements,
    align_by_key,
    align_people,
    align_regions,
    align_stops,
    invented_year,
    pair_visits,
    same_date,
    same_region,
    same_text,
)
from schemas.dates import PartialDate
from schemas.record import ResultRecord, RunInfo
from schemas.visit import ArticleExtraction, Person, Visit

T = TypeVar("T")

FIELDS: tuple[str, ...] = (
    "is_study_visit",
    "delegation_name",
    "delegation_kind",
    "status",
    "origin",
    "destinations",
    "start_date",
    "end_date",
    "delegation_members",
    "member_title",
    "member_role",
    "hosts",
    "host_title",
    "host_role",
    "itinerary",
    "itinerary_kind",
    "meetings",
    "agreements",
    "topics",
)
VISIT_FIELDS: tuple[str, ...] = FIELDS[1:]

Tally = dict[str, list[int]]  # field -> [tp, fp, fn], mutable while one article is scored


@dataclass(frozen=True, slots=True)
class Counts:
    """True positives, false positives, false negatives, and the rates they give."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def empty(self) -> bool:
        return self.tp == self.fp == self.fn == 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        """2·TP / (2·TP + FP + FN); None when there is nothing to score."""
        denominator = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denominator if denominator else None


@dataclass(frozen=True, slots=True)
class ArticleScore:
    """One article: counts per field, and what the headline needs from it."""

    article_id: str
    status: str  # ok | failed | missing
    counts: Mapping[str, Counts]
    study_visit_correct: bool
    invented_years: int
    visit_pairs: tuple[tuple[int, int], ...]

    @property
    def total(self) -> Counts:
        return sum(self.counts.values(), Counts())


@dataclass(frozen=True, slots=True)
class FieldScore:
    name: str
    counts: Counts
    macro_f1: float | None  # mean of per-article F1 over articles where the field occurs


@dataclass(frozen=True, slots=True)
class Headline:
    """The figures a run is judged by at a glance."""

    articles: int
    records: int
    micro_f1: float | None
    macro_f1: float | None  # mean of the per-field F1s
    precision: float | None
    recall: float | None
    is_study_visit_accuracy: float | None
    schema_valid_rate: float | None
    evidence_found_rate: float | None
    invented_years: int
    failed: int
    missing: tuple[str, ...]
    ungraded: tuple[str, ...]
    calls: int
    reasks: int
    tokens: int
    cost: float
    seconds: float

    def per_article(self, total: float) -> float | None:
        return total / self.records if self.records else None


@dataclass(frozen=True, slots=True)
class Scorecard:
    headline: Headline
    fields: tuple[FieldScore, ...]
    articles: tuple[ArticleScore, ...]
    run: RunInfo | None = None

    def score_of(self, name: str) -> FieldScore:
        return next(f for f in self.fields if f.name == name)


# ---------------------------------------------------------------------------- counting


def _new_tally() -> Tally:
    return {name: [0, 0, 0] for name in FIELDS}


def _value(tally: Tally, name: str, gold: T | None, pred: T | None, same: Callable) -> None:
    """One slot: both empty → nothing; one side → FP or FN; both → TP, or FP + FN."""
    if gold is None and pred is None:
        return
    row = tally[name]
    if gold is None:
        row[1] += 1
    elif pred is None:
        row[2] += 1
    elif same(gold, pred):
        row[0] += 1
    else:
        row[1] += 1
        row[2] += 1


def _aligned(tally: Tally, name: str, alignment: Alignment) -> None:
    row = tally[name]
    row[0] += len(alignment.pairs)
    row[1] += len(alignment.pred_only)
    row[2] += len(alignment.gold_only)


def _attributes(
    tally: Tally,
    name: str,
    alignment: Alignment,
    gold: Sequence[T],
    pred: Sequence[T],
    get: Callable[[T], object],
    same: Callable,
) -> None:
    """An attribute of aligned items (title, role, kind); unmatched items' attributes too."""
    for i, j in alignment.pairs:
        _value(tally, name, get(gold[i]), get(pred[j]), same)
    for i in alignment.gold_only:
        _value(tally, name, get(gold[i]), None, same)
    for j in alignment.pred_only:
        _value(tally, name, None, get(pred[j]), same)


def _equal(a: object, b: object) -> bool:
    return a == b


def _date(value: PartialDate | None) -> PartialDate | None:
    return None if value is None or value.is_empty else value


def _people(tally: Tally, prefix: str, gold: list[Person], pred: list[Person]) -> None:
    list_field = "delegation_members" if prefix == "member" else "hosts"
    alignment = align_people(gold, pred)
    _aligned(tally, list_field, alignment)
    _attributes(tally, f"{prefix}_title", alignment, gold, pred, lambda p: p.title, same_text)
    _attributes(tally, f"{prefix}_role", alignment, gold, pred, lambda p: p.role, _equal)


def score_visit(tally: Tally, gold: Visit | None, pred: Visit | None) -> int:
    """Count one visit pair (either side may be missing); returns invented years."""
    g, p = gold, pred
    _value(tally, "delegation_name", g and g.delegation_name, p and p.delegation_name, same_text)
    _value(tally, "delegation_kind", g and g.delegation_kind, p and p.delegation_kind, _equal)
    _value(tally, "status", g and g.status, p and p.status, _equal)
    _value(tally, "origin", g and g.origin, p and p.origin, same_region)
    _aligned(
        tally, "destinations", align_regions(_list(g, "destinations"), _list(p, "destinations"))
    )
    invented = 0
    for name in ("start_date", "end_date"):
        gd = _date(getattr(g, name) if g is not None else None)
        pd = _date(getattr(p, name) if p is not None else None)
        _value(tally, name, gd, pd, same_date)
        invented += int(g is not None and invented_year(gd, pd))
    _people(tally, "member", _list(g, "delegation_members"), _list(p, "delegation_members"))
    _people(tally, "host", _list(g, "hosts"), _list(p, "hosts"))
    gold_stops, pred_stops = _list(g, "itinerary"), _list(p, "itinerary")
    stops = align_stops(gold_stops, pred_stops)
    _aligned(tally, "itinerary", stops)
    _attributes(tally, "itinerary_kind", stops, gold_stops, pred_stops, lambda s: s.kind, _equal)
    meetings = align_by_key(_list(g, "meetings"), _list(p, "meetings"), lambda m: m.kind)
    _aligned(tally, "meetings", meetings)
    _aligned(tally, "agreements", align_agreements(_list(g, "agreements"), _list(p, "agreements")))
    topics = align_by_key(_list(g, "topics"), _list(p, "topics"), lambda t: t.domain)
    _aligned(tally, "topics", topics)
    return invented


def _list(visit: Visit | None, name: str) -> list:
    return getattr(visit, name) if visit is not None else []


# ---------------------------------------------------------------------------- articles


def score_article(
    article_id: str,
    gold: ArticleExtraction,
    pred: ArticleExtraction | None,
    status: str | None = None,
) -> ArticleScore:
    """Score one article; `pred` None (a failed or missing record) is an empty prediction."""
    tally = _new_tally()
    said = pred.is_study_visit if pred is not None else None
    _value(tally, "is_study_visit", gold.is_study_visit or None, said or None, _equal)
    pred_visits = pred.visits if pred is not None else []
    pairing = pair_visits(gold.visits, pred_visits)
    invented = 0
    for i, j in pairing.pairs:
        invented += score_visit(tally, gold.visits[i], pred_visits[j])
    for i in pairing.gold_only:
        score_visit(tally, gold.visits[i], None)
    for j in pairing.pred_only:
        score_visit(tally, None, pred_visits[j])
    counts = {name: Counts(*row) for name, row in tally.items()}
    return ArticleScore(
        article_id=article_id,
        status=status or ("ok" if pred is not None else "failed"),
        counts=counts,
        study_visit_correct=said is not None and said == gold.is_study_visit,
        invented_years=invented,
        visit_pairs=pairing.pairs,
    )


def score_records(
    gold: Mapping[str, ArticleExtraction],
    records: Iterable[ResultRecord],
    run: RunInfo | None = None,
) -> Scorecard:
    """Score every gold article against its record (the last one when an id repeats)."""
    by_id: dict[str, ResultRecord] = {}
    for record in records:
        by_id[record.article_id] = record
    articles = tuple(
        _score_one(article_id, extraction, by_id.get(article_id))
        for article_id, extraction in gold.items()
    )
    fields = _field_scores(articles)
    headline = _headline(articles, fields, list(by_id.values()), gold)
    if run is None:
        run = next((r.run for r in by_id.values() if r.run is not None), None)
    return Scorecard(headline=headline, fields=fields, articles=articles, run=run)


def _score_one(
    article_id: str, gold: ArticleExtraction, record: ResultRecord | None
) -> ArticleScore:
    if record is None:
        return score_article(article_id, gold, None, status="missing")
    if not record.ok:
        return score_article(article_id, gold, None, status="failed")
    return score_article(article_id, gold, record.extraction)


def _field_scores(articles: Sequence[ArticleScore]) -> tuple[FieldScore, ...]:
    scores = []
    for name in FIELDS:
        per_article = [a.counts[name] for a in articles]
        total = sum(per_article, Counts())
        f1s = [c.f1 for c in per_article if not c.empty]
        macro = sum(f for f in f1s if f is not None) / len(f1s) if f1s else None
        scores.append(FieldScore(name, total, macro))
    return tuple(scores)


def _rate(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def _evidence(records: Sequence[ResultRecord]) -> tuple[int, int]:
    found = total = 0
    for record in records:
        if record.ok and record.extraction is not None:
            for evidence in record.extraction.evidences():
                total += 1
                found += evidence.found
    return found, total


def _headline(
    articles: Sequence[ArticleScore],
    fields: Sequence[FieldScore],
    records: Sequence[ResultRecord],
    gold: Mapping[str, ArticleExtraction],
) -> Headline:
    overall = sum((f.counts for f in fields), Counts())
    field_f1s = [f.counts.f1 for f in fields if f.counts.f1 is not None]
    found, evidence_total = _evidence(records)
    return Headline(
        articles=len(articles),
        records=len(records),
        micro_f1=overall.f1,
        macro_f1=sum(field_f1s) / len(field_f1s) if field_f1s else None,
        precision=overall.precision,
        recall=overall.recall,
        is_study_visit_accuracy=_rate(sum(a.study_visit_correct for a in articles), len(articles)),
        schema_valid_rate=_rate(sum(r.ok for r in records), len(records)),
        evidence_found_rate=_rate(found, evidence_total),
        invented_years=sum(a.invented_years for a in articles),
        failed=sum(not r.ok for r in records),
        missing=tuple(a.article_id for a in articles if a.status == "missing"),
        ungraded=tuple(r.article_id for r in records if r.article_id not in gold),
        calls=sum(r.usage.calls for r in records),
        reasks=sum(r.usage.reasks for r in records),
        tokens=sum(r.usage.prompt_tokens + r.usage.completion_tokens for r in records),
        cost=sum(r.usage.cost for r in records),
        seconds=sum(r.seconds for r in records),
    )
