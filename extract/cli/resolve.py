"""`kaocha resolve …`: look up a place, a date expression or a title + name by hand."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated

import typer

from extract.cli import app
from extract.resolve import dates, people
from extract.resolve.gazetteer import Gazetteer
from schemas.dates import PartialDate

resolve_app = typer.Typer(
    help="Resolve a place mention, a date expression or a title + name, as the validators do.",
    no_args_is_help=True,
)
app.add_typer(resolve_app, name="resolve")

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]


@resolve_app.command("place")
def place(
    mention: Annotated[str, typer.Argument(help="As the article writes it: 吴江, 苏州市吴江区.")],
    context: Annotated[
        list[str] | None,
        typer.Option(
            "--context", "-c", help="A region that narrows an ambiguous name (repeatable)."
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Resolve a place mention to a division (adcode, level, parents) or say why not."""
    gazetteer = Gazetteer.load()
    region = gazetteer.resolve(mention, context or ())
    if as_json:
        typer.echo(region.model_dump_json(indent=2))
        return
    typer.echo(f"{region.mention}: {region.status.value}")
    if region.name:
        typer.echo(f"  name     {region.name}")
    if region.adcode:
        typer.echo(f"  adcode   {region.adcode}")
    if region.level:
        typer.echo(f"  level    {region.level.value}")
    if region.parents:
        typer.echo(f"  parents  {' < '.join(region.parents)}")
    for candidate in region.candidates:
        parents = gazetteer.parents(candidate.split()[0])
        typer.echo(f"  candidate {candidate} ({' < '.join(parents)})")


@resolve_app.command("date")
def date(
    expression: Annotated[str, typer.Argument(help="3月6日至7日, 17日至19日, 昨天 …")],
    published: Annotated[
        str | None, typer.Option("--published", "-p", help="Publication date, YYYY-MM-DD.")
    ] = None,
    planned: Annotated[
        bool, typer.Option("--planned", help="An announced trip: dates on or after publication.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Resolve a date expression to start and end partial dates."""
    pub = _parse_published(published)
    result = dates.resolve_dates(expression, pub, planned=planned)
    if result is None:
        typer.echo("null" if as_json else f"{expression}: no valid date", err=not as_json)
        raise typer.Exit(1)
    start, end = result
    if as_json:
        typer.echo(json.dumps({"start": start.model_dump(), "end": end.model_dump()}))
        return
    for label, part in (("start", start), ("end", end)):
        inferred = f"  (inferred: {', '.join(part.inferred)})" if part.inferred else ""
        typer.echo(f"{label:<6}{_show(part)}{inferred}")


def _parse_published(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as e:
        raise typer.BadParameter(f"{value!r} is not YYYY-MM-DD", param_hint="--published") from e


def _show(part: PartialDate) -> str:
    widths = ((part.year, 4), (part.month, 2), (part.day, 2))
    return "-".join(f"{v:0{w}d}" if v is not None else "?" * w for v, w in widths)


@resolve_app.command("person")
def person(
    text: Annotated[str, typer.Argument(help="Title + name: 吴江区委副书记、区长王国荣.")],
    as_json: JsonOption = False,
) -> None:
    """Split titles from names (a whole sentence works too)."""
    found = people.split_title_name(text)
    if as_json:
        rows = [{"name": p.name, "title": p.title, "start": p.start, "end": p.end} for p in found]
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    if not found:
        typer.echo(f"{text}: no title + name found", err=True)
        raise typer.Exit(1)
    for p in found:
        typer.echo(f"{p.name}\t{p.title or '-'}")
