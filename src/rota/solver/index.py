"""Precomputed facts about a scenario that both the model builder and the audit use.

Times are minutes from midnight at the start of the horizon, so rest rules are
computed from real shift times, including nights that cross midnight.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cached_property

from rota.domain.core import EmploymentType, RagRating
from rota.domain.home import MINUTES_PER_DAY, ShiftType
from rota.domain.scenario import Scenario
from rota.domain.staff import StaffMember
from rota.staffing.requirements import Demand, compute_demand


@dataclass(frozen=True, slots=True)
class ShiftInstance:
    day: int
    shift: str
    start: int
    end: int
    paid_minutes: int
    night: bool

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end


class ProblemIndex:
    """Read-only lookups over one scenario and its demand."""

    def __init__(self, scenario: Scenario, demand: Demand | None = None) -> None:
        self.scenario = scenario
        self.demand = demand if demand is not None else compute_demand(scenario)
        self.dates: list[date] = scenario.horizon.dates
        self.days = range(len(self.dates))
        self.staff: dict[str, StaffMember] = {m.id: m for m in scenario.staff}
        self.shift_types: dict[str, ShiftType] = {t.code: t for t in scenario.shift_types}
        self.units = {u.id: u for u in scenario.units}
        self.roles = {r.id: r for r in scenario.roles}
        self.instances: dict[tuple[int, str], ShiftInstance] = {
            (d, t.code): ShiftInstance(
                day=d,
                shift=t.code,
                start=d * MINUTES_PER_DAY + t.start_minute,
                end=d * MINUTES_PER_DAY + t.start_minute + t.length_minutes,
                paid_minutes=t.paid,
                night=t.night,
            )
            for d in self.days
            for t in scenario.shift_types
        }

    def day_of(self, day: date) -> int:
        return (day - self.scenario.horizon.start).days

    def instance(self, day: int, shift: str) -> ShiftInstance:
        return self.instances[(day, shift)]

    def unit_shifts(self) -> list[tuple[int, str, str]]:
        """Every (day, shift, unit) the home runs."""
        return [
            (d, t.code, u)
            for d in self.days
            for t in self.scenario.shift_types
            for u in self.units
            if t.runs_on(u)
        ]

    def start_datetime(self, day: int, shift: str) -> datetime:
        t = self.shift_types[shift]
        return datetime.combine(self.dates[day], t.start)

    def end_datetime(self, day: int, shift: str) -> datetime:
        t = self.shift_types[shift]
        return self.start_datetime(day, shift) + timedelta(minutes=t.length_minutes)

    def is_weekend(self, day: int) -> bool:
        return self.dates[day].weekday() >= 5

    def counts_as_care_staff(self, member: StaffMember) -> bool:
        """Care-staff roles count towards the carers' headcount, except new starters."""
        return self.roles[member.role].care_staff and not member.is_new_starter()

    def is_nurse(self, member: StaffMember) -> bool:
        return self.roles[member.role].registered_nurse

    def is_agency(self, member: StaffMember) -> bool:
        return member.employment == EmploymentType.AGENCY

    def rating(self, member: StaffMember) -> RagRating | None:
        return member.rating

    def max_weekly_minutes(self, member: StaffMember) -> int:
        rest = self.scenario.rest
        if member.under_18:
            legal = rest.under_18_max_weekly_hours
        elif member.opted_out_48h:
            legal = rest.opted_out_max_weekly_hours
        else:
            legal = rest.max_weekly_hours
        if member.max_hours_per_week is not None:
            personal = member.max_hours_per_week
        elif member.employment == EmploymentType.PERMANENT and member.contracted_hours > 0:
            personal = member.contracted_hours + rest.default_overtime_hours
        else:
            personal = legal
        return round(min(legal, personal) * 60)

    @cached_property
    def weeks(self) -> list[range]:
        """Rota weeks: consecutive 7-day blocks from the horizon start (the last may be shorter)."""
        n = len(self.dates)
        return [range(w, min(w + 7, n)) for w in range(0, n, 7)]

    def label(self, day: int, shift: str, unit: str | None = None) -> str:
        t = self.shift_types[shift]
        text = f"{self.dates[day]:%a %d %b} {t.name.lower()}"
        return f"{text} on {self.units[unit].name}" if unit else text


def clock(minute: int) -> str:
    return time(hour=(minute // 60) % 24, minute=minute % 60).strftime("%H:%M")
