"""Shifts that may not follow each other on consecutive days (for example no early after a late).

A home rule on top of minimum rest (`min_rest` works from real times; this one
from the shift pattern's `not_followed_by` list), used where the home or a
contract names the successions directly.
"""

from __future__ import annotations

from collections.abc import Sequence

from rota.solver.audit import AuditContext
from rota.solver.context import BuildContext
from rota.solver.findings import Finding, Severity
from rota.solver.rule import BaseRule, Penalty


class ShiftSuccession(BaseRule):
    id = "shift_succession"
    title = "Shifts that may not follow each other"

    def build(self, ctx: BuildContext) -> Sequence[Penalty]:
        index = ctx.index
        banned = [(t.code, later) for t in index.shift_types.values() for later in t.not_followed_by]
        if not banned:
            return ()
        for member in index.staff.values():
            for day in index.days[:-1]:
                for shift, later in banned:
                    first, then = ctx.shift_vars(member.id, day, shift), ctx.shift_vars(member.id, day + 1, later)
                    if not first or not then:
                        continue
                    guard = ctx.guard(self.id, f"{member.name} may not work {later} the day after {shift}",
                                      staff_id=member.id, day=day)
                    ctx.model.add(sum(first) + sum(then) <= 1).with_name(
                        ctx.name(self.id, member.id, day, shift, f"then_{later}")
                    ).only_enforce_if(guard)
        return ()

    def audit(self, ctx: AuditContext) -> Sequence[Finding]:
        index = ctx.index
        findings = []
        for shifts in ctx.by_staff.values():
            by_day = {w.day: w for w in shifts}
            for w in shifts:
                after = by_day.get(w.day + 1)
                if after is not None and after.shift in index.shift_types[w.shift].not_followed_by:
                    findings.append(ctx.finding(
                        self.id, "banned_succession", Severity.BREACH,
                        f"{w.member.name} works {index.label(after.day, after.shift)} straight after "
                        f"{index.label(w.day, w.shift)}, which may not follow it", after,
                    ))
        return findings
