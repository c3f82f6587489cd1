"""Day windows: re-plan a span of days for everyone with the whole CP-SAT portfolio, the rest fixed.

CP-SAT's best rotas come from its neighbourhoods guided by the linear relaxation (RINS), and those
wait for the relaxation of the whole model to be solved at the root. On a large model that takes
most of a short time limit (Curtois instance 12: the first LP bound 39-51 s into a 60 s solve), so
the whole-model search spends the minute on unguided neighbourhoods. A window of days, with every
slot outside it fixed to the best rota so far, is a model a fraction of the size: its relaxation
solves in seconds and the same portfolio (LP worker, RINS, the other neighbourhoods) improves it at
once. Windows overlap by half, so a run of shifts, a weekend or a cover gap at a window's edge is
inside the next one; passes repeat until the time is up, or until a whole pass finds every window
optimal as it stands (then no pass can do more, and the rota is returned early). Instance 12 at
60 s: 4,200 from windows alone against 4,843-5,307 from the whole model (docs/benchmarks.md).

Windows give up the whole model's proof, so the solver only turns to them, after a share of the
time limit on the whole model (service.WINDOW_SWITCH_SHARE), when that model's relaxation has
given no bound yet or the horizon is longer than eight weeks (service._windows_due has the
measurements). A four-week model no bigger than a window goes to rota's own slices instead
(service._too_small_for_windows).

Week groups (`week_groups`) are windows of another shape, for long horizons: two whole weeks,
drawn at random from the whole horizon, for everyone. A person's weekends are a budget over the
horizon (a maximum of weekends worked), and on long rotas nearly all of it is spent: moving a
weekend's work to another weekend months away is a move no day window holds, as both weekends must
be free at once. See `week_groups` for what they did on Curtois instance 20.

Every window is the full model with slots fixed, so each rota it returns keeps every rule.
"""

from __future__ import annotations

import itertools
import math
import random
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from ortools.sat.python import cp_model

from rota.solver.builder import BuiltModel, fix_slots, hint_slots
from rota.solver.lns import Board, Incumbent

MAX_WINDOW_SLOTS = 6_000
"""Most slot variables in a window. Instance 12's 14-day windows (about 5,200 slots) solve their
relaxation in a few seconds; a whole 28-day model of 10,500 slots took 39-51 s."""

WEEKS = "weeks"
"""The stage a rota from a group of weeks (`week_groups`) reports (service.Progress)."""

GROUP_ROUND_GAIN = 0.01
"""A pass goes on to its day windows once a round of groups takes no more than this share off the
rota."""

WEEKS_PER_GROUP = 2
"""Weeks in each group (`week_groups`)."""

MIN_WINDOW_DAYS = 7
MIN_WINDOW_SECONDS = 5.0
"""Less than this and a window's own relaxation may not finish."""


def day_windows(days: int, slots: int) -> list[range]:
    """Half the horizon per window (fewer days if that would hold more than MAX_WINDOW_SLOTS slots,
    but at least a week), overlapping by half, covering every day. Empty when the horizon is too
    short to split."""
    if days < 2 * MIN_WINDOW_DAYS:
        return []
    per_day = max(1.0, slots / days)
    width = max(MIN_WINDOW_DAYS, min(math.ceil(days / 2), int(MAX_WINDOW_SLOTS / per_day)))
    step = max(1, width // 2)
    starts = list(range(0, days - width + 1, step))
    if starts[-1] + width < days:
        starts.append(days - width)
    return [range(first, first + width) for first in starts]


def week_groups(dates: Sequence[date], seed: int) -> list[frozenset[int]]:
    """The horizon cut into weeks from Wednesday to Tuesday (each weekend in the middle of its week,
    with the days its runs and rest turn on), paired at random (`seed`), so that rounds with
    different seeds put different weeks together (an odd week out is a group of its own). Empty on a
    horizon of four weeks or less, where a day window holds half the weekends already.

    Why: on Curtois instance 20 (182 days, 50 staff) everyone works every weekend they may, and
    nearly every shift short of cover is on a weekend. From a first roster at 9,605, 200 s each (one
    run each, experiment scripts): day windows alone, 6,072; groups of four weeks (as many as a
    window's slots hold) alone, 5,546; groups of weekends alone, Thursday to Tuesday, 5,610.

    Why pairs: two weeks are the fewest that move a weekend's work to another weekend, and the
    smaller the group the sooner CP-SAT proves it optimal, so a round tries more pairings in the
    time. Instance 20 from one first roster (9,130), 210 s each: groups of two weeks 5,317 (rounds of
    11-20 s; 5,475 after 75 s), of three 5,368, of four 5,605 (rounds of 50-84 s). Whole 300 s
    solves, one each: two weeks 5,388, three 5,515, four 5,450 and 5,750, six 6,003."""
    days = len(dates)
    if days <= 4 * 7:
        return []
    wednesdays = [day for day in range(-6, days) if (dates[0] + timedelta(days=day)).weekday() == 2]
    weeks = [frozenset(range(max(0, first), min(days, first + 7))) for first in wednesdays]
    random.Random(seed).shuffle(weeks)
    return [frozenset().union(*weeks[first:first + WEEKS_PER_GROUP])
            for first in range(0, len(weeks), WEEKS_PER_GROUP)]


@dataclass
class WindowSearch:
    built: BuiltModel
    spans: Sequence[Collection[int]]
    """The day windows, from `day_windows`: the days each frees."""
    solve: Callable[[cp_model.CpModel, float], tuple[int, cp_model.CpSolver]]
    """Solves a window's model within the given seconds (with the whole-model portfolio)."""
    groups: Callable[[int], Sequence[Collection[int]]] = lambda _: ()
    """The windows of a round that opens a pass before its day windows, given the round's number:
    week groups on long horizons (service.py)."""
    rounds_done: int = field(default=0, init=False)
    """Rounds of `groups` so far: the next round's number."""
    known: Incumbent | None = field(default=None, init=False)
    """The rota `solution` holds, kept from one call of `improve` to the next."""
    solution: Sequence[int] = field(default=(), init=False)

    def improve(
        self, board: Board, deadline: float, should_stop: Callable[[], bool], passes: int | None = None,
        between: Callable[[], None] = lambda: None,
    ) -> None:
        """Improve the board's best rota window by window until the deadline, `should_stop`, or the end
        of `passes` passes over the windows (no limit if None). Each window is hinted with the value
        of every model variable in the rota it starts from, the complete hint that lets CP-SAT's
        neighbourhoods start from it at once: the values of the window that found the rota, or, for
        the first rota and any found beside the windows, its pricing (`_solution`). A rota priced or
        found in an earlier call is not priced again (service.py calls it a pass at a time).

        A pass opens with rounds of `groups` (drawn anew each round), for as long as a round takes
        more than GROUP_ROUND_GAIN off the rota, then runs `between` (service.py: the pairs), then
        solves every day window; with no groups, `between` runs after the day windows instead, so it
        runs once a pass either way. Each window gets an equal share of the time left for it and the
        windows after it in its round, so one proven optimal early leaves its time to the rest.
        (Sharing it with the day windows after them too left each group too little: on instance 20,
        from 9,605, groups of weekends doing so reached 5,913 in 200 s, and 5,610 given their rounds'
        whole time.)"""
        for _ in itertools.count() if passes is None else range(passes):
            groups = self.groups(self.rounds_done)
            if not (self.spans or groups):
                return
            settled: bool | None = True
            grouped = bool(groups)
            while groups:
                self.rounds_done += 1
                before = board.current()
                settled = self._round([(WEEKS, group) for group in groups], board, deadline, should_stop)
                after = board.current()
                if settled is None or before is None or after is None:
                    return
                if before.objective - after.objective <= GROUP_ROUND_GAIN * before.objective:
                    break
                groups = self.groups(self.rounds_done)
            if grouped:
                between()
            days_settled = self._round([("windows", span) for span in self.spans], board, deadline, should_stop)
            if not grouped:
                between()
            if days_settled is None or (settled and days_settled):
                return

    def _round(
        self, windows: list[tuple[str, Collection[int]]], board: Board, deadline: float,
        should_stop: Callable[[], bool],
    ) -> bool | None:
        """Solve each of `windows` (stage, days) in turn from the board's best rota, offering what it
        improves. Whether every window was proven optimal as it stands (the rota a local optimum for
        them); None if stopped (the deadline, `should_stop`, or no rota to start from)."""
        settled = True
        for done, (stage, span) in enumerate(windows):
            left = deadline - time.perf_counter()
            incumbent = board.current()
            if left < 1.0 or should_stop() or incumbent is None:
                return None
            share = left / (len(windows) - done)
            if incumbent is not self.known:  # the first, or found beside the windows (service.py: guided, pairs)
                self.solution, self.known = self._solution(incumbent, left), incumbent
            status, solver = self.solve(self._window(incumbent, self.solution, span),
                                        min(max(MIN_WINDOW_SECONDS, share), left))
            found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
            improved = found and solver.objective_value < incumbent.objective
            if improved:
                values = {key: int(solver.boolean_value(var)) for key, var in self.built.ctx.x.items()}
                self.known = Incumbent(values, solver.objective_value)
                board.offer(self.known, stage=stage)
                self.solution = list(solver.response_proto.solution)
            settled = settled and status == cp_model.OPTIMAL and not improved
        return settled

    def _solution(self, incumbent: Incumbent, left: float) -> Sequence[int]:
        """Every model variable's value in `incumbent` (none free), the hint its windows start from;
        empty if it could not be priced in time (its windows then start from its slots alone)."""
        status, solver = self.solve(self._window(incumbent, [], range(0)), left)
        return list(solver.response_proto.solution) if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else []

    def _window(self, incumbent: Incumbent, solution: Sequence[int], span: Collection[int]) -> cp_model.CpModel:
        model = self.built.model.clone()
        if solution:
            model.clear_hints()
            hint = model.proto.solution_hint
            hint.vars.extend(range(len(solution)))
            hint.values.extend(solution)
        else:
            hint_slots(self.built, model, incumbent.values)
        fix_slots(self.built, model, incumbent.values, free=lambda key: key[1] in span)
        return model
