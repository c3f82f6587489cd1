"""Typed table mappings. Surrogate integer keys for the API; each home's own codes (unit "nursing",
shift "E", staff "S014") stay unique within the home and are what the engine's scenario uses.

Enumerations are stored as short strings (validated by the domain and API models), so adding a value
never needs a database migration. Policy blobs are JSON: they are validated whole by the domain models.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    Time,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from rota.persistence.base import Base, utcnow

CODE = String(64)
NAME = String(200)
KIND = String(40)

shift_type_unit = Table(
    "shift_type_unit",
    Base.metadata,
    Column("shift_type_id", ForeignKey("shift_type.id", ondelete="CASCADE"), primary_key=True),
    Column("unit_id", ForeignKey("unit.id", ondelete="CASCADE"), primary_key=True),
)
"""Units that run a shift; a shift with no rows here runs on every unit."""

staff_unit = Table(
    "staff_unit",
    Base.metadata,
    Column("staff_member_id", ForeignKey("staff_member.id", ondelete="CASCADE"), primary_key=True),
    Column("unit_id", ForeignKey("unit.id", ondelete="RESTRICT"), primary_key=True),
)
"""Units a person may work on besides their home unit."""


class Home(Base):
    __tablename__ = "home"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(CODE, unique=True)
    name: Mapped[str] = mapped_column(NAME)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    units: Mapped[list[Unit]] = relationship(back_populates="home", order_by="Unit.id", passive_deletes=True)
    shift_types: Mapped[list[ShiftType]] = relationship(order_by="ShiftType.id", passive_deletes=True)
    roles: Mapped[list[Role]] = relationship(order_by="Role.id", passive_deletes=True)
    skills: Mapped[list[Skill]] = relationship(order_by="Skill.id", passive_deletes=True)
    staff: Mapped[list[StaffMember]] = relationship(order_by="StaffMember.id", passive_deletes=True)
    residents: Mapped[list[Resident]] = relationship(order_by="Resident.id", passive_deletes=True)
    setting: Mapped[StaffingSetting | None] = relationship(passive_deletes=True)


class Unit(Base):
    __tablename__ = "unit"
    __table_args__ = (UniqueConstraint("home_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    home_id: Mapped[int] = mapped_column(ForeignKey("home.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(CODE)
    name: Mapped[str] = mapped_column(NAME)
    kind: Mapped[str] = mapped_column(KIND)
    beds: Mapped[int]

    home: Mapped[Home] = relationship(back_populates="units")


class ShiftType(Base):
    __tablename__ = "shift_type"
    __table_args__ = (UniqueConstraint("home_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    home_id: Mapped[int] = mapped_column(ForeignKey("home.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(CODE)
    name: Mapped[str] = mapped_column(NAME)
    start_time: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time] = mapped_column(Time)
    paid_minutes: Mapped[int | None]
    night: Mapped[bool] = mapped_column(Boolean, default=False)
    care_share: Mapped[float | None] = mapped_column(Float)

    units: Mapped[list[Unit]] = relationship(secondary=shift_type_unit, order_by="Unit.id")


class Role(Base):
    __tablename__ = "role"
    __table_args__ = (UniqueConstraint("home_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    home_id: Mapped[int] = mapped_column(ForeignKey("home.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(CODE)
    name: Mapped[str] = mapped_column(NAME)
    registered_nurse: Mapped[bool] = mapped_column(Boolean, default=False)
    care_staff: Mapped[bool] = mapped_column(Boolean, default=True)
    senior: Mapped[bool] = mapped_column(Boolean, default=False)


class Skill(Base):
    __tablename__ = "skill"
    __table_args__ = (UniqueConstraint("home_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    home_id: Mapped[int] = mapped_column(ForeignKey("home.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(CODE)
    name: Mapped[str] = mapped_column(NAME)


class StaffMember(Base):
    __tablename__ = "staff_member"
    __table_args__ = (UniqueConstraint("home_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    home_id: Mapped[int] = mapped_column(ForeignKey("home.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(CODE)
    name: Mapped[str] = mapped_column(NAME)
    role_id: Mapped[int] = mapped_column(ForeignKey("role.id", ondelete="RESTRICT"), index=True)
    home_unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    employment_type: Mapped[str] = mapped_column(KIND, default="permanent")
    contracted_hours: Mapped[float] = mapped_column(Float, default=0)
    max_hours_per_week: Mapped[float | None] = mapped_column(Float)
    hourly_cost: Mapped[float] = mapped_column(Float, default=0)
    night_worker: Mapped[bool] = mapped_column(Boolean, default=False)
    day_worker: Mapped[bool] = mapped_column(Boolean, default=True)
    opted_out_48h: Mapped[bool] = mapped_column(Boolean, default=False)
    under_18: Mapped[bool] = mapped_column(Boolean, default=False)
    care_certificate_complete: Mapped[bool] = mapped_column(Boolean, default=True)
    start_date: Mapped[date | None]
    leaving_date: Mapped[date | None]
    """Last working day; the person drops out of rotas that start after it."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    role: Mapped[Role] = relationship()
    home_unit: Mapped[Unit] = relationship()
    other_units: Mapped[list[Unit]] = relationship(secondary=staff_unit, order_by="Unit.id")
    competences: Mapped[list[Competence]] = relationship(
        back_populates="staff_member", order_by="Competence.id", cascade="all, delete-orphan", passive_deletes=True)
    rag_assessments: Mapped[list[RagAssessment]] = relationship(
        order_by="RagAssessment.id", cascade="all, delete-orphan", passive_deletes=True)
    leave: Mapped[list[Leave]] = relationship(order_by="Leave.id", cascade="all, delete-orphan", passive_deletes=True)
    requests: Mapped[list[StaffRequest]] = relationship(
        order_by="StaffRequest.id", cascade="all, delete-orphan", passive_deletes=True)


class Competence(Base):
    """A skill a person holds; it stops counting after `expires_date`."""

    __tablename__ = "competence"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_member_id: Mapped[int] = mapped_column(ForeignKey("staff_member.id", ondelete="CASCADE"), index=True)
    skill_id: Mapped[int] = mapped_column(ForeignKey("skill.id", ondelete="RESTRICT"), index=True)
    expires_date: Mapped[date | None]

    staff_member: Mapped[StaffMember] = relationship(back_populates="competences")
    skill: Mapped[Skill] = relationship()


class RagAssessment(Base):
    """One red/amber/green staff-safety assessment; the history is kept, the latest applies."""

    __tablename__ = "rag_assessment"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_member_id: Mapped[int] = mapped_column(ForeignKey("staff_member.id", ondelete="CASCADE"), index=True)
    rating: Mapped[str] = mapped_column(KIND)
    assessed_date: Mapped[date | None]
    assessor: Mapped[str | None] = mapped_column(NAME)
    reason: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class Leave(Base):
    """Leave or other unavailability, both dates inclusive."""

    __tablename__ = "leave"
    __table_args__ = (CheckConstraint("end_date >= start_date", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_member_id: Mapped[int] = mapped_column(ForeignKey("staff_member.id", ondelete="CASCADE"), index=True)
    start_date: Mapped[date]
    end_date: Mapped[date]
    kind: Mapped[str] = mapped_column(KIND, default="annual_leave")


class StaffRequest(Base):
    __tablename__ = "staff_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_member_id: Mapped[int] = mapped_column(ForeignKey("staff_member.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(KIND)
    request_date: Mapped[date]
    shift_type_id: Mapped[int | None] = mapped_column(ForeignKey("shift_type.id", ondelete="CASCADE"))
    weight: Mapped[int] = mapped_column(Integer, default=1)

    shift_type: Mapped[ShiftType | None] = relationship()


class Resident(Base):
    __tablename__ = "resident"
    __table_args__ = (UniqueConstraint("home_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    home_id: Mapped[int] = mapped_column(ForeignKey("home.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(CODE)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    admitted_date: Mapped[date | None]
    discharged_date: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    unit: Mapped[Unit] = relationship()
    assessments: Mapped[list[DependencyAssessment]] = relationship(
        order_by="DependencyAssessment.id", cascade="all, delete-orphan", passive_deletes=True)


class DependencyAssessment(Base):
    """A resident's dependency as assessed on a date; a rota uses the assessment in force at its start."""

    __tablename__ = "dependency_assessment"

    id: Mapped[int] = mapped_column(primary_key=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("resident.id", ondelete="CASCADE"), index=True)
    assessed_date: Mapped[date]
    band: Mapped[str | None] = mapped_column(KIND)
    barthel: Mapped[int | None]
    one_to_one_hours: Mapped[float] = mapped_column(Float, default=0)
    two_person_transfer: Mapped[bool] = mapped_column(Boolean, default=False)
    nursing_needs: Mapped[bool] = mapped_column(Boolean, default=False)
    end_of_life: Mapped[bool] = mapped_column(Boolean, default=False)
    assessor: Mapped[str | None] = mapped_column(NAME)
    notes: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class StaffingSetting(Base):
    """The home's staffing method, floors, agency, rest and safety rules and objective weights.

    Each column is one domain policy model, stored whole as JSON and validated whole on write."""

    __tablename__ = "staffing_setting"

    home_id: Mapped[int] = mapped_column(ForeignKey("home.id", ondelete="CASCADE"), primary_key=True)
    dependency_tool: Mapped[dict[str, Any]]
    floors: Mapped[dict[str, Any]]
    agency: Mapped[dict[str, Any]]
    rest: Mapped[dict[str, Any]]
    safety: Mapped[dict[str, Any]]
    weights: Mapped[dict[str, Any]]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class FixedAssignment(Base):
    """A shift the manager has fixed in advance: the solver must keep it."""

    __tablename__ = "fixed_assignment"

    id: Mapped[int] = mapped_column(primary_key=True)
    home_id: Mapped[int] = mapped_column(ForeignKey("home.id", ondelete="CASCADE"), index=True)
    work_date: Mapped[date]
    shift_type_id: Mapped[int] = mapped_column(ForeignKey("shift_type.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"))
    staff_member_id: Mapped[int] = mapped_column(ForeignKey("staff_member.id", ondelete="CASCADE"))

    shift_type: Mapped[ShiftType] = relationship()
    unit: Mapped[Unit] = relationship()
    staff_member: Mapped[StaffMember] = relationship()


class RotaPeriod(Base):
    __tablename__ = "rota_period"
    __table_args__ = (UniqueConstraint("home_id", "start_date", "days"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    home_id: Mapped[int] = mapped_column(ForeignKey("home.id", ondelete="CASCADE"), index=True)
    start_date: Mapped[date]
    days: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    home: Mapped[Home] = relationship()


class RotaVersion(Base):
    """One version of a period's rota. Drafts change (each change bumps `revision`, the ETag);
    a published version never changes again. `scenario` is the snapshot of facts it was planned
    and is audited against, so later edits to staff records do not silently rewrite its report."""

    __tablename__ = "rota_version"
    __table_args__ = (UniqueConstraint("period_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("rota_period.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    status: Mapped[str] = mapped_column(KIND, default="draft")
    source: Mapped[str] = mapped_column(KIND)
    based_on_id: Mapped[int | None] = mapped_column(ForeignKey("rota_version.id", ondelete="SET NULL"))
    revision: Mapped[int] = mapped_column(Integer, default=1)
    scenario: Mapped[dict[str, Any]] = mapped_column(deferred=True)
    """Deferred: a few hundred KB on a large home, read only when a report is not already cached."""
    solver_status: Mapped[str | None] = mapped_column(KIND)
    objective: Mapped[float | None] = mapped_column(Float)
    bound: Mapped[float | None] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(NAME)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    published_at: Mapped[datetime | None]
    published_by: Mapped[str | None] = mapped_column(NAME)

    period: Mapped[RotaPeriod] = relationship()
    assignments: Mapped[list[Assignment]] = relationship(
        order_by="Assignment.id", cascade="all, delete-orphan", passive_deletes=True)

    __mapper_args__ = {"version_id_col": revision}


class Assignment(Base):
    """One person on one shift of a rota version: a member of staff, or (in a what-if's result only) a
    hypothetical hire from the what-if's change set, who has no staff record and is kept by code."""

    __tablename__ = "assignment"
    __table_args__ = (
        UniqueConstraint("rota_version_id", "staff_member_id", "work_date", "shift_type_id"),
        UniqueConstraint("rota_version_id", "hypothetical_staff", "work_date", "shift_type_id"),
        CheckConstraint("(staff_member_id IS NULL) <> (hypothetical_staff IS NULL)", name="one_person"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    rota_version_id: Mapped[int] = mapped_column(ForeignKey("rota_version.id", ondelete="CASCADE"), index=True)
    work_date: Mapped[date]
    shift_type_id: Mapped[int] = mapped_column(ForeignKey("shift_type.id", ondelete="RESTRICT"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"))
    staff_member_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id", ondelete="RESTRICT"),
                                                        index=True)
    hypothetical_staff: Mapped[str | None] = mapped_column(String(64))
    """The code of a what-if's hypothetical hire (set instead of `staff_member_id`)."""


ACTIVE_JOB_STATUSES = ("queued", "running")


class SolveJob(Base):
    """A solve running (or that ran) in the worker pool. The partial unique index is the database's
    own guarantee of at most one active solve per home and period, even under concurrent requests."""

    __tablename__ = "solve_job"
    __table_args__ = (
        Index("uq_solve_job_active_period", "home_id", "period_id", unique=True,
              sqlite_where=text("status IN ('queued', 'running') AND what_if_scenario_id IS NULL"),
              postgresql_where=text("status IN ('queued', 'running') AND what_if_scenario_id IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    home_id: Mapped[int] = mapped_column(ForeignKey("home.id", ondelete="CASCADE"), index=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("rota_period.id", ondelete="CASCADE"))
    what_if_scenario_id: Mapped[int | None] = mapped_column(ForeignKey("what_if_scenario.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(KIND, default="queued")
    options: Mapped[dict[str, Any]]
    scenario: Mapped[dict[str, Any]]
    requested_by: Mapped[str] = mapped_column(NAME)
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    stage: Mapped[str | None] = mapped_column(KIND)
    best_objective: Mapped[float | None] = mapped_column(Float)
    best_bound: Mapped[float | None] = mapped_column(Float)
    elapsed_seconds: Mapped[float | None] = mapped_column(Float)
    solver_status: Mapped[str | None] = mapped_column(KIND)
    message: Mapped[str | None] = mapped_column(Text)
    rota_version_id: Mapped[int | None] = mapped_column(ForeignKey("rota_version.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]

    period: Mapped[RotaPeriod] = relationship()


class WhatIfScenario(Base):
    """A what-if: a base rota plus changes (absences, admissions, caps, rules), solved and compared."""

    __tablename__ = "what_if_scenario"

    id: Mapped[int] = mapped_column(primary_key=True)
    home_id: Mapped[int] = mapped_column(ForeignKey("home.id", ondelete="CASCADE"), index=True)
    base_rota_version_id: Mapped[int] = mapped_column(ForeignKey("rota_version.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(NAME)
    changes: Mapped[dict[str, Any]]
    status: Mapped[str] = mapped_column(KIND, default="created")
    result_rota_version_id: Mapped[int | None] = mapped_column(ForeignKey("rota_version.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(NAME)


class AuditLog(Base):
    """Who changed what, when, with the record before and after. No foreign keys: the log outlives
    the records it describes."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(NAME)
    action: Mapped[str] = mapped_column(KIND)
    entity_type: Mapped[str] = mapped_column(KIND)
    entity_id: Mapped[int | None]
    home_id: Mapped[int | None] = mapped_column(index=True)
    summary: Mapped[str] = mapped_column(Text)
    before: Mapped[dict[str, Any] | None]
    after: Mapped[dict[str, Any] | None]


from rota.persistence import compliance_tables  # noqa: E402, F401  (HR record tables share this metadata)
