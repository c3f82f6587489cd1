"""agency_limits: agency staff capped per shift, never alone in their role, always beside a permanent colleague."""

from __future__ import annotations

from tests.factories import audit_rota, day, person, rota, scenario, solve_quick


def agency(staff_id: str, **fields):
    return person(staff_id, employment="agency", **fields)


def _on_shift(result) -> dict[tuple, set[str]]:
    """Who works each (date, shift, unit)."""
    teams: dict[tuple, set[str]] = {}
    for a in result.rota.assignments:
        teams.setdefault((a.date, a.shift, a.unit), set()).add(a.staff_id)
    return teams


def _shifts_with(result, staff_id: str) -> list[set[str]]:
    return [team for team in _on_shift(result).values() if staff_id in team]


# --- the solver never breaks it -------------------------------------------------------------


def test_solver_never_leaves_agency_without_an_employed_colleague():
    """A 28 h permanent carer and an agency carer: agency works only beside the permanent carer."""
    sc = scenario([person("p", contracted_hours=20), agency("ag")])
    result = solve_quick(sc)
    assert result.status == "OPTIMAL"
    assert audit_rota(sc, result.rota, "agency_limits") == []
    assert _shifts_with(result, "ag") and all("p" in team for team in _shifts_with(result, "ag"))


def test_solver_never_uses_agency_beside_only_a_bank_colleague():
    """A bank carer is employed but not permanent, so the agency carer is never used beside them."""
    sc = scenario([person("b", employment="bank"), agency("ag")])
    result = solve_quick(sc)
    assert audit_rota(sc, result.rota, "agency_limits") == []
    assert _shifts_with(result, "ag") == []


def test_without_the_familiar_colleague_policy_agency_works_beside_bank():
    """Control: switching off require_familiar_permanent_colleague lets agency work with the bank carer."""
    sc = scenario([person("b", employment="bank"), agency("ag")],
                  agency={"require_familiar_permanent_colleague": False})
    result = solve_quick(sc)
    assert audit_rota(sc, result.rota, "agency_limits") == []
    assert _shifts_with(result, "ag") and all("b" in team for team in _shifts_with(result, "ag"))


def test_solver_never_uses_an_agency_senior_without_an_employed_senior():
    """A permanent carer is a familiar colleague but not the same role: the agency senior stays unused."""
    sc = scenario([person("p"), agency("as", role="senior")])
    assert _shifts_with(solve_quick(sc), "as") == []


def _busy_unit(**agency_policy):
    """Three permanent and three agency carers on a unit needing four carers a day shift."""
    residents = [{"id": f"r{i}", "unit": "res", "band": "very_high"} for i in range(10)]
    staff = [*(person(f"p{i}") for i in range(3)), *(agency(f"ag{i}") for i in range(3))]
    return scenario(staff, residents=residents, agency=agency_policy)


def _most_agency_on_a_shift(result) -> int:
    return max(sum(s.startswith("ag") for s in team) for team in _on_shift(result).values())


def test_solver_caps_agency_per_unit_shift():
    """On a busy unit the solver never puts more than one agency carer on a shift."""
    sc = _busy_unit()
    result = solve_quick(sc)
    assert audit_rota(sc, result.rota, "agency_limits") == []
    assert _most_agency_on_a_shift(result) == 1


def test_raising_the_cap_lets_the_solver_use_two_agency():
    """Control: max_per_unit_shift=2 leads to two agency carers on some shift, so the cap was binding."""
    assert _most_agency_on_a_shift(solve_quick(_busy_unit(max_per_unit_shift=2))) == 2


# --- the audit detects hand-made breaches ---------------------------------------------------


def test_audit_flags_agency_working_alone():
    """Agency alone on a shift: over the 50% share, alone in role, no familiar colleague."""
    sc = scenario([agency("ag")])
    findings = audit_rota(sc, rota((0, "E", "res", "ag")), "agency_limits")
    assert sorted((f.code, f.date, f.shift) for f in findings) == [
        ("agency_share", day(0), "E"), ("alone_in_role", day(0), "E"), ("no_familiar_colleague", day(0), "E")]
    assert {f.staff_id for f in findings if f.code != "agency_share"} == {"ag"}


def test_audit_flags_two_agency_on_one_shift():
    """Two agency beside one permanent carer: over the cap of 1 and over the 50% share, nothing else."""
    sc = scenario([person("p"), agency("ag1"), agency("ag2")])
    r = rota((1, "L", "res", "p"), (1, "L", "res", "ag1"), (1, "L", "res", "ag2"))
    findings = audit_rota(sc, r, "agency_limits")
    assert sorted((f.code, f.date, f.amount) for f in findings) == [
        ("agency_share", day(1), None), ("too_many_agency", day(1), 2)]


def test_audit_flags_agency_beside_only_a_bank_colleague():
    """A bank carer fills the role but is not a familiar permanent colleague: one finding."""
    sc = scenario([person("b", employment="bank"), agency("ag")])
    findings = audit_rota(sc, rota((2, "E", "res", "b"), (2, "E", "res", "ag")), "agency_limits")
    assert [(f.code, f.staff_id) for f in findings] == [("no_familiar_colleague", "ag")]


def test_audit_accepts_agency_beside_a_permanent_colleague_of_the_same_role():
    """One agency carer with one permanent carer: exactly 50%, no findings."""
    sc = scenario([person("p"), agency("ag")])
    assert audit_rota(sc, rota((3, "E", "res", "p"), (3, "E", "res", "ag")), "agency_limits") == []
