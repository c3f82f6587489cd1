"""The vectorised counts behind the indicators agree with the per-person rules in due_dates on random providers."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta

import numpy as np
import pytest
from pydantic import ValidationError

from rota.compliance import arrays
from rota.compliance.catalogue import default_catalogue
from rota.compliance.dates import add_months
from rota.compliance.due_dates import Area, compliance_items, summarise
from rota.compliance.policy import CompliancePolicy
from rota.compliance.records import (
    Appraisal,
    ComplianceData,
    DbsCheck,
    MedicationAssessment,
    NmcRegistration,
    Reference,
    RightToWork,
    Supervision,
    TrainingRecord,
)
from tests.unit.compliance.builders import data, employee

ROLES = ("rn", "senior", "carer", "cook", "manager")


def _day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, (last - first).days))


def random_provider(seed: int) -> ComplianceData:
    """Small, messy random records: rehires, missing checks, explicit expiries, old and new starters."""
    rng = random.Random(seed)
    catalogue = default_catalogue()
    people, records = [], defaultdict(list)
    for n in range(25):
        staff_id = f"p{n}"
        start = _day(rng, date(2018, 1, 1), date(2026, 9, 1))
        leave = _day(rng, start, date(2026, 12, 31)) if rng.random() < 0.3 else None
        role = rng.choice(ROLES)
        people.append(employee(staff_id, start=start, role=role, leave_date=leave,
                               probation_end=add_months(start, 3) if rng.random() < 0.5 else None))
        if leave is not None and rng.random() < 0.5:
            people.append(employee(staff_id, start=leave + timedelta(days=rng.randint(1, 90)), role=role))
        for course in catalogue.courses:
            for _ in range(rng.randint(0, 3)):
                done = _day(rng, date(2022, 1, 1), date(2026, 12, 1))
                expires = done + timedelta(days=rng.randint(100, 900)) if rng.random() < 0.2 else None
                records["training"].append(TrainingRecord(staff_id=staff_id, course_id=course.id, completed=done,
                                                          expires=expires))
        for _ in range(rng.randint(0, 2)):
            records["medication_assessments"].append(MedicationAssessment(
                staff_id=staff_id, assessed_on=_day(rng, date(2024, 1, 1), date(2026, 12, 1)), assessor="D",
                outcome=rng.choice(("competent", "competent", "not_yet_competent"))))
        for _ in range(rng.randint(0, 8)):
            records["supervisions"].append(Supervision(staff_id=staff_id, held_on=_day(rng, date(2025, 1, 1),
                                                                                       date(2026, 12, 1)),
                                                       held_by="D"))
        for _ in range(rng.randint(0, 2)):
            records["appraisals"].append(Appraisal(staff_id=staff_id, held_on=_day(rng, date(2024, 1, 1),
                                                                                   date(2026, 12, 1)), held_by="M"))
        if rng.random() < 0.9:
            issued = _day(rng, date(2018, 1, 1), date(2026, 10, 1))
            records["dbs"].append(DbsCheck(staff_id=staff_id, issued=issued, certificate_number="0011",
                                           barred_list_checked=rng.random() < 0.9,
                                           update_service=rng.random() < 0.5,
                                           last_status_check=_day(rng, issued, date(2026, 11, 1))
                                           if rng.random() < 0.5 else None))
        if rng.random() < 0.9:
            records["right_to_work"].append(RightToWork(
                staff_id=staff_id, checked_on=_day(rng, date(2018, 1, 1), date(2026, 10, 1)),
                expires=_day(rng, date(2025, 1, 1), date(2028, 1, 1)) if rng.random() < 0.3 else None))
        for _ in range(rng.randint(0, 3)):
            records["references"].append(Reference(staff_id=staff_id, received_on=_day(rng, date(2018, 1, 1),
                                                                                       date(2026, 10, 1))))
        if role == "rn" and rng.random() < 0.8:
            records["nmc"].append(NmcRegistration(staff_id=staff_id, pin="12A3456E",
                                                  expires=_day(rng, date(2026, 1, 1), date(2027, 12, 1)),
                                                  revalidation_due=_day(rng, date(2026, 1, 1), date(2028, 12, 1))))
    return data(*people, **{k: tuple(v) for k, v in records.items()})


DAYS = (date(2025, 6, 30), date(2026, 2, 28), date(2026, 10, 31), date(2026, 12, 31))


@pytest.mark.parametrize("seed", range(6))
def test_vectorised_counts_match_the_item_rules(seed: int) -> None:
    hr = random_provider(seed)
    policy = CompliancePolicy()
    columns = arrays.Columns(hr, policy)
    for on in DAYS:
        items = compliance_items(hr, on, policy)
        training = [i for i in items if i.area == Area.TRAINING]
        ok, required, labels = columns.training(on.toordinal())
        assert int(required.sum()) == len(training), on
        assert int(ok.sum()) == sum(i.status.compliant for i in training), on
        by_label = {label: (int(a), int(b)) for label, a, b in zip(labels, ok, required, strict=True) if b}
        expected = defaultdict(lambda: [0, 0])
        for i in training:
            expected[i.label][0] += i.status.compliant
            expected[i.label][1] += 1
        assert by_label == {k: tuple(v) for k, v in expected.items()}, on
        for area, count in ((Area.SUPERVISION, columns.supervised), (Area.APPRAISAL, columns.appraised)):
            chosen = [i for i in items if i.area == area]
            assert count(on.toordinal()) == (sum(i.status.compliant for i in chosen), len(chosen)), (area, on)
        people = defaultdict(list)
        for i in items:
            if i.area == Area.RECRUITMENT and i.item != "probation":
                people[i.staff_id].append(i.status.compliant)
        every, total, _ = columns.recruitment(on.toordinal())
        assert (every, total) == (sum(all(v) for v in people.values()), len(people)), on


@pytest.mark.parametrize("seed", range(6))
def test_vectorised_summary_matches_the_item_summary(seed: int) -> None:
    hr = random_provider(100 + seed)
    policy = CompliancePolicy(due_soon_days=45, supervision_due_soon_days=10)
    for on in DAYS:
        expected = summarise(compliance_items(hr, on, policy))
        found = arrays.compliance_summary(hr, on, policy)
        assert found.by_item == expected.by_item, on
        assert found.labels == expected.labels and found.total == expected.total, on


def test_vectorised_add_months_matches_the_calendar() -> None:
    days = [date(2024, 1, 31), date(2024, 2, 29), date(2025, 12, 15), date(2023, 3, 31)]
    for months in (-13, -1, 1, 12, 36):
        result = arrays.add_months(arrays.ordinals(days), months)
        assert [date.fromordinal(int(d)) for d in result] == [add_months(d, months) for d in days]
    assert np.array_equal(arrays.add_months(arrays.ordinals(days), np.array([1, 2, 3, 4])),
                          arrays.ordinals([add_months(d, m) for d, m in zip(days, (1, 2, 3, 4), strict=True)]))


def test_overlapping_employments_are_refused() -> None:
    with pytest.raises(ValidationError, match="overlapping employments"):
        data(employee("a", start=date(2024, 1, 1)), employee("a", start=date(2025, 1, 1)))
    rehired = data(employee("a", start=date(2024, 1, 1), leave_date=date(2024, 6, 30)),
                   employee("a", start=date(2025, 1, 1)))
    assert len(rehired.staff) == 2
