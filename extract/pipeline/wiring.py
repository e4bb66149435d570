"""Wiring: one extractor from a model name, a prompt name and options.

The CLI, the batch runner and the cassette recorder all build their extractor here, so a
run is configured the same way whichever command starts it. For the local model the
llama.cpp server runs for as long as the extractor is open.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from extract.llm.calllog import CallLog
from extract.llm.config import ModelConfig, load_config
from extract.llm.local.server import Endpoint, local_endpoint
from extract.llm.prompting import load_prompt
from extract.pipeline.extractor import Extractor
from extract.resolve.dates import resolve_dates
from extract.resolve.gazetteer import Gazetteer

if TYPE_CHECKING:
    import httpx2

    from extract.llm.client import TransportWrapper
    from extract.llm.transport import RetryPolicy

DEFAULT_LOG = Path("runs/calls.sqlite")
UNREACHABLE = "http://127.0.0.1:1/v1"  # a client that is never asked (a test's transport answers)


@dataclass(frozen=True)
class Options:
    """What selects and shapes an extraction run; every field has a sensible default."""

    model: str | None = None
    prompt: str | None = None
    config_path: Path | None = None
    prompts_dir: Path | None = None
    base_url: str | None = None
    log_path: Path | None = DEFAULT_LOG
    max_reasks: int = 2
    split: bool = True
    max_parts: int = 4
    adhoc: ModelConfig | None = None
    replaying: bool = False  # base_url answers from a cassette: identity stays the model's


def model_config(options: Options) -> ModelConfig:
    if options.adhoc is not None:
        return options.adhoc
    return load_config(options.config_path).model(options.model)


def prompt_name(options: Options) -> str:
    return options.prompt or load_config(options.config_path).default_prompt


@contextlib.asynccontextmanager
async def open_extractor(
    options: Options,
    *,
    inner_transport: httpx2.AsyncBaseTransport | None = None,
    policy: RetryPolicy | None = None,
    wrap: TransportWrapper | None = None,
) -> AsyncIterator[Extractor]:
    """An extractor ready to call; the local server (if any) and the log close on exit."""
    from extract.llm.client import ModelClient

    config = model_config(options)
    prompt = load_prompt(prompt_name(options), options.prompts_dir)
    gazetteer = Gazetteer.load()
    log = CallLog(options.log_path) if options.log_path else None
    endpoint = (
        contextlib.nullcontext(Endpoint(options.base_url or config.base_url or UNREACHABLE))
        if options.base_url or inner_transport is not None
        else local_endpoint(config)
    )
    try:
        with endpoint as called:
            client = ModelClient(
                config,
                called.base_url,
                inner_transport=inner_transport,
                policy=policy,
                wrap=wrap,
                to_grammar=called.to_grammar,
            )
            try:
                yield Extractor(
                    client,
                    prompt,
                    config,
                    gazetteer.resolve,
                    resolve_dates,
                    log=log,
                    max_reasks=options.max_reasks,
                    split=options.split,
                    max_parts=options.max_parts,
                    endpoint=None if options.replaying else options.base_url,
                    endpoint_down=called.death,
                )
            finally:
                await client.aclose()
    finally:
        if log is not None:
            log.close()
