"""Due dates and statuses: boundaries of 'due soon', new starters, probation supervision, recruitment checks."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from rota.compliance.due_dates import (
    Area,
    ComplianceIndex,
    Status,
    classify,
    compliance_items,
    filter_items,
    summarise,
)
from rota.compliance.policy import CompliancePolicy
from rota.compliance.records import (
    Appraisal,
    DbsCheck,
    MedicationAssessment,
    NmcRegistration,
    Reference,
    RightToWork,
    Supervision,
    TrainingRecord,
)
from tests.unit.compliance.builders import data, employee

ON = date(2026, 6, 1)


@pytest.mark.parametrize(
    ("days_to_due", "expected"),
    [(31, Status.VALID), (30, Status.DUE_SOON), (0, Status.DUE_SOON), (-1, Status.OVERDUE)],
)
def test_due_soon_boundaries(days_to_due: int, expected: Status) -> None:
    """Due soon means due within 30 days inclusive; the due day itself is the last valid day."""
    assert classify(ON + timedelta(days=days_to_due), ON, 30) == expected


def test_never_done_past_deadline_is_missing_not_overdue() -> None:
    assert classify(ON - timedelta(days=1), ON, 30, held=False) == Status.MISSING
    assert classify(ON + timedelta(days=5), ON, 30, held=False) == Status.DUE_SOON


def _training(records: list[TrainingRecord], on: date = ON, **person) -> dict[str, object]:
    index = ComplianceIndex(data(employee("a", **person), training=tuple(records)))
    return {i.item: i for i in index.training_items(index.in_post(on)[0], on)}


def test_annual_course_expires_on_its_anniversary() -> None:
    items = _training([TrainingRecord(staff_id="a", course_id="fire_safety", completed=date(2025, 6, 1))])
    fire = items["fire_safety"]
    assert fire.due == date(2026, 6, 1) and fire.status == Status.DUE_SOON
    later = _training([TrainingRecord(staff_id="a", course_id="fire_safety", completed=date(2025, 6, 1))],
                      on=date(2026, 6, 2))["fire_safety"]
    assert later.status == Status.OVERDUE and "expired 01 Jun 2026" in later.detail


def test_latest_record_wins_and_explicit_expiry_is_honoured() -> None:
    items = _training([
        TrainingRecord(staff_id="a", course_id="ipc", completed=date(2020, 1, 1)),
        TrainingRecord(staff_id="a", course_id="ipc", completed=date(2025, 1, 1), expires=date(2026, 1, 1)),
    ])
    assert items["ipc"].status == Status.OVERDUE and items["ipc"].last == date(2025, 1, 1)


def test_records_after_the_day_are_ignored() -> None:
    items = _training([TrainingRecord(staff_id="a", course_id="ipc", completed=date(2026, 7, 1))])
    assert items["ipc"].status == Status.MISSING


def test_care_certificate_is_due_twelve_weeks_after_start() -> None:
    start = date(2026, 4, 1)
    deadline = start + timedelta(weeks=12)
    early = _training([], on=date(2026, 4, 10), start=start)["care_certificate"]
    assert early.status == Status.VALID and early.due == deadline and "new starter" in early.detail
    near = _training([], on=deadline - timedelta(days=3), start=start)["care_certificate"]
    assert near.status == Status.DUE_SOON
    late = _training([], on=deadline + timedelta(days=1), start=start)["care_certificate"]
    assert late.status == Status.MISSING
    done = _training([TrainingRecord(staff_id="a", course_id="care_certificate", completed=date(2026, 5, 1))],
                     start=start)["care_certificate"]
    assert done.status == Status.VALID and done.due is None


def test_courses_follow_role_and_medication_needs_a_competency_assessment() -> None:
    carer = _training([])
    assert "medication" not in carer and "medication_competency" not in carer
    senior = _training([TrainingRecord(staff_id="a", course_id="medication", completed=date(2026, 1, 1))],
                       role="senior")
    assert senior["medication"].status == Status.VALID
    assert senior["medication_competency"].status == Status.MISSING
    index = ComplianceIndex(data(employee("a", role="senior"), medication_assessments=(
        MedicationAssessment(staff_id="a", assessed_on=date(2025, 8, 1), assessor="Deputy"),)))
    item = index.medication_item(index.in_post(ON)[0], ON)
    assert item.status == Status.VALID and item.due == date(2026, 8, 1)


def test_supervision_every_four_weeks_on_probation_then_eight() -> None:
    start = date(2026, 3, 2)
    person = employee("a", start=start, probation_end=date(2026, 5, 31))
    sessions = (Supervision(staff_id="a", held_on=date(2026, 5, 20), held_by="Deputy"),)
    index = ComplianceIndex(data(person, supervisions=sessions))
    on_probation = index.supervision_item(person, date(2026, 5, 25))
    assert on_probation.due == date(2026, 6, 17) and "probation" in on_probation.detail
    after = index.supervision_item(person, date(2026, 6, 1))
    assert after.due == date(2026, 7, 15) and after.status == Status.VALID
    assert index.supervision_item(person, date(2026, 7, 16)).status == Status.OVERDUE
    nobody = ComplianceIndex(data(person)).supervision_item(person, date(2026, 4, 1))
    assert nobody.status == Status.MISSING and nobody.due == start + timedelta(weeks=4)


def test_appraisal_is_annual_from_the_last_one() -> None:
    person = employee("a", start=date(2020, 1, 1))
    index = ComplianceIndex(data(person, appraisals=(Appraisal(staff_id="a", held_on=date(2025, 5, 15),
                                                               held_by="Manager"),)))
    item = index.appraisal_item(person, ON)
    assert item.due == date(2026, 5, 15) and item.status == Status.OVERDUE


def test_dbs_recheck_barred_list_and_update_service() -> None:
    person = employee("a", start=date(2022, 1, 10))
    old = DbsCheck(staff_id="a", issued=date(2023, 5, 1), certificate_number="001234567890")
    assert ComplianceIndex(data(person, dbs=(old,))).dbs_item(person, ON).status == Status.OVERDUE
    update = old.model_copy(update={"update_service": True, "last_status_check": date(2026, 2, 1)})
    item = ComplianceIndex(data(person, dbs=(update,))).dbs_item(person, ON)
    assert item.status == Status.VALID and item.due == date(2027, 2, 1)
    assert "issued after the start date" in item.detail
    no_barred = old.model_copy(update={"issued": date(2025, 1, 1), "barred_list_checked": False})
    assert ComplianceIndex(data(person, dbs=(no_barred,))).dbs_item(person, ON).status == Status.MISSING
    assert ComplianceIndex(data(person)).dbs_item(person, ON).status == Status.MISSING


def test_right_to_work_references_nmc_and_probation() -> None:
    nurse = employee("n", role="rn", start=date(2025, 1, 6), probation_end=date(2025, 7, 6))
    index = ComplianceIndex(data(
        nurse,
        right_to_work=(RightToWork(staff_id="n", checked_on=date(2024, 12, 1), expires=date(2026, 6, 20)),),
        references=(Reference(staff_id="n", received_on=date(2024, 12, 2)),),
        nmc=(NmcRegistration(staff_id="n", pin="12A3456E", expires=date(2026, 5, 31),
                             revalidation_due=date(2027, 5, 31)),),
    ))
    items = {i.item: i for i in index.recruitment_items(nurse, ON)}
    assert items["right_to_work"].status == Status.DUE_SOON and items["right_to_work"].due == date(2026, 6, 20)
    assert items["references"].status == Status.MISSING and items["references"].detail == "1 of 2 received"
    assert items["nmc"].status == Status.OVERDUE and "cannot work as a nurse" in items["nmc"].detail
    assert items["probation"].status == Status.OVERDUE
    assert items["dbs"].status == Status.MISSING
    carer = employee("c")
    assert "nmc" not in {i.item for i in index.recruitment_items(carer, ON)}


def test_leavers_are_not_listed_and_filters_work() -> None:
    people = (employee("a", role="senior"), employee("b"), employee("gone", leave_date=date(2026, 1, 31)))
    training = (TrainingRecord(staff_id="a", course_id="fire_safety", completed=date(2025, 6, 20)),
                TrainingRecord(staff_id="b", course_id="fire_safety", completed=date(2026, 1, 20)))
    items = compliance_items(data(*people, training=training), ON)
    assert {i.staff_id for i in items} == {"a", "b"}
    fire = filter_items(items, ON, item="fire_safety")
    assert {(i.staff_id, i.status) for i in fire} == {("a", Status.DUE_SOON), ("b", Status.VALID)}
    soon = filter_items(items, ON, within_days=20, item="fire_safety")
    assert [i.staff_id for i in soon] == ["a"]
    assert {i.role for i in filter_items(items, ON, role="senior")} == {"senior"}
    assert all(i.area == Area.SUPERVISION for i in filter_items(items, ON, area=Area.SUPERVISION))


def test_summary_counts_and_compliance_share() -> None:
    people = (employee("a"), employee("b"))
    training = (TrainingRecord(staff_id="a", course_id="ipc", completed=date(2025, 1, 1)),)
    summary = summarise(compliance_items(data(*people, training=training), ON, areas=(Area.TRAINING,)))
    assert summary.by_item[(Area.TRAINING, "ipc")][Status.VALID] == 1
    assert summary.by_item[(Area.TRAINING, "ipc")][Status.MISSING] == 1
    assert summary.compliance(Area.TRAINING, "ipc") == 50
    assert summary.compliance(Area.APPRAISAL) is None
    assert sum(summary.total.values()) == sum(sum(c.values()) for c in summary.by_area.values())


def test_policy_changes_the_window() -> None:
    person = employee("a")
    record = (TrainingRecord(staff_id="a", course_id="fire_safety", completed=date(2025, 6, 20)),)
    strict = ComplianceIndex(data(person, training=record), CompliancePolicy(due_soon_days=10))
    course = strict.courses["fire_safety"]
    assert strict.training_item(person, course, ON).status == Status.VALID
