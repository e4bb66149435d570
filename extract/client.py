"""The model client: instructor over an async OpenAI client, for any compatible endpoint.

One `ModelClient` per model config and base URL. The OpenAI SDK's own retries are off:
transport retries live in `extract.transport`, validation re-asks in instructor, so each
is bounded on its own. SDKs are imported here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel

from extract.errors import ConfigError
from extract.transport import JsonObjectSchemaTransport, ObservedTransport, RetryPolicy

if TYPE_CHECKING:
    import httpx2

    from extract.models import ModelConfig

T = TypeVar("T", bound=BaseModel)
TransportWrapper = Callable[["httpx2.AsyncBaseTransport"], "httpx2.AsyncBaseTransport"]

MODES = ("tools", "json_schema", "json", "md_json")


def instructor_mode(name: str) -> Any:
    import instructor

    table = {
        "tools": instructor.Mode.TOOLS,
        "json_schema": instructor.Mode.JSON_SCHEMA,
        "json": instructor.Mode.JSON,
        "md_json": instructor.Mode.MD_JSON,
    }
    if name not in table:
        raise ConfigError(
            f"unknown instructor mode {name!r}", hint=f"use one of {', '.join(MODES)}"
        )
    return table[name]


@dataclass(frozen=True)
class Filled:
    """A validated response model and the raw text of the model's last answer."""

    value: BaseModel
    raw: str | None


class ModelClient:
    def __init__(
        self,
        config: ModelConfig,
        base_url: str | None = None,
        *,
        inner_transport: httpx2.AsyncBaseTransport | None = None,
        policy: RetryPolicy | None = None,
        wrap: TransportWrapper | None = None,
    ) -> None:
        """`inner_transport` replaces the network (tests); `wrap` goes around the observed
        transport (a response cache, say), so what it answers is never metered as a call."""
        import httpx2
        import instructor
        import openai

        self.config = config
        self.base_url = base_url or config.base_url
        transport: httpx2.AsyncBaseTransport = ObservedTransport(inner_transport, policy)
        if getattr(config, "json_object_schema", False):
            transport = JsonObjectSchemaTransport(transport)
        if wrap is not None:
            transport = wrap(transport)
        self._http = httpx2.AsyncClient(transport=transport, timeout=config.timeout)
        self._openai = openai.AsyncOpenAI(
            base_url=self.base_url,
            api_key=config.api_key(),
            max_retries=0,
            timeout=config.timeout,
            http_client=self._http,
        )
        mode = getattr(config.mode, "value", config.mode)
        self._client = instructor.from_openai(self._openai, mode=instructor_mode(mode))

    async def fill(
        self,
        response_model: type[T],
        messages: list[dict[str, str]],
        *,
        context: dict[str, Any],
        max_reasks: int,
    ) -> Filled:
        """Ask the model to fill `response_model`; validators' messages are re-asked."""
        value, completion = await self._client.create_with_completion(
            messages=messages,  # type: ignore[arg-type]
            response_model=response_model,
            max_retries=max_reasks,
            context=context,
            strict=False,
            model=self.config.model,
            temperature=self.config.temperature,
            max_tokens=self.config.max_tokens,
        )
        return Filled(value, raw_output(completion))

    async def aclose(self) -> None:
        await self._openai.close()


def raw_output(completion: Any) -> str | None:
    """The text the model produced: tool-call arguments, or the message content."""
    try:
        message = completion.choices[0].message
    except (AttributeError, IndexError, TypeError):
        return None
    calls = getattr(message, "tool_calls", None) or []
    if calls:
        return "\n".join(c.function.arguments for c in calls)
    return getattr(message, "content", None)
