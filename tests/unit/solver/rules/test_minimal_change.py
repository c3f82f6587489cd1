"""Minimal change: after a late absence the solver keeps as much of the published rota as it can."""

from __future__ import annotations

from rota.solver.builder import build_model
from rota.solver.index import ProblemIndex
from tests.factories import audit_rota, day, person, rota, scenario, solve_quick

ONE_DAY = {"start": day(0).isoformat(), "days": 1}
TWO_DAYS = {"start": day(0).isoformat(), "days": 2}
EARLY_ONLY = [{"code": "E", "name": "Early", "start": "07:00", "end": "15:00", "paid_minutes": 450}]


def published(*rows):
    return [{"date": day(d).isoformat(), "shift": s, "unit": u, "staff_id": p} for d, s, u, p in rows]


PUBLISHED_TWO_DAYS = published(
    (0, "E", "res", "a"), (0, "E", "res", "b"), (0, "L", "res", "c"), (0, "L", "res", "d"), (0, "N", "res", "n1"),
    (1, "E", "res", "a"), (1, "E", "res", "b"), (1, "L", "res", "c"), (1, "L", "res", "d"), (1, "N", "res", "n2"),
)


def keys(assignments):
    return {(a["staff_id"], a["date"], a["shift"], a["unit"]) if isinstance(a, dict)
            else (a.staff_id, a.date.isoformat(), a.shift, a.unit) for a in assignments}


def test_one_absence_changes_only_the_absent_persons_shift():
    """Carer a falls ill on day 1: her early is given to the spare carer and nothing else moves."""
    leave = [{"start": day(1).isoformat(), "end": day(1).isoformat(), "kind": "sickness"}]
    staff = [person("a", leave=leave), *(person(p) for p in "bcde"),
             person("n1", night_worker=True, day_worker=False), person("n2", night_worker=True, day_worker=False)]
    sc = scenario(staff, horizon=TWO_DAYS, published_rota=PUBLISHED_TWO_DAYS)
    result = solve_quick(sc)
    before, after = keys(PUBLISHED_TWO_DAYS), keys(result.rota.assignments)
    assert before - after == {("a", day(1).isoformat(), "E", "res")}
    assert after - before == {("e", day(1).isoformat(), "E", "res")}
    assert result.gaps == []


def cheaper_spare(**weights):
    """The published early is worked by a £30 bank carer; a £10 bank carer is free."""
    staff = [person("dear", employment="bank", contracted_hours=0, hourly_cost=30),
             person("cheap", employment="bank", contracted_hours=0, hourly_cost=10)]
    return scenario(staff, horizon=ONE_DAY, shift_types=EARLY_ONLY,
                    residents=[{"id": "r1", "unit": "res", "band": "low"}],
                    floors={"min_care_staff_day": 1, "skill_floors": []},
                    published_rota=published((0, "E", "res", "dear")), weights=weights)


def test_published_rota_is_kept_when_change_is_weighted():
    """Swapping saves (30 - 10) x 7.5 x 10 = 1500 points but costs 2 changes x 2000: no swap."""
    assert [a.staff_id for a in solve_quick(cheaper_spare()).rota.assignments] == ["dear"]


def test_published_rota_is_rebuilt_when_change_weighs_nothing():
    """With changes weighted 0 pay decides and the cheaper carer takes the early."""
    result = solve_quick(cheaper_spare(change_from_published=0))
    assert [a.staff_id for a in result.rota.assignments] == ["cheap"]


def test_breakdown_counts_changes():
    """Keeping the published rota costs nothing; swapping its one early is 2 changes."""
    sc = cheaper_spare()
    [label] = {p.label for p in build_model(ProblemIndex(sc)).penalties if p.weight == "change_from_published"}
    assert solve_quick(sc).breakdown[label] == (0.0, 0)
    assert solve_quick(cheaper_spare(change_from_published=0)).breakdown[label] == (2.0, 0)


def test_audit_lists_removed_and_added_shifts():
    """A hand-made rota that moves one early to another carer gives one removed and one added warning."""
    sc = scenario([person("a"), person("b"), person("c")], horizon=TWO_DAYS, shift_types=EARLY_ONLY,
                  published_rota=published((0, "E", "res", "a"), (1, "E", "res", "a"), (1, "E", "res", "b")))
    r = rota((0, "E", "res", "a"), (1, "E", "res", "c"), (1, "E", "res", "b"))
    findings = audit_rota(sc, r, "minimal_change")
    assert [(f.code, f.staff_id, f.date, f.shift, f.unit, f.severity) for f in findings] == [
        ("removed", "a", day(1), "E", "res", "warning"),
        ("added", "c", day(1), "E", "res", "warning"),
    ]
    assert findings[0].message == "Person a taken off Tue 24 Nov early on Residential"
    assert findings[1].message == "Person c added to Tue 24 Nov early on Residential"


def test_audit_is_silent_without_a_published_rota():
    """With nothing published there is nothing to compare against."""
    sc = scenario([person("a")], horizon=ONE_DAY, shift_types=EARLY_ONLY)
    assert audit_rota(sc, rota((0, "E", "res", "a")), "minimal_change") == []
