"""Headline numbers for a rota: hours, cost, agency share, uncovered hours, fairness, changes, safety."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass

from rota.domain.core import EmploymentType, RagRating
from rota.domain.rota import Rota
from rota.reporting.shift_report import ShiftReport
from rota.solver.index import ProblemIndex
from rota.solver.rules.fairness import FULL_TIME_HOURS


@dataclass(frozen=True)
class Kpis:
    shifts_worked: int
    hours: float
    cost: float
    agency_hours: float
    agency_cost: float
    agency_share: float
    uncovered_head_hours: float
    gap_count: int
    weekend_spread: float
    night_spread: float
    changes_from_published: int
    red_shifts: int
    amber_shifts: int
    green_shifts: int
    mean_safety_score: float

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def compute_kpis(index: ProblemIndex, rota: Rota, reports: list[ShiftReport]) -> Kpis:
    hours = cost = agency_hours = agency_cost = 0.0
    for a in rota.assignments:
        member = index.staff[a.staff_id]
        paid = index.shift_types[a.shift].paid / 60
        hours += paid
        cost += paid * member.hourly_cost
        if member.employment == EmploymentType.AGENCY:
            agency_hours += paid
            agency_cost += paid * member.hourly_cost
    uncovered = sum(line.short * index.shift_types[r.shift].paid / 60
                    for r in reports for line in r.cover if line.requirement == "care staff")
    rags = Counter(r.rag for r in reports)
    return Kpis(
        shifts_worked=len(rota.assignments),
        hours=round(hours, 2),
        cost=round(cost, 2),
        agency_hours=round(agency_hours, 2),
        agency_cost=round(agency_cost, 2),
        agency_share=round(agency_hours / hours, 4) if hours else 0.0,
        uncovered_head_hours=round(uncovered, 2),
        gap_count=sum(len(r.gaps) for r in reports),
        weekend_spread=_spread(index, rota, weekend=True),
        night_spread=_spread(index, rota, weekend=False),
        changes_from_published=changes_from_published(index, rota),
        red_shifts=rags[RagRating.RED],
        amber_shifts=rags[RagRating.AMBER],
        green_shifts=rags[RagRating.GREEN],
        mean_safety_score=round(sum(r.score for r in reports) / len(reports), 1) if reports else 100.0,
    )


def changes_from_published(index: ProblemIndex, rota: Rota) -> int:
    if not index.scenario.published_rota:
        return 0
    published = {(a.staff_id, a.date, a.shift, a.unit) for a in index.scenario.published_rota}
    current = {(a.staff_id, a.date, a.shift, a.unit) for a in rota.assignments}
    return len(published ^ current)


def _spread(index: ProblemIndex, rota: Rota, weekend: bool) -> float:
    """Max minus min of weekend days (or nights) per full-time equivalent among permanent staff."""
    eligible = [m for m in index.staff.values()
                if m.employment == EmploymentType.PERMANENT and m.contracted_hours > 0
                and (m.day_worker if weekend else m.night_worker)]
    if len(eligible) < 2:
        return 0.0
    counts = Counter()
    for a in rota.assignments:
        d = index.day_of(a.date)
        if (weekend and index.is_weekend(d)) or (not weekend and index.shift_types[a.shift].night):
            counts[a.staff_id] += 1
    per_fte = [counts[m.id] * FULL_TIME_HOURS / m.contracted_hours for m in eligible]
    return round(max(per_fte) - min(per_fte), 2)
