"""eligibility: people work only on their units and only the shifts they may do (no nights under 18)."""

from __future__ import annotations

import copy

from tests.factories import BASE, audit_rota, day, person, rota, scenario, solve_quick

NURSING = {"id": "nur", "name": "Nursing", "kind": "nursing", "beds": 10}
TWO_UNITS = [*BASE["units"], NURSING]
# A night paid 8 h, so an under-18 is kept off it by eligibility alone, not by the 8 h daily limit.
EIGHT_HOUR_NIGHT = {"code": "N", "name": "Night", "start": "21:45", "end": "07:15", "paid_minutes": 480,
                    "night": True}


def _shifts(result, staff_id: str) -> list[str]:
    return [a.shift for a in result.rota.assignments if a.staff_id == staff_id]


# --- the solver never breaks it -------------------------------------------------------------


def test_solver_keeps_night_only_staff_on_nights():
    """A night-only carer is the only staff member, yet is never put on the uncovered day shifts."""
    sc = scenario([person("n", night_worker=True, day_worker=False)])
    result = solve_quick(sc)
    assert result.status == "OPTIMAL"
    assert audit_rota(sc, result.rota, "eligibility") == []
    assert _shifts(result, "n") and set(_shifts(result, "n")) == {"N"}


def test_solver_never_puts_an_under_18_on_nights():
    """With only night shifts to cover, an under-18 night worker is given no shifts at all."""
    sc = scenario([person("u", under_18=True, night_worker=True)], shift_types=[EIGHT_HOUR_NIGHT])
    result = solve_quick(sc)
    assert result.status == "OPTIMAL"
    assert _shifts(result, "u") == []


def test_the_same_night_worker_aged_18_does_cover_nights():
    """Control for the test above: without under_18 the same person works the nights."""
    sc = scenario([person("u", night_worker=True)], shift_types=[EIGHT_HOUR_NIGHT])
    assert set(_shifts(solve_quick(sc), "u")) == {"N"}


def _only_nursing_needs_cover(**fields):
    """Residents only on the nursing unit, no skill floors: the residential carer has nothing to do."""
    return scenario([person("a", **fields)], units=TWO_UNITS, floors={"skill_floors": []},
                    residents=[{"id": "r1", "unit": "nur", "band": "high"}])


def test_solver_keeps_staff_on_units_they_may_work_on():
    """A short-staffed nursing unit does not borrow a carer set up only for the residential unit."""
    sc = _only_nursing_needs_cover()
    result = solve_quick(sc)
    assert result.status == "OPTIMAL"
    assert [a for a in result.rota.assignments if a.unit == "nur"] == []


def test_the_same_carer_set_up_for_both_units_does_help():
    """Control for the test above: listing the nursing unit in `units` lets the carer cover it."""
    result = solve_quick(_only_nursing_needs_cover(units=["nur"]))
    assert {a.unit for a in result.rota.assignments} == {"nur"}


def test_solver_does_not_count_an_expired_competence_as_cover():
    """Cover (not eligibility) owns skills: an expired medication competence leaves every shift short."""
    sc = scenario([person("x", skills=[{"skill": "medication", "expires": "2026-11-01"}])])
    result = solve_quick(sc)
    worked = {(a.date, a.shift) for a in result.rota.assignments}
    short = {(f.date, f.shift) for f in result.findings if f.code == "short_skill" and f.subject == "medication"}
    assert worked and worked <= short


def test_fixing_an_under_18_on_a_night_is_explained_as_an_eligibility_conflict():
    """A pinned night for an under-18 is infeasible, and the conflict names eligibility."""
    fixed = [{"date": "2026-11-24", "shift": "N", "unit": "res", "staff_id": "u"}]
    sc = scenario([person("u", under_18=True, night_worker=True)], shift_types=[EIGHT_HOUR_NIGHT],
                  fixed_assignments=fixed)
    result = solve_quick(sc)
    assert result.status == "INFEASIBLE"
    assert {(c.rule, c.staff_id, c.date) for c in result.conflicts} == {
        ("eligibility", "u", day(1)), ("fixed_assignments", "u", day(1))}


# --- the audit detects hand-made breaches ---------------------------------------------------


def test_audit_flags_each_ineligible_shift():
    """Night-only on an Early, under-18 on a Night, day-only on a Night (each also works a valid shift): three."""
    sc = scenario([person("n", night_worker=True, day_worker=False), person("u", under_18=True, night_worker=True),
                   person("d")])
    r = rota((0, "E", "res", "n"), (3, "N", "res", "n"), (1, "N", "res", "u"), (4, "E", "res", "u"),
             (2, "N", "res", "d"), (5, "E", "res", "d"))
    findings = audit_rota(sc, r, "eligibility")
    assert [(f.code, f.staff_id, f.date, f.shift) for f in findings] == [
        ("not_eligible", "n", day(0), "E"), ("not_eligible", "u", day(1), "N"), ("not_eligible", "d", day(2), "N")]


def test_audit_flags_work_on_a_unit_the_person_is_not_set_up_for():
    """Working on the nursing unit without it in `units` is one finding; with it, none."""
    sc = scenario([person("a"), person("b", units=["nur"])], units=TWO_UNITS)
    findings = audit_rota(sc, rota((0, "E", "nur", "a"), (0, "E", "nur", "b")), "eligibility")
    assert [(f.staff_id, f.unit) for f in findings] == [("a", "nur")]


def test_audit_flags_a_shift_the_unit_does_not_run():
    """A Night on a unit whose shift list excludes nights is one finding."""
    shifts = copy.deepcopy(BASE["shift_types"])
    shifts[2]["units"] = []
    sc = scenario([person("n", night_worker=True)], shift_types=shifts)
    assert [f.shift for f in audit_rota(sc, rota((3, "N", "res", "n")), "eligibility")] == ["N"]


def test_audit_skill_expiry_is_inclusive_of_its_last_day():
    """Medication valid to Tue counts on Mon and Tue, not Wed: one medication gap, on Wed."""
    sc = scenario([person("x", skills=[{"skill": "medication", "expires": "2026-11-24"}])],
                  horizon={"start": "2026-11-23", "days": 3},
                  shift_types=[{"code": "E", "name": "Early", "start": "07:00", "end": "15:00"}],
                  floors={"skill_floors": [{"skill": "medication", "minimum": 1, "scope": "unit"}]})
    findings = audit_rota(sc, rota(*[(d, "E", "res", "x") for d in range(3)]), "coverage")
    assert [f.date for f in findings if f.subject == "medication"] == [day(2)]


def test_audit_accepts_a_clean_rota():
    """Night-only on a Night, under-18 and day carer on days: no findings."""
    sc = scenario([person("n", night_worker=True, day_worker=False), person("u", under_18=True), person("d")])
    r = rota((0, "N", "res", "n"), (0, "E", "res", "u"), (0, "L", "res", "d"))
    assert audit_rota(sc, r, "eligibility") == []
