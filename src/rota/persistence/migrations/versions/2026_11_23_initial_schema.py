"""Initial schema: homes, staff, residents, settings, rotas, solve jobs, what-if scenarios, audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-23 11:52:28.097175
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("entity_type", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("home_id", sa.Integer(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_home_id"), ["home_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_occurred_at"), ["occurred_at"], unique=False)

    op.create_table(
        "home",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_home")),
        sa.UniqueConstraint("code", name=op.f("uq_home_code")),
    )
    op.create_table(
        "role",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("home_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("registered_nurse", sa.Boolean(), nullable=False),
        sa.Column("care_staff", sa.Boolean(), nullable=False),
        sa.Column("senior", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["home_id"], ["home.id"], name=op.f("fk_role_home_id_home"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_role")),
        sa.UniqueConstraint("home_id", "code", name=op.f("uq_role_home_id_code")),
    )
    with op.batch_alter_table("role", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_role_home_id"), ["home_id"], unique=False)

    op.create_table(
        "rota_period",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("home_id", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["home_id"], ["home.id"], name=op.f("fk_rota_period_home_id_home"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rota_period")),
        sa.UniqueConstraint("home_id", "start_date", "days", name=op.f("uq_rota_period_home_id_start_date_days")),
    )
    with op.batch_alter_table("rota_period", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rota_period_home_id"), ["home_id"], unique=False)

    op.create_table(
        "shift_type",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("home_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=False),
        sa.Column("end_time", sa.Time(), nullable=False),
        sa.Column("paid_minutes", sa.Integer(), nullable=True),
        sa.Column("night", sa.Boolean(), nullable=False),
        sa.Column("care_share", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(["home_id"], ["home.id"], name=op.f("fk_shift_type_home_id_home"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shift_type")),
        sa.UniqueConstraint("home_id", "code", name=op.f("uq_shift_type_home_id_code")),
    )
    with op.batch_alter_table("shift_type", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_shift_type_home_id"), ["home_id"], unique=False)

    op.create_table(
        "skill",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("home_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["home_id"], ["home.id"], name=op.f("fk_skill_home_id_home"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skill")),
        sa.UniqueConstraint("home_id", "code", name=op.f("uq_skill_home_id_code")),
    )
    with op.batch_alter_table("skill", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_skill_home_id"), ["home_id"], unique=False)

    op.create_table(
        "staffing_setting",
        sa.Column("home_id", sa.Integer(), nullable=False),
        sa.Column("dependency_tool", sa.JSON(), nullable=False),
        sa.Column("floors", sa.JSON(), nullable=False),
        sa.Column("agency", sa.JSON(), nullable=False),
        sa.Column("rest", sa.JSON(), nullable=False),
        sa.Column("safety", sa.JSON(), nullable=False),
        sa.Column("weights", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["home_id"], ["home.id"], name=op.f("fk_staffing_setting_home_id_home"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("home_id", name=op.f("pk_staffing_setting")),
    )
    op.create_table(
        "unit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("home_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("beds", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["home_id"], ["home.id"], name=op.f("fk_unit_home_id_home"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit")),
        sa.UniqueConstraint("home_id", "code", name=op.f("uq_unit_home_id_code")),
    )
    with op.batch_alter_table("unit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_unit_home_id"), ["home_id"], unique=False)

    op.create_table(
        "resident",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("home_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("admitted_date", sa.Date(), nullable=True),
        sa.Column("discharged_date", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["home_id"], ["home.id"], name=op.f("fk_resident_home_id_home"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name=op.f("fk_resident_unit_id_unit"), ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resident")),
        sa.UniqueConstraint("home_id", "code", name=op.f("uq_resident_home_id_code")),
    )
    with op.batch_alter_table("resident", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_resident_home_id"), ["home_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_resident_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "rota_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("based_on_id", sa.Integer(), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("scenario", sa.JSON(), nullable=False),
        sa.Column("solver_status", sa.String(length=40), nullable=True),
        sa.Column("objective", sa.Float(), nullable=True),
        sa.Column("bound", sa.Float(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("published_by", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["based_on_id"],
            ["rota_version.id"],
            name=op.f("fk_rota_version_based_on_id_rota_version"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["period_id"], ["rota_period.id"], name=op.f("fk_rota_version_period_id_rota_period"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rota_version")),
        sa.UniqueConstraint("period_id", "number", name=op.f("uq_rota_version_period_id_number")),
    )
    with op.batch_alter_table("rota_version", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rota_version_period_id"), ["period_id"], unique=False)

    op.create_table(
        "shift_type_unit",
        sa.Column("shift_type_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["shift_type_id"],
            ["shift_type.id"],
            name=op.f("fk_shift_type_unit_shift_type_id_shift_type"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_shift_type_unit_unit_id_unit"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("shift_type_id", "unit_id", name=op.f("pk_shift_type_unit")),
    )
    op.create_table(
        "staff_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("home_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role_id", sa.Integer(), nullable=False),
        sa.Column("home_unit_id", sa.Integer(), nullable=False),
        sa.Column("employment_type", sa.String(length=40), nullable=False),
        sa.Column("contracted_hours", sa.Float(), nullable=False),
        sa.Column("max_hours_per_week", sa.Float(), nullable=True),
        sa.Column("hourly_cost", sa.Float(), nullable=False),
        sa.Column("night_worker", sa.Boolean(), nullable=False),
        sa.Column("day_worker", sa.Boolean(), nullable=False),
        sa.Column("opted_out_48h", sa.Boolean(), nullable=False),
        sa.Column("under_18", sa.Boolean(), nullable=False),
        sa.Column("care_certificate_complete", sa.Boolean(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("leaving_date", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["home_id"], ["home.id"], name=op.f("fk_staff_member_home_id_home"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["home_unit_id"], ["unit.id"], name=op.f("fk_staff_member_home_unit_id_unit"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["role_id"], ["role.id"], name=op.f("fk_staff_member_role_id_role"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_member")),
        sa.UniqueConstraint("home_id", "code", name=op.f("uq_staff_member_home_id_code")),
    )
    with op.batch_alter_table("staff_member", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staff_member_home_id"), ["home_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_staff_member_home_unit_id"), ["home_unit_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_staff_member_role_id"), ["role_id"], unique=False)

    op.create_table(
        "assignment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rota_version_id", sa.Integer(), nullable=False),
        sa.Column("work_date", sa.Date(), nullable=False),
        sa.Column("shift_type_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("staff_member_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["rota_version_id"],
            ["rota_version.id"],
            name=op.f("fk_assignment_rota_version_id_rota_version"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["shift_type_id"],
            ["shift_type.id"],
            name=op.f("fk_assignment_shift_type_id_shift_type"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["staff_member_id"],
            ["staff_member.id"],
            name=op.f("fk_assignment_staff_member_id_staff_member"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name=op.f("fk_assignment_unit_id_unit"), ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignment")),
        sa.UniqueConstraint(
            "rota_version_id",
            "staff_member_id",
            "work_date",
            "shift_type_id",
            name=op.f("uq_assignment_rota_version_id_staff_member_id_work_date_shift_type_id"),
        ),
    )
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assignment_rota_version_id"), ["rota_version_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assignment_staff_member_id"), ["staff_member_id"], unique=False)

    op.create_table(
        "competence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_member_id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.Column("expires_date", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["skill_id"], ["skill.id"], name=op.f("fk_competence_skill_id_skill"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["staff_member_id"],
            ["staff_member.id"],
            name=op.f("fk_competence_staff_member_id_staff_member"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_competence")),
    )
    with op.batch_alter_table("competence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_competence_skill_id"), ["skill_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_competence_staff_member_id"), ["staff_member_id"], unique=False)

    op.create_table(
        "dependency_assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("resident_id", sa.Integer(), nullable=False),
        sa.Column("assessed_date", sa.Date(), nullable=False),
        sa.Column("band", sa.String(length=40), nullable=True),
        sa.Column("barthel", sa.Integer(), nullable=True),
        sa.Column("one_to_one_hours", sa.Float(), nullable=False),
        sa.Column("two_person_transfer", sa.Boolean(), nullable=False),
        sa.Column("nursing_needs", sa.Boolean(), nullable=False),
        sa.Column("end_of_life", sa.Boolean(), nullable=False),
        sa.Column("assessor", sa.String(length=200), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["resident_id"],
            ["resident.id"],
            name=op.f("fk_dependency_assessment_resident_id_resident"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dependency_assessment")),
    )
    with op.batch_alter_table("dependency_assessment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dependency_assessment_resident_id"), ["resident_id"], unique=False)

    op.create_table(
        "fixed_assignment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("home_id", sa.Integer(), nullable=False),
        sa.Column("work_date", sa.Date(), nullable=False),
        sa.Column("shift_type_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("staff_member_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["home_id"], ["home.id"], name=op.f("fk_fixed_assignment_home_id_home"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["shift_type_id"],
            ["shift_type.id"],
            name=op.f("fk_fixed_assignment_shift_type_id_shift_type"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["staff_member_id"],
            ["staff_member.id"],
            name=op.f("fk_fixed_assignment_staff_member_id_staff_member"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_fixed_assignment_unit_id_unit"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fixed_assignment")),
    )
    with op.batch_alter_table("fixed_assignment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fixed_assignment_home_id"), ["home_id"], unique=False)

    op.create_table(
        "leave",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_member_id", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.CheckConstraint("end_date >= start_date", name=op.f("ck_leave_ends_after_start")),
        sa.ForeignKeyConstraint(
            ["staff_member_id"],
            ["staff_member.id"],
            name=op.f("fk_leave_staff_member_id_staff_member"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_leave")),
    )
    with op.batch_alter_table("leave", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_leave_staff_member_id"), ["staff_member_id"], unique=False)

    op.create_table(
        "rag_assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_member_id", sa.Integer(), nullable=False),
        sa.Column("rating", sa.String(length=40), nullable=False),
        sa.Column("assessed_date", sa.Date(), nullable=True),
        sa.Column("assessor", sa.String(length=200), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_member_id"],
            ["staff_member.id"],
            name=op.f("fk_rag_assessment_staff_member_id_staff_member"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rag_assessment")),
    )
    with op.batch_alter_table("rag_assessment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rag_assessment_staff_member_id"), ["staff_member_id"], unique=False)

    op.create_table(
        "staff_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_member_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("request_date", sa.Date(), nullable=False),
        sa.Column("shift_type_id", sa.Integer(), nullable=True),
        sa.Column("weight", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["shift_type_id"],
            ["shift_type.id"],
            name=op.f("fk_staff_request_shift_type_id_shift_type"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["staff_member_id"],
            ["staff_member.id"],
            name=op.f("fk_staff_request_staff_member_id_staff_member"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_request")),
    )
    with op.batch_alter_table("staff_request", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staff_request_staff_member_id"), ["staff_member_id"], unique=False)

    op.create_table(
        "staff_unit",
        sa.Column("staff_member_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_member_id"],
            ["staff_member.id"],
            name=op.f("fk_staff_unit_staff_member_id_staff_member"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name=op.f("fk_staff_unit_unit_id_unit"), ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("staff_member_id", "unit_id", name=op.f("pk_staff_unit")),
    )
    op.create_table(
        "what_if_scenario",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("home_id", sa.Integer(), nullable=False),
        sa.Column("base_rota_version_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("result_rota_version_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["base_rota_version_id"],
            ["rota_version.id"],
            name=op.f("fk_what_if_scenario_base_rota_version_id_rota_version"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["home_id"], ["home.id"], name=op.f("fk_what_if_scenario_home_id_home"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["result_rota_version_id"],
            ["rota_version.id"],
            name=op.f("fk_what_if_scenario_result_rota_version_id_rota_version"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_what_if_scenario")),
    )
    with op.batch_alter_table("what_if_scenario", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_what_if_scenario_home_id"), ["home_id"], unique=False)

    op.create_table(
        "solve_job",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("home_id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("what_if_scenario_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("scenario", sa.JSON(), nullable=False),
        sa.Column("requested_by", sa.String(length=200), nullable=False),
        sa.Column("cancel_requested", sa.Boolean(), nullable=False),
        sa.Column("stage", sa.String(length=40), nullable=True),
        sa.Column("best_objective", sa.Float(), nullable=True),
        sa.Column("best_bound", sa.Float(), nullable=True),
        sa.Column("elapsed_seconds", sa.Float(), nullable=True),
        sa.Column("solver_status", sa.String(length=40), nullable=True),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("rota_version_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["home_id"], ["home.id"], name=op.f("fk_solve_job_home_id_home"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["period_id"], ["rota_period.id"], name=op.f("fk_solve_job_period_id_rota_period"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["rota_version_id"],
            ["rota_version.id"],
            name=op.f("fk_solve_job_rota_version_id_rota_version"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["what_if_scenario_id"],
            ["what_if_scenario.id"],
            name=op.f("fk_solve_job_what_if_scenario_id_what_if_scenario"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_solve_job")),
    )
    with op.batch_alter_table("solve_job", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_solve_job_home_id"), ["home_id"], unique=False)
        batch_op.create_index(
            "uq_solve_job_active_period",
            ["home_id", "period_id"],
            unique=True,
            sqlite_where=sa.text("status IN ('queued', 'running') AND what_if_scenario_id IS NULL"),
            postgresql_where=sa.text("status IN ('queued', 'running') AND what_if_scenario_id IS NULL"),
        )


def downgrade() -> None:
    with op.batch_alter_table("solve_job", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_solve_job_active_period",
            sqlite_where=sa.text("status IN ('queued', 'running') AND what_if_scenario_id IS NULL"),
            postgresql_where=sa.text("status IN ('queued', 'running') AND what_if_scenario_id IS NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_solve_job_home_id"))

    op.drop_table("solve_job")
    with op.batch_alter_table("what_if_scenario", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_what_if_scenario_home_id"))

    op.drop_table("what_if_scenario")
    op.drop_table("staff_unit")
    with op.batch_alter_table("staff_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_request_staff_member_id"))

    op.drop_table("staff_request")
    with op.batch_alter_table("rag_assessment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rag_assessment_staff_member_id"))

    op.drop_table("rag_assessment")
    with op.batch_alter_table("leave", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_leave_staff_member_id"))

    op.drop_table("leave")
    with op.batch_alter_table("fixed_assignment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fixed_assignment_home_id"))

    op.drop_table("fixed_assignment")
    with op.batch_alter_table("dependency_assessment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dependency_assessment_resident_id"))

    op.drop_table("dependency_assessment")
    with op.batch_alter_table("competence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_competence_staff_member_id"))
        batch_op.drop_index(batch_op.f("ix_competence_skill_id"))

    op.drop_table("competence")
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assignment_staff_member_id"))
        batch_op.drop_index(batch_op.f("ix_assignment_rota_version_id"))

    op.drop_table("assignment")
    with op.batch_alter_table("staff_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_member_role_id"))
        batch_op.drop_index(batch_op.f("ix_staff_member_home_unit_id"))
        batch_op.drop_index(batch_op.f("ix_staff_member_home_id"))

    op.drop_table("staff_member")
    op.drop_table("shift_type_unit")
    with op.batch_alter_table("rota_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rota_version_period_id"))

    op.drop_table("rota_version")
    with op.batch_alter_table("resident", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_resident_unit_id"))
        batch_op.drop_index(batch_op.f("ix_resident_home_id"))

    op.drop_table("resident")
    with op.batch_alter_table("unit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_unit_home_id"))

    op.drop_table("unit")
    op.drop_table("staffing_setting")
    with op.batch_alter_table("skill", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_skill_home_id"))

    op.drop_table("skill")
    with op.batch_alter_table("shift_type", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shift_type_home_id"))

    op.drop_table("shift_type")
    with op.batch_alter_table("rota_period", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rota_period_home_id"))

    op.drop_table("rota_period")
    with op.batch_alter_table("role", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_role_home_id"))

    op.drop_table("role")
    op.drop_table("home")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_occurred_at"))
        batch_op.drop_index(batch_op.f("ix_audit_log_home_id"))

    op.drop_table("audit_log")
