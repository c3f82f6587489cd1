"""Solve a scenario: build, solve, extract the rota, audit it with every rule, explain conflicts."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from rota.domain.rota import Assignment, Rota
from rota.domain.scenario import Scenario
from rota.solver.audit import AuditContext
from rota.solver.builder import BuiltModel, build_model
from rota.solver.conflicts import Conflict, explain_conflicts
from rota.solver.findings import Finding, Severity
from rota.solver.index import ProblemIndex
from rota.solver.registry import RULES
from rota.solver.rule import Rule

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Progress:
    elapsed: float
    objective: float
    bound: float
    stage: str = "optimise"
    """"cover" while minimising uncovered head-minutes alone, then "optimise" for the full objective."""


ProgressCallback = Callable[[Progress], None]


@dataclass(frozen=True)
class SolveOptions:
    time_limit: float = 30.0
    workers: int = 2
    relative_gap: float = 0.0
    seed: int = 0
    log_search: bool = False
    parameters: tuple[tuple[str, object], ...] = ()
    """Extra CP-SAT parameters by name, for tuning experiments (bench/)."""


@dataclass
class SolveResult:
    status: str
    rota: Rota
    objective: float | None
    bound: float | None
    wall_time: float
    build_time: float
    improvements: list[Progress] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    breakdown: dict[str, tuple[float, int]] = field(default_factory=dict)
    """Penalty label -> (raw amount, weighted points), for the objective breakdown."""
    variables: int = 0
    constraints: int = 0
    index: ProblemIndex | None = None

    @property
    def has_rota(self) -> bool:
        return self.status in ("OPTIMAL", "FEASIBLE")

    @property
    def breaches(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == Severity.BREACH]

    @property
    def gaps(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == Severity.GAP]

    @property
    def relative_gap(self) -> float | None:
        if self.objective is None or self.bound is None:
            return None
        return abs(self.objective - self.bound) / max(1.0, abs(self.objective))


class _ProgressRecorder(cp_model.CpSolverSolutionCallback):
    def __init__(self, started: float, on_progress: ProgressCallback | None) -> None:
        super().__init__()
        self.started = started
        self.on_progress = on_progress
        self.improvements: list[Progress] = []
        self.stage = "optimise"

    def on_solution_callback(self) -> None:
        point = Progress(time.perf_counter() - self.started, self.objective_value, self.best_objective_bound,
                         self.stage)
        if self.stage == "optimise":
            self.improvements.append(point)
        if self.on_progress:
            self.on_progress(point)


def audit(index: ProblemIndex, rota: Rota, rules: Sequence[Rule] = RULES) -> list[Finding]:
    """Run every rule's audit over a finished rota, solved or hand-made."""
    ctx = AuditContext(index, rota)
    findings: list[Finding] = []
    for rule in rules:
        findings.extend(rule.audit(ctx))
    return findings


PORTFOLIO = ("default_lp", "max_lp", "core", "quick_restart", "reduced_costs", "pseudo_costs", "probing")
"""Full subsolvers for 3-7 workers. Measured on the 60-bed sample (docs/benchmarks.md): `core`
proves the bound that the default 2-4 worker portfolios never reach, `max_lp` and `quick_restart`
find the good rotas; with 8 or more workers CP-SAT's own portfolio already includes them."""

COVER_STAGE_SHARE = 0.3
"""Share of the time limit the first stage may spend minimising uncovered demand alone."""


def solve(
    scenario: Scenario,
    options: SolveOptions | None = None,
    on_progress: ProgressCallback | None = None,
    rules: Sequence[Rule] = RULES,
) -> SolveResult:
    """Two stages: first the least uncovered demand (fast, since it is a pure cover problem), then
    the full weighted objective from that rota, with cover held at least as good. Uncovered demand
    dominates the objective anyway, so the second stage loses no optimal rota."""
    options = options or SolveOptions()
    started = time.perf_counter()
    index = ProblemIndex(scenario)
    built = build_model(index, rules)
    build_time = time.perf_counter() - started
    proto = built.model.proto
    log.info("model built: variables=%d constraints=%d seconds=%.2f",
             len(proto.variables), len(proto.constraints), build_time)
    result = SolveResult(
        status="UNKNOWN", rota=Rota(), objective=None, bound=None, wall_time=0.0, build_time=build_time,
        variables=len(proto.variables), constraints=len(proto.constraints), index=index,
    )
    deadline = started + options.time_limit
    recorder = _ProgressRecorder(started, on_progress)

    uncovered = built.uncovered
    if uncovered is not None:
        recorder.stage = "cover"
        cover_solver = _solver(options, min(options.time_limit * COVER_STAGE_SHARE, deadline - time.perf_counter()))
        built.model.minimize(uncovered)
        status = cover_solver.solve(built.model, recorder)
        if status == cp_model.INFEASIBLE:
            return _infeasible(result, index, rules, options, started)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            built.model.add(uncovered <= round(cover_solver.objective_value))
            built.model.clear_hints()
            for var in built.ctx.x.values():
                built.model.add_hint(var, cover_solver.boolean_value(var))
        built.model.minimize(built.objective)

    recorder.stage = "optimise"
    solver = _solver(options, max(0.1, deadline - time.perf_counter()))
    status = solver.solve(built.model, recorder)
    result.status = solver.status_name(status)
    result.improvements = recorder.improvements
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        result.objective = solver.objective_value
        result.bound = solver.best_objective_bound
        result.rota = _extract(index, built, solver)
        result.breakdown = _breakdown(built, solver)
        result.findings = audit(index, result.rota, rules)
    elif status == cp_model.INFEASIBLE:
        return _infeasible(result, index, rules, options, started)
    result.wall_time = time.perf_counter() - started
    return result


def _solver(options: SolveOptions, time_limit: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.max_time_in_seconds = time_limit
    params.num_workers = options.workers
    params.relative_gap_limit = options.relative_gap
    params.random_seed = options.seed
    params.log_search_progress = options.log_search
    if 3 <= options.workers < 8:
        params.subsolvers.extend(PORTFOLIO[:options.workers])
    for name, value in options.parameters:
        if isinstance(value, list | tuple):
            repeated = getattr(params, name)
            repeated.clear()
            repeated.extend(value)
        else:
            setattr(params, name, value)
    return solver


def _infeasible(
    result: SolveResult, index: ProblemIndex, rules: Sequence[Rule], options: SolveOptions, started: float
) -> SolveResult:
    result.status = "INFEASIBLE"
    result.conflicts = explain_conflicts(index, rules, time_limit=max(10.0, options.time_limit))
    result.wall_time = time.perf_counter() - started
    return result


def _extract(index: ProblemIndex, built: BuiltModel, solver: cp_model.CpSolver) -> Rota:
    assignments = [
        Assignment(date=index.dates[day], shift=shift, unit=unit, staff_id=staff_id)
        for (staff_id, day, shift, unit), var in built.ctx.x.items()
        if solver.boolean_value(var)
    ]
    assignments.sort(key=lambda a: (a.date, index.instance(index.day_of(a.date), a.shift).start, a.unit, a.staff_id))
    return Rota(assignments=tuple(assignments))


def _breakdown(built: BuiltModel, solver: cp_model.CpSolver) -> dict[str, tuple[float, int]]:
    result = {}
    for penalty, weight, expr in built.priced:
        raw = sum(amount * solver.value(term) for term, amount in penalty.terms)
        result[penalty.label] = (round(raw, 2), int(solver.value(expr)) if weight else 0)
    return result
