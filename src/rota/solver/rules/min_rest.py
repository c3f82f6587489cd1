"""Minimum rest between the end of one shift and the start of the next.

Working Time Regulations 1998 reg 10: 11 consecutive hours in each 24 (12 for
under-18s). Computed from real start and end times, so a late finishing at 22:00
cannot be followed by an early at 07:00 (9 h). Overlapping shifts are the
business of `one_shift_per_day`. Staff-protecting: never traded for cover.
"""

from __future__ import annotations

from collections.abc import Sequence

from rota.domain.home import MINUTES_PER_DAY
from rota.domain.staff import StaffMember
from rota.solver.audit import AuditContext
from rota.solver.context import BuildContext
from rota.solver.findings import Finding, Severity
from rota.solver.index import ProblemIndex, clock
from rota.solver.rule import BaseRule, Penalty


def lookahead_days(index: ProblemIndex, needed: int) -> int:
    """How many later days a too-short rest can reach: shift length plus rest, in whole days."""
    longest = max(t.length_minutes for t in index.shift_types.values())
    return (longest + needed) // MINUTES_PER_DAY + 1


def rest_minutes(index: ProblemIndex, member: StaffMember) -> int:
    rest = index.scenario.rest
    hours = max(rest.min_rest_hours, rest.under_18_min_rest_hours) if member.under_18 else rest.min_rest_hours
    return round(hours * 60)


class MinRest(BaseRule):
    id = "min_rest"
    title = "Minimum rest between shifts"

    def build(self, ctx: BuildContext) -> Sequence[Penalty]:
        index = ctx.index
        for member in index.staff.values():
            needed = rest_minutes(index, member)
            reach = lookahead_days(index, needed)
            for day in index.days:
                for shift in index.shift_types:
                    first = ctx.shift_vars(member.id, day, shift)
                    if not first:
                        continue
                    end = index.instance(day, shift).end
                    for later_day in range(day + 1, day + 1 + reach):
                        for later_shift in index.shift_types:
                            later = ctx.shift_vars(member.id, later_day, later_shift)
                            if not later:
                                continue
                            gap = index.instance(later_day, later_shift).start - end
                            if 0 <= gap < needed:
                                guard = ctx.guard(self.id, f"{member.name} needs {needed / 60:g} h rest between shifts",
                                                  staff_id=member.id)
                                ctx.model.add(sum(first) + sum(later) <= 1).with_name(
                                    ctx.name(self.id, member.id, day, shift, f"then_{later_day}_{later_shift}")
                                ).only_enforce_if(guard)
        return ()

    def audit(self, ctx: AuditContext) -> Sequence[Finding]:
        findings = []
        for staff_id, shifts in ctx.by_staff.items():
            needed = rest_minutes(ctx.index, ctx.index.staff[staff_id])
            for before, after in zip(shifts, shifts[1:], strict=False):
                gap = after.instance.start - before.instance.end
                if 0 <= gap < needed:
                    findings.append(ctx.finding(
                        self.id, "too_little_rest", Severity.BREACH,
                        f"{after.member.name} has only {gap / 60:g} h rest between "
                        f"{ctx.index.label(before.day, before.shift)} (ends {clock(before.instance.end)}) and "
                        f"{ctx.index.label(after.day, after.shift)} (starts {clock(after.instance.start)}); "
                        f"at least {needed / 60:g} h is required",
                        after, amount=gap / 60,
                    ))
        return findings
