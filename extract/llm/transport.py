"""The HTTP layer under the OpenAI client: transport retries, and one observation per request.

Transport failures (connection errors, timeouts, 429 with Retry-After, 5xx) are retried here
with tenacity, under their own policy; instructor's validation re-asks happen above and are
separate. One attempt, from sending to the last byte of the answer, has a deadline, so a
server that trickles bytes forever ends in a timeout like one that sends nothing. Every HTTP
attempt, failed ones included, is reported to the call observer that the current task has
set (a context variable), which sums usage and writes the call log; URLs in its error text
are redacted.

Why not the OpenAI SDK's own retries (its `max_retries` is 0 here): they differ where it
matters to a batch, and those differences are pinned by tests.

- `Retry-After` beyond two minutes makes the SDK give up at once, and a value of 0 or a date
  already past sends it to its own backoff; here a long wait is capped at the policy's
  `max_wait` and retried, and "now" means now.
- Its backoff is fixed (0.5 s doubling to 8 s, with jitter); here the model's policy sets
  the attempts and the waits, and tests run them with no real sleeping.
- Each attempt is reported to the call observer with its number, failed ones included, from
  inside the transport; the SDK's retry loop sits above it and says nothing per attempt.
- One attempt has a deadline from sending to the last byte of the answer; the SDK's timeout
  bounds each read, so a server that trickles bytes is never timed out.
"""

from __future__ import annotations

import asyncio
import contextvars
import dataclasses
import email.utils
import json
import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx2
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception_type, stop_after_attempt

from extract.llm.redact import redact_text

RETRY_STATUSES = frozenset({408, 409, 429, 500, 502, 503, 504})
NETWORK_ERRORS = (httpx2.TransportError,)
DEFAULT_DEADLINE = 600.0  # seconds for one attempt when neither policy nor model names one


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 4
    base_wait: float = 1.0
    max_wait: float = 60.0
    deadline: float | None = None  # seconds for one attempt, sending to the answer's last byte


def with_deadline(policy: RetryPolicy | None, seconds: float) -> RetryPolicy:
    """`policy` (or the default one) with `seconds` as its deadline, unless it names its own."""
    policy = policy or RetryPolicy()
    return policy if policy.deadline is not None else dataclasses.replace(policy, deadline=seconds)


class AttemptTimeout(httpx2.TimeoutException):
    """One attempt ran past its deadline: the answer never ended (a trickling server)."""


@dataclass(frozen=True)
class CallEvent:
    """One HTTP attempt against the model endpoint."""

    request_body: str
    path: str
    status: int | None
    response_body: str | None
    error: str | None
    latency: float
    transport_attempt: int
    usage: dict[str, int] = field(default_factory=dict)


CallObserver = Callable[[CallEvent], None]
current_observer: contextvars.ContextVar[CallObserver | None] = contextvars.ContextVar(
    "kaocha_call_observer", default=None
)


class _Retryable(Exception):
    def __init__(self, response: httpx2.Response) -> None:
        super().__init__(f"HTTP {response.status_code}")
        self.response = response


def usage_of(body: str | None) -> dict[str, int]:
    """Token counts of an OpenAI-style response body; empty when it has none."""
    if not body:
        return {}
    try:
        usage = json.loads(body).get("usage") or {}
    except (ValueError, AttributeError):
        return {}
    details = usage.get("prompt_tokens_details") or {}
    return {
        "prompt_tokens": int(usage.get("prompt_tokens") or 0),
        "completion_tokens": int(usage.get("completion_tokens") or 0),
        "cached_tokens": int(details.get("cached_tokens") or 0),
    }


def retry_after(response: httpx2.Response | None, policy: RetryPolicy) -> float | None:
    """Seconds the server asked us to wait (Retry-After as seconds or HTTP date), capped;
    None when it asked nothing we can read, so the backoff decides."""
    if response is None:
        return None
    seconds = _header_seconds(response.headers.get("retry-after", "").strip())
    if seconds is None:
        return None
    return max(0.0, min(seconds, policy.max_wait))


def _header_seconds(value: str) -> float | None:
    """A Retry-After value in seconds (a date gives the seconds until it); None if unreadable."""
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = email.utils.parsedate_to_datetime(value).timestamp() - time.time()
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        return seconds if math.isfinite(seconds) else None
    return seconds if math.isfinite(seconds) and seconds >= 0 else None


class ObservedTransport(httpx2.AsyncBaseTransport):
    """Wraps a real transport: retries transient failures and reports every attempt."""

    def __init__(
        self,
        inner: httpx2.AsyncBaseTransport,
        policy: RetryPolicy | None = None,
        sleep: Callable[[float], Awaitable[None] | None] | None = None,
    ) -> None:
        self.inner = inner
        self.policy = policy or RetryPolicy()
        self._sleep = sleep or asyncio.sleep

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        body = (await request.aread()).decode("utf-8", "replace")
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.policy.attempts),
            wait=self._wait,
            retry=retry_if_exception_type((_Retryable, *NETWORK_ERRORS)),
            reraise=True,
            sleep=self._sleep,
        )
        try:
            async for attempt in retrying:
                with attempt:
                    n = attempt.retry_state.attempt_number
                    return await self._attempt(request, body, n, n == self.policy.attempts)
        except _Retryable as e:
            return e.response
        raise AssertionError("unreachable")  # pragma: no cover

    async def _attempt(
        self, request: httpx2.Request, body: str, n: int, last: bool
    ) -> httpx2.Response:
        started = time.perf_counter()
        try:
            response, content = await self._exchange(request)
        except NETWORK_ERRORS as e:
            _report(CallEvent(body, request.url.path, None, None, _describe(e), _since(started), n))
            raise
        error = None if response.status_code < 400 else f"HTTP {response.status_code}"
        _report(
            CallEvent(
                body,
                request.url.path,
                response.status_code,
                content,
                error,
                _since(started),
                n,
                usage_of(content),
            )
        )
        if response.status_code in RETRY_STATUSES and not last:
            raise _Retryable(response)
        return response

    async def _exchange(self, request: httpx2.Request) -> tuple[httpx2.Response, str]:
        """Send `request` and read its whole answer, within the policy's deadline."""
        deadline = self.policy.deadline or DEFAULT_DEADLINE
        try:
            async with asyncio.timeout(deadline) as scope:
                response = await self.inner.handle_async_request(request)
                content = await response.aread()
        except TimeoutError as e:
            if not scope.expired():
                raise
            raise AttemptTimeout(
                f"no complete answer within the deadline of {deadline:g} s", request=request
            ) from e
        return response, content.decode("utf-8", "replace")

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        asked = retry_after(exc.response, self.policy) if isinstance(exc, _Retryable) else None
        if asked is not None:
            return asked
        return min(self.policy.base_wait * 2 ** (state.attempt_number - 1), self.policy.max_wait)

    async def aclose(self) -> None:
        await self.inner.aclose()


def _report(event: CallEvent) -> None:
    observer = current_observer.get()
    if observer is not None:
        observer(event)


def _since(started: float) -> float:
    return time.perf_counter() - started


def _describe(e: BaseException) -> str:
    """The error for the call log: its type and message, any URL in it redacted."""
    return f"{type(e).__name__}: {redact_text(str(e))}" if str(e) else type(e).__name__


GrammarFn = Callable[[dict[str, Any]], str | None]  # a JSON schema → a grammar, or None


class JsonObjectSchemaTransport(httpx2.AsyncBaseTransport):
    """For llama.cpp's servers: llama-cpp-python's takes a JSON schema only as
    `{"type": "json_object", "schema": …}`, not OpenAI's `{"type": "json_schema", …}`.
    Rewrites the request so instructor's JSON_SCHEMA mode works against it, with the
    schema enforced by the server's grammar. With `to_grammar` (for llama-server), the
    schema goes as the grammar it returns instead, when it returns one."""

    def __init__(
        self, inner: httpx2.AsyncBaseTransport, to_grammar: GrammarFn | None = None
    ) -> None:
        self.inner = inner
        self.to_grammar = to_grammar

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        body = await request.aread()
        rewritten = rewrite_json_schema(body, self.to_grammar)
        if rewritten is not None:
            headers = [(k, v) for k, v in request.headers.items() if k.lower() != "content-length"]
            request = httpx2.Request(
                request.method, request.url, headers=headers, content=rewritten
            )
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


def rewrite_json_schema(body: bytes, to_grammar: GrammarFn | None = None) -> bytes | None:
    """The body with a json_schema response format turned into json_object + schema, or
    into `to_grammar`'s grammar for the schema when it gives one."""
    try:
        data = json.loads(body)
    except ValueError:
        return None
    fmt = data.get("response_format") if isinstance(data, dict) else None
    if not isinstance(fmt, dict) or fmt.get("type") != "json_schema":
        return None
    schema = (fmt.get("json_schema") or {}).get("schema")
    grammar = to_grammar(schema) if to_grammar is not None and isinstance(schema, dict) else None
    if grammar:
        del data["response_format"]
        data["grammar"] = grammar
    else:
        data["response_format"] = {"type": "json_object", "schema": schema}
    return json.dumps(data, ensure_ascii=False).encode("utf-8")
