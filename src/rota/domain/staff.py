"""Staff members: contract, competences, safety rating, availability and wishes."""

from __future__ import annotations

from datetime import date

from pydantic import Field, model_validator

from rota.domain.core import (
    DisplayName,
    DomainModel,
    EmploymentType,
    Identifier,
    RagRating,
    RequestKind,
)


class Competence(DomainModel):
    """A skill held by a person; it stops counting after its expiry date."""

    skill: Identifier
    expires: date | None = Field(default=None, description="Last day the competence is valid.")

    def valid_on(self, day: date) -> bool:
        return self.expires is None or day <= self.expires


class RagAssessment(DomainModel):
    """The home's own red/amber/green staff-safety assessment of a person."""

    rating: RagRating
    assessed_on: date | None = None
    assessor: str | None = None
    reason: str | None = None


class Absence(DomainModel):
    """Leave or other unavailability, inclusive of both dates."""

    start: date
    end: date
    kind: str = Field(default="annual_leave", max_length=40)

    @model_validator(mode="after")
    def _ordered(self) -> Absence:
        if self.end < self.start:
            raise ValueError(f"absence ends ({self.end}) before it starts ({self.start})")
        return self

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


class StaffRequest(DomainModel):
    kind: RequestKind
    date: date
    shift: Identifier | None = Field(default=None, description="Required for shift requests.")
    weight: int = Field(default=1, ge=1, le=10)

    @model_validator(mode="after")
    def _shift_given(self) -> StaffRequest:
        if self.kind != RequestKind.DAY_OFF and self.shift is None:
            raise ValueError(f"a {self.kind.value} request needs a shift code")
        return self


class WorkPattern(DomainModel):
    """Personal limits agreed in a contract or working pattern, over the whole rota horizon.

    Every field is optional and, left out, adds nothing beyond the home's own rules
    (`rest` in the scenario). Where both set a limit the stricter one applies.
    """

    max_shifts: dict[Identifier, int] = Field(
        default_factory=dict,
        description="Most shifts of each type (by shift code) over the horizon; 0 means never that shift.",
    )
    min_minutes: int | None = Field(default=None, ge=0, description="Fewest paid minutes over the horizon.")
    max_minutes: int | None = Field(default=None, ge=0, description="Most paid minutes over the horizon.")
    max_consecutive_days: int | None = Field(default=None, ge=1, description="Most working days in a row.")
    min_consecutive_days: int | None = Field(
        default=None, ge=1,
        description="Fewest working days in a row; a run touching the start or end of the horizon may be shorter.",
    )
    min_consecutive_days_off: int | None = Field(
        default=None, ge=1,
        description="Fewest days off in a row; a run touching the start or end of the horizon may be shorter.",
    )
    max_weekends: int | None = Field(
        default=None, ge=0, description="Most weekends worked over the horizon (Saturday or Sunday worked)."
    )

    @model_validator(mode="after")
    def _ordered(self) -> WorkPattern:
        for low, high, what in ((self.min_minutes, self.max_minutes, "minutes"),
                                (self.min_consecutive_days, self.max_consecutive_days, "consecutive days")):
            if low is not None and high is not None and low > high:
                raise ValueError(f"minimum {what} ({low}) is above the maximum ({high})")
        for code, most in self.max_shifts.items():
            if most < 0:
                raise ValueError(f"max_shifts for {code} is negative ({most})")
        return self


class StaffMember(DomainModel):
    id: Identifier
    name: DisplayName
    role: Identifier
    home_unit: Identifier
    units: tuple[Identifier, ...] = Field(
        default=(), description="Other units the person may work on (the home unit is implied)."
    )
    skills: tuple[Competence, ...] = ()
    contracted_hours: float = Field(default=0, ge=0, le=80, description="Contracted hours per week.")
    max_hours_per_week: float | None = Field(default=None, gt=0, le=80)
    employment: EmploymentType = EmploymentType.PERMANENT
    hourly_cost: float = Field(default=0, ge=0, le=500, description="Cost to the home per paid hour (GBP).")
    rag: RagAssessment | None = None
    night_worker: bool = Field(default=False, description="May work night shifts.")
    day_worker: bool = Field(default=True, description="May work day shifts.")
    opted_out_48h: bool = False
    under_18: bool = False
    start_date: date | None = None
    care_certificate_complete: bool = True
    leave: tuple[Absence, ...] = ()
    unavailable: tuple[date, ...] = ()
    requests: tuple[StaffRequest, ...] = ()
    pattern: WorkPattern = WorkPattern()

    @model_validator(mode="after")
    def _works_something(self) -> StaffMember:
        if not (self.night_worker or self.day_worker):
            raise ValueError(f"staff {self.id} may work neither day nor night shifts")
        return self

    @property
    def allowed_units(self) -> tuple[str, ...]:
        return (self.home_unit, *(u for u in self.units if u != self.home_unit))

    @property
    def rating(self) -> RagRating | None:
        return self.rag.rating if self.rag else None

    def has_skill(self, skill_id: str, day: date) -> bool:
        return any(c.skill == skill_id and c.valid_on(day) for c in self.skills)

    def holds_expired(self, skill_id: str, day: date) -> bool:
        held = [c for c in self.skills if c.skill == skill_id]
        return bool(held) and not any(c.valid_on(day) for c in held)

    def absent_on(self, day: date) -> Absence | None:
        for absence in self.leave:
            if absence.covers(day):
                return absence
        if day in self.unavailable:
            return Absence(start=day, end=day, kind="unavailable")
        return None

    def is_new_starter(self) -> bool:
        """Not yet counted as independent staff: Care Certificate not complete."""
        return not self.care_certificate_complete
