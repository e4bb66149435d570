"""Partial dates: a visit date whose year, month or day may be unknown or inferred."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field, model_validator


class PartialDate(BaseModel):
    """A calendar date of which some parts may be missing; `inferred` names parts not in the text."""

    model_config = ConfigDict(frozen=True)

    year: int | None = Field(
        default=None, ge=1949, le=2100, description="年；文中没有写年份时为 null"
    )
    month: int | None = Field(default=None, ge=1, le=12, description="月")
    day: int | None = Field(default=None, ge=1, le=31, description="日")
    inferred: tuple[str, ...] = Field(
        default=(),
        description="Parts taken from the publication date, not the text: 'year', 'month'.",
    )

    @model_validator(mode="after")
    def _check(self) -> PartialDate:
        bad = [p for p in self.inferred if p not in ("year", "month", "day")]
        if bad:
            raise ValueError(f"inferred 只能包含 year/month/day，不能是 {bad}")
        for part in self.inferred:
            if getattr(self, part) is None:
                raise ValueError(f"{part} 标为推断(inferred)却是空值")
        if self.year and self.month and self.day:
            try:
                dt.date(self.year, self.month, self.day)
            except ValueError as e:
                raise ValueError(f"日期不存在: {self.year}-{self.month}-{self.day}") from e
        return self

    @property
    def is_empty(self) -> bool:
        return self.year is None and self.month is None and self.day is None

    def iso(self) -> str | None:
        """ISO form where complete (2024-03-06), partial forms otherwise (2024-03, --03-06)."""
        y, m, d = self.year, self.month, self.day
        if y and m and d:
            return f"{y:04d}-{m:02d}-{d:02d}"
        if y and m:
            return f"{y:04d}-{m:02d}"
        if y and not d:
            return f"{y:04d}"
        if m and d:
            return f"--{m:02d}-{d:02d}"
        return None

    def as_date(self) -> dt.date | None:
        if self.year and self.month and self.day:
            return dt.date(self.year, self.month, self.day)
        return None

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year or 0, self.month or 0, self.day or 0)
