"""Limits on consecutive working days and consecutive nights, and the shortest run of working days.

Provider practice (configurable): runs of long stretches raise fatigue and error
risk. Defaults: at most 6 days in a row and at most 4 nights in a row; a person's
working pattern may set a lower maximum. A pattern may also set a minimum run of
working days (no isolated single shifts). The minimum applies only to runs the
rota can see whole: a run that starts on the first day or ends on the last day of
the horizon may be shorter, because it may continue beyond it.
"""

from __future__ import annotations

from collections.abc import Sequence

from rota.domain.staff import StaffMember
from rota.solver.audit import AuditContext
from rota.solver.context import BuildContext
from rota.solver.findings import Finding, Severity
from rota.solver.index import ProblemIndex
from rota.solver.rule import BaseRule, Penalty


def max_consecutive_days(index: ProblemIndex, member: StaffMember) -> int:
    limits = [index.scenario.rest.max_consecutive_days, member.pattern.max_consecutive_days]
    return min(limit for limit in limits if limit is not None)


def min_consecutive_days(member: StaffMember) -> int:
    return member.pattern.min_consecutive_days or 1


def forbid_short_runs(ctx: BuildContext, per_day: list, shortest: int, name: str, guard: list) -> None:
    """Forbid every run of `per_day` terms (0, 1, a Boolean or 1 - a Boolean) being 1 for fewer than
    `shortest` days between two 0 days inside the horizon. Runs touching either edge are exempt (they
    may continue beyond it).

    Posted as "a run that starts on day f lasts to day f + j" for j below the minimum:
    term[f] - term[f - 1] <= term[f + j]. These rows say the same as one clause per short run, but
    their linear relaxation is much tighter: a clause lets the relaxation work half of every day."""
    last = len(per_day) - 1
    for first in range(1, last):
        starts, before = per_day[first], per_day[first - 1]
        if _fixed(starts, 0) or _fixed(before, 1):
            continue
        for step in range(1, min(shortest, last - first + 1)):
            after = per_day[first + step]
            if _fixed(after, 1):
                continue
            ctx.model.add(starts - before <= after).with_name(
                f"{name}__from_{first}_day_{first + step}").only_enforce_if(guard)


def _fixed(term, value: int) -> bool:
    return isinstance(term, int) and term == value


def run_lengths(days: list[int]) -> list[tuple[int, int]]:
    """(first day, length) of each run of consecutive day numbers."""
    runs: list[tuple[int, int]] = []
    for day in sorted(days):
        if runs and runs[-1][0] + runs[-1][1] == day:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1)
        else:
            runs.append((day, 1))
    return runs


def inner_runs(days: list[int], horizon: int) -> list[tuple[int, int]]:
    """Runs that neither start on the first day nor end on the last: the ones a minimum applies to."""
    return [(first, length) for first, length in run_lengths(days) if first > 0 and first + length < horizon]


class ConsecutiveWork(BaseRule):
    id = "consecutive_work"
    title = "Consecutive days and nights"

    def build(self, ctx: BuildContext) -> Sequence[Penalty]:
        index = ctx.index
        rest = index.scenario.rest
        nights = [code for code, t in index.shift_types.items() if t.night]
        for member in index.staff.values():
            worked = [ctx.day_worked(member.id, day) for day in index.days]
            most = max_consecutive_days(index, member)
            self._cap_runs(ctx, member.id, worked, most, "days",
                           f"{member.name} may work at most {most} days in a row")
            fewest = min_consecutive_days(member)
            if fewest > 1:
                guard = ctx.guard(self.id, f"{member.name} works at least {fewest} days in a row",
                                  staff_id=member.id)
                forbid_short_runs(ctx, worked, fewest, ctx.name(self.id, member.id, None, "min_days"), guard)
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
            for run_days, limit, what in ((days, max_consecutive_days(index, member), "days"),
                                          (night_days, rest.max_consecutive_nights, "nights")):
                for start, length in run_lengths(run_days):
                    if length > limit:
                        findings.append(ctx.finding(
                            self.id, f"too_many_{what}", Severity.BREACH,
                            f"{member.name} works {length} {what} in a row from "
                            f"{index.dates[start]:%a %d %b}; the limit is {limit}",
                            staff_id=staff_id, date=index.dates[start], amount=length,
                        ))
            fewest = min_consecutive_days(member)
            for start, length in inner_runs(days, len(index.dates)):
                if length < fewest:
                    findings.append(ctx.finding(
                        self.id, "run_too_short", Severity.BREACH,
                        f"{member.name} works only {length} day(s) in a row from "
                        f"{index.dates[start]:%a %d %b}; the minimum is {fewest}",
                        staff_id=staff_id, date=index.dates[start], amount=length,
                    ))
        return findings
