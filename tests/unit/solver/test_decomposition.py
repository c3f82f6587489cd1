"""Column generation over one-person rotas (solver/decomposition.py): its bound is a true lower bound
at any cover prices and equals the master's value once converged, the model it guides keeps what the
master settles, and the solver takes its bound without mistaking it for the relaxation's."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from rota.benchmarks import curtois
from rota.solver import decomposition as decomposition_module
from rota.solver import service
from rota.solver.builder import build_model, hint_slots
from rota.solver.decomposition import (
    COLUMNS_PER_PRICING,
    PRICE_SCALE,
    ROUNDS_TO_CONVERGE,
    BackgroundDecomposition,
    Decomposition,
    _out_of_time,
    proven_bound,
    rounds_to_converge,
)
from rota.solver.index import ProblemIndex
from rota.solver.lns import Incumbent
from rota.solver.registry import RULES
from rota.solver.service import SolveOptions, _Board, solve
from tests.benchmarks.test_curtois import INSTANCES, TINY, needs_instances

INSTANCE1_OPTIMUM = 607
INSTANCE4_OPTIMUM = 1716


def _decomposition(name: str, threads: int = 1) -> Decomposition:
    scenario = curtois.to_scenario(curtois.read_instance(INSTANCES / name))
    return Decomposition(ProblemIndex(scenario), RULES, threads)


@pytest.fixture(scope="module")
def instance1() -> Decomposition:
    return _decomposition("Instance1.txt")


@needs_instances
def test_converged_bound_is_the_master_value_below_the_optimum():
    """Instance 1's one-person relaxation is worth 558 (measured), short of the optimum 607 that
    CP-SAT proves by search: the bound must be exactly the master's value, rounded up."""
    decomposition = _decomposition("Instance1.txt")
    assert decomposition.run(time.perf_counter() + 60)
    assert decomposition.converged
    assert decomposition.bound == pytest.approx(decomposition.objective.Value()) == 558
    assert decomposition.bound <= INSTANCE1_OPTIMUM


@needs_instances
def test_pricing_on_two_threads_generates_what_one_does():
    """People priced at once on a pool must come back in order, each with their own rotas: a mix-up
    would give another column set and master value, or a wrong bound."""
    alone, pooled = _decomposition("Instance1.txt"), _decomposition("Instance1.txt", threads=2)
    assert alone.run(time.perf_counter() + 60) and pooled.run(time.perf_counter() + 60)
    assert pooled.bound == alone.bound == 558

    def columns(decomposition: Decomposition) -> list[tuple[str, frozenset, int]]:
        return [(c.staff_id, c.slots, c.cost) for c in decomposition.columns]

    assert columns(pooled) == columns(alone)


@needs_instances
@settings(max_examples=25, deadline=None)
@given(shares=st.lists(st.floats(0.0, 1.0), min_size=28, max_size=28))
def test_the_bound_holds_at_any_cover_prices(instance1, shares):
    """The Lagrangian bound is valid for every price within [0, points a head] of each row, not only
    the master's: a sign or a scale wrong anywhere lets some prices overshoot the optimum."""
    assert len(instance1.rows) == 28
    prices = [round(share * weight * PRICE_SCALE) for share, weight in zip(shares, instance1.weights, strict=True)]
    deadline = time.perf_counter() + 30
    priced = [instance1._price(person, prices, deadline) for person in instance1.people]
    assert all(value is not None and bound is not None for value, bound, _ in priced)
    assert instance1._lagrangian(prices, [bound for _, bound, _ in priced]) <= INSTANCE1_OPTIMUM  # type: ignore[misc]


@needs_instances
def test_full_prices_bound_the_optimum_tightly(instance1):
    """At every row's full price the bound is already most of the way (a check that the bound is not
    trivially low)."""
    prices = [weight * PRICE_SCALE for weight in instance1.weights]
    priced = [instance1._price(person, prices, time.perf_counter() + 30) for person in instance1.people]
    bound = instance1._lagrangian(prices, [result[1] for result in priced])  # type: ignore[index]
    assert 0 < bound <= INSTANCE1_OPTIMUM


@needs_instances
def test_pricing_offers_its_best_rota_first_and_the_others_dearer(instance1):
    """The rotas one pricing search offers the master: the first is the cheapest at the prices (its
    own cost plus its slots' prices is the search's value), the others cost more, and none repeats."""
    prices = [weight * PRICE_SCALE // 2 for weight in instance1.weights]
    offered = 0
    for person in instance1.people:
        value, bound, rotas = instance1._price(person, prices, time.perf_counter() + 30)
        assert 1 <= len(rotas) <= COLUMNS_PER_PRICING
        at_prices = [round(instance1._reduced_cost(person, slots, cost, prices) * PRICE_SCALE) for slots, cost in rotas]
        assert at_prices[0] == value >= bound
        assert all(later > value for later in at_prices[1:])
        assert len({frozenset(slots) for slots, _ in rotas}) == len(rotas)
        offered += len(rotas)
    assert offered > len(instance1.people)  # some searches passed other rotas on the way


@needs_instances
def test_a_person_priced_without_a_rota_skips_a_round_and_the_generation_goes_on(monkeypatch):
    """One person's search finding no rota in its time (instance 20's long contracts) must not end the
    generation: that person offers nothing that round, the round proves no bound, and the generation
    still converges to the master's value."""
    decomposition = _decomposition("Instance1.txt")
    someone = decomposition.people[3]
    price = Decomposition._price
    calls: list[int] = []

    def failing_once(self, person, prices, deadline):
        if person is someone:
            calls.append(1)
            if len(calls) == 3:
                return None, None, []
        return price(self, person, prices, deadline)

    bounds: list[float] = []
    monkeypatch.setattr(Decomposition, "_price", failing_once)
    assert decomposition.run(time.perf_counter() + 60, on_bound=bounds.append)
    assert len(calls) > 3
    assert decomposition.bound == 558
    assert bounds == sorted(bounds) and bounds[-1] == 558


@needs_instances
def test_a_generation_whose_rounds_would_not_fit_its_time_stops_early(monkeypatch):
    """Judged from its first round on: the rounds it is taken to need, each as slow as its last, would
    run past the deadline, so it stops and leaves the cores to the search."""
    monkeypatch.setattr(decomposition_module, "ROUNDS_TO_CONVERGE", 10**6)
    decomposition = _decomposition("Instance1.txt")
    rounds: list[int] = []
    price_everyone = Decomposition._price_everyone

    def counted(self, *args):
        rounds.append(1)
        return price_everyone(self, *args)

    monkeypatch.setattr(Decomposition, "_price_everyone", counted)
    assert not decomposition.run(time.perf_counter() + 60)
    assert not decomposition.converged
    assert len(rounds) == 1


def test_a_long_horizon_is_taken_to_need_more_rounds():
    """Instance 20 (182 days) with 217 s left and a first round of 3.6 s (measured 2026-12-01): taken
    to need 91 rounds, it stops; a four-week instance with rounds as slow goes on."""
    deadline = time.perf_counter() + 217
    assert rounds_to_converge(28) == ROUNDS_TO_CONVERGE
    assert rounds_to_converge(84) == 42
    assert _out_of_time(1, rounds_to_converge(182), 3.6, deadline)
    assert not _out_of_time(1, rounds_to_converge(28), 3.6, deadline)


@needs_instances
@pytest.mark.parametrize(("gap", "fall", "stops"), [
    (0.50, 0.20, True),   # far from its bound and its master still falling fast: most rounds ahead
    (0.50, 0.01, False),  # the master has settled; the bound follows within some rounds
    (0.95, 0.01, True),   # falling slowly, but with no bound behind it yet (a long horizon's slow rounds)
    (0.05, 0.20, False),  # near its bound
])
def test_checkpoint_stops_a_generation_far_from_its_end(instance1, gap, fall, stops):
    background = BackgroundDecomposition(instance1.index, RULES, deadline=time.perf_counter() + 60,
                                         checkpoint=time.perf_counter() - 1, max_gap=0.10, max_fall=0.05,
                                         settled_gap=0.75)
    background.decomposition = Decomposition(instance1.index, RULES)
    background.decomposition.master_value, background.decomposition.best = 1000.0, 1000.0 * (1 - gap)
    background.decomposition.fall = fall
    assert background._should_stop() is stops
    background.checkpoint = time.perf_counter() + 60
    assert background._should_stop() is False  # before the checkpoint it always goes on


@needs_instances
def test_guided_model_keeps_what_the_master_settles():
    """Instance 4's master settles every slot (its solution is a whole rota), so the guided model is
    that rota, priced by the whole model at no less than the bound."""
    scenario = curtois.to_scenario(curtois.read_instance(INSTANCES / "Instance4.txt"))
    index = ProblemIndex(scenario)
    decomposition = Decomposition(index, RULES)
    assert decomposition.run(time.perf_counter() + 60)
    assert decomposition.bound <= INSTANCE4_OPTIMUM
    whole = build_model(index)
    settled = decomposition.whole_slots(whole.ctx.x)
    assert len(settled) > len(whole.ctx.x) // 2
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 2
    solver.parameters.max_time_in_seconds = 20
    assert solver.solve(decomposition.guided_model(whole)) in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    assert solver.objective_value >= decomposition.bound
    assert all(solver.boolean_value(whole.ctx.x[key]) == value for key, value in settled.items())


@needs_instances
def test_a_rota_hinted_replaces_every_hint_before_it():
    """The guided model starts from the best rota so far (`hint_slots`): each slot hinted once, at
    the rota's value, with nothing left of the whole model's own start."""
    scenario = curtois.to_scenario(curtois.read_instance(INSTANCES / "Instance4.txt"))
    whole = build_model(ProblemIndex(scenario))
    model = whole.model.clone()
    keys = list(whole.ctx.x)
    rota = {key: int(i % 3 == 0) for i, key in enumerate(keys)}
    hint_slots(whole, model, dict.fromkeys(keys, 1))  # a start before, such as the first rota's
    hint_slots(whole, model, rota)
    hint = model.proto.solution_hint
    assert sorted(zip(hint.vars, hint.values, strict=True)) == sorted((whole.ctx.x[key].index, value)
                                                                      for key, value in rota.items())


def test_a_bound_from_elsewhere_is_not_taken_for_the_relaxation():
    """The stage rules ask whether the whole model's relaxation has proved anything; a stronger bound
    from the decomposition must raise the board's bound without answering that question."""
    board = _Board(time.perf_counter(), None)
    board.raise_bound(100.0, relaxation=False)
    assert board.bound == 100.0
    assert not board.bound_has_risen()
    board.raise_bound(40.0)  # CP-SAT's presolve bound
    board.raise_bound(60.0)  # its relaxation's
    assert board.bound_has_risen()
    assert board.bound == 100.0


def test_the_board_is_within_a_gap_only_once_a_rota_meets_it():
    """Every search ends when the board's best rota is within the requested gap of its bound, which
    may come from the decomposition; with no rota yet, no gap is met."""
    board = _Board(time.perf_counter(), None)
    board.raise_bound(990.0, relaxation=False)
    assert not board.within(0.5)
    board.offer(Incumbent({}, 1000.0))
    assert board.within(0.01)
    assert not board.within(0.005)


def test_solve_takes_the_bound_of_a_running_decomposition():
    scenario = curtois.to_scenario(curtois.parse_instance(TINY, "tiny.txt"))
    index = ProblemIndex(scenario)
    decomposition = BackgroundDecomposition(index, RULES, time.perf_counter() + 10).start()
    result = solve(scenario, SolveOptions(time_limit=10, workers=2, neighbourhood_search=False),
                   decomposition=decomposition)
    assert (result.status, result.objective) == ("OPTIMAL", 5)
    assert decomposition.done.is_set()
    assert decomposition.bound <= 5


@needs_instances
def test_a_converged_decomposition_guides_the_whole_model_from_the_start(monkeypatch):
    """Converged before the solve begins (as the benchmark arranges it), the decomposition's guided
    model is solved first, and the whole model starts from its rota rather than from its own first
    one (which it would never leave for a rota found beside it)."""
    scenario = curtois.to_scenario(curtois.read_instance(INSTANCES / "Instance1.txt"))
    decomposition = BackgroundDecomposition(ProblemIndex(scenario), RULES, time.perf_counter() + 20).start()
    decomposition.done.wait()
    assert decomposition.converged() is not None
    priced_starts: list[float | None] = []
    hint_everything = service._hint_everything

    def watched(*args):
        priced_starts.append(hint_everything(*args))
        return priced_starts[-1]

    monkeypatch.setattr(service, "_hint_everything", watched)
    result = solve(scenario, SolveOptions(time_limit=20, workers=2, neighbourhood_search=False),
                   decomposition=decomposition)
    first, guided = priced_starts
    assert first is not None and guided is not None
    assert guided < first
    assert guided in [point.objective for point in result.improvements]
    assert (result.status, result.objective) == ("OPTIMAL", INSTANCE1_OPTIMUM)


def _cheapest_is_negative() -> cp_model.CpModel:
    """A model like a pricing search at cover prices: every slot earns, so the cheapest rota is below 0
    (-2,995 here: every other one of 2,000 slots)."""
    model = cp_model.CpModel()
    slots = [model.new_bool_var(f"slot{i}") for i in range(2_000)]
    for first, second in zip(slots, slots[1:], strict=False):
        model.add_bool_or([first.Not(), second.Not()])
    model.minimize(5 - 3 * sum(slots))
    return model


def test_a_pricing_search_stopped_before_it_found_a_rota_proves_no_bound():
    """CP-SAT reports a bound of 0 for a search stopped before it began; taken as proven, it put the
    generation's bound above the optimum. Only a search that found a rota gives its bound."""
    model = _cheapest_is_negative()
    stopped = cp_model.CpSolver()
    stopped.parameters.max_time_in_seconds = 1e-9
    status = stopped.solve(model)
    assert status == cp_model.UNKNOWN and stopped.best_objective_bound == 0  # the default, not a proof
    assert proven_bound(status, stopped) is None
    solved = cp_model.CpSolver()
    status = solved.solve(model)
    assert status == cp_model.OPTIMAL
    assert proven_bound(status, solved) == -2_995


@needs_instances
def test_a_bound_above_the_masters_value_is_not_taken(monkeypatch, caplog):
    """No valid bound passes the master's value (a linear program's optimum above every Lagrangian
    bound), so one that does is wrong and must not prove anything: here every round's bound is put
    just above the master's value once it has one, and the generation's bound stays the first
    round's, below the optimum."""
    decomposition = _decomposition("Instance1.txt")
    lagrangian = Decomposition._lagrangian

    def overstated(self, prices, person_bounds):
        true = lagrangian(self, prices, person_bounds)
        return self.master_value + 1 if self.master_value < float("inf") else true

    monkeypatch.setattr(Decomposition, "_lagrangian", overstated)
    decomposition.run(time.perf_counter() + 10)
    assert decomposition.bound <= INSTANCE1_OPTIMUM
    assert "not taken" in caplog.text
