"""weekends_worked: a cap on weekends worked over the horizon, from the home's rules or a person's pattern."""

from __future__ import annotations

from tests.factories import audit_rota, person, rota, scenario, solve_quick

TWO_WEEKS = {"start": "2026-11-23", "days": 14}


def test_audit_flags_a_third_weekend_worked_over_the_cap_of_two():
    """Saturday of week 1, Sunday of week 2: two weekends; with a cap of one that is a breach."""
    sc = scenario([person("a")], horizon=TWO_WEEKS, rest={"max_weekends_worked": 1})
    findings = audit_rota(sc, rota((5, "E", "res", "a"), (13, "E", "res", "a")), "weekends_worked")
    assert [f.code for f in findings] == ["too_many_weekends"]
    assert findings[0].amount == 2


def test_saturday_and_sunday_of_one_weekend_count_once():
    sc = scenario([person("a")], horizon=TWO_WEEKS, rest={"max_weekends_worked": 1})
    assert audit_rota(sc, rota((5, "E", "res", "a"), (6, "E", "res", "a")), "weekends_worked") == []


def test_no_cap_by_default():
    sc = scenario([person("a")], horizon=TWO_WEEKS)
    assert audit_rota(sc, rota((5, "E", "res", "a"), (13, "E", "res", "a")), "weekends_worked") == []


def test_personal_pattern_is_stricter_than_the_home():
    sc = scenario([person("a", pattern={"max_weekends": 0})], horizon=TWO_WEEKS, rest={"max_weekends_worked": 2})
    assert [f.code for f in audit_rota(sc, rota((6, "E", "res", "a")), "weekends_worked")] == ["too_many_weekends"]


def test_solver_keeps_the_cap():
    """One carer, demand every day: without a cap she works both weekends; with a cap of one, one weekend."""
    def weekends(result):
        return {a.date.isocalendar().week for a in result.rota.assignments if a.date.weekday() >= 5}

    assert len(weekends(solve_quick(scenario([person("a")], horizon=TWO_WEEKS)))) == 2
    capped = scenario([person("a")], horizon=TWO_WEEKS, rest={"max_weekends_worked": 1})
    result = solve_quick(capped)
    assert len(weekends(result)) == 1
    assert audit_rota(capped, result.rota, "weekends_worked") == []
