"""The one progress display of the commands that extract (`run`, `eval`, `batch ingest`)."""

from __future__ import annotations

import time
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)

from extract.batch.runner import Outcome, Tally


class RunProgress:
    """A rich progress bar fed by the runner's outcomes; input failures as stderr lines."""

    def __init__(self, total: int, console: Console | None = None) -> None:
        self.tally = Tally()
        self.progress = Progress(
            TextColumn("[bold]extracting"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("ok {task.fields[done]} · failed {task.fields[failed]}"),
            TextColumn("· {task.fields[rate]}/s"),
            TimeRemainingColumn(),
            TextColumn("· {task.fields[tokens]} tok · ${task.fields[cost]}"),
            console=console or Console(stderr=True),
            transient=True,
        )
        self.task = self.progress.add_task("run", total=total or None, **self._fields())

    def _fields(self) -> dict[str, Any]:
        t = self.tally
        elapsed = max(1e-9, time.perf_counter() - t.started)
        rate = (t.done + t.failed) / elapsed
        return {
            "done": t.done,
            "failed": t.failed,
            "rate": f"{rate:.1f}",
            "tokens": t.prompt_tokens + t.completion_tokens,
            "cost": f"{t.cost:.4f}",
        }

    def observe(self, outcome: Outcome) -> None:
        self.tally.add(outcome)
        if outcome.message:
            self.progress.console.print(f"error: {outcome.message}", markup=False, highlight=False)
        self.progress.update(self.task, advance=1, **self._fields())

    def __enter__(self) -> RunProgress:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()
