"""What-if change sets: applied purely to a base scenario, validated by field, solved and compared."""

from __future__ import annotations

import json

import pytest

from rota.domain.rota import Rota
from rota.scenarios import ChangeSet, ChangeSetError, apply_changes, compare_rotas, parse_change_set, run_whatif
from rota.services.editing import audit_rota
from rota.solver.index import ProblemIndex
from rota.solver.service import SolveOptions
from tests.factories import day, person, rota, scenario

QUICK = SolveOptions(time_limit=2, workers=2)
ONE_DAY = {"start": day(0).isoformat(), "days": 1}
DAY_SHIFTS = [{"code": "E", "name": "Early", "start": "07:00", "end": "15:00", "paid_minutes": 450},
              {"code": "L", "name": "Late", "start": "14:00", "end": "22:00", "paid_minutes": 450}]
FLOORS = {"min_care_staff_day": 2, "skill_floors": []}


def base():
    return scenario([person("a", name="Ann"), person("b")], horizon=ONE_DAY, shift_types=DAY_SHIFTS, floors=FLOORS)


def test_changes_make_a_new_scenario_and_leave_the_base_alone():
    """Every kind of change lands in the new scenario; the base is exactly as it was."""
    original = base()
    snapshot = original.model_dump()
    changes = ChangeSet.model_validate({
        "absences": [{"staff_id": "a", "start": day(0).isoformat()}],
        "admissions": [{"id": "r9", "unit": "res", "band": "very_high", "admitted": day(0).isoformat()}],
        "dependency_changes": [{"resident_id": "r1", "barthel": 15, "two_person_transfer": True}],
        "extra_staff": [person("x", name="Xena")],
        "agency": {"max_per_unit_shift": 2},
        "rest": {"max_consecutive_days": 5},
        "weights": {"agency_hour": 900},
    })
    new = apply_changes(original, changes)
    assert original.model_dump() == snapshot
    assert [(x.start, x.kind) for x in new.member("a").leave] == [(day(0), "sickness")]
    assert new.member("x").name == "Xena"
    assert "r9" in {r.id for r in new.residents}
    r1 = next(r for r in new.residents if r.id == "r1")
    assert (r1.band, r1.barthel, r1.two_person_transfer, r1.dependency) == (None, 15, True, "very_high")
    assert new.agency.max_per_unit_shift == 2 and new.rest.max_consecutive_days == 5
    assert new.weights.agency_hour == 900 and new.weights.uncovered_head_hour == original.weights.uncovered_head_hour


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"absences": [{"staff_id": "zz", "start": day(0).isoformat()}]}, "absences[0].staff_id",
         "unknown staff member 'zz'"),
        ({"absences": [{"staff_id": "a", "start": "2027-02-01"}]}, "absences[0].start", "outside the rota period"),
        ({"dependency_changes": [{"resident_id": "r7", "band": "high"}]}, "dependency_changes[0].resident_id",
         "unknown resident 'r7'"),
        ({"rest": {"min_rest_hourz": 12}}, "rest.min_rest_hourz", "unknown setting"),
        ({"rest": {"min_rest_hours": -1}}, "rest.min_rest_hours", "greater than or equal to 0"),
        ({"weights": {"agency_hour": "lots"}}, "weights.agency_hour", "valid integer"),
        ({"extra_staff": [person("x", home_unit="attic")]}, "extra_staff[0].home_unit", "unknown unit 'attic'"),
        ({"extra_staff": [person("a")]}, "extra_staff[0].id", "duplicate id 'a'"),
        ({"admissions": [{"id": "r9", "unit": "attic", "band": "low"}]}, "admissions[0].unit",
         "unknown unit 'attic'"),
    ],
)
def test_bad_changes_name_the_field(data, field, message):
    """Problems are reported by the change set's own field path, before anything is solved."""
    with pytest.raises(ChangeSetError) as caught:
        apply_changes(base(), ChangeSet.model_validate(data))
    [(path, text)] = caught.value.problems
    assert path == field
    assert message in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"absences": [{"staff_id": "a"}]}', "absences[0].start: Field required"),
        ('{"colour": "blue"}', "colour: Extra inputs are not permitted"),
        ('{"absences": [\n  {"staff_id": }]}', "line 2, column 16: not valid JSON"),
        ('{"absences": [{"staff_id": "a", "start": "2026-11-24", "end": "2026-11-23"}]}',
         "absences[0]: the absence ends (2026-11-23) before it starts (2026-11-24)"),
    ],
)
def test_parse_errors_name_the_field_or_line(text, expected):
    with pytest.raises(ChangeSetError) as caught:
        parse_change_set(text)
    assert any(m.startswith(expected) for m in caught.value.messages), caught.value.messages


def test_extra_staff_fill_the_gaps():
    """Two staff cannot cover two shifts that each need two: two extra carers close the gap."""
    changes = ChangeSet.model_validate({"extra_staff": [person("x"), person("y")]})
    result = run_whatif(base(), changes, QUICK)
    uncovered = result.comparison.row("uncovered_head_hours")
    assert uncovered.base == 15.0 and uncovered.scenario == 0.0
    assert uncovered.verdict == "better"
    assert result.comparison.row("shifts_worked").delta == 2
    assert result.comparison.row("changes_vs_base").scenario == 2
    json.dumps(result.as_dict())


def test_absence_against_a_given_base_rota():
    """Ann off against the given rota: her early goes, so cover is worse, with one change."""
    sc = scenario([person("a", name="Ann"), person("b"), person("c")], horizon=ONE_DAY, shift_types=DAY_SHIFTS,
                  floors={"min_care_staff_day": 1, "skill_floors": []})
    given = rota((0, "E", "res", "a"), (0, "L", "res", "b"))
    changes = ChangeSet.model_validate({"absences": [{"staff_id": "a", "start": day(0).isoformat()}]})
    result = run_whatif(sc, changes, QUICK, base_rota=given)
    assert result.base_result is None
    assert {(a.staff_id, a.shift) for a in result.what_if.rota.assignments} == {("c", "E"), ("b", "L")}
    assert result.comparison.row("changes_vs_base").scenario == 2
    assert result.comparison.row("uncovered_head_hours").verdict == "same"


def test_compare_rotas_verdicts():
    """Fewer red shifts is better, more agency hours worse, paid hours merely different."""
    index = ProblemIndex(base())
    empty, full = audit_rota(index, Rota()), audit_rota(index, rota((0, "E", "res", "a"), (0, "E", "res", "b")))
    comparison = compare_rotas(empty, full)
    assert comparison.row("red_shifts").verdict == "better"
    assert comparison.row("hours").verdict == "different"
    assert comparison.row("agency_hours").verdict == "same"
    assert comparison.base["shifts_worked"] == 0 and comparison.scenario["shifts_worked"] == 2
