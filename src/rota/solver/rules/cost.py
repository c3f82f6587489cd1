"""What the rota adds to the wage bill: overtime for employed staff, every hour for bank and agency.

Employed staff are paid their contracted hours whether rostered or not, so
rostering them up to their (pro-rated) contract costs nothing extra; hours above
it are paid at their hourly cost. Bank and agency hours are all extra. Pricing
the marginal cost, not the gross pay, keeps cost from fighting the contracted
hours goal and is what a manager's budget actually sees.
"""

from __future__ import annotations

from collections.abc import Sequence

from rota.domain.core import EmploymentType
from rota.solver.audit import AuditContext
from rota.solver.context import BuildContext
from rota.solver.findings import Finding
from rota.solver.rule import BaseRule, Penalty
from rota.solver.rules.contract_hours import target_minutes


class Cost(BaseRule):
    id = "cost"
    title = "Extra staff cost"
    hard = False

    def build(self, ctx: BuildContext) -> Sequence[Penalty]:
        index = ctx.index
        cost = Penalty("cost_per_pound", "extra pay cost: overtime, bank and agency (GBP)")
        for member in index.staff.values():
            target = target_minutes(index, member)
            if member.employment == EmploymentType.PERMANENT and target > 0:
                worked, most = ctx.worked_minutes(member.id)
                if most <= target:
                    continue
                overtime = ctx.model.new_int_var(0, most - target, ctx.name(self.id, member.id, None, "overtime"))
                ctx.model.add(overtime >= worked - target)
                cost.add(overtime, member.hourly_cost / 60)
                continue
            for day in index.days:
                for (_, _, shift, _), var in ctx.slots(member.id, day):
                    cost.add(var, member.hourly_cost * index.instance(day, shift).paid_minutes / 60)
        return (cost,)

    def audit(self, ctx: AuditContext) -> Sequence[Finding]:
        return ()
