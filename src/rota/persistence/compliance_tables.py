"""HR records for workforce compliance (issue 5): one table per kind of record in `rota.compliance.records`.

People are identified by their staff code within the home (`staff_code`, the "Staff ID" HR writes), not by
a foreign key to `staff_member`: HR keeps records for people who never appear on a rota (the manager, the
cook, leavers from years ago), and the rota's staff list and HR's staff list are kept by different people.
Where both name the same code they are the same person, which is how solve jobs gate a rota on the records.

Course catalogue and compliance policy rows with no home apply to the whole provider (every home in this
database); a home's own rows override them (a course with the same code replaces the provider's).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, CheckConstraint, Float, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from rota.persistence.base import Base, utcnow

CODE = String(64)
NAME = String(200)
KIND = String(40)


def _home_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("home.id", ondelete="CASCADE"))


class HrCourse(Base):
    """A course in the catalogue; `home_id` NULL: the provider's own catalogue for every home."""

    __tablename__ = "hr_course"
    __table_args__ = (Index("ix_hr_course_home_code", "home_id", "code", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    home_id: Mapped[int | None] = mapped_column(ForeignKey("home.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(CODE)
    name: Mapped[str] = mapped_column(NAME)
    category: Mapped[str] = mapped_column(KIND)
    refresh_months: Mapped[int | None]
    roles: Mapped[list[Any]]
    grants_skill: Mapped[str | None] = mapped_column(CODE)
    due_within_weeks_of_start: Mapped[int | None]


class HrPolicy(Base):
    """Compliance intervals and RAG thresholds (`CompliancePolicy`, stored whole); no home: provider-wide."""

    __tablename__ = "hr_policy"
    __table_args__ = (Index("ix_hr_policy_home", "home_id", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    home_id: Mapped[int | None] = mapped_column(ForeignKey("home.id", ondelete="CASCADE"))
    settings: Mapped[dict[str, Any]]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class HrEmployment(Base):
    """One period of employment (the HR staff list row): start, leave date and reason, FTE, probation."""

    __tablename__ = "hr_employment"
    __table_args__ = (
        Index("ix_hr_employment_home_staff", "home_id", "staff_code"),
        CheckConstraint("leave_date IS NULL OR leave_date >= start_date", name="leaves_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    home_id: Mapped[int] = _home_fk()
    staff_code: Mapped[str] = mapped_column(CODE)
    name: Mapped[str] = mapped_column(NAME)
    role: Mapped[str] = mapped_column(CODE)
    employment: Mapped[str] = mapped_column(KIND, default="permanent")
    start_date: Mapped[date]
    leave_date: Mapped[date | None]
    leave_reason: Mapped[str | None] = mapped_column(NAME)
    fte: Mapped[float] = mapped_column(Float, default=1.0)
    probation_end: Mapped[date | None]
    probation_confirmed_on: Mapped[date | None]


class HrTraining(Base):
    __tablename__ = "hr_training"
    __table_args__ = (Index("ix_hr_training_home_staff", "home_id", "staff_code", "course_code", "completed"),)
    """Also serves "the latest record per person and course" (indicators prune superseded training)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    home_id: Mapped[int] = _home_fk()
    staff_code: Mapped[str] = mapped_column(CODE)
    course_code: Mapped[str] = mapped_column(CODE)
    completed: Mapped[date]
    expires: Mapped[date | None]
    provider: Mapped[str | None] = mapped_column(NAME)
    evidence: Mapped[str | None] = mapped_column(NAME)


class HrMedicationAssessment(Base):
    __tablename__ = "hr_medication_assessment"
    __table_args__ = (Index("ix_hr_medication_assessment_home_staff", "home_id", "staff_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    home_id: Mapped[int] = _home_fk()
    staff_code: Mapped[str] = mapped_column(CODE)
    assessed_on: Mapped[date]
    assessor: Mapped[str] = mapped_column(NAME)
    outcome: Mapped[str] = mapped_column(KIND, default="competent")


class HrSupervision(Base):
    __tablename__ = "hr_supervision"
    __table_args__ = (Index("ix_hr_supervision_home_staff", "home_id", "staff_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    home_id: Mapped[int] = _home_fk()
    staff_code: Mapped[str] = mapped_column(CODE)
    held_on: Mapped[date]
    held_by: Mapped[str] = mapped_column(NAME)


class HrAppraisal(Base):
    __tablename__ = "hr_appraisal"
    __table_args__ = (Index("ix_hr_appraisal_home_staff", "home_id", "staff_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    home_id: Mapped[int] = _home_fk()
    staff_code: Mapped[str] = mapped_column(CODE)
    held_on: Mapped[date]
    held_by: Mapped[str] = mapped_column(NAME)


class HrDbsCheck(Base):
    __tablename__ = "hr_dbs_check"
    __table_args__ = (Index("ix_hr_dbs_check_home_staff", "home_id", "staff_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    home_id: Mapped[int] = _home_fk()
    staff_code: Mapped[str] = mapped_column(CODE)
    issued: Mapped[date]
    certificate_number: Mapped[str] = mapped_column(String(20))
    barred_list_checked: Mapped[bool] = mapped_column(Boolean, default=True)
    update_service: Mapped[bool] = mapped_column(Boolean, default=False)
    last_status_check: Mapped[date | None]


class HrRightToWork(Base):
    __tablename__ = "hr_right_to_work"
    __table_args__ = (Index("ix_hr_right_to_work_home_staff", "home_id", "staff_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    home_id: Mapped[int] = _home_fk()
    staff_code: Mapped[str] = mapped_column(CODE)
    checked_on: Mapped[date]
    document: Mapped[str] = mapped_column(String(100), default="")
    expires: Mapped[date | None]


class HrReference(Base):
    __tablename__ = "hr_reference"
    __table_args__ = (Index("ix_hr_reference_home_staff", "home_id", "staff_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    home_id: Mapped[int] = _home_fk()
    staff_code: Mapped[str] = mapped_column(CODE)
    received_on: Mapped[date]
    referee: Mapped[str] = mapped_column(NAME, default="")


class HrNmcRegistration(Base):
    __tablename__ = "hr_nmc_registration"
    __table_args__ = (Index("ix_hr_nmc_registration_home_staff", "home_id", "staff_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    home_id: Mapped[int] = _home_fk()
    staff_code: Mapped[str] = mapped_column(CODE)
    pin: Mapped[str] = mapped_column(String(8))
    expires: Mapped[date]
    revalidation_due: Mapped[date]


class HrSicknessAbsence(Base):
    __tablename__ = "hr_sickness_absence"
    __table_args__ = (
        Index("ix_hr_sickness_absence_home_staff", "home_id", "staff_code"),
        CheckConstraint("end_date >= start_date", name="ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    home_id: Mapped[int] = _home_fk()
    staff_code: Mapped[str] = mapped_column(CODE)
    start_date: Mapped[date]
    end_date: Mapped[date]
    days_lost: Mapped[float | None] = mapped_column(Float)
    reason: Mapped[str | None] = mapped_column(NAME)


class HrPosts(Base):
    """Posts filled and vacant for one role on a date (the establishment HR reports)."""

    __tablename__ = "hr_posts"
    __table_args__ = (Index("ix_hr_posts_home", "home_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    home_id: Mapped[int] = _home_fk()
    as_of: Mapped[date]
    role: Mapped[str] = mapped_column(CODE)
    filled: Mapped[float] = mapped_column(Float)
    vacant: Mapped[float] = mapped_column(Float)


class HrManagerRegistration(Base):
    __tablename__ = "hr_manager_registration"
    __table_args__ = (Index("ix_hr_manager_registration_home", "home_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    home_id: Mapped[int] = _home_fk()
    name: Mapped[str] = mapped_column(NAME)
    registered_from: Mapped[date]
    registered_to: Mapped[date | None]


class HrStaffingReview(Base):
    __tablename__ = "hr_staffing_review"
    __table_args__ = (Index("ix_hr_staffing_review_home", "home_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    home_id: Mapped[int] = _home_fk()
    reviewed_on: Mapped[date]
    reviewed_by: Mapped[str] = mapped_column(NAME)


class HrRotaPublication(Base):
    """When a rota was published, for rotas planned outside this service (its own published rotas are
    read from `rota_version` instead)."""

    __tablename__ = "hr_rota_publication"
    __table_args__ = (Index("ix_hr_rota_publication_home", "home_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    home_id: Mapped[int] = _home_fk()
    starts: Mapped[date]
    published_on: Mapped[date]


class HrHoursWorked(Base):
    """Hours one person worked in one week, by employment type (agency share of hours)."""

    __tablename__ = "hr_hours_worked"
    __table_args__ = (Index("ix_hr_hours_worked_home", "home_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    home_id: Mapped[int] = _home_fk()
    week_start: Mapped[date]
    staff_code: Mapped[str] = mapped_column(CODE)
    employment: Mapped[str] = mapped_column(KIND)
    hours: Mapped[float] = mapped_column(Float)


class RotaGating(Base):
    """What the HR records changed when a solve job or a sickness repair gated its scenario (the reasons, as
    `GateReason.as_dict`), kept with the job (if any) and the rota it produced so the stored rota's report can
    say why."""

    __tablename__ = "rota_gating"

    id: Mapped[int] = mapped_column(primary_key=True)
    solve_job_id: Mapped[int | None] = mapped_column(ForeignKey("solve_job.id", ondelete="CASCADE"), unique=True)
    rota_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("rota_version.id", ondelete="CASCADE"), index=True)
    reasons: Mapped[list[Any]]
    summary: Mapped[str] = mapped_column(Text)
