"""One line of a results file: an article's extraction, or its failure, with what it cost."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from schemas.visit import ArticleExtraction


class Usage(BaseModel):
    """Summed over every call for the article, failed attempts included."""

    calls: int = 0
    reasks: int = 0
    transport_retries: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0
    cost: float = 0.0

    def add(self, other: Usage) -> Usage:
        data = {k: getattr(self, k) + getattr(other, k) for k in Usage.model_fields}
        return Usage(**data)


class Failure(BaseModel):
    kind: str = Field(description="input | model | validation | setup")
    message: str
    last_output: str | None = None


class RunInfo(BaseModel):
    """Which prompt, schema and model produced a record; the key of caches and resumes."""

    model: str
    base_url: str | None = None
    params: dict[str, Any] = Field(default_factory=dict)
    prompt_id: str
    prompt_hash: str
    schema_hash: str


class ResultRecord(BaseModel):
    article_id: str
    article_hash: str
    status: str = Field(description="ok | failed")
    extraction: ArticleExtraction | None = None
    failure: Failure | None = None
    flags: list[dict[str, Any]] = Field(default_factory=list)
    unresolved_places: list[str] = Field(default_factory=list)
    usage: Usage = Field(default_factory=Usage)
    seconds: float = 0.0
    run: RunInfo | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok" and self.extraction is not None
