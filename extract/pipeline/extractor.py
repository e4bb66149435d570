"""Extraction of one cleaned article: prompt, model, validation, assembly, one record.

The record always comes back: a model that never validates, or an endpoint that keeps
failing, gives a `failed` record with its cause and the last raw output, and the batch goes
on. Usage is metered per HTTP attempt, so failed attempts are paid for in the figures too.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import httpx2
import openai
from pydantic import BaseModel

from extract.errors import ModelCallError
from extract.llm.calllog import CallLabels, CallLog
from extract.llm.client import last_output
from extract.llm.metering import Meter, count_fill
from extract.llm.redact import redact_url
from extract.llm.transport import RETRY_STATUSES, current_observer
from extract.pipeline import asking
from extract.pipeline.assemble import Assembler
from extract.pipeline.chunking import keep_parts, merge_drafts, split_paragraphs
from extract.pipeline.steps import StepAsker, StepFailed, extract_by_steps
from extract.resolve.gazetteer import normalize_name, outlet_region
from extract.resolve.grounding import TextIndex
from schemas import steps
from schemas.draft import DateResolver, DraftContext, ExtractionDraft, PlaceResolver
from schemas.record import Failure, ResultRecord, RunInfo
from schemas.visit import ArticleExtraction, ArticleInfo

if TYPE_CHECKING:
    from extract.llm.client import ModelClient
    from extract.llm.config import ModelConfig
    from extract.llm.prompting import Prompt
    from extract.text.clean import CleanedArticle, Flag

RESPONSE_MODELS: dict[str, type[ExtractionDraft]] = {"ExtractionDraft": ExtractionDraft}
PROMPT_OVERHEAD_TOKENS = 2500  # system prompt and the tool schema, measured on visit-v1


@functools.cache
def schema_hash() -> str:
    """Identifies the schemas: a change to the draft or the record changes it."""
    models: list[type[BaseModel]] = [
        ExtractionDraft,
        ArticleExtraction,
        steps.Skeleton,
        steps.StopItem,
        steps.Topics,
        steps.Events,
    ]
    blob = json.dumps([m.model_json_schema() for m in models], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


@dataclass
class Extractor:
    client: ModelClient
    prompt: Prompt
    config: ModelConfig
    resolve_place: PlaceResolver
    resolve_dates: DateResolver
    log: CallLog | None = None
    max_reasks: int = 2
    split: bool = True
    max_parts: int = 4  # a longer article's later parts are left out, and the record says so
    endpoint: str | None = None  # the base URL the user named, when not the config's
    endpoint_down: Callable[[], Exception | None] | None = None
    _run: tuple[ModelConfig, Prompt, RunInfo] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def run_info(self) -> RunInfo:
        """Which model, prompt and schema this extractor's records come from (a copy)."""
        return self._run_info().model_copy()

    def _run_info(self) -> RunInfo:
        """Built once, and again only if the config or the prompt was swapped."""
        run = self._run
        if run is None or run[0] is not self.config or run[1] is not self.prompt:
            info = RunInfo(
                model=self.config.name if self.config.local else self.config.model,
                base_url=self._base_url(),
                params=self.config.params(),
                prompt_id=self.prompt.id,
                prompt_hash=self.prompt.hash,
                schema_hash=schema_hash(),
            )
            self._run = run = (self.config, self.prompt, info)
        return run[2]

    def _base_url(self) -> str | None:
        """The endpoint called, credentials redacted; none for the embedded local server."""
        if self.endpoint:
            return redact_url(self.endpoint)
        return None if self.config.local else redact_url(self.config.base_url)

    def text_budget(self) -> int:
        """Characters of article that fit the context (one CJK character ≈ one token or less)."""
        return max(1000, self.config.context - self.config.max_tokens - PROMPT_OVERHEAD_TOKENS)

    async def extract(self, article: CleanedArticle) -> ResultRecord:
        """One record for one cleaned article (see `extract.text.clean.CleanedArticle`)."""
        started = time.perf_counter()
        meter = Meter(self._labels(article.id), self.config, self.log)
        token = current_observer.set(meter)
        salvaged: list[str] = []
        notes: list[dict[str, str]] = []
        try:
            extraction, unresolved = await self._extract(article, salvaged, notes)
            failure = None
        except ModelCallError as e:
            extraction, unresolved = None, []
            kind = "endpoint" if e.transient else "model"
            failure = Failure(kind=kind, message=e.one_line(), last_output=e.last_output)
        finally:
            current_observer.reset(token)
        usage = meter.usage.model_copy(update={"reasks": max(0, meter.usage.calls - meter.fills)})
        return ResultRecord(
            article_id=article.id,
            article_hash=article.content_hash,
            status="ok" if extraction is not None else "failed",
            extraction=extraction,
            failure=failure,
            flags=[_flag(f) for f in article.flags]
            + [{"kind": "step_salvaged", "detail": step} for step in salvaged]
            + notes,
            unresolved_places=unresolved,
            usage=usage,
            seconds=round(time.perf_counter() - started, 3),
            run=self.run_info(),
        )

    async def _extract(
        self, article: CleanedArticle, salvaged: list[str], notes: list[dict[str, str]]
    ) -> tuple[ArticleExtraction, list[str]]:
        parts = self.parts(article, notes)
        drafts = [await self._fill(article, text, salvaged) for text in parts]
        draft = drafts[0] if len(drafts) == 1 else merge_drafts(drafts)
        assembler = Assembler(
            TextIndex(article.text, article.offsets.to_raw),
            article.meta.published,
            self.resolve_place,
            self.resolve_dates,
        )
        info = ArticleInfo(
            title=article.meta.title, source=article.meta.source, published=article.meta.published
        )
        return assembler.article(draft, info), assembler.unresolved

    def parts(
        self, article: CleanedArticle, notes: list[dict[str, str]] | None = None
    ) -> list[str]:
        """The texts asked about: the article, or its paragraph parts when it is too long.

        At most `max_parts` parts; a `truncated` flag for what the rest held goes to `notes`.
        """
        budget = self.text_budget()
        if len(article.text) <= budget:
            return [article.text]
        if not self.split:
            raise ModelCallError(
                f"article is {len(article.text)} characters, over the {budget} that fit "
                f"{self.config.name}'s context",
                article_id=article.id,
                model=self.config.name,
                hint="drop --no-split to extract it in parts, or use a model with a longer context",
            )
        kept, left_out = keep_parts(split_paragraphs(article.text, budget), self.max_parts)
        if left_out and notes is not None:
            notes.append({"kind": "truncated", "detail": left_out})
        return [p.text for p in kept]

    async def _fill(
        self, article: CleanedArticle, text: str, salvaged: list[str]
    ) -> ExtractionDraft:
        ctx = DraftContext(
            text=text,
            published=article.meta.published,
            resolve_place=self.resolve_place,
            resolve_dates=self.resolve_dates,
            short_name=normalize_name,
            spam_phrases=spam_phrases(article.flags),
            article_text=article.text,
            publisher=" ".join(
                filter(None, (article.meta.source, article.meta.site, article.meta.title))
            ),
            home=self._home(article.meta.source) or self._home(article.meta.site),
        )
        if self.prompt.steps:
            return await self._fill_by_steps(article, ctx, salvaged)
        messages = self.prompt.messages(
            text=text, published=article.meta.published, title=article.meta.title
        )
        model = RESPONSE_MODELS[self.prompt.response_model]
        count_fill()
        try:
            filled = await asking.ask(self.client, model, messages, ctx, self.max_reasks)
        except Exception as e:  # noqa: BLE001 - every SDK failure becomes a recorded cause
            raise _call_error(e, article.id, self.config.name) from e
        assert isinstance(filled.value, ExtractionDraft)
        return filled.value

    def _home(self, source: str | None) -> str:
        """The region the outlet is named after, when the gazetteer knows it."""
        name = outlet_region(source or "")
        return name if name and self.resolve_place(name, ()).resolved else ""

    async def _fill_by_steps(
        self, article: CleanedArticle, ctx: DraftContext, salvaged: list[str]
    ) -> ExtractionDraft:
        asker = StepAsker(
            self.client,
            self.prompt,
            ctx,
            article.meta.published,
            article.meta.title,
            self.max_reasks,
            salvaged,
        )
        try:
            return await extract_by_steps(asker)
        except StepFailed as e:
            cause = e.cause.__cause__ or e.cause
            raise ModelCallError(
                f"step {e.step} failed: {describe_cause(cause)}",
                article_id=article.id,
                model=self.config.name,
                last_output=e.last_output,
                transient=is_transient(e.cause),
            ) from e

    def _labels(self, article_id: str) -> CallLabels:
        info = self._run_info()
        return CallLabels(
            article_id=article_id,
            model=info.model,
            base_url=info.base_url,
            prompt_id=info.prompt_id,
            prompt_hash=info.prompt_hash,
            schema_hash=info.schema_hash,
            params=json.dumps(info.params, sort_keys=True),
        )


def spam_phrases(flags: Sequence[Flag]) -> tuple[str, ...]:
    """The injected phrases the cleaner removed or suspected: never allowed in a name."""
    found = (f.detail for f in flags if str(f.kind).startswith("spam") and f.detail)
    return tuple(sorted({re.sub(r"\s*×\d+$", "", detail) for detail in found}))


def _flag(flag: Flag) -> dict[str, Any]:
    """The flag's fields as a dict (what ``dataclasses.asdict`` gives, without its deep copy)."""
    return {f.name: getattr(flag, f.name) for f in dataclasses.fields(flag)}


def _call_error(e: Exception, article_id: str, model: str) -> ModelCallError:
    last = last_output(e)
    cause = e.__cause__ if type(e).__name__ == "InstructorRetryException" and e.__cause__ else e
    kind = "validation failed after re-asks" if last is not None else "model call failed"
    n = getattr(e, "n_attempts", 0) or 0
    return ModelCallError(
        f"{kind}: {describe_cause(cause)}",
        article_id=article_id,
        model=model,
        attempt=n,
        last_output=last,
        transient=last is None and is_transient(e),
    )


def is_transient(e: BaseException) -> bool:
    """Whether the endpoint, not the model, failed: no connection, a timeout, a 5xx or a 429
    after the transport's retries. Such an article is asked again by the next run."""
    seen: set[int] = set()
    node: BaseException | None = e
    while node is not None and id(node) not in seen:
        seen.add(id(node))
        if isinstance(node, httpx2.TransportError | openai.APIConnectionError):
            return True
        status = getattr(node, "status_code", None)
        if isinstance(status, int) and (status >= 500 or status in RETRY_STATUSES):
            return True
        node = node.__cause__ or node.__context__
    return False


def describe_cause(e: BaseException) -> str:
    """The error and, when it wraps another (an SDK's connection error, say), its root."""
    text = f"{type(e).__name__}: {str(e)[:400]}"
    root = e
    while root.__cause__ is not None or root.__context__ is not None:
        root = root.__cause__ or root.__context__  # type: ignore[assignment]
    if root is not e:
        text += f" (caused by {type(root).__name__}: {str(root)[:300]})"
    return text
