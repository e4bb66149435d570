"""Labeled sets: named groups of gold files with their articles, scored side by side.

    seeds       seeds/gold over seeds/             the five seed articles
    dev-tune    seeds/dev/gold over seeds/dev/     the development pages rules may be tuned on
    dev-check   seeds/dev/gold over seeds/dev/     the held-out pages named in seeds/dev/split.toml
    pairs       seeds/dev/pairs/gold over seeds/dev/pairs/   pages reporting a visit another
                                                            page reports too (for events)

`kaocha eval --set seeds --set dev-tune --set dev-check` extracts the union once and writes
one scorecard with a column per set; `--set all` names the first three, `--set pairs` adds
the pair pages.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from extract.errors import ConfigError

SPLIT_FILE = Path("seeds/dev/split.toml")
ALL = ("seeds", "dev-tune", "dev-check")
# The sets the recorded cassette holds.
RECORDED = ALL


@dataclass(frozen=True, slots=True)
class LabeledSet:
    """Gold files of `gold` labeling articles of `articles`; `ids` narrows them (None: all)."""

    name: str
    gold: Path
    articles: Path
    ids: frozenset[str] | None = None
    exclude: frozenset[str] = frozenset()

    def wants(self, article_id: str) -> bool:
        inside = self.ids is None or article_id in self.ids
        return inside and article_id not in self.exclude


def check_ids(split: Path = SPLIT_FILE) -> frozenset[str]:
    """The held-out ids of the development set."""
    try:
        data = tomllib.loads(split.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise ConfigError(f"cannot read the dev split {split}: {e}") from e
    ids = data.get("check")
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise ConfigError(f"{split}: `check` must be a list of article ids")
    return frozenset(ids)


def builtin_sets(root: Path = Path(".")) -> dict[str, LabeledSet]:
    dev, gold = root / "seeds" / "dev", root / "seeds" / "dev" / "gold"
    check = check_ids(root / SPLIT_FILE)
    return {
        "seeds": LabeledSet("seeds", root / "seeds" / "gold", root / "seeds"),
        "dev-tune": LabeledSet("dev-tune", gold, dev, exclude=check),
        "dev-check": LabeledSet("dev-check", gold, dev, ids=check),
        "pairs": LabeledSet("pairs", dev / "pairs" / "gold", dev / "pairs"),
    }


def resolve_sets(names: Iterable[str], root: Path = Path(".")) -> list[LabeledSet]:
    """The sets named (``all`` for the three), in order, each once."""
    known = builtin_sets(root)
    wanted: list[str] = []
    for name in names:
        for one in ALL if name == "all" else (name,):
            if one not in known:
                raise ConfigError(
                    f"no labeled set {one!r}", hint=f"use one of: {', '.join(known)}, all"
                )
            if one not in wanted:
                wanted.append(one)
    return [known[n] for n in wanted]


def set_of(sets: Iterable[LabeledSet], ids: Iterable[str]) -> Mapping[str, list[str]]:
    """Which of `ids` each set holds, by set name."""
    ids = list(ids)
    return {s.name: [i for i in ids if s.wants(i)] for s in sets}
