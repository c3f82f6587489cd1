"""Redundant automata over each person's sequence of working days and days off: a stronger model,
the same rotas.

The run rules (`consecutive_work`, `days_off_runs`, `weekends_worked`) each post their own
constraints: windows, forbidden short runs, a weekend count. Each is right, but a linear
relaxation sees them one at a time and is weak: it happily works a person 0.8 of every day.
Here the same limits are posted once more, together, as one automaton per person over the days
(CP-SAT's regular constraint). CP-SAT unrolls an automaton into a flow over (day, state), and the
flow's relaxation is exact for the run limits, so the solver's lower bound rises sharply (on the
Curtois benchmark, instance 5's bound after 20 s went from 749 to 1094 of an optimum of 1143).
Shift successions are left out on purpose: numbering the shifts in the labels multiplied the
unrolled flow and made instance 7's bound far worse in the same time.

The automata are redundant: they forbid nothing the rules allow. They are left out when the
model is built to explain a conflict, where every hard constraint must sit behind its guard.

States: a run of k working days (`exempt` while a run that began on the first day is still
shorter than the minimum: such a run may be cut by the horizon), j days off (capped at the
minimum), and, when a weekend cap binds, the weekends used so far and whether Saturday was
worked. Every state is final: a run ending on the last day may be cut by the horizon too.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from rota.domain.staff import StaffMember
from rota.solver.context import BuildContext
from rota.solver.index import ProblemIndex
from rota.solver.rules.consecutive_work import max_consecutive_days, min_consecutive_days
from rota.solver.rules.days_off_runs import min_days_off
from rota.solver.rules.weekends_worked import max_weekends, weekends

MAX_UNROLLED = 20_000
"""States times days above which the weekend count is left to its own rule (long horizons with
loose caps): CP-SAT unrolls the automaton over the days, and a six-month horizon with a cap of
13 weekends would unroll to millions of literals."""

WEEKDAY, SATURDAY, SUNDAY = 0, 1, 2


@dataclass(frozen=True, slots=True)
class RunLimits:
    max_work: int | None
    min_work: int
    min_off: int
    max_weekends: int | None


def run_limits(index: ProblemIndex, member: StaffMember) -> RunLimits:
    most = max_consecutive_days(index, member)
    cap = max_weekends(index, member)
    return RunLimits(
        max_work=most if most < len(index.dates) else None,
        min_work=min_consecutive_days(member),
        min_off=min_days_off(index, member),
        max_weekends=cap if cap is not None and cap < len(weekends(index)) else None,
    )


Run = tuple[str, int, bool]
"""("start", 0, False), ("work", k, exempt) or ("off", j, False)."""


def _run_step(limits: RunLimits, run: Run, worked: int) -> Run | None:
    kind, length, exempt = run
    if worked:
        if kind == "off" and length < limits.min_off:
            return None
        if kind == "work":
            length, exempt = length + 1, exempt
        else:
            length, exempt = 1, kind == "start"
        if limits.max_work is not None and length > limits.max_work:
            return None
        if length >= limits.min_work:
            exempt = False
        if limits.max_work is None:
            length = min(length, limits.min_work)
        return ("work", length, exempt)
    if kind == "work" and length < limits.min_work and not exempt:
        return None
    if kind == "start":
        return ("off", limits.min_off, False)
    return ("off", min(length + 1 if kind == "off" else 1, limits.min_off), False)


State = tuple[Run, int, bool]
"""(run, weekends used, Saturday worked)."""


def _step(limits: RunLimits, state: State, day_type: int, worked: int) -> State | None:
    run, used, saturday_worked = state
    run = _run_step(limits, run, worked)
    if run is None:
        return None
    if limits.max_weekends is None:
        return (run, 0, False)
    if worked and (day_type == SATURDAY or day_type == SUNDAY and not saturday_worked):
        used += 1
        if used > limits.max_weekends:
            return None
    return (run, used, bool(worked) and day_type == SATURDAY)


def automaton(limits: RunLimits, day_types: set[int]) -> tuple[list[tuple[int, int, int]], list[int]]:
    """Transitions (state, label, next state) and final states; the start state is 0.
    A label is `worked + 2 x day type` (day type: weekday, Saturday, Sunday)."""
    start: State = (("start", 0, False), 0, False)
    number = {start: 0}
    transitions = []
    frontier = [start]
    while frontier:
        state = frontier.pop()
        for day_type in sorted(day_types):
            for worked in (0, 1):
                following = _step(limits, state, day_type, worked)
                if following is None:
                    continue
                if following not in number:
                    number[following] = len(number)
                    frontier.append(following)
                transitions.append((number[state], worked + 2 * day_type, number[following]))
    return transitions, list(number.values())


def carries_information(limits: RunLimits) -> bool:
    """Whether an automaton adds strength. A maximum run alone does not: its sliding windows are
    already tight, and on the 60-bed care-home sample an automaton per person for "at most 6 days
    in a row" slowed the 7-day proof about fivefold and left the 28-day rota far worse after 60 s
    (docs/benchmarks.md). Minimum runs, minimum days off and weekend caps are what it is for."""
    return limits.min_work > 1 or limits.min_off > 1 or limits.max_weekends is not None


MAX_DAILY_TRANSITIONS = 6_000
MAX_UNROLLED_TRANSITIONS = 350_000
"""Automaton transitions per day, and transitions times days, summed over everyone, above which no
automaton is posted. CP-SAT unrolls each automaton into a flow over (day, state) that goes into its
linear relaxation; past either size that relaxation stopped solving in time. Both limits are fitted
to what was measured on the Curtois instances (2 cores; a day, then the whole horizon):

| instance | a day | whole | with automata | without |
|---|---|---|---|---|
| 5 (16 staff, 28 days) | 3,160 | 88,000 | optimal in 18 s | 1,146, bound 1,051 at 60 s |
| 8 (30, 28) | 5,360 | 150,000 | 1,637 at 60 s | 1,601 |
| 9-12 (36-60, 28) | 6,300-10,400 | 175,000-290,000 | bounds 0-180 at 30 s | bounds 406-4,626, rotas 40-75% better |
| 16 (20, 56) | 5,420 | 303,000 | 3,231 and 3,524 at 300 s (best known 3,225) | 3,630 |
| 18 (22, 84) | 8,170 | 686,000 | 6,228 at 300 s, bound 0 | 5,385, bound 3,994 |
| 20 (50, 182) | 2,580 | 469,000 | 7,258 at 300 s, bound 0 | 6,320, bound 690 |
"""


def add_pattern_automata(ctx: BuildContext) -> None:
    index = ctx.index
    day_types = [_day_type(index, day) for day in index.days]
    cache: dict[RunLimits, tuple[RunLimits, list[tuple[int, int, int]], list[int]]] = {}
    chosen = []
    for member in index.staff.values():
        limits = run_limits(index, member)
        if not carries_information(limits):
            continue
        if limits not in cache:
            cache[limits] = _fitted_automaton(limits, set(day_types), len(day_types))
        chosen.append((member, cache[limits]))
    daily = sum(len(transitions) for _, (_, transitions, _) in chosen)
    if daily > MAX_DAILY_TRANSITIONS or daily * len(day_types) > MAX_UNROLLED_TRANSITIONS:
        return
    for member, (fitted, transitions, states) in chosen:
        stride = 2 if fitted.max_weekends is not None else 0
        labels = [ctx.day_worked(member.id, day) + stride * day_types[day] for day in index.days]
        ctx.model.add_automaton(labels, 0, states, transitions).with_name(ctx.name("patterns", member.id))


def _fitted_automaton(
    limits: RunLimits, day_types: set[int], days: int
) -> tuple[RunLimits, list[tuple[int, int, int]], list[int]]:
    """The automaton with the weekend count in it when that stays small; else without it."""
    if limits.max_weekends is not None:
        transitions, states = automaton(limits, day_types)
        if len(states) * days <= MAX_UNROLLED:
            return limits, transitions, states
        limits = replace(limits, max_weekends=None)
    transitions, states = automaton(limits, {WEEKDAY})
    return limits, transitions, states


def _day_type(index: ProblemIndex, day: int) -> int:
    weekday = index.dates[day].weekday()
    return SATURDAY if weekday == 5 else SUNDAY if weekday == 6 else WEEKDAY
