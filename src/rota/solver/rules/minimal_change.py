"""When a published rota is given, change as few of its assignments as possible.

Staff plan their lives around a published rota; every removed or added shift is
a phone call and a disruption, so each costs points.
"""

from __future__ import annotations

from collections.abc import Sequence

from rota.solver.audit import AuditContext
from rota.solver.context import BuildContext
from rota.solver.findings import Finding, Severity
from rota.solver.rule import BaseRule, Penalty


class MinimalChange(BaseRule):
    id = "minimal_change"
    title = "Changes to the published rota"
    hard = False

    def build(self, ctx: BuildContext) -> Sequence[Penalty]:
        index = ctx.index
        published = {(a.staff_id, index.day_of(a.date), a.shift, a.unit) for a in index.scenario.published_rota}
        if not published:
            return ()
        changes = Penalty("change_from_published", "changes to the published rota")
        for key, var in ctx.x.items():
            changes.add(1 - var if key in published else var)
        impossible = len(published - ctx.x.keys())
        changes.add(1, impossible)
        return (changes,)

    def audit(self, ctx: AuditContext) -> Sequence[Finding]:
        index = ctx.index
        published = {(a.staff_id, index.day_of(a.date), a.shift, a.unit) for a in index.scenario.published_rota}
        if not published:
            return ()
        worked = {(w.member.id, w.day, w.shift, w.unit) for w in ctx.worked}
        findings = []
        for staff_id, day, shift, unit in sorted(published - worked):
            findings.append(Finding(
                rule=self.id, code="removed", severity=Severity.WARNING,
                message=f"{index.staff[staff_id].name} taken off {index.label(day, shift, unit)}",
                staff_id=staff_id, date=index.dates[day], shift=shift, unit=unit,
            ))
        for staff_id, day, shift, unit in sorted(worked - published):
            findings.append(Finding(
                rule=self.id, code="added", severity=Severity.WARNING,
                message=f"{index.staff[staff_id].name} added to {index.label(day, shift, unit)}",
                staff_id=staff_id, date=index.dates[day], shift=shift, unit=unit,
            ))
        return findings
