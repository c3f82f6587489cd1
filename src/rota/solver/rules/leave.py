"""Leave and unavailability are respected: nobody is rostered on a day they are off.

Staff-protecting: never traded for cover.
"""

from __future__ import annotations

from collections.abc import Sequence

from rota.domain.staff import StaffMember
from rota.solver.audit import AuditContext
from rota.solver.context import BuildContext
from rota.solver.findings import Finding
from rota.solver.index import ProblemIndex
from rota.solver.rule import BaseRule, Penalty


class Leave(BaseRule):
    id = "leave"
    title = "Leave and unavailability"

    def allows(self, index: ProblemIndex, member: StaffMember, day: int, shift: str, unit: str) -> str | None:
        absence = member.absent_on(index.dates[day])
        if absence is None:
            return None
        kind = absence.kind.replace("_", " ")
        return f"{member.name} is off ({kind}) on {index.dates[day]:%a %d %b}"

    def build(self, ctx: BuildContext) -> Sequence[Penalty]:
        self.forbid_disallowed(ctx)
        return ()

    def audit(self, ctx: AuditContext) -> Sequence[Finding]:
        return self.disallowed_findings(ctx, "works_on_leave")
