"""Shared base model, identifier types and enumerations."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

Identifier = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.\-]+$"),
]
"""Ids appear in CSV files and CP-SAT names, so they are kept to a safe alphabet."""

DisplayName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class DomainModel(BaseModel):
    """Frozen, strict-about-unknown-fields base: a typo in a scenario file is an error, not a no-op."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class EmploymentType(StrEnum):
    PERMANENT = "permanent"
    BANK = "bank"
    AGENCY = "agency"


class RagRating(StrEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"


class UnitKind(StrEnum):
    RESIDENTIAL = "residential"
    NURSING = "nursing"
    DEMENTIA = "dementia"
    NURSING_DEMENTIA = "nursing_dementia"

    @property
    def needs_registered_nurse(self) -> bool:
        return self in (UnitKind.NURSING, UnitKind.NURSING_DEMENTIA)


class DependencyBand(StrEnum):
    INDEPENDENT = "independent"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    VERY_HIGH = "very_high"


class RequestKind(StrEnum):
    DAY_OFF = "day_off"
    SHIFT_WANTED = "shift_wanted"
    SHIFT_NOT_WANTED = "shift_not_wanted"
