"""At most one shift per person per day, and never two shifts that overlap in time.

A shift belongs to the day it starts, so a night that ends at 07:15 and an early
that starts at 07:00 the same morning overlap and are caught here.
"""

from __future__ import annotations

from collections.abc import Sequence

from rota.solver.audit import AuditContext
from rota.solver.context import BuildContext
from rota.solver.findings import Finding, Severity
from rota.solver.rule import BaseRule, Penalty


class OneShiftPerDay(BaseRule):
    id = "one_shift_per_day"
    title = "One shift a day, no overlaps"

    def build(self, ctx: BuildContext) -> Sequence[Penalty]:
        index = ctx.index
        for member in index.staff.values():
            for day in index.days:
                slots = [v for _, v in ctx.slots(member.id, day)]
                if len(slots) > 1:
                    guard = ctx.guard(self.id, f"{member.name} can work only one shift on "
                                      f"{index.dates[day]:%a %d %b}", staff_id=member.id, day=day)
                    ctx.model.add_at_most_one(slots).with_name(ctx.name(self.id, member.id, day)) \
                        .only_enforce_if(guard)
                for (_, _, shift, _), var in ctx.slots(member.id, day):
                    first = index.instance(day, shift)
                    for (_, _, later_shift, _), later in ctx.slots(member.id, day + 1):
                        if index.instance(day + 1, later_shift).start < first.end:
                            guard = ctx.guard(self.id, f"{member.name}'s shifts on "
                                              f"{index.dates[day]:%a %d %b} and the next day overlap",
                                              staff_id=member.id, day=day)
                            ctx.model.add_bool_or([var.Not(), later.Not()]).with_name(
                                ctx.name(self.id, member.id, day, "overlap", shift, later_shift)
                            ).only_enforce_if(guard)
        return ()

    def audit(self, ctx: AuditContext) -> Sequence[Finding]:
        findings = []
        for shifts in ctx.by_staff.values():
            seen_days: set[int] = set()
            for i, w in enumerate(shifts):
                if w.day in seen_days:
                    findings.append(ctx.finding(self.id, "two_shifts_one_day", Severity.BREACH,
                                                f"{w.member.name} has more than one shift on "
                                                f"{w.assignment.date:%a %d %b}", w))
                seen_days.add(w.day)
                for other in shifts[i + 1:]:
                    if other.instance.start < w.instance.end and other.day != w.day:
                        findings.append(ctx.finding(self.id, "overlap", Severity.BREACH,
                                                    f"{ctx.describe(w)} overlaps {ctx.describe(other)}", other))
        return findings
