"""Staff requests: day off, shift wanted and shift not wanted, priced by the request's weight."""

from __future__ import annotations

from tests.factories import audit_rota, day, person, rota, scenario, solve_quick

ONE_DAY = {"start": day(0).isoformat(), "days": 1}
EARLY = {"code": "E", "name": "Early", "start": "07:00", "end": "15:00", "paid_minutes": 450}
LATE = {"code": "L", "name": "Late", "start": "14:00", "end": "22:00", "paid_minutes": 480}
ONE_RESIDENT = [{"id": "r1", "unit": "res", "band": "low"}]
ONE_CARER = {"min_care_staff_day": 1, "skill_floors": []}


def bank(staff_id, cost, **fields):
    """A bank carer: no contract, so every hour she works costs her full pay."""
    return person(staff_id, employment="bank", contracted_hours=0, hourly_cost=cost, **fields)


def day_off_scenario(request_weight=1, **weights):
    """One early, one carer needed: the £10 carer asked for the day off, the other costs £20."""
    staff = [bank("cheap", 10, requests=[{"kind": "day_off", "date": day(0).isoformat(), "weight": request_weight}]),
             bank("dear", 20)]
    return scenario(staff, horizon=ONE_DAY, shift_types=[EARLY], residents=ONE_RESIDENT,
                    floors=ONE_CARER, weights=weights)


def shift_scenario(request, **weights):
    """An early (7.5 h paid) and a late (8 h paid), one carer each. Pay alone puts the £10 carer on the
    longer late: (20 - 10) x 0.5 h x 10 = 50 points."""
    staff = [bank("cheap", 10, requests=[request]), bank("dear", 20)]
    return scenario(staff, horizon=ONE_DAY, shift_types=[EARLY, LATE], residents=ONE_RESIDENT,
                    floors=ONE_CARER, weights=weights)


def workers(result):
    return {a.staff_id: a.shift for a in result.rota.assignments}


def test_day_off_ignored_when_requests_weigh_nothing():
    """With requests weighted 0, pay (750 points) puts the cheaper carer on her requested day off."""
    assert workers(solve_quick(day_off_scenario(request_unmet_per_weight=0))) == {"cheap": "E"}


def test_day_off_honoured_when_requests_weigh_heavily():
    """At 1000 points per request weight the day off outweighs the 750-point saving."""
    assert workers(solve_quick(day_off_scenario(request_unmet_per_weight=1000))) == {"dear": "E"}


def test_request_weight_scales_the_penalty():
    """At the default 300 points, a weight-1 request loses to pay and a weight-10 request wins."""
    assert workers(solve_quick(day_off_scenario(request_weight=1))) == {"cheap": "E"}
    assert workers(solve_quick(day_off_scenario(request_weight=10))) == {"dear": "E"}


def test_shift_wanted_is_honoured():
    """Asking for the early beats the 50-point saving of putting her on the late."""
    request = {"kind": "shift_wanted", "date": day(0).isoformat(), "shift": "E"}
    assert workers(solve_quick(shift_scenario(request))) == {"cheap": "E", "dear": "L"}
    assert workers(solve_quick(shift_scenario(request, request_unmet_per_weight=0))) == {"cheap": "L", "dear": "E"}


def test_shift_not_wanted_is_honoured():
    """Asking not to work the late beats the 50-point saving of putting her on it."""
    request = {"kind": "shift_not_wanted", "date": day(0).isoformat(), "shift": "L"}
    assert workers(solve_quick(shift_scenario(request))) == {"cheap": "E", "dear": "L"}
    assert workers(solve_quick(shift_scenario(request, request_unmet_per_weight=0))) == {"cheap": "L", "dear": "E"}


def test_audit_warns_for_each_unmet_request_with_its_weight():
    """Three unmet requests give three warnings; a met day-off request gives none."""
    staff = [
        person("a", requests=[{"kind": "day_off", "date": day(0).isoformat(), "weight": 3},
                              {"kind": "shift_wanted", "date": day(1).isoformat(), "shift": "L", "weight": 2}]),
        person("b", requests=[{"kind": "shift_not_wanted", "date": day(0).isoformat(), "shift": "E"}]),
        person("c", requests=[{"kind": "day_off", "date": day(1).isoformat()}]),
    ]
    sc = scenario(staff, horizon={"start": day(0).isoformat(), "days": 2}, shift_types=[EARLY, LATE])
    r = rota((0, "E", "res", "a"), (1, "E", "res", "a"), (0, "E", "res", "b"), (0, "L", "res", "c"))
    findings = audit_rota(sc, r, "staff_requests")
    assert sorted((f.code, f.staff_id, f.date, f.shift, f.amount) for f in findings) == [
        ("unmet_day_off", "a", day(0), None, 3),
        ("unmet_shift_not_wanted", "b", day(0), "E", 1),
        ("unmet_shift_wanted", "a", day(1), "L", 2),
    ]
    assert all(f.severity == "warning" for f in findings)
    assert any(f.message == "Person a asked a day off on Mon 23 Nov (weight 3); not met" for f in findings)
