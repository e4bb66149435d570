"""The overrides file: must-link and cannot-link ids, and the match policy, tuned by hand.

TOML (or JSON with the same keys)::

    must_link = [["p01_b#1", "d11#1"]]      # always one event
    cannot_link = [["d04#1", "d04#2"]]      # never one event
    [policy]
    corroborate = ["people", "stops", "agreements", "quote", "same_days"]
    min_shared_people = 1
    day_slack = 1

Ids are mention keys, ``<article id>#<visit index>``; a bare article id means its visit 1.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from extract.errors import ConfigError
from extract.events.matching import CORROBORATIONS, DEFAULT_POLICY, MatchPolicy


def mention_key(text: str) -> str:
    """``d11`` → ``d11#1``; a key with its index stays as it is."""
    text = text.strip()
    return text if "#" in text else f"{text}#1"


class _PolicyFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    corroborate: list[str] = Field(default_factory=lambda: list(CORROBORATIONS))
    min_shared_people: int = Field(default=1, ge=1)
    day_slack: int = Field(default=1, ge=0)

    @field_validator("corroborate")
    @classmethod
    def _known(cls, v: list[str]) -> list[str]:
        bad = sorted(set(v) - set(CORROBORATIONS))
        if bad:
            raise ValueError(f"unknown rules {bad}; use some of {list(CORROBORATIONS)}")
        return v


class _OverridesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    must_link: list[list[str]] = Field(default_factory=list)
    cannot_link: list[list[str]] = Field(default_factory=list)
    policy: _PolicyFile = Field(default_factory=_PolicyFile)


@dataclass(frozen=True)
class Overrides:
    """Pairs of mention keys that must be, or must never be, one event; and the policy."""

    must_link: tuple[tuple[str, str], ...] = ()
    cannot_link: frozenset[frozenset[str]] = frozenset()
    policy: MatchPolicy = field(default_factory=lambda: DEFAULT_POLICY)

    def forbids(self, a: str, b: str) -> bool:
        return frozenset((a, b)) in self.cannot_link


NO_OVERRIDES = Overrides()


def load_overrides(path: Path) -> Overrides:
    """Read and check an overrides file; a problem is a `ConfigError` naming the file."""
    data = _read(path)
    try:
        parsed = _OverridesFile.model_validate(data)
    except ValidationError as e:
        error = e.errors()[0]
        where = ".".join(str(p) for p in error["loc"])
        raise ConfigError(f"{path}: {where}: {error['msg']}", hint=_HINT) from e
    must = tuple(_pairs(path, parsed.must_link))
    cannot = frozenset(frozenset(p) for p in _pairs(path, parsed.cannot_link))
    both = [sorted(p) for p in must if frozenset(p) in cannot]
    if both:
        raise ConfigError(f"{path}: {both[0]} is both a must-link and a cannot-link", hint=_HINT)
    p = parsed.policy
    policy = MatchPolicy(frozenset(p.corroborate), p.min_shared_people, p.day_slack)
    return Overrides(must, cannot, policy)


_HINT = "see docs/events.md: must_link and cannot_link are lists of [id, id] pairs"


def _read(path: Path) -> object:
    try:
        text = path.read_text(encoding="utf-8")
        return json.loads(text) if path.suffix == ".json" else tomllib.loads(text)
    except (OSError, ValueError) as e:
        raise ConfigError(f"cannot read the overrides file {path}: {e}", hint=_HINT) from e


def _pairs(path: Path, groups: list[list[str]]) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for group in groups:
        if len(group) != 2:
            raise ConfigError(f"{path}: {group} is not a pair of ids", hint=_HINT)
        pairs.append((mention_key(group[0]), mention_key(group[1])))
    return pairs
