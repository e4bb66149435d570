"""`kaocha eval` and `kaocha compare`: score a results file against gold; gate runs in CI."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from evals.compare import DEFAULT_TOLERANCE, compare_runs, gate, render_comparison
from evals.runfolder import RunFolder, evaluate_records, read_results
from evals.scorecard import headline_rows
from extract.cli import app


def _default_out() -> Path:
    return Path("runs") / dt.datetime.now().strftime("eval-%Y%m%d-%H%M%S")


@app.command("eval")
def eval_command(
    results: Annotated[
        Path,
        typer.Option("--results", help="A results JSONL file (one ResultRecord a line) to score."),
    ],
    gold: Annotated[
        Path, typer.Option("--gold", help="Folder of gold files <article id>.json.")
    ] = Path("seeds/gold"),
    seeds: Annotated[
        Path, typer.Option("--seeds", help="Folder of the articles the gold files label.")
    ] = Path("seeds"),
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Run folder to write (default: runs/eval-<timestamp>)."),
    ] = None,
) -> None:
    """Score a results file against the gold labels and write a run folder.

    The folder gets results.jsonl, scorecard.json, scorecard.md and scorecard.html.
    """
    records = read_results(results)
    folder = RunFolder(out or _default_out())
    scorecard = evaluate_records(records, gold, seeds, folder.root, results_source=results)
    for label, value in headline_rows(scorecard):
        typer.echo(f"{label:<30} {value}")
    typer.echo(f"scorecard: {folder.scorecard_md}")
    typer.echo(f"           {folder.scorecard_html}")


@app.command("compare")
def compare_command(
    runs: Annotated[list[Path], typer.Argument(help="Run folders; the first is the baseline.")],
    min_f1: Annotated[
        float | None,
        typer.Option("--min-f1", help="Fail when a candidate's micro-F1 is below this floor."),
    ] = None,
    max_regression: Annotated[
        float | None,
        typer.Option("--max-regression", help="Fail when any field's F1 drops by more than this."),
    ] = None,
    tolerance: Annotated[
        float, typer.Option("--tolerance", help="Drops larger than this are marked ▼.")
    ] = DEFAULT_TOLERANCE,
) -> None:
    """Put run folders side by side with per-field F1 deltas against the first one.

    Exits 1 when a gate (--min-f1, --max-regression) fails, so a prompt change can be gated.
    """
    comparison = compare_runs(runs, tolerance)
    typer.echo(render_comparison(comparison))
    failures = gate(comparison, min_f1, max_regression)
    for failure in failures:
        typer.echo(f"FAIL {failure}", err=True)
    if failures:
        raise typer.Exit(1)
