"""consecutive_work: at most N working days in a row and at most M nights in a row."""

from __future__ import annotations

from tests.factories import audit_rota, day, person, rota, scenario, solve_quick

NIGHT_OWL = {"night_worker": True, "day_worker": False, "opted_out_48h": True, "max_hours_per_week": 60}


def _longest_run(days: list[int]) -> int:
    """Longest run of consecutive day numbers, computed here rather than by the rule."""
    longest = current = 0
    for d in range(max(days, default=-1) + 1):
        current = current + 1 if d in days else 0
        longest = max(longest, current)
    return longest


def _day_numbers(result, staff_id: str, shift: str | None = None) -> list[int]:
    return sorted((a.date - day(0)).days for a in result.rota.assignments
                  if a.staff_id == staff_id and shift in (None, a.shift))


# --- the solver never breaks it -------------------------------------------------------------


def test_solver_keeps_runs_of_days_within_the_limit():
    """With at most 2 days in a row, the only carer works 5 days (2+2+1), never 3 in a row."""
    sc = scenario([person("a")], rest={"max_consecutive_days": 2})
    result = solve_quick(sc)
    assert result.status == "OPTIMAL"
    assert audit_rota(sc, result.rota, "consecutive_work") == []
    assert _longest_run(_day_numbers(result, "a")) == 2
    assert len(_day_numbers(result, "a")) == 5


def test_with_the_default_limit_the_same_carer_works_six_days():
    """Control: with the default limit of 6 the same carer works 6 days, so the cap was binding."""
    assert len(_day_numbers(solve_quick(scenario([person("a")])), "a")) == 6


def test_solver_keeps_runs_of_nights_within_the_limit():
    """With at most 2 nights in a row, a night worker allowed 60 h works 5 nights, never 3 in a row."""
    sc = scenario([person("n", **NIGHT_OWL)], rest={"max_consecutive_nights": 2})
    result = solve_quick(sc)
    assert audit_rota(sc, result.rota, "consecutive_work") == []
    assert _longest_run(_day_numbers(result, "n", "N")) == 2
    assert len(_day_numbers(result, "n", "N")) == 5


def test_with_the_default_night_limit_the_same_worker_works_six_nights():
    """Control: with the default limit of 4 the same worker works 6 nights."""
    assert len(_day_numbers(solve_quick(scenario([person("n", **NIGHT_OWL)])), "n", "N")) == 6


# --- the audit detects hand-made breaches ---------------------------------------------------


def test_audit_flags_a_seven_day_run_once_with_its_length():
    """Over a fortnight, 7 days in a row then a break then 6 in a row: one finding, for the 7."""
    sc = scenario([person("a")], horizon={"start": "2026-11-23", "days": 14})
    r = rota(*[(d, "E", "res", "a") for d in (*range(7), *range(8, 14))])
    findings = audit_rota(sc, r, "consecutive_work")
    assert [(f.code, f.staff_id, f.date, f.amount) for f in findings] == [("too_many_days", "a", day(0), 7)]


def test_audit_flags_five_nights_in_a_row():
    """Five nights from Tuesday exceed the limit of 4: one too_many_nights finding dated Tuesday."""
    sc = scenario([person("n", night_worker=True)])
    findings = audit_rota(sc, rota(*[(d, "N", "res", "n") for d in range(1, 6)]), "consecutive_work")
    assert [(f.code, f.date, f.amount) for f in findings] == [("too_many_nights", day(1), 5)]


def test_audit_counts_days_and_nights_together_for_the_day_limit():
    """Three nights then four lates are seven working days in a row: one too_many_days finding."""
    sc = scenario([person("n", night_worker=True)])
    r = rota(*[(d, "N", "res", "n") for d in range(3)], *[(d, "L", "res", "n") for d in range(3, 7)])
    assert [f.code for f in audit_rota(sc, r, "consecutive_work")] == ["too_many_days"]


def test_audit_accepts_runs_at_the_limits():
    """Six days in a row, of which four nights in a row: no findings."""
    sc = scenario([person("n", night_worker=True)])
    r = rota(*[(d, "N", "res", "n") for d in range(4)], (4, "L", "res", "n"), (5, "L", "res", "n"))
    assert audit_rota(sc, r, "consecutive_work") == []


# --- minimum run of working days (a person's pattern) ----------------------------------------


def test_audit_flags_a_single_day_inside_the_horizon_below_a_minimum_of_two():
    sc = scenario([person("a", pattern={"min_consecutive_days": 2})])
    findings = audit_rota(sc, rota((0, "E", "res", "a"), (3, "E", "res", "a"), (6, "E", "res", "a")),
                          "consecutive_work")
    assert [(f.code, f.amount) for f in findings] == [("run_too_short", 1)]


def test_personal_maximum_is_stricter_than_the_home():
    sc = scenario([person("a", pattern={"max_consecutive_days": 2})])
    findings = audit_rota(sc, rota(*[(d, "E", "res", "a") for d in (1, 2, 3)]), "consecutive_work")
    assert [f.code for f in findings] == ["too_many_days"]


def test_solver_keeps_runs_at_least_the_minimum():
    sc = scenario([person("a", pattern={"min_consecutive_days": 3}), person("b")])
    result = solve_quick(sc)
    assert result.has_rota
    assert audit_rota(sc, result.rota, "consecutive_work") == []
