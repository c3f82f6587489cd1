"""Gating the rota on HR records, end to end through a real solve and through the audit of a hand-made rota."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from rota.compliance.gating import GateKind, gate_scenario
from rota.compliance.policy import CompliancePolicy
from rota.compliance.records import (
    ComplianceData,
    DbsCheck,
    MedicationAssessment,
    NmcRegistration,
    Reference,
    RightToWork,
    Supervision,
    TrainingRecord,
)
from rota.services.rotas import check_rota, plan_rota
from rota.solver.service import SolveOptions
from tests.factories import START, day, person, rota, scenario
from tests.unit.compliance.builders import employee

TRAINED = date(2026, 6, 1)


def records_for(staff_id: str, role: str, **changes) -> dict[str, list]:
    """A fully compliant person's records; `changes` replaces whole kinds (e.g. dbs=[])."""
    courses = ["fire_safety", "moving_assisting", "first_aid", "medication", "fire_marshal", "care_certificate"]
    found: dict[str, list] = {
        "staff": [employee(staff_id, role=role, start=date(2024, 1, 1))],
        "training": [TrainingRecord(staff_id=staff_id, course_id=c, completed=TRAINED) for c in courses],
        "medication_assessments": [MedicationAssessment(staff_id=staff_id, assessed_on=TRAINED, assessor="Deputy")],
        "supervisions": [Supervision(staff_id=staff_id, held_on=date(2026, 11, 1), held_by="Deputy")],
        "dbs": [DbsCheck(staff_id=staff_id, issued=date(2024, 1, 1), certificate_number="001122334455",
                         update_service=True, last_status_check=date(2026, 10, 1))],
        "right_to_work": [RightToWork(staff_id=staff_id, checked_on=date(2023, 12, 1))],
        "references": [Reference(staff_id=staff_id, received_on=date(2023, 12, 1))] * 2,
        "nmc": [NmcRegistration(staff_id=staff_id, pin="12A3456E", expires=date(2027, 3, 31),
                                revalidation_due=date(2028, 3, 31))] if role == "rn" else [],
    }
    found.update(changes)
    return found


def hr(*people: dict[str, list]) -> ComplianceData:
    merged: dict[str, list] = {}
    for records in people:
        for kind, rows in records.items():
            merged.setdefault(kind, []).extend(rows)
    return ComplianceData(**{k: tuple(v) for k, v in merged.items()})


def team(**extra):
    return scenario([person("a", role="senior"), person("b", role="senior"), person("c"), person("d"),
                     person("n1", night_worker=True, day_worker=False),
                     person("n2", night_worker=True, day_worker=False)], **extra)


def team_records(**per_person) -> ComplianceData:
    roles = {"a": "senior", "b": "senior", "c": "carer", "d": "carer", "n1": "carer", "n2": "carer"}
    return hr(*(records_for(s, r, **per_person.get(s, {})) for s, r in roles.items()))


def test_fully_compliant_team_is_unchanged_apart_from_evidenced_expiry() -> None:
    sc = team()
    gated = gate_scenario(sc, team_records())
    assert gated.blocking == []
    a = gated.scenario.member("a")
    assert {c.skill: c.expires for c in a.skills}["medication"] == date(2027, 6, 1)
    assert a.leave == () and a.role == "senior"


def test_expired_medication_stops_counting_and_the_shift_report_says_so() -> None:
    """Through a real solve: a's medication training expired before the rota, so only b counts for it."""
    expired = [TrainingRecord(staff_id="a", course_id=c, completed=d) for c, d in
               [("medication", date(2025, 11, 1)), ("first_aid", TRAINED), ("fire_safety", TRAINED),
                ("fire_marshal", TRAINED), ("moving_assisting", TRAINED), ("care_certificate", TRAINED)]]
    sc = team(fixed_assignments=[{"date": START.isoformat(), "shift": "E", "unit": "res", "staff_id": s}
                                 for s in ("a", "b")])
    gated = gate_scenario(sc, team_records(a={"training": expired}))
    reason = gated.skill_reason("a", "medication")
    assert reason is not None and reason.kind == GateKind.SKILL_EXPIRED and reason.start == START
    assert not gated.scenario.member("a").has_skill("medication", START)
    plan = plan_rota(sc, SolveOptions(time_limit=10, workers=2), gating=gated)
    assert plan.report is not None and plan.report.breaches == []
    early = next(s for s in plan.report.shifts if s.date == START.isoformat() and s.shift == "E")
    assert "Medication: 1 of 2 expired (Person a: Safe handling of medicines expired 01 Nov 2026)" in early.compliance
    medication = next(c for c in early.cover if c.requirement.startswith("Medication"))
    assert (medication.have, medication.expired) == (1, 1)
    assert early.as_dict()["compliance"] == early.compliance


def test_missing_dbs_keeps_a_person_off_the_rota() -> None:
    sc = team()
    gated = gate_scenario(sc, team_records(c={"dbs": []}))
    c = gated.scenario.member("c")
    assert all(c.absent_on(day(n)).kind == "compliance: no DBS check" for n in range(7))
    assert [r.kind for r in gated.for_staff("c")] == [GateKind.NOT_ROSTERABLE]
    plan = plan_rota(sc, SolveOptions(time_limit=10, workers=2), gating=gated)
    assert plan.report is not None
    assert all(a.staff_id != "c" for a in plan.report.rota.assignments)
    hand_made = check_rota(sc, rota((0, "E", "res", "c")), gating=gated)
    assert any("is off (compliance: no DBS check)" in f.message for f in hand_made.breaches)


def test_right_to_work_expiring_mid_rota_blocks_from_the_next_day() -> None:
    expires = START + timedelta(days=2)
    gated = gate_scenario(team(), team_records(
        d={"right_to_work": [RightToWork(staff_id="d", checked_on=date(2024, 1, 1), expires=expires)]}))
    d = gated.scenario.member("d")
    assert d.absent_on(expires) is None
    assert d.absent_on(expires + timedelta(days=1)).kind == "compliance: no right to work"
    (reason,) = gated.blocking
    assert (reason.start, reason.end) == (expires + timedelta(days=1), day(6))


@pytest.mark.parametrize("fallback", [None, "senior"])
def test_lapsed_nurse_cannot_work_as_a_nurse(fallback: str | None) -> None:
    sc = scenario([person("rn1", role="rn")])
    lapsed = [NmcRegistration(staff_id="rn1", pin="12A3456E", expires=date(2026, 10, 31),
                              revalidation_due=date(2028, 3, 31))]
    gated = gate_scenario(sc, hr(records_for("rn1", "rn", nmc=lapsed)),
                          CompliancePolicy(lapsed_nurse_works_as=fallback))
    nurse = gated.scenario.member("rn1")
    (reason,) = [r for r in gated.reasons if r.kind == GateKind.NOT_NURSE]
    if fallback is None:
        assert nurse.role == "rn" and nurse.absent_on(START).kind == "compliance: NMC registration lapsed"
    else:
        assert nurse.role == "senior" and nurse.absent_on(START) is None
        assert "works as senior carer" in reason.message


def test_overdue_supervision_is_flagged_not_blocking() -> None:
    gated = gate_scenario(team(), team_records(
        b={"supervisions": [Supervision(staff_id="b", held_on=date(2026, 8, 1), held_by="Deputy")]}))
    (flag,) = gated.flags
    assert flag.kind == GateKind.SUPERVISION_OVERDUE and flag.staff_id == "b" and not flag.blocking
    assert gated.scenario.member("b").leave == ()
    plan = plan_rota(team(), SolveOptions(time_limit=10, workers=2), gating=gated)
    assert plan.report is not None
    b_shifts = [s for s in plan.report.shifts if any(m["staff_id"] == "b" for m in s.staff)]
    assert b_shifts and all(any("supervision overdue" in n for n in s.compliance) for s in b_shifts)


def test_agency_unknown_people_and_care_certificate() -> None:
    sc = scenario([person("ag", employment="agency"), person("ghost"), person("new")])
    new = records_for("new", "carer", training=[])
    gated = gate_scenario(sc, hr(new))
    kinds = {(r.staff_id, r.kind) for r in gated.reasons}
    assert ("ag", GateKind.CHECKED_BY_AGENCY) in kinds
    assert ("ghost", GateKind.NOT_ROSTERABLE) in kinds
    assert ("new", GateKind.NEW_STARTER) in kinds and gated.scenario.member("new").is_new_starter()
    assert gated.scenario.member("ag") == sc.member("ag")


def test_gating_never_adds_a_skill_and_keeps_earlier_scenario_expiry() -> None:
    sc = scenario([person("a", role="senior", skills=[{"skill": "medication", "expires": "2026-11-25"}])])
    gated = gate_scenario(sc, hr(records_for("a", "senior")))
    member = gated.scenario.member("a")
    assert [c.skill for c in member.skills] == ["medication"]
    assert member.skills[0].expires == date(2026, 11, 25)


def test_date_range_must_overlap_the_rota() -> None:
    with pytest.raises(ValueError, match="do not overlap"):
        gate_scenario(team(), team_records(), start=date(2027, 1, 1), end=date(2027, 1, 7))


def test_days_outside_employment_are_blocked() -> None:
    leaving = START + timedelta(days=3)
    gated = gate_scenario(team(), team_records(c={"staff": [employee("c", start=date(2024, 1, 1),
                                                                     leave_date=leaving)]}))
    c = gated.scenario.member("c")
    assert c.absent_on(leaving) is None
    assert c.absent_on(leaving + timedelta(days=1)).kind == "compliance: not employed"


def test_gating_a_gated_scenario_again_applies_todays_records_afresh() -> None:
    """A what-if starts from a solved rota's own, already gated, scenario. (What the scenario already carries,
    a new starter's supernumerary status or a lapsed nurse's fallback role, is not seen again: the what-if
    service keeps those reasons from the base rota's gating.)"""
    expired = [TrainingRecord(staff_id="a", course_id=c, completed=date(2025, 11, 1) if c == "medication" else TRAINED)
               for c in ("medication", "first_aid", "fire_safety", "fire_marshal", "moving_assisting",
                         "care_certificate")]
    before = gate_scenario(team(), team_records(a={"training": expired}, c={"dbs": []}))
    again = gate_scenario(before.scenario, team_records(a={"training": expired}, c={"dbs": []}))
    assert again.scenario == before.scenario and again.reasons == before.reasons

    dbs_back = gate_scenario(before.scenario, team_records(a={"training": expired}))
    assert dbs_back.scenario.member("c").leave == () and not dbs_back.for_staff("c")
    assert dbs_back.skill_reason("a", "medication") == before.skill_reason("a", "medication")


def test_exempt_people_are_left_as_they_are() -> None:
    sc = scenario([person("a"), person("hire")])
    gated = gate_scenario(sc, hr(records_for("a", "carer")), exempt=frozenset({"hire"}))
    assert gated.scenario.member("hire") == sc.member("hire") and not gated.for_staff("hire")
    assert gate_scenario(sc, hr(records_for("a", "carer"))).scenario.member("hire").leave != ()
