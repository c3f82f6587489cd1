"""Large-neighbourhood search: repeatedly free part of the rota and let CP-SAT re-plan it.

Rostering models have millions of near-equal rotas; CP-SAT's generic search
finds a first one quickly but improves a 4-week, 70-person rota slowly. Freeing
a structured slice (a run of days for everyone, a group of people for the whole
horizon, one unit's staff for a fortnight), with the rest fixed, gives small
sub-problems that CP-SAT solves to optimality in a second or two. Sizes adapt:
a slice solved to optimality grows, one that timed out shrinks.

The sub-problems use the same model as the full solve (same rules, same
objective), so every accepted rota is as valid as the solver's own.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from ortools.sat.python import cp_model

from rota.solver.builder import BuiltModel, fix_slots
from rota.solver.context import SlotKey
from rota.solver.index import ProblemIndex

SUB_SOLVE_SECONDS = 1.5
"""Per slice. Presolve is off in slices: on a 4-week model it costs more than solving a small slice."""


@dataclass
class Incumbent:
    """The best rota so far: a value for every slot variable, with its objective."""

    values: dict[SlotKey, int]
    objective: float


class Board(Protocol):
    def current(self) -> Incumbent | None: ...

    def offer(self, candidate: Incumbent, stage: str = "optimise") -> None: ...


@dataclass
class _Neighbourhood:
    name: str
    pick: Callable[[random.Random, float], set[SlotKey]]
    size: float
    tries: int = 0
    wins: int = 0


@dataclass
class LnsSearch:
    built: BuiltModel
    seed: int = 0
    neighbourhoods: list[_Neighbourhood] = field(init=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        index = self.built.ctx.index
        self.keys = list(self.built.ctx.x)
        self.days = len(index.dates)
        self.staff = list(index.staff)
        self.colleagues = _colleague_groups(index)
        start = min(1.0, 3 / self.days)
        self.neighbourhoods = [
            _Neighbourhood("days", self._days, start),
            _Neighbourhood("staff", self._staff, 0.15),
            _Neighbourhood("unit", self._unit, 2 * start),
            _Neighbourhood("colleagues", self._colleagues, 0.3),
        ]

    def improve(self, board: Board, deadline: float, should_stop: Callable[[], bool]) -> None:
        """Improve the board's best rota until the deadline or `should_stop`; improvements go to the board."""
        while time.perf_counter() < deadline - 0.2 and not should_stop():
            incumbent = board.current()
            if incumbent is None:
                return
            hood = self._choose()
            free = hood.pick(self.rng, hood.size)
            limit = min(SUB_SOLVE_SECONDS, deadline - time.perf_counter())
            status, candidate = self._solve_slice(incumbent, free, limit)
            hood.tries += 1
            if candidate is not None and candidate.objective < incumbent.objective:
                hood.wins += 1
                board.offer(candidate)
            if status in (cp_model.OPTIMAL, cp_model.INFEASIBLE):
                hood.size = min(1.0, hood.size * 1.1)
            else:
                hood.size = max(0.02, hood.size * 0.9)

    def _choose(self) -> _Neighbourhood:
        weights = [(h.wins + 1) / (h.tries + 2) for h in self.neighbourhoods]
        return self.rng.choices(self.neighbourhoods, weights=weights)[0]

    def _solve_slice(self, incumbent: Incumbent, free: set[SlotKey], limit: float):
        model = self.built.model.clone()
        model.clear_hints()
        for key, var in self.built.ctx.x.items():
            model.add_hint(var, incumbent.values[key])
        fix_slots(self.built, model, incumbent.values, free=free.__contains__)
        model.add(self.built.objective <= round(incumbent.objective) - 1)
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(0.1, limit)
        solver.parameters.num_workers = 1
        solver.parameters.cp_model_presolve = False
        solver.parameters.random_seed = self.rng.randrange(1 << 30)
        status = solver.solve(model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return status, None
        values = {key: int(solver.boolean_value(var)) for key, var in self.built.ctx.x.items()}
        return status, Incumbent(values, solver.objective_value)

    # --- neighbourhoods ----------------------------------------------------------------

    def _days(self, rng: random.Random, size: float) -> set[SlotKey]:
        width = max(2, round(size * self.days))
        first = rng.randrange(0, max(1, self.days - width + 1))
        window = range(first, first + width)
        return {k for k in self.keys if k[1] in window}

    def _staff(self, rng: random.Random, size: float) -> set[SlotKey]:
        return self._people_slots(rng, self.staff, size)

    def _colleagues(self, rng: random.Random, size: float) -> set[SlotKey]:
        """People who can stand in for each other (same role, same day/night pattern), for the whole
        horizon: with everyone else fixed, cover can only move between them, which is exactly the swap
        that evens out contracted hours, weekends, nights and cost."""
        group = rng.choices(self.colleagues, weights=[len(g) for g in self.colleagues])[0]
        return self._people_slots(rng, group, size)

    def _people_slots(self, rng: random.Random, people: list[str], size: float) -> set[SlotKey]:
        """Every slot of a random `size` share of `people` (at least two), over the whole horizon."""
        chosen = set(rng.sample(people, min(len(people), max(2, round(size * len(people))))))
        return {k for k in self.keys if k[0] in chosen}

    def _unit(self, rng: random.Random, size: float) -> set[SlotKey]:
        index = self.built.ctx.index
        unit = rng.choice(list(index.units))
        people = {m.id for m in index.staff.values() if unit in m.allowed_units}
        width = max(2, round(size * self.days))
        first = rng.randrange(0, max(1, self.days - width + 1))
        window = range(first, first + width)
        return {k for k in self.keys if k[0] in people and k[1] in window}


def _colleague_groups(index: ProblemIndex) -> list[list[str]]:
    groups: dict[tuple[str, bool, bool], list[str]] = {}
    for member in index.staff.values():
        groups.setdefault((member.role, member.day_worker, member.night_worker), []).append(member.id)
    useful = [g for g in groups.values() if len(g) >= 2]
    return useful or [list(index.staff)]
