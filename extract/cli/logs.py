"""`kaocha logs`: list and show the logged model calls; `kaocha logs` alone lists them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console
from rich.table import Table
from typer.core import TyperGroup

from extract.cli import app
from extract.cli.options import JsonOpt
from extract.errors import ConfigError
from extract.llm.calllog import CallLog
from extract.pipeline.wiring import DEFAULT_LOG

if TYPE_CHECKING:
    from typer._click import Context as ClickContext  # the click that typer vendors


class _ListByDefault(TyperGroup):
    """`kaocha logs [OPTIONS]` is `kaocha logs list [OPTIONS]`, as `llm logs` is."""

    def parse_args(self, ctx: ClickContext, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h")):
            args = ["list", *args]
        return super().parse_args(ctx, args)


logs_app = typer.Typer(
    cls=_ListByDefault,
    help="Read the call log: every model call with its request, response and usage. "
    "`kaocha logs` alone lists the newest calls.",
)
app.add_typer(logs_app, name="logs")
BODIES = ("request", "response")

DbOption = typer.Option(DEFAULT_LOG, "--db", help="The call log (SQLite) to read.")


def _open(db: Path) -> CallLog:
    if not db.exists():
        raise ConfigError(f"no call log at {db}", hint="run an extraction first, or pass --db")
    return CallLog(db)


@logs_app.command("list")
def list_calls(
    db: Path = DbOption,
    article: str | None = typer.Option(None, help="Only calls for this article id."),
    limit: int = typer.Option(30, help="How many of the newest calls to list."),
    as_json: JsonOpt = False,
) -> None:
    """The newest calls, one line each: article, attempt, status, tokens, latency.

    With --json, one object per call with every logged column but the request and response
    bodies (see `kaocha logs show ID`).
    """
    log = _open(db)
    if as_json:
        rows = [_without_bodies(row) for row in log.rows(article_id=article, limit=limit)]
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table("id", "time", "article", "step", "try", "status", "in", "out", "ms", "error")
    for row in log.rows(article_id=article, limit=limit):
        table.add_row(
            str(row["id"]),
            row["ts"][11:19],
            row["article_id"] or "",
            row["step"] or "",
            f"{row['attempt']}.{row['transport_attempt']}",
            str(row["status"] or "-"),
            str(row["prompt_tokens"] or 0),
            str(row["completion_tokens"] or 0),
            f"{row['latency_ms']:.0f}",
            (row["error"] or "")[:40],
        )
    Console().print(table)


@logs_app.command("show")
def show_call(call_id: int, db: Path = DbOption) -> None:
    """One call in full: labels, request and response bodies."""
    row = _open(db).get(call_id)
    if row is None:
        raise ConfigError(f"no call {call_id} in {db}", hint="see `kaocha logs list`")
    for key in BODIES:
        row[key] = _pretty(row[key])
    typer.echo(json.dumps(row, ensure_ascii=False, indent=2))


def _without_bodies(row: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in row.items() if key not in BODIES}


def _pretty(body: str | None) -> object:
    try:
        return json.loads(body) if body else None
    except ValueError:
        return body
