"""The review queue: records ordered by how much they need a person, most doubtful first.

A record earns doubt for what the pipeline itself noticed (a failed record, a step salvaged
from a broken answer, spam it suspected, a truncated article, places the gazetteer could not
resolve) and for disagreement between runs (F1 of one run's record scored against another's).
Articles that already have gold come after those that have none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from evals.scoring import score_article
from schemas.record import ResultRecord
from schemas.region import ResolutionStatus

WEIGHTS = {"failed": 5.0, "step_salvaged": 3.0, "spam_suspected": 2.0, "truncated": 2.0}
UNRESOLVED = 2.0
UNSURE_REGION = 1.0
DISAGREEMENT = 4.0  # times (1 − F1) between two runs


@dataclass(frozen=True, slots=True)
class Doubt:
    article_id: str
    score: float
    reasons: tuple[str, ...]
    reviewed: bool

    @property
    def sort_key(self) -> tuple[bool, float, str]:
        return (self.reviewed, -self.score, self.article_id)


def _flag_reasons(record: ResultRecord) -> list[tuple[float, str]]:
    out = []
    if not record.ok:
        message = record.failure.message if record.failure else "no extraction"
        out.append((WEIGHTS["failed"], f"failed: {message[:80]}"))
    for flag in record.flags:
        kind = str(flag.get("kind", ""))
        if kind in WEIGHTS:
            detail = str(flag.get("detail", ""))[:40]
            out.append((WEIGHTS[kind], f"{kind.replace('_', ' ')}: {detail}".rstrip(": ")))
    out += [(UNRESOLVED, f"unresolved place: {p}") for p in record.unresolved_places]
    return out


def _region_reasons(record: ResultRecord) -> list[tuple[float, str]]:
    if not record.ok or record.extraction is None:
        return []
    out = []
    for visit in record.extraction.visits:
        for region in (visit.origin, *visit.destinations):
            if region.status in (ResolutionStatus.AMBIGUOUS, ResolutionStatus.UNRESOLVED):
                out.append((UNSURE_REGION, f"{region.status} region: {region.mention}"))
    return out


def agreement(a: ResultRecord, b: ResultRecord) -> float | None:
    """F1 of record `b` scored against record `a` (None when neither says anything)."""
    if not (a.ok and a.extraction is not None):
        return 0.0 if b.ok else None
    pred = b.extraction if b.ok else None
    return score_article(a.article_id, a.extraction, pred).total.f1


def _run_reasons(record: ResultRecord, others: Sequence[ResultRecord]) -> list[tuple[float, str]]:
    out = []
    for k, other in enumerate(others, start=2):
        f1 = agreement(record, other)
        if f1 is not None and f1 < 1.0:
            out.append((DISAGREEMENT * (1.0 - f1), f"runs disagree: F1 {f1:.2f} against run {k}"))
    return out


def doubt_of(record: ResultRecord, others: Sequence[ResultRecord], reviewed: bool) -> Doubt:
    """How doubtful one record is, and why (reasons, heaviest first)."""
    found = _flag_reasons(record) + _region_reasons(record) + _run_reasons(record, others)
    found.sort(key=lambda r: -r[0])
    return Doubt(record.article_id, sum(w for w, _ in found), tuple(r for _, r in found), reviewed)


def order(doubts: Sequence[Doubt]) -> list[Doubt]:
    """Unreviewed first, then by doubt (highest first), then by id."""
    return sorted(doubts, key=lambda d: d.sort_key)
