"""new_starters: a carer without a completed Care Certificate never works without an independent carer."""

from __future__ import annotations

from tests.factories import audit_rota, day, person, rota, scenario, solve_quick


def _teams_with(result, staff_id: str) -> list[set[str]]:
    teams: dict[tuple, set[str]] = {}
    for a in result.rota.assignments:
        teams.setdefault((a.date, a.shift, a.unit), set()).add(a.staff_id)
    return [team for team in teams.values() if staff_id in team]


def _new_starter_and_part_timer(**safety):
    """A new starter holding every skill, and a 28 h experienced carer holding none: both are needed."""
    return scenario([person("new", care_certificate_complete=False), person("exp", contracted_hours=20, skills=[])],
                    safety=safety)


# --- the solver never breaks it -------------------------------------------------------------


def test_solver_never_leaves_a_new_starter_alone():
    """The new starter works only on shifts where the experienced carer also works."""
    sc = _new_starter_and_part_timer()
    result = solve_quick(sc)
    assert result.status == "OPTIMAL"
    assert audit_rota(sc, result.rota, "new_starters") == []
    assert _teams_with(result, "new") and all("exp" in team for team in _teams_with(result, "new"))


def test_without_the_policy_the_new_starter_works_alone():
    """Control: with new_starter_needs_colleague off, the new starter covers some shifts alone."""
    result = solve_quick(_new_starter_and_part_timer(new_starter_needs_colleague=False))
    assert any(team == {"new"} for team in _teams_with(result, "new"))


def test_two_new_starters_do_not_make_each_other_independent():
    """Two new starters and no one else: neither is ever rostered."""
    sc = scenario([person("n1", care_certificate_complete=False), person("n2", care_certificate_complete=False)])
    assert solve_quick(sc).rota.assignments == ()


# --- the audit detects hand-made breaches ---------------------------------------------------


def test_audit_flags_each_new_starter_without_an_independent_carer():
    """One new starter alone on Mon and two together on Tue: three findings, one per person-shift."""
    sc = scenario([person(s, care_certificate_complete=False) for s in ("n1", "n2")])
    r = rota((0, "E", "res", "n1"), (1, "L", "res", "n1"), (1, "L", "res", "n2"))
    findings = audit_rota(sc, r, "new_starters")
    assert sorted((f.code, f.staff_id, f.date) for f in findings) == [
        ("lone_new_starter", "n1", day(0)), ("lone_new_starter", "n1", day(1)), ("lone_new_starter", "n2", day(1))]


def test_audit_accepts_a_new_starter_beside_an_independent_carer():
    """A new starter with an experienced carer on the same unit-shift: no finding."""
    sc = scenario([person("new", care_certificate_complete=False), person("exp")])
    assert audit_rota(sc, rota((2, "E", "res", "new"), (2, "E", "res", "exp")), "new_starters") == []


def test_audit_a_colleague_on_another_shift_does_not_count():
    """The experienced carer on the Early does not cover the new starter on the Late: one finding."""
    sc = scenario([person("new", care_certificate_complete=False), person("exp")])
    findings = audit_rota(sc, rota((2, "L", "res", "new"), (2, "E", "res", "exp")), "new_starters")
    assert [(f.staff_id, f.shift) for f in findings] == [("new", "L")]
