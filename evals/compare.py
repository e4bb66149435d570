"""Compare: run folders side by side, per-field F1 deltas against the first, and CI gates.

The first run is the baseline; every later run is a candidate. A field regresses when its F1
drops by more than the tolerance. Gates: `min_f1` fails a candidate whose micro-F1 is below
the floor (the single run, when only one is given); `max_regression` fails a candidate with
any field (or the micro-F1) dropping by more than that.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from evals.scorecard import ScorecardFile, fmt_rate, read_scorecard

MICRO = "micro-F1 (all fields)"
DEFAULT_TOLERANCE = 0.005


@dataclass(frozen=True, slots=True)
class RunScores:
    """One run folder's F1 per field, as read from its scorecard.json."""

    name: str
    path: Path
    micro_f1: float | None
    f1: dict[str, float | None]
    model: str | None
    prompt: str | None


@dataclass(frozen=True, slots=True)
class Row:
    """One field across runs: F1 per run, delta of each candidate against the baseline."""

    field: str
    values: tuple[float | None, ...]
    deltas: tuple[float | None, ...]  # one per candidate (runs[1:])


@dataclass(frozen=True, slots=True)
class Comparison:
    runs: tuple[RunScores, ...]
    rows: tuple[Row, ...]
    tolerance: float

    def regressions(self, tolerance: float | None = None) -> list[tuple[str, str, float]]:
        """(candidate run, field, delta) for every drop larger than the tolerance."""
        limit = self.tolerance if tolerance is None else tolerance
        out = []
        for row in self.rows:
            for run, delta in zip(self.runs[1:], row.deltas, strict=True):
                if delta is not None and delta < -limit:
                    out.append((run.name, row.field, delta))
        return out


def load_run(run_dir: Path | str) -> RunScores:
    """The scores of a run folder (or of a scorecard.json given directly)."""
    path = Path(run_dir)
    card: ScorecardFile = read_scorecard(
        path if path.suffix == ".json" else path / "scorecard.json"
    )
    run = card.run or {}
    prompt = f"{run['prompt_id']} ({run.get('prompt_hash', '?')})" if "prompt_id" in run else None
    return RunScores(
        name=path.parent.name if path.suffix == ".json" else path.name,
        path=path,
        micro_f1=card.micro_f1,
        f1={row.name: row.f1 for row in card.fields},
        model=run.get("model"),
        prompt=prompt,
    )


def _delta(value: float | None, baseline: float | None) -> float | None:
    return None if value is None or baseline is None else value - baseline


def compare_runs(
    run_dirs: Sequence[Path | str], tolerance: float = DEFAULT_TOLERANCE
) -> Comparison:
    """Every run against the first; fields in the baseline's order, new fields after."""
    runs = tuple(load_run(d) for d in run_dirs)
    names = list(dict.fromkeys(name for run in runs for name in run.f1))
    rows = [_row(MICRO, [run.micro_f1 for run in runs])]
    rows += [_row(name, [run.f1.get(name) for run in runs]) for name in names]
    return Comparison(runs, tuple(rows), tolerance)


def _row(field: str, values: list[float | None]) -> Row:
    return Row(field, tuple(values), tuple(_delta(v, values[0]) for v in values[1:]))


def gate(
    comparison: Comparison, min_f1: float | None = None, max_regression: float | None = None
) -> list[str]:
    """Why the candidates fail the gates (empty when they pass)."""
    candidates = comparison.runs[1:] or comparison.runs
    failures = []
    if min_f1 is not None:
        for run in candidates:
            if run.micro_f1 is None or run.micro_f1 < min_f1:
                failures.append(f"{run.name}: micro-F1 {fmt_rate(run.micro_f1)} < floor {min_f1}")
    if max_regression is not None:
        for name, field, delta in comparison.regressions(max_regression):
            failures.append(f"{name}: {field} F1 dropped {-delta:.3f} > allowed {max_regression}")
    return failures


def _cell(value: float | None, delta: float | None, tolerance: float) -> str:
    text = fmt_rate(value)
    if delta is None:
        return text
    marker = " ▼" if delta < -tolerance else (" ▲" if delta > tolerance else "")
    return f"{text} ({delta:+.3f}){marker}"


def render_comparison(comparison: Comparison) -> str:
    """A Markdown table: one column per run, deltas against the first, ▼ on regressions."""
    runs = comparison.runs
    header = ["field", *(f"{r.name} (baseline)" if i == 0 else r.name for i, r in enumerate(runs))]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    for row in comparison.rows:
        cells = [fmt_rate(row.values[0])]
        cells += [
            _cell(v, d, comparison.tolerance)
            for v, d in zip(row.values[1:], row.deltas, strict=True)
        ]
        lines.append("| " + " | ".join([row.field, *cells]) + " |")
    described = [f"- {r.name}: model {r.model or '?'}, prompt {r.prompt or '?'}" for r in runs]
    return "\n".join([*lines, "", *described]) + "\n"
