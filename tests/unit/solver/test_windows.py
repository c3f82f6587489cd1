"""Day windows (solver/windows.py): how a horizon is split, and a solve that turns to windows when
the whole model's relaxation gives no bound keeps every rule and prices its rota exactly."""

from __future__ import annotations

import threading
import time
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from ortools.sat.python import cp_model

from rota.benchmarks import curtois
from rota.solver import service
from rota.solver.builder import build_model
from rota.solver.index import ProblemIndex
from rota.solver.lns import Incumbent
from rota.solver.service import _Board
from rota.solver.windows import MAX_WINDOW_SLOTS, MIN_WINDOW_DAYS, WindowSearch, day_windows, week_groups
from tests.benchmarks.curtois_evaluator import evaluate
from tests.benchmarks.test_curtois import INSTANCES, needs_instances


@pytest.mark.parametrize(("days", "slots"), [(14, 500), (28, 10_452), (28, 1_000), (84, 5_544), (182, 40_000),
                                             (29, 100), (15, 60_000)])
def test_windows_cover_every_day_and_overlap_by_half(days, slots):
    spans = day_windows(days, slots)
    assert set().union(*spans) == set(range(days))
    widths = {len(span) for span in spans}
    assert len(widths) == 1
    width = widths.pop()
    assert MIN_WINDOW_DAYS <= width <= -(-days // 2)
    assert width * slots / days <= MAX_WINDOW_SLOTS or width == MIN_WINDOW_DAYS
    for before, after in zip(spans, spans[1:], strict=False):
        assert after.start - before.start <= width // 2


def test_a_large_model_gets_narrower_windows():
    """Instance 12 (60 staff, 10 shifts, 10,452 slots over 28 days): two-week windows; instance 20
    (six months, about 220 slots a day) gets windows of under four weeks, not three months."""
    assert [(s.start, s.stop) for s in day_windows(28, 10_452)] == [(0, 14), (7, 21), (14, 28)]
    assert len(day_windows(182, 40_000)[0]) == MAX_WINDOW_SLOTS * 182 // 40_000


def test_a_horizon_shorter_than_two_weeks_is_not_split():
    assert day_windows(13, 1_000) == []
    assert day_windows(7, 100) == []


def test_the_board_tells_a_relaxation_bound_from_the_first_one():
    board = _Board(0.0, None)
    assert not board.bound_has_risen()
    board.raise_bound(0.0)  # what presolve proves, reported first
    board.raise_bound(0.0)
    assert not board.bound_has_risen()
    board.raise_bound(1_287.0)
    assert board.bound_has_risen()


@needs_instances
def test_a_solve_turned_to_windows_keeps_every_rule_and_prices_its_rota(monkeypatch):
    """With the switch at once (no relaxation bound yet), instance 4 (28 days) is improved window by
    window (its 468 slots counted as more than a window holds, as a large model's would be): the
    rota has no hard violation, the independent evaluator agrees with its objective, and windows
    improved on the first roster. No column generation: its guided model solves instance 4 outright
    before the whole model starts."""
    monkeypatch.setattr(curtois, "DECOMPOSITION", False)
    monkeypatch.setattr(service, "WINDOW_SWITCH_SHARE", 0.0)
    monkeypatch.setattr(service, "MAX_WINDOW_SLOTS", 100)
    text = (INSTANCES / "Instance4.txt").read_text()
    result = curtois.solve_instance(curtois.parse_instance(text, "Instance4.txt"), time_limit=20)
    assert result.status == "FEASIBLE"
    assert any(point.stage == "windows" for point in result.improvements)
    checked = evaluate(text, curtois.roster_csv(result.rota))
    assert checked.violations == []
    assert checked.objective == result.objective
    assert result.objective < result.improvements[0].objective


@needs_instances
def test_no_windows_when_the_time_left_cannot_give_each_window_its_minimum(monkeypatch):
    """Instance 4's three two-week windows need 15 s; a 6 s solve keeps the whole model throughout
    (no column generation, whose guided model would solve it before any stage)."""
    monkeypatch.setattr(curtois, "DECOMPOSITION", False)
    monkeypatch.setattr(service, "WINDOW_SWITCH_SHARE", 0.0)
    monkeypatch.setattr(service, "MAX_WINDOW_SLOTS", 100)
    instance = curtois.read_instance(INSTANCES / "Instance4.txt")
    result = curtois.solve_instance(instance, time_limit=6)
    assert result.has_rota
    assert all(point.stage != "windows" for point in result.improvements)


def test_the_search_stops_once_a_whole_pass_is_optimal_as_it_stands():
    """When every window is proven optimal with nothing to improve, further passes cannot help: the
    search returns at once instead of re-solving the same windows until the time limit."""
    model = cp_model.CpModel()
    model.minimize(model.new_int_var(10, 10, "cost"))  # every window's optimum is the incumbent's 10
    built = SimpleNamespace(model=model, ctx=SimpleNamespace(x={}))

    class Board:
        best = Incumbent({}, 10.0)

        def current(self):
            return self.best

        def offer(self, candidate, stage="optimise"):
            raise AssertionError("nothing to improve")

    solved: list[float] = []

    def solve(model, limit):
        solver = cp_model.CpSolver()
        solved.append(limit)
        return solver.solve(model), solver

    started = time.perf_counter()
    WindowSearch(built, day_windows(28, 0), solve).improve(Board(), started + 60, lambda: False)
    assert len(solved) == 1 + len(day_windows(28, 0)) == 4  # the first rota priced, then each window once
    assert time.perf_counter() - started < 5


class _UnchangingBoard:
    best = Incumbent({}, 10.0)

    def current(self):
        return self.best


def _never_proven_search(solved: list[float]) -> WindowSearch:
    """A window search over four weeks whose every solve finds the rota as it was, never proven
    optimal, so nothing but its passes or its deadline ends it; each solve's limit goes to `solved`."""
    built = SimpleNamespace(model=cp_model.CpModel(), ctx=SimpleNamespace(x={}))

    def solve(model, limit):
        solved.append(limit)
        return cp_model.FEASIBLE, SimpleNamespace(objective_value=10.0, response_proto=SimpleNamespace(solution=[1]))

    return WindowSearch(built, day_windows(28, 0), solve)


@pytest.mark.parametrize("passes", [1, 2])
def test_the_search_ends_after_the_passes_it_is_given(passes):
    """Windows never proven optimal would be solved again pass after pass until the deadline; given a
    number of passes (the solver's pair stage follows the first, service.py), it ends after them."""
    solved: list[float] = []
    search = _never_proven_search(solved)
    search.improve(_UnchangingBoard(), time.perf_counter() + 600, lambda: False, passes=passes)
    assert len(solved) == 1 + passes * len(search.spans)  # the first rota priced, then each window once a pass


def test_a_rota_priced_in_one_call_is_not_priced_again_in_the_next():
    """Called a pass at a time (as the solver does between rounds of pairs), the search prices the rota
    it starts from once: the second pass starts from the same rota and solves only its windows."""
    solved: list[float] = []
    search = _never_proven_search(solved)
    for _ in range(2):
        search.improve(_UnchangingBoard(), time.perf_counter() + 600, lambda: False, passes=1)
    assert len(solved) == 1 + 2 * len(search.spans)


def test_windows_and_pairs_take_turns_until_a_round_of_both_finds_nothing(monkeypatch):
    """Beyond eight weeks on rotas linked by cover alone, a pass of windows and then pairs, round after
    round: here the windows improve the rota in the first two rounds and the pairs in the first only;
    the third round finds nothing, so the search ends there, long before its deadline."""
    board = _Board(time.perf_counter(), None)
    board.offer(Incumbent({}, 100.0))
    calls: list[str] = []

    class Windows:
        def improve(self, board, deadline, should_stop, passes=None, between=lambda: None):
            assert passes == 1
            calls.append("windows")
            if calls.count("windows") <= 2:
                board.offer(Incumbent({}, board.current().objective - 10))
            between()

    searches: list[Windows] = []

    def window_search(*args):
        searches.append(Windows())
        return searches[-1]

    def pairs(built, board, options, deadline, stop_event):
        calls.append("pairs")
        if calls.count("pairs") == 1:
            board.offer(Incumbent({}, board.current().objective - 5))

    monkeypatch.setattr(service, "_window_search", window_search)
    monkeypatch.setattr(service, "_improve_in_pairs", pairs)
    deadline = time.perf_counter() + 600
    service._improve_in_windows_and_pairs(None, [], board, service.SolveOptions(), deadline, None, None)
    assert calls == ["windows", "pairs"] * 3
    assert board.current().objective == 75
    assert len(searches) == 1  # one window search throughout, so a rota it priced is not priced again


def test_a_rota_found_beside_the_windows_is_priced_before_the_next_window():
    """The windows price the rota they start from (every slot fixed), and hint their first window with
    every variable's value in it. The guided model may put a better rota on the board while the windows
    run (solver/service.py): that one is priced too before the next window, which starts from it; a
    rota already priced is not priced again."""
    model = cp_model.CpModel()
    cost = model.new_int_var(0, 100, "cost")
    model.minimize(cost)
    built = SimpleNamespace(model=model, ctx=SimpleNamespace(x={}))
    before, found_beside = Incumbent({}, 50.0), Incumbent({}, 40.0)

    class Board:
        asked = 0

        def current(self):
            self.asked += 1
            return before if self.asked <= 2 else found_beside  # the search's own, then window 1's

        def offer(self, candidate, stage="optimise"):
            raise AssertionError("nothing to improve")

    hints: list[list[int]] = []
    prices = iter([50, 40])

    def solve(window, limit):
        hints.append(list(window.proto.solution_hint.values))
        fixed = window.clone()  # a pricing (no hint yet) finds the rota's price, a window its hint's
        fixed.add(cost == (hints[-1][0] if hints[-1] else next(prices)))
        solver = cp_model.CpSolver()
        return solver.solve(fixed), solver

    WindowSearch(built, day_windows(28, 0), solve).improve(Board(), time.perf_counter() + 60, lambda: False)
    assert hints == [[], [50], [50], [], [40]]  # priced, windows 1 and 2, the rota found beside priced, window 3


def test_the_guided_model_takes_the_cores_from_the_windows():
    """A late-converging decomposition's guided model stops the window being solved, and the next
    window waits until the guided model is done."""
    handover = service._Handover()
    order: list[str] = []

    def guided() -> None:
        with handover.for_guided():
            order.append("guided")
            time.sleep(0.3)
            order.append("guided ends")

    with handover.for_window() as preempted:
        thread = threading.Thread(target=guided)
        thread.start()
        assert preempted.wait(5)
        order.append("window stopped")
    with handover.for_window() as preempted:
        assert not preempted.is_set()
        order.append("next window")
    thread.join()
    assert order == ["window stopped", "guided", "guided ends", "next window"]


@pytest.mark.parametrize(("days", "whole_model_first"), [(28, True), (56, True), (63, False), (182, False)])
def test_horizons_beyond_eight_weeks_turn_to_windows_from_the_first_rota(days, whole_model_first):
    """Up to eight weeks the whole model keeps WINDOW_SWITCH_SHARE of the time left before windows
    may take over; beyond, the windows may start at once (instance 20: 6,274 against 6,840)."""
    expected = service.WINDOW_SWITCH_SHARE * 100.0 if whole_model_first else 0.0
    assert service._window_switch_delay(days, left=100.0) == pytest.approx(expected)
    assert service.WINDOW_SWITCH_SHARE > 0


@pytest.mark.parametrize(("days", "first"), [(182, date(2025, 1, 6)), (84, date(2025, 1, 6)),
                                           (63, date(2025, 1, 5)), (40, date(2025, 1, 3))])
def test_week_groups_pair_whole_weeks_and_hold_every_day_once(days, first):
    """Weeks run from Wednesday to Tuesday (cut at the horizon's edges), each in one group; every group
    is two weeks but for one odd week out."""
    dates = [first + timedelta(days=day) for day in range(days)]
    groups = week_groups(dates, seed=0)
    assert sorted(day for group in groups for day in group) == list(range(days))

    def week_of(day: int) -> int:  # Wednesday to Tuesday
        return (day + (first.weekday() - 2) % 7) // 7

    every_week = week_of(days - 1) + 1
    sizes = []
    for group in groups:
        weeks = {week_of(day) for day in group}
        assert group == {day for day in range(days) if week_of(day) in weeks}
        sizes.append(len(weeks))
    assert sorted(sizes, reverse=True) == [2] * (every_week // 2) + [1] * (every_week % 2)


def test_week_groups_are_drawn_anew_with_each_seed_and_not_on_short_horizons():
    dates = [date(2025, 1, 6) + timedelta(days=day) for day in range(182)]
    assert week_groups(dates, seed=0) == week_groups(dates, seed=0)
    assert week_groups(dates, seed=0) != week_groups(dates, seed=1)
    assert week_groups(dates[:28], seed=0) == []


# Twelve weeks; A may work only weekends (every weekday off), exactly two shifts in a row and one
# weekend; the only cover wanted is on the tenth weekend (days 68 and 69), nine weeks from the first.
FAR_WEEKEND = "\r\n".join([
    "SECTION_HORIZON", "84", "",
    "SECTION_SHIFTS", "D,480,", "",
    "SECTION_STAFF", "A,D=84,960,960,2,2,1,1", "",
    "SECTION_DAYS_OFF", "A," + ",".join(str(day) for day in range(84) if day % 7 < 5), "",
    "SECTION_SHIFT_ON_REQUESTS", "",
    "SECTION_SHIFT_OFF_REQUESTS", "",
    "SECTION_COVER", "68,D,1,100,1", "69,D,1,100,1", "",
])


def test_a_week_group_moves_work_between_weekends_no_day_window_holds_together():
    """A works the first weekend; the weekend that needs them is nine weeks later. Every day window
    (six weeks) is optimal as it stands, since A's one weekend is spent outside it; a group of the
    two weeks (Wednesday to Tuesday) frees both weekends at once and moves A's work, reported as the
    weeks stage."""
    instance = curtois.parse_instance(FAR_WEEKEND, "far-weekend")
    built = build_model(ProblemIndex(curtois.to_scenario(instance)))
    first_weekend = {key: int(key[1] in (5, 6)) for key in built.ctx.x}

    def solve(model, limit):
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = limit
        solver.parameters.num_workers = 1
        return solver.solve(model), solver

    slots = len(built.ctx.x)
    outcomes = {}
    both_weeks = frozenset(range(2, 9)) | frozenset(range(65, 72))
    for name, groups in (("days", lambda _: []), ("weeks", lambda _: [both_weeks])):
        board = _Board(time.perf_counter(), None)
        board.offer(Incumbent(first_weekend, 200.0))
        WindowSearch(built, day_windows(84, slots), solve, groups).improve(board, time.perf_counter() + 60,
                                                                           lambda: False, passes=1)
        outcomes[name] = board.current().objective, [point.stage for point in board.improvements[1:]]
    assert outcomes["days"] == (200.0, [])
    assert outcomes["weeks"][0] == 0.0
    assert outcomes["weeks"][1] == ["weeks"]


def test_a_window_proven_optimal_early_leaves_its_time_to_the_rest():
    """Each window gets an equal share of the time left to the end of its round, so the time a window
    proven optimal at once did not use goes to the windows after it."""
    model = cp_model.CpModel()
    model.minimize(model.new_int_var(10, 10, "cost"))
    built = SimpleNamespace(model=model, ctx=SimpleNamespace(x={}))
    limits: list[float] = []

    def solve(window, limit):
        limits.append(limit)
        solver = cp_model.CpSolver()
        return solver.solve(window), solver

    WindowSearch(built, day_windows(28, 0), solve).improve(_UnchangingBoard(), time.perf_counter() + 60,
                                                           lambda: False)
    windows = limits[1:]  # after the pricing
    assert len(windows) == 3
    assert windows[0] == pytest.approx(20, abs=1) and windows[1] == pytest.approx(30, abs=1)
    assert windows[2] == pytest.approx(60, abs=1)


def test_rounds_of_week_groups_go_on_while_they_gain_then_the_pairs_then_the_day_windows():
    """A pass opens with rounds of week groups, drawn anew each round, for as long as a round takes
    more than GROUP_ROUND_GAIN off the rota; then what runs between (the solver's pairs); then every
    day window is solved."""
    built = SimpleNamespace(model=cp_model.CpModel(), ctx=SimpleNamespace(x={}))
    savings = iter([100.0, 20.0, 5.0])  # 10% and 2% of the rota, then 0.5%: the last group round
    solved: list[tuple[str, int]] = []

    def solve(span, limit):
        kind = "group" if isinstance(span, frozenset) else "day"
        solved.append((kind, min(span)))
        objective = board.current().objective - (next(savings) if kind == "group" else 0)
        found = SimpleNamespace(objective_value=objective, response_proto=SimpleNamespace(solution=[]))
        return cp_model.FEASIBLE, found

    search = WindowSearch(built, day_windows(28, 0), solve, groups=lambda done: [frozenset({5 + 7 * done, 6})])
    search._window = lambda incumbent, solution, span: span
    search._solution = lambda incumbent, left: []
    board = _Board(time.perf_counter(), None)
    board.offer(Incumbent({}, 1_000.0))
    search.improve(board, time.perf_counter() + 600, lambda: False, passes=1,
                   between=lambda: solved.append(("between", 0)))
    assert solved == [("group", 5), ("group", 6), ("group", 6), ("between", 0), ("day", 0), ("day", 7), ("day", 14)]
    assert board.current().objective == 875.0
    assert [point.stage for point in board.improvements[1:]] == ["weeks"] * 3


def test_without_week_groups_what_runs_between_follows_the_day_windows():
    """With no groups (a horizon whose day windows hold half of it), the pairs still run once a pass:
    after its day windows, as before the groups."""
    solved: list[float | str] = []
    search = _never_proven_search(solved)
    search.improve(_UnchangingBoard(), time.perf_counter() + 600, lambda: False, passes=1,
                   between=lambda: solved.append("between"))
    assert len(search.spans) == 3
    assert solved[-1] == "between" and solved.count("between") == 1
    assert len(solved) == 1 + len(search.spans) + 1  # the rota priced, each day window, then the pairs


@pytest.mark.parametrize(("days", "slots", "grouped"), [(182, 35_260, True), (84, 5_544, False), (28, 10_452, False)])
def test_weeks_are_grouped_only_where_day_windows_hold_less_than_half_a_long_horizon(days, slots, grouped):
    """Instance 20 (182 days) has 30-day windows and gets groups of weeks; instance 18 (84 days) has
    windows of half its horizon and gets none; nor does a four-week rota."""
    dates = [date(2025, 1, 6) + timedelta(days=day) for day in range(days)]
    built = SimpleNamespace(ctx=SimpleNamespace(index=SimpleNamespace(dates=dates), x=[None] * slots))
    groups = service._week_groups(built, day_windows(days, slots), seed=0)
    assert bool(groups(0)) is grouped
    if grouped:
        assert groups(1) != groups(0)  # drawn anew each round
