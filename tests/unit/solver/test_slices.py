"""The neighbourhood search's cover-gap slices (solver/lns.py) and the late switch that gives the
neighbourhood search every thread (service._next_stage)."""

from __future__ import annotations

import logging
import random
import threading
import time

import pytest

from rota.benchmarks import curtois
from rota.solver import lns, service
from rota.solver.builder import build_model
from rota.solver.construct import construct_by_person
from rota.solver.index import ProblemIndex
from rota.solver.lns import Incumbent, LnsSearch, _short_days, _span_around
from rota.solver.service import _Board, _next_stage
from rota.solver.windows import day_windows
from tests.benchmarks.curtois_evaluator import evaluate
from tests.benchmarks.test_curtois import INSTANCES, needs_instances


@pytest.fixture(scope="module")
def instance4():
    instance = curtois.read_instance(INSTANCES / "Instance4.txt")
    return instance, build_model(ProblemIndex(curtois.to_scenario(instance)))


def _rota(built, worked: set[tuple[str, int, str]]) -> dict:
    return {key: int(key[:3] in worked) for key in built.ctx.x}


@needs_instances
def test_an_empty_rota_is_short_by_every_cover_requirement_at_its_weight(instance4):
    """Worked out from the instance's cover section, not from the solver's model."""
    instance, built = instance4
    expected: dict[int, float] = {}
    for cover in instance.cover:
        if cover.requirement:
            expected[cover.day] = expected.get(cover.day, 0) + cover.requirement * cover.weight_under
    search = LnsSearch(built)
    assert _short_days(search.needs, _rota(built, set())) == pytest.approx(expected)


@needs_instances
def test_a_covered_shift_is_not_short(instance4):
    instance, built = instance4
    search = LnsSearch(built)
    cover = next(c for c in instance.cover if c.requirement)
    people = [e.id for e in instance.staff][: cover.requirement]
    filled = _short_days(search.needs, _rota(built, {(p, cover.day, cover.shift) for p in people}))
    empty = _short_days(search.needs, _rota(built, set()))
    assert filled.get(cover.day, 0) == pytest.approx(empty[cover.day] - cover.requirement * cover.weight_under)


@needs_instances
def test_the_cover_gap_slice_frees_everyone_around_the_only_gap(instance4):
    """With day 10 the only day short of cover: every slot of every person in the span around day
    10 is free, and nothing outside the two spans."""
    _, built = instance4
    search = LnsSearch(built)
    search.needs = [need for need in search.needs if need.day == 10]
    values = _rota(built, set())
    assert set(_short_days(search.needs, values)) == {10}
    for seed in range(5):
        free = search._cover_gap(random.Random(seed), 5 / 28, Incumbent(values, 0.0))
        days = {key[1] for key in free}
        assert set(range(8, 13)) <= days
        assert len(days) <= 10
        assert {key for key in built.ctx.x if key[1] in days} == free


@pytest.mark.parametrize(("day", "width", "days", "expected"),
                         [(10, 5, 28, (8, 13)), (0, 5, 28, (0, 5)), (27, 5, 28, (23, 28)), (3, 9, 7, (0, 7))])
def test_a_span_stays_inside_the_horizon(day, width, days, expected):
    span = _span_around(day, width, days)
    assert (span.start, span.stop) == expected


@needs_instances
def test_the_weekly_slice_frees_everyone_on_the_same_days_of_every_week_including_the_gaps(instance4):
    """Day 12 (a Saturday) the only gap; two days of the week, one of them Saturday, in all four weeks."""
    _, built = instance4
    search = LnsSearch(built)
    search.needs = [need for need in search.needs if need.day == 12]
    values = _rota(built, set())
    for seed in range(5):
        free = search._weekly(random.Random(seed), 2 / 7, Incumbent(values, 0.0))
        weekdays = {key[1] % 7 for key in free}
        assert len(weekdays) == 2 and 12 % 7 in weekdays
        assert free == {key for key in built.ctx.x if key[1] % 7 in weekdays}


@needs_instances
def test_a_weekly_slice_on_a_long_horizon_stays_within_four_weeks_of_its_gap():
    instance = curtois.read_instance(INSTANCES / "Instance18.txt")
    built = build_model(ProblemIndex(curtois.to_scenario(instance)), automata=False)
    search = LnsSearch(built)
    search.needs = [need for need in search.needs if need.day == 40]
    free = search._weekly(random.Random(0), 3 / 7, Incumbent(_rota(built, set()), 0.0))
    days = {key[1] for key in free}
    assert days <= set(range(26, 54)) and 40 in days
    assert len({day % 7 for day in days}) == 3


@needs_instances
def test_weekly_slices_share_the_gaps_only_once_the_cover_gap_slices_stall(instance4, monkeypatch):
    _, built = instance4
    monkeypatch.setattr(lns, "COVER_GAP_SHARE", 1.0)
    search = LnsSearch(built)
    empty = Incumbent(_rota(built, set()), 0.0)
    search.cover_gap.misses = lns.COVER_GAP_STALL - 1
    assert {search._choose(empty).name for _ in range(50)} == {"cover gap"}
    search.cover_gap.misses = lns.COVER_GAP_STALL
    assert {search._choose(empty).name for _ in range(50)} == {"cover gap", "weekly"}


@needs_instances
def test_a_win_starts_the_stall_count_again_and_a_miss_adds_to_it(instance4, monkeypatch):
    """`misses` counts the tries since a neighbourhood's last win (the weekly slices wait on it)."""
    _, built = instance4
    first = construct_by_person(built.ctx.index.scenario, time.perf_counter() + 10)
    values = service._start_values(built, first)
    _, priced = service._evaluate(built, values, 10.0)
    board = _Board(time.perf_counter(), None)
    board.offer(Incumbent(values, priced.objective_value))
    monkeypatch.setattr(lns, "SUB_SOLVE_SECONDS", 10.0)
    search = LnsSearch(built)
    search.cover_gap.size = 1.0  # both spans the whole horizon: the first roster is far from optimal
    monkeypatch.setattr(search, "_choose", lambda _: search.cover_gap)
    search.cover_gap.misses = lns.COVER_GAP_STALL
    search.improve(board, time.perf_counter() + 60, lambda: search.cover_gap.tries >= 1)
    assert board.current().objective < priced.objective_value
    assert (search.cover_gap.wins, search.cover_gap.misses) == (1, 0)
    monkeypatch.setattr(search, "_solve_slice", lambda *_: (lns.cp_model.INFEASIBLE, None))
    search.improve(board, time.perf_counter() + 60, lambda: search.cover_gap.tries >= 3)
    assert (search.cover_gap.wins, search.cover_gap.misses) == (1, 2)


def _running_worker() -> tuple[threading.Thread, threading.Event]:
    done = threading.Event()
    worker = threading.Thread(target=done.wait, daemon=True)
    worker.start()
    return worker, done


def _board(objective: float, bounds: list[float]) -> _Board:
    board = _Board(0.0, None)
    for bound in bounds:
        board.raise_bound(bound)
    board.offer(Incumbent({}, objective))
    return board


@pytest.mark.parametrize(("objective", "bounds", "expected"), [
    (1_425.0, [0.0, 1_288.0], "slices"),  # instance 8 at 35 s: far from a bound the relaxation gave
    (1_058.0, [0.0, 1_054.0], None),      # instance 7: within 1%, the whole model may still prove it
    (4_900.0, [74.0], None),              # no relaxation bound: only windows could help (none here)
])
def test_the_late_switch_to_slices_needs_a_relaxation_bound_and_a_wide_gap(objective, bounds, expected):
    worker, done = _running_worker()
    try:
        assert _next_stage(worker, _board(objective, bounds), [], 0.0, 0.0, 1e12, 28, 2_158) == expected
    finally:
        done.set()


@pytest.mark.parametrize(("days", "slots", "expected"), [
    (28, 2_158, "slices"),    # instance 8 with its relaxation late: no smaller than a window
    (28, 10_452, "windows"),  # instance 12: windows make its relaxation solvable
    (84, 4_104, "windows"),   # instance 18: over four weeks slices are not used
])
def test_a_late_relaxation_sends_only_a_model_bigger_than_a_window_to_windows(days, slots, expected):
    worker, done = _running_worker()
    try:
        stage = _next_stage(worker, _board(4_037.0, [0.0]), day_windows(days, slots), 0.0, 0.0, 1e12, days, slots)
        assert stage == expected
    finally:
        done.set()


def test_the_board_credits_each_gain_to_the_search_that_found_it():
    """The cover stage's and the first rota's gains are kept apart: they are where the two searches
    start, not what either has earned."""
    board = _Board(0.0, None)
    board.offer(Incumbent({}, 5_000.0), stage="cover", by="cover stage")
    board.offer(Incumbent({}, 900.0), by="first rota")
    board.offer(Incumbent({}, 800.0))
    board.offer(Incumbent({}, 850.0), by=lns.NEIGHBOURHOODS)  # no better: no gain
    board.offer(Incumbent({}, 750.0), by=lns.NEIGHBOURHOODS)
    assert board.gains == {"first rota": 4_100.0, lns.WHOLE_MODEL: 100.0, lns.NEIGHBOURHOODS: 50.0}
    assert not board.neighbourhoods_ahead()
    board.offer(Incumbent({}, 690.0), by=lns.NEIGHBOURHOODS)
    assert board.neighbourhoods_ahead()


@pytest.mark.parametrize(("neighbourhood_gain", "expected"), [(150.0, "slices"), (50.0, None)])
def test_slices_take_over_early_once_the_neighbourhood_search_is_ahead(neighbourhood_gain, expected):
    """Long before the usual switch: slices if the neighbourhood thread beside the whole model has
    taken more off the objective than the whole model; otherwise nothing is decided until then."""
    worker, done = _running_worker()
    board = _board(1_500.0, [0.0, 1_000.0])
    board.offer(Incumbent({}, 1_400.0))
    board.offer(Incumbent({}, 1_400.0 - neighbourhood_gain), by=lns.NEIGHBOURHOODS)
    switch_at = time.perf_counter() + 60
    try:
        waiting = threading.Thread(target=lambda: done.wait(1.0) or done.set())  # end the search at 1 s
        waiting.start()
        assert _next_stage(worker, board, [], 0.0, switch_at, 1e12, 28, 2_158) == expected
        assert time.perf_counter() < switch_at - 50
    finally:
        done.set()


def test_a_horizon_over_four_weeks_keeps_the_whole_model():
    worker, done = _running_worker()
    try:
        assert _next_stage(worker, _board(1_384.0, [0.0, 1_273.0]), [], 0.0, 0.0, 1e12, 42, 3_572) is None
    finally:
        done.set()


def test_no_switch_before_there_is_a_rota_to_start_from():
    """A bound can come before any rota; stopping the whole model then would leave none at all."""
    worker, done = _running_worker()
    board = _Board(0.0, None)
    board.raise_bound(0.0)
    board.raise_bound(1_288.0)
    try:
        assert _next_stage(worker, board, [], 0.0, 0.0, 1e12, 28, 2_158) is None
    finally:
        done.set()


def test_no_switch_once_the_whole_model_has_finished():
    worker = threading.Thread(target=lambda: None)
    worker.start()
    worker.join()
    assert _next_stage(worker, _board(1_425.0, [0.0, 1_288.0]), [], 0.0, 0.0, 1e12, 28, 2_158) is None


@needs_instances
def test_a_solve_turned_to_slices_keeps_every_rule_and_prices_its_rota(monkeypatch, caplog):
    """With the switch at once (before any relaxation bound, and instance 7 is smaller than a day
    window), the solve hands over to the neighbourhood search: the rota has no hard violation and
    the independent evaluator agrees with its objective."""
    monkeypatch.setattr(service, "WINDOW_SWITCH_SHARE", 0.0)
    text = (INSTANCES / "Instance7.txt").read_text()
    with caplog.at_level(logging.INFO, logger="rota.solver.service"):
        result = curtois.solve_instance(curtois.parse_instance(text, "Instance7.txt"), time_limit=12)
    assert "turning to slices" in caplog.text
    assert result.status == "FEASIBLE"
    checked = evaluate(text, curtois.roster_csv(result.rota))
    assert checked.violations == []
    assert checked.objective == result.objective


@pytest.mark.parametrize(("workers", "cores", "expected"), [(4, 2, 2), (2, 2, 2), (1, 2, 1), (4, None, 1), (8, 16, 8)])
def test_slices_get_a_thread_per_core_at_most(monkeypatch, workers, cores, expected):
    """Four workers on two cores: two slice threads (each slice is a one-thread solve on a clock)."""
    monkeypatch.setattr(service.os, "cpu_count", lambda: cores)
    assert service._slice_threads(workers) == expected
