"""Homes and their catalogue: units, shift types, roles and skills. `code` is the home's own identifier
(the id used in scenario files and rota exports); `id` is the database id used in URLs."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Annotated

from pydantic import Field, PlainSerializer, WithJsonSchema

from rota.api.schemas.common import ApiModel, Out, partial
from rota.domain.core import DisplayName, Identifier, UnitKind
from rota.domain.home import ShiftType


class HomeIn(ApiModel):
    code: Identifier
    name: DisplayName


class HomeOut(Out):
    id: int
    code: str
    name: str
    created_at: datetime


class UnitIn(ApiModel):
    code: Identifier
    name: DisplayName
    kind: UnitKind
    beds: int = Field(ge=1, le=500)


class UnitOut(Out):
    id: int
    home_id: int
    code: str
    name: str
    kind: UnitKind
    beds: int


class ShiftTypeIn(ShiftType):
    """Unit codes in `units`; leave it out for a shift every unit runs."""


WallClock = Annotated[time, PlainSerializer(lambda value: value.strftime("%H:%M"), return_type=str),
                      WithJsonSchema({"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$",
                                      "description": "Local wall-clock time in the home, HH:MM."},
                                     mode="serialization")]
"""A shift's start or end as the home's own clock reads it ("07:00"): not a UTC time, so not JSON Schema's
`time` format (which requires an offset)."""


class ShiftTypeOut(Out):
    id: int
    home_id: int
    code: str
    name: str
    start: WallClock
    end: WallClock
    paid_minutes: int | None
    night: bool
    units: list[str] | None
    care_share: float | None


class RoleIn(ApiModel):
    code: Identifier
    name: DisplayName
    registered_nurse: bool = False
    care_staff: bool = True
    senior: bool = False


class RoleOut(Out):
    id: int
    home_id: int
    code: str
    name: str
    registered_nurse: bool
    care_staff: bool
    senior: bool


class SkillIn(ApiModel):
    code: Identifier
    name: DisplayName


class SkillOut(Out):
    id: int
    home_id: int
    code: str
    name: str


HomePatch = partial(HomeIn, "HomePatch")
UnitPatch = partial(UnitIn, "UnitPatch")
ShiftTypePatch = partial(ShiftTypeIn, "ShiftTypePatch")
RolePatch = partial(RoleIn, "RolePatch")
SkillPatch = partial(SkillIn, "SkillPatch")


class FixedAssignmentIn(ApiModel):
    """A shift fixed in advance (a manager's decision): every rota planned for that date keeps it."""

    date: date
    shift: Identifier = Field(description="Shift code.")
    unit: Identifier = Field(description="Unit code.")
    staff_id: Identifier = Field(description="Staff code.")


FixedAssignmentPatch = partial(FixedAssignmentIn, "FixedAssignmentPatch")


class FixedAssignmentOut(FixedAssignmentIn):
    id: int
    home_id: int
