"""Keep staff on their home unit: residents know them and they know the residents."""

from __future__ import annotations

from collections.abc import Sequence

from rota.solver.audit import AuditContext
from rota.solver.context import BuildContext
from rota.solver.findings import Finding
from rota.solver.rule import BaseRule, Penalty


class HomeUnit(BaseRule):
    id = "home_unit"
    title = "Staff on their home unit"
    hard = False

    def build(self, ctx: BuildContext) -> Sequence[Penalty]:
        away = Penalty("off_home_unit_shift", "shifts off the home unit")
        for (staff_id, _, _, unit), var in ctx.x.items():
            if unit != ctx.index.staff[staff_id].home_unit:
                away.add(var)
        return (away,)

    def audit(self, ctx: AuditContext) -> Sequence[Finding]:
        return ()
