"""Metering: usage and cost summed over every HTTP attempt of one article, and the log.

The pipeline sets a `Meter` as the current call observer for the article; the transport
reports each attempt to it. Each question asked (`count_fill`) is one expected call: calls
beyond those are validation re-asks.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from extract.llm.calllog import CallLabels, CallLog
from extract.llm.transport import CallEvent, current_observer
from schemas.record import Usage

if TYPE_CHECKING:
    from extract.llm.config import ModelConfig


@dataclass
class Meter:
    """Sums usage over every HTTP attempt of one article and writes each to the call log."""

    labels: CallLabels
    config: ModelConfig
    log: CallLog | None = None
    usage: Usage = field(default_factory=Usage)
    fills: int = 0

    def __call__(self, event: CallEvent) -> None:
        u = event.usage
        prompt, completion = u.get("prompt_tokens", 0), u.get("completion_tokens", 0)
        first = event.transport_attempt == 1
        self.usage = self.usage.add(
            Usage(
                calls=1 if first else 0,
                transport_retries=0 if first else 1,
                prompt_tokens=prompt,
                completion_tokens=completion,
                cached_tokens=u.get("cached_tokens", 0),
                cost=(prompt * self.config.price_in + completion * self.config.price_out) / 1e6,
            )
        )
        if self.log is not None:
            self.log.write(self.labels, self.usage.calls, event)


def count_fill(step: str = "extract") -> None:
    """Note that one question (named by its step) is about to be asked for the article."""
    meter = current_observer.get()
    if isinstance(meter, Meter):
        meter.fills += 1
        if meter.labels.step != step:
            meter.labels = replace(meter.labels, step=step)
