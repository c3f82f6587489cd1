"""Cover: staffing levels from the dependency tool, by care-staff headcount, role and skill.

Cover is the one thing allowed to give when rules cannot all be met: a shortfall
costs a dominating penalty per uncovered head-hour and is reported as a gap, but
rest, hours and leave are never traded for it. New starters and expired
competences do not count. Over-staffing above the requirement costs a little.

A cover target the home sets by hand may carry its own points per head short and
per head over; cover on that shift is then traded at those prices (weight
`cover_target_point`) rather than dominating.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from rota.domain.staff import StaffMember
from rota.solver.audit import AuditContext
from rota.solver.context import BuildContext
from rota.solver.findings import Finding, Severity
from rota.solver.index import ProblemIndex
from rota.solver.rule import BaseRule, Penalty
from rota.staffing.requirements import CoverRequirement, RequirementKind


def counts_towards(index: ProblemIndex, member: StaffMember, requirement: CoverRequirement) -> bool:
    """New starters (Care Certificate not complete) count towards nothing: they are supernumerary."""
    if member.is_new_starter():
        return False
    if requirement.kind == RequirementKind.CARE_STAFF:
        return index.counts_as_care_staff(member)
    if requirement.kind == RequirementKind.ROLE:
        return member.role == requirement.target
    assert requirement.target is not None
    return member.has_skill(requirement.target, requirement.date)


def describe_requirement(index: ProblemIndex, requirement: CoverRequirement) -> str:
    if requirement.kind == RequirementKind.CARE_STAFF:
        return "care staff"
    if requirement.kind == RequirementKind.ROLE:
        return index.roles[requirement.target].name.lower() if requirement.target in index.roles else "role"
    skills = {s.id: s.name for s in index.scenario.skills}
    return f"{skills.get(requirement.target, requirement.target)} holder"


SHORTFALL, OVER, TARGET_SHORT, TARGET_OVER = "shortfall", "over", "target_short", "target_over"
WEIGHTS = {SHORTFALL: "uncovered_head_hour", OVER: "overstaffing_head_hour",
           TARGET_SHORT: "cover_target_point", TARGET_OVER: "cover_target_point"}


@dataclass(frozen=True)
class CoverRow:
    """One cover term of the objective: the heads on a shift (in a unit, or the whole home) that
    count towards it, against `heads`; a shortfall below it (`short`) or an excess above it costs
    `amount` a head at the weight of its `penalty`. The rule builds its model from these rows, and
    the decomposition (solver/decomposition.py) prices the same rows, so the two cannot drift."""
    day: int
    shift: str
    unit: str | None
    heads: int
    short: bool
    penalty: str
    amount: float
    staff: frozenset[str] | None
    """Who counts towards the row; None for everyone on the shift."""
    label: tuple[str, ...]

    def counts(self, staff_id: str) -> bool:
        return self.staff is None or staff_id in self.staff

    def covers(self, staff_id: str, day: int, shift: str, unit: str) -> bool:
        return (day == self.day and shift == self.shift and (self.unit is None or unit == self.unit)
                and self.counts(staff_id))

    def coefficient(self, index: ProblemIndex) -> int:
        """Points a head short (or over) costs in the objective, as the model builder rounds them."""
        return round(getattr(index.scenario.weights, WEIGHTS[self.penalty]) * self.amount)


def cover_rows(index: ProblemIndex) -> list[CoverRow]:
    rows = []
    for req in index.demand.requirements:
        hours = index.instance(req.day, req.shift).paid_minutes / 60
        rows.append(CoverRow(
            req.day, req.shift, req.unit, req.minimum, True,
            TARGET_SHORT if req.shortfall_points is not None else SHORTFALL,
            req.shortfall_points if req.shortfall_points is not None else hours,
            frozenset(m.id for m in index.staff.values() if counts_towards(index, m, req)),
            (req.unit or "home", req.kind.value, req.target or "all"),
        ))
    for demand in index.demand.unit_shifts:
        hours = index.instance(demand.day, demand.shift).paid_minutes / 60
        rows.append(CoverRow(
            demand.day, demand.shift, demand.unit, demand.total_heads_needed, False,
            TARGET_OVER if demand.excess_points is not None else OVER,
            demand.excess_points if demand.excess_points is not None else hours,
            None, (demand.unit, "over"),
        ))
    return rows


def _on_shift(ctx: BuildContext, row: CoverRow) -> list[tuple[str, cp_model.IntVar]]:
    if row.unit:
        return ctx.by_unit_shift.get((row.day, row.shift, row.unit), [])
    return [(staff_id, var) for staff_id, _, var in ctx.by_day_shift.get((row.day, row.shift), [])]


class Coverage(BaseRule):
    id = "coverage"
    title = "Staffing levels from dependency"
    hard = False

    def build(self, ctx: BuildContext) -> Sequence[Penalty]:
        penalties = {
            SHORTFALL: Penalty(WEIGHTS[SHORTFALL], "uncovered demand (head-hours)"),
            OVER: Penalty(WEIGHTS[OVER], "over-staffing (head-hours)"),
            TARGET_SHORT: Penalty(WEIGHTS[TARGET_SHORT], "heads short of cover targets (points)"),
            TARGET_OVER: Penalty(WEIGHTS[TARGET_OVER], "heads over cover targets (points)"),
        }
        for row in cover_rows(ctx.index):
            heads = [v for staff_id, v in _on_shift(ctx, row) if row.counts(staff_id)]
            if row.short:
                short = ctx.model.new_int_var(0, row.heads, ctx.name(self.id, None, row.day, row.shift, *row.label))
                ctx.model.add(sum(heads) + short >= row.heads)
                penalties[row.penalty].add(short, row.amount)
            elif len(heads) > row.heads:
                extra = ctx.model.new_int_var(0, len(heads), ctx.name(self.id, None, row.day, row.shift, *row.label))
                ctx.model.add(extra >= sum(heads) - row.heads)
                penalties[row.penalty].add(extra, row.amount)
        return tuple(penalties.values())

    def audit(self, ctx: AuditContext) -> Sequence[Finding]:
        index = ctx.index
        findings = []
        for req in index.demand.requirements:
            on_shift = (ctx.by_unit_shift.get((req.day, req.shift, req.unit), []) if req.unit
                        else ctx.by_day_shift.get((req.day, req.shift), []))
            have = sum(1 for w in on_shift if counts_towards(index, w.member, req))
            if have >= req.minimum:
                continue
            missing = req.minimum - have
            what = describe_requirement(index, req)
            where = index.label(req.day, req.shift, req.unit) if req.unit else \
                f"{index.label(req.day, req.shift)} (whole home)"
            findings.append(Finding(
                rule=self.id, code=f"short_{req.kind.value}", severity=Severity.GAP,
                message=f"{where}: short by {missing} {what} ({have} of {req.minimum})",
                date=req.date, shift=req.shift, unit=req.unit, amount=missing,
                subject=req.target or "care_staff",
            ))
        return findings
