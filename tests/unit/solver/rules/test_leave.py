"""leave: nobody is rostered on a day of leave or unavailability, whatever the cover."""

from __future__ import annotations

from tests.factories import audit_rota, day, person, rota, scenario, solve_quick

TUE_TO_THU = [{"start": "2026-11-24", "end": "2026-11-26"}]


def _days(result, staff_id: str) -> set:
    return {a.date for a in result.rota.assignments if a.staff_id == staff_id}


# --- the solver never breaks it -------------------------------------------------------------


def test_solver_never_rosters_anyone_on_leave():
    """The only carer is on leave Tue-Thu: those days go uncovered and she works the other four."""
    sc = scenario([person("a", leave=TUE_TO_THU)])
    result = solve_quick(sc)
    assert result.status == "OPTIMAL"
    assert audit_rota(sc, result.rota, "leave") == []
    assert _days(result, "a") == {day(0), day(4), day(5), day(6)}


def test_without_leave_the_same_carer_works_six_days():
    """Control: the same carer without leave works six days, so leave was what kept her off."""
    assert len(_days(solve_quick(scenario([person("a")])), "a")) == 6


def test_solver_respects_single_unavailable_dates():
    """An `unavailable` date is respected like leave, also for a night worker."""
    sc = scenario([person("n", night_worker=True, unavailable=["2026-11-25", "2026-11-27"])])
    result = solve_quick(sc)
    assert audit_rota(sc, result.rota, "leave") == []
    assert _days(result, "n") and not _days(result, "n") & {day(2), day(4)}


def test_a_shift_pinned_on_a_leave_day_is_refused_not_dropped():
    """Pinning the carer on a leave day makes the scenario infeasible, with leave named in the conflict."""
    fixed = [{"date": "2026-11-25", "shift": "E", "unit": "res", "staff_id": "a"}]
    result = solve_quick(scenario([person("a", leave=TUE_TO_THU)], fixed_assignments=fixed))
    assert result.status == "INFEASIBLE"
    assert ("leave", "a", day(2)) in {(c.rule, c.staff_id, c.date) for c in result.conflicts}


# --- the audit detects hand-made breaches ---------------------------------------------------


def test_audit_flags_each_shift_worked_on_leave():
    """Two shifts inside Tue-Thu leave and one outside give exactly two findings."""
    sc = scenario([person("a", leave=TUE_TO_THU)])
    r = rota((0, "E", "res", "a"), (1, "E", "res", "a"), (3, "L", "res", "a"), (4, "E", "res", "a"))
    findings = audit_rota(sc, r, "leave")
    assert [(f.code, f.staff_id, f.date, f.shift) for f in findings] == [
        ("works_on_leave", "a", day(1), "E"), ("works_on_leave", "a", day(3), "L")]


def test_audit_flags_work_on_an_unavailable_date():
    """A shift on an `unavailable` date is one finding; the day after is fine."""
    sc = scenario([person("b", unavailable=["2026-11-28"])])
    findings = audit_rota(sc, rota((5, "E", "res", "b"), (6, "E", "res", "b")), "leave")
    assert [(f.staff_id, f.date) for f in findings] == [("b", day(5))]


def test_audit_a_night_starting_the_evening_before_leave_is_fine():
    """A shift belongs to its start day: Monday's night ending Tuesday 07:15 is not on leave."""
    sc = scenario([person("n", night_worker=True, leave=TUE_TO_THU)])
    assert audit_rota(sc, rota((0, "N", "res", "n")), "leave") == []
