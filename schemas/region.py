"""A region of China's administrative divisions, as resolved from a mention in the text."""

from __future__ import annotations

import re
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator

from schemas.enums import RegionLevel


class ResolutionStatus(StrEnum):
    RESOLVED = "resolved"
    AMBIGUOUS = "ambiguous"
    UNRESOLVED = "unresolved"
    ZONE = "zone"  # a development zone or park, not an administrative division


class Region(BaseModel):
    """行政区划。`mention` 是文中原样写法；其余由地名库（gazetteer）填写，不由模型编造。"""

    model_config = ConfigDict(frozen=True)

    mention: str = Field(description="文中原样写法，如 昆山、余杭、广东省佛山市顺德区")
    name: str | None = Field(default=None, description="标准全称，如 昆山市、余杭区")
    level: RegionLevel | None = None
    parents: tuple[str, ...] = Field(default=(), description="上级：地级市、省，由近到远")
    adcode: str | None = Field(default=None, description="六位 GB/T 2260 代码")
    status: ResolutionStatus = ResolutionStatus.UNRESOLVED
    candidates: tuple[str, ...] = Field(
        default=(), description="Ambiguous mentions: 'adcode name' of each candidate."
    )

    @field_validator("adcode")
    @classmethod
    def _six_digits(cls, v: str | None) -> str | None:
        if v is not None and not re.fullmatch(r"\d{6}", v):
            raise ValueError(f"adcode 必须是六位数字，不是 {v!r}")
        return v

    @property
    def resolved(self) -> bool:
        return self.status is ResolutionStatus.RESOLVED
