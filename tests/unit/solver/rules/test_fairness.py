"""Fairness: weekends and nights are spread so that nobody carries more than their share."""

from __future__ import annotations

from collections import Counter

from rota.solver.builder import build_model
from rota.solver.index import ProblemIndex
from tests.factories import audit_rota, day, person, rota, scenario, solve_quick

WEEKEND = (5, 6)     # Sat 28 and Sun 29 Nov
WEEKDAYS = (0, 1)    # Mon 23 and Tue 24 Nov
EARLY_ONLY = [{"code": "E", "name": "Early", "start": "07:00", "end": "15:00", "paid_minutes": 450}]
NIGHT_ONLY = [{"code": "N", "name": "Night", "start": "21:45", "end": "07:15", "paid_minutes": 540, "night": True}]
ONE_RESIDENT = [{"id": "r1", "unit": "res", "band": "low"}]
ONE_CARER = {"min_care_staff_day": 1, "min_care_staff_night": 1, "skill_floors": []}


def two_carers(days, shifts=EARLY_ONLY, a_fields=None, **weights):
    """One carer a day on two days; B asked for both days off. Pay and contract hours are switched
    off, so only B's requests (100 points each) and fairness decide who works."""
    b_requests = [{"kind": "day_off", "date": day(d).isoformat()} for d in days]
    staff = [person("A", hourly_cost=0, night_worker=True, **(a_fields or {})),
             person("B", hourly_cost=0, night_worker=True, requests=b_requests)]
    return scenario(staff, horizon={"start": day(days[0]).isoformat(), "days": 2}, shift_types=shifts,
                    residents=ONE_RESIDENT, floors=ONE_CARER,
                    weights={"contract_deviation_hour": 0, "request_unmet_per_weight": 100, **weights})


def shifts_each(result):
    return dict(Counter(a.staff_id for a in result.rota.assignments))


def priced(result, sc, weight):
    """The breakdown entry (raw amount, points) of the penalty priced by `weight`."""
    [label] = {p.label for p in build_model(ProblemIndex(sc)).penalties if p.weight == weight}
    return result.breakdown[label]


def test_without_fairness_one_carer_works_the_whole_weekend():
    """Weekend fairness weighted 0: B gets her days off and A works Saturday and Sunday."""
    assert shifts_each(solve_quick(two_carers(WEEKEND, weekend_fairness=0))) == {"A": 2}


def test_weekend_fairness_spreads_the_weekend():
    """At the default weight the weekend is split one day each."""
    # Busiest person: 2 weekend days x 300 = 600 points, or 1 x 300 = 300 if split;
    # splitting leaves one of B's requests unmet: 100 points.
    assert shifts_each(solve_quick(two_carers(WEEKEND))) == {"A": 1, "B": 1}


def test_weekdays_are_not_spread_by_weekend_fairness():
    """On Monday and Tuesday, even with a heavy weekend weight, A works both days."""
    assert shifts_each(solve_quick(two_carers(WEEKDAYS, weekend_fairness=10_000))) == {"A": 2}


def test_bank_staff_are_left_out_of_fairness():
    """A bank carer has no contract to be fair to: she works the whole weekend at the default weight."""
    result = solve_quick(two_carers(WEEKEND, a_fields={"employment": "bank", "contracted_hours": 0}))
    assert shifts_each(result) == {"A": 2}


def test_night_fairness_spreads_nights():
    """Two nights: A takes both without night fairness and one with it (200 points a night)."""
    assert shifts_each(solve_quick(two_carers(WEEKDAYS, NIGHT_ONLY, night_fairness=0))) == {"A": 2}
    assert shifts_each(solve_quick(two_carers(WEEKDAYS, NIGHT_ONLY))) == {"A": 1, "B": 1}


def test_breakdown_shows_the_busiest_persons_weekend_days():
    """With the weekend split, the busiest full-timer works 1 weekend day, priced at 300 points."""
    sc = two_carers(WEEKEND)
    assert priced(solve_quick(sc), sc, "weekend_fairness") == (1.0, 300)


def test_audit_reports_nothing_for_fairness():
    """Fairness is priced only: an unfair hand-made weekend gives no findings."""
    sc = two_carers(WEEKEND)
    assert audit_rota(sc, rota((5, "E", "res", "A"), (6, "E", "res", "A")), "fairness") == []
