"""Paid minutes over the whole horizon within the person's agreed window (from their working pattern).

Unlike `working_hours` (a weekly legal cap) and `contract_hours` (a soft aim),
this is a hard window, for contracts that fix hours over a rota period
(annualised or 4-weekly hours).
"""

from __future__ import annotations

from collections.abc import Sequence

from rota.solver.audit import AuditContext
from rota.solver.context import BuildContext
from rota.solver.findings import Finding, Severity
from rota.solver.rule import BaseRule, Penalty


class TotalMinutes(BaseRule):
    id = "total_minutes"
    title = "Paid minutes over the horizon"

    def build(self, ctx: BuildContext) -> Sequence[Penalty]:
        index = ctx.index
        for member in index.staff.values():
            low, high = member.pattern.min_minutes, member.pattern.max_minutes
            if low is None and high is None:
                continue
            minutes, most_possible = ctx.worked_minutes(member.id)
            if high is not None and most_possible > high:
                guard = ctx.guard(self.id, f"{member.name} may work at most {high} minutes", staff_id=member.id)
                ctx.model.add(minutes <= high).with_name(ctx.name(self.id, member.id, None, "max")) \
                    .only_enforce_if(guard)
            if low:
                guard = ctx.guard(self.id, f"{member.name} must work at least {low} minutes", staff_id=member.id)
                ctx.model.add(minutes >= low).with_name(ctx.name(self.id, member.id, None, "min")) \
                    .only_enforce_if(guard)
        return ()

    def audit(self, ctx: AuditContext) -> Sequence[Finding]:
        findings = []
        for member in ctx.index.staff.values():
            low, high = member.pattern.min_minutes, member.pattern.max_minutes
            minutes = sum(w.instance.paid_minutes for w in ctx.by_staff.get(member.id, []))
            if high is not None and minutes > high:
                findings.append(Finding(
                    rule=self.id, code="too_many_minutes", severity=Severity.BREACH,
                    message=f"{member.name} works {minutes} minutes; the most is {high}",
                    staff_id=member.id, amount=minutes,
                ))
            if low is not None and minutes < low:
                findings.append(Finding(
                    rule=self.id, code="too_few_minutes", severity=Severity.BREACH,
                    message=f"{member.name} works {minutes} minutes; the least is {low}",
                    staff_id=member.id, amount=minutes,
                ))
        return findings
