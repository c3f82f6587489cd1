"""Home unit: staff work on their own unit where they can, because residents know them."""

from __future__ import annotations

from rota.solver.builder import build_model
from rota.solver.index import ProblemIndex
from tests.factories import audit_rota, day, person, rota, scenario, solve_quick

ONE_DAY = {"start": day(0).isoformat(), "days": 1}
EARLY_ONLY = [{"code": "E", "name": "Early", "start": "07:00", "end": "15:00", "paid_minutes": 450}]


def birch_needs_one(**weights):
    """Only Birch has a resident. Ash's bank carer (£10) may also work on Birch; Birch's own bank carer
    costs £20. Bank staff have no contract, so every hour is priced in full."""
    staff = [person("ash", home_unit="a", units=["b"], employment="bank", contracted_hours=0, hourly_cost=10),
             person("birch", home_unit="b", employment="bank", contracted_hours=0, hourly_cost=20)]
    return scenario(
        staff, horizon=ONE_DAY, shift_types=EARLY_ONLY,
        units=[{"id": "a", "name": "Ash", "kind": "residential", "beds": 5},
               {"id": "b", "name": "Birch", "kind": "residential", "beds": 5}],
        residents=[{"id": "r1", "unit": "b", "band": "low"}],
        floors={"min_care_staff_day": 1, "skill_floors": []}, weights=weights,
    )


def workers(result):
    return [(a.staff_id, a.unit) for a in result.rota.assignments]


def test_cheaper_visitor_covers_when_home_unit_weighs_little():
    """At the default 200 points a shift away, pay (750 points) sends Ash's carer to Birch."""
    assert workers(solve_quick(birch_needs_one())) == [("ash", "b")]


def test_home_unit_kept_when_its_weight_is_high():
    """At 5000 points a shift away, Birch's own carer covers Birch."""
    assert workers(solve_quick(birch_needs_one(off_home_unit_shift=5000))) == [("birch", "b")]


def test_breakdown_counts_shifts_off_the_home_unit():
    """Ash's carer on Birch is one shift away from home, priced at 200 points."""
    sc = birch_needs_one()
    [label] = {p.label for p in build_model(ProblemIndex(sc)).penalties if p.weight == "off_home_unit_shift"}
    assert solve_quick(sc).breakdown[label] == (1.0, 200)


def test_audit_reports_nothing_for_home_unit():
    """Working away from the home unit is priced, not reported."""
    assert audit_rota(birch_needs_one(), rota((0, "E", "b", "ash")), "home_unit") == []
