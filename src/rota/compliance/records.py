"""What HR records about each member of staff, as frozen domain records.

Dates follow the engine's convention: an `expires` date is the last day something is valid.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from pydantic import Field, model_validator

from rota.compliance.catalogue import CourseCatalogue, default_catalogue
from rota.domain.core import DisplayName, DomainModel, EmploymentType, Identifier


class Employment(DomainModel):
    """One period of employment at one home: the staff list row HR keeps."""

    staff_id: Identifier
    name: DisplayName
    home_id: Identifier
    role: Identifier
    employment: EmploymentType = EmploymentType.PERMANENT
    start: date
    leave_date: date | None = Field(default=None, description="Last day of employment.")
    leave_reason: str | None = Field(default=None, max_length=200)
    fte: float = Field(default=1.0, gt=0, le=1.5, description="Contracted hours / full-time hours.")
    probation_end: date | None = None
    probation_confirmed_on: date | None = Field(default=None, description="Date probation was signed off.")

    @model_validator(mode="after")
    def _dates(self) -> Employment:
        if self.leave_date is not None and self.leave_date < self.start:
            raise ValueError(f"leave date {self.leave_date} is before the start date {self.start}")
        if self.employment == EmploymentType.AGENCY:
            raise ValueError("agency workers are not employees: record their hours, not a staff list row")
        return self

    def in_post_at_close(self, day: date) -> bool:
        """Employed at the end of `day`: started on or before it and not left on or before it."""
        return self.start <= day and (self.leave_date is None or self.leave_date > day)

    def employed_on(self, day: date) -> bool:
        return self.start <= day and (self.leave_date is None or self.leave_date >= day)


class TrainingRecord(DomainModel):
    staff_id: Identifier
    course_id: Identifier
    completed: date
    expires: date | None = Field(default=None, description="When not given: completed + the course's refresh.")
    provider: str | None = Field(default=None, max_length=200)
    evidence: str | None = Field(default=None, max_length=200, description="Certificate or evidence reference.")


class AssessmentOutcome(StrEnum):
    COMPETENT = "competent"
    NOT_YET_COMPETENT = "not_yet_competent"


class MedicationAssessment(DomainModel):
    """Observed medication competency assessment; nobody gives medicines unsupervised without one."""

    staff_id: Identifier
    assessed_on: date
    assessor: DisplayName
    outcome: AssessmentOutcome = AssessmentOutcome.COMPETENT


class Supervision(DomainModel):
    staff_id: Identifier
    held_on: date
    held_by: DisplayName


class Appraisal(DomainModel):
    staff_id: Identifier
    held_on: date
    held_by: DisplayName


class DbsCheck(DomainModel):
    """Enhanced DBS certificate with (or without) a check of the adults' barred list."""

    staff_id: Identifier
    issued: date
    certificate_number: str = Field(min_length=1, max_length=20, pattern=r"^[0-9A-Za-z]+$")
    barred_list_checked: bool = True
    update_service: bool = False
    last_status_check: date | None = Field(default=None, description="Last DBS Update Service status check.")


class RightToWork(DomainModel):
    staff_id: Identifier
    checked_on: date
    document: str = Field(default="", max_length=100)
    expires: date | None = Field(default=None, description="Time-limited permission: last day it is valid.")


class Reference(DomainModel):
    staff_id: Identifier
    received_on: date
    referee: str = Field(default="", max_length=200)


class NmcRegistration(DomainModel):
    """A nurse's NMC PIN: registration renews each year (fee), revalidation every three years."""

    staff_id: Identifier
    pin: str = Field(min_length=8, max_length=8, pattern=r"^[0-9]{2}[A-Za-z][0-9]{4}[A-Za-z]$")
    expires: date = Field(description="Last day of the current registration period.")
    revalidation_due: date

    def valid_on(self, day: date) -> bool:
        return day <= self.expires and day <= self.revalidation_due


class SicknessAbsence(DomainModel):
    """One spell of sickness (both dates inclusive) and the working days it cost."""

    staff_id: Identifier
    start: date
    end: date
    days_lost: float | None = Field(default=None, ge=0, le=366, description="Working days lost; calendar days "
                                                                              "when not given.")
    reason: str | None = Field(default=None, max_length=200)

    @model_validator(mode="after")
    def _ordered(self) -> SicknessAbsence:
        if self.end < self.start:
            raise ValueError(f"absence ends ({self.end}) before it starts ({self.start})")
        return self

    @property
    def calendar_days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def days(self) -> float:
        return self.days_lost if self.days_lost is not None else float(self.calendar_days)

    def days_within(self, first: date, last: date) -> float:
        """Days lost inside [first, last], pro rata for a spell that crosses the window's edge."""
        overlap = (min(self.end, last) - max(self.start, first)).days + 1
        if overlap <= 0:
            return 0.0
        return self.days * overlap / self.calendar_days


class Posts(DomainModel):
    """Posts and vacancies for one role at one home on a date (the establishment HR reports)."""

    home_id: Identifier
    as_of: date
    role: Identifier
    filled: float = Field(ge=0)
    vacant: float = Field(ge=0)


class ManagerRegistration(DomainModel):
    home_id: Identifier
    name: DisplayName
    registered_from: date
    registered_to: date | None = None

    def in_post_on(self, day: date) -> bool:
        return self.registered_from <= day and (self.registered_to is None or self.registered_to >= day)


class StaffingReview(DomainModel):
    """The home reviewed its dependency tool and staffing levels."""

    home_id: Identifier
    reviewed_on: date
    reviewed_by: DisplayName


class RotaPublication(DomainModel):
    home_id: Identifier
    starts: date
    published_on: date

    @property
    def notice_days(self) -> int:
        return (self.starts - self.published_on).days


class HoursWorked(DomainModel):
    """Hours one person worked at a home in one week (from rota assignments), by employment type."""

    home_id: Identifier
    week_start: date
    staff_id: Identifier
    employment: EmploymentType
    hours: float = Field(ge=0, le=168)


class ComplianceData(DomainModel):
    """Everything HR holds for one provider (one or many homes), as the calculations need it."""

    catalogue: CourseCatalogue = Field(default_factory=default_catalogue)
    staff: tuple[Employment, ...] = ()
    training: tuple[TrainingRecord, ...] = ()
    medication_assessments: tuple[MedicationAssessment, ...] = ()
    supervisions: tuple[Supervision, ...] = ()
    appraisals: tuple[Appraisal, ...] = ()
    dbs: tuple[DbsCheck, ...] = ()
    right_to_work: tuple[RightToWork, ...] = ()
    references: tuple[Reference, ...] = ()
    nmc: tuple[NmcRegistration, ...] = ()
    absences: tuple[SicknessAbsence, ...] = ()
    posts: tuple[Posts, ...] = ()
    managers: tuple[ManagerRegistration, ...] = ()
    staffing_reviews: tuple[StaffingReview, ...] = ()
    rota_publications: tuple[RotaPublication, ...] = ()
    hours: tuple[HoursWorked, ...] = ()

    @model_validator(mode="after")
    def _one_employment_at_a_time(self) -> ComplianceData:
        """A person may leave and come back, but cannot hold two overlapping employments (counts would double)."""
        rows: dict[str, list[Employment]] = {}
        for e in self.staff:
            rows.setdefault(e.staff_id, []).append(e)
        for staff_id, jobs in rows.items():
            jobs.sort(key=lambda e: e.start)
            for before, after in zip(jobs, jobs[1:], strict=False):
                if before.leave_date is None or before.leave_date >= after.start:
                    raise ValueError(f"staff {staff_id} has overlapping employments (starting {before.start} and "
                                     f"{after.start}): end the first before the second starts")
        return self

    @property
    def homes(self) -> list[str]:
        found = {e.home_id for e in self.staff} | {p.home_id for p in self.posts} | {h.home_id for h in self.hours}
        return sorted(found)

    def for_home(self, home_id: str | None) -> ComplianceData:
        """The same data restricted to one home (None: the whole provider)."""
        if home_id is None:
            return self
        staff = tuple(e for e in self.staff if e.home_id == home_id)
        ids = {e.staff_id for e in staff}

        def mine(records: tuple) -> tuple:
            return tuple(r for r in records if r.staff_id in ids)

        return ComplianceData(
            catalogue=self.catalogue, staff=staff, training=mine(self.training),
            medication_assessments=mine(self.medication_assessments), supervisions=mine(self.supervisions),
            appraisals=mine(self.appraisals), dbs=mine(self.dbs), right_to_work=mine(self.right_to_work),
            references=mine(self.references), nmc=mine(self.nmc), absences=mine(self.absences),
            posts=tuple(p for p in self.posts if p.home_id == home_id),
            managers=tuple(m for m in self.managers if m.home_id == home_id),
            staffing_reviews=tuple(r for r in self.staffing_reviews if r.home_id == home_id),
            rota_publications=tuple(r for r in self.rota_publications if r.home_id == home_id),
            hours=tuple(h for h in self.hours if h.home_id == home_id),
        )

    def by_staff(self, field: str) -> dict[str, list]:
        """Records of one kind grouped by staff id, in file order."""
        grouped: dict[str, list] = {}
        for record in getattr(self, field):
            grouped.setdefault(record.staff_id, []).append(record)
        return grouped

    def current_employment(self, day: date) -> list[Employment]:
        """Each person's employment on `day` (staff in post), one row per person."""
        return [e for e in self.staff if e.employed_on(day)]


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())
