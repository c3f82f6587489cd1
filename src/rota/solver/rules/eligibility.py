"""Eligibility: people work only on units they may work on and only the shifts they may do.

Source: Regulation 18 (suitably qualified staff); Working Time Regulations 1998
(under-18s may not work at night). Role and skill eligibility for cover is
counted in `coverage`, where an expired competence does not count.
"""

from __future__ import annotations

from collections.abc import Sequence

from rota.domain.staff import StaffMember
from rota.solver.audit import AuditContext
from rota.solver.context import BuildContext
from rota.solver.findings import Finding
from rota.solver.index import ProblemIndex
from rota.solver.rule import BaseRule, Penalty


class Eligibility(BaseRule):
    id = "eligibility"
    title = "Unit and shift eligibility"

    def allows(self, index: ProblemIndex, member: StaffMember, day: int, shift: str, unit: str) -> str | None:
        shift_type = index.shift_types[shift]
        if unit not in member.allowed_units:
            return f"{member.name} is not set up to work on {index.units[unit].name}"
        if not shift_type.runs_on(unit):
            return f"{index.units[unit].name} does not run the {shift_type.name.lower()} shift"
        if shift_type.night and member.under_18:
            return f"{member.name} is under 18 and may not work nights"
        if shift_type.night and not member.night_worker:
            return f"{member.name} does not work nights"
        if not shift_type.night and not member.day_worker:
            return f"{member.name} works nights only"
        return None

    def build(self, ctx: BuildContext) -> Sequence[Penalty]:
        self.forbid_disallowed(ctx)
        return ()

    def audit(self, ctx: AuditContext) -> Sequence[Finding]:
        return self.disallowed_findings(ctx, "not_eligible")
