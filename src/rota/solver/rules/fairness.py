"""Spread weekends and nights fairly: the busiest person, relative to their contract, is penalised.

Weekend days and nights are counted per person and scaled by 37.5 / contracted
hours, so a part-timer's fair share is smaller; the objective minimises the
maximum. Staff with no contract (bank, agency) are left out.
"""

from __future__ import annotations

from collections.abc import Sequence

from rota.domain.core import EmploymentType
from rota.domain.staff import StaffMember
from rota.solver.audit import AuditContext
from rota.solver.context import BuildContext
from rota.solver.findings import Finding
from rota.solver.rule import BaseRule, Penalty

FULL_TIME_HOURS = 37.5
SCALE = 100


def fairness_scale(member: StaffMember) -> int:
    return round(SCALE * FULL_TIME_HOURS / member.contracted_hours)


class Fairness(BaseRule):
    id = "fairness"
    title = "Fair spread of weekends and nights"
    hard = False

    def build(self, ctx: BuildContext) -> Sequence[Penalty]:
        index = ctx.index
        staff = [m for m in index.staff.values()
                 if m.employment == EmploymentType.PERMANENT and m.contracted_hours > 0]
        weekends = [d for d in index.days if index.is_weekend(d)]
        night_codes = [c for c, t in index.shift_types.items() if t.night]
        penalties = []
        for label, weight, people, counted in (
            ("weekend", "weekend_fairness", [m for m in staff if m.day_worker],
             lambda m: [ctx.day_worked(m.id, d) for d in weekends]),
            ("night", "night_fairness", [m for m in staff if m.night_worker],
             lambda m: [v for d in index.days for c in night_codes for v in ctx.shift_vars(m.id, d, c)]),
        ):
            loads = [(fairness_scale(m), counted(m)) for m in people]
            loads = [(scale, terms) for scale, terms in loads if any(not isinstance(t, int) for t in terms)]
            if len(loads) < 2:
                continue
            top = max(scale * len(terms) for scale, terms in loads)
            busiest = ctx.model.new_int_var(0, top, ctx.name(self.id, None, None, f"max_{label}"))
            for scale, terms in loads:
                ctx.model.add(busiest >= scale * sum(terms))
            penalty = Penalty(weight, f"busiest person's {label}s (full-time equivalent)")
            penalty.add(busiest, 1 / SCALE)
            penalties.append(penalty)
        return penalties

    def audit(self, ctx: AuditContext) -> Sequence[Finding]:
        return ()
