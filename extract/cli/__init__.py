"""The command line: a thin shell that parses arguments and calls `extract` and `evals`.

Each area registers its commands from its own module here; errors become one line and an
exit code only in this package.
"""

from __future__ import annotations

import importlib.metadata
import signal
import sys
import threading
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from extract.errors import KaochaError

if TYPE_CHECKING:
    from typer._click import Context as ClickContext  # the click that typer vendors

EXIT_FAILED = 1  # some articles failed (their records say why), or a `compare` gate failed
EXIT_USAGE = 2  # the command line is wrong: unknown option, missing argument, bad value
EXIT_CONFIG = 3  # configuration or set-up: a config, prompt, model, file or server problem

EXIT_CODES = (
    "Exit codes: 0 all went well; "
    f"{EXIT_FAILED} some articles failed (or a compare gate failed); "
    f"{EXIT_USAGE} usage error (a wrong option or argument); "
    f"{EXIT_CONFIG} configuration or set-up error (config, prompt, model, files, server), "
    "printed as one line with a hint."
)


class _KaochaGroup(TyperGroup):
    """The root command: the project's errors become one line and exit code 3 here, so that
    `kaocha` and a test's CLI runner see the same thing."""

    def invoke(self, ctx: ClickContext) -> Any:
        try:
            return super().invoke(ctx)
        except KaochaError as e:
            typer.echo(f"error: {e.one_line()}", err=True)
            raise typer.Exit(EXIT_CONFIG) from e


app = typer.Typer(
    cls=_KaochaGroup,
    name="kaocha",
    help="Extract inter-regional delegation visits (学习考察) from Chinese news, and score them.",
    epilog=EXIT_CODES,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def version() -> str:
    """The installed distribution's version."""
    try:
        return importlib.metadata.version("kaocha")
    except importlib.metadata.PackageNotFoundError:
        return "unknown (not installed: pip install -e .)"


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"kaocha {version()}")
        raise typer.Exit()


@app.callback()
def _root(
    show_version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Extract inter-regional delegation visits (学习考察) from Chinese news, and score them."""


def _register() -> None:
    from extract.cli import (
        articles,  # noqa: F401  (registers its commands on `app`)
        evaluation,  # noqa: F401
        events,  # noqa: F401
        logs,  # noqa: F401
        model,  # noqa: F401
        resolve,  # noqa: F401
        review,  # noqa: F401
        rounds,  # noqa: F401
        runs,  # noqa: F401
    )


def main(argv: list[str] | None = None) -> None:
    """Entry point of `kaocha` and `python -m extract`; tests call it with `argv`."""
    _register()
    _stop_on_sigterm()
    try:
        app(args=argv)
    except KaochaError as e:
        typer.echo(f"error: {e.one_line()}", err=True)
        sys.exit(EXIT_CONFIG)


def _stop_on_sigterm() -> None:
    """`kill` stops a run as Ctrl-C does: the local server is stopped and the results file
    closed, instead of the process vanishing with its server left running."""
    if threading.current_thread() is not threading.main_thread():
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, interrupt)
