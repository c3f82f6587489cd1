"""A scenario: everything the solver needs to plan one home over one horizon.

Loaded from JSON and validated in two passes: Pydantic checks each field, then
`_check_references` checks that every id points at something that exists and
every date sits in the horizon, reporting the exact field path.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from pydantic import Field, ValidationError, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from rota.domain.core import DisplayName, DomainModel, Identifier
from rota.domain.home import Role, ShiftType, Skill, Unit
from rota.domain.policy import (
    AgencyPolicy,
    DependencyTool,
    ObjectiveWeights,
    RestRules,
    SafetyPolicy,
    StaffingFloors,
)
from rota.domain.resident import Resident
from rota.domain.rota import Assignment
from rota.domain.staff import StaffMember

Loc = tuple[str | int, ...]


class Horizon(DomainModel):
    start: date
    days: int = Field(ge=1, le=371, description="Usually 7 to 28; up to a year for long-range planning.")

    @property
    def dates(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range(self.days)]

    @property
    def end(self) -> date:
        return self.start + timedelta(days=self.days - 1)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


class CoverTarget(DomainModel):
    """A headcount the home sets by hand for one unit-shift, in place of the dependency tool's
    care-staff number (for example a fixed establishment, or numbers agreed with commissioners).

    With points given, cover on this shift is traded at those prices (per head short, per head over)
    instead of the default head-hour weights, which make any shortfall dominate everything else.
    """

    date: date
    shift: Identifier
    unit: Identifier
    heads: int = Field(ge=0, le=500)
    shortfall_points: int | None = Field(default=None, ge=0, description="Points per head short.")
    excess_points: int | None = Field(default=None, ge=0, description="Points per head over.")


class Home(DomainModel):
    id: Identifier
    name: DisplayName


class Scenario(DomainModel):
    home: Home
    horizon: Horizon
    units: tuple[Unit, ...] = Field(min_length=1)
    shift_types: tuple[ShiftType, ...] = Field(min_length=1)
    roles: tuple[Role, ...] = Field(min_length=1)
    skills: tuple[Skill, ...] = ()
    staff: tuple[StaffMember, ...] = ()
    residents: tuple[Resident, ...] = ()
    dependency_tool: DependencyTool = DependencyTool()
    floors: StaffingFloors = StaffingFloors()
    agency: AgencyPolicy = AgencyPolicy()
    rest: RestRules = RestRules()
    safety: SafetyPolicy = SafetyPolicy()
    weights: ObjectiveWeights = ObjectiveWeights()
    published_rota: tuple[Assignment, ...] = ()
    fixed_assignments: tuple[Assignment, ...] = ()
    cover_targets: tuple[CoverTarget, ...] = ()

    @model_validator(mode="after")
    def _check_references(self) -> Scenario:
        errors = list(_reference_errors(self))
        if errors:
            raise ValidationError.from_exception_data("Scenario", errors)
        return self

    def unit(self, unit_id: str) -> Unit:
        return next(u for u in self.units if u.id == unit_id)

    def shift_type(self, code: str) -> ShiftType:
        return next(s for s in self.shift_types if s.code == code)

    def role(self, role_id: str) -> Role:
        return next(r for r in self.roles if r.id == role_id)

    def member(self, staff_id: str) -> StaffMember:
        return next(s for s in self.staff if s.id == staff_id)


def _error(loc: Loc, message: str, value: Any) -> InitErrorDetails:
    return InitErrorDetails(
        type=PydanticCustomError("reference", message), loc=loc, input=value
    )


def _unknown(kind: str, value: str, known: set[str]) -> str:
    listed = ", ".join(sorted(known)[:12]) or "none defined"
    return f"unknown {kind} '{value}' (known: {listed})"


def _duplicates(loc: str, ids: list[str]) -> Iterator[InitErrorDetails]:
    seen: set[str] = set()
    for i, item in enumerate(ids):
        if item in seen:
            yield _error((loc, i, "id" if loc != "shift_types" else "code"), f"duplicate id '{item}'", item)
        seen.add(item)


def _reference_errors(s: Scenario) -> Iterator[InitErrorDetails]:
    units = {u.id for u in s.units}
    shifts = {t.code for t in s.shift_types}
    roles = {r.id for r in s.roles}
    skills = {k.id for k in s.skills}
    staff = {m.id for m in s.staff}

    yield from _duplicates("units", [u.id for u in s.units])
    yield from _duplicates("shift_types", [t.code for t in s.shift_types])
    yield from _duplicates("roles", [r.id for r in s.roles])
    yield from _duplicates("skills", [k.id for k in s.skills])
    yield from _duplicates("staff", [m.id for m in s.staff])
    yield from _duplicates("residents", [r.id for r in s.residents])

    if s.floors.nurse_on_nursing_units and not any(r.registered_nurse for r in s.roles):
        for i, u in enumerate(s.units):
            if u.kind.needs_registered_nurse:
                yield _error(("units", i, "kind"), f"{u.name} is a nursing unit but no role is a registered "
                             "nurse: add a role with \"registered_nurse\": true", u.kind.value)
    for i, t in enumerate(s.shift_types):
        for j, u in enumerate(t.units or ()):
            if u not in units:
                yield _error(("shift_types", i, "units", j), _unknown("unit", u, units), u)
        for j, code in enumerate(t.not_followed_by):
            if code not in shifts:
                yield _error(("shift_types", i, "not_followed_by", j), _unknown("shift", code, shifts), code)
    for i, m in enumerate(s.staff):
        yield from _staff_errors(s, i, m, units, shifts, roles, skills)
    for i, r in enumerate(s.residents):
        if r.unit not in units:
            yield _error(("residents", i, "unit"), _unknown("unit", r.unit, units), r.unit)
    for i, f in enumerate(s.floors.skill_floors):
        if f.skill not in skills:
            yield _error(("floors", "skill_floors", i, "skill"), _unknown("skill", f.skill, skills), f.skill)
    for field in ("published_rota", "fixed_assignments"):
        for i, a in enumerate(getattr(s, field)):
            yield from _assignment_errors(s, (field, i), a, units, shifts, staff)
    yield from _cover_target_errors(s, units, shifts)


def _staff_errors(
    s: Scenario, i: int, m: StaffMember,
    units: set[str], shifts: set[str], roles: set[str], skills: set[str],
) -> Iterator[InitErrorDetails]:
    loc: Loc = ("staff", i)
    if m.role not in roles:
        yield _error((*loc, "role"), _unknown("role", m.role, roles), m.role)
    if m.home_unit not in units:
        yield _error((*loc, "home_unit"), _unknown("unit", m.home_unit, units), m.home_unit)
    for j, u in enumerate(m.units):
        if u not in units:
            yield _error((*loc, "units", j), _unknown("unit", u, units), u)
    for j, c in enumerate(m.skills):
        if c.skill not in skills:
            yield _error((*loc, "skills", j, "skill"), _unknown("skill", c.skill, skills), c.skill)
    if m.max_hours_per_week is not None and m.max_hours_per_week < m.contracted_hours:
        yield _error(
            (*loc, "max_hours_per_week"),
            f"maximum hours ({m.max_hours_per_week:g}) is below contracted hours ({m.contracted_hours:g})",
            m.max_hours_per_week,
        )
    for code in m.pattern.max_shifts:
        if code not in shifts:
            yield _error((*loc, "pattern", "max_shifts", code), _unknown("shift", code, shifts), code)
    for j, r in enumerate(m.requests):
        if not s.horizon.contains(r.date):
            yield _error((*loc, "requests", j, "date"), _outside(s, r.date), r.date.isoformat())
        if r.shift is not None and r.shift not in shifts:
            yield _error((*loc, "requests", j, "shift"), _unknown("shift", r.shift, shifts), r.shift)


def _outside(s: Scenario, day: date) -> str:
    return f"date {day} is outside the horizon {s.horizon.start} to {s.horizon.end}"


def _assignment_errors(
    s: Scenario, loc: Loc, a: Assignment, units: set[str], shifts: set[str], staff: set[str]
) -> Iterator[InitErrorDetails]:
    if not s.horizon.contains(a.date):
        yield _error((*loc, "date"), _outside(s, a.date), a.date.isoformat())
    if a.shift not in shifts:
        yield _error((*loc, "shift"), _unknown("shift", a.shift, shifts), a.shift)
    if a.unit not in units:
        yield _error((*loc, "unit"), _unknown("unit", a.unit, units), a.unit)
    elif a.shift in shifts and not s.shift_type(a.shift).runs_on(a.unit):
        yield _error((*loc, "shift"), f"unit {a.unit} does not run shift {a.shift}", a.shift)
    if a.staff_id not in staff:
        yield _error((*loc, "staff_id"), _unknown("staff member", a.staff_id, staff), a.staff_id)


def _cover_target_errors(s: Scenario, units: set[str], shifts: set[str]) -> Iterator[InitErrorDetails]:
    seen: set[tuple[date, str, str]] = set()
    for i, target in enumerate(s.cover_targets):
        loc: Loc = ("cover_targets", i)
        if not s.horizon.contains(target.date):
            yield _error((*loc, "date"), _outside(s, target.date), target.date.isoformat())
        if target.shift not in shifts:
            yield _error((*loc, "shift"), _unknown("shift", target.shift, shifts), target.shift)
        if target.unit not in units:
            yield _error((*loc, "unit"), _unknown("unit", target.unit, units), target.unit)
        key = (target.date, target.shift, target.unit)
        if key in seen:
            yield _error(loc, f"a second cover target for {target.unit} {target.shift} on {target.date}",
                         target.date.isoformat())
        seen.add(key)
