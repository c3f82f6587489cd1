"""Pay cost of the rota: every paid hour at the person's hourly cost (agency at the agency rate)."""

from __future__ import annotations

from collections.abc import Sequence

from rota.solver.audit import AuditContext
from rota.solver.context import BuildContext
from rota.solver.findings import Finding
from rota.solver.rule import BaseRule, Penalty


class Cost(BaseRule):
    id = "cost"
    title = "Staff cost"
    hard = False

    def build(self, ctx: BuildContext) -> Sequence[Penalty]:
        index = ctx.index
        cost = Penalty("cost_per_pound", "pay cost (GBP)")
        for (staff_id, day, shift, _), var in ctx.x.items():
            pounds = index.staff[staff_id].hourly_cost * index.instance(day, shift).paid_minutes / 60
            cost.add(var, pounds)
        return (cost,)

    def audit(self, ctx: AuditContext) -> Sequence[Finding]:
        return ()
