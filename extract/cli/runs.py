"""`kaocha run`, `kaocha export` and `kaocha batch …`: batch extraction, tidy tables, Batch API.

A thin shell over :mod:`extract.batch.runner`, :mod:`extract.batch.exports` and :mod:`extract.batch.batchapi`:
it parses flags, shows a progress bar and prints the summary.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer

from extract.batch.batchapi import ingest_batch, prepare_batch
from extract.batch.exports import ExportFormat, export_results
from extract.batch.runner import RunPlan, RunSummary, count_articles, run_batch
from extract.cli import EXIT_FAILED, app
from extract.cli.options import (
    BaseUrlOpt,
    CacheOpt,
    ConfigOpt,
    ModelOpt,
    PromptOpt,
    out_option,
)
from extract.cli.progress import RunProgress
from extract.errors import ConfigError
from extract.llm.cache import DEFAULT_CACHE
from extract.llm.config import adhoc_model
from extract.pipeline.wiring import Options
from extract.text.ingest import DEFAULT_MAX_BYTES

batch_app = typer.Typer(
    help="The OpenAI Batch API: write a batch input file, ingest a batch output file.",
    no_args_is_help=True,
)
app.add_typer(batch_app, name="batch")

Inputs = Annotated[
    list[str], typer.Argument(help="Article files, folders, glob patterns or JSONL files.")
]
MaxBytesOpt = Annotated[
    int, typer.Option("--max-bytes", help="Refuse article files or records larger than this.")
]
RetryOpt = Annotated[
    bool, typer.Option("--retry-failed", help="Extract again the articles that failed before.")
]


def quiet_sdk_logs() -> None:
    """Failures end up in the records; the SDK's own log lines would only break the bar."""
    logging.getLogger("instructor").setLevel(logging.CRITICAL)


def run_options(
    model: str | None,
    prompt: str | None,
    base_url: str | None,
    config: Path | None,
    adhoc: AdHoc | None = None,
    **shape: Any,
) -> Options:
    """Options for a run; `--model-id` with `--base-url` names a model no config lists."""
    if adhoc is not None and adhoc.model_id:
        if not base_url:
            raise ConfigError(
                "--model-id needs --base-url", hint="e.g. --base-url http://127.0.0.1:8000/v1"
            )
        model_config = adhoc_model(adhoc.model_id, base_url, adhoc.api_key_env, adhoc.mode)
        return Options(
            prompt=prompt, config_path=config, adhoc=model_config, base_url=base_url, **shape
        )
    return Options(model=model, prompt=prompt, base_url=base_url, config_path=config, **shape)


@dataclass(frozen=True)
class AdHoc:
    model_id: str | None
    api_key_env: str | None
    mode: str


@app.command("run")
def run_command(
    inputs: Inputs,
    out: Annotated[Path, out_option("Results JSONL; re-running resumes it.")],
    model: ModelOpt = None,
    prompt: PromptOpt = None,
    concurrency: Annotated[
        int | None,
        typer.Option(
            "--concurrency",
            min=1,
            help="Requests in flight (default: the model's `concurrency`); "
            "set it to the server's parallel slots.",
        ),
    ] = None,
    retry_failed: RetryOpt = False,
    cache: CacheOpt = True,
    base_url: BaseUrlOpt = None,
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
    config: ConfigOpt = None,
    model_id: Annotated[
        str | None,
        typer.Option("--model-id", help="A model no config names: its id at --base-url."),
    ] = None,
    api_key_env: Annotated[
        str | None, typer.Option("--api-key-env", help="With --model-id: env var holding the key.")
    ] = None,
    mode: Annotated[
        str, typer.Option("--mode", help="With --model-id: tools, json_schema, json or md_json.")
    ] = "tools",
    split: Annotated[
        bool,
        typer.Option(
            "--split/--no-split",
            help="Extract an article too long for the context in parts, or refuse it.",
        ),
    ] = True,
    max_parts: Annotated[
        int,
        typer.Option(
            "--max-parts",
            min=1,
            help="Ask about at most this many parts of a long article; the record is flagged "
            "'truncated' with the characters left out.",
        ),
    ] = 4,
    max_reasks: Annotated[
        int,
        typer.Option("--max-reasks", min=0, help="Re-asks after a validation error, per question."),
    ] = 2,
) -> None:
    """Extract every article into a results file, resuming it if it exists.

    Articles already done with the same text, prompt, schema, model and parameters are
    skipped; failed ones too unless --retry-failed. Each record is written as it finishes.
    """
    quiet_sdk_logs()
    options = run_options(
        model,
        prompt,
        base_url,
        config,
        AdHoc(model_id, api_key_env, mode),
        split=split,
        max_reasks=max_reasks,
        max_parts=max_parts,
    )
    cache_path = DEFAULT_CACHE if cache else None
    plan = RunPlan(tuple(inputs), out, concurrency, retry_failed, cache_path, max_bytes)
    with RunProgress(count_articles(inputs)) as progress:
        summary = asyncio.run(run_batch(options, plan, observer=progress.observe))
    _print_summary(summary, out)
    if summary.failed:
        raise typer.Exit(EXIT_FAILED)


def _print_summary(s: RunSummary, out: Path) -> None:
    typer.echo(
        f"done {s.done} · skipped {s.skipped} · failed {s.failed} · "
        f"calls {s.calls} (cache hits {s.cache_hits}) · tokens {s.tokens} · "
        f"cost ${s.cost:.4f} · {s.seconds:.1f} s ({s.seconds_per_article:.2f} s/article, "
        f"{s.concurrency} in flight)"
    )
    typer.echo(f"results: {out}")
    echo_failures(s)


def echo_failures(s: RunSummary) -> None:
    """How many articles failed and why, grouped by cause, on stderr."""
    if not s.failed:
        return
    typer.echo(f"{s.failed} article(s) failed:", err=True)
    for cause, count in s.failures:
        typer.echo(f"  {count:>5} × {cause}", err=True)
    if any(cause.startswith("endpoint") for cause, _ in s.failures):
        typer.echo("the endpoint's failures are asked again when the command is re-run", err=True)


@app.command("export")
def export_command(
    results: Annotated[Path, typer.Argument(help="A results JSONL file from `kaocha run`.")],
    fmt: Annotated[
        ExportFormat, typer.Option("--format", help="csv, jsonl, or parquet (kaocha[parquet]).")
    ] = ExportFormat.CSV,
    out: Annotated[Path, out_option("Folder for the tables.")] = Path("exports"),
) -> None:
    """Write tidy tables: visits (one row per visit and destination), itinerary, people."""
    summary = export_results(results, fmt, out)
    for path, (table, rows) in zip(summary.files, summary.rows.items(), strict=True):
        typer.echo(f"{table:<10} {rows:>7} rows  {path}")
    if summary.left_out:
        records = "record" if summary.left_out == 1 else "records"
        typer.echo(
            f"left out {summary.left_out} {records}: {summary.failed} failed, "
            f"{summary.not_visits} not a visit"
        )


@batch_app.command("prepare")
def batch_prepare(
    inputs: Inputs,
    out: Annotated[Path, out_option("Batch input JSONL to upload.")] = Path("batch_input.jsonl"),
    model: ModelOpt = None,
    prompt: PromptOpt = None,
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
    config: ConfigOpt = None,
) -> None:
    """Write one Batch API request per article (per part of a long one), as a live run sends it."""
    options = run_options(model, prompt, None, config)

    def report(message: str) -> None:
        typer.echo(f"error: {message}", err=True)

    summary = asyncio.run(prepare_batch(options, inputs, out, max_bytes=max_bytes, on_error=report))
    typer.echo(f"{summary.requests} requests for {summary.articles} articles: {out}")
    if summary.skipped:
        typer.echo(f"{summary.skipped} inputs left out (see the errors above)", err=True)


@batch_app.command("ingest")
def batch_ingest(
    output: Annotated[Path, typer.Argument(help="The batch output JSONL, as downloaded.")],
    inputs: Annotated[
        list[str], typer.Option("--inputs", help="The articles the batch was prepared from.")
    ],
    out: Annotated[Path, out_option("Results JSONL (resumed if it exists).")],
    model: ModelOpt = None,
    prompt: PromptOpt = None,
    retry_failed: RetryOpt = False,
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
    config: ConfigOpt = None,
) -> None:
    """Validate and ground a batch's answers into a results file, as a live run would."""
    quiet_sdk_logs()
    options = run_options(model, prompt, None, config)
    with RunProgress(count_articles(inputs)) as progress:
        summary = asyncio.run(
            ingest_batch(
                options,
                output,
                inputs,
                out,
                retry_failed=retry_failed,
                observer=progress.observe,
                max_bytes=max_bytes,
            )
        )
    _print_summary(summary, out)
    if summary.failed:
        raise typer.Exit(EXIT_FAILED)
