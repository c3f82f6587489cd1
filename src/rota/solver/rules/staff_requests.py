"""Staff requests (day off, shift wanted, shift not wanted), weighted 1-10 by the home."""

from __future__ import annotations

from collections.abc import Sequence

from rota.domain.core import RequestKind
from rota.solver.audit import AuditContext
from rota.solver.context import BuildContext
from rota.solver.findings import Finding, Severity
from rota.solver.rule import BaseRule, Penalty


class StaffRequests(BaseRule):
    id = "staff_requests"
    title = "Staff requests"
    hard = False

    def build(self, ctx: BuildContext) -> Sequence[Penalty]:
        index = ctx.index
        unmet = Penalty("request_unmet_per_weight", "unmet requests (weighted)")
        for member in index.staff.values():
            for request in member.requests:
                day = index.day_of(request.date)
                if request.kind == RequestKind.DAY_OFF:
                    unmet.add(ctx.day_worked(member.id, day), request.weight)
                elif request.kind == RequestKind.SHIFT_NOT_WANTED:
                    unmet.add(sum(ctx.shift_vars(member.id, day, request.shift)), request.weight)
                else:
                    unmet.add(1 - sum(ctx.shift_vars(member.id, day, request.shift)), request.weight)
        return (unmet,)

    def audit(self, ctx: AuditContext) -> Sequence[Finding]:
        index = ctx.index
        findings = []
        for member in index.staff.values():
            worked = {(w.day, w.shift) for w in ctx.by_staff.get(member.id, [])}
            days = {d for d, _ in worked}
            for request in member.requests:
                day = index.day_of(request.date)
                if request.kind == RequestKind.DAY_OFF:
                    met = day not in days
                    wish = f"a day off on {request.date:%a %d %b}"
                elif request.kind == RequestKind.SHIFT_NOT_WANTED:
                    met = (day, request.shift) not in worked
                    wish = f"not to work {index.label(day, request.shift)}"
                else:
                    met = (day, request.shift) in worked
                    wish = f"to work {index.label(day, request.shift)}"
                if not met:
                    findings.append(Finding(
                        rule=self.id, code=f"unmet_{request.kind.value}", severity=Severity.WARNING,
                        message=f"{member.name} asked {wish} (weight {request.weight}); not met",
                        staff_id=member.id, date=request.date, shift=request.shift, amount=request.weight,
                    ))
        return findings
