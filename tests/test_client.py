"""The model client uses instructor and the OpenAI SDK through their public API only: nothing
of theirs is replaced, instructor's own checks run on every call, and the completion handed
back with a value is the one that validated."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx2
import instructor
import pytest
from instructor.v2.validation import async_validators
from pydantic import BaseModel, field_validator

from extract.llm.client import ModelClient, response_class
from extract.llm.config import load_config
from tests.fakes.scripted import ScriptedModel


class Place(BaseModel):
    name: str

    @field_validator("name")
    @classmethod
    def a_city(cls, value: str) -> str:
        if not value.endswith("市"):
            raise ValueError("写城市全名，以“市”结尾")
        return value


class WithAsync(BaseModel):
    name: str

    @async_validators.async_field_validator("name")
    async def check(self, value: str) -> str:
        return value


def fill(model: type[BaseModel], answers: list[Any], max_reasks: int = 1) -> Any:
    config = load_config().model(None)
    scripted = ScriptedModel(answers, tools=config.mode.value == "tools")

    async def go() -> Any:
        client = ModelClient(config, inner_transport=scripted.transport())
        try:
            messages = [{"role": "user", "content": "去了苏州"}]
            return await client.fill(model, messages, max_reasks)
        finally:
            await client.aclose()

    return asyncio.run(go()), scripted


def test_nothing_of_instructor_is_replaced_by_making_a_client() -> None:
    before = async_validators.reject_async_validators
    ModelClient(load_config().model(None), inner_transport=httpx2.MockTransport(lambda r: None))
    assert async_validators.reject_async_validators is before
    assert before.__module__ == "instructor.v2.validation.async_validators"


def test_instructor_still_refuses_async_validators_on_every_call() -> None:
    for _ in range(2):  # a class that passed once is checked again
        fill(Place, [{"name": "苏州市"}])
        with pytest.raises(ValueError, match="async validators"):
            fill(WithAsync, [])


def test_the_completion_returned_is_the_one_that_validated() -> None:
    filled, scripted = fill(Place, [{"name": "苏州"}, {"name": "苏州市"}])
    assert filled.value.name == "苏州市" and '"苏州市"' in filled.raw
    assert len(scripted.requests) == 2  # one re-ask, with the validator's message
    assert "以“市”结尾" in scripted.requests[1]["messages"][-1]["content"]


def test_response_classes_are_instructors_public_response_schema() -> None:
    wrapped = response_class(Place)
    assert issubclass(wrapped, instructor.ResponseSchema) and issubclass(wrapped, Place)
    assert response_class(wrapped) is wrapped
