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

Every window is the full model with slots fixed, so each rota it returns keeps every rule.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from rota.solver.builder import BuiltModel, fix_slots, hint_slots
from rota.solver.lns import Board, Incumbent

MAX_WINDOW_SLOTS = 6_000
"""Most slot variables in a window. Instance 12's 14-day windows (about 5,200 slots) solve their
relaxation in a few seconds; a whole 28-day model of 10,500 slots took 39-51 s."""

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


@dataclass
class WindowSearch:
    built: BuiltModel
    spans: list[range]
    """The windows, from `day_windows`."""
    solve: Callable[[cp_model.CpModel, float], tuple[int, cp_model.CpSolver]]
    """Solves a window's model within the given seconds (with the whole-model portfolio)."""
    known: Incumbent | None = field(default=None, init=False)
    """The rota `solution` holds, kept from one call of `improve` to the next."""
    solution: Sequence[int] = field(default=(), init=False)

    def improve(
        self, board: Board, deadline: float, should_stop: Callable[[], bool], passes: int | None = None,
    ) -> None:
        """Improve the board's best rota window by window until the deadline, `should_stop`, or the end
        of `passes` passes over the windows (no limit if None). Each window is hinted with the value
        of every model variable in the rota it starts from, the complete hint that lets CP-SAT's
        neighbourhoods start from it at once: the values of the window that found the rota, or, for
        the first rota and any found beside the windows, its pricing (`_solution`). A rota priced or
        found in an earlier call is not priced again (service.py calls it a pass at a time)."""
        for _ in itertools.count() if passes is None else range(passes):
            if not self.spans or should_stop():
                return
            pass_left = deadline - time.perf_counter()
            if pass_left < 1.0:
                return
            per_window = max(MIN_WINDOW_SECONDS, pass_left / len(self.spans))
            settled = True  # every window of the pass proven optimal as it stands: no pass can do more
            for span in self.spans:
                left = deadline - time.perf_counter()
                incumbent = board.current()
                if left < 1.0 or should_stop() or incumbent is None:
                    return
                if incumbent is not self.known:  # the first, or found beside the windows (service.py: guided, pairs)
                    self.solution, self.known = self._solution(incumbent, left), incumbent
                status, solver = self.solve(self._window(incumbent, self.solution, span), min(per_window, left))
                found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
                improved = found and solver.objective_value < incumbent.objective
                if improved:
                    values = {key: int(solver.boolean_value(var)) for key, var in self.built.ctx.x.items()}
                    self.known = Incumbent(values, solver.objective_value)
                    board.offer(self.known, stage="windows")
                    self.solution = list(solver.response_proto.solution)
                settled = settled and status == cp_model.OPTIMAL and not improved
            if settled:
                return

    def _solution(self, incumbent: Incumbent, left: float) -> Sequence[int]:
        """Every model variable's value in `incumbent` (none free), the hint its windows start from;
        empty if it could not be priced in time (its windows then start from its slots alone)."""
        status, solver = self.solve(self._window(incumbent, [], range(0)), left)
        return list(solver.response_proto.solution) if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else []

    def _window(self, incumbent: Incumbent, solution: Sequence[int], span: range) -> cp_model.CpModel:
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
