"""Cost: paid hours are priced at the person's hourly cost, so cheaper cover is preferred."""

from __future__ import annotations

from rota.solver.builder import build_model
from rota.solver.index import ProblemIndex
from tests.factories import audit_rota, day, person, rota, scenario, solve_quick

ONE_DAY = {"start": day(0).isoformat(), "days": 1}
EARLY_ONLY = [{"code": "E", "name": "Early", "start": "07:00", "end": "15:00", "paid_minutes": 450}]
ONE_RESIDENT = [{"id": "r1", "unit": "res", "band": "low"}]
ONE_CARER = {"min_care_staff_day": 1, "skill_floors": []}
DAY_OFF = [{"kind": "day_off", "date": day(0).isoformat()}]


def one_early(**weights):
    """One early needing one carer: a £10 bank carer who asked for the day off, or a £30 bank carer.

    Bank staff have no contract, so every hour they work is an extra cost whatever the pay model.
    """
    staff = [person("cheap", employment="bank", contracted_hours=0, hourly_cost=10, requests=DAY_OFF),
             person("dear", employment="bank", contracted_hours=0, hourly_cost=30)]
    return scenario(staff, horizon=ONE_DAY, shift_types=EARLY_ONLY, residents=ONE_RESIDENT,
                    floors=ONE_CARER, weights=weights)


def workers(result):
    return [a.staff_id for a in result.rota.assignments]


def priced(result, sc, weight):
    """The breakdown entry (raw amount, points) of the penalty priced by `weight`."""
    [label] = {p.label for p in build_model(ProblemIndex(sc)).penalties if p.weight == weight}
    return result.breakdown[label]


def test_cheaper_person_is_chosen_when_cost_is_weighted():
    """At the default weight the £10 carer works despite her day-off request."""
    # Pay: (30 - 10) x 7.5 h x 10 points = 1500; her unmet weight-1 request: 300 points.
    assert workers(solve_quick(one_early())) == ["cheap"]


def test_without_cost_weight_the_request_wins():
    """With cost weighted 0 nothing outweighs her request and the £30 carer works."""
    assert workers(solve_quick(one_early(cost_per_pound=0))) == ["dear"]


def test_breakdown_prices_the_pay_cost():
    """One 7.5 h early at £10 an hour is £75, worth 750 points at 10 points a pound."""
    sc = one_early()
    assert priced(solve_quick(sc), sc, "cost_per_pound") == (75.0, 750)


def test_audit_reports_nothing_for_cost():
    """Cost is a price, not a finding: its audit is silent even for an expensive rota."""
    assert audit_rota(one_early(), rota((0, "E", "res", "dear")), "cost") == []
