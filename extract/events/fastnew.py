"""Build instances of frozen, slotted dataclasses without their `__init__`.

A frozen dataclass's generated `__init__` sets each field through ``object.__setattr__``; for
the millions of small records of a large merge that is a good part of the time. `maker` returns
a function taking every field positionally that sets the slots directly: the instance is the
same as the class would build (same type, fields, equality, hash and pickling).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from typing import Any, TypeVar

T = TypeVar("T")


def maker(cls: type[T]) -> Callable[..., T]:
    """`cls(*values)` for a frozen slotted dataclass, all fields given, in order."""
    setters = tuple(vars(cls)[f.name].__set__ for f in fields(cls))  # type: ignore[arg-type]
    new = object.__new__
    if len(setters) == 2:
        first, second = setters

        def make2(a: Any, b: Any) -> T:
            obj = new(cls)
            first(obj, a)
            second(obj, b)
            return obj

        return make2
    if len(setters) == 3:
        s1, s2, s3 = setters

        def make3(a: Any, b: Any, c: Any) -> T:
            obj = new(cls)
            s1(obj, a)
            s2(obj, b)
            s3(obj, c)
            return obj

        return make3

    def make(*values: Any) -> T:
        obj = new(cls)
        for setter, value in zip(setters, values, strict=True):
            setter(obj, value)
        return obj

    return make
