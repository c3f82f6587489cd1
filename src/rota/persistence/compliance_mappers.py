"""HR record rows <-> `rota.compliance.records` models, and loading a home's (or the provider's) records.

Each kind of record is described once in `KINDS`: its table, its model, how model fields are named as
columns, and the natural key an import matches on (so importing the same spreadsheet twice changes
nothing, and a corrected row updates the stored one instead of adding a second).

Rows read back were validated on the way in (import and API both validate the domain model), so loading
builds the models without validating them again: loading a provider's 100,000 training records is the
difference between a tenth of a second and a second.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from pydantic import BaseModel
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from rota.compliance.catalogue import Course, CourseCatalogue, CourseCategory, default_catalogue
from rota.compliance.due_dates import few_collections
from rota.compliance.policy import CompliancePolicy
from rota.compliance.records import (
    Appraisal,
    AssessmentOutcome,
    ComplianceData,
    DbsCheck,
    Employment,
    HoursWorked,
    ManagerRegistration,
    MedicationAssessment,
    NmcRegistration,
    Posts,
    Reference,
    RightToWork,
    RotaPublication,
    SicknessAbsence,
    StaffingReview,
    Supervision,
    TrainingRecord,
)
from rota.domain.core import EmploymentType
from rota.persistence import compliance_tables as c
from rota.persistence import tables as t


@dataclass(frozen=True)
class HrKind:
    """One kind of HR record: where it is stored and how a record maps to a row."""

    field: str
    """The `ComplianceData` field holding these records."""
    slug: str
    """Its name in API paths and the audit log (`/homes/{id}/hr/{slug}`)."""
    label: str
    table: type[Any]
    model: type[BaseModel]
    key: tuple[str, ...]
    """Model fields that identify a record within a home (an import updates the row with the same key)."""
    columns: dict[str, str] = field(default_factory=dict)
    """Model field -> column name, where they differ."""
    enums: dict[str, Callable[[Any], Any]] = field(default_factory=dict)

    @cached_property
    def per_staff(self) -> bool:
        return "staff_id" in self.model.model_fields

    @cached_property
    def has_home(self) -> bool:
        return "home_id" in self.model.model_fields

    def column(self, model_field: str) -> str:
        return self.columns.get(model_field, model_field)

    @cached_property
    def model_fields(self) -> tuple[str, ...]:
        """Fields stored as columns (the home is the row's home, not a column of its own)."""
        return tuple(f for f in self.model.model_fields if f != "home_id")

    def values(self, record: BaseModel, home_id: int) -> dict[str, Any]:
        """Column values for an insert or update."""
        row = {self.column(f): _plain(getattr(record, f)) for f in self.model_fields}
        row["home_id"] = home_id
        return row

    def records(self, rows: Iterable[Sequence[Any]], home_code: Callable[[int], str | None],
                qualify: bool) -> list[BaseModel]:
        """Models from rows of (home id, *columns in `model_fields` order), without validating again: every
        row was validated as this model on its way in. Built the way `model_construct` builds them, minus
        its per-call default handling (every field is a column), which is most of the cost at 100,000 rows."""
        names = self.model_fields
        staff_at = names.index("staff_id") if self.per_staff else -1
        enums = [(names.index(n), convert) for n, convert in self.enums.items()]
        model, new, setattr_ = self.model, object.__new__, object.__setattr__
        fields_set = set((*names, "home_id") if self.has_home else names)
        """Shared by every record: they are frozen, so nothing ever adds to it."""
        has_home = self.has_home
        built = []
        append = built.append
        for home, *values in rows:
            code = home_code(home)
            if code is None:
                continue
            for position, convert in enums:
                values[position] = convert(values[position])
            if qualify and staff_at >= 0:
                values[staff_at] = f"{code}.{values[staff_at]}"
            data = dict(zip(names, values, strict=False))  # lengths match: the query selects `names`
            if has_home:
                data["home_id"] = code
            record = new(model)
            setattr_(record, "__dict__", data)
            setattr_(record, "__pydantic_fields_set__", fields_set)
            setattr_(record, "__pydantic_extra__", None)
            setattr_(record, "__pydantic_private__", None)
            append(record)
        return built

    def key_of(self, record: BaseModel) -> tuple[Any, ...]:
        return tuple(_plain(getattr(record, f)) for f in self.key)

    def body(self, row: Any, home_code: str) -> dict[str, Any]:
        """A stored row as the record's JSON (API responses, audit log)."""
        data = {f: _json(getattr(row, self.column(f))) for f in self.model_fields}
        if self.has_home:
            data["home_id"] = home_code
        return data


def _plain(value: Any) -> Any:
    return getattr(value, "value", value)


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


STAFF = {"staff_id": "staff_code"}
KINDS: tuple[HrKind, ...] = (
    HrKind("staff", "employment", "employment", c.HrEmployment, Employment, ("staff_id", "start"),
           {**STAFF, "start": "start_date"}, {"employment": EmploymentType}),
    HrKind("training", "training", "training record", c.HrTraining, TrainingRecord,
           ("staff_id", "course_id", "completed"), {**STAFF, "course_id": "course_code"}),
    HrKind("medication_assessments", "medication-assessments", "medication competency assessment",
           c.HrMedicationAssessment, MedicationAssessment, ("staff_id", "assessed_on"), STAFF,
           {"outcome": AssessmentOutcome}),
    HrKind("supervisions", "supervisions", "supervision", c.HrSupervision, Supervision, ("staff_id", "held_on"),
           STAFF),
    HrKind("appraisals", "appraisals", "appraisal", c.HrAppraisal, Appraisal, ("staff_id", "held_on"), STAFF),
    HrKind("dbs", "dbs", "DBS check", c.HrDbsCheck, DbsCheck, ("staff_id", "certificate_number"), STAFF),
    HrKind("right_to_work", "right-to-work", "right to work check", c.HrRightToWork, RightToWork,
           ("staff_id", "checked_on"), STAFF),
    HrKind("references", "references", "reference", c.HrReference, Reference, ("staff_id", "received_on", "referee"),
           STAFF),
    HrKind("nmc", "nmc", "NMC registration", c.HrNmcRegistration, NmcRegistration, ("staff_id", "pin", "expires"),
           STAFF),
    HrKind("absences", "absences", "sickness absence", c.HrSicknessAbsence, SicknessAbsence, ("staff_id", "start"),
           {**STAFF, "start": "start_date", "end": "end_date"}),
    HrKind("posts", "posts", "posts and vacancies", c.HrPosts, Posts, ("as_of", "role")),
    HrKind("managers", "managers", "registered manager", c.HrManagerRegistration, ManagerRegistration,
           ("name", "registered_from")),
    HrKind("staffing_reviews", "staffing-reviews", "staffing review", c.HrStaffingReview, StaffingReview,
           ("reviewed_on",)),
    HrKind("rota_publications", "rota-publications", "rota publication", c.HrRotaPublication, RotaPublication,
           ("starts",)),
    HrKind("hours", "hours", "hours worked", c.HrHoursWorked, HoursWorked, ("week_start", "staff_id"),
           STAFF, {"employment": EmploymentType}),
)
KIND_BY_FIELD = {k.field: k for k in KINDS}
KIND_BY_SLUG = {k.slug: k for k in KINDS}


# --- catalogue and policy ---------------------------------------------------------------------------------------


def course_values(course: Course, home_id: int | None) -> dict[str, Any]:
    return {"home_id": home_id, "code": course.id, "name": course.name, "category": course.category.value,
            "refresh_months": course.refresh_months, "roles": list(course.roles), "grants_skill": course.grants_skill,
            "due_within_weeks_of_start": course.due_within_weeks_of_start}


def course_of(row: c.HrCourse) -> Course:
    return Course(id=row.code, name=row.name, category=CourseCategory(row.category), refresh_months=row.refresh_months,
                  roles=tuple(row.roles or ()), grants_skill=row.grants_skill,
                  due_within_weeks_of_start=row.due_within_weeks_of_start)


def catalogue_for(session: Session, home_id: int | None) -> CourseCatalogue:
    """The provider's catalogue (the shipped default when it has none), with the home's own courses
    replacing or adding to it."""
    provider = list(session.scalars(select(c.HrCourse).where(c.HrCourse.home_id.is_(None)).order_by(c.HrCourse.id)))
    courses = {course.id: course for course in (
        [course_of(r) for r in provider] if provider else default_catalogue().courses)}
    if home_id is not None:
        for row in session.scalars(select(c.HrCourse).where(c.HrCourse.home_id == home_id).order_by(c.HrCourse.id)):
            courses[row.code] = course_of(row)
    return CourseCatalogue(courses=tuple(courses.values()))


def policy_for(session: Session, home_id: int | None) -> CompliancePolicy:
    """The home's policy, else the provider's, else the documented defaults."""
    rows = {r.home_id: r for r in session.scalars(select(c.HrPolicy).where(
        (c.HrPolicy.home_id.is_(None)) | (c.HrPolicy.home_id == home_id)))}
    row = rows.get(home_id) or rows.get(None)
    return CompliancePolicy.model_validate(row.settings) if row is not None else CompliancePolicy()


def policy_row(session: Session, home_id: int | None) -> c.HrPolicy | None:
    where = c.HrPolicy.home_id.is_(None) if home_id is None else c.HrPolicy.home_id == home_id
    return session.scalars(select(c.HrPolicy).where(where)).one_or_none()


# --- loading ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoadedCompliance:
    data: ComplianceData
    policy: CompliancePolicy
    home_codes: dict[int, str]


def load_compliance(session: Session, home_id: int | None = None, hours_per_person: bool = False,
                    training_from: date | None = None) -> LoadedCompliance:
    """One home's HR records (staff ids are its own codes), or every home's (`home_id` None: staff ids are
    qualified as `home.code`, because two homes may both have an S001).

    Hours worked are loaded as weekly totals per home and employment type (staff id `all-agency`, ...):
    the agency-share indicator needs only those sums, and a provider keeps a row per person per week
    (134,000 a year for 3,000 staff). `hours_per_person` loads the rows as stored instead.

    With `training_from`, training records superseded before that day are left out: every status is
    "the latest record on or before the day", so for any day from `training_from` on, a record older than
    the person's latest one for that course on `training_from` can never be the one that counts. Only
    for callers that look at no earlier day (indicators and reports for recent months)."""
    homes = session.execute(select(t.Home.id, t.Home.code).where(
        *(() if home_id is None else (t.Home.id == home_id,)))).all()
    codes = {row_id: code for row_id, code in homes}
    qualify = home_id is None
    found: dict[str, list[BaseModel]] = {}
    with few_collections():
        for kind in KINDS:
            if kind.field == "hours" and not hours_per_person:
                found[kind.field] = _weekly_hours(session, codes)
            elif kind.field == "training" and training_from is not None:
                found[kind.field] = _current_training(session, kind, codes, qualify, training_from)
            else:
                found[kind.field] = _load_kind(session, kind, codes, qualify)
        found["rota_publications"] += _published_here(session, codes, found["rota_publications"])
    data = ComplianceData.model_construct(catalogue=catalogue_for(session, home_id),
                                          **{name: tuple(records) for name, records in found.items()})
    return LoadedCompliance(data, policy_for(session, home_id), codes)


def _load_kind(session: Session, kind: HrKind, codes: dict[int, str], qualify: bool) -> list[BaseModel]:
    table = kind.table.__table__
    columns = [table.c[kind.column(f)] for f in kind.model_fields]
    query = select(table.c.home_id, *columns).order_by(table.c.id)
    if len(codes) == 1:
        query = query.where(table.c.home_id == next(iter(codes)))
    return kind.records(session.execute(query).all(), codes.get, qualify)


def _weekly_hours(session: Session, codes: dict[int, str]) -> list[BaseModel]:
    table = c.HrHoursWorked.__table__
    query = (select(table.c.home_id, table.c.week_start, table.c.employment, func.sum(table.c.hours))
             .group_by(table.c.home_id, table.c.week_start, table.c.employment)
             .order_by(table.c.home_id, table.c.week_start, table.c.employment))
    if len(codes) == 1:
        query = query.where(table.c.home_id == next(iter(codes)))
    kind = KIND_BY_FIELD["hours"]
    rows = ((home, week, f"all-{employment}", employment, hours) for home, week, employment, hours in
            session.execute(query).all())
    return kind.records(rows, codes.get, qualify=False)


def _published_here(session: Session, codes: dict[int, str], recorded: list[BaseModel]) -> list[BaseModel]:
    """Rotas published in this service: the first publication of each period, unless HR recorded it too.
    Versions that arrived already published in an imported scenario file are left out (their publication
    date is the import's, not the home's)."""
    query = (select(t.RotaPeriod.home_id, t.RotaPeriod.start_date, func.min(t.RotaVersion.published_at))
             .join(t.RotaVersion, t.RotaVersion.period_id == t.RotaPeriod.id)
             .where(t.RotaVersion.status == "published", t.RotaVersion.source != "import")
             .group_by(t.RotaPeriod.home_id, t.RotaPeriod.start_date))
    if len(codes) == 1:
        query = query.where(t.RotaPeriod.home_id == next(iter(codes)))
    known = {(r.home_id, r.starts) for r in recorded}  # type: ignore[attr-defined]
    rows = [(home, starts, published.date()) for home, starts, published in session.execute(query).all()
            if (codes.get(home), starts) not in known]
    return KIND_BY_FIELD["rota_publications"].records(rows, codes.get, qualify=False)


def _current_training(session: Session, kind: HrKind, codes: dict[int, str], qualify: bool,
                      cutoff: date) -> list[BaseModel]:
    table = c.HrTraining.__table__
    keys = (table.c.home_id, table.c.staff_code, table.c.course_code)
    base = (select(*keys, func.max(table.c.completed).label("base")).where(table.c.completed <= cutoff)
            .group_by(*keys).subquery())
    columns = [table.c[kind.column(f)] for f in kind.model_fields]
    query = (select(table.c.home_id, *columns)
             .outerjoin(base, and_(base.c.home_id == table.c.home_id, base.c.staff_code == table.c.staff_code,
                                   base.c.course_code == table.c.course_code))
             .where(or_(base.c.base.is_(None), table.c.completed >= base.c.base)).order_by(table.c.id))
    if len(codes) == 1:
        query = query.where(table.c.home_id == next(iter(codes)))
    return kind.records(session.execute(query).all(), codes.get, qualify)
