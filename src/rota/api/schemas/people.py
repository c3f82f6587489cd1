"""Staff (with competences, RAG history and leave) and residents (with dependency assessments)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import Field, model_validator

from rota.api.schemas.common import ApiModel, Out, partial
from rota.domain.core import DependencyBand, DisplayName, EmploymentType, Identifier, RagRating, RequestKind
from rota.domain.staff import Absence


class StaffIn(ApiModel):
    code: Identifier
    name: DisplayName
    role: Identifier = Field(description="Role code.")
    home_unit: Identifier = Field(description="Unit code of the person's home unit.")
    units: list[Identifier] = Field(default_factory=list, description="Other units they may work on.")
    employment: EmploymentType = EmploymentType.PERMANENT
    contracted_hours: float = Field(default=0, ge=0, le=80)
    max_hours_per_week: float | None = Field(default=None, gt=0, le=80)
    hourly_cost: float = Field(default=0, ge=0, le=500)
    night_worker: bool = False
    day_worker: bool = True
    opted_out_48h: bool = False
    under_18: bool = False
    care_certificate_complete: bool = True
    start_date: date | None = None
    leaving_date: date | None = None

    @model_validator(mode="after")
    def _sensible(self) -> StaffIn:
        if not (self.night_worker or self.day_worker):
            raise ValueError("a staff member must be allowed to work day shifts, night shifts or both")
        if self.max_hours_per_week is not None and self.max_hours_per_week < self.contracted_hours:
            raise ValueError(f"maximum hours ({self.max_hours_per_week:g}) is below contracted hours "
                             f"({self.contracted_hours:g})")
        if self.start_date and self.leaving_date and self.leaving_date < self.start_date:
            raise ValueError("leaving date is before the start date")
        return self


StaffPatch = partial(StaffIn, "StaffPatch")


class StaffOut(StaffIn):
    id: int
    home_id: int
    updated_at: datetime


class CompetenceIn(ApiModel):
    skill: Identifier = Field(description="Skill code.")
    expires: date | None = Field(default=None, description="Last day the competence is valid.")


CompetencePatch = partial(CompetenceIn, "CompetencePatch")


class CompetenceOut(CompetenceIn):
    id: int


class RagIn(ApiModel):
    rating: RagRating
    assessed_on: date
    assessor: DisplayName
    reason: str | None = Field(default=None, max_length=2000)

    @model_validator(mode="after")
    def _reason_for_concern(self) -> RagIn:
        if self.rating != RagRating.GREEN and not (self.reason or "").strip():
            raise ValueError(f"a {self.rating.value} rating needs a reason (it is shown on every shift it affects)")
        return self


class RagOut(Out):
    id: int
    rating: RagRating
    assessed_on: date | None
    assessor: str | None
    reason: str | None
    recorded_at: datetime


class LeaveIn(Absence):
    """Leave or unavailability, both dates inclusive (kind: annual_leave, sickness, training, unavailable...)."""


LeavePatch = partial(LeaveIn, "LeavePatch")


class LeaveOut(Out):
    id: int
    start: date
    end: date
    kind: str


class AssessmentIn(ApiModel):
    assessed_on: date
    band: DependencyBand | None = None
    barthel: int | None = Field(default=None, ge=0, le=100)
    one_to_one_hours: float = Field(default=0, ge=0, le=24)
    two_person_transfer: bool = False
    nursing_needs: bool = False
    end_of_life: bool = False
    assessor: DisplayName | None = None
    notes: str | None = Field(default=None, max_length=4000)

    @model_validator(mode="after")
    def _one_measure(self) -> AssessmentIn:
        if self.band is None and self.barthel is None:
            raise ValueError("give a dependency band or a Barthel score")
        return self


class AssessmentOut(AssessmentIn):
    id: int
    recorded_at: datetime


class ResidentIn(ApiModel):
    code: Identifier
    unit: Identifier = Field(description="Unit code.")
    admitted: date | None = None
    discharged: date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> ResidentIn:
        if self.admitted and self.discharged and self.discharged < self.admitted:
            raise ValueError("discharged before being admitted")
        return self


ResidentPatch = partial(ResidentIn, "ResidentPatch")


class ResidentCreate(ResidentIn):
    assessment: AssessmentIn = Field(description="The dependency assessment on admission.")


class ResidentOut(ResidentIn):
    id: int
    home_id: int
    assessment: AssessmentOut | None = Field(description="The latest assessment.")


class StaffRequestIn(ApiModel):
    """A wish the solver tries to honour (weight 1-10): a day off, or a shift wanted or not wanted."""

    kind: RequestKind
    date: date
    shift: Identifier | None = Field(default=None, description="Shift code; required unless the kind is day_off.")
    weight: int = Field(default=1, ge=1, le=10)

    @model_validator(mode="after")
    def _shift_given(self) -> StaffRequestIn:
        if self.kind != RequestKind.DAY_OFF and self.shift is None:
            raise ValueError(f"a {self.kind.value} request needs a shift code")
        return self


StaffRequestPatch = partial(StaffRequestIn, "StaffRequestPatch")


class StaffRequestOut(StaffRequestIn):
    id: int
