"""At least 24 hours uninterrupted off in every rolling 7-day window (or 48 h in 14 days).

Working Time Regulations 1998 reg 11; the Skills for Care guide recommends always
24 h off in every seven days. Computed from real times: a free block may start
at midnight or at the end of any shift, so a day off between a late (ends 22:00)
and an early (07:00) gives 33 h, but a day off between a night ending 07:15 and
an early at 07:00 gives only 23.75 h and does not count. Under-18s need 48 h in
every 7 days (reg 11(3)). Windows are the rolling ones that fit in the horizon;
time before the horizon is treated as free (nothing is known of it).
"""

from __future__ import annotations

from collections.abc import Sequence

from ortools.sat.python import cp_model

from rota.domain.home import MINUTES_PER_DAY
from rota.domain.staff import StaffMember
from rota.solver.audit import AuditContext
from rota.solver.context import BuildContext
from rota.solver.findings import Finding, Severity
from rota.solver.index import ProblemIndex
from rota.solver.rule import BaseRule, Penalty


def rest_block_minutes(index: ProblemIndex, member: StaffMember) -> int:
    rest = index.scenario.rest
    hours = max(rest.weekly_rest_hours, rest.under_18_weekly_rest_hours) if member.under_18 else rest.weekly_rest_hours
    return round(hours * 60)


def window_days(index: ProblemIndex, member: StaffMember) -> int:
    """Adults may use the 48 h in 14 days option; young workers need their rest in every 7 days (reg 11(3))."""
    return 7 if member.under_18 else index.scenario.rest.weekly_rest_window_days


def windows(index: ProblemIndex, member: StaffMember) -> list[tuple[int, int]]:
    """(start, end) minutes of every rolling window that fits inside the horizon."""
    length = window_days(index, member)
    count = len(index.dates) - length + 1
    return [(d * MINUTES_PER_DAY, (d + length) * MINUTES_PER_DAY) for d in range(max(count, 0))]


def candidate_starts(index: ProblemIndex) -> list[int]:
    starts = {d * MINUTES_PER_DAY for d in index.days}
    starts.update(i.end for i in index.instances.values())
    return sorted(starts)


class WeeklyRest(BaseRule):
    id = "weekly_rest"
    title = "Uninterrupted weekly rest"

    def build(self, ctx: BuildContext) -> Sequence[Penalty]:
        index = ctx.index
        starts = candidate_starts(index)
        for member in index.staff.values():
            block = rest_block_minutes(index, member)
            spans = windows(index, member)
            if block <= 0 or not spans:
                continue
            worked = [(index.instance(day, shift), var)
                      for day in index.days
                      for (_, _, shift, _), var in ctx.slots(member.id, day)]
            if not worked:
                continue
            free: dict[int, cp_model.IntVar | int] = {}
            for begin in starts:
                clashing = [var for inst, var in worked if inst.overlaps(begin, begin + block)]
                if not clashing:
                    free[begin] = 1
                    continue
                is_free = ctx.model.new_bool_var(ctx.name(self.id, member.id, None, f"free_{begin}"))
                for var in clashing:
                    ctx.model.add_implication(is_free, var.Not())
                free[begin] = is_free
            for w_start, w_end in spans:
                options = [lit for begin, lit in free.items() if w_start <= begin and begin + block <= w_end]
                if any(isinstance(lit, int) for lit in options):
                    continue
                guard = ctx.guard(self.id, f"{member.name} needs {block / 60:g} h off in every "
                                  f"{window_days(index, member)} days",
                                  staff_id=member.id, day=w_start // MINUTES_PER_DAY)
                ctx.model.add_bool_or(options).with_name(
                    ctx.name(self.id, member.id, w_start // MINUTES_PER_DAY, "window")
                ).only_enforce_if(guard)
        return ()

    def audit(self, ctx: AuditContext) -> Sequence[Finding]:
        index = ctx.index
        findings = []
        for staff_id, shifts in ctx.by_staff.items():
            member = index.staff[staff_id]
            block = rest_block_minutes(index, member)
            days = window_days(index, member)
            for w_start, w_end in windows(index, member) if block > 0 else ():
                if _longest_free(shifts, w_start, w_end) < block:
                    first_day = w_start // MINUTES_PER_DAY
                    findings.append(ctx.finding(
                        self.id, "no_weekly_rest", Severity.BREACH,
                        f"{member.name} has no {block / 60:g} h break in the {days} days from "
                        f"{index.dates[first_day]:%a %d %b}",
                        staff_id=staff_id, date=index.dates[first_day],
                    ))
        return findings


def _longest_free(shifts, w_start: int, w_end: int) -> int:
    cursor, longest = w_start, 0
    for w in shifts:
        if w.instance.end <= w_start or w.instance.start >= w_end:
            continue
        longest = max(longest, w.instance.start - cursor)
        cursor = max(cursor, w.instance.end)
    return max(longest, w_end - cursor)
