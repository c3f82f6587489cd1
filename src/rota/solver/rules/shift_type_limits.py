"""The most shifts of each type a person may work over the horizon (from their working pattern).

A limit of 0 means the person never works that shift (for example a day-only
contract, or no nights for a nurse returning from leave): such slots get no
variable at all.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from rota.domain.staff import StaffMember
from rota.solver.audit import AuditContext
from rota.solver.context import BuildContext
from rota.solver.findings import Finding, Severity
from rota.solver.index import ProblemIndex
from rota.solver.rule import BaseRule, Penalty


class ShiftTypeLimits(BaseRule):
    id = "shift_type_limits"
    title = "Shifts of each type"

    def allows(self, index: ProblemIndex, member: StaffMember, day: int, shift: str, unit: str) -> str | None:
        if member.pattern.max_shifts.get(shift) == 0:
            return f"{member.name} does not work {index.shift_types[shift].name.lower()} shifts"
        return None

    def build(self, ctx: BuildContext) -> Sequence[Penalty]:
        self.forbid_disallowed(ctx)
        index = ctx.index
        for member in index.staff.values():
            for shift, most in member.pattern.max_shifts.items():
                terms = [v for day in index.days for v in ctx.shift_vars(member.id, day, shift)]
                if len(terms) <= most:
                    continue
                guard = ctx.guard(self.id, f"{member.name} may work at most {most} "
                                  f"{index.shift_types[shift].name.lower()} shifts", staff_id=member.id)
                ctx.model.add(sum(terms) <= most).with_name(ctx.name(self.id, member.id, None, shift)) \
                    .only_enforce_if(guard)
        return ()

    def audit(self, ctx: AuditContext) -> Sequence[Finding]:
        index = ctx.index
        findings = []
        for staff_id, shifts in ctx.by_staff.items():
            member = index.staff[staff_id]
            counts = Counter(w.shift for w in shifts)
            for shift, most in member.pattern.max_shifts.items():
                if counts[shift] > most:
                    findings.append(Finding(
                        rule=self.id, code="too_many_of_type", severity=Severity.BREACH,
                        message=f"{member.name} works {counts[shift]} {index.shift_types[shift].name.lower()} "
                        f"shifts; the limit is {most}",
                        staff_id=staff_id, shift=shift, amount=counts[shift],
                    ))
        return findings
