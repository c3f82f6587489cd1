"""New starters whose Care Certificate is not complete never work as the only carer on a unit.

Skills for Care guide: no lone working until induction and competence assessment
are complete; new starters are not counted as independent staff until the Care
Certificate is done (that part is in `coverage`, which does not count them).
"""

from __future__ import annotations

from collections.abc import Sequence

from rota.solver.audit import AuditContext
from rota.solver.context import BuildContext
from rota.solver.findings import Finding, Severity
from rota.solver.rule import BaseRule, Penalty


class NewStarters(BaseRule):
    id = "new_starters"
    title = "New starters are supernumerary"

    def build(self, ctx: BuildContext) -> Sequence[Penalty]:
        index = ctx.index
        if not index.scenario.safety.new_starter_needs_colleague:
            return ()
        for (day, shift, unit), on_shift in ctx.by_unit_shift.items():
            independent = [v for s, v in on_shift if index.counts_as_care_staff(index.staff[s])]
            for staff_id, var in on_shift:
                member = index.staff[staff_id]
                if member.is_new_starter():
                    guard = ctx.guard(self.id, f"{member.name} (Care Certificate not complete) must not work "
                                      "without an independent carer", staff_id=staff_id, day=day)
                    ctx.model.add(sum(independent) >= 1).with_name(
                        ctx.name(self.id, staff_id, day, shift, unit)
                    ).only_enforce_if([var, *guard])
        return ()

    def audit(self, ctx: AuditContext) -> Sequence[Finding]:
        index = ctx.index
        if not index.scenario.safety.new_starter_needs_colleague:
            return ()
        findings = []
        for on_shift in ctx.by_unit_shift.values():
            if any(index.counts_as_care_staff(w.member) for w in on_shift):
                continue
            for w in on_shift:
                if w.member.is_new_starter():
                    findings.append(ctx.finding(
                        self.id, "lone_new_starter", Severity.BREACH,
                        f"{ctx.describe(w)} has not completed the Care Certificate and has no independent "
                        "carer on the shift", w))
        return findings
