"""days_off_runs: days off come in runs of at least N, except runs touching the horizon's edges."""

from __future__ import annotations

from tests.factories import audit_rota, person, rota, scenario, solve_quick


def _works(*days):
    return rota(*[(d, "E", "res", "a") for d in days])


def test_single_day_off_between_shifts_breaks_a_minimum_of_two():
    sc = scenario([person("a")], rest={"min_consecutive_days_off": 2})
    findings = audit_rota(sc, _works(0, 1, 3, 4), "days_off_runs")
    assert [(f.code, f.amount) for f in findings] == [("too_few_days_off", 1)]


def test_runs_touching_the_edges_may_be_shorter():
    """Day 0 off (start edge) and day 6 off (end edge) are allowed; so is the inner run of two."""
    sc = scenario([person("a")], rest={"min_consecutive_days_off": 2})
    assert audit_rota(sc, _works(1, 2, 5), "days_off_runs") == []


def test_default_minimum_of_one_adds_nothing():
    assert audit_rota(scenario([person("a")]), _works(0, 2, 4, 6), "days_off_runs") == []


def test_personal_pattern_raises_the_minimum():
    sc = scenario([person("a", pattern={"min_consecutive_days_off": 3})])
    assert [f.amount for f in audit_rota(sc, _works(0, 3, 4), "days_off_runs")] == [2]


def test_solver_never_leaves_a_single_day_off_inside_the_week():
    sc = scenario([person("a"), person("b")], rest={"min_consecutive_days_off": 2, "max_consecutive_days": 3})
    result = solve_quick(sc)
    assert result.has_rota
    assert audit_rota(sc, result.rota, "days_off_runs") == []
