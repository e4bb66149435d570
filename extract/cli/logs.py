"""`kaocha logs`: list and show the logged model calls."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from extract.calllog import CallLog
from extract.cli import app
from extract.errors import ConfigError
from extract.wiring import DEFAULT_LOG

logs_app = typer.Typer(
    help="Read the call log: every model call with its request, response and usage."
)
app.add_typer(logs_app, name="logs")

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
) -> None:
    """The newest calls, one line each: article, attempt, status, tokens, latency."""
    log = _open(db)
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
    for key in ("request", "response"):
        row[key] = _pretty(row[key])
    typer.echo(json.dumps(row, ensure_ascii=False, indent=2))


def _pretty(body: str | None) -> object:
    try:
        return json.loads(body) if body else None
    except ValueError:
        return body
