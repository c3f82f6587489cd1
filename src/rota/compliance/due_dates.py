"""Due dates and status per person: training, medication competency, supervision, appraisal, recruitment checks.

Every item gets a due date and one of four statuses on a given day:

- valid: held, and not due within the policy's due-soon window;
- due soon: held (or not yet needed) but due within the window: still counts as compliant;
- overdue: was held, has expired (or the re-check date has passed);
- missing: never done, and its deadline (a new starter's, say) has passed.

An item never done whose deadline is still ahead is rated like a held one expiring on that deadline,
so a new starter's Care Certificate shows "due soon" in its last weeks and "missing" after week 12.
"""

from __future__ import annotations

import gc
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from operator import attrgetter

from rota.compliance.catalogue import Course
from rota.compliance.dates import add_months
from rota.compliance.policy import CompliancePolicy
from rota.compliance.records import (
    AssessmentOutcome,
    ComplianceData,
    Employment,
    TrainingRecord,
)


class Status(StrEnum):
    VALID = "valid"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    MISSING = "missing"

    @property
    def compliant(self) -> bool:
        return self in (Status.VALID, Status.DUE_SOON)

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


class Area(StrEnum):
    TRAINING = "training"
    SUPERVISION = "supervision"
    APPRAISAL = "appraisal"
    RECRUITMENT = "recruitment"


MEDICATION_COMPETENCY = "medication_competency"
RECRUITMENT_LABELS = {
    "dbs": "Enhanced DBS and barred list",
    "right_to_work": "Right to work",
    "references": "References",
    "nmc": "NMC registration",
    "probation": "Probation review",
}


@dataclass(frozen=True, slots=True)
class ComplianceItem:
    staff_id: str
    name: str
    home_id: str
    role: str
    area: Area
    item: str
    """Course id, 'medication_competency', 'supervision', 'appraisal' or a recruitment check id."""
    label: str
    status: Status
    due: date | None
    last: date | None
    detail: str

    def as_dict(self) -> dict[str, object]:
        return {"staff_id": self.staff_id, "name": self.name, "home_id": self.home_id, "role": self.role,
                "area": self.area.value, "item": self.item, "label": self.label, "status": self.status.value,
                "due": self.due.isoformat() if self.due else None,
                "last": self.last.isoformat() if self.last else None, "detail": self.detail}


MONTHS = ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _d(day: date) -> str:
    """'05 Mar 2026', as strftime('%d %b %Y') writes it in English, several times faster."""
    return f"{day.day:02d} {MONTHS[day.month]} {day.year}"


def classify(due: date | None, on: date, due_soon_days: int, held: bool = True) -> Status:
    """Status of something due on `due` (last valid day), seen on `on`. Boundaries: due day itself is due soon."""
    if due is None:
        return Status.VALID if held else Status.MISSING
    if on > due:
        return Status.OVERDUE if held else Status.MISSING
    if (due - on).days <= due_soon_days:
        return Status.DUE_SOON
    return Status.VALID


def training_expiry(record: TrainingRecord, course: Course | None) -> date | None:
    """The record's own expiry, else completed + the course's refresh interval; None for once-only courses."""
    if record.expires is not None:
        return record.expires
    if course is None or course.refresh_months is None:
        return None
    return add_months(record.completed, course.refresh_months)


class _Timeline:
    """Dated records of one kind for one person, sorted, so 'the latest on or before a day' is a bisect."""

    __slots__ = ("records", "when")

    def __init__(self, records: list, when: Callable) -> None:
        records.sort(key=when)
        self.records = records
        self.when = when

    def latest(self, on: date):
        i = bisect_right(self.records, on, key=self.when)
        return self.records[i - 1] if i else None

    def count(self, on: date) -> int:
        return bisect_right(self.records, on, key=self.when)


def _timelines(records: Iterable, key: Callable, when: Callable) -> dict:
    grouped: dict = {}
    for r in records:
        k = key(r)
        if k in grouped:
            grouped[k].append(r)
        else:
            grouped[k] = [r]
    return {k: _Timeline(v, when) for k, v in grouped.items()}


@contextmanager
def few_collections() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small, acyclic objects.

    With a provider's records in memory (hundreds of thousands of objects), each automatic collection
    walks them all; building an index would trigger dozens. Nothing built here forms cycles, so
    reference counting frees it all the same.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class ComplianceIndex:
    """Records grouped and sorted once, so status on many days (monthly series) stays fast."""

    def __init__(self, data: ComplianceData, policy: CompliancePolicy | None = None) -> None:
        self.data = data
        self.policy = policy or CompliancePolicy()
        self.courses = {c.id: c for c in data.catalogue.courses}
        self.required: dict[str, tuple[Course, ...]] = {}
        with few_collections():
            self.training = _timelines(data.training, attrgetter("staff_id", "course_id"), attrgetter("completed"))
            competent = [a for a in data.medication_assessments if a.outcome == AssessmentOutcome.COMPETENT]
            self.medication = _timelines(competent, attrgetter("staff_id"), attrgetter("assessed_on"))
            self.supervisions = _timelines(data.supervisions, attrgetter("staff_id"), attrgetter("held_on"))
            self.appraisals = _timelines(data.appraisals, attrgetter("staff_id"), attrgetter("held_on"))
            self.dbs = _timelines(data.dbs, attrgetter("staff_id"), attrgetter("issued"))
            self.right_to_work = _timelines(data.right_to_work, attrgetter("staff_id"), attrgetter("checked_on"))
            self.references = _timelines(data.references, attrgetter("staff_id"), attrgetter("received_on"))
            self.nmc = _timelines(data.nmc, attrgetter("staff_id"), _nmc_due)
        self.medication_courses = {c.id for c in data.catalogue.courses if c.grants_skill == "medication"}

    def required_courses(self, role: str) -> tuple[Course, ...]:
        if role not in self.required:
            self.required[role] = self.data.catalogue.required_for(role)
        return self.required[role]

    def in_post(self, on: date) -> list[Employment]:
        """One employment row per person employed on `on` (the latest start if rows overlap)."""
        people: dict[str, Employment] = {}
        for e in self.data.staff:
            if e.employed_on(on) and (e.staff_id not in people or e.start > people[e.staff_id].start):
                people[e.staff_id] = e
        return list(people.values())

    # --- training -------------------------------------------------------------------------------------------

    def training_item(self, e: Employment, course: Course, on: date) -> ComplianceItem:
        timeline = self.training.get((e.staff_id, course.id))
        record = timeline.latest(on) if timeline else None
        soon = self.policy.due_soon_days
        if record is None:
            weeks = course.due_within_weeks_of_start
            deadline = e.start + timedelta(weeks=weeks if weeks is not None else self.policy.new_starter_training_weeks)
            status = classify(deadline, on, soon, held=False)
            detail = f"not done; due by {_d(deadline)} (new starter)" if status != Status.MISSING else \
                f"no record; was due by {_d(deadline)}"
            return self._item(e, Area.TRAINING, course.id, course.name, status, deadline, None, detail)
        expires = training_expiry(record, course)
        status = classify(expires, on, soon)
        if expires is None:
            detail = f"completed {_d(record.completed)}; no refresher needed"
        elif status == Status.OVERDUE:
            detail = f"expired {_d(expires)}"
        else:
            detail = f"valid until {_d(expires)}"
        return self._item(e, Area.TRAINING, course.id, course.name, status, expires, record.completed, detail)

    def medication_item(self, e: Employment, on: date) -> ComplianceItem:
        timeline = self.medication.get(e.staff_id)
        last = timeline.latest(on) if timeline else None
        label = "Medication competency assessment"
        if last is None:
            deadline = e.start + timedelta(weeks=self.policy.new_starter_training_weeks)
            status = classify(deadline, on, self.policy.due_soon_days, held=False)
            return self._item(e, Area.TRAINING, MEDICATION_COMPETENCY, label, status, deadline, None,
                              "not assessed as competent: may not give medicines unsupervised")
        due = add_months(last.assessed_on, self.policy.medication_competency_months)
        status = classify(due, on, self.policy.due_soon_days)
        return self._item(e, Area.TRAINING, MEDICATION_COMPETENCY, label, status, due, last.assessed_on,
                          f"assessed by {last.assessor}; reassessment due {_d(due)}")

    def training_items(self, e: Employment, on: date) -> list[ComplianceItem]:
        courses = self.required_courses(e.role)
        items = [self.training_item(e, c, on) for c in courses]
        if any(c.id in self.medication_courses for c in courses):
            items.append(self.medication_item(e, on))
        return items

    # --- supervision and appraisal --------------------------------------------------------------------------

    def probation_end(self, e: Employment) -> date:
        return e.probation_end or add_months(e.start, self.policy.default_probation_months)

    def supervision_item(self, e: Employment, on: date) -> ComplianceItem:
        timeline = self.supervisions.get(e.staff_id)
        last = timeline.latest(on) if timeline else None
        if last is not None and last.held_on < e.start:
            last = None
        on_probation = on <= self.probation_end(e)
        weeks = self.policy.probation_supervision_interval_weeks if on_probation \
            else self.policy.supervision_interval_weeks
        due = (last.held_on if last else e.start) + timedelta(weeks=weeks)
        status = classify(due, on, self.policy.supervision_due_soon_days, held=last is not None)
        every = f"every {weeks} weeks" + (" (probation)" if on_probation else "")
        detail = f"last held {_d(last.held_on)} by {last.held_by}; {every}" if last else \
            f"no supervision yet; first due {_d(due)} ({every})"
        return self._item(e, Area.SUPERVISION, "supervision", "Supervision", status, due,
                          last.held_on if last else None, detail)

    def appraisal_item(self, e: Employment, on: date) -> ComplianceItem:
        timeline = self.appraisals.get(e.staff_id)
        last = timeline.latest(on) if timeline else None
        if last is not None and last.held_on < e.start:
            last = None
        due = add_months(last.held_on if last else e.start, self.policy.appraisal_interval_months)
        status = classify(due, on, self.policy.due_soon_days, held=last is not None)
        detail = f"last held {_d(last.held_on)} by {last.held_by}" if last else \
            f"no appraisal yet; first due {_d(due)}"
        return self._item(e, Area.APPRAISAL, "appraisal", "Appraisal", status, due,
                          last.held_on if last else None, detail)

    # --- recruitment checks ---------------------------------------------------------------------------------

    def recruitment_items(self, e: Employment, on: date) -> list[ComplianceItem]:
        items = [self.dbs_item(e, on), self.right_to_work_item(e, on), self.references_item(e, on)]
        if e.role in self.policy.nurse_roles:
            items.append(self.nmc_item(e, on))
        items.append(self.probation_item(e, on))
        return items

    def dbs_item(self, e: Employment, on: date) -> ComplianceItem:
        timeline = self.dbs.get(e.staff_id)
        check = timeline.latest(on) if timeline else None
        label = RECRUITMENT_LABELS["dbs"]
        if check is None:
            return self._item(e, Area.RECRUITMENT, "dbs", label, Status.MISSING, e.start, None,
                              "no enhanced DBS check recorded")
        if not check.barred_list_checked:
            return self._item(e, Area.RECRUITMENT, "dbs", label, Status.MISSING, e.start, check.issued,
                              f"certificate {check.certificate_number} has no adults' barred list check")
        if check.update_service:
            since = check.last_status_check or check.issued
            due = add_months(since, self.policy.dbs_update_service_check_months)
            detail = f"certificate {check.certificate_number} on the Update Service; status checked {_d(since)}"
        else:
            due = add_months(check.issued, self.policy.dbs_recheck_months)
            detail = f"certificate {check.certificate_number} issued {_d(check.issued)}; re-check due"
            detail += f" {_d(due)}"
        if check.issued > e.start:
            detail += "; issued after the start date"
        status = classify(due, on, self.policy.due_soon_days)
        return self._item(e, Area.RECRUITMENT, "dbs", label, status, due, check.issued, detail)

    def right_to_work_item(self, e: Employment, on: date) -> ComplianceItem:
        timeline = self.right_to_work.get(e.staff_id)
        check = timeline.latest(on) if timeline else None
        label = RECRUITMENT_LABELS["right_to_work"]
        if check is None:
            return self._item(e, Area.RECRUITMENT, "right_to_work", label, Status.MISSING, e.start, None,
                              "no right to work check recorded")
        status = classify(check.expires, on, self.policy.due_soon_days)
        detail = f"checked {_d(check.checked_on)}" + (f" ({check.document})" if check.document else "")
        detail += f"; permission ends {_d(check.expires)}" if check.expires else "; no time limit"
        return self._item(e, Area.RECRUITMENT, "right_to_work", label, status, check.expires, check.checked_on,
                          detail)

    def references_item(self, e: Employment, on: date) -> ComplianceItem:
        timeline = self.references.get(e.staff_id)
        received = timeline.count(on) if timeline else 0
        needed = self.policy.references_required
        status = Status.VALID if received >= needed else Status.MISSING
        last = timeline.latest(on).received_on if timeline and received else None
        return self._item(e, Area.RECRUITMENT, "references", RECRUITMENT_LABELS["references"], status,
                          None if status.compliant else e.start, last, f"{received} of {needed} received")

    def nmc_item(self, e: Employment, on: date) -> ComplianceItem:
        timeline = self.nmc.get(e.staff_id)
        label = RECRUITMENT_LABELS["nmc"]
        if timeline is None:
            return self._item(e, Area.RECRUITMENT, "nmc", label, Status.MISSING, e.start, None,
                              "no NMC PIN recorded: cannot work as a nurse")
        current = timeline.records[-1]
        due = min(current.expires, current.revalidation_due)
        status = classify(due, on, self.policy.due_soon_days)
        what = "revalidation" if current.revalidation_due <= current.expires else "registration renewal"
        detail = f"PIN {current.pin}; registration to {_d(current.expires)}, revalidation due " \
                 f"{_d(current.revalidation_due)}"
        if status == Status.OVERDUE:
            detail += f"; lapsed ({what}): cannot work as a nurse"
        return self._item(e, Area.RECRUITMENT, "nmc", label, status, due, None, detail)

    def probation_item(self, e: Employment, on: date) -> ComplianceItem:
        end = self.probation_end(e)
        label = RECRUITMENT_LABELS["probation"]
        if e.probation_confirmed_on is not None and e.probation_confirmed_on <= on:
            return self._item(e, Area.RECRUITMENT, "probation", label, Status.VALID, None, e.probation_confirmed_on,
                              f"probation confirmed {_d(e.probation_confirmed_on)}")
        status = classify(end, on, self.policy.due_soon_days)
        detail = f"probation ends {_d(end)}" + ("; not yet confirmed" if on > end else "")
        return self._item(e, Area.RECRUITMENT, "probation", label, status, end, None, detail)

    # --- everything -----------------------------------------------------------------------------------------

    def items(self, on: date, areas: Sequence[Area] = tuple(Area)) -> list[ComplianceItem]:
        with few_collections():
            return self._items(on, areas)

    def _items(self, on: date, areas: Sequence[Area]) -> list[ComplianceItem]:
        result: list[ComplianceItem] = []
        for e in sorted(self.in_post(on), key=lambda e: (e.home_id, e.name, e.staff_id)):
            if Area.TRAINING in areas:
                result.extend(self.training_items(e, on))
            if Area.SUPERVISION in areas:
                result.append(self.supervision_item(e, on))
            if Area.APPRAISAL in areas:
                result.append(self.appraisal_item(e, on))
            if Area.RECRUITMENT in areas:
                result.extend(self.recruitment_items(e, on))
        return result

    @staticmethod
    def _item(e: Employment, area: Area, item: str, label: str, status: Status, due: date | None,
              last: date | None, detail: str) -> ComplianceItem:
        return ComplianceItem(e.staff_id, e.name, e.home_id, e.role, area, item, label, status, due, last, detail)


def _nmc_due(record) -> date:
    return min(record.expires, record.revalidation_due)


def compliance_items(data: ComplianceData, on: date, policy: CompliancePolicy | None = None,
                     areas: Sequence[Area] = tuple(Area)) -> list[ComplianceItem]:
    """Every due item for every person in post on `on`."""
    return ComplianceIndex(data, policy).items(on, areas)


def filter_items(items: Iterable[ComplianceItem], on: date, *, within_days: int | None = None,
                 role: str | None = None, item: str | None = None, area: Area | None = None,
                 home_id: str | None = None, statuses: Iterable[Status] | None = None) -> list[ComplianceItem]:
    """Items matching every filter given. `within_days`: overdue, missing, or due within N days of `on`."""
    horizon = on + timedelta(days=within_days) if within_days is not None else None
    wanted = set(statuses) if statuses is not None else None
    result = []
    for i in items:
        if role is not None and i.role != role:
            continue
        if item is not None and i.item != item:
            continue
        if area is not None and i.area != area:
            continue
        if home_id is not None and i.home_id != home_id:
            continue
        if wanted is not None and i.status not in wanted:
            continue
        if horizon is not None and i.status.compliant and (i.due is None or i.due > horizon):
            continue
        result.append(i)
    return result


@dataclass(frozen=True)
class Summary:
    """Counts by status, overall and per (area, item)."""

    total: Counter
    by_area: dict[Area, Counter]
    by_item: dict[tuple[Area, str], Counter]
    labels: dict[tuple[Area, str], str]

    def compliance(self, area: Area | None = None, item: str | None = None) -> float | None:
        """Share compliant (valid or due soon) as a percentage; None when nothing is required."""
        counts = self.total if area is None else self.by_area.get(area, Counter()) if item is None \
            else self.by_item.get((area, item), Counter())
        required = sum(counts.values())
        if not required:
            return None
        return 100 * (counts[Status.VALID] + counts[Status.DUE_SOON]) / required

    def as_dict(self) -> dict[str, object]:
        def plain(c: Counter) -> dict[str, int]:
            return {s.value: c.get(s, 0) for s in Status}

        return {"total": plain(self.total), "by_area": {a.value: plain(c) for a, c in self.by_area.items()},
                "by_item": [{"area": a.value, "item": i, "label": self.labels[(a, i)], **plain(c)}
                            for (a, i), c in self.by_item.items()]}


def summarise(items: Iterable[ComplianceItem]) -> Summary:
    items = list(items)
    counted = Counter((i.area, i.item, i.status) for i in items)
    labels = {(i.area, i.item): i.label for i in items} if counted else {}
    total: Counter = Counter()
    by_area: dict[Area, Counter] = {}
    by_item: dict[tuple[Area, str], Counter] = {}
    for (area, item, status), n in counted.items():
        total[status] += n
        by_area.setdefault(area, Counter())[status] += n
        by_item.setdefault((area, item), Counter())[status] += n
    return Summary(total, by_area, by_item, labels)
