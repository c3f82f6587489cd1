"""Sickness repair: the published rota is kept except where the absence forces a change."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from rota.domain.rota import Assignment, Rota
from rota.services.repair import RepairError, StaffAbsence, repair_rota
from rota.solver.service import SolveOptions
from tests.factories import day, person, rota, scenario

QUICK = SolveOptions(time_limit=3, workers=2)
ONE_DAY = {"start": day(0).isoformat(), "days": 1}
EARLY_HEAVY = [
    {"code": "E", "name": "Early", "start": "07:00", "end": "15:00", "paid_minutes": 450, "care_share": 0.8},
    {"code": "L", "name": "Late", "start": "14:00", "end": "22:00", "paid_minutes": 450, "care_share": 0.2},
]
FLOORS = {"min_care_staff_day": 1, "min_care_staff_night": 1, "skill_floors": []}


def one_day(*staff, **extra):
    """One day, an early that needs 2 care staff and a late that needs 1."""
    return scenario(list(staff), horizon=ONE_DAY, shift_types=EARLY_HEAVY, floors=FLOORS, **extra)


def sick(staff_id: str, start: int = 0, end: int | None = None) -> StaffAbsence:
    return StaffAbsence(staff_id=staff_id, start=day(start), end=day(end) if end is not None else None)


def test_spare_carer_is_called_in_and_nothing_else_changes():
    """Ann is off sick on Tuesday; Eve, who was not working that day, is called in for her early."""
    staff = [person("a", name="Ann"), *(person(p) for p in "bcd"), person("e", name="Eve"),
             person("n1", night_worker=True, day_worker=False), person("n2", night_worker=True, day_worker=False)]
    published = rota((0, "E", "res", "a"), (0, "E", "res", "b"), (0, "L", "res", "c"), (0, "L", "res", "d"),
                     (0, "N", "res", "n1"), (1, "E", "res", "a"), (1, "E", "res", "b"), (1, "L", "res", "c"),
                     (1, "L", "res", "d"), (1, "N", "res", "n2"))
    sc = scenario(staff, horizon={"start": day(0).isoformat(), "days": 2})
    result = repair_rota(sc, published, [sick("a", 1)], QUICK)
    assert result.removed == [Assignment(date=day(1), shift="E", unit="res", staff_id="a")]
    assert result.called_in == [Assignment(date=day(1), shift="E", unit="res", staff_id="e")]
    assert result.moved == [] and result.stood_down == [] and result.still_short == []
    assert result.changes == 2
    assert "Ann is off (sickness) Tue 24 Nov: 1 published shift to cover." in result.lines
    assert "Call in: Eve (permanent) for Tue 24 Nov early on Residential." in result.lines
    assert "9 of 10 published shifts unchanged; 2 changes." in result.lines
    assert sc.published_rota == ()


def test_someone_moves_from_an_overstaffed_late_to_the_short_early():
    """With nobody spare, one of the two on the late (which needs one) moves to the early."""
    sc = one_day(person("a"), person("b"), person("c"), person("d"))
    published = rota((0, "E", "res", "a"), (0, "E", "res", "b"), (0, "L", "res", "c"), (0, "L", "res", "d"))
    result = repair_rota(sc, published, [sick("a")], QUICK)
    [move] = result.moved
    assert (move.before.shift, move.after.shift) == ("L", "E")
    assert move.before.staff_id == move.after.staff_id in ("c", "d")
    assert result.called_in == [] and result.still_short == []
    assert any(line.startswith(f"Move: Person {move.before.staff_id} from Mon 23 Nov late on Residential to "
                               "Mon 23 Nov early on Residential") for line in result.lines)


def test_agency_worker_is_called_in_when_no_one_else_can():
    """Only an agency carer is free: they are called in beside Bob, and listed as agency used."""
    sc = one_day(person("a"), person("b"), person("c"),
                 person("g", name="Gail Agency", employment="agency", contracted_hours=0, hourly_cost=30))
    published = rota((0, "E", "res", "a"), (0, "E", "res", "b"), (0, "L", "res", "c"))
    result = repair_rota(sc, published, [sick("a")], QUICK)
    agency = [Assignment(date=day(0), shift="E", unit="res", staff_id="g")]
    assert result.called_in == agency and result.agency == agency
    assert "Call in: Gail Agency (agency) for Mon 23 Nov early on Residential." in result.lines
    assert "Agency shifts used: 1." in result.lines


def test_uncoverable_shift_is_reported_as_agency_needed():
    """Nobody can cover: the early stays short and the line says agency or overtime is needed."""
    sc = one_day(person("a"), person("b"), person("c"))
    published = rota((0, "E", "res", "a"), (0, "E", "res", "b"), (0, "L", "res", "c"))
    result = repair_rota(sc, published, [sick("a")], QUICK)
    assert [(f.date, f.shift, f.unit, f.amount) for f in result.still_short] == [(day(0), "E", "res", 1)]
    assert any(line.startswith("Agency or overtime needed: Mon 23 Nov early on Residential: short by 1 care staff")
               for line in result.lines)
    assert set(result.rota.assignments) == set(published.assignments) - {result.removed[0]}
    json.dumps(result.as_dict())


def test_fixed_shift_of_the_absent_person_is_released():
    """A fixed shift for someone now off sick is dropped (and said so), rather than making the rota impossible."""
    fixed = [{"date": day(0).isoformat(), "shift": "E", "unit": "res", "staff_id": "a"}]
    sc = one_day(person("a", name="Ann"), person("b"), person("c"), person("d"), fixed_assignments=fixed)
    published = rota((0, "E", "res", "a"), (0, "E", "res", "b"), (0, "L", "res", "c"))
    result = repair_rota(sc, published, [sick("a")], QUICK)
    assert result.has_rota
    assert result.dropped_fixed == [Assignment(date=day(0), shift="E", unit="res", staff_id="a")]
    assert "No longer fixed: Ann, Mon 23 Nov early on Residential." in result.lines


@pytest.mark.parametrize(
    ("absences", "published", "field", "message"),
    [
        ([sick("zz")], Rota(), "absences[0].staff_id", "unknown staff member 'zz'"),
        ([sick("a", 3)], Rota(), "absences[0].start", "outside the rota period"),
        ([StaffAbsence(staff_id="a", start=day(0), end=day(5))], Rota(), "absences[0].end", "Sat 28 Nov 2026"),
        ([], Rota(), "absences", "give at least one absence"),
        ([sick("a")], rota((0, "E", "res", "ghost")), "published[0].staff_id", "unknown staff member 'ghost'"),
    ],
)
def test_bad_input_names_the_field(absences, published, field, message):
    """Unknown people and dates outside the rota period are refused before any solving."""
    sc = one_day(person("a"), person("b"))
    with pytest.raises(RepairError) as caught:
        repair_rota(sc, published, absences, QUICK)
    assert caught.value.field == field
    assert message in caught.value.message


def test_absence_that_ends_before_it_starts_is_invalid():
    with pytest.raises(ValidationError, match="ends"):
        StaffAbsence(staff_id="a", start=day(2), end=day(1))
