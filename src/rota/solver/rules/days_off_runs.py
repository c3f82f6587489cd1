"""The shortest run of days off: time off comes in blocks long enough to recover.

Provider practice (configurable): the home's `rest.min_consecutive_days_off`
(default 1, which adds nothing) or a person's working pattern, whichever is
longer. A run of days off that starts on the first day or ends on the last day of
the horizon may be shorter, because it may continue beyond the horizon.
"""

from __future__ import annotations

from collections.abc import Sequence

from rota.domain.staff import StaffMember
from rota.solver.audit import AuditContext
from rota.solver.context import BuildContext
from rota.solver.findings import Finding, Severity
from rota.solver.index import ProblemIndex
from rota.solver.rule import BaseRule, Penalty
from rota.solver.rules.consecutive_work import forbid_short_runs, inner_runs


def min_days_off(index: ProblemIndex, member: StaffMember) -> int:
    return max(index.scenario.rest.min_consecutive_days_off, member.pattern.min_consecutive_days_off or 1)


def _off(term):
    return 1 - term


class DaysOffRuns(BaseRule):
    id = "days_off_runs"
    title = "Minimum run of days off"

    def build(self, ctx: BuildContext) -> Sequence[Penalty]:
        index = ctx.index
        for member in index.staff.values():
            fewest = min_days_off(index, member)
            if fewest <= 1:
                continue
            off = [_off(ctx.day_worked(member.id, day)) for day in index.days]
            guard = ctx.guard(self.id, f"{member.name} needs at least {fewest} days off in a row",
                              staff_id=member.id)
            forbid_short_runs(ctx, off, fewest, ctx.name(self.id, member.id), guard)
        return ()

    def audit(self, ctx: AuditContext) -> Sequence[Finding]:
        index = ctx.index
        findings = []
        for member in index.staff.values():
            fewest = min_days_off(index, member)
            if fewest <= 1:
                continue
            worked = {w.day for w in ctx.by_staff.get(member.id, [])}
            off_days = [day for day in index.days if day not in worked]
            for start, length in inner_runs(off_days, len(index.dates)):
                if length < fewest:
                    findings.append(Finding(
                        rule=self.id, code="too_few_days_off", severity=Severity.BREACH,
                        message=f"{member.name} has only {length} day(s) off in a row from "
                        f"{index.dates[start]:%a %d %b}; the minimum is {fewest}",
                        staff_id=member.id, date=index.dates[start], amount=length,
                    ))
        return findings
