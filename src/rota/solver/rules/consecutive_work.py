"""Limits on consecutive working days and consecutive nights.

Provider practice (configurable): runs of long stretches raise fatigue and error
risk. Defaults: at most 6 days in a row and at most 4 nights in a row.
"""

from __future__ import annotations

from collections.abc import Sequence

from rota.solver.audit import AuditContext
from rota.solver.context import BuildContext
from rota.solver.findings import Finding, Severity
from rota.solver.rule import BaseRule, Penalty


class ConsecutiveWork(BaseRule):
    id = "consecutive_work"
    title = "Consecutive days and nights"

    def build(self, ctx: BuildContext) -> Sequence[Penalty]:
        index = ctx.index
        rest = index.scenario.rest
        nights = [code for code, t in index.shift_types.items() if t.night]
        for member in index.staff.values():
            worked = [ctx.day_worked(member.id, day) for day in index.days]
            self._cap_runs(ctx, member.id, worked, rest.max_consecutive_days, "days",
                           f"{member.name} may work at most {rest.max_consecutive_days} days in a row")
            if nights and member.night_worker:
                night_terms = [sum(v for code in nights for v in ctx.shift_vars(member.id, day, code))
                               for day in index.days]
                self._cap_runs(ctx, member.id, night_terms, rest.max_consecutive_nights, "nights",
                               f"{member.name} may work at most {rest.max_consecutive_nights} nights in a row")
        return ()

    def _cap_runs(self, ctx: BuildContext, staff_id: str, per_day: list, limit: int, what: str, text: str) -> None:
        for first in range(len(per_day) - limit):
            window = per_day[first:first + limit + 1]
            if all(isinstance(term, int) and term == 0 for term in window):
                continue
            guard = ctx.guard(self.id, text, staff_id=staff_id, day=first)
            ctx.model.add(sum(window) <= limit).with_name(
                ctx.name(self.id, staff_id, first, what)
            ).only_enforce_if(guard)

    def audit(self, ctx: AuditContext) -> Sequence[Finding]:
        index = ctx.index
        rest = index.scenario.rest
        findings = []
        for staff_id, shifts in ctx.by_staff.items():
            member = index.staff[staff_id]
            days = sorted({w.day for w in shifts})
            night_days = sorted({w.day for w in shifts if w.instance.night})
            for run_days, limit, what in ((days, rest.max_consecutive_days, "days"),
                                          (night_days, rest.max_consecutive_nights, "nights")):
                for start, length in _runs(run_days):
                    if length > limit:
                        findings.append(ctx.finding(
                            self.id, f"too_many_{what}", Severity.BREACH,
                            f"{member.name} works {length} {what} in a row from "
                            f"{index.dates[start]:%a %d %b}; the limit is {limit}",
                            staff_id=staff_id, date=index.dates[start], amount=length,
                        ))
        return findings


def _runs(days: list[int]) -> list[tuple[int, int]]:
    """(first day, length) of each run of consecutive days."""
    runs: list[tuple[int, int]] = []
    for day in days:
        if runs and runs[-1][0] + runs[-1][1] == day:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1)
        else:
            runs.append((day, 1))
    return runs
