"""Coverage: the solver meets dependency-tool demand when it can, and reports exact gaps when it cannot."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from rota.solver.findings import Severity
from rota.solver.index import ProblemIndex
from tests.factories import audit_rota, day, person, rota, scenario, solve_quick

ONE_DAY = {"start": day(0).isoformat(), "days": 1}
TWO_DAYS = {"start": day(0).isoformat(), "days": 2}
EARLY_AND_NIGHT = [
    {"code": "E", "name": "Early", "start": "07:00", "end": "15:00", "paid_minutes": 450},
    {"code": "N", "name": "Night", "start": "21:45", "end": "07:15", "paid_minutes": 540, "night": True},
]
EARLY_ONLY = EARLY_AND_NIGHT[:1]


def gap_rows(findings):
    """(code, day, shift, unit, amount, subject) of each gap, sorted."""
    return sorted(
        (f.code, f.date, f.shift, f.unit or "", f.amount, f.subject)
        for f in findings if f.severity == Severity.GAP
    )


def heads(result):
    return Counter((a.date, a.shift, a.unit) for a in result.rota.assignments)


# --- the solver ----------------------------------------------------------------------------


def test_solver_meets_demand_when_staff_suffice():
    """Five day carers and two night carers cover two days in full: no gaps, no breaches."""
    staff = [person(p) for p in "abcde"] + [
        person(n, night_worker=True, day_worker=False) for n in ("n1", "n2")]
    sc = scenario(staff, horizon=TWO_DAYS)
    result = solve_quick(sc)
    assert result.status == "OPTIMAL"
    assert result.gaps == []
    assert result.breaches == []
    on = heads(result)
    for d in ProblemIndex(sc).demand.unit_shifts:
        assert on[(sc.horizon.dates[d.day], d.shift, d.unit)] >= d.care_staff_needed


def test_solver_reports_gaps_with_exact_counts_when_short():
    """One day carer for an early and a night: the early is one short, the night short of everything."""
    sc = scenario([person("a")], horizon=ONE_DAY, shift_types=EARLY_AND_NIGHT)
    result = solve_quick(sc)
    assert [(a.shift, a.staff_id) for a in result.rota.assignments] == [("E", "a")]
    d0 = day(0)
    # Early: 2 care staff needed, a is 1 of them. Night: 1 carer, 1 medication holder, and the
    # building's first aider and fire marshal are all missing.
    assert gap_rows(result.findings) == [
        ("short_care_staff", d0, "E", "res", 1, "care_staff"),
        ("short_care_staff", d0, "N", "res", 1, "care_staff"),
        ("short_skill", d0, "N", "", 1, "fire_marshal"),
        ("short_skill", d0, "N", "", 1, "first_aid"),
        ("short_skill", d0, "N", "res", 1, "medication"),
    ]
    assert result.breaches == []


def test_missing_nurse_on_a_nursing_unit_is_a_role_gap():
    """Two carers on a nursing unit's early: care staff met, one registered nurse short."""
    sc = scenario([person("a"), person("b")], horizon=ONE_DAY, shift_types=EARLY_ONLY,
                  units=[{"id": "res", "name": "Nursing", "kind": "nursing", "beds": 10}])
    result = solve_quick(sc)
    assert gap_rows(result.findings) == [("short_role", day(0), "E", "res", 1, "rn")]
    assert "registered nurse" in result.gaps[0].message


def test_new_starter_does_not_count_towards_care_staff():
    """A carer plus a new starter on the early still leaves the early one care staff short."""
    staff = [person("a"), person("ns", care_certificate_complete=False)]
    result = solve_quick(scenario(staff, horizon=ONE_DAY, shift_types=EARLY_ONLY))
    assert gap_rows(result.findings) == [("short_care_staff", day(0), "E", "res", 1, "care_staff")]


def test_expired_competence_does_not_count_towards_a_skill_floor():
    """A medication competence that expired the day before leaves the early short of a medication holder."""
    expired = [{"skill": "medication", "expires": (day(0) - timedelta(days=1)).isoformat()},
               {"skill": "first_aid"}, {"skill": "fire_marshal"}]
    staff = [person("a", skills=expired), person("b", skills=[])]
    result = solve_quick(scenario(staff, horizon=ONE_DAY, shift_types=EARLY_ONLY))
    assert gap_rows(result.findings) == [("short_skill", day(0), "E", "res", 1, "medication")]


def test_cover_is_never_bought_by_breaking_min_rest():
    """Covering a late then the next early needs a 9 h rest: the solver leaves a gap, not a breach."""
    sc = _late_then_early(rest={"min_rest_hours": 11})
    result = solve_quick(sc)
    assert len(result.rota.assignments) == 1
    assert [(g.code, g.amount) for g in result.gaps] == [("short_care_staff", 1)]
    assert result.breaches == []


def test_same_cover_is_met_when_rest_allows_it():
    """Control for the test above: with a 9 h minimum rest both shifts are covered."""
    result = solve_quick(_late_then_early(rest={"min_rest_hours": 9}))
    assert len(result.rota.assignments) == 2
    assert result.gaps == []


def test_cover_is_never_bought_by_breaking_leave():
    """The only carer is on leave on day 1: day 1 is a gap and nobody works on leave."""
    sc = _late_then_early(leave_day=1, rest={"min_rest_hours": 9})
    result = solve_quick(sc)
    assert [(a.date, a.shift) for a in result.rota.assignments] == [(day(0), "L")]
    assert gap_rows(result.findings) == [("short_care_staff", day(1), "E", "b", 1, "care_staff")]
    assert result.breaches == []


def _late_then_early(rest, leave_day=None):
    """Unit a runs only lates and has residents on day 0; unit b runs only earlies and has them on day 1.

    One person may work both units, so covering both needs a late on day 0 then an early on day 1.
    """
    leave = [{"start": day(leave_day).isoformat(), "end": day(leave_day).isoformat()}] if leave_day else []
    return scenario(
        [person("p", home_unit="a", units=["b"], leave=leave)],
        horizon=TWO_DAYS, rest=rest,
        units=[{"id": "a", "name": "Ash", "kind": "residential", "beds": 5},
               {"id": "b", "name": "Birch", "kind": "residential", "beds": 5}],
        shift_types=[
            {"code": "E", "name": "Early", "start": "07:00", "end": "15:00", "units": ["b"]},
            {"code": "L", "name": "Late", "start": "14:00", "end": "22:00", "units": ["a"]},
        ],
        residents=[{"id": "ra", "unit": "a", "band": "low", "discharged": day(0).isoformat()},
                   {"id": "rb", "unit": "b", "band": "low", "admitted": day(1).isoformat()}],
        floors={"min_care_staff_day": 1, "skill_floors": []},
    )


def test_no_extra_heads_when_not_needed():
    """Six carers, demand 2 / 2 / 1: exactly the demand is rostered, even with contract hours switched off."""
    staff = [person(p, night_worker=True) for p in "abcdef"]
    sc = scenario(staff, horizon=ONE_DAY, weights={"contract_deviation_hour": 0})
    result = solve_quick(sc)
    assert result.gaps == []
    assert sorted(Counter(a.shift for a in result.rota.assignments).items()) == [("E", 2), ("L", 2), ("N", 1)]


def test_overstaffing_penalty_outweighs_contract_hours():
    """With pay free, the sixth carer still stays home: 7.5 h over-staffing costs more than the contract gain."""
    staff = [person(p, night_worker=True) for p in "abcdef"]
    # Working 7.5 h against a one-day target of 37.5 / 7 = 5.36 h saves (5.36 - 2.14) h x 120 = 386 points;
    # one extra head for 7.5 h costs 7.5 x 150 = 1125.
    sc = scenario(staff, horizon=ONE_DAY, weights={"cost_per_pound": 0})
    result = solve_quick(sc)
    assert sorted(Counter(a.shift for a in result.rota.assignments).items()) == [("E", 2), ("L", 2), ("N", 1)]


def test_overstaffing_weight_is_what_stops_extra_heads():
    """With over-staffing and pay free, contract hours put all six carers to work."""
    staff = [person(p, night_worker=True) for p in "abcdef"]
    sc = scenario(staff, horizon=ONE_DAY, weights={"overstaffing_head_hour": 0, "cost_per_pound": 0})
    result = solve_quick(sc)
    assert len(result.rota.assignments) == 6


# --- the audit of a hand-made rota ---------------------------------------------------------


def test_audit_counts_every_gap_of_a_thin_day():
    """One carer on the early of a one-day rota: every other requirement is listed with its shortfall."""
    sc = scenario([person("a")], horizon=ONE_DAY)
    findings = audit_rota(sc, rota((0, "E", "res", "a")), "coverage")
    d0 = day(0)
    assert gap_rows(findings) == [
        ("short_care_staff", d0, "E", "res", 1, "care_staff"),
        ("short_care_staff", d0, "L", "res", 2, "care_staff"),
        ("short_care_staff", d0, "N", "res", 1, "care_staff"),
        ("short_skill", d0, "L", "", 1, "fire_marshal"),
        ("short_skill", d0, "L", "", 1, "first_aid"),
        ("short_skill", d0, "L", "res", 1, "medication"),
        ("short_skill", d0, "N", "", 1, "fire_marshal"),
        ("short_skill", d0, "N", "", 1, "first_aid"),
        ("short_skill", d0, "N", "res", 1, "medication"),
    ]
    assert all(f.rule == "coverage" for f in findings)


def test_audit_message_gives_have_and_need():
    """The gap message says how many are there and how many are needed."""
    sc = scenario([person("a")], horizon=ONE_DAY, shift_types=EARLY_ONLY)
    [gap] = audit_rota(sc, rota((0, "E", "res", "a")), "coverage")
    assert "short by 1 care staff (1 of 2)" in gap.message
    assert gap.as_dict()["code"] == "coverage.short_care_staff"


def test_audit_does_not_count_new_starters():
    """A new starter beside one carer leaves the early one care staff short."""
    sc = scenario([person("a"), person("ns", care_certificate_complete=False)], horizon=ONE_DAY,
                  shift_types=EARLY_ONLY)
    findings = audit_rota(sc, rota((0, "E", "res", "a"), (0, "E", "res", "ns")), "coverage")
    assert gap_rows(findings) == [("short_care_staff", day(0), "E", "res", 1, "care_staff")]


def test_audit_expired_competence_stops_counting_the_day_after_expiry():
    """Medication valid to day 0 covers day 0's early but not day 1's."""
    skills = [{"skill": "medication", "expires": day(0).isoformat()}, {"skill": "first_aid"},
              {"skill": "fire_marshal"}]
    sc = scenario([person("a", skills=skills), person("b", skills=[{"skill": "first_aid"}])],
                  horizon=TWO_DAYS, shift_types=EARLY_ONLY)
    r = rota((0, "E", "res", "a"), (0, "E", "res", "b"), (1, "E", "res", "a"), (1, "E", "res", "b"))
    assert gap_rows(audit_rota(sc, r, "coverage")) == [("short_skill", day(1), "E", "res", 1, "medication")]


def test_home_floor_is_met_by_a_holder_on_any_unit():
    """The building's fire marshal may be on another unit; the unit's medication holder may not."""
    sc = scenario(
        [person("a", home_unit="a", skills=[]), person("b", home_unit="a", skills=[]),
         person("c", home_unit="b", skills=[{"skill": "medication"}, {"skill": "first_aid"},
                                            {"skill": "fire_marshal"}]),
         person("d", home_unit="b", skills=[])],
        horizon=ONE_DAY, shift_types=EARLY_ONLY,
        units=[{"id": "a", "name": "Ash", "kind": "residential", "beds": 5},
               {"id": "b", "name": "Birch", "kind": "residential", "beds": 5}],
        residents=[{"id": "ra", "unit": "a", "band": "low"}, {"id": "rb", "unit": "b", "band": "low"}],
    )
    r = rota((0, "E", "a", "a"), (0, "E", "a", "b"), (0, "E", "b", "c"), (0, "E", "b", "d"))
    assert gap_rows(audit_rota(sc, r, "coverage")) == [("short_skill", day(0), "E", "a", 1, "medication")]
