"""Why is a shift short? For each gap, who could have filled it and what stopped each of them.

A gap in a solved rota means no eligible person could be added without breaking
a staff-protecting rule. We show that shift by shift: each eligible person's
reason (on leave, already on another shift, would break rest or hours), found by
re-auditing their own week with the extra shift added.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from rota.domain.rota import Assignment, Rota
from rota.domain.staff import StaffMember
from rota.solver.audit import AuditContext
from rota.solver.findings import Finding, Severity
from rota.solver.index import ProblemIndex
from rota.solver.rules.consecutive_work import ConsecutiveWork
from rota.solver.rules.coverage import counts_towards
from rota.solver.rules.eligibility import Eligibility
from rota.solver.rules.min_rest import MinRest
from rota.solver.rules.one_shift_per_day import OneShiftPerDay
from rota.solver.rules.weekly_rest import WeeklyRest
from rota.solver.rules.working_hours import WorkingHours
from rota.staffing.requirements import CoverRequirement, RequirementKind

PERSONAL_RULES = (OneShiftPerDay(), MinRest(), WeeklyRest(), WorkingHours(), ConsecutiveWork())
PLAIN_REASON = {
    "one_shift_per_day": "would overlap another shift",
    "min_rest": "would not get the minimum rest",
    "weekly_rest": "would lose the weekly rest day",
    "working_hours": "would go over their weekly hours",
    "consecutive_work": "would work too many days or nights in a row",
}


def explain_gaps(index: ProblemIndex, rota: Rota, findings: list[Finding]) -> list[Finding]:
    """Return the findings with every gap's message extended by its 'why'."""
    by_staff = rota.by_staff()
    explained = []
    for finding in findings:
        if finding.severity == Severity.GAP and finding.rule == "coverage":
            requirement = _requirement_for(index, finding)
            if requirement is not None:
                why = why_short(index, by_staff, requirement)
                finding = replace(finding, message=f"{finding.message}. Why: {why}")
        explained.append(finding)
    return explained


def _requirement_for(index: ProblemIndex, finding: Finding) -> CoverRequirement | None:
    for req in index.demand.requirements:
        if (req.date == finding.date and req.shift == finding.shift and req.unit == finding.unit
                and (req.target or "care_staff") == finding.subject):
            return req
    return None


def why_short(index: ProblemIndex, by_staff: dict[str, list[Assignment]], req: CoverRequirement) -> str:
    reasons: Counter[str] = Counter()
    free: list[str] = []
    for member in index.staff.values():
        if not _could_fill(index, member, req):
            continue
        reason = _blocker(index, member, by_staff.get(member.id, []), req)
        if reason is None:
            free.append(member.name)
        elif reason != "on this shift":
            reasons[reason] += 1
    if not reasons and not free:
        return f"nobody on the staff list can cover {_what(index, req)} on this shift"
    parts = [f"{count} {reason}" for reason, count in reasons.most_common()]
    if free:
        parts.append(f"free but not used because of unit rules (agency, safety or skill mix): {', '.join(free[:5])}")
    total = sum(reasons.values()) + len(free)
    return f"{total} eligible ({_what(index, req)}): " + "; ".join(parts)


def _what(index: ProblemIndex, req: CoverRequirement) -> str:
    if req.kind == RequirementKind.CARE_STAFF:
        return "care staff"
    if req.kind == RequirementKind.ROLE:
        return index.roles[req.target].name.lower()
    return f"{req.target} holders"


def _could_fill(index: ProblemIndex, member: StaffMember, req: CoverRequirement) -> bool:
    if not counts_towards(index, member, req):
        return False
    units = [req.unit] if req.unit else list(member.allowed_units)
    return any(Eligibility().allows(index, member, req.day, req.shift, u) is None for u in units)


def _blocker(index: ProblemIndex, member: StaffMember, own: list[Assignment], req: CoverRequirement) -> str | None:
    absence = member.absent_on(req.date)
    if absence is not None:
        return "on leave or unavailable" if absence.kind != "sickness" else "off sick"
    same_day = [a for a in own if a.date == req.date]
    if any(a.shift == req.shift for a in same_day):
        return "on this shift"
    if same_day:
        return "already working another shift that day"
    unit = req.unit or member.home_unit
    trial = Rota(assignments=(*own, Assignment(date=req.date, shift=req.shift, unit=unit, staff_id=member.id)))
    before = _breaches(index, Rota(assignments=tuple(own)))
    after = _breaches(index, trial)
    new = after - before
    if new:
        rule = next(iter(sorted(new)))
        return PLAIN_REASON.get(rule, f"would break {rule}")
    return None


def _breaches(index: ProblemIndex, rota: Rota) -> Counter[str]:
    ctx = AuditContext(index, rota)
    found: Counter[str] = Counter()
    for rule in PERSONAL_RULES:
        for f in rule.audit(ctx):
            found[f.rule] += 1
    return found
