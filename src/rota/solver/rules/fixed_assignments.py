"""Fixed assignments the manager has pinned must be honoured exactly.

They are the usual source of contradictions (a pinned shift on a leave day), so
each is its own rule instance in a conflict explanation.
"""

from __future__ import annotations

from collections.abc import Sequence

from rota.solver.audit import AuditContext
from rota.solver.context import BuildContext
from rota.solver.findings import Finding, Severity
from rota.solver.rule import BaseRule, Penalty


class FixedAssignments(BaseRule):
    id = "fixed_assignments"
    title = "Fixed assignments"

    def build(self, ctx: BuildContext) -> Sequence[Penalty]:
        index = ctx.index
        for a in index.scenario.fixed_assignments:
            day = index.day_of(a.date)
            member = index.staff[a.staff_id]
            var = ctx.x[(a.staff_id, day, a.shift, a.unit)]
            guard = ctx.guard(self.id, f"fixed assignment: {member.name} on {index.label(day, a.shift, a.unit)}",
                              staff_id=a.staff_id, day=day)
            ctx.model.add(var == 1).with_name(ctx.name(self.id, a.staff_id, day, a.shift, a.unit)) \
                .only_enforce_if(guard)
        return ()

    def audit(self, ctx: AuditContext) -> Sequence[Finding]:
        index = ctx.index
        worked = {(w.member.id, w.day, w.shift, w.unit) for w in ctx.worked}
        findings = []
        for a in index.scenario.fixed_assignments:
            day = index.day_of(a.date)
            if (a.staff_id, day, a.shift, a.unit) not in worked:
                findings.append(Finding(
                    rule=self.id, code="missing", severity=Severity.BREACH,
                    message=f"{index.staff[a.staff_id].name} is fixed to {index.label(day, a.shift, a.unit)} "
                    "but is not rostered there",
                    staff_id=a.staff_id, date=a.date, shift=a.shift, unit=a.unit,
                ))
        return findings
