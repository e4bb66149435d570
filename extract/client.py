"""The model client: instructor over an async OpenAI client, for any compatible endpoint.

One `ModelClient` per model config and base URL. The OpenAI SDK's own retries are off:
transport retries live in `extract.transport`, validation re-asks in instructor, so each
is bounded on its own; one attempt is bounded by the model's `timeout` as a whole, not only
per read. The response cache keeps an answer only once it has validated. SDKs are imported
here and nowhere else.
"""

from __future__ import annotations

import functools
import json
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel

from extract.cache import keep_validated_answer
from extract.errors import ConfigError
from extract.netio import http_transport
from extract.transport import (
    JsonObjectSchemaTransport,
    ObservedTransport,
    RetryPolicy,
    with_deadline,
)
from schemas.choices import ChoiceModel
from schemas.draft import current_context

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

        memoise_instructor_checks()
        self.config = config
        self.base_url = base_url or config.base_url
        inner = inner_transport or http_transport(self.base_url)
        policy = with_deadline(policy, config.timeout)
        transport: httpx2.AsyncBaseTransport = ObservedTransport(inner, policy)
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
        mode = instructor_mode(getattr(config.mode, "value", config.mode))
        create = instructor.patch(create=self._post_completion, mode=mode)
        self._client = instructor.AsyncInstructor(client=self._openai, create=create, mode=mode)

    async def fill(
        self,
        response_model: type[T],
        messages: list[dict[str, str]],
        *,
        context: dict[str, Any],
        max_reasks: int,
    ) -> Filled:
        """Ask the model to fill `response_model`; validators' messages are re-asked.

        The validators find `context["draft"]` through a context variable, not through
        instructor's `context`: instructor would also render every message as a Jinja
        template with it, and an article may well contain `{{` or `{%`. The response cache
        (if any) keeps the answer that validated, and nothing when none did.
        """
        token = current_context.set(context.get("draft"))
        try:
            with keep_validated_answer():
                value, completion = await self._ask(response_model, messages, max_reasks)
        finally:
            current_context.reset(token)
        return Filled(value, raw_output(completion))

    async def _ask(
        self, response_model: type[T], messages: list[dict[str, str]], max_reasks: int
    ) -> tuple[Any, Any]:
        """instructor's call: the validated value and the completion it came from."""
        return await self._client.create_with_completion(
            messages=messages,  # type: ignore[arg-type]
            response_model=response_class(response_model),
            max_retries=max_reasks,
            strict=False,
            model=self.config.model,
            temperature=self.config.temperature,
            max_tokens=self.config.max_tokens,
        )

    async def _post_completion(self, **params: Any) -> Any:
        """`chat.completions.create` without the SDK's per-request walk over the parameters.

        The SDK checks and transforms every value of the request against its typed
        parameter classes (aliases, files, iterables) before it sends; instructor's requests
        are plain JSON already, and that walk is the largest share of a call's CPU. The body,
        headers, auth, errors and parsed `ChatCompletion` are the SDK's, as with `create`.
        """
        from openai.types.chat import ChatCompletion

        options: dict[str, Any] = {"security": {"bearer_auth": True}}
        for name, option in _REQUEST_OPTIONS.items():
            if name in params:
                options[option] = params.pop(name)
        return await self._openai.post(
            "/chat/completions", body=params, cast_to=ChatCompletion, options=options
        )

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
    from instructor.v2.core.function_calls import ResponseSchema

    if issubclass(model, ResponseSchema):
        return model
    wrapped = pydantic.create_model(model.__name__, __base__=(model, _SchemaOnce, ResponseSchema))
    return functools.wraps(model, updated=())(wrapped)  # type: ignore[return-value]


@functools.cache
def memoise_instructor_checks() -> None:
    """instructor walks every response class (all bases, all fields) several times per
    request to refuse async validators; a class that passed the walk passes it again, so it
    is walked once. Where instructor's internals differ from the version this was written
    for, nothing is changed: the walk then simply happens every time.
    """
    try:
        from instructor.v2.core import patch
        from instructor.v2.validation import async_validators
    except ImportError:
        return
    if not hasattr(patch, "reject_async_validators"):
        return
    checked = _once_per_class(async_validators.reject_async_validators)
    async_validators.reject_async_validators = checked  # type: ignore[assignment]
    patch.reject_async_validators = checked  # type: ignore[assignment]  # imported by name


def _once_per_class(check: Callable[[Any], None]) -> Callable[[Any], None]:
    passed: weakref.WeakSet[type] = weakref.WeakSet()

    def check_once(model: Any) -> None:
        if isinstance(model, type) and issubclass(model, ChoiceModel):
            model = model.unbound()  # bound choices change no field or validator
        if isinstance(model, type) and model in passed:
            return
        check(model)
        if isinstance(model, type):
            passed.add(model)

    return check_once


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
