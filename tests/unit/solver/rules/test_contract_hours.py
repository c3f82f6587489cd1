"""Contract hours: employed staff are kept near their pro-rated contract, and under-use is flagged."""

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
    """One early needing one carer: a full-timer who asked for the day off, or a bank carer.

    Pay is set to zero so that only contract hours and the request decide.
    """
    staff = [person("full", contracted_hours=37.5, hourly_cost=0, requests=DAY_OFF),
             person("bank", employment="bank", contracted_hours=0, hourly_cost=0)]
    return scenario(staff, horizon=ONE_DAY, shift_types=EARLY_ONLY, residents=ONE_RESIDENT,
                    floors=ONE_CARER, weights=weights)


def workers(result):
    return [a.staff_id for a in result.rota.assignments]


def priced(result, sc, weight):
    """The breakdown entry (raw amount, points) of the penalty priced by `weight`."""
    [label] = {p.label for p in build_model(ProblemIndex(sc)).penalties if p.weight == weight}
    return result.breakdown[label]


def test_full_timer_works_when_contract_hours_are_weighted():
    """Her contract outweighs her weight-1 day-off request, so the full-timer works."""
    # One-day target 37.5 x 60 / 7 = 321 min. Working: |450 - 321| = 129 min off contract; not working:
    # 321 min. (321 - 129) min x 2 points a minute = 384 points, against 300 for the request.
    assert workers(solve_quick(one_early())) == ["full"]


def test_without_contract_weight_the_request_wins():
    """With contract deviation weighted 0, her day off is honoured and the bank carer works."""
    assert workers(solve_quick(one_early(contract_deviation_hour=0))) == ["bank"]


def test_breakdown_counts_deviation_hours():
    """The full-timer on a one-day rota is 129 minutes (2.15 h) over her pro-rated contract."""
    sc = one_early()
    assert priced(solve_quick(sc), sc, "contract_deviation_hour") == (2.15, 258)


def test_audit_warns_under_contract_with_the_missing_hours():
    """Three earlies (22.5 h) against 37.5 h is a warning for 15 h; the others are fine."""
    staff = [
        person("under"),                                   # 22.5 h of 37.5 -> warn, 15 h short
        person("leave", leave=[{"start": day(5).isoformat(), "end": day(6).isoformat()}]),
        # 37.5 x 5/7 = 26.8 h target; 30 h rostered -> fine
        person("bank", employment="bank", contracted_hours=0),   # no contract, never warned
        person("edge", contracted_hours=25),               # 22.5 h is exactly 90% of 25 -> fine
    ]
    sc = scenario(staff, shift_types=EARLY_ONLY)
    r = rota(*[(d, "E", "res", "under") for d in range(3)],
             *[(d, "E", "res", "leave") for d in range(4)],
             *[(d, "E", "res", "edge") for d in range(3)])
    findings = audit_rota(sc, r, "contract_hours")
    assert [(f.code, f.staff_id, f.amount) for f in findings] == [("under_contract", "under", 15.0)]
    assert findings[0].severity == "warning"
    assert "rostered 22.5 h against 37.5 h" in findings[0].message


def test_audit_prorates_the_contract_for_leave():
    """Two earlies (15 h) are under a full week's contract but fine for someone on leave for 4 of 7 days."""
    leave = [{"start": day(3).isoformat(), "end": day(6).isoformat()}]
    sc = scenario([person("away", leave=leave), person("here")], shift_types=EARLY_ONLY)
    r = rota((0, "E", "res", "away"), (1, "E", "res", "away"), (0, "E", "res", "here"), (1, "E", "res", "here"))
    # away: 37.5 x 3/7 = 16.07 h target, 90% = 14.46 h <= 15 h. here: 37.5 h target, 22.5 h short.
    assert [(f.staff_id, f.amount) for f in audit_rota(sc, r, "contract_hours")] == [("here", 22.5)]
