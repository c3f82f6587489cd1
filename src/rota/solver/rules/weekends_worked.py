"""A cap on the weekends each person works over the horizon.

Provider practice (configurable): the home's `rest.max_weekends_worked` (none by
default) or a person's working pattern, whichever is lower. A weekend counts as
worked when any shift starts on its Saturday or its Sunday. A weekend cut by the
horizon (only its Saturday or only its Sunday inside) still counts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from rota.domain.staff import StaffMember
from rota.solver.audit import AuditContext
from rota.solver.context import BuildContext
from rota.solver.findings import Finding, Severity
from rota.solver.index import ProblemIndex
from rota.solver.rule import BaseRule, Penalty


def max_weekends(index: ProblemIndex, member: StaffMember) -> int | None:
    limits = [index.scenario.rest.max_weekends_worked, member.pattern.max_weekends]
    given = [limit for limit in limits if limit is not None]
    return min(given) if given else None


def weekends(index: ProblemIndex) -> list[list[int]]:
    """The day indexes of each weekend in the horizon, keyed by its Saturday, in order."""
    by_saturday: dict[int, list[int]] = defaultdict(list)
    for day in index.days:
        weekday = index.dates[day].weekday()
        if weekday >= 5:
            by_saturday[day - (weekday - 5)].append(day)
    return [by_saturday[saturday] for saturday in sorted(by_saturday)]


class WeekendsWorked(BaseRule):
    id = "weekends_worked"
    title = "Weekends worked"

    def build(self, ctx: BuildContext) -> Sequence[Penalty]:
        index = ctx.index
        all_weekends = weekends(index)
        for member in index.staff.values():
            limit = max_weekends(index, member)
            if limit is None or limit >= len(all_weekends):
                continue
            worked = []
            for days in all_weekends:
                terms = [t for t in (ctx.day_worked(member.id, day) for day in days) if not isinstance(t, int)]
                if len(terms) == 1:
                    worked.append(terms[0])
                elif terms:
                    weekend = ctx.model.new_bool_var(ctx.name(self.id, member.id, days[0]))
                    ctx.model.add_max_equality(weekend, terms)
                    worked.append(weekend)
            if len(worked) <= limit:
                continue
            guard = ctx.guard(self.id, f"{member.name} may work at most {limit} weekends", staff_id=member.id)
            ctx.model.add(sum(worked) <= limit).with_name(ctx.name(self.id, member.id, None, "cap")) \
                .only_enforce_if(guard)
        return ()

    def audit(self, ctx: AuditContext) -> Sequence[Finding]:
        index = ctx.index
        findings = []
        all_weekends = weekends(index)
        for staff_id, shifts in ctx.by_staff.items():
            member = index.staff[staff_id]
            limit = max_weekends(index, member)
            if limit is None:
                continue
            days = {w.day for w in shifts}
            count = sum(1 for weekend in all_weekends if days.intersection(weekend))
            if count > limit:
                findings.append(Finding(
                    rule=self.id, code="too_many_weekends", severity=Severity.BREACH,
                    message=f"{member.name} works {count} weekends; the limit is {limit}",
                    staff_id=staff_id, amount=count,
                ))
        return findings
