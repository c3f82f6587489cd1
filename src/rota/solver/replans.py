"""Re-plan one person, or a pair, against the heads everyone else provides.

The scenario with only those people in it, and its cover targets less the others' heads, is a
small model whose objective is the whole roster's less a constant (their requests, their share of
the cover still missing, any excess they add): its optimum is their best rotas given everyone
else, and what it saves is exactly what the roster saves. One person's model of a 4-week rota
solves in about 0.1 s, a pair's over 182 days in 1-3 s, where the whole model of that roster is a
minute's search.

This holds only where cover is the only rule linking people, as on the Curtois benchmark: rules
that link people (agency colleagues, red-rated staff, new starters, demand without cover targets)
are not in these models. The first roster built this way (solver/construct.py) is checked against
the whole model before it is used; the solver's pair stage (service.py) runs only on scenarios
given a decomposition, which holds them to the same condition.

The models leave out the redundant run automata: with them, a person's step on an 84-day horizon
(Curtois instance 18) took 3-6 s, without them 0.06-0.3 s to the same optimum.
"""

from __future__ import annotations

import itertools
import random
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from datetime import date
from functools import partial
from typing import TypeVar

from ortools.sat.python import cp_model

from rota.domain.rota import Assignment
from rota.domain.scenario import CoverTarget, Scenario
from rota.domain.staff import StaffMember
from rota.solver.builder import BuiltModel, build_model, hint_slots
from rota.solver.index import ProblemIndex

PERSON_SECONDS = 0.5
"""Time for one person's step over 4 weeks (longer horizons get proportionally more); the best
rota found in that time is kept. A pair gets the same."""

MAX_THREADS = 4

PAIRS = "pairs"
"""Who found a rota, for the board's gains, and the stage it reports (service.py)."""

Slot = tuple[date, str, str]
T = TypeVar("T")
P = TypeVar("P")


def person_seconds(scenario: Scenario) -> float:
    return PERSON_SECONDS * max(1.0, scenario.horizon.days / 28)


def side_by_side(
    pool: ThreadPoolExecutor, people: Iterable[P], threads: Callable[[], int],
    start: Callable[[P], Callable[[], T]], may_start: Callable[[], bool] = lambda: True,
) -> Iterator[tuple[P, T]]:
    """Run each person's (or group's) work in `people`'s order on `pool`, as many at once as
    `threads()` says (asked as each starts, at most MAX_THREADS), and yield each with its
    result as it completes. `people` is drawn from only as work starts, so it may be endless and
    may look at what the work before it kept. `start(person)` prepares the work on the calling
    thread, so what it captures (the heads so far) is not changed under it. No one more is started
    once `may_start()` is false."""
    waiting = iter(people)
    running: dict[Future[T], P] = {}
    while True:
        while len(running) < max(1, min(MAX_THREADS, threads())) and may_start():
            member = next(waiting, None)
            if member is None:
                break
            running[pool.submit(start(member))] = member
        if not running:
            return
        done, _ = wait(running, return_when=FIRST_COMPLETED)
        for future in done:
            yield running.pop(future), future.result()


class Replans:
    """Re-plan people against everyone else, keeping strict improvements, until the time `until`
    gives is up: one person at a time, sweep after sweep until one improves nobody (`sweeps`: the
    first roster, solver/construct.py), or two at a time at a cover gap (`pairs`: the solver's
    last stage on long rotas, service.py).

    With more than one thread (`threads`), re-plans run side by side, each against the
    others' heads when it started. A rota found that way is kept at once if no other was kept
    meanwhile; otherwise only if it is still strictly cheaper than the people's current rotas
    against the heads now (both priced in the same small model), so every rota kept lowers the
    roster's cost, as one at a time. Why: on Curtois instance 20 the sweeps take the first pass from
    19,938 to about 10,000 in 30 s on one core, while the other is idle."""

    def __init__(
        self, scenario: Scenario, rotas: dict[str, list[Assignment]], per_person: float, seed: int,
        on_kept: Callable[[dict[str, list[Assignment]], float], None] | None = None,
    ) -> None:
        self.scenario = scenario
        self.rotas = rotas
        self.per_person = per_person
        self.seed = seed
        self.on_kept = on_kept
        """Called, with the lock held, with everyone's rotas and the points saved so far, as each is kept."""
        self.saved = 0.0
        self.heads: Counter[Slot] = Counter(slot for rota in rotas.values() for slot in slots_of(rota))
        self.kept = 0
        """Rotas kept so far: a re-plan that saw another kept since it started must be re-checked."""
        self.busy: set[str] = set()
        """People being re-planned now: a pair is drawn from the others."""
        self.untried: set[frozenset[str]] = set()
        """Pairs not re-planned since the rota kept `untried_since`-th (`_gap_pairs`)."""
        self.untried_since = -1
        self.lock = threading.Lock()
        self.changed = threading.Condition(self.lock)
        """Notified as people stop being re-planned."""
        self.rng = random.Random(seed)

    def sweeps(self, people: list[StaffMember], until: Callable[[], float], threads: Callable[[], int]) -> None:
        improved = True
        while improved and _in_time(until):
            # a list, not a generator: `any` would stop the sweep at the first rota kept
            improved = any([kept for _, kept in self._side_by_side([(m,) for m in people], until, threads)])

    def pairs(self, people: list[StaffMember], until: Callable[[], float], threads: Callable[[], int]) -> None:
        """Two people at a time, the first able to work a shift short of its target: a gap one
        person's re-plan cannot fill alone (their hours, runs or weekends are used up) is filled
        by moving work between the two. Ends when every pair has been tried with nothing kept.
        Why the gap: on Curtois instance 20 (182 days), from a roster at 9,209, 60 s on one thread
        gave 7,257 with the first able to work a gap and 7,709 with any two (one run each); three
        people at a time, slower to solve, 8,621 (docs/benchmarks.md, eighth round)."""
        for _ in self._side_by_side(self._gap_pairs(people), until, threads):
            pass

    def _side_by_side(
        self, groups: Iterable[tuple[StaffMember, ...]], until: Callable[[], float], threads: Callable[[], int],
    ) -> Iterator[tuple[tuple[StaffMember, ...], bool]]:
        def replan(group: tuple[StaffMember, ...]) -> Callable[[], bool]:
            with self.lock:
                self.busy.update(m.id for m in group)
            return partial(self.replan, group, until())

        with ThreadPoolExecutor(max_workers=MAX_THREADS, thread_name_prefix="replans") as pool:
            yield from side_by_side(pool, groups, threads, replan, partial(_in_time, until))

    def _gap_pairs(self, people: list[StaffMember]) -> Iterator[tuple[StaffMember, StaffMember]]:
        """Pairs of people not being re-planned and not tried since the last rota kept: the first,
        while the roster has a cover gap, one who could work a gap drawn at random (not off that day,
        the shift open to them, not on it already); the second anyone else. A pair left untried only
        with someone being re-planned is waited for. They end when no pair is left: every pair
        re-planned with nothing kept, so none can do more."""
        everyone = [m.id for m in people]
        while True:
            with self.changed:
                while True:
                    if self.kept != self.untried_since:
                        self.untried = {frozenset(pair) for pair in itertools.combinations(everyone, 2)}
                        self.untried_since = self.kept
                    free = [m for m in people if m.id not in self.busy]
                    pairs = [(a, b) for a in free for b in free if frozenset((a.id, b.id)) in self.untried]
                    if pairs or not self.untried:
                        break
                    self.changed.wait()  # the pairs left involve someone being re-planned
                if not pairs:
                    return
                gaps = [t for t in self.scenario.cover_targets if self.heads[(t.date, t.shift, t.unit)] < t.heads]
                able = {m.id for m in self._able(free, self.rng.choice(gaps))} if gaps else set()
                pair = self.rng.choice([(a, b) for a, b in pairs if a.id in able] or pairs)
                self.untried.discard(frozenset((pair[0].id, pair[1].id)))
            yield pair

    def _able(self, people: list[StaffMember], gap: CoverTarget) -> list[StaffMember]:
        slot = (gap.date, gap.shift, gap.unit)
        return [m for m in people
                if m.absent_on(gap.date) is None and m.pattern.max_shifts.get(gap.shift) != 0
                and slot not in slots_of(self.rotas[m.id])]

    def replan(self, group: tuple[StaffMember, ...], until: float) -> bool:
        """Re-plan the people of `group` together; whether a better rota was kept."""
        try:
            with self.lock:
                current = [a for m in group for a in self.rotas[m.id]]
                others, seen = self._others(current), self.kept
            deadline = min(until, time.perf_counter() + self.per_person)
            found = best_alone(self.scenario, group, others, deadline, self.seed, current)
            if found is None:
                return False
            better, saving = found
            with self.lock:
                if self.kept == seen:
                    return self._keep(group, current, better, saving)
                others, seen = self._others(current), self.kept
            recheck = _saving(self.scenario, group, others, better, current, deadline, self.seed)
            if recheck is None:
                return False
            with self.lock:  # a third re-plan kept meanwhile: give up, a later one tries again
                return self.kept == seen and self._keep(group, current, better, recheck)
        finally:
            with self.changed:
                self.busy.difference_update(m.id for m in group)
                self.changed.notify_all()

    def _others(self, current: list[Assignment]) -> Counter[Slot]:
        others = self.heads.copy()
        others.subtract(slots_of(current))
        return others

    def _keep(
        self, group: tuple[StaffMember, ...], current: list[Assignment], better: list[Assignment], saving: float,
    ) -> bool:
        self.heads.subtract(slots_of(current))
        self.heads.update(slots_of(better))
        for member in group:
            self.rotas[member.id] = [a for a in better if a.staff_id == member.id]
        self.kept += 1
        self.saved += saving
        if self.on_kept is not None:
            self.on_kept(self.rotas, self.saved)
        return True


def _in_time(until: Callable[[], float]) -> bool:
    return time.perf_counter() < until()


def slots_of(assignments: list[Assignment]) -> list[Slot]:
    return [(a.date, a.shift, a.unit) for a in assignments]


def best_alone(
    scenario: Scenario, group: tuple[StaffMember, ...], heads: Counter[Slot], deadline: float, seed: int,
    current: list[Assignment] | None = None, first_only: bool = False,
) -> tuple[list[Assignment], float] | None:
    """The best rota of `group` (one person, or a pair) given the heads the others provide, and the
    points it saves; with `current`, only a rota strictly better than it, searched from it, and what
    it saves over it (None if there is none, or none found in time); without, its saving is 0."""
    index, built = alone(scenario, group, heads)
    cost = 0.0
    if current is not None:
        priced = _price(index, built, current, deadline, seed)  # leaves the model hinted with `current`
        if priced is None:
            return None
        cost = round(priced)
        built.model.add(built.objective <= cost - 1)
    solver = _solve(built.model, deadline, seed, first_only=first_only)
    if solver is None:
        return None
    rota = [Assignment(date=index.dates[day], shift=shift, unit=unit, staff_id=staff_id)
            for (staff_id, day, shift, unit), var in built.ctx.x.items() if solver.boolean_value(var)]
    return rota, (cost - round(solver.objective_value) if current is not None else 0.0)


def _saving(
    scenario: Scenario, group: tuple[StaffMember, ...], heads: Counter[Slot], rota: list[Assignment],
    than: list[Assignment], deadline: float, seed: int,
) -> float | None:
    """The points `rota` saves over `than` given the heads the others provide; None unless it costs
    strictly less (or if either could not be priced in time)."""
    index, built = alone(scenario, group, heads)
    cost, other = _price(index, built, rota, deadline, seed), _price(index, built, than, deadline, seed)
    if cost is None or other is None or round(cost) >= round(other):
        return None
    return round(other) - round(cost)


def alone(
    scenario: Scenario, group: tuple[StaffMember, ...], heads: Counter[Slot],
) -> tuple[ProblemIndex, BuiltModel]:
    """The model of `group` alone (one person, or a pair): the scenario with only them, and cover
    targets less the heads the others provide, so that its objective is the roster's less a constant.
    Their own fixed shifts and published rota go with them; everyone else's stay behind."""
    targets = tuple(t.model_copy(update={"heads": max(0, t.heads - heads[(t.date, t.shift, t.unit)])})
                    for t in scenario.cover_targets)
    ids = {member.id for member in group}
    index = ProblemIndex(scenario.model_copy(update={
        "staff": group, "cover_targets": targets,
        "fixed_assignments": tuple(a for a in scenario.fixed_assignments if a.staff_id in ids),
        "published_rota": tuple(a for a in scenario.published_rota if a.staff_id in ids),
    }))
    return index, build_model(index, automata=False)


def _price(index: ProblemIndex, built: BuiltModel, rota: list[Assignment], deadline: float, seed: int) -> float | None:
    """What `rota` costs in the model of its people alone (None if it breaks a rule there, or is not priced in time)."""
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
