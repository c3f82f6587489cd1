"""Keep employed staff close to their contracted hours over the horizon.

Contracted hours are pro-rated to the horizon and reduced for days of leave, so
a person on a week's holiday is not pushed to make the hours up. Deviation both
ways costs points: under-use wastes paid hours, over-use is overtime and fatigue.
"""

from __future__ import annotations

from collections.abc import Sequence

from rota.domain.core import EmploymentType
from rota.domain.staff import StaffMember
from rota.solver.audit import AuditContext
from rota.solver.context import BuildContext
from rota.solver.findings import Finding, Severity
from rota.solver.index import ProblemIndex
from rota.solver.rule import BaseRule, Penalty

UNDER_USE_WARNING = 0.9
"""Warn when a person is rostered for less than 90% of their pro-rated contract."""


def target_minutes(index: ProblemIndex, member: StaffMember) -> int:
    if member.employment != EmploymentType.PERMANENT or member.contracted_hours <= 0:
        return 0
    available = sum(1 for d in index.dates if member.absent_on(d) is None)
    return round(member.contracted_hours * 60 * available / 7)


class ContractHours(BaseRule):
    id = "contract_hours"
    title = "Contracted hours"
    hard = False

    def build(self, ctx: BuildContext) -> Sequence[Penalty]:
        index = ctx.index
        deviation = Penalty("contract_deviation_hour", "deviation from contracted hours")
        for member in index.staff.values():
            target = target_minutes(index, member)
            if target == 0:
                continue
            worked, most = ctx.worked_minutes(member.id)
            gap = ctx.model.new_int_var(0, max(target, most), ctx.name(self.id, member.id, None, "deviation"))
            ctx.model.add(gap >= worked - target)
            ctx.model.add(gap >= target - worked)
            deviation.add(gap, 1 / 60)
        return (deviation,)

    def audit(self, ctx: AuditContext) -> Sequence[Finding]:
        index = ctx.index
        findings = []
        for member in index.staff.values():
            target = target_minutes(index, member)
            if target == 0:
                continue
            worked = sum(w.instance.paid_minutes for w in ctx.by_staff.get(member.id, []))
            if worked < UNDER_USE_WARNING * target:
                findings.append(Finding(
                    rule=self.id, code="under_contract", severity=Severity.WARNING,
                    message=f"{member.name} is rostered {worked / 60:g} h against {target / 60:g} h contracted "
                    "for this period", staff_id=member.id, amount=(target - worked) / 60,
                ))
        return findings
