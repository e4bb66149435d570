"""An article's choices bound to a model built once ask and check exactly what a model with
`Literal[...]` fields built for that article would: the same JSON schema, byte for byte, and
the same validation errors, word for word.

The reference below is how those models were built before, one pydantic class per article.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from typing import Any, Literal

import pytest
from pydantic import BaseModel, Field, ValidationError, create_model

from extract.pipeline import steps
from schemas.choices import choosing
from schemas.draft import DraftContext
from schemas.draft import current_context as draft_context
from schemas.steps import MAX_STOPS, ROLES, Skeleton, SkeletonVisit, StopItem

# --- the reference: Literal fields, a class per set of choices ----------------------------


def _choice(values: Sequence[str]) -> Any:
    return Literal[tuple(values)]  # type: ignore[valid-type]


def ref_skeleton(dates: Sequence[str]) -> type[BaseModel]:
    date_type: Any = _choice(dates) | None if dates else None
    visit = create_model(
        "Visit",
        __base__=SkeletonVisit,
        date_text=(
            date_type,
            Field(default=None, description="文中的考察日期，从给定的写法中选；没有则 null"),
        ),
    )
    return create_model(
        "VisitSkeleton",
        __base__=Skeleton,
        visits=(list[visit], Field(default_factory=list, max_length=8)),
    )


def ref_people(names: Sequence[str]) -> type[BaseModel]:
    item = create_model(
        "PersonRoleItem",
        name=(_choice(names), Field(description="候选人姓名")),
        role=(_choice(ROLES), Field(description="lead率队 member随团参加 host接待方 none无关")),
    )
    return create_model("People", people=(list[item], Field(max_length=len(names))))


def ref_itinerary(destinations: Sequence[str]) -> type[BaseModel]:
    item = create_model(
        "Stop",
        __base__=StopItem,
        destination=(_choice(destinations), Field(description="属于哪个目的地")),
    )
    return create_model("Itinerary", stops=(list[item], Field(max_length=MAX_STOPS)))


def ref_topics(domains: Sequence[str]) -> type[BaseModel]:
    return create_model(
        "TopicChoice", domains=(list[_choice(domains)], Field(max_length=len(domains)))
    )


# --- choice sets and answers ---------------------------------------------------------------

WORDS = ["3月6日", "张三", "苏州市", "产业", "O'Brien", '说"好"', "吴江区", "x", "科技", "李四"]


def choice_sets(seed: int, smallest: int) -> list[tuple[str, ...]]:
    rng = random.Random(seed)
    sets = [tuple(rng.sample(WORDS, k)) for k in range(smallest, 5) for _ in range(4)]
    return [s for s in sets if s]


VISIT = {
    "delegation_name": "海安市党政代表团",
    "delegation_kind": "党政代表团",
    "status": "completed",
    "origin": "海安市",
    "destinations": ["苏州市"],
}


def skeleton_answers(choices: tuple[str, ...]) -> list[Any]:
    pick = choices[0] if choices else None
    return [
        {"is_study_visit": True, "visits": [{**VISIT, "date_text": pick}]},
        {"is_study_visit": True, "visits": [{**VISIT, "date_text": "不在其中"}]},
        {"is_study_visit": True, "visits": [{**VISIT, "date_text": 5}]},
        {"is_study_visit": True, "visits": [VISIT]},
        {"is_study_visit": True, "visits": [{**VISIT, "date_text": pick}] * 9},
    ]


def people_answers(choices: tuple[str, ...]) -> list[Any]:
    return [
        {"people": [{"name": choices[0], "role": "lead"}]},
        {"people": [{"name": "不在其中", "role": "lead"}]},
        {"people": [{"name": choices[0], "role": "boss"}]},
        {"people": [{"name": 7, "role": "host"}]},
        {"people": [{"name": choices[0], "role": "member"}] * (len(choices) + 1)},
        {"people": [{"name": "不在其中", "role": "x"}] * (len(choices) + 2)},
        {"people": "张三"},
        {},
    ]


def itinerary_answers(choices: tuple[str, ...]) -> list[Any]:
    stop = {"name": "苏州工业园区", "kind": "park", "destination": choices[0]}
    return [
        {"stops": [stop]},
        {"stops": [{**stop, "destination": "不在其中"}]},
        {"stops": [{**stop, "destination": None}]},
        {"stops": [stop] * 26},
    ]


def topic_answers(choices: tuple[str, ...]) -> list[Any]:
    return [
        {"domains": list(choices)},
        {"domains": ["不在其中"]},
        {"domains": [*choices, choices[0]]},
        {"domains": [None]},
    ]


CASES = [
    pytest.param(steps.skeleton_model, ref_skeleton, skeleton_answers, 0, id="skeleton"),
    pytest.param(steps.people_model, ref_people, people_answers, 1, id="people"),
    pytest.param(steps.itinerary_model, ref_itinerary, itinerary_answers, 1, id="itinerary"),
    pytest.param(steps.topic_choice_model, ref_topics, topic_answers, 1, id="topics"),
]


def outcome(model: type[BaseModel], data: Any) -> tuple[str, Any]:
    try:
        return "ok", model.model_validate(data).model_dump()
    except ValidationError as e:
        return "error", str(e).replace(model.__name__, "Model")


@pytest.mark.parametrize(("factory", "reference", "answers", "smallest"), CASES)
def test_the_schema_is_the_one_a_literal_model_would_have(
    factory, reference, answers, smallest
) -> None:
    for choices in choice_sets(1, smallest):
        ours = json.dumps(factory(choices).model_json_schema(), ensure_ascii=False)
        theirs = json.dumps(reference(choices).model_json_schema(), ensure_ascii=False)
        assert ours == theirs, choices


@pytest.mark.parametrize(("factory", "reference", "answers", "smallest"), CASES)
def test_answers_validate_or_fail_as_with_a_literal_model(
    factory, reference, answers, smallest
) -> None:
    token = draft_context.set(DraftContext(text="海安市党政代表团赴苏州市考察苏州工业园区"))
    try:
        for choices in choice_sets(2, smallest):
            model = factory(choices)
            for data in answers(choices):
                with choosing(model):
                    ours = outcome(model, data)
                assert ours == outcome(reference(choices), data), (choices, data)
    finally:
        draft_context.reset(token)


def test_each_article_gets_its_own_choices_and_equal_choices_share_a_class() -> None:
    first, second = steps.people_model(["张三", "李四"]), steps.people_model(["王五"])
    assert first is steps.people_model(("张三", "李四")) and first is not second
    answer = {"people": [{"name": "王五", "role": "lead"}]}
    with choosing(second):
        assert second.model_validate(answer).people[0].name == "王五"  # type: ignore[attr-defined]
    with choosing(first), pytest.raises(ValidationError, match="'张三' or '李四'"):
        first.model_validate(answer)
    assert "王五" not in json.dumps(first.model_json_schema(), ensure_ascii=False)


def test_a_bound_class_is_an_ordinary_pydantic_subclass_that_adds_nothing() -> None:
    """Made by pydantic's own metaclass (no class is assembled around it): the same fields,
    and the model it binds does the validating, so records are of one class."""
    model = steps.people_model(["张三", "李四"])
    unbound = steps.People
    assert type(model) is type(unbound) and model.__bases__ == (unbound,)
    assert repr(model.model_fields) == repr(unbound.model_fields)
    with choosing(model):
        value = model.model_validate({"people": [{"name": "张三", "role": "lead"}]})
    assert type(value) is unbound


def test_the_client_is_handed_the_unbound_model_except_in_tools_mode() -> None:
    """A JSON mode asks with the model a bound class binds (one schema per class for
    instructor); tools mode needs the bound class itself, its tool schema kept per class."""
    from extract.pipeline.asking import asked_class

    model = steps.people_model(["张三", "李四"])
    assert asked_class(model, "json_schema") is steps.People
    assert asked_class(model, "tools") is model
    assert asked_class(steps.People, "json_schema") is steps.People


def test_inside_choosing_the_unbound_model_asks_for_the_bound_choices() -> None:
    """How the client asks in a JSON mode: with the unbound model, the choices in force, so
    the bound class (built lazily, `defer_build`) is never built."""
    model = steps.people_model(["张三", "王五"])
    unbound = model.unbound()  # type: ignore[attr-defined]
    with choosing(model):
        assert unbound.model_json_schema() == model.model_json_schema()
    assert "王五" not in json.dumps(unbound.model_json_schema(), ensure_ascii=False)
    assert model.__pydantic_complete__ is False
