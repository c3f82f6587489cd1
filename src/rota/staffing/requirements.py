"""Turn residents' dependency into required headcount per unit, shift, role and skill.

The method is the transparent one in docs/DOMAIN.md: care hours from each
resident's band, split across the day's shifts, plus one-to-one hours and an
indirect allowance, divided by the productive hours one carer gives on that
shift; then the floors (two-person transfers, minimum cover, a nurse on nursing
units, skill floors). Every number keeps its working so a manager can check it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from rota.domain.home import ShiftType, Unit
from rota.domain.scenario import CoverTarget, Scenario


class RequirementKind(StrEnum):
    CARE_STAFF = "care_staff"
    ROLE = "role"
    SKILL = "skill"


@dataclass(frozen=True, slots=True)
class CoverRequirement:
    """At least `minimum` people of a kind on a shift: on one unit, or home-wide when unit is None."""

    day: int
    date: date
    shift: str
    unit: str | None
    kind: RequirementKind
    target: str | None
    minimum: int
    working: str
    shortfall_points: int | None = None
    """Set by a cover target: points per head short, in place of the head-hour weight."""
    excess_points: int | None = None
    """Set by a cover target: points per head over, in place of the head-hour weight."""

    @property
    def label(self) -> str:
        what = {
            RequirementKind.CARE_STAFF: "care staff",
            RequirementKind.ROLE: f"role {self.target}",
            RequirementKind.SKILL: f"skill {self.target}",
        }[self.kind]
        return what


@dataclass(frozen=True, slots=True)
class UnitShiftDemand:
    """The working for one unit-shift: the numbers behind its requirements."""

    day: int
    date: date
    shift: str
    unit: str
    residents: int
    care_hours: float
    productive_hours_per_carer: float
    carers_from_hours: int
    floors: tuple[str, ...]
    requirements: tuple[CoverRequirement, ...] = field(default=())

    @property
    def care_staff_needed(self) -> int:
        return next(r.minimum for r in self.requirements if r.kind == RequirementKind.CARE_STAFF)

    @property
    def excess_points(self) -> int | None:
        """Points per head over, when a cover target set them for this unit-shift."""
        return next(r.excess_points for r in self.requirements if r.kind == RequirementKind.CARE_STAFF)

    @property
    def total_heads_needed(self) -> int:
        """Care staff plus people required on top of them (a nurse who is not care staff)."""
        extra = sum(r.minimum for r in self.requirements if r.kind == RequirementKind.ROLE)
        return self.care_staff_needed + extra


@dataclass(frozen=True, slots=True)
class Demand:
    unit_shifts: tuple[UnitShiftDemand, ...]
    home_requirements: tuple[CoverRequirement, ...]
    _by_key: dict[tuple[int, str, str], UnitShiftDemand] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_key", {(d.day, d.shift, d.unit): d for d in self.unit_shifts})

    @property
    def requirements(self) -> list[CoverRequirement]:
        result = [r for d in self.unit_shifts for r in d.requirements]
        result.extend(self.home_requirements)
        return result

    def for_unit_shift(self, day: int, shift: str, unit: str) -> UnitShiftDemand | None:
        return self._by_key.get((day, shift, unit))


def shifts_for_unit(scenario: Scenario, unit: Unit) -> list[ShiftType]:
    return [t for t in scenario.shift_types if t.runs_on(unit.id)]


def care_shares(scenario: Scenario, unit: Unit) -> dict[str, float]:
    """Share of a day's direct care delivered on each shift the unit runs (sums to 1).

    Explicit `care_share`s are used as given; if they already total 1 or more they are
    scaled to 1 and shifts without one get none. Shifts without a share split what is
    left: nights take `night_care_share` of it, day shifts the rest in proportion to length.
    """
    shifts = shifts_for_unit(scenario, unit)
    explicit = {t.code: t.care_share for t in shifts if t.care_share is not None}
    explicit_total = sum(explicit.values())
    if len(explicit) == len(shifts) or explicit_total >= 1:
        shares = {t.code: 0.0 for t in shifts}
        shares.update({code: share / explicit_total for code, share in explicit.items()})
        return shares
    night_share = scenario.dependency_tool.night_care_share
    nights = [t for t in shifts if t.night and t.code not in explicit]
    days = [t for t in shifts if not t.night and t.code not in explicit]
    remaining = 1.0 - explicit_total
    night_part = remaining * night_share if nights and days else (remaining if nights else 0.0)
    day_part = remaining - night_part
    shares = dict(explicit)
    for t in nights:
        shares[t.code] = night_part / len(nights)
    day_minutes = sum(t.length_minutes for t in days)
    for t in days:
        shares[t.code] = day_part * t.length_minutes / day_minutes
    return shares


def compute_demand(scenario: Scenario) -> Demand:
    targets = {(t.date, t.shift, t.unit): t for t in scenario.cover_targets}
    unit_shifts = [
        _unit_shift_demand(scenario, day_index, day, unit, shift, share, targets.get((day, shift.code, unit.id)))
        for day_index, day in enumerate(scenario.horizon.dates)
        for unit in scenario.units
        for shift_code, share in care_shares(scenario, unit).items()
        for shift in [scenario.shift_type(shift_code)]
    ]
    return Demand(tuple(unit_shifts), tuple(_home_requirements(scenario)))


def _unit_shift_demand(
    scenario: Scenario, day_index: int, day: date, unit: Unit, shift: ShiftType, share: float,
    target: CoverTarget | None = None,
) -> UnitShiftDemand:
    tool = scenario.dependency_tool
    floors = scenario.floors
    present = [r for r in scenario.residents if r.unit == unit.id and r.present_on(day)]
    daily_hours = sum(
        tool.hours_per_day[r.dependency]
        + (tool.nursing_needs_extra_hours if r.nursing_needs else 0.0)
        + (tool.end_of_life_extra_hours if r.end_of_life else 0.0)
        + r.one_to_one_hours
        for r in present
    )
    care_hours = round(daily_hours * share * (1 + tool.indirect_allowance), 2)
    productive = round(shift.paid / 60 * tool.productivity, 2)
    from_hours = math.ceil(care_hours / productive - 1e-9) if care_hours > 0 else 0

    floor_notes: list[str] = []
    needed = from_hours
    minimum = floors.min_care_staff_night if shift.night else floors.min_care_staff_day
    if present and minimum > needed:
        needed = minimum
        floor_notes.append(f"floor: {minimum} minimum cover")
    if any(r.two_person_transfer for r in present) and floors.two_person_transfer_minimum > needed:
        needed = floors.two_person_transfer_minimum
        floor_notes.append(f"floor: {needed} for two-person (hoist) transfers")

    requirements: list[CoverRequirement] = []
    nurse = floors.nurse_on_nursing_units and unit.kind.needs_registered_nurse and bool(present)
    summary = (
        f"{unit.name}, {shift.name.lower()}: {len(present)} residents, {care_hours:g} care hours "
        f"-> {needed} care staff" + (" + 1 RN" if nurse else "")
    )
    if floor_notes:
        summary += "; " + "; ".join(floor_notes)
    if target is None:
        requirements.append(_req(day_index, day, shift, unit.id, RequirementKind.CARE_STAFF, None, needed, summary))
    else:
        needed = target.heads
        requirements.append(CoverRequirement(
            day_index, day, shift.code, unit.id, RequirementKind.CARE_STAFF, None, needed,
            f"{unit.name}, {shift.name.lower()}: {needed} care staff set by the home (cover target)",
            target.shortfall_points, target.excess_points,
        ))
    if nurse:
        for role in scenario.roles:
            if role.registered_nurse:
                requirements.append(_req(
                    day_index, day, shift, unit.id, RequirementKind.ROLE, role.id, 1,
                    f"{unit.name} is a nursing unit: a registered nurse on every shift",
                ))
                break
    if present:
        for skill_floor in floors.skill_floors:
            if skill_floor.scope == "unit" and (skill_floor.night or not shift.night):
                requirements.append(_req(
                    day_index, day, shift, unit.id, RequirementKind.SKILL, skill_floor.skill,
                    skill_floor.minimum, f"skill floor: {skill_floor.minimum} x {skill_floor.skill} per unit-shift",
                ))
    return UnitShiftDemand(
        day=day_index, date=day, shift=shift.code, unit=unit.id, residents=len(present),
        care_hours=care_hours, productive_hours_per_carer=productive, carers_from_hours=from_hours,
        floors=tuple(floor_notes), requirements=tuple(requirements),
    )


def _home_requirements(scenario: Scenario) -> list[CoverRequirement]:
    result = []
    home_floors = [f for f in scenario.floors.skill_floors if f.scope == "home"]
    running = [t for t in scenario.shift_types if any(t.runs_on(u.id) for u in scenario.units)]
    for day_index, day in enumerate(scenario.horizon.dates):
        for shift in running:
            for f in home_floors:
                if f.night or not shift.night:
                    result.append(_req(
                        day_index, day, shift, None, RequirementKind.SKILL, f.skill, f.minimum,
                        f"skill floor: {f.minimum} x {f.skill} in the building",
                    ))
    return result


def _req(
    day_index: int, day: date, shift: ShiftType, unit: str | None,
    kind: RequirementKind, target: str | None, minimum: int, working: str,
) -> CoverRequirement:
    return CoverRequirement(day_index, day, shift.code, unit, kind, target, minimum, working)
