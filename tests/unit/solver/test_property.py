"""Property: on any small random home the solver finds a rota, and its own audit finds no breach in it."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rota.domain.core import DependencyBand, UnitKind
from rota.solver.service import SolveOptions, solve
from tests.factories import ALL_SKILLS, day, person, scenario, scenario_dict

DAYS = 7
SHIFTS = ("E", "L", "N")
day_numbers = st.integers(min_value=0, max_value=DAYS - 1)


@st.composite
def staff_member(draw: st.DrawFn, staff_id: str, units: list[str]) -> dict[str, Any]:
    home = draw(st.sampled_from(units))
    employment = draw(st.sampled_from(["permanent", "permanent", "bank", "agency"]))
    contracted = 0.0 if employment == "agency" else draw(st.sampled_from([0.0, 15.0, 22.5, 30.0, 37.5]))
    night, day_work = draw(st.sampled_from([(False, True), (True, True), (True, False)]))
    skills = [
        {"skill": s, **({"expires": day(draw(day_numbers)).isoformat()} if draw(st.booleans()) else {})}
        for s in draw(st.lists(st.sampled_from(ALL_SKILLS), unique=True, max_size=3))
    ]
    rating = draw(st.sampled_from([None, "red", "amber", "green", "green"]))
    leave = []
    if draw(st.booleans()):
        first = draw(day_numbers)
        last = min(DAYS - 1, first + draw(st.integers(0, 2)))
        leave.append({"start": day(first).isoformat(), "end": day(last).isoformat(),
                      "kind": draw(st.sampled_from(["annual_leave", "sickness", "training"]))})
    requests = []
    for _ in range(draw(st.integers(0, 2))):
        kind = draw(st.sampled_from(["day_off", "shift_wanted", "shift_not_wanted"]))
        request = {"kind": kind, "date": day(draw(day_numbers)).isoformat(), "weight": draw(st.integers(1, 10))}
        if kind != "day_off":
            request["shift"] = draw(st.sampled_from(SHIFTS))
        requests.append(request)
    return person(
        staff_id,
        role=draw(st.sampled_from(["rn", "senior", "carer", "carer"])),
        home_unit=home,
        units=draw(st.lists(st.sampled_from(units), unique=True, max_size=len(units))),
        skills=skills,
        contracted_hours=contracted,
        employment=employment,
        hourly_cost=draw(st.sampled_from([11.5, 13.0, 18.0, 25.0, 35.0])),
        rag={"rating": rating} if rating else None,
        night_worker=night,
        day_worker=day_work,
        opted_out_48h=draw(st.booleans()),
        under_18=draw(st.integers(0, 9)) == 0,
        care_certificate_complete=draw(st.integers(0, 4)) > 0,
        leave=leave,
        unavailable=[day(d).isoformat() for d in draw(st.lists(day_numbers, unique=True, max_size=2))],
        requests=requests,
    )


@st.composite
def resident(draw: st.DrawFn, resident_id: str, units: list[str]) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": resident_id,
        "unit": draw(st.sampled_from(units)),
        "two_person_transfer": draw(st.booleans()),
        "one_to_one_hours": draw(st.sampled_from([0, 0, 0, 2, 6])),
        "nursing_needs": draw(st.booleans()),
        "end_of_life": draw(st.integers(0, 5)) == 0,
    }
    if draw(st.booleans()):
        record["band"] = draw(st.sampled_from([b.value for b in DependencyBand]))
    else:
        record["barthel"] = draw(st.integers(0, 100))
    if draw(st.integers(0, 3)) == 0:
        record["admitted"] = day(draw(day_numbers)).isoformat()
    elif draw(st.integers(0, 3)) == 0:
        record["discharged"] = day(draw(day_numbers)).isoformat()
    return record


@st.composite
def small_homes(draw: st.DrawFn) -> dict[str, Any]:
    """1-2 units, 2-8 staff of every kind, 3-8 residents, a 7-day horizon, no fixed assignments."""
    unit_count = draw(st.integers(1, 2))
    units = [
        {"id": f"u{i}", "name": f"Unit {i}", "kind": draw(st.sampled_from([k.value for k in UnitKind])), "beds": 10}
        for i in range(unit_count)
    ]
    unit_ids = [u["id"] for u in units]
    staff = [draw(staff_member(f"s{i}", unit_ids)) for i in range(draw(st.integers(2, 8)))]
    residents = [draw(resident(f"r{i}", unit_ids)) for i in range(draw(st.integers(3, 8)))]
    return scenario_dict(staff, units=units, residents=residents)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_homes())
def test_solved_rota_never_breaches_a_hard_rule(data):
    """Whatever the home, the solver returns a rota (nothing is pinned) and the audit finds no breach in it."""
    # Any rota will do, so stop within 5% of the bound: the property is about breaches, not optimality.
    result = solve(scenario(**data), SolveOptions(time_limit=5, workers=2, relative_gap=0.05))
    assert result.status in ("OPTIMAL", "FEASIBLE")
    assert result.breaches == [], [f.message for f in result.breaches]
