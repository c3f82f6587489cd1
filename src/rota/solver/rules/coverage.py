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


class Coverage(BaseRule):
    id = "coverage"
    title = "Staffing levels from dependency"
    hard = False

    def build(self, ctx: BuildContext) -> Sequence[Penalty]:
        index = ctx.index
        shortfall = Penalty("uncovered_head_hour", "uncovered demand (head-hours)")
        over = Penalty("overstaffing_head_hour", "over-staffing (head-hours)")
        target_short = Penalty("cover_target_point", "heads short of cover targets (points)")
        target_over = Penalty("cover_target_point", "heads over cover targets (points)")
        for req in index.demand.requirements:
            on_shift = (ctx.by_unit_shift.get((req.day, req.shift, req.unit), []) if req.unit
                        else [(s, v) for s, _, v in ctx.by_day_shift.get((req.day, req.shift), [])])
            counting = [v for staff_id, v in on_shift if counts_towards(index, index.staff[staff_id], req)]
            short = ctx.model.new_int_var(0, req.minimum, ctx.name(
                self.id, None, req.day, req.shift, req.unit or "home", req.kind.value, req.target or "all"))
            ctx.model.add(sum(counting) + short >= req.minimum)
            if req.shortfall_points is not None:
                target_short.add(short, req.shortfall_points)
            else:
                shortfall.add(short, index.instance(req.day, req.shift).paid_minutes / 60)
        for demand in index.demand.unit_shifts:
            heads = [v for _, v in ctx.by_unit_shift.get((demand.day, demand.shift, demand.unit), [])]
            if len(heads) <= demand.total_heads_needed:
                continue
            extra = ctx.model.new_int_var(0, len(heads), ctx.name(
                self.id, None, demand.day, demand.shift, demand.unit, "over"))
            ctx.model.add(extra >= sum(heads) - demand.total_heads_needed)
            if demand.excess_points is not None:
                target_over.add(extra, demand.excess_points)
            else:
                over.add(extra, index.instance(demand.day, demand.shift).paid_minutes / 60)
        return (shortfall, over, target_short, target_over)

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
