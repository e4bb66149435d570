"""Score event merging against gold groups, and build records from gold labels.

The merge gold (``seeds/dev/gold/events/merge.json``) lists groups of mention keys that report
one visit; every key not in a group is a visit of its own. Scores are computed over the keys
the prediction holds (a gold key missing from the prediction is left out), with:

- pairwise precision and recall: over pairs of keys put in one event;
- B-cubed precision, recall and F1: per key, the share of its predicted event that is in its
  gold event, and the reverse, averaged over keys;
- false merges: predicted events that join keys of two or more gold visits.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from evals.gold import SourceText, load_gold_file
from extract.errors import GoldError, InputError
from extract.events.links import mention_key
from schemas.record import ResultRecord


class _Group(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    keys: list[str] = Field(min_length=2)
    note: str = ""


class _MergeGold(BaseModel):
    model_config = ConfigDict(extra="forbid")

    description: str = ""
    groups: list[_Group]


def load_merge_gold(path: Path) -> dict[str, str]:
    """Mention key → gold group id, for the keys in a group; a key in two groups is an error."""
    try:
        gold = _MergeGold.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, ValidationError) as e:
        raise GoldError(str(path), f"not a merge gold file: {e}", hint=_HINT) from e
    labels: dict[str, str] = {}
    for group in gold.groups:
        for key in map(mention_key, group.keys):
            if key in labels:
                raise GoldError(str(path), f"{key} is in {labels[key]} and {group.id}", hint=_HINT)
            labels[key] = group.id
    return labels


_HINT = "see seeds/gold/LABELING.md, 'Events: which reports are one visit'"


@dataclass(frozen=True)
class MergeScore:
    keys: int
    gold_events: int
    predicted_events: int
    pairwise_precision: float
    pairwise_recall: float
    bcubed_precision: float
    bcubed_recall: float
    false_merges: tuple[tuple[str, ...], ...]

    @property
    def pairwise_f1(self) -> float:
        return _f1(self.pairwise_precision, self.pairwise_recall)

    @property
    def bcubed_f1(self) -> float:
        return _f1(self.bcubed_precision, self.bcubed_recall)

    def lines(self) -> list[str]:
        return [
            f"records {self.keys}  gold events {self.gold_events}  "
            f"predicted events {self.predicted_events}",
            f"pairwise  P {self.pairwise_precision:.3f}  R {self.pairwise_recall:.3f}  "
            f"F1 {self.pairwise_f1:.3f}",
            f"B-cubed   P {self.bcubed_precision:.3f}  R {self.bcubed_recall:.3f}  "
            f"F1 {self.bcubed_f1:.3f}",
            f"distinct visits merged: {len(self.false_merges)}",
            *(f"  false merge: {' + '.join(keys)}" for keys in self.false_merges),
        ]


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _pairs(groups: Iterable[Sequence[str]]) -> set[frozenset[str]]:
    return {frozenset((a, b)) for g in groups for i, a in enumerate(g) for b in g[i + 1 :]}


def score_merge(predicted: Sequence[Sequence[str]], gold: Mapping[str, str]) -> MergeScore:
    """`predicted`: the mention keys of each predicted event; `gold`: key → gold group id."""
    label = {k: gold.get(k, k) for event in predicted for k in event}
    pred_of = {k: n for n, event in enumerate(predicted) for k in event}
    gold_groups: dict[str, list[str]] = {}
    for key, g in label.items():
        gold_groups.setdefault(g, []).append(key)
    pred_pairs, gold_pairs = _pairs(predicted), _pairs(gold_groups.values())
    both = len(pred_pairs & gold_pairs)
    bp, br = _bcubed(predicted, gold_groups, label, pred_of)
    merges = tuple(tuple(sorted(e)) for e in predicted if len({label[k] for k in e}) > 1)
    return MergeScore(
        keys=len(label),
        gold_events=len(gold_groups),
        predicted_events=len(predicted),
        pairwise_precision=both / len(pred_pairs) if pred_pairs else 1.0,
        pairwise_recall=both / len(gold_pairs) if gold_pairs else 1.0,
        bcubed_precision=bp,
        bcubed_recall=br,
        false_merges=merges,
    )


def _bcubed(
    predicted: Sequence[Sequence[str]],
    gold_groups: Mapping[str, list[str]],
    label: Mapping[str, str],
    pred_of: Mapping[str, int],
) -> tuple[float, float]:
    if not label:
        return 1.0, 1.0
    precision = recall = 0.0
    for key, g in label.items():
        event = predicted[pred_of[key]]
        together = Counter(label[k] for k in event)[g]
        precision += together / len(event)
        recall += together / len(gold_groups[g])
    return precision / len(label), recall / len(label)


# --- records from gold labels ----------------------------------------------------------------


def gold_records(
    gold_dir: Path, articles_dir: Path, exclude: Iterable[str] = ()
) -> list[ResultRecord]:
    """Each gold file of `gold_dir` (but `exclude`) as an ok result record, checked and grounded.

    Only the articles named by the gold files are read, so a held-out set stays unread.
    """
    from extract.resolve.gazetteer import Gazetteer

    skip = set(exclude)
    gazetteer = Gazetteer.load()
    records = []
    for path in sorted(gold_dir.glob("*.json")):
        if path.stem in skip:
            continue
        source = _source(path, articles_dir)
        gold = load_gold_file(path, source, gazetteer)
        records.append(
            ResultRecord(
                article_id=gold.id, article_hash="gold", status="ok", extraction=gold.extraction
            )
        )
    return records


def _source(path: Path, articles_dir: Path) -> SourceText:
    from extract.text.clean import clean
    from extract.text.ingest import iter_articles

    matches = sorted(articles_dir.glob(f"{path.stem}.*"))
    if not matches:
        raise GoldError(str(path), f"no article {path.stem!r} in {articles_dir}")
    for item in iter_articles([str(matches[0])]):
        if isinstance(item, InputError):
            raise GoldError(item.source, item.reason, hint=item.hint) from item
        cleaned = clean(item)
        title = getattr(cleaned.meta, "title", None)
        return SourceText(path.stem, cleaned.text, title, cleaned.offsets.to_raw)
    raise GoldError(str(path), f"cannot read the article {matches[0]}")
