"""one_shift_per_day: at most one shift a day and never two shifts that overlap in time."""

from __future__ import annotations

from collections import Counter

from tests.factories import audit_rota, day, person, rota, scenario, solve_quick

# --- the solver never breaks it -------------------------------------------------------------


def test_solver_gives_one_person_at_most_one_shift_a_day():
    """The only carer, with every shift short, still works at most one shift per day."""
    sc = scenario([person("a", night_worker=True, opted_out_48h=True, max_hours_per_week=60)])
    result = solve_quick(sc)
    assert result.status == "OPTIMAL"
    assert audit_rota(sc, result.rota, "one_shift_per_day") == []
    assert max(Counter(a.date for a in result.rota.assignments).values()) == 1


def _night_then_early(early_start: str):
    """Two days, two single-shift units: the only demand is a Night on day 0 and an Early on day 1.

    Minimum rest is switched off so that only the overlap rule can stand between the two.
    """
    return scenario(
        [person("n", night_worker=True, home_unit="night", units=["early"])],
        horizon={"start": "2026-11-23", "days": 2},
        units=[{"id": "night", "name": "Night unit", "kind": "residential", "beds": 5},
               {"id": "early", "name": "Early unit", "kind": "residential", "beds": 5}],
        shift_types=[
            {"code": "N", "name": "Night", "start": "21:45", "end": "07:15", "night": True, "units": ["night"]},
            {"code": "E", "name": "Early", "start": early_start, "end": "15:00", "units": ["early"]},
        ],
        residents=[{"id": "r1", "unit": "night", "band": "high", "discharged": "2026-11-23"},
                   {"id": "r2", "unit": "early", "band": "high", "admitted": "2026-11-24"}],
        floors={"skill_floors": []},
        rest={"min_rest_hours": 0},
    )


def test_solver_never_pairs_a_night_with_the_overlapping_next_early():
    """Night to 07:15 and an Early from 07:00 overlap: the one night worker covers only one of them."""
    sc = _night_then_early("07:00")
    result = solve_quick(sc)
    assert result.status == "OPTIMAL"
    assert audit_rota(sc, result.rota, "one_shift_per_day") == []
    assert len(result.rota.assignments) == 1


def test_an_early_starting_after_the_night_ends_may_follow_it():
    """Control: an Early from 07:30 no longer overlaps, so the same person covers both."""
    result = solve_quick(_night_then_early("07:30"))
    assert [(a.date, a.shift) for a in result.rota.assignments] == [(day(0), "N"), (day(1), "E")]


# --- the audit detects hand-made breaches ---------------------------------------------------


def test_audit_flags_two_shifts_on_one_day_and_a_night_overlapping_an_early():
    """Early+Late on Mon (one finding) and Tue Night then Wed Early (one overlap): two findings."""
    sc = scenario([person("a"), person("n", night_worker=True)])
    r = rota((0, "E", "res", "a"), (0, "L", "res", "a"), (1, "N", "res", "n"), (2, "E", "res", "n"))
    findings = audit_rota(sc, r, "one_shift_per_day")
    assert sorted((f.code, f.staff_id, f.date, f.shift) for f in findings) == [
        ("overlap", "n", day(2), "E"), ("two_shifts_one_day", "a", day(0), "L")]


def test_audit_flags_each_extra_shift_on_a_day():
    """Early, Late and Night on the same day: two extra shifts, two findings."""
    sc = scenario([person("a", night_worker=True)])
    r = rota((3, "E", "res", "a"), (3, "L", "res", "a"), (3, "N", "res", "a"))
    assert [f.code for f in audit_rota(sc, r, "one_shift_per_day")] == ["two_shifts_one_day"] * 2


def test_audit_accepts_back_to_back_nights_and_a_late_after_a_night():
    """Night->Night and Night->next-day Late do not overlap: no findings."""
    sc = scenario([person("n", night_worker=True)])
    r = rota((0, "N", "res", "n"), (1, "N", "res", "n"), (2, "L", "res", "n"))
    assert audit_rota(sc, r, "one_shift_per_day") == []
