"""The Curtois / Nottingham benchmark: parser against the README's counts, clear errors for bad files,
the independent evaluator on hand-made rosters, and a quick solve of Instance1 to its optimum 607."""

from __future__ import annotations

import itertools
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest

from rota.benchmarks import curtois
from rota.domain.rota import Assignment, Rota
from rota.solver.index import ProblemIndex
from rota.solver.service import audit
from tests.benchmarks.curtois_evaluator import evaluate

INSTANCES = Path(__file__).resolve().parents[3] / "shared" / "benchmarks" / "curtois"
needs_instances = pytest.mark.skipif(not INSTANCES.is_dir(), reason="benchmark instances not present")

# inst: (days, staff, shift types, days-off, on-req, off-req, cover rows), from the instances' README.
README_COUNTS = {
    1: (14, 8, 1, 8, 21, 5, 14), 2: (14, 14, 2, 14, 50, 12, 28), 3: (14, 20, 3, 20, 39, 25, 42),
    4: (28, 10, 2, 20, 52, 19, 56), 5: (28, 16, 2, 32, 79, 27, 56), 6: (28, 18, 3, 36, 87, 48, 84),
    7: (28, 20, 3, 40, 104, 64, 84), 8: (28, 30, 4, 60, 139, 86, 112), 9: (28, 36, 4, 72, 144, 88, 112),
    10: (28, 40, 5, 80, 210, 74, 140), 11: (28, 50, 6, 100, 197, 139, 168), 12: (28, 60, 10, 120, 294, 128, 280),
    14: (42, 32, 4, 128, 266, 93, 168), 16: (56, 20, 3, 120, 177, 103, 168), 18: (84, 22, 3, 176, 322, 92, 252),
    20: (182, 50, 6, 900, 1665, 653, 1092),
}

# A small instance written for these tests: 7 days (Mon-Sun), two shifts, two nurses.
TINY = """\
SECTION_HORIZON
7

SECTION_SHIFTS
E,480,
L,600,E

SECTION_STAFF
A,E=7|L=7,3000,960,3,2,2,1
B,E=7|L=0,3000,0,3,1,1,1

SECTION_DAYS_OFF
B,0

SECTION_SHIFT_ON_REQUESTS
A,1,E,2

SECTION_SHIFT_OFF_REQUESTS
B,2,E,3

SECTION_COVER
0,E,1,100,1
1,E,1,100,1
2,E,1,100,1
3,L,1,100,1
""".replace("\n", "\r\n")


def _roster(*rows: str) -> str:
    return "employee_id,day,shift_id\n" + "".join(f"{row}\n" for row in rows)


# --- parser -----------------------------------------------------------------------------------


@needs_instances
@pytest.mark.parametrize("number", sorted(README_COUNTS))
def test_parser_counts_match_the_readme_table(number):
    instance = curtois.read_instance(INSTANCES / f"Instance{number}.txt")
    counts = (instance.horizon, len(instance.staff), len(instance.shifts), instance.days_off_count,
              len(instance.on_requests), len(instance.off_requests), len(instance.cover))
    assert counts == README_COUNTS[number]


def test_crlf_and_lf_files_parse_the_same():
    crlf = curtois.parse_instance(TINY, "tiny.txt")
    lf = curtois.parse_instance(TINY.replace("\r\n", "\n"), "tiny.txt")
    assert crlf == lf
    assert crlf.shifts[1] == curtois.Shift("L", 600, ("E",))
    assert crlf.staff[1].max_shifts == {"E": 7, "L": 0}
    assert crlf.days_off == {"B": [0]}


def test_bad_number_names_section_and_line():
    text = TINY.replace("L,600,E", "L,six hundred,E")
    with pytest.raises(curtois.InstanceFormatError, match=r"tiny.txt, SECTION_SHIFTS, line 6: .*'six hundred'"):
        curtois.parse_instance(text, "tiny.txt")


def test_truncated_file_names_the_missing_section():
    text = TINY[:TINY.index("SECTION_SHIFT_OFF_REQUESTS")]
    with pytest.raises(curtois.InstanceFormatError, match="SECTION_SHIFT_OFF_REQUESTS: section is missing"):
        curtois.parse_instance(text, "tiny.txt")


def test_cut_line_names_section_and_line():
    text = TINY.replace("B,E=7|L=0,3000,0,3,1,1,1", "B,E=7|L=0,30")
    with pytest.raises(curtois.InstanceFormatError, match=r"SECTION_STAFF, line 10: expected 8 .*found 3"):
        curtois.parse_instance(text, "tiny.txt")


def test_unknown_shift_and_day_outside_horizon_are_named():
    with pytest.raises(curtois.InstanceFormatError, match="SECTION_COVER, line 25: unknown shift 'X'"):
        curtois.parse_instance(TINY.replace("3,L,1,100,1", "3,X,1,100,1"), "tiny.txt")
    with pytest.raises(curtois.InstanceFormatError, match="SECTION_DAYS_OFF, line 13: day 9 is outside the horizon"):
        curtois.parse_instance(TINY.replace("B,0\r\n", "B,9\r\n"), "tiny.txt")


# --- evaluator on hand-made rosters -------------------------------------------------------------


def test_evaluator_prices_an_empty_roster():
    """Nothing worked: 4 heads short (400), A's on-request unmet (2); A works under 960 minutes."""
    result = evaluate(TINY, _roster())
    assert (result.cover_penalty, result.request_penalty, result.objective) == (400, 2, 402)
    assert result.violations == ["A works 0 minutes, window 960..3000"]


def test_evaluator_prices_a_feasible_roster():
    """A works E on days 1-2 (her request met), B works E on day 3 (no cover row there: no penalty).
    Day 0 E and day 3 L are each one head short."""
    result = evaluate(TINY, _roster("A,1,E", "A,2,E", "B,3,E"))
    assert (result.cover_penalty, result.request_penalty) == (200, 0)
    assert result.violations == []


def test_evaluator_prices_requests_and_over_cover():
    """B on E day 2 hits her off-request (3); A on E day 2 too is one over (1); A's on-request is unmet (2);
    nobody on E day 1 (100). B's shift on her day off still counts as cover, and is the one violation."""
    result = evaluate(TINY, _roster("A,2,E", "A,3,L", "B,2,E", "B,0,E"))
    assert result.request_penalty == 2 + 3
    assert result.cover_penalty == 100 + 1
    assert result.violations == ["B works on day off 0"]


def test_evaluator_finds_each_hard_violation():
    roster = _roster(
        "B,0,E",            # day off
        "B,1,L",            # B may not work L (L=0)
        "A,0,L", "A,1,E",   # E cannot follow L
        "A,3,E", "A,4,E", "A,5,E", "A,6,E",  # 4 in a row (max 3), and a 1-day break (min 2 days off)
    )
    violations = evaluate(TINY, roster).violations
    assert "B works on day off 0" in violations
    assert "B works L 1 times, max 0" in violations
    assert "A: E on day 1 cannot follow L" in violations
    assert "A works 4 days in a row from 3, max 3" in violations
    assert "A has only 1 days off in a row from 2, min 2" in violations
    assert len(violations) == 5


def test_evaluator_counts_short_runs_only_inside_the_horizon():
    """A works day 0 alone (edge run: allowed) and day 3 alone (inner run shorter than 2: violation)."""
    violations = evaluate(TINY, _roster("A,0,E", "A,3,E")).violations
    assert violations == ["A works only 1 days in a row from 3, min 2"]


def test_rota_audit_agrees_with_the_evaluator_on_violations():
    """The importer maps every benchmark rule onto a rota rule: the product's own audit flags the same rosters."""
    instance = curtois.parse_instance(TINY, "tiny.txt")
    index = ProblemIndex(curtois.to_scenario(instance))

    def breaches(*rows: tuple[str, int, str]) -> set[str]:
        rota = Rota(assignments=tuple(Assignment(date=index.dates[d], shift=s, unit=curtois.UNIT, staff_id=p)
                                      for p, d, s in rows))
        return {f.rule for f in audit(index, rota) if f.severity == "breach"}

    assert breaches(("A", 1, "E"), ("A", 2, "E"), ("B", 3, "E")) == set()
    assert breaches(("A", 0, "E"), ("A", 3, "E")) == {"consecutive_work"}
    assert breaches(("B", 0, "E"), ("A", 1, "E"), ("A", 2, "E")) == {"leave"}
    assert breaches(("A", 0, "L"), ("A", 1, "E")) == {"shift_succession"}
    assert breaches(("A", 2, "E"), ("A", 3, "E"), ("B", 1, "L")) == {"shift_type_limits"}
    assert breaches(*[("A", d, "E") for d in (0, 1, 3, 4, 5)]) == {"days_off_runs"}
    assert breaches(*[("A", d, "E") for d in (0, 1, 2, 3)]) == {"consecutive_work"}
    assert breaches(("B", 3, "E")) == {"total_minutes"}
    assert breaches(("A", 5, "E"), ("A", 6, "E"), ("B", 6, "E")) == set()


# --- solving ----------------------------------------------------------------------------------


def test_tiny_instance_solves_to_the_optimum_worked_out_by_hand():
    """Only A can work E on day 0 (B is off), and if A also works E on days 1-2 she cannot work L on
    day 3 (4 days in a row) nor stop for a single day. Best: A works E0 then L from day 3, B works
    E1 and E2, paying A's unmet request (2) and B's off-request (3): objective 5."""
    instance = curtois.parse_instance(TINY, "tiny.txt")
    result = curtois.solve_instance(instance, time_limit=5)
    assert (result.status, result.objective) == ("OPTIMAL", 5)
    checked = evaluate(TINY, curtois.roster_csv(result.rota))
    assert checked.violations == []
    assert checked.objective == 5


@needs_instances
def test_instance1_solves_to_its_optimum_607():
    instance = curtois.read_instance(INSTANCES / "Instance1.txt")
    result = curtois.solve_instance(instance, time_limit=20)
    assert (result.status, result.objective) == ("OPTIMAL", 607)
    checked = evaluate((INSTANCES / "Instance1.txt").read_text(), curtois.roster_csv(result.rota))
    assert checked.violations == []
    assert checked.objective == 607


@needs_instances
def test_whole_model_waits_for_the_column_generation(monkeypatch):
    """The generation has the cores to itself until it converges (DECOMPOSITION_FIRST): with no first
    roster to build, the whole model would otherwise start at once, while the generation is still
    building its one-person models."""
    seen = []
    solve = curtois.solve

    def watched(*args, decomposition, **kwargs):
        seen.append(decomposition.converged() is not None)
        return solve(*args, decomposition=decomposition, **kwargs)

    monkeypatch.setattr(curtois, "construct_by_person", lambda *args, **kwargs: None)
    monkeypatch.setattr(curtois, "solve", watched)
    result = curtois.solve_instance(curtois.read_instance(INSTANCES / "Instance1.txt"), time_limit=20)
    assert seen == [True]
    assert (result.status, result.objective) == ("OPTIMAL", 607)


@needs_instances
@pytest.mark.parametrize("near", [True, False])
def test_a_generation_near_its_end_is_waited_for_past_the_settled_share(monkeypatch, near):
    """With no wait at the checkpoint or the settled share, the whole model starts at once, unless the
    generation's master is within DECOMPOSITION_NEAR_GAP of its bound: then it waits for the end."""
    from rota.solver.decomposition import BackgroundDecomposition

    seen = []
    solve = curtois.solve

    def watched(*args, decomposition, **kwargs):
        seen.append(decomposition.converged() is not None)
        return solve(*args, decomposition=decomposition, **kwargs)

    monkeypatch.setattr(curtois, "DECOMPOSITION_CHECK_SHARE", 0.0)
    monkeypatch.setattr(curtois, "DECOMPOSITION_SETTLED_SHARE", 0.0)
    monkeypatch.setattr(curtois, "DECOMPOSITION_CHECK_GAP", float("inf"))  # no stop at the checkpoint
    monkeypatch.setattr(BackgroundDecomposition, "within", lambda self, gap: near)
    monkeypatch.setattr(curtois, "construct_by_person", lambda *args, **kwargs: None)
    monkeypatch.setattr(curtois, "solve", watched)
    result = curtois.solve_instance(curtois.read_instance(INSTANCES / "Instance1.txt"), time_limit=20)
    assert seen == [near]
    assert (result.status, result.objective) == ("OPTIMAL", 607)


class _EnoughSeen(Exception):
    pass


@needs_instances
def test_first_roster_takes_the_cores_once_the_generation_stops_short(monkeypatch):
    """While the column generation runs, the first roster places one person at a time and its sweeps
    stop at SWEEPS_SHARE of the time (the generation needs the cores); once it has stopped short, it
    places `workers` people at once and the sweeps may take the first roster's whole share, as the
    whole model would only wait for them. Instance 8 (840 staff-days) gets sweeps; its generation is
    made to give up after its first round."""
    from rota.solver import decomposition

    monkeypatch.setattr(decomposition, "ROUNDS_TO_CONVERGE", 10**6)
    seen: list[tuple[float, int]] = []

    def construct(scenario, deadline, seed, sweeps_until, placing_threads):
        seen.append((sweeps_until(), placing_threads()))
        give_up = time.perf_counter() + 30
        while sweeps_until() == seen[0][0] and time.perf_counter() < give_up:
            time.sleep(0.05)
        seen.append((sweeps_until(), placing_threads()))
        raise _EnoughSeen

    monkeypatch.setattr(curtois, "construct_by_person", construct)
    with pytest.raises(_EnoughSeen):
        curtois.solve_instance(curtois.read_instance(INSTANCES / "Instance8.txt"), time_limit=100, workers=2)
    (while_generating, placing_before), (once_stopped, placing_after) = seen
    assert once_stopped - while_generating == pytest.approx(100 * (curtois.CONSTRUCT_SHARE - curtois.SWEEPS_SHARE))
    assert (placing_before, placing_after) == (1, 2)


@pytest.mark.parametrize("threads", [1, 2])
def test_first_pass_places_as_many_people_at_once_as_asked(monkeypatch, threads):
    """Asked for two placing threads, the first pass places two people side by side: the first two
    wait at a barrier only the other can open, so placing them one after the other breaks it. By
    default one at a time: never two placements running together. Either way the roster is lawful."""
    from rota.solver import construct

    real = construct.best_alone
    barrier = threading.Barrier(2, timeout=10)
    running, most = [0], [0]
    lock = threading.Lock()
    first_pass_calls = itertools.count()

    def placing(*args, **kwargs):  # the first pass's calls only: the re-plans call it from solver/replans.py
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        try:
            if threads == 2 and next(first_pass_calls) < 2:
                barrier.wait()
            return real(*args, **kwargs)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(construct, "best_alone", placing)
    scenario = curtois.to_scenario(curtois.parse_instance(TINY, "tiny.txt"))
    roster = construct.construct_by_person(scenario, time.perf_counter() + 5,
                                           placing_threads=(lambda: 2) if threads == 2 else None)
    assert roster is not None
    assert most[0] == threads
    assert evaluate(TINY, curtois.roster_csv(roster)).violations == []


@pytest.mark.parametrize("threads", [1, 2])
def test_person_by_person_start_keeps_every_hard_rule(threads):
    """The constructive first roster is built from one-person models: the evaluator finds it lawful,
    and re-planning people, one at a time or side by side, leaves it no worse than the first pass."""
    from rota.solver.construct import construct_by_person

    scenario = curtois.to_scenario(curtois.parse_instance(TINY, "tiny.txt"))
    first_pass = construct_by_person(scenario, deadline=time.perf_counter())  # no time for improvement
    improved = construct_by_person(scenario, deadline=time.perf_counter() + 5, placing_threads=lambda: threads)
    scores = []
    for roster in (first_pass, improved):
        assert roster is not None
        checked = evaluate(TINY, curtois.roster_csv(roster))
        assert checked.violations == []
        scores.append(checked.objective)
    assert scores[1] <= scores[0]


@pytest.mark.parametrize(("another_kept", "still_cheaper", "kept"),
                         [(False, None, True), (True, True, True), (True, False, False)])
def test_a_rota_replanned_side_by_side_is_kept_only_while_it_still_pays(monkeypatch, another_kept, still_cheaper,
                                                                      kept):
    """A person's better rota is kept at once when no one else's was kept while it was searched for;
    otherwise only if it is still strictly cheaper against the others' heads now. The heads follow
    whatever is kept, and the points saved add up what each kept rota saved when it was kept."""
    from rota.solver import construct, replans

    scenario = curtois.to_scenario(curtois.parse_instance(TINY, "tiny.txt"))
    first = construct.construct_by_person(scenario, deadline=time.perf_counter())
    assert first is not None
    rotas = {m.id: [a for a in first.assignments if a.staff_id == m.id] for m in scenario.staff}
    nurse = next(m for m in scenario.staff if rotas[m.id])
    sweeps = replans.Replans(scenario, dict(rotas), per_person=1.0, seed=0)
    fewer = rotas[nurse.id][1:]
    checks: list[tuple] = []

    def replanned(*args, **kwargs):
        if another_kept:
            sweeps.kept += 1  # as another thread would, while this one searched
        return fewer, 5.0

    monkeypatch.setattr(replans, "best_alone", replanned)
    monkeypatch.setattr(replans, "_saving", lambda *args: checks.append(args) or (3.0 if still_cheaper else None))
    assert sweeps.replan((nurse,), time.perf_counter() + 5) is kept
    assert sweeps.rotas[nurse.id] == (fewer if kept else rotas[nurse.id])
    assert len(checks) == int(another_kept)
    worked = Counter((a.date, a.shift, a.unit) for rota in sweeps.rotas.values() for a in rota)
    assert +sweeps.heads == worked
    assert sweeps.saved == (0.0 if not kept else 3.0 if another_kept else 5.0)


# Two days, one shift each, one head wanted; each nurse may work one shift, and B is off on day 1.
SWAP = """\
SECTION_HORIZON
2

SECTION_SHIFTS
D,480,

SECTION_STAFF
A,D=1,480,0,2,1,1,1
B,D=1,480,0,2,1,1,1
C,D=0,480,0,2,1,1,1

SECTION_DAYS_OFF
B,1

SECTION_SHIFT_ON_REQUESTS

SECTION_SHIFT_OFF_REQUESTS

SECTION_COVER
0,D,1,100,1
1,D,1,100,1
"""


def _replans_of(text: str, *worked: tuple[str, int]):
    from rota.solver import replans

    scenario = curtois.to_scenario(curtois.parse_instance(text, "swap.txt"))
    rotas: dict[str, list[Assignment]] = {m.id: [] for m in scenario.staff}
    for nurse, day in worked:
        rotas[nurse].append(Assignment(date=scenario.horizon.start + timedelta(days=day), shift="D",
                                       unit=curtois.UNIT, staff_id=nurse))
    return scenario, replans.Replans(scenario, rotas, per_person=2.0, seed=0)


def _worked(replans) -> dict[str, list[int]]:
    start = replans.scenario.horizon.start
    return {nurse: sorted((a.date - start).days for a in rota) for nurse, rota in replans.rotas.items()}


@pytest.mark.parametrize("threads", [1, 2])
def test_a_pair_fills_a_gap_no_one_person_can(threads):
    """A works day 0 and day 1 is short. A moving to day 1 leaves day 0 short; B, off on day 1, can
    only add a head over on day 0: no one person's re-plan gains, so the sweeps keep the roster. A
    pair re-planned together moves A to day 1 and B to day 0, and the pairs then end by themselves:
    every pair tried with nothing more kept."""
    scenario, replans = _replans_of(SWAP, ("A", 0))
    people, deadline = list(scenario.staff), time.perf_counter() + 60
    replans.sweeps(people, lambda: deadline, lambda: threads)
    assert _worked(replans) == {"A": [0], "B": [], "C": []}
    replans.pairs(people, lambda: deadline, lambda: threads)
    assert _worked(replans) == {"A": [1], "B": [0], "C": []}
    assert replans.saved == 100
    assert time.perf_counter() < deadline
    assert evaluate(SWAP, curtois.roster_csv(Rota(assignments=tuple(
        a for rota in replans.rotas.values() for a in rota)))).objective == 0


def test_the_solvers_pair_stage_offers_each_rota_kept_at_its_exact_price():
    """The solver's pair stage starts from the board's best rota and offers each rota a pair keeps,
    priced as the one it started from less what was saved: here the rota with no gap, at 0, which
    is what the whole model prices it at."""
    from rota.solver import service
    from rota.solver.builder import build_model
    from rota.solver.lns import Incumbent

    scenario = curtois.to_scenario(curtois.parse_instance(SWAP, "swap.txt"))
    built = build_model(ProblemIndex(scenario))
    a_on_day_0 = {key: int(key[:2] == ("A", 0)) for key in built.ctx.x}
    seen: list[service.Progress] = []
    board = service._Board(time.perf_counter(), seen.append)
    board.offer(Incumbent(a_on_day_0, 100.0))
    options = service.SolveOptions(time_limit=30, workers=2)
    service._improve_in_pairs(built, board, options, time.perf_counter() + 30, None)
    best = board.current()
    assert best is not None and best.objective == 0
    assert sorted(key[:2] for key, value in best.values.items() if value) == [("A", 1), ("B", 0)]
    assert service._evaluate(built, best.values, 10)[1].objective_value == 0
    assert seen[-1].stage == "pairs"


def test_windows_hand_over_to_pairs_only_beyond_eight_weeks_on_rotas_linked_by_cover_alone():
    from rota.solver import service

    assert service._pairs_after_windows(182, True)
    assert not service._pairs_after_windows(182, False)
    assert not service._pairs_after_windows(56, True)


def test_pairs_start_from_someone_able_to_work_a_gap_and_skip_anyone_being_replanned():
    """Day 1 is short and only A can work it (B is off, C may not work D): every pair drawn starts
    with A while A is free; with A being re-planned, pairs come from the others."""
    scenario, replans = _replans_of(SWAP, ("A", 0), ("B", 0))
    drawn = replans._gap_pairs(list(scenario.staff))
    assert {next(drawn)[0].id for _ in range(2)} == {"A"}
    replans.busy.add("A")
    assert {nurse.id for nurse in next(drawn)} == {"B", "C"}
    assert next(drawn, None) is None  # A-B, A-C and B-C tried, nothing kept since


@needs_instances
@pytest.mark.parametrize(("number", "automata"), [(5, 16), (12, 0), (16, 20), (18, 0)])
def test_run_automata_only_on_models_small_enough_to_relax(number, automata):
    """One automaton per person on instances 5 (16 staff, 28 days) and 16 (20 staff, 56 days); none on
    12 (60 staff a day) or 18 (84 days): there the unrolled flows made CP-SAT's relaxation too slow
    to give a bound (solver/patterns.py)."""
    from rota.solver.builder import build_model

    scenario = curtois.to_scenario(curtois.read_instance(INSTANCES / f"Instance{number}.txt"))
    proto = build_model(ProblemIndex(scenario)).model.proto
    assert sum(1 for c in proto.constraints if c.name.startswith("patterns")) == automata
