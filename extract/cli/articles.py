"""`kaocha clean` and `kaocha seeds`: read articles, clean them, show what cleaning did.

A thin shell over :mod:`extract.text.clean`: a bad input prints one ``error: <file>: <reason>`` line
to stderr and the batch goes on; the exit code is 1 when any input failed, else 0. Token
counts are not shown: no tokenizer ships with the project yet.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from extract.cli import app
from extract.errors import InputError
from extract.text.clean import CleanedArticle, Flag, FlagKind, load_and_clean
from extract.text.ingest import DEFAULT_MAX_BYTES

_MAX_FLAG_LINES = 12


def _error(e: InputError) -> None:
    typer.echo(f"error: {e.one_line()}", err=True)


_SHORT = {
    FlagKind.CHROME_REMOVED: "chrome",
    FlagKind.PINYIN_REMOVED: "pinyin",
    FlagKind.SPAM_REMOVED: "spam",
    FlagKind.SPAM_SUSPECTED: "spam?",
    FlagKind.TRADITIONAL_CONVERTED: "t2s",
}


def _flag_summary(flags: tuple[Flag, ...], *, short: bool = False) -> str:
    counts = Counter(_SHORT[f.kind] if short else str(f.kind) for f in flags)
    return ", ".join(f"{kind}×{n}" for kind, n in sorted(counts.items())) or "-"


def _size_line(a: CleanedArticle) -> str:
    s = a.sizes
    return (
        f"{s.raw_chars} → {s.clean_chars} characters ({s.kept_share:.0%} kept), "
        f"{s.raw_bytes} → {s.clean_bytes} bytes"
    )


def _meta_table(a: CleanedArticle) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    published = a.meta.published.isoformat() if a.meta.published else "-"
    for key, value in (
        ("source file", a.source),
        ("title", a.meta.title or "-"),
        ("outlet", a.meta.source or "-"),
        ("site", a.meta.site or "-"),
        ("published", published),
        ("size", _size_line(a)),
        ("flags", _flag_summary(a.flags)),
    ):
        table.add_row(key, Text(value))
    return table


def _flag_lines(a: CleanedArticle) -> Text:
    lines = Text()
    for f in a.flags[:_MAX_FLAG_LINES]:
        lines.append(f"{f.kind} [{f.raw_start}:{f.raw_end}] {f.detail}\n")
    if len(a.flags) > _MAX_FLAG_LINES:
        lines.append(f"… {len(a.flags) - _MAX_FLAG_LINES} more flags\n")
    return lines


def _show(console: Console, a: CleanedArticle, *, text: bool) -> None:
    console.print(Panel(_meta_table(a), title=Text(a.id), title_align="left"))
    console.print(_flag_lines(a))
    if text:
        console.print(Text(a.text))
        console.print()


MaxBytes = Annotated[
    int, typer.Option("--max-bytes", min=1, help="Skip (as an error) files larger than this.")
]


@app.command("clean")
def clean_command(
    inputs: Annotated[
        list[str],
        typer.Argument(help="Article files (.txt, .html, .htm, .jsonl), folders or globs."),
    ],
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    text: Annotated[bool, typer.Option("--text/--no-text", help="Print the cleaned text.")] = True,
) -> None:
    """Clean articles and show the cleaned text, metadata, flags and sizes."""
    console = Console(highlight=False)
    failed = 0
    for item in load_and_clean(inputs, max_bytes=max_bytes):
        if isinstance(item, InputError):
            _error(item)
            failed += 1
        else:
            _show(console, item, text=text)
    if failed:
        raise typer.Exit(code=1)


def _seeds_table(articles: list[CleanedArticle]) -> Table:
    table = Table(title="seeds, cleaned")
    table.add_column("id", no_wrap=True)
    table.add_column("title", overflow="fold")
    table.add_column("published", no_wrap=True)
    table.add_column("chars", no_wrap=True)
    table.add_column("flags")
    for a in articles:
        published = a.meta.published.isoformat() if a.meta.published else "-"
        sizes = f"{a.sizes.raw_chars} → {a.sizes.clean_chars}"
        table.add_row(
            a.id, Text(a.meta.title or "-"), published, sizes, _flag_summary(a.flags, short=True)
        )
    return table


@app.command("seeds")
def seeds_command(
    seeds: Annotated[Path, typer.Option("--seeds", help="The folder of seed articles.")] = Path(
        "seeds"
    ),
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
) -> None:
    """Clean the project's seed articles and print one summary row per seed."""
    if not seeds.is_dir():
        _error(InputError(str(seeds), "no such folder", hint="run from the repository root"))
        raise typer.Exit(code=1)
    articles, failed = [], 0
    for item in load_and_clean([str(seeds)], max_bytes=max_bytes):
        if isinstance(item, InputError):
            _error(item)
            failed += 1
        else:
            articles.append(item)
    Console(highlight=False).print(_seeds_table(articles))
    if failed:
        raise typer.Exit(code=1)
