"""fixed_assignments: shifts the manager pins are honoured, and contradictions are explained."""

from __future__ import annotations

from datetime import date

from rota.domain.rota import Assignment
from tests.factories import audit_rota, day, person, rota, scenario, solve_quick


def pin(staff_id: str, d: int, shift: str, unit: str = "res") -> dict:
    return {"date": day(d).isoformat(), "shift": shift, "unit": unit, "staff_id": staff_id}


def _quiet_home(*fixed: dict, **fields):
    """No residents, no skill floors, no contract to fill: left alone, the solver rosters nobody."""
    return scenario([person("a", contracted_hours=0, max_hours_per_week=48, **fields)], residents=[],
                    floors={"skill_floors": []}, fixed_assignments=list(fixed))


# --- the solver never breaks it -------------------------------------------------------------


def test_solver_rosters_nobody_in_a_home_with_no_demand():
    """Control for the tests below: with nothing pinned, the rota is empty."""
    assert solve_quick(_quiet_home()).rota.assignments == ()


def test_solver_honours_a_fixed_assignment_it_would_not_choose():
    """A pinned Wednesday late is the only shift rostered, although it adds cost and over-staffing."""
    sc = _quiet_home(pin("a", 2, "L"))
    result = solve_quick(sc)
    assert result.status == "OPTIMAL"
    assert audit_rota(sc, result.rota, "fixed_assignments") == []
    assert result.rota.assignments == (Assignment(date=day(2), shift="L", unit="res", staff_id="a"),)


def test_fixed_assignment_on_a_leave_day_is_infeasible_and_names_both_rules():
    """Pinning a carer on her leave day gives INFEASIBLE, explained by the leave and the pin."""
    sc = _quiet_home(pin("a", 2, "L"), leave=[{"start": "2026-11-25", "end": "2026-11-25"}])
    result = solve_quick(sc)
    assert result.status == "INFEASIBLE"
    assert result.rota.assignments == ()
    assert sorted((c.rule, c.staff_id, c.date) for c in result.conflicts) == [
        ("fixed_assignments", "a", date(2026, 11, 25)), ("leave", "a", date(2026, 11, 25))]


def test_fixed_late_then_early_is_infeasible_and_names_min_rest():
    """Pinning a Late and the next day's Early (9 h rest) is explained by min_rest and both pins."""
    sc = _quiet_home(pin("a", 0, "L"), pin("a", 1, "E"))
    result = solve_quick(sc)
    assert result.status == "INFEASIBLE"
    assert sorted((c.rule, c.date) for c in result.conflicts if c.rule == "fixed_assignments") == [
        ("fixed_assignments", day(0)), ("fixed_assignments", day(1))]
    assert "min_rest" in {c.rule for c in result.conflicts}


def test_compatible_fixed_assignments_are_all_honoured():
    """Three pins that break no rule (Early, Late, day off, Night) all appear in the rota."""
    sc = _quiet_home(pin("a", 0, "E"), pin("a", 1, "L"), pin("a", 3, "N"), night_worker=True)
    result = solve_quick(sc)
    assert {(a.date, a.shift) for a in result.rota.assignments} == {(day(0), "E"), (day(1), "L"), (day(3), "N")}


# --- the audit detects hand-made breaches ---------------------------------------------------


def test_audit_flags_each_missing_fixed_assignment():
    """Two pins, one rostered on the wrong shift and one not at all: two `missing` findings."""
    sc = _quiet_home(pin("a", 0, "E"), pin("a", 2, "L"), pin("a", 4, "E"))
    r = rota((0, "E", "res", "a"), (2, "E", "res", "a"))
    findings = audit_rota(sc, r, "fixed_assignments")
    assert [(f.code, f.staff_id, f.date, f.shift) for f in findings] == [
        ("missing", "a", day(2), "L"), ("missing", "a", day(4), "E")]


def test_audit_accepts_a_rota_containing_every_pin():
    """Every pinned shift rostered, plus an extra one: no findings."""
    sc = _quiet_home(pin("a", 0, "E"), pin("a", 2, "L"))
    r = rota((0, "E", "res", "a"), (2, "L", "res", "a"), (4, "E", "res", "a"))
    assert audit_rota(sc, r, "fixed_assignments") == []
