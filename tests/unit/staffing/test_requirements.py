"""The dependency tool on small hand-computed cases: care hours, carers, shares, floors, bands."""

from __future__ import annotations

import pytest

from rota.domain.core import DependencyBand
from rota.domain.resident import Resident, band_from_barthel
from rota.staffing.requirements import RequirementKind, care_shares, compute_demand
from tests.factories import day, scenario

# Round numbers so the arithmetic in each test can be done in your head.
HOURS = {"independent": 1.0, "low": 2.0, "medium": 3.0, "high": 4.0, "very_high": 6.0}
DAY_ONLY = [{"code": "D", "name": "Day", "start": "08:00", "end": "20:00", "paid_minutes": 720}]
NO_FLOORS = {"min_care_staff_day": 0, "min_care_staff_night": 0, "skill_floors": []}


def tool(**fields):
    return {"hours_per_day": HOURS, **fields}


def care_req(unit_shift):
    return next(r for r in unit_shift.requirements if r.kind == RequirementKind.CARE_STAFF)


def kinds(unit_shift, kind):
    return [r for r in unit_shift.requirements if r.kind == kind]


# --- care hours and carers -----------------------------------------------------------------


def test_care_hours_sum_band_extras_and_one_to_one_then_add_indirect_allowance():
    """Care hours = sum(band hours + nursing + end of life + 1:1) x share x (1 + allowance)."""
    sc = scenario(
        shift_types=DAY_ONLY, floors=NO_FLOORS,
        dependency_tool=tool(nursing_needs_extra_hours=0.5, end_of_life_extra_hours=2.0,
                             indirect_allowance=0.25, productivity=0.75),
        residents=[
            {"id": "a", "unit": "res", "band": "high", "nursing_needs": True},  # 4 + 0.5 = 4.5
            {"id": "b", "unit": "res", "band": "very_high", "end_of_life": True,
             "one_to_one_hours": 1.5},  # 6 + 2 + 1.5 = 9.5
            {"id": "c", "unit": "res", "band": "low"},  # 2
        ],
    )
    d = compute_demand(sc).for_unit_shift(0, "D", "res")
    # 16 h/day x share 1 (only shift) x 1.25 = 20 care hours; 12 paid h x 0.75 = 9 productive h;
    # ceil(20 / 9 = 2.22) = 3 carers.
    assert d.care_hours == pytest.approx(20.0)
    assert d.productive_hours_per_carer == pytest.approx(9.0)
    assert d.carers_from_hours == 3
    assert care_req(d).minimum == 3


def test_exact_multiple_of_productive_hours_is_not_rounded_up():
    """18 care hours over 9 productive hours is exactly 2 carers, not 3."""
    sc = scenario(
        shift_types=DAY_ONLY, floors=NO_FLOORS,
        dependency_tool=tool(indirect_allowance=0.5, productivity=0.75),
        residents=[{"id": "a", "unit": "res", "band": "high"},        # 4
                   {"id": "b", "unit": "res", "band": "very_high"},   # 6
                   {"id": "c", "unit": "res", "band": "low"}],        # 2
    )
    d = compute_demand(sc).for_unit_shift(0, "D", "res")
    # (4 + 6 + 2) x 1 x 1.5 = 18; 18 / (12 x 0.75 = 9) = 2.0 -> 2
    assert d.care_hours == pytest.approx(18.0)
    assert care_req(d).minimum == 2


def test_a_little_over_a_multiple_rounds_up():
    """18.15 care hours over 9 productive hours needs 3 carers."""
    sc = scenario(
        shift_types=DAY_ONLY, floors=NO_FLOORS,
        dependency_tool=tool(indirect_allowance=0.5, productivity=0.75),
        residents=[{"id": "a", "unit": "res", "band": "high", "one_to_one_hours": 0.1},
                   {"id": "b", "unit": "res", "band": "very_high"},
                   {"id": "c", "unit": "res", "band": "low"}],
    )
    d = compute_demand(sc).for_unit_shift(0, "D", "res")
    # (4.1 + 6 + 2) x 1.5 = 18.15; 18.15 / 9 = 2.02 -> 3
    assert d.care_hours == pytest.approx(18.15)
    assert care_req(d).minimum == 3


def test_three_shift_day_splits_care_hours_by_share():
    """Early and late get 0.4 of the day's care each, the night 0.2, each divided by its own paid hours."""
    sc = scenario(
        floors=NO_FLOORS, dependency_tool=tool(indirect_allowance=0.25, productivity=0.8),
        residents=[{"id": f"m{i}", "unit": "res", "band": "medium"} for i in range(3)]
        + [{"id": "v", "unit": "res", "band": "very_high"}],
    )
    demand = compute_demand(sc)
    early, late, night = (demand.for_unit_shift(0, s, "res") for s in ("E", "L", "N"))
    # 3 x 3 + 6 = 15 h/day.
    # Early: 15 x 0.4 x 1.25 = 7.5 care h; 7.5 paid h x 0.8 = 6 productive h; ceil(1.25) = 2.
    assert early.care_hours == pytest.approx(7.5)
    assert early.productive_hours_per_carer == pytest.approx(6.0)
    assert care_req(early).minimum == 2
    assert late.care_hours == pytest.approx(7.5)
    assert care_req(late).minimum == 2
    # Night: 15 x 0.2 x 1.25 = 3.75 care h; 9 paid h x 0.8 = 7.2; ceil(0.52) = 1.
    assert night.care_hours == pytest.approx(3.75)
    assert night.productive_hours_per_carer == pytest.approx(7.2)
    assert care_req(night).minimum == 1


def test_unit_with_no_residents_needs_nobody():
    """No residents present: no care hours, no minimum cover, no unit skill floor."""
    sc = scenario(residents=[])
    d = compute_demand(sc).for_unit_shift(0, "E", "res")
    assert d.care_hours == 0
    assert care_req(d).minimum == 0
    assert kinds(d, RequirementKind.SKILL) == []


# --- care shares ---------------------------------------------------------------------------


def test_default_shares_night_point_two_and_days_split_by_length():
    """Early and late (8 h each) share 0.8 equally; the night gets the default 0.2."""
    sc = scenario()
    assert care_shares(sc, sc.units[0]) == pytest.approx({"E": 0.4, "L": 0.4, "N": 0.2})


def test_night_share_is_configurable():
    """night_care_share 0.3 leaves 0.7 for the two equal day shifts (0.35 each)."""
    sc = scenario(dependency_tool={"night_care_share": 0.3})
    assert care_shares(sc, sc.units[0]) == pytest.approx({"E": 0.35, "L": 0.35, "N": 0.3})


def test_unequal_day_shifts_split_in_proportion_to_length():
    """A 12 h long day and a 6 h twilight split 0.8 as 2:1."""
    sc = scenario(shift_types=[
        {"code": "LD", "name": "Long day", "start": "08:00", "end": "20:00"},
        {"code": "TW", "name": "Twilight", "start": "17:00", "end": "23:00"},
        {"code": "NT", "name": "Night", "start": "20:00", "end": "08:00", "night": True},
    ])
    # 0.8 x 720 / 1080 = 0.5333; 0.8 x 360 / 1080 = 0.2667
    assert care_shares(sc, sc.units[0]) == pytest.approx({"LD": 0.8 * 2 / 3, "TW": 0.8 / 3, "NT": 0.2})


def test_explicit_shares_are_honoured():
    """Care shares set on every shift are used as given."""
    sc = scenario(shift_types=[
        {"code": "E", "name": "Early", "start": "07:00", "end": "15:00", "care_share": 0.5},
        {"code": "L", "name": "Late", "start": "14:00", "end": "22:00", "care_share": 0.3},
        {"code": "N", "name": "Night", "start": "21:45", "end": "07:15", "night": True, "care_share": 0.2},
    ])
    assert care_shares(sc, sc.units[0]) == pytest.approx({"E": 0.5, "L": 0.3, "N": 0.2})


def test_explicit_shares_not_summing_to_one_are_normalised():
    """Shares 0.8 / 0.4 / 0.4 (total 1.6) become 0.5 / 0.25 / 0.25."""
    sc = scenario(shift_types=[
        {"code": "E", "name": "Early", "start": "07:00", "end": "15:00", "care_share": 0.8},
        {"code": "L", "name": "Late", "start": "14:00", "end": "22:00", "care_share": 0.4},
        {"code": "N", "name": "Night", "start": "21:45", "end": "07:15", "night": True, "care_share": 0.4},
    ])
    assert care_shares(sc, sc.units[0]) == pytest.approx({"E": 0.5, "L": 0.25, "N": 0.25})


def test_one_explicit_share_is_kept_and_the_rest_split_over_the_others():
    """An explicit night share of 0.1 replaces the default 0.2; the days split the other 0.9."""
    sc = scenario(shift_types=[
        {"code": "E", "name": "Early", "start": "07:00", "end": "15:00"},
        {"code": "L", "name": "Late", "start": "14:00", "end": "22:00"},
        {"code": "N", "name": "Night", "start": "21:45", "end": "07:15", "night": True, "care_share": 0.1},
    ])
    assert care_shares(sc, sc.units[0]) == pytest.approx({"E": 0.45, "L": 0.45, "N": 0.1})


def test_partial_explicit_shares_over_one_never_give_a_negative_share():
    """Explicit day shares totalling 1.3 must not leave the night a negative share of care."""
    sc = scenario(shift_types=[
        {"code": "E", "name": "Early", "start": "07:00", "end": "15:00", "care_share": 0.7},
        {"code": "L", "name": "Late", "start": "14:00", "end": "22:00", "care_share": 0.6},
        {"code": "N", "name": "Night", "start": "21:45", "end": "07:15", "night": True},
    ])
    shares = care_shares(sc, sc.units[0])
    assert sum(shares.values()) == pytest.approx(1.0)
    assert all(share >= 0 for share in shares.values()), shares


def test_shares_only_cover_shifts_the_unit_runs():
    """A twilight shift run only on unit b changes b's shares, not a's."""
    sc = scenario(
        units=[{"id": "a", "name": "A", "kind": "residential", "beds": 5},
               {"id": "b", "name": "B", "kind": "residential", "beds": 5}],
        residents=[],
        shift_types=[
            {"code": "E", "name": "Early", "start": "07:00", "end": "15:00"},
            {"code": "L", "name": "Late", "start": "14:00", "end": "22:00"},
            {"code": "TW", "name": "Twilight", "start": "18:00", "end": "22:00", "units": ["b"]},
            {"code": "N", "name": "Night", "start": "21:45", "end": "07:15", "night": True},
        ],
    )
    assert care_shares(sc, sc.unit("a")) == pytest.approx({"E": 0.4, "L": 0.4, "N": 0.2})
    # b: day minutes 480 + 480 + 240 = 1200; 0.8 x 480/1200 = 0.32, 0.8 x 240/1200 = 0.16
    assert care_shares(sc, sc.unit("b")) == pytest.approx({"E": 0.32, "L": 0.32, "TW": 0.16, "N": 0.2})


# --- floors --------------------------------------------------------------------------------


def test_minimum_day_cover_lifts_the_computed_carers():
    """The default scenario's early computes 1 carer but the day floor of 2 applies, and says so."""
    d = compute_demand(scenario()).for_unit_shift(0, "E", "res")
    # (2.75 + 4 + 1.5) x 0.4 x 1.15 = 3.795 care h; 7.5 x 0.85 = 6.375 productive h -> 1
    assert d.carers_from_hours == 1
    assert care_req(d).minimum == 2
    assert d.floors == ("floor: 2 minimum cover",)


def test_minimum_night_cover_is_separate_from_day_cover():
    """A night floor of 3 applies to nights only; days keep their own floor of 2."""
    demand = compute_demand(scenario(floors={"min_care_staff_night": 3}))
    assert care_req(demand.for_unit_shift(0, "N", "res")).minimum == 3
    assert care_req(demand.for_unit_shift(0, "E", "res")).minimum == 2


def test_default_night_needs_one_with_no_floor_note():
    """The default night computes 1 carer, which meets the night floor of 1: no floor is noted."""
    d = compute_demand(scenario()).for_unit_shift(0, "N", "res")
    # 8.25 x 0.2 x 1.15 = 1.8975 care h; 9 x 0.85 = 7.65 productive h -> 1
    assert care_req(d).minimum == 1
    assert d.floors == ()


def test_two_person_transfer_floor_is_two():
    """One hoist resident lifts the night from 1 carer to 2, with the reason."""
    sc = scenario(residents=[{"id": "r1", "unit": "res", "band": "low", "two_person_transfer": True}])
    d = compute_demand(sc).for_unit_shift(0, "N", "res")
    assert d.carers_from_hours == 1
    assert care_req(d).minimum == 2
    assert any("two-person" in note for note in d.floors)


def test_two_person_transfer_floor_applies_only_while_that_resident_is_present():
    """After the hoist resident is discharged the night is back to 1 carer."""
    sc = scenario(residents=[
        {"id": "r1", "unit": "res", "band": "low", "two_person_transfer": True, "discharged": day(1).isoformat()},
        {"id": "r2", "unit": "res", "band": "low"},
    ])
    demand = compute_demand(sc)
    assert care_req(demand.for_unit_shift(1, "N", "res")).minimum == 2
    assert care_req(demand.for_unit_shift(2, "N", "res")).minimum == 1


@pytest.mark.parametrize(("kind", "needs_rn"), [
    ("residential", False), ("dementia", False), ("nursing", True), ("nursing_dementia", True),
])
def test_registered_nurse_required_on_nursing_units_only(kind, needs_rn):
    """A nursing unit needs one registered nurse on every shift; other units need none."""
    sc = scenario(units=[{"id": "res", "name": "Unit", "kind": kind, "beds": 10}])
    demand = compute_demand(sc)
    for shift in ("E", "L", "N"):
        d = demand.for_unit_shift(3, shift, "res")
        roles = kinds(d, RequirementKind.ROLE)
        if needs_rn:
            assert [(r.target, r.minimum) for r in roles] == [("rn", 1)]
            assert d.total_heads_needed == d.care_staff_needed + 1
            assert "+ 1 RN" in care_req(d).working
        else:
            assert roles == []
            assert d.total_heads_needed == d.care_staff_needed


def test_nurse_floor_can_be_switched_off():
    """nurse_on_nursing_units false: a nursing unit needs no registered nurse."""
    sc = scenario(units=[{"id": "res", "name": "Unit", "kind": "nursing", "beds": 10}],
                  floors={"nurse_on_nursing_units": False})
    assert kinds(compute_demand(sc).for_unit_shift(0, "E", "res"), RequirementKind.ROLE) == []


def test_medication_floor_is_per_unit_shift():
    """The unit-scope medication floor puts one medication requirement on each unit-shift."""
    sc = scenario(
        units=[{"id": "a", "name": "A", "kind": "residential", "beds": 5},
               {"id": "b", "name": "B", "kind": "residential", "beds": 5}],
        residents=[{"id": "r1", "unit": "a", "band": "low"}, {"id": "r2", "unit": "b", "band": "low"}],
    )
    demand = compute_demand(sc)
    med = [r for r in demand.requirements if r.target == "medication" and r.day == 0 and r.shift == "E"]
    assert sorted((r.unit, r.minimum, r.kind) for r in med) == [
        ("a", 1, RequirementKind.SKILL), ("b", 1, RequirementKind.SKILL)]


def test_unit_skill_floor_marked_day_only_skips_nights():
    """A unit skill floor with night false applies to early and late but not the night."""
    sc = scenario(floors={"skill_floors": [{"skill": "medication", "scope": "unit", "night": False}]})
    demand = compute_demand(sc)
    assert len(kinds(demand.for_unit_shift(0, "E", "res"), RequirementKind.SKILL)) == 1
    assert kinds(demand.for_unit_shift(0, "N", "res"), RequirementKind.SKILL) == []


def test_home_floors_apply_once_per_shift_for_the_whole_home():
    """First aid and fire marshal are required once per shift in the building, not once per unit."""
    sc = scenario(
        units=[{"id": "a", "name": "A", "kind": "residential", "beds": 5},
               {"id": "b", "name": "B", "kind": "residential", "beds": 5}],
        residents=[{"id": "r1", "unit": "a", "band": "low"}, {"id": "r2", "unit": "b", "band": "low"}],
    )
    demand = compute_demand(sc)
    # 7 days x 3 shifts x 2 skills = 42 home requirements, none tied to a unit.
    assert len(demand.home_requirements) == 42
    assert all(r.unit is None and r.minimum == 1 for r in demand.home_requirements)
    early = [(r.target, r.unit) for r in demand.requirements
             if r.day == 0 and r.shift == "E" and r.target in ("first_aid", "fire_marshal")]
    assert sorted(early) == [("fire_marshal", None), ("first_aid", None)]


# --- Barthel bands and residents over time -------------------------------------------------


@pytest.mark.parametrize(("score", "band"), [
    (0, DependencyBand.VERY_HIGH), (20, DependencyBand.VERY_HIGH),
    (21, DependencyBand.HIGH), (60, DependencyBand.HIGH),
    (61, DependencyBand.MEDIUM), (90, DependencyBand.MEDIUM),
    (91, DependencyBand.LOW), (99, DependencyBand.LOW),
    (100, DependencyBand.INDEPENDENT),
])
def test_barthel_band_boundaries(score, band):
    """Barthel 0-20 total, 21-60 severe, 61-90 moderate, 91-99 slight, 100 independent."""
    assert band_from_barthel(score) == band
    assert Resident(id="r", unit="u", barthel=score).dependency == band


def test_explicit_band_wins_over_barthel():
    """A resident given both a band and a Barthel score is planned on the band."""
    assert Resident(id="r", unit="u", band="low", barthel=10).dependency == DependencyBand.LOW


def test_barthel_score_drives_care_hours():
    """Barthel 20 counts as very high (6 h) and 21 as high (4 h)."""
    sc = scenario(shift_types=DAY_ONLY, floors=NO_FLOORS, dependency_tool=tool(indirect_allowance=0),
                  residents=[{"id": "a", "unit": "res", "barthel": 20}, {"id": "b", "unit": "res", "barthel": 21}])
    # 6 + 4 = 10 h x share 1 x (1 + 0) = 10
    assert compute_demand(sc).for_unit_shift(0, "D", "res").care_hours == pytest.approx(10.0)


def test_admissions_and_discharges_change_demand_on_those_days():
    """A resident admitted on day 2 counts from day 2; one discharged on day 4 counts up to day 4."""
    sc = scenario(
        shift_types=DAY_ONLY, floors=NO_FLOORS, dependency_tool=tool(indirect_allowance=0),
        residents=[
            {"id": "r1", "unit": "res", "band": "medium", "admitted": day(2).isoformat()},   # 3 h
            {"id": "r2", "unit": "res", "band": "high", "discharged": day(4).isoformat()},   # 4 h
            {"id": "r3", "unit": "res", "band": "low"},                                       # 2 h
        ],
    )
    demand = compute_demand(sc)
    by_day = {d: demand.for_unit_shift(d, "D", "res") for d in range(7)}
    # days 0-1: r2 + r3 = 6 h; days 2-4: all three = 9 h; days 5-6: r1 + r3 = 5 h
    assert [by_day[d].residents for d in range(7)] == [2, 2, 3, 3, 3, 2, 2]
    assert [by_day[d].care_hours for d in range(7)] == pytest.approx([6, 6, 9, 9, 9, 5, 5])


def test_working_text_shows_the_numbers():
    """The working reads '<unit>, <shift>: N residents, H care hours -> C care staff + 1 RN'."""
    sc = scenario(
        units=[{"id": "res", "name": "Rose", "kind": "nursing", "beds": 10}],
        shift_types=DAY_ONLY, floors={"skill_floors": []},
        dependency_tool=tool(indirect_allowance=0.25, productivity=0.75),
        residents=[{"id": "a", "unit": "res", "band": "very_high"}, {"id": "b", "unit": "res", "band": "very_high"},
                   {"id": "c", "unit": "res", "band": "high"}],
    )
    # (6 + 6 + 4) x 1.25 = 20 care h; 20 / 9 -> 3 carers; nursing unit -> + 1 RN
    working = care_req(compute_demand(sc).for_unit_shift(0, "D", "res")).working
    assert working == "Rose, day: 3 residents, 20 care hours -> 3 care staff + 1 RN"


def test_working_text_names_the_floor_that_applied():
    """When a floor lifts the number, the working says which floor."""
    sc = scenario(dependency_tool=tool(indirect_allowance=0.25, productivity=0.8),
                  residents=[{"id": "r1", "unit": "res", "band": "low", "two_person_transfer": True}])
    working = care_req(compute_demand(sc).for_unit_shift(0, "N", "res")).working
    # 2 h x 0.2 x 1.25 = 0.5 care h -> 1 carer, lifted to 2 by the hoist floor
    assert working == ("Residential, night: 1 residents, 0.5 care hours -> 2 care staff; "
                       "floor: 2 for two-person (hoist) transfers")
