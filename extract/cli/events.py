"""`kaocha events`: merge the visits of results files into events, write tables and GraphML.

A thin shell over :mod:`extract.events` (merging, tables) and :mod:`evals.events` (scoring
against merge gold).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from evals.events import load_merge_gold, score_merge
from extract.batch.exports import ExportFormat
from extract.cli import app
from extract.cli.options import out_option
from extract.events.graphml import write_graphml
from extract.events.links import NO_OVERRIDES, load_overrides
from extract.events.merge import merge, read_mentions, unknown_ids
from extract.events.tables import write_tables


@app.command("events")
def events_command(
    results: Annotated[list[Path], typer.Argument(help="Results JSONL files (kaocha run).")],
    out: Annotated[Path, out_option("Folder for the tables and events.graphml.")],
    fmt: Annotated[
        ExportFormat, typer.Option("--format", help="Table format: csv, parquet or jsonl.")
    ] = ExportFormat.CSV,
    links: Annotated[
        Path | None,
        typer.Option("--links", help="TOML/JSON file of must_link / cannot_link ids and policy."),
    ] = None,
    gold: Annotated[
        Path | None,
        typer.Option("--gold", help="Merge gold (groups of ids); print pairwise and B-cubed."),
    ] = None,
) -> None:
    """Merge the visits of RESULTS into events: one record per real visit, however many
    articles reported it. Writes events, event_sources, event_items, event_links and dyads
    tables, events.jsonl (whole events, with conflicts) and events.graphml."""
    overrides = load_overrides(links) if links else NO_OVERRIDES
    mentions = read_mentions(results)
    for key in unknown_ids(mentions, overrides):
        typer.echo(f"note: {key} in --links names no visit of these results", err=True)
    events = merge(mentions, overrides)
    counts = write_tables(events, fmt, out)
    write_graphml(events, out / "events.graphml")
    merged = sum(len(e.sources) > 1 for e in events)
    typer.echo(f"{len(mentions)} visits → {len(events)} events ({merged} with several sources)")
    typer.echo("tables in " + str(out) + ": " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    if gold is not None:
        score = score_merge([e.keys for e in events], load_merge_gold(gold))
        for line in score.lines():
            typer.echo(line)
