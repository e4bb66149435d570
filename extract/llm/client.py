"""The model client: instructor over an async OpenAI client, for any compatible endpoint.

One `ModelClient` per model config and base URL. The OpenAI SDK's own retries are off:
transport retries live in `extract.llm.transport`, validation re-asks in instructor, so each
is bounded on its own; one attempt is bounded by the model's `timeout` as a whole, not only
per read. The response cache keeps an answer only once it has validated. SDKs are imported
here and nowhere else, and used through their public API: nothing of theirs is replaced.
(instructor walks the response class for async validators four times a call, about 0.25 ms
a walk for a step model and 0.85 ms for the one-call draft; only instructor can cache that.)
"""

from __future__ import annotations

import contextvars
import functools
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar, cast

from pydantic import BaseModel

from extract.errors import ConfigError
from extract.llm.cache import keep_validated_answer
from extract.llm.netio import http_transport
from extract.llm.transport import (
    GrammarFn,
    JsonObjectSchemaTransport,
    ObservedTransport,
    RetryPolicy,
    with_deadline,
)

if TYPE_CHECKING:
    import httpx2

    from extract.llm.config import ModelConfig

T = TypeVar("T", bound=BaseModel)
TransportWrapper = Callable[["httpx2.AsyncBaseTransport"], "httpx2.AsyncBaseTransport"]

MODES = ("tools", "json_schema", "json", "md_json")

# The completions one `ModelClient._ask` received, the validated one last (per task).
_completions: contextvars.ContextVar[list[Any] | None] = contextvars.ContextVar(
    "kaocha_completions", default=None
)


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
        to_grammar: GrammarFn | None = None,
    ) -> None:
        """`inner_transport` replaces the network (tests); `wrap` goes around the observed
        transport (a response cache, say), so what it answers is never metered as a call;
        `to_grammar` sends a JSON schema as a grammar (the endpoint's choice, llama-server's)."""
        import httpx2
        import instructor
        import openai

        self.config = config
        self.base_url = base_url or config.base_url
        inner = inner_transport or http_transport(self.base_url)
        policy = with_deadline(policy, config.timeout)
        transport: httpx2.AsyncBaseTransport = ObservedTransport(inner, policy)
        if getattr(config, "json_object_schema", False):
            transport = JsonObjectSchemaTransport(transport, to_grammar)
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
        self.mode = str(getattr(config.mode, "value", config.mode))
        patched = instructor.patch(create=self._post_completion, mode=instructor_mode(self.mode))
        self._create = cast("Callable[..., Awaitable[Any]]", patched)  # async, as its create

    async def fill(
        self, response_model: type[T], messages: list[dict[str, str]], max_reasks: int
    ) -> Filled:
        """Ask the model to fill `response_model`; validators' messages are re-asked.

        Whatever the validators need (an article's text, choices) is the caller's to set,
        in context variables: instructor's own `context` would also render every message as
        a Jinja template, and an article may well contain `{{` or `{%`. The response cache
        (if any) keeps the answer that validated, and nothing when none did.
        """
        with keep_validated_answer():
            value, completion = await self._ask(response_model, messages, max_reasks)
        return Filled(value, raw_output(completion))

    async def _ask(
        self, response_model: type[T], messages: list[dict[str, str]], max_reasks: int
    ) -> tuple[Any, Any]:
        """instructor's call: the validated value and the completion it came from.

        instructor's patched `create` is called directly, as `AsyncInstructor` would with no
        default arguments or hooks: `AsyncInstructor.create_with_completion` adds nothing
        but one more walk of the response class for async validators, and a private
        attribute to find the completion by. The completion is the last one
        :meth:`_post_completion` received in this call.
        """
        answers: list[Any] = []
        token = _completions.set(answers)
        try:
            value = await self._create(
                response_model=response_class(response_model),
                messages=messages,
                max_retries=max_reasks,
                strict=False,
                model=self.config.model,
                temperature=self.config.temperature,
                max_tokens=self.config.max_tokens,
            )
        finally:
            _completions.reset(token)
        return value, answers[-1] if answers else None

    async def _post_completion(self, **params: Any) -> Any:
        """`chat.completions.create` without the SDK's per-request walk over the parameters.

        The SDK checks and transforms every value of the request against its typed
        parameter classes (aliases, files, iterables) before it sends; instructor's requests
        are plain JSON already, and that walk is the largest share of a call's CPU. The body,
        headers, auth, errors and parsed `ChatCompletion` are the SDK's, as with `create`.
        """
        from openai import RequestOptions
        from openai.types.chat import ChatCompletion

        options: dict[str, Any] = {"security": {"bearer_auth": True}}
        for name, option in _REQUEST_OPTIONS.items():
            if name in params:
                options[option] = params.pop(name)
        completion = await self._openai.post(
            "/chat/completions",
            body=params,
            cast_to=ChatCompletion,
            options=cast(RequestOptions, options),
        )
        answers = _completions.get()
        if answers is not None:
            answers.append(completion)
        return completion

    async def aclose(self) -> None:
        await self._openai.close()


# `create`'s keyword arguments that are request options, not body fields.
_REQUEST_OPTIONS = {
    "extra_headers": "headers",
    "extra_query": "params",
    "extra_body": "extra_json",
    "timeout": "timeout",
}


class _SchemaOnce(BaseModel):
    """Mixin: a response class's JSON schema is generated once, then handed out as copies.

    instructor asks for it on every request (JSON-schema mode) and pydantic rebuilds it each
    time, which is most of a call's CPU; the class never changes, so neither does its schema.
    """

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        schema: dict[str, Any] = json.loads(_schema_text(cls, args, tuple(sorted(kwargs.items()))))
        return schema


@functools.lru_cache(maxsize=128)
def _schema_text(
    cls: type[_SchemaOnce], args: tuple[Any, ...], kwargs: tuple[tuple[str, Any], ...]
) -> str:
    """The schema as JSON text: a JSON schema is plain JSON, so parsing it back gives an
    equal, unshared copy (callers may change theirs), much faster than `copy.deepcopy`."""
    return json.dumps(super(_SchemaOnce, cls).model_json_schema(*args, **dict(kwargs)))


@functools.lru_cache(maxsize=128)
def response_class(model: type[T]) -> type[T]:
    """The class instructor fills for `model`, built once per class.

    instructor wraps a plain pydantic class in a new `ResponseSchema` subclass on every call,
    so its per-class schema cache never hits; handing it the same subclass each time (with
    `_SchemaOnce` memoising the JSON schema) gives identical requests and results.
    """
    import pydantic
    from instructor import ResponseSchema

    if issubclass(model, ResponseSchema):
        return model
    wrapped = pydantic.create_model(model.__name__, __base__=(model, _SchemaOnce, ResponseSchema))
    return functools.wraps(model, updated=())(wrapped)  # type: ignore[return-value]


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


def last_output(e: BaseException) -> str | None:
    """The model's last answer carried by a failure (instructor's, after its re-asks)."""
    completion = getattr(e, "last_completion", None)
    return raw_output(completion) if completion is not None else None
