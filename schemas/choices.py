"""Closed sets of choices that depend on the article, on models built once.

The model picks from what the article offers: the date expressions in it, its candidate
people, the visit's destinations, the proposed topics. A field marked :func:`one_of` takes
one of an article's choices of that kind; a list marked :func:`at_most` holds no more items
than there are choices. :func:`with_choices` binds an article's choices to a subclass that
changes no field; its JSON schema carries them as ``const``/``enum`` and ``maxItems`` exactly
where ``Literal[...]`` and ``max_length`` would put them, and while it is in use
(:func:`choosing`) the validators raise the errors those would raise, word for word.

Building a pydantic class with ``Literal`` fields for every article, and its schema, cost
about 6 ms an article; a subclass that only binds choices, whose validator is not built,
with its schema derived from the model's (generated once), costs a fraction of that.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import json
import types
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict, ValidatorFunctionWrapHandler, WrapValidator
from pydantic_core import PydanticKnownError

Choices = Mapping[str, tuple[str, ...]]
M = TypeVar("M", bound="ChoiceModel")

ONE_OF = "x-one-of"  # schema markers, replaced when choices are bound
AT_MOST = "x-at-most"

current_choices: contextvars.ContextVar[Choices | None] = contextvars.ContextVar(
    "step_choices", default=None
)


class _Marker:
    """Annotated metadata: marks the schema of what it annotates with `key: kind`."""

    def __init__(self, key: str, kind: str) -> None:
        self.key, self.kind = key, kind

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: Any) -> dict[str, Any]:
        schema: dict[str, Any] = handler(core_schema)
        schema[self.key] = self.kind
        return schema


def one_of(kind: str, *, optional: bool = False) -> tuple[Any, ...]:
    """Metadata for ``Annotated[str, *one_of(kind)]`` (``str | None`` when `optional`)."""

    def check(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        choices = _bound(kind)
        if choices is None:
            return handler(value)
        if optional and value is None:
            return None
        if isinstance(value, str) and value in choices:
            return value
        if not choices:
            raise PydanticKnownError("none_required")
        raise PydanticKnownError("literal_error", {"expected": _expected(choices)})

    return WrapValidator(check), _Marker(ONE_OF, kind)


def at_most(kind: str) -> tuple[Any, ...]:
    """Metadata for a list: no more items than there are choices of `kind`."""

    def check(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        choices = _bound(kind)
        if choices is not None and isinstance(value, list) and len(value) > len(choices):
            context = {"field_type": "List", "max_length": len(choices)}
            raise PydanticKnownError("too_long", {**context, "actual_length": len(value)})
        return handler(value)

    return WrapValidator(check), _Marker(AT_MOST, kind)


def _bound(kind: str) -> tuple[str, ...] | None:
    choices = current_choices.get()
    return None if choices is None or kind not in choices else choices[kind]


def _expected(choices: Sequence[str]) -> str:
    quoted = [repr(c) for c in choices]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"


class ChoiceModel(BaseModel):
    """A model with fields marked by :func:`one_of` or :func:`at_most`."""

    __choices__: ClassVar[Choices] = {}

    @classmethod
    def unbound(cls) -> type[ChoiceModel]:
        """The class whose choices these bind: the same fields and validators."""
        return next(c for c in cls.__mro__ if issubclass(c, ChoiceModel) and not c.__choices__)

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """With the class's choices bound; an unbound class binds those in force (see
        :func:`choosing`), so it can ask for an article's choices without a class of its own."""
        if cls.__choices__:
            return bind_schema(cls.unbound().model_json_schema(*args, **kwargs), cls.__choices__)
        schema = json.loads(_schema_text(cls, args, tuple(sorted(kwargs.items()))))
        choices = current_choices.get()
        return schema if choices is None else bind_schema(schema, choices)

    # A class with bound choices validates with the model it binds, whose validators read
    # the choices from `current_choices`: the records are instances of that one class.

    @classmethod
    def model_validate(cls, *args: Any, **kwargs: Any) -> Any:
        if cls.__choices__:
            return cls.unbound().model_validate(*args, **kwargs)
        return super().model_validate(*args, **kwargs)

    @classmethod
    def model_validate_json(cls, *args: Any, **kwargs: Any) -> Any:
        if cls.__choices__:
            return cls.unbound().model_validate_json(*args, **kwargs)
        return super().model_validate_json(*args, **kwargs)


@functools.lru_cache(maxsize=64)
def _schema_text(
    cls: type[ChoiceModel], args: tuple[Any, ...], kwargs: tuple[tuple[str, Any], ...]
) -> str:
    """pydantic's schema of an unbound model as JSON text, generated once: the model never
    changes, and each caller parses its own copy to bind choices into."""
    return json.dumps(super(ChoiceModel, cls).model_json_schema(*args, **dict(kwargs)))


def with_choices(model: type[M], **choices: Sequence[str]) -> type[M]:
    """A subclass of `model` (same name, same fields) that only carries these choices.

    An ordinary subclass, made by pydantic's metaclass; it adds no field or validator, and
    hands validating and its schema to `model` (see :class:`ChoiceModel`). Its validator is
    built only if something asks for it (``defer_build``): instructor's tools mode does, a
    JSON mode asks with `model` itself while the choices are in force (:func:`choosing`)."""
    namespace = {
        "__choices__": {kind: tuple(values) for kind, values in choices.items()},
        "__module__": model.__module__,
        "__qualname__": model.__qualname__,
        "__doc__": model.__doc__,
        "model_config": ConfigDict(defer_build=True),
    }
    return types.new_class(model.__name__, (model,), {}, lambda ns: ns.update(namespace))


@contextlib.contextmanager
def choosing(model: type[BaseModel]) -> Iterator[None]:
    """Validate with `model`'s bound choices in the block (nested items see them too)."""
    token = current_choices.set(getattr(model, "__choices__", None) or None)
    try:
        yield
    finally:
        current_choices.reset(token)


def bind_schema(schema: Any, choices: Choices) -> Any:
    """The schema with every marker replaced by the choices it stands for, in place."""
    if isinstance(schema, list):
        for item in schema:
            bind_schema(item, choices)
        return schema
    if not isinstance(schema, dict):
        return schema
    for value in schema.values():
        bind_schema(value, choices)
    if AT_MOST in schema:
        schema["maxItems"] = len(choices[schema.pop(AT_MOST)])
        _sort(schema)
    if ONE_OF in schema:
        _bind_one_of(schema, choices[schema.pop(ONE_OF)])
    return schema


def _bind_one_of(schema: dict[str, Any], values: tuple[str, ...]) -> None:
    """As pydantic writes ``Literal[values]`` (``| None`` when the schema has ``anyOf``)."""
    branches = schema.get("anyOf")
    if branches is not None and not values:  # Literal[()] | None is just None
        del schema["anyOf"]
        schema["type"] = "null"
    else:
        target = next(b for b in branches if b.get("type") == "string") if branches else schema
        if len(values) == 1:
            target["const"] = values[0]
        else:
            target["enum"] = list(values)
        _sort(target)
    _sort(schema)


def _sort(schema: dict[str, Any]) -> None:
    items = sorted(schema.items())
    schema.clear()
    schema.update(items)
