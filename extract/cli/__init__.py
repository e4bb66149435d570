"""The command line: a thin shell that parses arguments and calls `extract` and `evals`.

Each area registers its commands from its own module here; errors become one line and an
exit code only in this package.
"""

from __future__ import annotations

import signal
import sys
import threading

import typer

from extract.errors import KaochaError

app = typer.Typer(
    name="kaocha",
    help="Extract inter-regional delegation visits (学习考察) from Chinese news, and score them.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register() -> None:
    from extract.cli import (
        articles,  # noqa: F401  (registers its commands on `app`)
        evaluation,  # noqa: F401
        events,  # noqa: F401
        logs,  # noqa: F401
        model,  # noqa: F401
        resolve,  # noqa: F401
        review,  # noqa: F401
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
        sys.exit(2)


def _stop_on_sigterm() -> None:
    """`kill` stops a run as Ctrl-C does: the local server is stopped and the results file
    closed, instead of the process vanishing with its server left running."""
    if threading.current_thread() is not threading.main_thread():
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, interrupt)
