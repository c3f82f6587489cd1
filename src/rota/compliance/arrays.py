"""Column arrays (numpy) over the HR records, so indicators over many dates and thousands of staff stay fast.

Dates are day numbers (`date.toordinal()`). Each question ("who was compliant on day d?") is a few
vectorised look-ups: records sorted by (person, date) and `searchsorted` for "the latest record on or
before d". The answers match the per-person rules in `due_dates` exactly (tests compare the two); those
rules stay the reference and give the item lists, this module gives the counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property

import numpy as np

from rota.compliance.due_dates import RECRUITMENT_LABELS, Area, Status, Summary
from rota.compliance.policy import CompliancePolicy
from rota.compliance.records import AssessmentOutcome, ComplianceData
from rota.domain.core import EmploymentType

NEVER = 10**7
"""A day number later than any real date: 'no expiry' or 'still employed'."""
NONE = -(10**7)
EPOCH = date(1970, 1, 1).toordinal()


def ordinals(days: Sequence[date | None], missing: int = NEVER) -> np.ndarray:
    return np.fromiter((d.toordinal() if d is not None else missing for d in days), dtype=np.int64, count=len(days))


def add_months(day_numbers: np.ndarray, months: np.ndarray | int) -> np.ndarray:
    """Vectorised `dates.add_months`: the same day `months` later, clamped to the month's end."""
    days = (day_numbers - EPOCH).astype("datetime64[D]")
    month = days.astype("datetime64[M]")
    offset = (days - month.astype("datetime64[D]")).astype(np.int64)
    target = month + np.asarray(months, dtype=np.int64)
    length = ((target + 1).astype("datetime64[D]") - target.astype("datetime64[D]")).astype(np.int64)
    result = target.astype("datetime64[D]").astype(np.int64) + np.minimum(offset, length - 1)
    return result + EPOCH


@dataclass(frozen=True)
class Sorted:
    """Records of one kind sorted by (person, day), for 'latest on or before' and 'how many by' look-ups."""

    person: np.ndarray
    day: np.ndarray
    keys: np.ndarray
    order: np.ndarray
    """Index into the original records, in sorted order."""

    @classmethod
    def build(cls, person: np.ndarray, day: np.ndarray) -> Sorted:
        order = np.lexsort((day, person)) if len(person) else np.zeros(0, dtype=np.int64)
        person, day = person[order], day[order]
        return cls(person, day, person * (2 * NEVER) + day, order)

    def latest(self, people: np.ndarray, on: int | np.ndarray) -> np.ndarray:
        """Sorted position of each person's latest record on or before `on`, -1 when there is none."""
        if not len(self.keys):
            return np.full(len(people), -1, dtype=np.int64)
        pos = np.searchsorted(self.keys, people * (2 * NEVER) + on, side="right") - 1
        found = (pos >= 0) & (self.person[np.maximum(pos, 0)] == people)
        return np.where(found, pos, -1)

    def count(self, people: np.ndarray, on: int) -> np.ndarray:
        if not len(self.keys):
            return np.zeros(len(people), dtype=np.int64)
        upto = np.searchsorted(self.keys, people * (2 * NEVER) + on, side="right")
        first = np.searchsorted(self.keys, people * (2 * NEVER) + NONE, side="left")
        return upto - first


def _pick(values: np.ndarray, positions: np.ndarray, default: int) -> np.ndarray:
    if not len(values):
        return np.full(len(positions), default, dtype=np.int64)
    return np.where(positions >= 0, values[np.maximum(positions, 0)], default)


@dataclass(frozen=True)
class _Checks:
    dbs: Sorted
    dbs_barred: np.ndarray
    dbs_due: np.ndarray
    rtw: Sorted
    rtw_expires: np.ndarray
    refs: Sorted
    nmc_due: np.ndarray
    """Per person: the latest NMC due day (earlier of registration expiry and revalidation), NONE without one."""


class Columns:
    """Employment rows and every record kind as arrays, with the per-day compliance counts."""

    def __init__(self, data: ComplianceData, policy: CompliancePolicy) -> None:
        self.policy = policy
        staff = data.staff
        ids = sorted({e.staff_id for e in staff})
        self.person_of = {s: i for i, s in enumerate(ids)}
        self.row_person = np.fromiter((self.person_of[e.staff_id] for e in staff), np.int64, len(staff))
        self.start = ordinals([e.start for e in staff])
        self.leave = ordinals([e.leave_date for e in staff])
        self.fte = np.fromiter((e.fte for e in staff), float, len(staff))
        self.counted = np.fromiter((e.employment == EmploymentType.PERMANENT or policy.count_bank_in_workforce
                                    for e in staff), bool, len(staff))
        self.roles = [e.role for e in staff]
        probation = ordinals([e.probation_end for e in staff], NONE)
        default_end = add_months(self.start, policy.default_probation_months) if len(staff) else self.start
        self.probation_end = np.where(probation == NONE, default_end, probation)
        self.probation_confirmed = ordinals([e.probation_confirmed_on for e in staff])
        self._data = data

    # --- who is in post ----------------------------------------------------------------------------------------

    def employed(self, on: int) -> np.ndarray:
        return (self.start <= on) & (on <= self.leave)

    def in_post_at_close(self, on: int) -> np.ndarray:
        return (self.start <= on) & (on < self.leave)

    def _people_records(self, records, when, keep=None) -> tuple[Sorted, list]:
        kept = [r for r in records if r.staff_id in self.person_of and (keep is None or keep(r))]
        person = np.fromiter((self.person_of[r.staff_id] for r in kept), np.int64, len(kept))
        return Sorted.build(person, ordinals([when(r) for r in kept])), kept

    # --- supervision and appraisal -----------------------------------------------------------------------------

    def _supervision_due(self, rows: np.ndarray, on: int) -> tuple[np.ndarray, np.ndarray]:
        """(due day, held before) of each row's next supervision on day `on`."""
        s = self.supervision_records
        last = _pick(s.day, s.latest(self.row_person[rows], on), NONE)
        last = np.where(last < self.start[rows], NONE, last)
        weeks = np.where(on <= self.probation_end[rows], self.policy.probation_supervision_interval_weeks,
                         self.policy.supervision_interval_weeks)
        return np.where(last == NONE, self.start[rows], last) + 7 * weeks, last != NONE

    def _appraisal_due(self, rows: np.ndarray, on: int) -> tuple[np.ndarray, np.ndarray]:
        a = self.appraisal_records
        last = _pick(a.day, a.latest(self.row_person[rows], on), NONE)
        held = last >= self.start[rows]
        base = np.where(held, last, self.start[rows])
        return (add_months(base, self.policy.appraisal_interval_months) if len(rows) else base), held

    def supervised(self, on: int) -> tuple[int, int]:
        """(supervised within their interval or not yet due, staff employed) on day `on`."""
        rows = np.flatnonzero(self.employed(on))
        due, _ = self._supervision_due(rows, on)
        return int(np.count_nonzero(on <= due)), len(rows)

    def appraised(self, on: int) -> tuple[int, int]:
        rows = np.flatnonzero(self.employed(on))
        due, _ = self._appraisal_due(rows, on)
        return int(np.count_nonzero(on <= due)), len(rows)

    # --- recruitment checks ------------------------------------------------------------------------------------

    def _checks(self, on: int) -> tuple[np.ndarray, dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]]:
        """Rows employed on `on`, and per check the (applies, due day, held) arrays; a check not held is missing
        whatever its due day, and a held one with due day NEVER is valid."""
        rows = np.flatnonzero(self.employed(on))
        people = self.row_person[rows]
        k = self.checks
        everyone = np.ones(len(rows), dtype=bool)
        dbs_pos = k.dbs.latest(people, on)
        dbs_held = (dbs_pos >= 0) & _pick(k.dbs_barred, dbs_pos, 0).astype(bool)
        rtw_pos = k.rtw.latest(people, on)
        refs_held = k.refs.count(people, on) >= self.policy.references_required
        nurse = np.fromiter((self.roles[r] in self.policy.nurse_roles for r in rows), bool, len(rows))
        nmc_due = k.nmc_due[people]
        confirmed = self.probation_confirmed[rows] <= on
        return rows, {
            "dbs": (everyone, np.where(dbs_held, _pick(k.dbs_due, dbs_pos, NONE), NONE), dbs_held),
            "right_to_work": (everyone, _pick(k.rtw_expires, rtw_pos, NONE), rtw_pos >= 0),
            "references": (everyone, np.full(len(rows), NEVER), refs_held),
            "nmc": (nurse, nmc_due, nmc_due != NONE),
            "probation": (everyone, np.where(confirmed, NEVER, self.probation_end[rows]), everyone),
        }

    def recruitment(self, on: int) -> tuple[int, int, dict[str, tuple[int, int]]]:
        """(people with every check in order, people, per check (in order, required)) on day `on`."""
        rows, checks = self._checks(on)
        every = np.ones(len(rows), dtype=bool)
        per_check = {}
        for check, (applies, due, held) in checks.items():
            if check == "probation":
                continue
            ok = held & (on <= due)
            every &= ~applies | ok
            per_check[RECRUITMENT_LABELS[check]] = (int((applies & ok).sum()), int(applies.sum()))
        return int(every.sum()), len(rows), per_check

    # --- every status, counted -----------------------------------------------------------------------------------

    def summary(self, on: int) -> Summary:
        """The same counts `due_dates.summarise` gives from the item list, without building the items."""
        p = self.policy
        counts: dict[tuple[Area, str], np.ndarray] = {}
        labels: dict[tuple[Area, str], str] = {}
        columns, due, held = self.training_pairs.due(on)
        status = _statuses(due, held, on, p.due_soon_days)
        for column in np.unique(columns):
            key = (Area.TRAINING, self.training_pairs.ids[column])
            counts[key] = np.bincount(status[columns == column], minlength=4)
            labels[key] = self.training_pairs.labels[column]
        rows = np.flatnonzero(self.employed(on))
        meetings = ((Area.SUPERVISION, self._supervision_due(rows, on), p.supervision_due_soon_days),
                    (Area.APPRAISAL, self._appraisal_due(rows, on), p.due_soon_days))
        for area, (due, held), soon in meetings:
            if len(rows):
                counts[(area, area.value)] = np.bincount(_statuses(due, held, on, soon), minlength=4)
                labels[(area, area.value)] = area.value.capitalize()
        _, checks = self._checks(on)
        for check, (applies, due, held) in checks.items():
            if applies.any():
                counts[(Area.RECRUITMENT, check)] = np.bincount(
                    _statuses(due[applies], held[applies], on, p.due_soon_days), minlength=4)
                labels[(Area.RECRUITMENT, check)] = RECRUITMENT_LABELS[check]
        return _summary(counts, labels)

    @cached_property
    def checks(self) -> _Checks:
        """Recruitment checks sorted once, with each record's due day."""
        p = self.policy
        dbs, kept = self._people_records(self._data.dbs, lambda r: r.issued)
        kept = [kept[i] for i in dbs.order]
        issued = ordinals([r.issued for r in kept])
        since = ordinals([r.last_status_check or r.issued for r in kept])
        update = np.fromiter((r.update_service for r in kept), bool, len(kept))
        dbs_due = np.where(update, add_months(since, p.dbs_update_service_check_months),
                           add_months(issued, p.dbs_recheck_months)) if kept else issued
        rtw, rtw_kept = self._people_records(self._data.right_to_work, lambda r: r.checked_on)
        nmc_due = np.full(len(self.person_of), NONE, dtype=np.int64)
        for r in self._data.nmc:
            if r.staff_id in self.person_of:
                i = self.person_of[r.staff_id]
                nmc_due[i] = max(nmc_due[i], min(r.expires, r.revalidation_due).toordinal())
        return _Checks(
            dbs=dbs, dbs_barred=np.fromiter((r.barred_list_checked for r in kept), bool, len(kept)), dbs_due=dbs_due,
            rtw=rtw, rtw_expires=ordinals([rtw_kept[i].expires for i in rtw.order]),
            refs=self._people_records(self._data.references, lambda r: r.received_on)[0], nmc_due=nmc_due)

    # --- training ----------------------------------------------------------------------------------------------

    def training(self, on: int) -> tuple[np.ndarray, np.ndarray, list[str]]:
        """Per column (course, then medication competency): (in date, required) counts, and the labels."""
        return self.training_pairs.counts(on)

    @cached_property
    def training_pairs(self) -> _Training:
        return _Training(self)

    @cached_property
    def supervision_records(self) -> Sorted:
        return self._people_records(self._data.supervisions, lambda r: r.held_on)[0]

    @cached_property
    def appraisal_records(self) -> Sorted:
        return self._people_records(self._data.appraisals, lambda r: r.held_on)[0]


class _Training:
    """Required (person, course) pairs and the records that meet them, as sorted keys."""

    def __init__(self, c: Columns) -> None:
        data, policy = c._data, c.policy
        courses = list(data.catalogue.courses)
        index = {course.id: i for i, course in enumerate(courses)}
        medication = len(courses)
        self.labels = [course.name for course in courses] + ["Medication competency assessment"]
        self.ids = [course.id for course in courses] + ["medication_competency"]
        n = len(courses) + 1
        grants_medication = {course.id for course in courses if course.grants_skill == "medication"}
        pair_row, pair_column, pair_grace = [], [], []
        by_role: dict[str, list[tuple[int, int]]] = {}
        for row, role in enumerate(c.roles):
            if role not in by_role:
                required = data.catalogue.required_for(role)
                weeks = [(index[x.id], x.due_within_weeks_of_start if x.due_within_weeks_of_start is not None
                          else policy.new_starter_training_weeks) for x in required]
                if any(x.id in grants_medication for x in required):
                    weeks.append((medication, policy.new_starter_training_weeks))
                by_role[role] = weeks
            for column, weeks in by_role[role]:
                pair_row.append(row)
                pair_column.append(column)
                pair_grace.append(7 * weeks)
        self.row = np.array(pair_row, dtype=np.int64)
        self.column = np.array(pair_column, dtype=np.int64)
        self.deadline = c.start[self.row] + np.array(pair_grace, dtype=np.int64)
        self.key = c.row_person[self.row] * n + self.column
        self.columns = n
        self.c = c
        kept = [r for r in data.training if r.staff_id in c.person_of and r.course_id in index]
        person = np.fromiter((c.person_of[r.staff_id] for r in kept), np.int64, len(kept))
        column = np.fromiter((index[r.course_id] for r in kept), np.int64, len(kept))
        completed = ordinals([r.completed for r in kept])
        explicit = ordinals([r.expires for r in kept], NONE)
        refresh = np.array([courses[i].refresh_months or 0 for i in range(len(courses))], dtype=np.int64)
        months = refresh[column] if len(kept) else column
        computed = np.where(months > 0, add_months(completed, months) if len(kept) else completed, NEVER)
        expiry = np.where(explicit != NONE, explicit, computed)
        competent = [a for a in data.medication_assessments
                     if a.staff_id in c.person_of and a.outcome == AssessmentOutcome.COMPETENT]
        assessed = ordinals([a.assessed_on for a in competent])
        person = np.concatenate([person, np.fromiter((c.person_of[a.staff_id] for a in competent), np.int64,
                                                     len(competent))])
        column = np.concatenate([column, np.full(len(competent), medication, dtype=np.int64)])
        completed = np.concatenate([completed, assessed])
        expiry = np.concatenate([expiry, add_months(assessed, policy.medication_competency_months)
                                 if len(competent) else assessed])
        self.records = Sorted.build(person * n + column, completed)
        self.expiry = expiry[self.records.order]

    def due(self, on: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(column, due day, held) of every required pair for staff employed on day `on`."""
        live = self.c.employed(on)[self.row]
        pos = self.records.latest(self.key[live], on)
        held = pos >= 0
        return self.column[live], np.where(held, _pick(self.expiry, pos, NONE), self.deadline[live]), held

    def counts(self, on: int) -> tuple[np.ndarray, np.ndarray, list[str]]:
        columns, due, _ = self.due(on)
        ok = on <= due
        return (np.bincount(columns, weights=ok, minlength=self.columns).astype(np.int64),
                np.bincount(columns, minlength=self.columns), self.labels)


STATUS_ORDER = (Status.VALID, Status.DUE_SOON, Status.OVERDUE, Status.MISSING)


def _statuses(due: np.ndarray, held: np.ndarray, on: int, soon: int) -> np.ndarray:
    """`due_dates.classify`, vectorised: 0 valid, 1 due soon, 2 overdue, 3 missing."""
    past = on > due
    status = np.where(due - on <= soon, 1, 0)
    status = np.where(past, 2, status)
    status = np.where(due >= NEVER, 0, status)
    return np.where(~held & (past | (due >= NEVER)), 3, status)


def _summary(counts: dict[tuple[Area, str], np.ndarray], labels: dict[tuple[Area, str], str]) -> Summary:
    from collections import Counter

    by_item = {key: Counter({s: int(n) for s, n in zip(STATUS_ORDER, c, strict=True) if n}) for key, c in
               counts.items()}
    by_area: dict[Area, Counter] = {}
    total: Counter = Counter()
    for (area, _), c in by_item.items():
        by_area.setdefault(area, Counter()).update(c)
        total.update(c)
    return Summary(total, by_area, by_item, labels)


def compliance_summary(data: ComplianceData, on: date, policy: CompliancePolicy | None = None) -> Summary:
    """Counts by status for every course, supervision, appraisal and check on `on`, for a whole provider."""
    return Columns(data, policy or CompliancePolicy()).summary(on.toordinal())
