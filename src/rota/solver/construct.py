"""A first rota built one person at a time, then improved by re-planning people against the rest.

Each step solves the scenario with one person in it and the cover targets reduced by the heads
the people placed before provide (solver/replans.py), so its optimum is the person's best rota
given everyone placed before. Single-person models of a 4-week rota solve in about 0.1 s, so this
gives a fair rota in seconds where a whole-model search may take a while to find any rota at all
when contracts are tight (minimum hours, runs, weekends). On the Curtois benchmark, starting from
it improved instance 7 after 60 s from 1173 to 1065 (optimum 1056).

Only rules about one person at a time are kept this way; rules that link people (agency
colleagues, red-rated staff, new starters, demand without cover targets) are not. The caller
must therefore check the result against the whole model (the solver does: a start rota that
breaks a rule is not used).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial

from rota.domain.rota import Assignment, Rota
from rota.domain.scenario import Scenario
from rota.domain.staff import StaffMember
from rota.solver.replans import MAX_THREADS, Replans, Slot, best_alone, person_seconds, side_by_side, slots_of

RETRY_FACTOR = 5
"""A person whose step finds no rota in time gets one more try, this many times longer."""


def construct_by_person(
    scenario: Scenario, deadline: float, seed: int = 0, sweeps_until: Callable[[], float] | None = None,
    placing_threads: Callable[[], int] | None = None,
) -> Rota | None:
    """Place people in order of how constrained they are (most days unavailable first), then, while
    time is left, re-plan each person against everyone else, keeping strict improvements only (so it
    stops). The sweeps end at `deadline`, or at the time `sweeps_until` gives, asked before each
    person: it may change while they run (benchmarks/curtois.py lets them go on once the column
    generation beside them has stopped and left its cores). Everyone is placed even past the
    deadline (each in at most replans.PERSON_SECONDS, scaled by the horizon, or RETRY_FACTOR times that
    when the first try finds nothing; past it, any rota of their own will do).
    None when some person has no rota of their own in that time.

    `placing_threads`, asked as each person is placed or re-planned, says how many may be at once
    (one by default): see `_first_pass` and `replans.Replans`."""
    people = sorted(scenario.staff, key=lambda m: (len(m.unavailable) + len(m.leave), m.id), reverse=True)
    per_person = person_seconds(scenario)
    rotas = _first_pass(scenario, people, deadline, per_person, seed, placing_threads or (lambda: 1))
    if rotas is None:
        return None
    Replans(scenario, rotas, per_person, seed).sweeps(people, sweeps_until or (lambda: deadline),
                                                     placing_threads or (lambda: 1))
    return Rota(assignments=tuple(a for member in people for a in rotas[member.id]))


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

    with ThreadPoolExecutor(max_workers=MAX_THREADS, thread_name_prefix="construct") as pool:
        for member, placed in side_by_side(pool, people, placing_threads, place):
            if placed is None:
                return None
            rotas[member.id] = placed
            heads.update(slots_of(placed))
    return rotas


def _place(
    scenario: Scenario, member: StaffMember, heads: Counter[Slot], deadline: float, per_person: float, seed: int,
) -> list[Assignment] | None:
    """One person's first rota: their best in `per_person` seconds, or any of their own once past
    the deadline or when the best finds nothing in time (tight contracts on a long horizon)."""
    late = time.perf_counter() >= deadline
    best = best_alone(scenario, (member,), heads, time.perf_counter() + per_person, seed, first_only=late)
    if best is None:
        best = best_alone(scenario, (member,), heads, time.perf_counter() + RETRY_FACTOR * per_person, seed,
                          first_only=True)
    return best[0] if best is not None else None


