"""Column generation over one-person rotas: a lower bound the whole model's relaxation cannot give,
and the rota it points to.

Where cover is the only rule linking people, the rota problem splits into one problem per person
(their own rules and requests) joined by the cover rows (rules/coverage.py). Dantzig-Wolfe: a
linear master program picks a mix of whole rotas per person (columns) against the cover rows; each
person's best new rota under the master's cover prices (duals) is a one-person CP-SAT solve. The
master's relaxation keeps every one-person rule exact, so it is far tighter than the whole model's
linear relaxation: on Curtois instance 10 it is 4,631, the optimum, where CP-SAT's root bound is
4,621-4,625; on 11 it is 3,443 (optimum, CP-SAT 3,437); on 8 1,296.6 (optimum 1,300, CP-SAT 1,288).
It is no help on 7 (1,054.1, CP-SAT 1,054) or 9 (405.7, CP-SAT 406): there the gap to the optimum
is integrality, which only search closes (docs/benchmarks.md).

Each pricing search offers the master its best rota and up to two it passed on the way: more
columns a round, fewer rounds (alone on a core, instance 10 converged in 21-27 s instead of 28-32 s,
11 in 16 s instead of 26 s, 8 in 33 s instead of 44 s).

People are priced on a pool of threads (`threads`): CP-SAT releases the GIL while it solves, and a
one-person search (20-30 ms on Curtois, nearly all of it CP-SAT's own work: no parameter changed
that by more than 10%) is the whole cost of a round. On two threads, alone on a slow machine,
11 converged in 10.4-12.9 s instead of 22.8 s, 12 in 31-44 s, 8 in 24.8 s.

The bound is the Lagrangian one, valid at every iteration whatever the master's state: for cover
prices within [0, points a head], the cost of any rota is at least
    sum of price x heads over shortfall rows - sum of price x heads over excess rows
    + sum over people of their cheapest rota at those prices,
and each person's term is CP-SAT's proven bound on their one-person problem. Prices are rounded to
1/PRICE_SCALE of a point and every term is an integer in those units, so the arithmetic is exact.

The master's solution is fractional, so it is not a rota; but where it is whole (a slot every
chosen rota of that person works, or none does) it is a strong guide. The whole model with those
slots fixed is small, and CP-SAT finds in seconds rotas the whole model takes minutes to reach
(instance 11: the optimum 3,443 in 3.3 s; 10: 4,631).

Valid only when the objective is each person's own terms plus cover rows, with no other rule
linking people (agency limits, staff safety, new starters do): the Curtois benchmark's scenarios,
whose importer passes one to `solve(..., decomposition=)`; care-home solves are given none.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from rota.domain.staff import StaffMember
from rota.solver.builder import BuiltModel, build_model, fix_slots
from rota.solver.context import SlotKey
from rota.solver.index import ProblemIndex
from rota.solver.rule import Rule
from rota.solver.rules.coverage import Coverage, CoverRow, cover_rows

log = logging.getLogger(__name__)

DECOMPOSITION = "decomposition"
"""Who found a rota, for the board's gains."""

PRICE_SCALE = 1_000
"""Cover prices are rounded to 1/PRICE_SCALE of a point, so one-person objectives stay integral."""

PRICING_SECONDS = 2.0
"""Most time for one person's best rota at the current prices (they take 5-30 ms on Curtois)."""

PRICING_PARAMETERS: tuple[tuple[str, object], ...] = (("linearization_level", 2),)
"""For one person's solve, as for the first rota's (solver/construct.py: proves optimal sooner)."""

REDUCED_COST_TOLERANCE = 1e-6

BOUND_TOLERANCE = 1e-6
"""A round's bound may not pass the master's value (a linear program's optimum above every bound)
by more than this share of it, the master's rounding: above that it is a wrong bound (one came from a
pricing search stopped before it began, `proven_bound`), and taking it would prove a rota optimal
that is not."""

COLUMNS_PER_PRICING = 3
"""Rotas one pricing search may offer the master: its best and those it found on the way."""

SMOOTHING = 0.5
"""Weight of the best bound's prices in the prices each person is priced at (`Decomposition.run`)."""

ROUNDS_TO_CONVERGE = 20
ROUNDS_PER_DAY = 0.5
"""Pricing rounds a generation is taken to need at the least: ROUNDS_TO_CONVERGE, or ROUNDS_PER_DAY
a day of the horizon if more (`rounds_to_converge`). On Curtois, alone on two threads (2026-12-01),
the four-week instances took 15-30 rounds (11 15, 10 19, 9 23, 8 27, 7 and 12 30) and 18 (84 days)
44: a longer rota has more ways to be priced. One whose last round, repeated for the rounds it has
left, would run past its deadline stops: it would not converge, and holds the cores meanwhile.
A round is timed by the pricing threads' own CPU time, so that a first roster built beside the
generation does not make it look slower than it is (instance 12's second round took 1.8 s of wall
time beside it, 0.56 s alone, and 25 rounds of 1.8 s stopped a generation that converges at 36 s).

Instance 20 (182 days, 300 s): its rounds take 5-15 s on two threads. Taken to need 20 rounds, it
passed this test until the checkpoint and held both cores for 20-45 s, for a bound of 76 against
the best known 4,769; taken to need 91, it stops after its first round (docs/benchmarks.md)."""


def rounds_to_converge(days: int) -> int:
    return max(ROUNDS_TO_CONVERGE, round(days * ROUNDS_PER_DAY))


@dataclass
class _Person:
    member: StaffMember
    built: BuiltModel
    own: dict[int, int]
    """The person's own objective (requests and the rest), by variable index."""
    offset: int
    rows: dict[SlotKey, list[int]]
    """For each of the person's slots, the cover rows it counts towards."""


_Priced = tuple[int | None, int | None, list[tuple[list[SlotKey], int]]]
"""One person's pricing: the best rota's value, the proven bound, and the rotas offered (`_price`);
all None or empty when the search found no rota in its time (see `proven_bound`)."""


@dataclass
class _Column:
    staff_id: str
    slots: frozenset[SlotKey]
    cost: int
    variable: pywraplp.Variable


@dataclass
class Decomposition:
    """The master program and one pricing model per person, for one scenario."""

    index: ProblemIndex
    rules: Sequence[Rule]
    threads: int = 1
    """People priced at once: CP-SAT releases the GIL while it solves, so two threads price a round
    in about half the time (instance 11: 14 ms a person against 30 ms)."""
    rows: list[CoverRow] = field(init=False)
    weights: list[int] = field(init=False)
    people: list[_Person] = field(init=False)
    converged: bool = False
    master_value: float = float("inf")
    fall: float = float("inf")
    """How much the master's value fell in its last round, as a share of its value before it."""
    best: float = float("-inf")
    """The best bound so far before rounding up."""

    @property
    def bound(self) -> float:
        """The best proven lower bound so far (rounded up: every objective of the model is integral)."""
        return _whole(self.best) if self.best > float("-inf") else self.best

    def __post_init__(self) -> None:
        index = self.index
        self.rows = cover_rows(index)
        self.weights = [row.coefficient(index) for row in self.rows]
        own_rules = [rule for rule in self.rules if rule.id != Coverage.id]
        priced_rows: dict[tuple[int, str], list[int]] = {}
        for i, row in enumerate(self.rows):
            if self.weights[i]:
                priced_rows.setdefault((row.day, row.shift), []).append(i)
        self.people = [self._person(index, member, own_rules, priced_rows) for member in index.staff.values()]
        self._master()

    def _person(
        self, index: ProblemIndex, member: StaffMember, rules: Sequence[Rule],
        priced_rows: dict[tuple[int, str], list[int]],
    ) -> _Person:
        """`priced_rows`: the rows with a price, by day and shift (a slot can only count towards
        those; scanning every row per slot took 11.6 s on instance 20)."""
        alone = ProblemIndex(index.scenario.model_copy(update={"staff": (member,)}), index.demand)
        built = build_model(alone, rules, automata=False)
        objective = built.model.proto.objective
        rows = {key: [i for i in priced_rows.get((key[1], key[2]), []) if self.rows[i].covers(*key)]
                for key in built.ctx.x}
        own: dict[int, int] = {}
        for var, coefficient in zip(objective.vars, objective.coeffs, strict=True):
            own[var] = own.get(var, 0) + coefficient
        return _Person(member, built, own, round(objective.offset), rows)

    def _master(self) -> None:
        self.lp = pywraplp.Solver.CreateSolver("GLOP")
        infinity = self.lp.infinity()
        self.objective = self.lp.Objective()
        self.row_constraints: list[pywraplp.Constraint | None] = []
        for i, row in enumerate(self.rows):
            if not self.weights[i]:  # costs nothing: no row, so that it constrains nothing
                self.row_constraints.append(None)
                continue
            slack = self.lp.NumVar(0, infinity, f"slack{i}")
            self.objective.SetCoefficient(slack, self.weights[i])
            if row.short:  # heads + short >= minimum
                constraint = self.lp.Constraint(row.heads, infinity)
            else:  # extra - heads >= -allowed
                constraint = self.lp.Constraint(-row.heads, infinity)
            constraint.SetCoefficient(slack, 1)
            self.row_constraints.append(constraint)
        self.choose_one = {p.member.id: self.lp.Constraint(1, 1) for p in self.people}
        self.objective.SetMinimization()
        self.columns: list[_Column] = []

    def run(self, deadline: float, should_stop: Callable[[], bool] = lambda: False,
            on_bound: Callable[[float], None] = lambda bound: None) -> bool:
        """Generate columns until the master's value and the bound meet (in whole points), the deadline
        or `should_stop`. True when converged. `on_bound` hears every better bound.

        People are priced at a mix of the master's prices and those of the best bound so far
        (Wentges smoothing, SMOOTHING): the master's own prices swing from one iteration to the
        next, and column generation crawls to its end (Curtois instance 8: over 100 iterations with
        the bound within 0.1 of the master's value). A rota found at the mixed prices joins the
        master only if it is worth it at the master's; when none is, the next round prices at the
        master's own, and when none is there either, the master is optimal."""
        with ThreadPoolExecutor(self.threads, thread_name_prefix="pricing") as pool:
            return self._generate(pool, deadline, should_stop, on_bound)

    def _generate(self, pool: ThreadPoolExecutor, deadline: float, should_stop: Callable[[], bool],
                  on_bound: Callable[[float], None]) -> bool:
        master = [0] * len(self.rows)
        centre = master
        choose_one: dict[str, float] | None = None
        smoothing = SMOOTHING
        rounds, needed = 0, rounds_to_converge(len(self.index.dates))
        while time.perf_counter() < deadline and not should_stop():
            prices = master if choose_one is None or not smoothing else \
                [round(smoothing * c + (1 - smoothing) * m) for c, m in zip(centre, master, strict=True)]
            priced_round = self._price_everyone(pool, prices, deadline, should_stop)
            if priced_round is None:
                return False
            priced, round_seconds = priced_round
            rounds += 1
            bounds = [p[1] for p in priced]
            bound = self._lagrangian(prices, bounds) if None not in bounds else float("-inf")  # type: ignore[arg-type]
            if bound > self.master_value + BOUND_TOLERANCE * max(1.0, abs(self.master_value)):
                log.warning("bound %.3f above the master's value %.3f: not taken", bound, self.master_value)
                bound = float("-inf")
            if bound > self.best:
                risen = _whole(bound) > self.bound
                self.best, centre = bound, prices
                if risen:
                    on_bound(self.bound)
            added = 0
            for person, result in zip(self.people, priced, strict=True):
                for slots, cost in result[2]:
                    if choose_one is None or self._reduced_cost(person, slots, cost, master) \
                            - choose_one[person.member.id] < -REDUCED_COST_TOLERANCE:
                        self._add_column(person, slots, cost)
                        added += 1
            if not added:
                if prices is master:  # optimal, unless someone's search found no rota in its time
                    self.converged = all(p[0] is not None for p in priced)
                    return self.converged
                smoothing = 0.0  # a mispriced round: the next one at the master's own prices
                continue
            smoothing = SMOOTHING
            solved = self._solve_master()
            if solved is None:
                return False
            master, choose_one = solved
            log.debug("master %.3f, bound %.3f, %d rotas", self.master_value, self.best, len(self.columns))
            if self.bound >= _whole(self.master_value):
                self.converged = True
                return True
            if _out_of_time(rounds, needed, round_seconds, deadline):
                log.info("column generation stops: %d rounds of %.1f s would not end in time", needed, round_seconds)
                return False
        return False

    def _price_everyone(
        self, pool: ThreadPoolExecutor, prices: list[int], deadline: float, should_stop: Callable[[], bool],
    ) -> tuple[list[_Priced], float] | None:
        """Every person priced at `prices` (`_price`), in order, and how long the round would take
        with the cores to itself (its CPU time a thread); None if a stop came (it is heard between
        people: a round may take seconds). A person whose search found no rota in its time offers
        none this round, and the round gives no bound (`proven_bound`): a long horizon's tight
        contracts can take one person's search past PRICING_SECONDS, which used to end the whole
        generation."""
        def price(person: _Person) -> tuple[_Priced, float] | None:
            if should_stop():
                return None
            started = time.thread_time()  # CP-SAT solves one worker's search on the calling thread
            return self._price(person, prices, deadline), time.thread_time() - started

        priced = list(pool.map(price, self.people))
        if any(p is None for p in priced):
            return None
        round_seconds = sum(seconds for _, seconds in priced) / self.threads  # type: ignore[misc]
        return [result for result, _ in priced], round_seconds  # type: ignore[misc]

    def _solve_master(self) -> tuple[list[int], dict[str, float]] | None:
        """The master's cover prices and each person's choose-one price; None if it did not solve."""
        if self.lp.Solve() != pywraplp.Solver.OPTIMAL:
            return None
        value = self.objective.Value()
        if self.master_value < float("inf"):
            self.fall = (self.master_value - value) / max(1.0, abs(self.master_value))
        self.master_value = value
        return self._prices(), {staff_id: c.dual_value() for staff_id, c in self.choose_one.items()}

    def gap(self) -> float:
        """How far the master's value still is above the bound, as a share of it."""
        if self.master_value == float("inf") or self.best == float("-inf"):
            return float("inf")
        return (self.master_value - self.best) / max(1.0, abs(self.master_value))

    def _reduced_cost(self, person: _Person, slots: list[SlotKey], cost: int, prices: list[int]) -> float:
        """What the rota adds to the master at `prices`, before the person's own choose-one price."""
        priced = sum(self._slot_price(person, key, prices) for key in slots)
        return (cost * PRICE_SCALE + priced) / PRICE_SCALE

    def _slot_price(self, person: _Person, key: SlotKey, prices: list[int]) -> int:
        """Working the slot earns the price of each shortfall row it fills and pays that of each
        excess row."""
        return sum(-prices[i] if self.rows[i].short else prices[i] for i in person.rows[key])

    def _price(self, person: _Person, prices: list[int], deadline: float) -> _Priced:
        """The person's cheapest rota at `prices`: its value and proven bound (in 1/PRICE_SCALE points),
        then the best rota and up to COLUMNS_PER_PRICING - 1 rotas the search passed on its way, each
        as its slots and what it costs the person's own terms (in points). With no rota found in
        time, no value and no rotas (see `_Priced`)."""
        coefficients = {var: coefficient * PRICE_SCALE for var, coefficient in person.own.items()}
        for key, var in person.built.ctx.x.items():
            price = self._slot_price(person, key, prices)
            if price:
                coefficients[var.index] = coefficients.get(var.index, 0) + price
        objective = person.built.model.proto.objective
        objective.vars.clear()
        objective.coeffs.clear()
        objective.vars.extend(coefficients.keys())
        objective.coeffs.extend(coefficients.values())
        objective.offset = person.offset * PRICE_SCALE
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        for name, value in PRICING_PARAMETERS:
            setattr(solver.parameters, name, value)
        solver.parameters.max_time_in_seconds = max(0.05, min(PRICING_SECONDS, deadline - time.perf_counter()))
        rotas = _Rotas(person)
        status = solver.solve(person.built.model, rotas)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            log.info("pricing %s found no rota in %.1f s", person.member.id, solver.wall_time)
            return None, None, []
        found = rotas.found[::-1][:COLUMNS_PER_PRICING]
        return round(solver.objective_value), proven_bound(status, solver), found

    def _lagrangian(self, prices: list[int], person_bounds: list[int]) -> float:
        rows = sum(price * row.heads * (1 if row.short else -1) for price, row in zip(prices, self.rows, strict=True))
        return (rows + sum(person_bounds)) / PRICE_SCALE

    def _add_column(self, person: _Person, slots: list[SlotKey], cost: int) -> None:
        variable = self.lp.NumVar(0, self.lp.infinity(), f"rota{len(self.columns)}")
        self.objective.SetCoefficient(variable, cost)
        self.choose_one[person.member.id].SetCoefficient(variable, 1)
        for key in slots:
            for i in person.rows[key]:
                constraint = self.row_constraints[i]
                assert constraint is not None
                constraint.SetCoefficient(variable, 1 if self.rows[i].short else -1)
        self.columns.append(_Column(person.member.id, frozenset(slots), cost, variable))

    def _prices(self) -> list[int]:
        """The master's duals as cover prices, clipped to [0, points a head] (outside it the bound
        would not hold) and rounded to 1/PRICE_SCALE."""
        prices = []
        for constraint, weight in zip(self.row_constraints, self.weights, strict=True):
            dual = constraint.dual_value() if constraint is not None else 0.0
            prices.append(round(min(max(dual, 0.0), weight) * PRICE_SCALE))
        return prices

    def whole_slots(self, keys: Iterable[SlotKey]) -> dict[SlotKey, int]:
        """Slots the master's solution settles: 1 where every rota it picks for the person works the
        slot, 0 where none does. Fractional slots are left out."""
        share: dict[SlotKey, float] = {}
        for column in self.columns:
            value = column.variable.solution_value()
            if value > REDUCED_COST_TOLERANCE:
                for key in column.slots:
                    share[key] = share.get(key, 0.0) + value
        settled = {}
        for key in keys:
            value = share.get(key, 0.0)
            if value < REDUCED_COST_TOLERANCE:
                settled[key] = 0
            elif value > 1 - REDUCED_COST_TOLERANCE:
                settled[key] = 1
        return settled

    def guided_model(self, whole: BuiltModel) -> cp_model.CpModel:
        """The whole model with the slots the master settles fixed, the rest free."""
        settled = self.whole_slots(whole.ctx.x)
        model = whole.model.clone()
        fix_slots(whole, model, settled, free=lambda key: key not in settled)
        return model


class BackgroundDecomposition:
    """Column generation on a thread of its own from before the whole model exists: the first rota
    is built by one Python thread (solver/construct.py) while the second core has nothing to do.
    Whoever solves the whole model listens for its bounds and, once it has converged, solves the
    model it guides (solver/service.py)."""

    def __init__(
        self, index: ProblemIndex, rules: Sequence[Rule], deadline: float,
        checkpoint: float | None = None, max_gap: float = float("inf"), max_fall: float = 0.0,
        settled_gap: float = 0.0, threads: int = 1,
    ) -> None:
        """Column generation stops at `deadline`, or at `checkpoint` if it is not yet near its end
        (it would not converge in time, and takes a core from the search meanwhile). Near means the
        master's value is within `max_gap` of its bound, or has settled: it fell by less than
        `max_fall` of itself in its last round and the bound has begun to follow, within
        `settled_gap` (the bound trails the master by some rounds; a master still falling fast has
        most of its rounds ahead of it, and one falling slowly with no bound behind it, on a long
        horizon whose rounds are slow, as many). `threads`: people priced at once."""
        self.index = index
        self.rules = rules
        self.deadline = deadline
        self.checkpoint = checkpoint
        self.max_gap = max_gap
        self.max_fall = max_fall
        self.settled_gap = settled_gap
        self.threads = threads
        self.decomposition: Decomposition | None = None
        self.done = threading.Event()
        self.bound = float("-inf")
        self._cancelled = threading.Event()
        self._lock = threading.Lock()
        self._listeners: list[Callable[[float], None]] = []
        self._thread = threading.Thread(target=self._run, name="decomposition", daemon=True)

    def start(self) -> BackgroundDecomposition:
        self._thread.start()
        return self

    def cancel(self) -> None:
        self._cancelled.set()
        self._thread.join()

    def listen(self, listener: Callable[[float], None]) -> None:
        """Hear the best bound so far at once, if there is one, and every better one after."""
        with self._lock:
            self._listeners.append(listener)
            bound = self.bound
        if bound > float("-inf"):
            listener(bound)

    def converged(self) -> Decomposition | None:
        """The decomposition, once it has converged; None while it runs or when it stopped short."""
        decomposition = self.decomposition
        return decomposition if self.done.is_set() and decomposition and decomposition.converged else None

    def within(self, gap: float) -> bool:
        """Whether the master's value is within `gap` of the bound (as a share of the master's)."""
        decomposition = self.decomposition
        return decomposition is not None and decomposition.gap() <= gap

    def _run(self) -> None:
        try:
            self.decomposition = Decomposition(self.index, self.rules, self.threads)
            self.decomposition.run(self.deadline, self._should_stop, self._announce)
            log.info("decomposition %s: bound %s, %d rotas",
                     "converged" if self.decomposition.converged else "stopped", self.decomposition.bound,
                     len(self.decomposition.columns))
        finally:
            self.done.set()

    def _should_stop(self) -> bool:
        if self._cancelled.is_set():
            return True
        decomposition = self.decomposition
        if decomposition is None or self.checkpoint is None or time.perf_counter() < self.checkpoint:
            return False
        gap = decomposition.gap()
        settled = decomposition.fall < self.max_fall and gap <= self.settled_gap
        return gap > self.max_gap and not settled

    def _announce(self, bound: float) -> None:
        with self._lock:
            self.bound = bound
            listeners = list(self._listeners)
        for listener in listeners:
            listener(bound)


class _Rotas(cp_model.CpSolverSolutionCallback):
    """Every rota one person's pricing search finds, cheapest (the last) at the end."""

    def __init__(self, person: _Person) -> None:
        super().__init__()
        self.person = person
        self.found: list[tuple[list[SlotKey], int]] = []

    def on_solution_callback(self) -> None:
        person = self.person
        solution = self.response_proto.solution
        slots = [key for key, var in person.built.ctx.x.items() if solution[var.index]]
        cost = person.offset + sum(coefficient * solution[var] for var, coefficient in person.own.items())
        self.found.append((slots, cost))


def proven_bound(status: int, solver: cp_model.CpSolver) -> int | None:
    """A pricing search's proven lower bound, rounded down; None unless the search found a rota. A
    search stopped before it found one reports a bound of 0 (CP-SAT's default, not a proof): at cover
    prices a person's cheapest rota is below 0, so taking it overstated the bound. At the end of its
    time instance 18's generation was given 0.05 s a person and took a bound of 4,830, above the
    optimum (4,459), and the solver called a rota at 4,769 proven optimal (2026-12-02)."""
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE) or not math.isfinite(solver.best_objective_bound):
        return None
    return math.floor(solver.best_objective_bound + 1e-6)


def _out_of_time(rounds: int, needed: int, round_seconds: float, deadline: float) -> bool:
    """Whether the rounds still `needed`, each as long as the last, would run past `deadline`. The first
    round, at no prices, is the quickest, so judging from it never stops a generation too soon."""
    return time.perf_counter() + round_seconds * (needed - rounds) > deadline


def _whole(value: float) -> float:
    """Round a bound up to the next whole point: every objective value of the model is an integer."""
    return float(math.ceil(value - 1e-6))
