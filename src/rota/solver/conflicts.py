"""Explain why hard rules contradict each other, in plain words, never a bare "INFEASIBLE".

Every hard-rule instance (a person's leave on a day, a fixed assignment, a
person's rest rule) is guarded by an assumption literal. CP-SAT returns a
sufficient set of assumptions for infeasibility, which we then shrink by
deletion so the manager sees a small set of rules that cannot all hold.

Presolve is switched off and a single worker is used: with presolve on, CP-SAT
can return a core containing literals that were never assumptions
(google/or-tools#5141).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ortools.sat.python import cp_model

from rota.solver.builder import build_model
from rota.solver.context import Guard
from rota.solver.index import ProblemIndex
from rota.solver.rule import Rule

MAX_CORE_TO_MINIMISE = 40


@dataclass(frozen=True, slots=True)
class Conflict:
    rule: str
    message: str
    staff_id: str | None
    date: date | None

    def as_dict(self) -> dict[str, object]:
        return {"rule": self.rule, "message": self.message, "staff_id": self.staff_id,
                "date": self.date.isoformat() if self.date else None}


def explain_conflicts(index: ProblemIndex, rules: Sequence[Rule], time_limit: float = 20.0) -> list[Conflict]:
    deadline = time.perf_counter() + time_limit
    built = build_model(index, rules, explain=True)
    guards = list(built.ctx.guards.values())
    core = _core(built.model, guards, deadline)
    if core is None:
        return []
    if len(core) <= MAX_CORE_TO_MINIMISE:
        core = _shrink(built.model, core, deadline)
    return [
        Conflict(g.rule, g.description, g.staff_id, index.dates[g.day] if g.day is not None else None)
        for g in sorted(core, key=lambda g: (g.day if g.day is not None else -1, g.rule))
    ]


def _solver(deadline: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.cp_model_presolve = False
    solver.parameters.max_time_in_seconds = max(0.5, deadline - time.perf_counter())
    return solver


def _infeasible_with(model: cp_model.CpModel, guards: Sequence[Guard], deadline: float) -> tuple[bool, list[int]]:
    model.clear_assumptions()
    model.add_assumptions([g.literal for g in guards])
    solver = _solver(deadline)
    status = solver.solve(model)
    if status != cp_model.INFEASIBLE:
        return False, []
    return True, list(solver.sufficient_assumptions_for_infeasibility())


def _core(model: cp_model.CpModel, guards: list[Guard], deadline: float) -> list[Guard] | None:
    infeasible, core_indices = _infeasible_with(model, guards, deadline)
    if not infeasible:
        return None
    by_index = {g.literal.index: g for g in guards}
    core = [by_index[i] for i in core_indices if i in by_index]
    return core or guards


def _shrink(model: cp_model.CpModel, core: list[Guard], deadline: float) -> list[Guard]:
    """Deletion-based minimisation: drop each rule instance whose removal keeps the conflict."""
    kept = list(core)
    for guard in list(core):
        if time.perf_counter() > deadline or len(kept) <= 1:
            break
        trial = [g for g in kept if g is not guard]
        infeasible, _ = _infeasible_with(model, trial, deadline)
        if infeasible:
            kept = trial
    return kept
