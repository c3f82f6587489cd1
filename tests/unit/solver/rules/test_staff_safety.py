"""staff_safety: red-rated staff always beside a green-rated colleague; red and amber capped per shift."""

from __future__ import annotations

from tests.factories import audit_rota, day, person, rota, scenario, solve_quick

EARLY_ONLY = [{"code": "E", "name": "Early", "start": "07:00", "end": "15:00", "paid_minutes": 450}]
BUSY = [{"id": f"r{i}", "unit": "res", "band": "very_high"} for i in range(10)]


def rated(staff_id: str, rating: str | None, **fields):
    return person(staff_id, rag={"rating": rating} if rating else None, **fields)


def _teams(result) -> list[set[str]]:
    teams: dict[tuple, set[str]] = {}
    for a in result.rota.assignments:
        teams.setdefault((a.date, a.shift, a.unit), set()).add(a.staff_id)
    return list(teams.values())


def _red_and_part_time_green(**safety):
    return scenario([rated("red", "red"), rated("green", "green", contracted_hours=20)], safety=safety)


def _three_ambers(**safety):
    """Three amber carers, one shift a day, four carers needed on it."""
    return scenario([rated(f"am{i}", "amber") for i in range(3)], shift_types=EARLY_ONLY, residents=BUSY,
                    safety=safety)


# --- the solver never breaks it -------------------------------------------------------------


def test_solver_always_puts_a_green_beside_a_red():
    """A red-rated carer works only when the (28 h) green-rated carer is on the same shift."""
    sc = _red_and_part_time_green()
    result = solve_quick(sc)
    red_teams = [team for team in _teams(result) if "red" in team]
    assert result.status == "OPTIMAL"
    assert audit_rota(sc, result.rota, "staff_safety") == []
    assert red_teams and all("green" in team for team in red_teams)


def test_without_the_policy_the_red_carer_works_alone():
    """Control: with red_needs_green_colleague off, the red carer covers shifts alone."""
    result = solve_quick(_red_and_part_time_green(red_needs_green_colleague=False))
    assert {"red"} in _teams(result)


def test_an_unrated_colleague_is_not_green():
    """Beside only an unrated carer, a red-rated carer is never rostered."""
    sc = scenario([rated("red", "red"), rated("unrated", None)])
    assert all("red" not in team for team in _teams(solve_quick(sc)))


def test_solver_caps_ambers_per_shift():
    """Four carers are needed but at most two ambers may share a shift."""
    sc = _three_ambers()
    result = solve_quick(sc)
    assert audit_rota(sc, result.rota, "staff_safety") == []
    assert max(len(team) for team in _teams(result)) == 2


def test_raising_the_amber_cap_lets_three_work_together():
    """Control: with max_amber_per_shift=3 some shift has all three ambers."""
    assert max(len(team) for team in _teams(solve_quick(_three_ambers(max_amber_per_shift=3)))) == 3


# --- the audit detects hand-made breaches ---------------------------------------------------


def test_audit_flags_a_red_without_a_green():
    """Red alone on Mon and red beside an amber on Tue: two red_without_green findings."""
    sc = scenario([rated("red", "red"), rated("amber", "amber")])
    r = rota((0, "E", "res", "red"), (1, "L", "res", "red"), (1, "L", "res", "amber"))
    findings = audit_rota(sc, r, "staff_safety")
    assert [(f.code, f.staff_id, f.date) for f in findings] == [
        ("red_without_green", "red", day(0)), ("red_without_green", "red", day(1))]


def test_audit_flags_too_many_reds_and_ambers():
    """Two reds with a green (one too_many_red) and three ambers on another shift (one too_many_amber)."""
    sc = scenario([rated("r1", "red"), rated("r2", "red"), rated("g", "green"),
                   *(rated(f"a{i}", "amber") for i in range(3))])
    r = rota((2, "E", "res", "r1"), (2, "E", "res", "r2"), (2, "E", "res", "g"),
             *((2, "L", "res", f"a{i}") for i in range(3)))
    findings = audit_rota(sc, r, "staff_safety")
    assert sorted((f.code, f.shift, f.amount) for f in findings) == [
        ("too_many_amber", "L", 3), ("too_many_red", "E", 2)]


def test_audit_accepts_a_red_beside_a_green_and_two_ambers():
    """One red, one green and two ambers on a shift are within every floor: no finding."""
    sc = scenario([rated("r", "red"), rated("g", "green"), rated("a1", "amber"), rated("a2", "amber")])
    r = rota(*((3, "E", "res", s) for s in ("r", "g", "a1", "a2")))
    assert audit_rota(sc, r, "staff_safety") == []
