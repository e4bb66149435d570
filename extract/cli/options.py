"""The options that several commands share, declared once so `run`, `eval` and `batch` spell
them the same way: `-m/--model`, `-p/--prompt`, `-o/--out`, `--cache/--no-cache`, …"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

ModelOpt = Annotated[
    str | None,
    typer.Option("--model", "-m", help="Model name from the config (kaocha model list)."),
]
PromptOpt = Annotated[str | None, typer.Option("--prompt", "-p", help="Prompt id or .toml path.")]
BaseUrlOpt = Annotated[
    str | None,
    typer.Option("--base-url", help="Call this OpenAI-compatible endpoint (…/v1) instead."),
]
ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", help="A TOML file that adds or replaces models (or $KAOCHA_CONFIG)."),
]
CacheOpt = Annotated[
    bool,
    typer.Option(
        "--cache/--no-cache",
        help="Reuse validated answers from the response cache (runs/cache.sqlite) and fill it.",
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def out_option(help_text: str) -> typer.models.OptionInfo:
    """`-o/--out`, with what it names for this command."""
    option: typer.models.OptionInfo = typer.Option("--out", "-o", help=help_text)
    return option
