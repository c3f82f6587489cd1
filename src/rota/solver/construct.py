"""A first rota built one person at a time, then improved one person at a time.

Each step solves the scenario with one person in it and the cover targets reduced by the heads
the people placed before provide, so the step's objective is exactly that person's marginal
cost (their requests, their share of the cover still missing, any excess they add), and its
optimum is the person's best rota given everyone placed before. Single-person models of a
4-week rota solve in about 0.1 s, so this gives a fair rota in seconds where a whole-model
search may take a while to find any rota at all when contracts are tight (minimum hours, runs,
weekends). On the Curtois benchmark, starting from it improved instance 7 after 60 s from
1173 to 1065 (optimum 1056).

The one-person models leave out the redundant run automata: with them, a person's step on an
84-day horizon (Curtois instance 18) took 3-6 s, without them 0.06-0.3 s to the same optimum.

Only rules about one person at a time are kept this way; rules that link people (agency
colleagues, red-rated staff, new starters, demand without cover targets) are not. The caller
must therefore check the result against the whole model (the solver does: a start rota that
breaks a rule is not used).
"""

from __future__ import annotations

import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from datetime import date
from functools import partial
from typing import TypeVar

from ortools.sat.python import cp_model

from rota.domain.rota import Assignment, Rota
from rota.domain.scenario import Scenario
from rota.domain.staff import StaffMember
from rota.solver.builder import BuiltModel, build_model, hint_slots
from rota.solver.index import ProblemIndex

PERSON_SECONDS = 0.5
"""Time for one person's step over 4 weeks (longer horizons get proportionally more); the best
rota found in that time is kept."""

RETRY_FACTOR = 5
"""A person whose step finds no rota in time gets one more try, this many times longer."""

Slot = tuple[date, str, str]
T = TypeVar("T")


def construct_by_person(
    scenario: Scenario, deadline: float, seed: int = 0, sweeps_until: Callable[[], float] | None = None,
    placing_threads: Callable[[], int] | None = None,
) -> Rota | None:
    """Place people in order of how constrained they are (most days unavailable first), then, while
    time is left, re-plan each person against everyone else, keeping strict improvements only (so it
    stops). The sweeps end at `deadline`, or at the time `sweeps_until` gives, asked before each
    person: it may change while they run (benchmarks/curtois.py lets them go on once the column
    generation beside them has stopped and left its cores). Everyone is placed even past the
    deadline (each in at most PERSON_SECONDS, scaled by the horizon, or RETRY_FACTOR times that
    when the first try finds nothing; past it, any rota of their own will do).
    None when some person has no rota of their own in that time.

    `placing_threads`, asked as each person is placed or re-planned, says how many may be at once
    (one by default): see `_first_pass` and `_Sweeps`."""
    people = sorted(scenario.staff, key=lambda m: (len(m.unavailable) + len(m.leave), m.id), reverse=True)
    per_person = PERSON_SECONDS * max(1.0, scenario.horizon.days / 28)
    rotas = _first_pass(scenario, people, deadline, per_person, seed, placing_threads or (lambda: 1))
    if rotas is None:
        return None
    _Sweeps(scenario, rotas, per_person, seed).run(people, sweeps_until or (lambda: deadline),
                                                   placing_threads or (lambda: 1))
    return Rota(assignments=tuple(a for member in people for a in rotas[member.id]))


MAX_PLACING_THREADS = 4


def _first_pass(
    scenario: Scenario, people: list[StaffMember], deadline: float, per_person: float, seed: int,
    placing_threads: Callable[[], int],
) -> dict[str, list[Assignment]] | None:
    """Everyone's first rota, in `people`'s order, each against the heads of those placed before.
    With more than one placing thread, people are placed side by side, each against the heads placed
    when they started (CP-SAT releases the GIL while it searches): those placed together do not see
    each other, which the sweeps after mend. Why: instance 20 of the Curtois benchmark (182 days)
    takes 70 s of its 300 s to place everyone on one core, while the column generation beside it
    stops at 43 s and leaves its cores idle, and the sweeps after the first pass take far more off
    the roster than any search later (instance 20: from 19,938 to 10,234 in 20 s)."""
    rotas: dict[str, list[Assignment]] = {}
    heads: Counter[Slot] = Counter()

    def place(member: StaffMember) -> Callable[[], list[Assignment] | None]:
        return partial(_place, scenario, member, Counter(heads), deadline, per_person, seed)

    with ThreadPoolExecutor(max_workers=MAX_PLACING_THREADS, thread_name_prefix="construct") as pool:
        for member, placed in _side_by_side(pool, people, placing_threads, place):
            if placed is None:
                return None
            rotas[member.id] = placed
            heads.update(_slots(placed))
    return rotas


def _side_by_side(
    pool: ThreadPoolExecutor, people: list[StaffMember], threads: Callable[[], int],
    start: Callable[[StaffMember], Callable[[], T]], may_start: Callable[[], bool] = lambda: True,
) -> Iterator[tuple[StaffMember, T]]:
    """Run each person's work in `people`'s order on `pool`, as many at once as `threads()` says
    (asked as each starts, at most MAX_PLACING_THREADS), and yield each person with its result as it
    completes. `start(person)` prepares the work on the calling thread, so what it captures (the
    heads so far) is not changed under it. No one more is started once `may_start()` is false."""
    waiting = deque(people)
    running: dict[Future[T], StaffMember] = {}
    while waiting or running:
        while waiting and len(running) < max(1, min(MAX_PLACING_THREADS, threads())) and may_start():
            member = waiting.popleft()
            running[pool.submit(start(member))] = member
        if not running:
            return
        done, _ = wait(running, return_when=FIRST_COMPLETED)
        for future in done:
            yield running.pop(future), future.result()


def _place(
    scenario: Scenario, member: StaffMember, heads: Counter[Slot], deadline: float, per_person: float, seed: int,
) -> list[Assignment] | None:
    """One person's first rota: their best in `per_person` seconds, or any of their own once past
    the deadline or when the best finds nothing in time (tight contracts on a long horizon)."""
    late = time.perf_counter() >= deadline
    best = _best_alone(scenario, member, heads, time.perf_counter() + per_person, seed, first_only=late)
    if best is None:
        best = _best_alone(scenario, member, heads, time.perf_counter() + RETRY_FACTOR * per_person, seed,
                           first_only=True)
    return best


class _Sweeps:
    """Re-plan each person against everyone else, keeping strict improvements, sweep after sweep
    until one improves nobody or the time `sweeps_until` gives is up.

    With more than one thread (`placing_threads`), people are re-planned side by side, each against
    the others' heads when they started. A rota found that way is kept at once if no one else's was
    kept meanwhile; otherwise only if it is still strictly cheaper than the person's current rota
    against the heads now (both priced in a one-person model), so every rota kept lowers the roster's
    cost, as one at a time. Why: on Curtois instance 20 the sweeps take the first pass from 19,938 to
    about 10,000 in 30 s on one core, while the other is idle."""

    def __init__(self, scenario: Scenario, rotas: dict[str, list[Assignment]], per_person: float, seed: int) -> None:
        self.scenario = scenario
        self.rotas = rotas
        self.per_person = per_person
        self.seed = seed
        self.heads: Counter[Slot] = Counter(slot for rota in rotas.values() for slot in _slots(rota))
        self.kept = 0
        """Rotas kept so far: a re-plan that saw another kept since it started must be re-checked."""
        self.lock = threading.Lock()

    def run(self, people: list[StaffMember], sweeps_until: Callable[[], float], threads: Callable[[], int]) -> None:
        def replan(member: StaffMember) -> Callable[[], bool]:
            return partial(self.replan, member, sweeps_until())

        def in_time() -> bool:
            return time.perf_counter() < sweeps_until()

        improved = True
        with ThreadPoolExecutor(max_workers=MAX_PLACING_THREADS, thread_name_prefix="sweeps") as pool:
            while improved and in_time():
                # a list, not a generator: `any` would stop the sweep at the first rota kept
                improved = any([kept for _, kept in _side_by_side(pool, people, threads, replan, in_time)])

    def replan(self, member: StaffMember, sweeps_deadline: float) -> bool:
        """Re-plan `member`; whether a better rota was kept."""
        with self.lock:
            current = self.rotas[member.id]
            others, seen = self._others(current), self.kept
        deadline = min(sweeps_deadline, time.perf_counter() + self.per_person)
        better = _best_alone(self.scenario, member, others, deadline, self.seed, current)
        if better is None:
            return False
        with self.lock:
            if self.kept == seen:
                return self._keep(member, current, better)
            others, seen = self._others(current), self.kept
        if not _cheaper(self.scenario, member, others, better, current, deadline, self.seed):
            return False
        with self.lock:  # a third re-plan kept meanwhile: give up, the next sweep tries again
            return self.kept == seen and self._keep(member, current, better)

    def _others(self, current: list[Assignment]) -> Counter[Slot]:
        others = self.heads.copy()
        others.subtract(_slots(current))
        return others

    def _keep(self, member: StaffMember, current: list[Assignment], better: list[Assignment]) -> bool:
        self.heads.subtract(_slots(current))
        self.heads.update(_slots(better))
        self.rotas[member.id] = better
        self.kept += 1
        return True


def _slots(assignments: list[Assignment]) -> list[Slot]:
    return [(a.date, a.shift, a.unit) for a in assignments]


def _best_alone(
    scenario: Scenario, member: StaffMember, heads: Counter[Slot], deadline: float, seed: int,
    current: list[Assignment] | None = None, first_only: bool = False,
) -> list[Assignment] | None:
    """The person's best rota given the heads the others provide; with `current`, only a rota
    strictly better than it (None if there is none, or none found in time)."""
    index, built = _alone(scenario, member, heads)
    if current is not None:
        cost = _price(index, built, current, deadline, seed)
        if cost is None:
            return None
        built.model.add(built.objective <= round(cost) - 1)
    solver = _solve(built.model, deadline, seed, first_only=first_only)
    if solver is None:
        return None
    return [Assignment(date=index.dates[day], shift=shift, unit=unit, staff_id=staff_id)
            for (staff_id, day, shift, unit), var in built.ctx.x.items() if solver.boolean_value(var)]


def _cheaper(
    scenario: Scenario, member: StaffMember, heads: Counter[Slot], rota: list[Assignment],
    than: list[Assignment], deadline: float, seed: int,
) -> bool:
    """Whether `rota` costs strictly less than `than` given the heads the others provide (False if
    either could not be priced in time)."""
    index, built = _alone(scenario, member, heads)
    cost, other = _price(index, built, rota, deadline, seed), _price(index, built, than, deadline, seed)
    return cost is not None and other is not None and round(cost) < round(other)


def _alone(scenario: Scenario, member: StaffMember, heads: Counter[Slot]) -> tuple[ProblemIndex, BuiltModel]:
    """The one-person model: the scenario with `member` alone, and cover targets less the heads the
    others provide."""
    targets = tuple(t.model_copy(update={"heads": max(0, t.heads - heads[(t.date, t.shift, t.unit)])})
                    for t in scenario.cover_targets)
    index = ProblemIndex(scenario.model_copy(update={"staff": (member,), "cover_targets": targets}))
    return index, build_model(index, automata=False)


def _price(index: ProblemIndex, built: BuiltModel, rota: list[Assignment], deadline: float, seed: int) -> float | None:
    """What `rota` costs in the one-person model (None if it breaks a rule there, or is not priced in time)."""
    worked = {(a.staff_id, index.day_of(a.date), a.shift, a.unit) for a in rota}
    hint_slots(built, built.model, {key: int(key in worked) for key in built.ctx.x})
    solver = _solve(built.model, deadline, seed, fix_to_hint=True)
    return solver.objective_value if solver is not None else None


def _solve(
    model: cp_model.CpModel, deadline: float, seed: int, fix_to_hint: bool = False, first_only: bool = False
) -> cp_model.CpSolver | None:
    solver = cp_model.CpSolver()
    solver.parameters.stop_after_first_solution = first_only
    solver.parameters.max_time_in_seconds = max(0.05, deadline - time.perf_counter())
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = seed
    solver.parameters.fix_variables_to_their_hinted_value = fix_to_hint
    solver.parameters.linearization_level = 2  # one person: proves optimal ~10x sooner (measured)
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return solver
