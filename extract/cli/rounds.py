"""`kaocha batch round`: the Batch API for a prompt that asks in steps, one round per step.

A thin shell over :mod:`extract.batch.rounds`: ingest the last round's output, finish what
it allows, write the next round's input and say what it may cost before it is submitted.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer

from extract.batch.rounds import RoundState, RoundSummary, run_round
from extract.batch.runner import count_articles
from extract.cli import EXIT_FAILED
from extract.cli.options import ConfigOpt, ModelOpt, PromptOpt, out_option
from extract.cli.progress import RunProgress
from extract.cli.runs import (
    Inputs,
    MaxBytesOpt,
    batch_app,
    echo_failures,
    quiet_sdk_logs,
    run_options,
)
from extract.text.ingest import DEFAULT_MAX_BYTES


@batch_app.command("round")
def batch_round(
    inputs: Inputs,
    state: Annotated[
        Path, typer.Option("--state", "-s", help="Folder of the rounds' inputs and answers.")
    ],
    out: Annotated[Path, out_option("Results JSONL of the finished articles.")],
    ingest: Annotated[
        list[Path] | None,
        typer.Option("--ingest", "-i", help="A round's output JSONL, as downloaded; repeatable."),
    ] = None,
    model: ModelOpt = None,
    prompt: PromptOpt = None,
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
    config: ConfigOpt = None,
) -> None:
    """Run a step-by-step prompt through the Batch API, one batch round per step.

    Each call ingests the outputs given with --ingest, writes the records of the articles
    whose every question is now answered, and writes the next round's input (one request per
    waiting article) to the state folder, with its estimated cost. Upload that file as a
    batch, download its output, and call again with --ingest, until no round is left. An
    article whose request the batch answered with an error stops there, with that cause.
    """
    quiet_sdk_logs()
    rounds = RoundState(state)
    for output in ingest or []:
        typer.echo(f"ingested {rounds.ingest(output)} new answers from {output}")
    options = run_options(model, prompt, None, config)
    with RunProgress(count_articles(inputs)) as progress:
        summary = asyncio.run(
            run_round(options, inputs, rounds, out, observer=progress.observe, max_bytes=max_bytes)
        )
    _echo_round(summary, out)
    if summary.tally.failed:
        raise typer.Exit(EXIT_FAILED)


def _echo_round(summary: RoundSummary, out: Path) -> None:
    t = summary.tally
    typer.echo(
        f"finished now {t.done + t.failed} ({t.failed} failed) · finished before {t.skipped} · "
        f"waiting {len(summary.waiting)}"
    )
    typer.echo(f"results: {out}")
    if summary.path is not None and summary.estimate is not None:
        e = summary.estimate
        typer.echo(
            f"next round: {e.requests} requests in {summary.path}; estimated cost at most "
            f"${e.max_cost:.4f} (about {e.prompt_tokens} prompt tokens, at most "
            f"{e.max_completion_tokens} completion tokens, at the batch price)"
        )
        typer.echo("submit it as a batch, then run this again with --ingest <its output>")
    else:
        typer.echo("no round left: every article is finished")
    echo_failures(t.summary(1))
