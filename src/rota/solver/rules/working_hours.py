"""Weekly hours within the person's maximum, the 48-hour limit and the under-18 limits.

Working Time Regulations 1998: 48 h a week (reg 4) unless the worker has opted
out in writing; under-18s 8 h a day and 40 h a week (reg 5A). The product is
stricter than the law's 17-week average: every rota week is held to the limit.
The personal maximum is the contract's (or contracted hours plus the home's
default overtime). A week cut short by the horizon keeps the full weekly limit.
"""

from __future__ import annotations

from collections.abc import Sequence

from rota.domain.staff import StaffMember
from rota.solver.audit import AuditContext
from rota.solver.context import BuildContext
from rota.solver.findings import Finding, Severity
from rota.solver.index import ProblemIndex
from rota.solver.rule import BaseRule, Penalty


class WorkingHours(BaseRule):
    id = "working_hours"
    title = "Weekly and daily working hours"

    def allows(self, index: ProblemIndex, member: StaffMember, day: int, shift: str, unit: str) -> str | None:
        limit = index.scenario.rest.under_18_max_daily_hours * 60
        if member.under_18 and index.shift_types[shift].paid > limit:
            return f"{member.name} is under 18 and may work at most {limit / 60:g} h a day"
        return None

    def build(self, ctx: BuildContext) -> Sequence[Penalty]:
        self.forbid_disallowed(ctx)
        index = ctx.index
        for member in index.staff.values():
            limit = index.max_weekly_minutes(member)
            for week_number, week in enumerate(index.weeks):
                terms = [(var, index.instance(day, shift).paid_minutes)
                         for day in week for (_, _, shift, _), var in ctx.slots(member.id, day)]
                if sum(minutes for _, minutes in terms) <= limit:
                    continue
                guard = ctx.guard(self.id, f"{member.name} may work at most {limit / 60:g} h in week "
                                  f"{week_number + 1}", staff_id=member.id, day=week.start)
                ctx.model.add(sum(minutes * var for var, minutes in terms) <= limit).with_name(
                    ctx.name(self.id, member.id, week.start, "week")
                ).only_enforce_if(guard)
        return ()

    def audit(self, ctx: AuditContext) -> Sequence[Finding]:
        index = ctx.index
        findings = []
        for staff_id, shifts in ctx.by_staff.items():
            member = index.staff[staff_id]
            limit = index.max_weekly_minutes(member)
            for week_number, week in enumerate(index.weeks):
                minutes = sum(w.instance.paid_minutes for w in shifts if w.day in week)
                if minutes > limit:
                    findings.append(ctx.finding(
                        self.id, "weekly_hours", Severity.BREACH,
                        f"{member.name} works {minutes / 60:g} h in week {week_number + 1} "
                        f"(from {index.dates[week.start]:%a %d %b}); the limit is {limit / 60:g} h",
                        staff_id=staff_id, date=index.dates[week.start], amount=minutes / 60,
                    ))
        return findings + self.disallowed_findings(ctx, "daily_hours")
