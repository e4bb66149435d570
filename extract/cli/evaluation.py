"""`kaocha eval` and `kaocha compare`: score a results file against gold; gate runs in CI."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from evals.compare import (
    DEFAULT_TOLERANCE,
    Comparison,
    compare_runs,
    gate,
    render_comparison,
)
from evals.runfolder import RunFolder, evaluate_records, evaluate_sets, read_results
from evals.scorecard import headline_rows, set_rows
from evals.scoring import Scorecard
from evals.sets import LabeledSet, resolve_sets
from extract.batch.runner import RunSummary, summarise_failures
from extract.cli import EXIT_FAILED, app
from extract.cli.options import BaseUrlOpt, CacheOpt, ConfigOpt, ModelOpt, PromptOpt, out_option
from extract.cli.progress import RunProgress
from extract.cli.runs import echo_failures

if TYPE_CHECKING:
    from extract.pipeline.wiring import Options


def _default_out() -> Path:
    return Path("runs") / dt.datetime.now().strftime("eval-%Y%m%d-%H%M%S")


@app.command("eval")
def eval_command(
    results: Annotated[
        Path | None,
        typer.Option("--results", help="Score this results JSONL instead of running extraction."),
    ] = None,
    model: ModelOpt = None,
    prompt: PromptOpt = None,
    base_url: BaseUrlOpt = None,
    config: ConfigOpt = None,
    replay: Annotated[
        bool,
        typer.Option(
            "--replay",
            help="Answer every model call from the prompt's recorded cassette (offline).",
        ),
    ] = False,
    cache: CacheOpt = True,
    gold: Annotated[
        Path, typer.Option("--gold", help="Folder of gold files <article id>.json.")
    ] = Path("seeds/gold"),
    seeds: Annotated[
        Path, typer.Option("--seeds", help="Folder of the articles the gold files label.")
    ] = Path("seeds"),
    out: Annotated[
        Path | None, out_option("Run folder to write (default: runs/eval-<timestamp>).")
    ] = None,
    labeled_sets: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            help="Labeled set to score (seeds, dev-tune, dev-check, pairs, or all for the first three); "
            "repeatable. "
            "The scorecard shows the sets side by side. Replaces --gold/--seeds.",
        ),
    ] = None,
) -> None:
    """Run a prompt × model over the labeled seeds (live, or offline with --replay) and score it;
    or score an existing results file (--results).

    The run folder gets results.jsonl, scorecard.json, scorecard.md and scorecard.html.
    Re-running into the same folder resumes: articles already extracted are not asked again.
    """
    folder = RunFolder(out or _default_out())
    sets = resolve_sets(labeled_sets) if labeled_sets else None
    if results is not None:
        records = read_results(results)
        if sets:
            scorecard, per_set = evaluate_sets(records, sets, folder.root, results_source=results)
            _echo_sets(per_set)
        else:
            scorecard = evaluate_records(records, gold, seeds, folder.root, results_source=results)
        summary = summarise_failures(records)
    elif sets:
        summary, scorecard = _run_sets(model, prompt, base_url, config, replay, cache, sets, folder)
    else:
        summary, scorecard = _run_live(
            model, prompt, base_url, config, replay, cache, gold, seeds, folder
        )
    for label, value in headline_rows(scorecard):
        typer.echo(f"{label:<30} {value}")
    typer.echo(f"scorecard: {folder.scorecard_md}")
    typer.echo(f"           {folder.scorecard_html}")
    echo_failures(summary)
    if summary.failed:
        raise typer.Exit(EXIT_FAILED)


def _run_live(
    model: str | None,
    prompt: str | None,
    base_url: str | None,
    config: Path | None,
    replay: bool,
    cache: bool,
    gold: Path,
    seeds: Path,
    folder: RunFolder,
) -> tuple[RunSummary, Scorecard]:
    import asyncio

    from evals.live import gold_inputs, run_and_score

    options, tape = _options_and_tape(model, prompt, base_url, config, replay)
    total = len(gold_inputs(gold, seeds))  # a missing gold or seeds folder fails here, first
    typer.echo(f"extracting the labeled articles of {seeds} into {folder.results}", err=True)
    with RunProgress(total) as progress:
        summary, scorecard = asyncio.run(
            run_and_score(
                options,
                gold_dir=gold,
                seeds_dir=seeds,
                out_dir=folder.root,
                replay=tape,
                use_cache=cache,
                observer=progress.observe,
            )
        )
    typer.echo(
        f"{summary.done} done, {summary.skipped} already done, {summary.failed} failed; "
        f"{summary.seconds_per_article:.1f} s per article",
        err=True,
    )
    return summary, scorecard


def _run_sets(
    model: str | None,
    prompt: str | None,
    base_url: str | None,
    config: Path | None,
    replay: bool,
    cache: bool,
    sets: list[LabeledSet],
    folder: RunFolder,
) -> tuple[RunSummary, Scorecard]:
    import asyncio

    from evals.live import run_and_score_sets, set_inputs

    options, tape = _options_and_tape(model, prompt, base_url, config, replay)
    names = ", ".join(s.name for s in sets)
    total = len(set_inputs(sets))
    typer.echo(f"extracting the articles of {names} into {folder.results}", err=True)
    with RunProgress(total) as progress:
        summary, scorecard, per_set = asyncio.run(
            run_and_score_sets(
                options,
                sets,
                out_dir=folder.root,
                replay=tape,
                use_cache=cache,
                observer=progress.observe,
            )
        )
    _echo_sets(per_set)
    return summary, scorecard


def _options_and_tape(
    model: str | None, prompt: str | None, base_url: str | None, config: Path | None, replay: bool
) -> tuple[Options, Path | None]:
    """The run's options, and the prompt's cassette when the run replays it."""
    from extract.llm.cassettes import cassette_path
    from extract.pipeline.wiring import Options, prompt_name

    options = Options(model=model, prompt=prompt, base_url=base_url, config_path=config)
    return options, cassette_path(prompt_name(options)) if replay else None


def _echo_sets(per_set: dict[str, Scorecard]) -> None:
    header, rows = set_rows(per_set)
    widths = [max(len(r[k]) for r in [header, *rows]) for k in range(len(header))]
    for row in [header, *rows]:
        typer.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))


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
    html: Annotated[
        bool,
        typer.Option("--html", help="Also write a side-by-side page with the deltas drawn."),
    ] = False,
    html_out: Annotated[
        Path, typer.Option("--html-out", help="Where --html writes the page.")
    ] = Path("compare.html"),
) -> None:
    """Put run folders side by side with per-field F1 deltas against the first one.

    Exits 1 when a gate (--min-f1, --max-regression) fails, so a prompt change can be gated.
    """
    comparison = compare_runs(runs, tolerance)
    typer.echo(render_comparison(comparison))
    if html:
        _write_compare_html(comparison, html_out)
    failures = gate(comparison, min_f1, max_regression)
    for failure in failures:
        typer.echo(f"FAIL {failure}", err=True)
    if failures:
        raise typer.Exit(EXIT_FAILED)


def _write_compare_html(comparison: Comparison, out: Path) -> None:
    from evals.comparehtml import render_compare_html

    if len(comparison.runs) < 2:
        raise typer.BadParameter("--html needs two run folders: a baseline and a candidate")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_compare_html(comparison), encoding="utf-8")
    typer.echo(f"compare page: {out}")
