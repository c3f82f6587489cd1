"""Solve a scenario: build, solve, extract the rota, audit it with every rule, explain conflicts."""

from __future__ import annotations

import logging
import math
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from rota.domain.rota import Assignment, Rota
from rota.domain.scenario import Scenario
from rota.solver.audit import AuditContext
from rota.solver.builder import BuiltModel, build_model, fix_slots, hint_slots
from rota.solver.conflicts import Conflict, explain_conflicts
from rota.solver.context import SlotKey
from rota.solver.decomposition import DECOMPOSITION, BackgroundDecomposition, Decomposition
from rota.solver.findings import Finding, Severity, of_severity
from rota.solver.index import ProblemIndex
from rota.solver.lns import NEIGHBOURHOODS, WHOLE_MODEL, Incumbent, LnsSearch
from rota.solver.registry import RULES
from rota.solver.replans import PAIRS, Replans, person_seconds
from rota.solver.rule import Rule
from rota.solver.windows import MAX_WINDOW_SLOTS, MIN_WINDOW_SECONDS, WindowSearch, day_windows, week_groups

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Progress:
    elapsed: float
    objective: float
    bound: float
    stage: str = "optimise"
    """"cover" while minimising uncovered head-minutes alone, then "optimise" for the full objective,
    "windows" for rotas from day windows (solver/windows.py), "weeks" from its groups of weeks,
    "pairs" for rotas from pairs of people re-planned together (solver/replans.py), or "slices" when
    the neighbourhood search has every thread (solver/lns.py)."""


ProgressCallback = Callable[[Progress], None]


@dataclass(frozen=True)
class SolveOptions:
    time_limit: float = 30.0
    workers: int = 4
    """Search threads. On a 2-core machine four threads share the cores, and measure far better
    than two (docs/benchmarks.md)."""
    relative_gap: float = 0.0
    seed: int = 0
    log_search: bool = False
    parameters: tuple[tuple[str, object], ...] = ()
    """Extra CP-SAT parameters by name, for tuning experiments (bench/)."""
    neighbourhood_search: bool = True
    """Run rota's own neighbourhood search beside CP-SAT; off leaves every thread to CP-SAT."""


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
        return of_severity(self.findings, Severity.BREACH)

    @property
    def gaps(self) -> list[Finding]:
        return of_severity(self.findings, Severity.GAP)

    @property
    def relative_gap(self) -> float | None:
        if self.objective is None or self.bound is None:
            return None
        return abs(self.objective - self.bound) / max(1.0, abs(self.objective))


def audit(index: ProblemIndex, rota: Rota, rules: Sequence[Rule] = RULES) -> list[Finding]:
    """Run every rule's audit over a finished rota, solved or hand-made."""
    ctx = AuditContext(index, rota)
    findings: list[Finding] = []
    for rule in rules:
        findings.extend(rule.audit(ctx))
    return findings


PORTFOLIO = ("core", "max_lp", "default_lp", "quick_restart", "reduced_costs", "pseudo_costs", "probing")
"""Full CP-SAT subsolvers beside the large-neighbourhood search, in order of use. Measured on the
60-bed sample (docs/benchmarks.md): `core` proves the bound that CP-SAT's own 2-4 worker portfolios
never reach; `max_lp` and `default_lp` add bound and good rotas. Two threads interleave the first
four: given two subsolvers on two threads, CP-SAT proved almost no bound."""

COVER_STAGE_SHARE = 0.3
"""Share of the time limit the first stage may spend minimising uncovered demand alone."""


def solve(
    scenario: Scenario,
    options: SolveOptions | None = None,
    on_progress: ProgressCallback | None = None,
    rules: Sequence[Rule] = RULES,
    stop: threading.Event | None = None,
    start: Rota | None = None,
    decomposition: BackgroundDecomposition | None = None,
) -> SolveResult:
    """Solve in two stages. First the least uncovered demand alone (a pure cover problem, fast).
    Then the full weighted objective, with cover held at least as good: uncovered demand dominates
    the objective anyway, so no optimal rota is lost. The second stage runs CP-SAT on the whole
    model (for the proven bound) beside a large-neighbourhood search (for good rotas fast).

    `start`, a rota to begin from (for example one built person by person), is used when there is
    no cover stage, and only if it keeps every hard rule. Setting `stop` ends the search early, as if
    the time limit had passed: the best rota so far is kept.

    `decomposition`, column generation already running for this scenario (solver/decomposition.py),
    lends its bound and the rotas it guides to; only for scenarios whose people are linked by cover
    alone (the Curtois benchmark's), since elsewhere its bound would not hold."""
    options = options or SolveOptions()
    started = time.perf_counter()
    deadline = started + options.time_limit
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
    board = _Board(started, on_progress)

    start_values: dict[SlotKey, int] | None = None
    start_objective: float | None = None
    if built.uncovered is not None:
        cover = _configure(cp_model.CpSolver(), options, options.workers,
                           min(options.time_limit * COVER_STAGE_SHARE, deadline - time.perf_counter()))
        built.model.minimize(built.uncovered)
        with _stopping(cover, stop):
            status = cover.solve(built.model, _CoverReporter(board, built))
        if status == cp_model.INFEASIBLE:
            return _infeasible(result, index, rules, options, started)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            built.model.add(built.uncovered <= cover.value(built.uncovered))
            start_values = {key: int(cover.boolean_value(var)) for key, var in built.ctx.x.items()}
            hint_slots(built, built.model, start_values)
        built.model.minimize(built.objective)
    elif options.workers >= 2:
        start_values = _start_values(built, start) if start is not None else _first_rota(built, options, deadline)
        if start_values is not None:
            start_objective = _hint_everything(built, start_values, deadline)
            if start_objective is None:  # it breaks a hard rule, so it is not used (see above)
                start_values = None

    status = _optimise(built, options, deadline, board, start_values, stop, start_objective, decomposition)
    if status == cp_model.INFEASIBLE:
        return _infeasible(result, index, rules, options, started)
    result.improvements = board.improvements
    if board.best is not None:
        _, final = _evaluate(built, board.best.values, max(5.0, deadline - time.perf_counter()))
        result.objective = final.objective_value
        result.bound = min(board.bound, result.objective) if board.bound > float("-inf") else None
        proven = status == cp_model.OPTIMAL or (result.bound is not None and result.bound >= result.objective)
        result.status = "OPTIMAL" if proven else "FEASIBLE"
        result.rota = _extract(index, built, final)
        result.breakdown = _breakdown(built, final)
        result.findings = audit(index, result.rota, rules)
    result.wall_time = time.perf_counter() - started
    return result


class _Board:
    """The best rota and bound found by any search thread, shared under a lock."""

    def __init__(self, started: float, on_progress: ProgressCallback | None) -> None:
        self.started = started
        self.on_progress = on_progress
        self.lock = threading.Lock()
        self.best: Incumbent | None = None
        self.bound = float("-inf")
        self.first_bound: float | None = None
        self.relaxation_bound = float("-inf")
        """The best bound of the whole model's own search, apart from bounds proved elsewhere."""
        self.improvements: list[Progress] = []
        self.gains: dict[str, float] = {}
        """How much each search (`offer`'s `by`) has taken off the best objective."""

    def offer(self, candidate: Incumbent, stage: str = "optimise", by: str = WHOLE_MODEL) -> None:
        with self.lock:
            if self.best is not None and candidate.objective >= self.best.objective:
                return
            if self.best is not None:
                self.gains[by] = self.gains.get(by, 0.0) + self.best.objective - candidate.objective
            self.best = candidate
            self._report(stage)

    def neighbourhoods_ahead(self) -> bool:
        """Whether the neighbourhood search has taken more off the objective than the whole-model
        search (which has more threads), since the first rota."""
        with self.lock:
            return self.gains.get(NEIGHBOURHOODS, 0.0) > self.gains.get(WHOLE_MODEL, 0.0)

    def raise_bound(self, bound: float, relaxation: bool = True) -> None:
        """A proven lower bound: from the whole model's search (`relaxation`) or from elsewhere (the
        decomposition), which the stage rules must not mistake for the relaxation's."""
        with self.lock:
            if relaxation:
                if self.first_bound is None:
                    self.first_bound = bound
                self.relaxation_bound = max(self.relaxation_bound, bound)
            if bound > self.bound:
                self.bound = bound

    def bound_has_risen(self) -> bool:
        """Whether the whole model's search has proved more than its first bound (CP-SAT first
        reports the bound its presolve gives; the next one comes from the linear relaxation)."""
        with self.lock:
            return self.first_bound is not None and self.relaxation_bound > self.first_bound

    def current(self) -> Incumbent | None:
        with self.lock:
            return self.best

    def gap(self) -> float:
        with self.lock:
            if self.best is None:
                return float("inf")
            return (self.best.objective - self.bound) / max(1.0, abs(self.best.objective))

    def within(self, relative_gap: float) -> bool:
        """The best rota is within `relative_gap` of the bound: no search need go on."""
        return self.gap() <= relative_gap

    def _report(self, stage: str) -> None:
        assert self.best is not None
        point = Progress(time.perf_counter() - self.started, self.best.objective, self.bound, stage)
        self.improvements.append(point)
        if self.on_progress:
            self.on_progress(point)


class _CoverReporter(cp_model.CpSolverSolutionCallback):
    """Every rota of the cover stage keeps all hard rules, so each is offered as a rota too,
    priced by the full objective (an upper bound: the cover stage leaves the soft terms loose)."""

    def __init__(self, board: _Board, built: BuiltModel) -> None:
        super().__init__()
        self.board = board
        self.built = built

    def on_solution_callback(self) -> None:
        values = {key: int(self.boolean_value(var)) for key, var in self.built.ctx.x.items()}
        self.board.offer(Incumbent(values, self.value(self.built.objective)), stage="cover", by="cover stage")


class _PortfolioReporter(cp_model.CpSolverSolutionCallback):
    """Hands every improving rota of a CP-SAT search to the board, and ends the search once the board
    is within the requested gap (the board's bound may come from elsewhere). Only the whole model's
    bound is the whole model's (`relaxation`): a guided model's bound holds for its fixed slots only."""

    def __init__(self, board: _Board, built: BuiltModel, relative_gap: float, relaxation: bool = True,
                 by: str = WHOLE_MODEL) -> None:
        super().__init__()
        self.board = board
        self.built = built
        self.relative_gap = relative_gap
        self.relaxation = relaxation
        self.by = by

    def on_solution_callback(self) -> None:
        if self.relaxation:
            self.board.raise_bound(self.best_objective_bound)
        values = {key: int(self.boolean_value(var)) for key, var in self.built.ctx.x.items()}
        self.board.offer(Incumbent(values, self.objective_value), by=self.by)
        if self.board.within(self.relative_gap):
            self.stop_search()


def _optimise(
    built: BuiltModel, options: SolveOptions, deadline: float, board: _Board,
    start_values: dict[SlotKey, int] | None, stop_event: threading.Event | None = None,
    start_objective: float | None = None, decomposition: BackgroundDecomposition | None = None,
) -> int:
    """Whole-model CP-SAT beside neighbourhood searches (`LNS_SHARE` of the workers, at least one).
    With one worker, or nothing to start the neighbourhood search from, CP-SAT alone. The start rota
    is offered as the best so far, priced here unless `start_objective` already says what it costs
    (the cover stage's price of its rota is only an upper bound, so that one is priced here)."""
    guided = _guide_first(built, decomposition, board, options, deadline, stop_event, start_values, start_objective)
    if guided is not None:
        start_values, start_objective = guided
    lns_threads = _lns_threads(options.workers) if start_values is not None else 0
    if not options.neighbourhood_search:
        lns_threads = 0
    threads = options.workers - lns_threads
    solver = _configure(cp_model.CpSolver(), options, threads, max(0.1, deadline - time.perf_counter()))
    solver.best_bound_callback = board.raise_bound
    outcome: dict[str, int] = {}

    def whole_model() -> None:
        outcome["status"] = solver.solve(built.model, _PortfolioReporter(board, built, options.relative_gap))

    late_stop = _late_stop(board, options, stop_event)

    def stop() -> bool:
        return "status" in outcome or late_stop()

    left = max(0.0, deadline - time.perf_counter())
    days = len(built.ctx.index.dates)
    windows_at = time.perf_counter() + _window_switch_delay(days, left)
    slices_at = time.perf_counter() + SLICES_SWITCH_SHARE * left
    with _stopping(solver, stop_event):
        worker = threading.Thread(target=whole_model, name="cp-sat-portfolio")
        worker.start()
        if start_values is not None and start_objective is None:
            status, first = _evaluate(built, start_values, max(1.0, deadline - time.perf_counter()))
            if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                start_objective = first.objective_value
        if start_objective is not None:  # the best rota so far even if no thread improves on it in time
            board.offer(Incumbent(start_values, start_objective), by="first rota")
        searches = _start_slices(built, board, options, deadline, stop, lns_threads)
        halt_guided = threading.Event()
        handover = _Handover()
        decomposing = _follow_decomposition(built, decomposition, board, options, deadline, stop_event, solver,
                                            halt_guided, guided=guided is not None, handover=handover)
        spans = day_windows(days, len(built.ctx.x))
        stage = _next_stage(worker, board, spans, windows_at, slices_at, deadline, days, len(built.ctx.x))
        if stage:
            best = board.current()
            log.info("turning to %s from %.0f s (rota %s, bound %s)", stage, time.perf_counter() - board.started,
                     best.objective if best else None, board.bound)
            solver.stop_search()
        for search in searches:
            search.join()
        if searches:
            solver.stop_search()
        worker.join()
    status = outcome["status"]
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        board.raise_bound(solver.best_objective_bound)
    if stage and status != cp_model.OPTIMAL:  # the board has a rota: both stages start only from one
        if stage == "windows":
            if _pairs_after_windows(days, decomposition is not None):
                _improve_in_windows_and_pairs(built, spans, board, options, deadline, stop_event, handover)
            else:
                _improve_in_windows(built, spans, board, options, deadline, stop_event, handover)
        else:
            _improve_in_slices(built, board, options, deadline, stop_event)
        status = cp_model.FEASIBLE
    if decomposing is not None:
        assert decomposition is not None
        halt_guided.set()
        decomposition.cancel()
        decomposing.join()
    return status


GUIDED_SECONDS = 10.0
"""Most time for the whole model with the slots the decomposition settles fixed. It found the
optimum of Curtois instances 10 and 11 within 4 s; after that it only works on its own proof.
It starts from the best rota so far, which breaks at most the fixed slots, and keeps the rest of it
(instance 8, 60 s runs: 1,321 and 1,407 that way, 1,426-1,753 from the model's own hint)."""


def _guide_first(
    built: BuiltModel, decomposition: BackgroundDecomposition | None, board: _Board, options: SolveOptions,
    deadline: float, stop_event: threading.Event | None, start_values: dict[SlotKey, int] | None,
    start_objective: float | None,
) -> tuple[dict[SlotKey, int] | None, float | None] | None:
    """When the decomposition has converged before the whole model starts (benchmarks/curtois.py gives
    it the cores first), solve the model it guides first, on every thread, and return its best rota
    and price for the whole model to start from (the start itself, already hinted, when the guided
    model found nothing better); None when it has not converged.

    Why first: the whole model's search never hears of rotas found beside it, so beside the guided
    model it went on from its own, worse start. Curtois instance 16 (300 s): 3,325 from the guided
    model at 28 s, then nothing better in 270 s; started from the guided rota, the whole model
    reached 3,226 (optimum 3,225; docs/benchmarks.md)."""
    converged = decomposition.converged() if decomposition is not None else None
    if converged is None:
        return None
    board.raise_bound(converged.bound, relaxation=False)
    if start_values is not None and start_objective is not None:
        board.offer(Incumbent(start_values, start_objective), by="first rota")
    _solve_guided(built, converged, board, options, deadline, stop_event)
    best = board.current()
    if best is None or best.values is start_values:
        return start_values, start_objective
    return best.values, _hint_everything(built, best.values, deadline)


def _solve_guided(
    built: BuiltModel, converged: Decomposition, board: _Board, options: SolveOptions, deadline: float,
    stop_event: threading.Event | None, halt: threading.Event | None = None,
) -> None:
    """The whole model with the slots the converged master settles fixed, from the best rota so far
    (see GUIDED_SECONDS), its rotas offered to the board."""
    model = converged.guided_model(built)
    best = board.current()
    if best is not None:
        hint_slots(built, model, best.values)
    guided = _configure(cp_model.CpSolver(), options, options.workers,
                        max(0.1, min(GUIDED_SECONDS, deadline - time.perf_counter())))
    with _stopping(guided, stop_event), _stopping(guided, halt):
        guided.solve(model, _PortfolioReporter(board, built, options.relative_gap, relaxation=False,
                                               by=DECOMPOSITION))


def _follow_decomposition(
    built: BuiltModel, decomposition: BackgroundDecomposition | None, board: _Board, options: SolveOptions,
    deadline: float, stop_event: threading.Event | None, whole: cp_model.CpSolver, halt: threading.Event,
    guided: bool = False, handover: _Handover | None = None,
) -> threading.Thread | None:
    """Take the decomposition's bounds onto the board, and once it has converged solve the model it
    guides for rotas (unless that is done already: `guided`), on a thread of its own through every
    stage until `halt` (the solve is over), with the cores the day windows would hold (`handover`).
    Ends the whole model's search once the board's gap is closed."""
    if decomposition is None:
        return None
    stop = _late_stop(board, options, stop_event)

    def close_if_done() -> None:
        if board.within(options.relative_gap):
            whole.stop_search()

    def on_bound(bound: float) -> None:
        board.raise_bound(bound, relaxation=False)
        close_if_done()

    def guide() -> None:
        if guided:
            return
        while not decomposition.done.wait(DECOMPOSITION_POLL_SECONDS):
            if stop() or halt.is_set() or time.perf_counter() >= deadline:
                return
        converged = decomposition.converged()
        if converged is None or stop() or halt.is_set():
            return
        with handover.for_guided() if handover else nullcontext():
            _solve_guided(built, converged, board, options, deadline, stop_event, halt)
        close_if_done()

    decomposition.listen(on_bound)
    thread = threading.Thread(target=guide, name="decomposition-guided")
    thread.start()
    return thread


DECOMPOSITION_POLL_SECONDS = 0.2


class _Handover:
    """The cores, handed from the day windows to the model a late-converging decomposition guides.

    Curtois instance 12 on a slower machine (2026-12-01): the generation converged at 39 s of 60,
    after the whole model had started, and the guided model, beside the windows' full portfolio,
    got no better than 4,140 by the end; alone it finds the optimum 4,040 in about 3 s. So while it
    runs the window being solved is stopped and the next waits: converged at 41 s, 12 was then
    proven optimal at 45 s (one run each)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._wanted = threading.Event()
        self._idle = threading.Event()
        """Set while the guided model neither wants nor holds the cores."""
        self._idle.set()

    @contextmanager
    def for_guided(self) -> Iterator[None]:
        self._idle.clear()
        self._wanted.set()
        try:
            with self._lock:
                yield
        finally:
            self._wanted.clear()
            self._idle.set()

    @contextmanager
    def for_window(self) -> Iterator[threading.Event]:
        """Wait while the guided model runs; then hold the cores, and yield the event that is set
        when the guided model wants them back (the window's solve must stop on it)."""
        self._idle.wait()
        with self._lock:
            yield self._wanted


WINDOW_SWITCH_SHARE = 0.35
"""Share of the whole-model search's time after which the rest may go to day windows
(solver/windows.py), on horizons up to LONG_HORIZON_DAYS, if `_windows_due` says so and the time
left gives every window at least MIN_WINDOW_SECONDS (a 10 s solve of a 4-week rota keeps the whole
model to the end)."""

LONG_HORIZON_DAYS = 56
"""Beyond eight weeks the rest of the time always goes to day windows, and from the first rota on:
the whole model improves a long rota more slowly than its windows do, and its share of the time was
lost to them. Curtois instance 20 (182 days, 300 s, first roster at 90 s): 6,840 with the whole
model to 35% of the rest, 6,274 with windows from the first rota (one run each)."""


SLICES_SWITCH_SHARE = 0.6
"""Share of the whole-model search's time after which the rest goes to the neighbourhood search on
every thread, if the relaxation has given a bound but the rota is still more than SLICES_SWITCH_GAP
from it (`_next_stage`)."""

SLICES_SWITCH_GAP = 0.01
SLICES_MAX_DAYS = 28
"""Longer horizons keep the whole model: on Curtois instance 14 (42 days, 300 s) the switch left the
rota at 1,384, where the whole model kept improving to 1,297."""


def _window_switch_delay(days: int, left: float) -> float:
    """Seconds of the `left` the whole model keeps before day windows may take over: none beyond
    LONG_HORIZON_DAYS."""
    return 0.0 if days > LONG_HORIZON_DAYS else WINDOW_SWITCH_SHARE * left


def _next_stage(
    worker: threading.Thread, board: _Board, spans: list[range], windows_at: float, slices_at: float,
    deadline: float, days: int, slots: int,
) -> str | None:
    """Wait while the whole-model search has the time, and say what should take the rest of it:
    "windows" (see `_windows_due`) or, when those are due but the model is no bigger than a window
    (`_too_small_for_windows`), "slices"; "slices" too when the relaxation has given a bound but the
    rota is still far from it at SLICES_SWITCH_SHARE of the time; or None to let the whole model
    finish.

    Why slices: with its bound in, the whole model improves a rota through CP-SAT's neighbourhoods,
    which are blind to where the rota falls short of cover. Once the proof is out of reach (a gap of
    more than 1% this late), rota's own slices, most of them around a cover gap, do better on every
    thread over four weeks (docs/benchmarks.md, 60 s): Curtois instance 8 went from 1,506-1,823 to
    1,323-1,447 (10 moved within its spread: 4,659-4,830), and the care-home four-week sample from a
    gap of 2.7-7.9% to 0.85-1.03%. Rotas within 1% of their bound (instances 7 and 11) keep the whole
    model for its proof; horizons over SLICES_MAX_DAYS keep it too.

    Sooner, from WINDOW_SWITCH_SHARE of the time, when the neighbourhood search beside the whole
    model (one thread of several) has already taken more off the objective than the whole model
    has: the threads go to the search that is earning. On the care-home four weeks on a slower
    machine, one neighbourhood thread had taken 146,552 off by the 60% switch, CP-SAT's three
    112,653 (docs/benchmarks.md). Where no neighbourhood search runs beside the whole model
    (the Curtois settings), this never fires."""
    if spans and _windows_due(worker, board, windows_at, days):
        if _too_small_for_windows(days, slots):
            return "slices"
        if deadline - time.perf_counter() >= len(spans) * MIN_WINDOW_SECONDS:
            return "windows"
    if days > SLICES_MAX_DAYS:
        return None
    worker.join(max(0.0, windows_at - time.perf_counter()))
    while time.perf_counter() < slices_at and _still_searching(worker, board):
        if board.neighbourhoods_ahead() and _slices_would_pay(board):
            return "slices"
        worker.join(min(AHEAD_POLL_SECONDS, max(0.0, slices_at - time.perf_counter())))
    if _still_searching(worker, board) and _slices_would_pay(board):
        return "slices"
    return None


AHEAD_POLL_SECONDS = 0.5


def _slices_would_pay(board: _Board) -> bool:
    """The relaxation has given its bound and the rota is more than SLICES_SWITCH_GAP above it."""
    return board.bound_has_risen() and board.gap() > SLICES_SWITCH_GAP


def _too_small_for_windows(days: int, slots: int) -> bool:
    """Whether a four-week model whose relaxation is late is better served by slices than windows.
    Windows cut a model too big for its relaxation down to MAX_WINDOW_SLOTS a window; a model no
    bigger than that gains nothing from the cut (its relaxation is slow for other reasons), while
    half-horizon windows of it are solved by one CP-SAT search at a time, blind to where the cover
    falls short. Curtois instance 8 (2,158 slots), whose bound came 26 s into a 52 s search on a
    slower machine: 1,736-1,931 with windows, 1,464 and 1,723 with slices; instance 12 (10,452
    slots) still goes to windows (4,935 and 5,415 there, against 5,400 and 5,521 with slices)."""
    return days <= SLICES_MAX_DAYS and slots <= MAX_WINDOW_SLOTS


def _still_searching(worker: threading.Thread, board: _Board) -> bool:
    """A late stage takes over only from a whole-model search still going, and only from a rota."""
    return worker.is_alive() and board.current() is not None


def _windows_due(worker: threading.Thread, board: _Board, switch_at: float, days: int) -> bool:
    """Wait until `switch_at` (or the whole-model search ends), then say whether to turn to day
    windows: only if the search is still going, and either its linear relaxation has proved nothing
    beyond its first bound or the horizon is longer than LONG_HORIZON_DAYS.

    Measured on the Curtois instances (docs/benchmarks.md): instances 1-11, 14, 16 and 18 have their
    first relaxation bound 1-16 s into the search (instance 8 the latest, at 14-16 s of 59 s) and
    keep the whole model and its proof; instance 12's comes at 39-51 s of 48 s, and with windows
    its 60 s rota is 4,198-4,310 instead of 4,843-5,307. Over long horizons the whole model improves
    slowly even with its bound: instance 18 (84 days) reached 5,292 in 300 s, windows 4,886; on
    instances 14 (42 days) and 16 (56 days) windows alone did worse (1,413 and 3,642 against 1,282
    and 3,231), so they keep the whole model. The eight-week line is fitted to these four."""
    worker.join(max(0.0, switch_at - time.perf_counter()))
    if not _still_searching(worker, board):
        return False
    return days > LONG_HORIZON_DAYS or not board.bound_has_risen()


def _improve_in_windows(
    built: BuiltModel, spans: list[range], board: _Board, options: SolveOptions, deadline: float,
    stop_event: threading.Event | None, handover: _Handover | None = None,
) -> None:
    stop = _late_stop(board, options, stop_event)
    _window_search(built, spans, options, deadline, stop_event, handover).improve(board, deadline, stop)


def _window_search(
    built: BuiltModel, spans: list[range], options: SolveOptions, deadline: float,
    stop_event: threading.Event | None, handover: _Handover | None,
) -> WindowSearch:
    def solve_window(model: cp_model.CpModel, limit: float) -> tuple[int, cp_model.CpSolver]:
        with handover.for_window() if handover else nullcontext() as preempted:
            solver = _configure(cp_model.CpSolver(), options, options.workers,
                                max(0.1, min(limit, deadline - time.perf_counter())))
            with _stopping(solver, stop_event), _stopping(solver, preempted):
                return solver.solve(model), solver

    return WindowSearch(built, spans, solve_window, _week_groups(built, spans, options.seed))


def _week_groups(
    built: BuiltModel, spans: list[range], seed: int,
) -> Callable[[int], list[frozenset[int]]]:
    """Groups of weeks (solver/windows.py) to open each pass of the day windows, drawn anew each
    round, where the day windows hold less than half the horizon (a model too large for wider ones):
    there a weekend's work cannot move further than a window, and groups (of four weeks then) took
    Curtois instance 20 (182 days, 30-day windows) from 9,605 to 5,546 in 200 s where day windows
    reached 6,072. Not where the windows hold half the horizon already (instance 18, 84 days, 42-day
    windows: one run each, 5,474 with groups of six weeks and 5,295 without, both decided by when
    the column generation ended), nor on horizons of up to eight weeks, where they are not measured."""
    days = len(built.ctx.index.dates)
    if days <= LONG_HORIZON_DAYS or not spans or len(spans[0]) >= math.ceil(days / 2):
        return lambda _: []
    return lambda done: week_groups(built.ctx.index.dates, seed + done)


def _pairs_after_windows(days: int, cover_links_alone: bool) -> bool:
    """Whether each pass of the day windows is followed by pairs (`_improve_in_windows_and_pairs`):
    on horizons longer than LONG_HORIZON_DAYS where people are linked by cover alone (the scenario
    was given a decomposition)."""
    return days > LONG_HORIZON_DAYS and cover_links_alone


def _improve_in_windows_and_pairs(
    built: BuiltModel, spans: list[range], board: _Board, options: SolveOptions, deadline: float,
    stop_event: threading.Event | None, handover: _Handover | None,
) -> None:
    """A pass of day windows, then pairs until every pair is tried with nothing kept, again and again
    until the deadline, or until a round of both finds nothing (the next would find nothing either).
    Why alternate: each stalls where the other does not. Curtois instance 18 from a rota at 4,770:
    pairs ended by themselves after 52 s (4,763), every pair tried.

    Where a pass opens with rounds of week groups (solver/windows.py), the pairs come between those
    and the day windows: once the groups stall, pairs gain faster than day windows. Curtois instance
    20 at 300 s (docs/benchmarks.md, 2026-12-02, eleventh machine): from where the groups stalled,
    pairs took 336-606 off in the time left, day windows 204-306 (seeds 0-3); over seeds 0-5 the runs
    ended at a mean of 5,369 against 5,614, lower in five of the six."""
    stop = _late_stop(board, options, stop_event)
    windows = _window_search(built, spans, options, deadline, stop_event, handover)  # one, so a rota is priced once

    def pairs() -> None:
        _improve_in_pairs(built, board, options, deadline, stop_event)

    while deadline - time.perf_counter() > 1.0 and not stop():
        before = board.current()
        windows.improve(board, deadline, stop, passes=1, between=pairs)
        if board.current() is before:
            return


def _improve_in_pairs(
    built: BuiltModel, board: _Board, options: SolveOptions, deadline: float, stop_event: threading.Event | None,
) -> None:
    """Re-plan two people at a time over the whole horizon against everyone else's heads, the first
    able to work a cover gap (solver/replans.py), on `options.workers` threads, each rota kept
    offered to the board at its exact price (the one it started from less what was saved).

    Why after a pass of windows (or the week groups' rounds, `_improve_in_windows_and_pairs`): a
    window frees everyone over a few weeks, but each person's hours, shift counts and weekends are
    set by the whole horizon, so a gap a window cannot fill may need work moved between two people
    months apart. Curtois instance 20 (182 days) from one pass of
    windows at 6,132: 60 s of pairs on two threads took it to 5,681, 60 s of windows to 5,913. Before
    that pass the windows gain faster (from 9,209 in 60 s: windows 7,900, pairs 7,643-8,085 on two
    threads), and time taken from it costs more than pairs give back (windows 120 s then pairs 80 s:
    6,470; windows 200 s: 5,798). Only where cover is the only rule linking people (the pairs'
    models leave the others out)."""
    start = board.current()
    if start is None:
        return
    index = built.ctx.index

    def offer(rotas: dict[str, list[Assignment]], saved: float) -> None:
        values = _start_values(built, Rota(assignments=tuple(a for rota in rotas.values() for a in rota)))
        if values is not None:  # the pairs' models have the same slots, so it always is
            board.offer(Incumbent(values, start.objective - saved), stage=PAIRS, by=PAIRS)

    stop = _late_stop(board, options, stop_event)

    def until() -> float:
        return 0.0 if stop() else deadline

    rotas: dict[str, list[Assignment]] = {member.id: [] for member in index.scenario.staff}
    for (staff_id, day, shift, unit), value in start.values.items():
        if value:
            rotas[staff_id].append(Assignment(date=index.dates[day], shift=shift, unit=unit, staff_id=staff_id))
    replans = Replans(index.scenario, rotas, person_seconds(index.scenario), options.seed, on_kept=offer)
    replans.pairs(list(index.scenario.staff), until, lambda: options.workers)


def _late_stop(board: _Board, options: SolveOptions, stop_event: threading.Event | None) -> Callable[[], bool]:
    """When a late stage should end before the deadline: asked to stop, or the requested gap reached."""
    def stop() -> bool:
        return (stop_event is not None and stop_event.is_set()) or board.within(options.relative_gap)

    return stop


def _improve_in_slices(
    built: BuiltModel, board: _Board, options: SolveOptions, deadline: float, stop_event: threading.Event | None,
) -> None:
    """The neighbourhood search on a thread per core until the deadline."""
    stop = _late_stop(board, options, stop_event)
    for search in _start_slices(built, board, options, deadline, stop, _slice_threads(options.workers), "slices"):
        search.join()


def _start_slices(
    built: BuiltModel, board: _Board, options: SolveOptions, deadline: float, stop: Callable[[], bool],
    threads: int, stage: str = "optimise",
) -> list[threading.Thread]:
    """Start `threads` neighbourhood searches (seeds from options.seed) and return them to join."""
    searches = [threading.Thread(target=LnsSearch(built, seed=options.seed + i, stage=stage).improve,
                                 args=(board, deadline, stop), name=f"lns-{stage}-{i}")
                for i in range(threads)]
    for search in searches:
        search.start()
    return searches


def _slice_threads(workers: int) -> int:
    """One slice thread per core, at most `workers`: each slice is a one-thread solve against a time
    limit, so threads beyond the cores only halve each slice's time, and each holds its own copy of
    the model."""
    return max(1, min(workers, os.cpu_count() or 1))


LNS_SHARE = 0.25
"""Share of the search threads given to the neighbourhood search. Measured on the samples with four
workers (docs/benchmarks.md): half the threads to the slices left the 28-day gap where it was and
slowed the 7-day proof threefold, because the bound comes from whole-model CP-SAT."""


def _lns_threads(workers: int) -> int:
    """Neighbourhood-search threads beside whole-model CP-SAT: none with one worker, and always at
    least one thread left to CP-SAT."""
    if workers < 2:
        return 0
    return min(workers - 1, max(1, round(workers * LNS_SHARE)))


@contextmanager
def _stopping(solver: cp_model.CpSolver, stop: threading.Event | None) -> Iterator[None]:
    """Stop `solver`'s search once `stop` is set. It keeps asking until the search ends, because a stop
    asked for before CP-SAT has started its search is otherwise lost."""
    if stop is None:
        yield
        return
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            if stop.wait(0.05):
                solver.stop_search()
                done.wait(0.05)

    watcher = threading.Thread(target=watch, name="cp-sat-stop", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        done.set()
        watcher.join()


FIRST_ROTA_SHARE = 0.1
"""With no cover stage, the share of the time limit a quick search may take to find a first rota."""


def _first_rota(built: BuiltModel, options: SolveOptions, deadline: float) -> dict[SlotKey, int] | None:
    """Any rota keeping every hard rule, for the neighbourhood search to start from when there is no
    cover stage (cover targets with their own points): one thread, stopping at the first solution."""
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, min(options.time_limit * FIRST_ROTA_SHARE,
                                                         deadline - time.perf_counter()))
    solver.parameters.num_workers = 1
    solver.parameters.stop_after_first_solution = True
    solver.parameters.random_seed = options.seed
    if solver.solve(built.model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return {key: int(solver.boolean_value(var)) for key, var in built.ctx.x.items()}


def _hint_everything(built: BuiltModel, values: dict[SlotKey, int], deadline: float) -> float | None:
    """Hint every variable, not only the slots, from the rota's exact evaluation: CP-SAT's own
    neighbourhood searches start from a complete hint, where a hint of slots alone is often lost.
    Returns the rota's objective, or None if it breaks a hard rule (nothing is hinted then)."""
    status, solver = _evaluate(built, values, max(1.0, deadline - time.perf_counter()))
    built.model.clear_hints()
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    hint = built.model.proto.solution_hint
    hint.vars.extend(range(len(built.model.proto.variables)))
    hint.values.extend(solver.response_proto.solution)
    return solver.objective_value


def _start_values(built: BuiltModel, start: Rota) -> dict[SlotKey, int] | None:
    """The start rota as slot values; None if it uses a slot the model does not have."""
    index = built.ctx.index
    chosen = {(a.staff_id, index.day_of(a.date), a.shift, a.unit) for a in start.assignments}
    if not chosen <= built.ctx.x.keys():
        return None
    return {key: int(key in chosen) for key in built.ctx.x}


def _evaluate(built: BuiltModel, values: dict[SlotKey, int], time_limit: float) -> tuple[int, cp_model.CpSolver]:
    """Solve with every slot fixed: prices a rota exactly under the model's objective."""
    model = built.model.clone()
    fix_slots(built, model, values)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = 1
    return solver.solve(model), solver


ROOT_LP_ITERATIONS = 200_000
"""Simplex iterations CP-SAT may spend on the linear relaxation at the root before searching.
CP-SAT's default (2,000) suits models whose LP solves in a blink; ours need tens of thousands of
iterations (Curtois instance 12: 106,000, about 30 s), so with the default the root LP was left
unfinished, the search went down the tree, and the LP bound stayed at 0. Solving it through gave
instance 12 a bound of 4,033 (optimum 4,040), proved instances 7 and 9 optimal in 60 s, and on the
60-bed sample took the 4-week gap at 60 s from 2.96% to 1.95% (docs/benchmarks.md)."""


def _configure(solver: cp_model.CpSolver, options: SolveOptions, threads: int, time_limit: float) -> cp_model.CpSolver:
    params = solver.parameters
    params.max_time_in_seconds = time_limit
    params.num_workers = threads
    params.relative_gap_limit = options.relative_gap
    params.random_seed = options.seed
    params.log_search_progress = options.log_search
    params.root_lp_iterations = ROOT_LP_ITERATIONS
    if threads == 1:
        params.optimize_with_core = True
    elif threads == 2:
        params.interleave_search = True
        params.subsolvers.extend(PORTFOLIO[:4])
    elif threads < 8:
        params.subsolvers.extend(PORTFOLIO[:threads])
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
