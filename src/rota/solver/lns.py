"""Large-neighbourhood search: repeatedly free part of the rota and let CP-SAT re-plan it.

Rostering models have millions of near-equal rotas; CP-SAT's generic search
finds a first one quickly but improves a 4-week, 70-person rota slowly. Freeing
a structured slice (a run of days for everyone, a group of people for the whole
horizon, one unit's staff for a fortnight, everyone around a cover gap and over
a second span of days, everyone on the same days of every week), with the rest fixed, gives small
sub-problems that CP-SAT solves to optimality in a second or two. Sizes adapt:
a slice solved to optimality grows, one that timed out shrinks.

The sub-problems use the same model as the full solve (same rules, same
objective), so every accepted rota is as valid as the solver's own.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

from ortools.sat.python import cp_model

from rota.solver.builder import BuiltModel, fix_slots, hint_slots
from rota.solver.context import SlotKey
from rota.solver.index import ProblemIndex
from rota.solver.rules.coverage import counts_towards

log = logging.getLogger(__name__)

WHOLE_MODEL, NEIGHBOURHOODS = "whole model", "neighbourhoods"
"""Who found a rota, as the board counts its gains (`Board.offer`'s `by`)."""

SUB_SOLVE_SECONDS = 1.5
"""Per slice. Presolve is off in slices: on a 4-week model it costs more than solving a small slice."""


@dataclass
class Incumbent:
    """The best rota so far: a value for every slot variable, with its objective."""

    values: dict[SlotKey, int]
    objective: float


class Board(Protocol):
    def current(self) -> Incumbent | None: ...

    def offer(self, candidate: Incumbent, stage: str = "optimise", by: str = WHOLE_MODEL) -> None: ...


@dataclass
class _Neighbourhood:
    name: str
    pick: Callable[[random.Random, float, Incumbent], set[SlotKey]]
    size: float
    tries: int = 0
    wins: int = 0
    misses: int = 0
    """Tries since its last win."""


@dataclass
class LnsSearch:
    built: BuiltModel
    seed: int = 0
    stage: str = "optimise"
    """How the board reports this search's rotas."""
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
        self.cover_gap = _Neighbourhood("cover gap", self._cover_gap, min(1.0, COVER_GAP_DAYS / self.days))
        self.neighbourhoods.append(self.cover_gap)
        self.weekly = _Neighbourhood("weekly", self._weekly, 0.3)
        self.gap_hoods = [self.cover_gap, self.weekly]
        self.needs, self.limits = _cover_needs(self.built)

    def improve(self, board: Board, deadline: float, should_stop: Callable[[], bool]) -> None:
        """Improve the board's best rota until the deadline or `should_stop`; improvements go to the board."""
        while time.perf_counter() < deadline - 0.2 and not should_stop():
            incumbent = board.current()
            if incumbent is None:
                return
            hood = self._choose(incumbent)
            free = hood.pick(self.rng, hood.size, incumbent)
            limit = min(SUB_SOLVE_SECONDS, deadline - time.perf_counter())
            status, candidate = self._solve_slice(incumbent, free, limit)
            hood.tries += 1
            hood.misses += 1
            if candidate is not None and candidate.objective < incumbent.objective:
                hood.wins += 1
                hood.misses = 0
                board.offer(candidate, stage=self.stage, by=NEIGHBOURHOODS)
            if status in (cp_model.OPTIMAL, cp_model.INFEASIBLE):
                hood.size = min(1.0, hood.size * 1.1)
            else:
                hood.size = max(0.02, hood.size * 0.9)
        log.debug("neighbourhoods (tries, wins, size): %s",
                 ", ".join(f"{h.name} {h.tries}/{h.wins}/{h.size:.2f}" for h in [*self.neighbourhoods, self.weekly]))

    def _choose(self, incumbent: Incumbent) -> _Neighbourhood:
        """COVER_GAP_SHARE of the slices go to a cover gap while the rota has one (cover outweighs
        every other term of the objective): to the cover-gap neighbourhood, and once it has missed
        COVER_GAP_STALL times running, to it or the weekly one by their records of wins. The rest
        go to the other neighbourhoods by their records."""
        if self.rng.random() < COVER_GAP_SHARE and _short_days(self.needs, incumbent.values):
            return self._by_record(self.gap_hoods) if self.cover_gap.misses >= COVER_GAP_STALL else self.cover_gap
        return self._by_record(self.neighbourhoods)

    def _by_record(self, hoods: list[_Neighbourhood]) -> _Neighbourhood:
        return self.rng.choices(hoods, weights=[(h.wins + 1) / (h.tries + 2) for h in hoods])[0]

    def _solve_slice(self, incumbent: Incumbent, free: set[SlotKey], limit: float):
        model = self.built.model.clone()
        hint_slots(self.built, model, incumbent.values)
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

    def _days(self, rng: random.Random, size: float, _: Incumbent) -> set[SlotKey]:
        width = max(2, round(size * self.days))
        first = rng.randrange(0, max(1, self.days - width + 1))
        window = range(first, first + width)
        return {k for k in self.keys if k[1] in window}

    def _staff(self, rng: random.Random, size: float, _: Incumbent) -> set[SlotKey]:
        return self._people_slots(rng, self.staff, size)

    def _colleagues(self, rng: random.Random, size: float, _: Incumbent) -> set[SlotKey]:
        """People who can stand in for each other (same role, same day/night pattern), for the whole
        horizon: with everyone else fixed, cover can only move between them, which is exactly the swap
        that evens out contracted hours, weekends, nights and cost."""
        group = rng.choices(self.colleagues, weights=[len(g) for g in self.colleagues])[0]
        return self._people_slots(rng, group, size)

    def _cover_gap(self, rng: random.Random, size: float, incumbent: Incumbent) -> set[SlotKey]:
        """Everyone over a span of days around a shift short of cover, and over a second span:
        around a shift over its unit-shift's total (OVER_COVER_SHARE of the time, when there is
        one), else anywhere. A gap is rarely filled by a change on its own days: the person who
        could fill it is held by a weekly or four-weekly total, a run or a weekend limit, so the shift
        has to come from somewhere else in the same person's rota. Freeing two spans lets a shift
        move from one to the other. Curtois instance 8 (docs/benchmarks.md): from 1,617 to 1,320 in
        28 s on two threads, where the other neighbourhoods reached 1,518."""
        gap = self._gap_day(rng, incumbent)
        width = max(COVER_GAP_MIN_DAYS, round(size * self.days))
        over = _over_days(self.limits, incumbent.values)
        if over and rng.random() < OVER_COVER_SHARE:
            elsewhere = rng.choices(list(over), weights=list(over.values()))[0]
        else:
            elsewhere = rng.randrange(self.days)
        chosen = set(_span_around(gap, width, self.days)) | set(_span_around(elsewhere, width, self.days))
        return {k for k in self.keys if k[1] in chosen}

    def _weekly(self, rng: random.Random, size: float, incumbent: Incumbent) -> set[SlotKey]:
        """Everyone on the same days of every week, those days including a cover gap's weekday,
        over up to WEEKLY_SPAN_DAYS around the gap. Gaps that outlast the cover-gap slices are
        usually held by a limit over weeks, most often the weekends a person may work: filling a
        Sunday means someone gives up another weekend, weeks away, and someone else takes that one
        on; spans of consecutive days rarely free those weekends for both. Curtois instance 10 (all
        its gaps at weekends, every weekend limit used): from 4,749, where 2 x 8-day cover-gap spans
        all proved optimal, to 4,645 and 4,648 in two of three 25 s runs (4,734 in the third;
        optimum 4,631); weekly slices alone reached 4,646."""
        gap = self._gap_day(rng, incumbent)
        width = max(2, min(7, round(size * 7)))
        first = gap - rng.randrange(width)
        weekdays = {(first + i) % 7 for i in range(width)}
        weeks = set(_span_around(gap, WEEKLY_SPAN_DAYS, self.days))
        return {k for k in self.keys if (k[1] % 7) in weekdays and k[1] in weeks}

    def _gap_day(self, rng: random.Random, incumbent: Incumbent) -> int:
        """A day short of cover, by how much it is short; any day if none is."""
        short = _short_days(self.needs, incumbent.values)
        return rng.choices(list(short), weights=list(short.values()))[0] if short else rng.randrange(self.days)

    def _people_slots(self, rng: random.Random, people: list[str], size: float) -> set[SlotKey]:
        """Every slot of a random `size` share of `people` (at least two), over the whole horizon."""
        chosen = set(rng.sample(people, min(len(people), max(2, round(size * len(people))))))
        return {k for k in self.keys if k[0] in chosen}

    def _unit(self, rng: random.Random, size: float, _: Incumbent) -> set[SlotKey]:
        index = self.built.ctx.index
        unit = rng.choice(list(index.units))
        people = {m.id for m in index.staff.values() if unit in m.allowed_units}
        width = max(2, round(size * self.days))
        first = rng.randrange(0, max(1, self.days - width + 1))
        window = range(first, first + width)
        return {k for k in self.keys if k[0] in people and k[1] in window}


COVER_GAP_STALL = 4
"""Cover-gap slices missed in a row before weekly slices share the gaps. Weekly slices are large
(two or more days of every week, for everyone), so they wait while the cheaper slices still win.
Curtois instance 10 at 60 s: with 4, 4,635-4,651 in six runs of seven (one 4,947; optimum 4,631);
with none, 4,636 and 4,646; with 8 the weekly slices came too late and it ended at 4,732-4,738. On
the care-home four-week sample at 60 s: 250,864 and 251,067 with 4 (250,867-251,098 before weekly
slices), 251,894-252,263 with none."""
WEEKLY_SPAN_DAYS = 28
"""Days a weekly slice spans, around its gap, so that its size does not grow with the horizon. On
Curtois instance 18 (84 days) weekly slices did not help either way: 4,984-4,985 from 4,999 in 60 s,
bounded or not, where the other slices reached 4,887."""
COVER_GAP_DAYS = 5
"""Starting width of each span of the cover-gap neighbourhood (it adapts like the others). On
Curtois instance 8, spans of 5 and 7 days did equally well; 9 days timed out too often."""
COVER_GAP_MIN_DAYS = 3
COVER_GAP_SHARE = 0.75
"""From instance 8's 1,617 roster, 28 s on two threads: 1,420 with half the slices to cover gaps,
1,325 with three quarters, 1,320-1,331 with all of them (the other slices still serve rotas with
no gap, and the care-home terms other than cover)."""
OVER_COVER_SHARE = 0.5
"""From instance 18's 4,889 roster, 60 s: 4,875 with the second span always at random, 4,781 with
half of them around a shift over its total."""


@dataclass(frozen=True, slots=True)
class _CoverNeed:
    day: int
    heads: int
    """The least heads wanted (a requirement) or the most (a unit-shift's total)."""
    weight: float
    """Objective weight per head short or over: the cover target's points, else the shift's paid hours."""
    slots: tuple[SlotKey, ...]
    """Slots of the people who count towards it."""


def _cover_needs(built: BuiltModel) -> tuple[list[_CoverNeed], list[_CoverNeed]]:
    """Every cover requirement (the least heads), and every unit-shift's total (the most heads),
    with the slots the coverage rule counts for each."""
    index, ctx = built.ctx.index, built.ctx

    def hours(day: int, shift: str) -> float:
        return index.instance(day, shift).paid_minutes / 60

    needs = []
    for req in index.demand.requirements:
        on_shift = ctx.by_day_shift.get((req.day, req.shift), [])
        slots = tuple((staff_id, req.day, req.shift, unit) for staff_id, unit, _ in on_shift
                      if (req.unit is None or unit == req.unit) and counts_towards(index, index.staff[staff_id], req))
        weight = req.shortfall_points if req.shortfall_points is not None else hours(req.day, req.shift)
        needs.append(_CoverNeed(req.day, req.minimum, weight, slots))
    limits = []
    for demand in index.demand.unit_shifts:
        key = (demand.day, demand.shift, demand.unit)
        slots = tuple((staff_id, *key) for staff_id, _ in ctx.by_unit_shift.get(key, []))
        weight = demand.excess_points if demand.excess_points is not None else hours(demand.day, demand.shift)
        limits.append(_CoverNeed(demand.day, demand.total_heads_needed, weight, slots))
    return needs, limits


def _short_days(needs: list[_CoverNeed], values: dict[SlotKey, int]) -> dict[int, float]:
    """Day -> weighted heads short of cover in the rota `values`."""
    return _by_day((need, need.heads - sum(values[k] for k in need.slots)) for need in needs)


def _over_days(limits: list[_CoverNeed], values: dict[SlotKey, int]) -> dict[int, float]:
    """Day -> weighted heads over the unit-shifts' totals in the rota `values`."""
    return _by_day((limit, sum(values[k] for k in limit.slots) - limit.heads) for limit in limits)


def _by_day(misses: Iterable[tuple[_CoverNeed, int]]) -> dict[int, float]:
    days: dict[int, float] = {}
    for need, heads in misses:
        if heads > 0 and need.weight > 0:
            days[need.day] = days.get(need.day, 0.0) + heads * need.weight
    return days


def _span_around(day: int, width: int, days: int) -> range:
    first = min(max(0, day - width // 2), max(0, days - width))
    return range(first, min(days, first + width))


def _colleague_groups(index: ProblemIndex) -> list[list[str]]:
    groups: dict[tuple[str, bool, bool], list[str]] = {}
    for member in index.staff.values():
        groups.setdefault((member.role, member.day_worker, member.night_worker), []).append(member.id)
    useful = [g for g in groups.values() if len(g) >= 2]
    return useful or [list(index.staff)]
