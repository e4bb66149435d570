"""`kaocha review`: read records beside their articles in the browser, correct them, save gold."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Annotated

import typer

from extract.cli import app


def _default_reviewer() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


@app.command("review")
def review_command(
    results: Annotated[
        list[Path],
        typer.Argument(
            help="Results JSONL to review; more files only measure how much runs agree."
        ),
    ],
    gold: Annotated[
        Path, typer.Option("--gold", help="Folder the corrected records are saved to as gold.")
    ] = Path("seeds/gold"),
    articles: Annotated[
        Path, typer.Option("--articles", help="Folder of the articles the results came from.")
    ] = Path("seeds"),
    reviewer: Annotated[
        str | None,
        typer.Option("--by", help="Who reviews (written into each saved gold file's notes)."),
    ] = None,
    port: Annotated[int, typer.Option("--port", help="Port on 127.0.0.1 (0: a free one).")] = 0,
) -> None:
    """Start the review app on 127.0.0.1 and print its URL; Ctrl-C stops it.

    The queue lists the records most in doubt first. On an article page, accept, correct,
    add (select the evidence in the article first) or delete items, then save: the record is
    checked like any gold file and written to --gold, the old file kept in --gold/.backup.
    """
    from evals.review.server import create_app, serve
    from evals.review.session import ReviewSession

    session = ReviewSession.open(results, gold, articles, reviewer or _default_reviewer())
    typer.echo(f"{len(session.ids)} records to review; gold goes to {gold}")

    def announce(url: str) -> None:
        typer.echo(f"review: {url}  (Ctrl-C stops)")

    serve(create_app(session), announce, port)
