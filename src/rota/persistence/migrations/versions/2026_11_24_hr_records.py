"""HR records for workforce compliance (issue 5): course catalogue and policy (provider-wide or per home),
employment history, training, medication competency, supervision, appraisal, recruitment checks, sickness,
posts, registered managers, staffing reviews, rota publications, hours worked, and the gating a solve used.

Self-contained: only adds tables, so it merges with any other revision on top of 0001.

Revision ID: 0002_hr_records
Revises: 0001
Create Date: 2026-11-23 12:31:48.253763
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_hr_records"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hr_appraisal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("home_id", sa.Integer(), nullable=False),
        sa.Column("staff_code", sa.String(length=64), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("held_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["home_id"], ["home.id"], name=op.f("fk_hr_appraisal_home_id_home"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hr_appraisal")),
    )
    with op.batch_alter_table("hr_appraisal", schema=None) as batch_op:
        batch_op.create_index("ix_hr_appraisal_home_staff", ["home_id", "staff_code"], unique=False)

    op.create_table(
        "hr_course",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("home_id", sa.Integer(), nullable=True),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("refresh_months", sa.Integer(), nullable=True),
        sa.Column("roles", sa.JSON(), nullable=False),
        sa.Column("grants_skill", sa.String(length=64), nullable=True),
        sa.Column("due_within_weeks_of_start", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["home_id"], ["home.id"], name=op.f("fk_hr_course_home_id_home"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hr_course")),
    )
    with op.batch_alter_table("hr_course", schema=None) as batch_op:
        batch_op.create_index("ix_hr_course_home_code", ["home_id", "code"], unique=True)

    op.create_table(
        "hr_dbs_check",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("home_id", sa.Integer(), nullable=False),
        sa.Column("staff_code", sa.String(length=64), nullable=False),
        sa.Column("issued", sa.Date(), nullable=False),
        sa.Column("certificate_number", sa.String(length=20), nullable=False),
        sa.Column("barred_list_checked", sa.Boolean(), nullable=False),
        sa.Column("update_service", sa.Boolean(), nullable=False),
        sa.Column("last_status_check", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["home_id"], ["home.id"], name=op.f("fk_hr_dbs_check_home_id_home"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hr_dbs_check")),
    )
    with op.batch_alter_table("hr_dbs_check", schema=None) as batch_op:
        batch_op.create_index("ix_hr_dbs_check_home_staff", ["home_id", "staff_code"], unique=False)

    op.create_table(
        "hr_employment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("home_id", sa.Integer(), nullable=False),
        sa.Column("staff_code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=64), nullable=False),
        sa.Column("employment", sa.String(length=40), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("leave_date", sa.Date(), nullable=True),
        sa.Column("leave_reason", sa.String(length=200), nullable=True),
        sa.Column("fte", sa.Float(), nullable=False),
        sa.Column("probation_end", sa.Date(), nullable=True),
        sa.Column("probation_confirmed_on", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "leave_date IS NULL OR leave_date >= start_date", name=op.f("ck_hr_employment_leaves_after_start")
        ),
        sa.ForeignKeyConstraint(
            ["home_id"], ["home.id"], name=op.f("fk_hr_employment_home_id_home"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hr_employment")),
    )
    with op.batch_alter_table("hr_employment", schema=None) as batch_op:
        batch_op.create_index("ix_hr_employment_home_staff", ["home_id", "staff_code"], unique=False)

    op.create_table(
        "hr_hours_worked",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("home_id", sa.Integer(), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("staff_code", sa.String(length=64), nullable=False),
        sa.Column("employment", sa.String(length=40), nullable=False),
        sa.Column("hours", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["home_id"], ["home.id"], name=op.f("fk_hr_hours_worked_home_id_home"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hr_hours_worked")),
    )
    with op.batch_alter_table("hr_hours_worked", schema=None) as batch_op:
        batch_op.create_index("ix_hr_hours_worked_home", ["home_id"], unique=False)

    op.create_table(
        "hr_manager_registration",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("home_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("registered_from", sa.Date(), nullable=False),
        sa.Column("registered_to", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["home_id"], ["home.id"], name=op.f("fk_hr_manager_registration_home_id_home"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hr_manager_registration")),
    )
    with op.batch_alter_table("hr_manager_registration", schema=None) as batch_op:
        batch_op.create_index("ix_hr_manager_registration_home", ["home_id"], unique=False)

    op.create_table(
        "hr_medication_assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("home_id", sa.Integer(), nullable=False),
        sa.Column("staff_code", sa.String(length=64), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column("assessor", sa.String(length=200), nullable=False),
        sa.Column("outcome", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["home_id"], ["home.id"], name=op.f("fk_hr_medication_assessment_home_id_home"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hr_medication_assessment")),
    )
    with op.batch_alter_table("hr_medication_assessment", schema=None) as batch_op:
        batch_op.create_index("ix_hr_medication_assessment_home_staff", ["home_id", "staff_code"], unique=False)

    op.create_table(
        "hr_nmc_registration",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("home_id", sa.Integer(), nullable=False),
        sa.Column("staff_code", sa.String(length=64), nullable=False),
        sa.Column("pin", sa.String(length=8), nullable=False),
        sa.Column("expires", sa.Date(), nullable=False),
        sa.Column("revalidation_due", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["home_id"], ["home.id"], name=op.f("fk_hr_nmc_registration_home_id_home"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hr_nmc_registration")),
    )
    with op.batch_alter_table("hr_nmc_registration", schema=None) as batch_op:
        batch_op.create_index("ix_hr_nmc_registration_home_staff", ["home_id", "staff_code"], unique=False)

    op.create_table(
        "hr_policy",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("home_id", sa.Integer(), nullable=True),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["home_id"], ["home.id"], name=op.f("fk_hr_policy_home_id_home"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hr_policy")),
    )
    with op.batch_alter_table("hr_policy", schema=None) as batch_op:
        batch_op.create_index("ix_hr_policy_home", ["home_id"], unique=True)

    op.create_table(
        "hr_posts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("home_id", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("role", sa.String(length=64), nullable=False),
        sa.Column("filled", sa.Float(), nullable=False),
        sa.Column("vacant", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["home_id"], ["home.id"], name=op.f("fk_hr_posts_home_id_home"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hr_posts")),
    )
    with op.batch_alter_table("hr_posts", schema=None) as batch_op:
        batch_op.create_index("ix_hr_posts_home", ["home_id"], unique=False)

    op.create_table(
        "hr_reference",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("home_id", sa.Integer(), nullable=False),
        sa.Column("staff_code", sa.String(length=64), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("referee", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["home_id"], ["home.id"], name=op.f("fk_hr_reference_home_id_home"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hr_reference")),
    )
    with op.batch_alter_table("hr_reference", schema=None) as batch_op:
        batch_op.create_index("ix_hr_reference_home_staff", ["home_id", "staff_code"], unique=False)

    op.create_table(
        "hr_right_to_work",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("home_id", sa.Integer(), nullable=False),
        sa.Column("staff_code", sa.String(length=64), nullable=False),
        sa.Column("checked_on", sa.Date(), nullable=False),
        sa.Column("document", sa.String(length=100), nullable=False),
        sa.Column("expires", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["home_id"], ["home.id"], name=op.f("fk_hr_right_to_work_home_id_home"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hr_right_to_work")),
    )
    with op.batch_alter_table("hr_right_to_work", schema=None) as batch_op:
        batch_op.create_index("ix_hr_right_to_work_home_staff", ["home_id", "staff_code"], unique=False)

    op.create_table(
        "hr_rota_publication",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("home_id", sa.Integer(), nullable=False),
        sa.Column("starts", sa.Date(), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["home_id"], ["home.id"], name=op.f("fk_hr_rota_publication_home_id_home"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hr_rota_publication")),
    )
    with op.batch_alter_table("hr_rota_publication", schema=None) as batch_op:
        batch_op.create_index("ix_hr_rota_publication_home", ["home_id"], unique=False)

    op.create_table(
        "hr_sickness_absence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("home_id", sa.Integer(), nullable=False),
        sa.Column("staff_code", sa.String(length=64), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("days_lost", sa.Float(), nullable=True),
        sa.Column("reason", sa.String(length=200), nullable=True),
        sa.CheckConstraint("end_date >= start_date", name=op.f("ck_hr_sickness_absence_ends_after_start")),
        sa.ForeignKeyConstraint(
            ["home_id"], ["home.id"], name=op.f("fk_hr_sickness_absence_home_id_home"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hr_sickness_absence")),
    )
    with op.batch_alter_table("hr_sickness_absence", schema=None) as batch_op:
        batch_op.create_index("ix_hr_sickness_absence_home_staff", ["home_id", "staff_code"], unique=False)

    op.create_table(
        "hr_staffing_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("home_id", sa.Integer(), nullable=False),
        sa.Column("reviewed_on", sa.Date(), nullable=False),
        sa.Column("reviewed_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["home_id"], ["home.id"], name=op.f("fk_hr_staffing_review_home_id_home"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hr_staffing_review")),
    )
    with op.batch_alter_table("hr_staffing_review", schema=None) as batch_op:
        batch_op.create_index("ix_hr_staffing_review_home", ["home_id"], unique=False)

    op.create_table(
        "hr_supervision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("home_id", sa.Integer(), nullable=False),
        sa.Column("staff_code", sa.String(length=64), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("held_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["home_id"], ["home.id"], name=op.f("fk_hr_supervision_home_id_home"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hr_supervision")),
    )
    with op.batch_alter_table("hr_supervision", schema=None) as batch_op:
        batch_op.create_index("ix_hr_supervision_home_staff", ["home_id", "staff_code"], unique=False)

    op.create_table(
        "hr_training",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("home_id", sa.Integer(), nullable=False),
        sa.Column("staff_code", sa.String(length=64), nullable=False),
        sa.Column("course_code", sa.String(length=64), nullable=False),
        sa.Column("completed", sa.Date(), nullable=False),
        sa.Column("expires", sa.Date(), nullable=True),
        sa.Column("provider", sa.String(length=200), nullable=True),
        sa.Column("evidence", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(["home_id"], ["home.id"], name=op.f("fk_hr_training_home_id_home"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hr_training")),
    )
    with op.batch_alter_table("hr_training", schema=None) as batch_op:
        batch_op.create_index(
            "ix_hr_training_home_staff", ["home_id", "staff_code", "course_code", "completed"], unique=False
        )

    op.create_table(
        "rota_gating",
        sa.Column("solve_job_id", sa.Integer(), nullable=False),
        sa.Column("rota_version_id", sa.Integer(), nullable=True),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["rota_version_id"],
            ["rota_version.id"],
            name=op.f("fk_rota_gating_rota_version_id_rota_version"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["solve_job_id"], ["solve_job.id"], name=op.f("fk_rota_gating_solve_job_id_solve_job"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("solve_job_id", name=op.f("pk_rota_gating")),
    )
    with op.batch_alter_table("rota_gating", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rota_gating_rota_version_id"), ["rota_version_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("rota_gating", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rota_gating_rota_version_id"))

    op.drop_table("rota_gating")
    with op.batch_alter_table("hr_training", schema=None) as batch_op:
        batch_op.drop_index("ix_hr_training_home_staff")

    op.drop_table("hr_training")
    with op.batch_alter_table("hr_supervision", schema=None) as batch_op:
        batch_op.drop_index("ix_hr_supervision_home_staff")

    op.drop_table("hr_supervision")
    with op.batch_alter_table("hr_staffing_review", schema=None) as batch_op:
        batch_op.drop_index("ix_hr_staffing_review_home")

    op.drop_table("hr_staffing_review")
    with op.batch_alter_table("hr_sickness_absence", schema=None) as batch_op:
        batch_op.drop_index("ix_hr_sickness_absence_home_staff")

    op.drop_table("hr_sickness_absence")
    with op.batch_alter_table("hr_rota_publication", schema=None) as batch_op:
        batch_op.drop_index("ix_hr_rota_publication_home")

    op.drop_table("hr_rota_publication")
    with op.batch_alter_table("hr_right_to_work", schema=None) as batch_op:
        batch_op.drop_index("ix_hr_right_to_work_home_staff")

    op.drop_table("hr_right_to_work")
    with op.batch_alter_table("hr_reference", schema=None) as batch_op:
        batch_op.drop_index("ix_hr_reference_home_staff")

    op.drop_table("hr_reference")
    with op.batch_alter_table("hr_posts", schema=None) as batch_op:
        batch_op.drop_index("ix_hr_posts_home")

    op.drop_table("hr_posts")
    with op.batch_alter_table("hr_policy", schema=None) as batch_op:
        batch_op.drop_index("ix_hr_policy_home")

    op.drop_table("hr_policy")
    with op.batch_alter_table("hr_nmc_registration", schema=None) as batch_op:
        batch_op.drop_index("ix_hr_nmc_registration_home_staff")

    op.drop_table("hr_nmc_registration")
    with op.batch_alter_table("hr_medication_assessment", schema=None) as batch_op:
        batch_op.drop_index("ix_hr_medication_assessment_home_staff")

    op.drop_table("hr_medication_assessment")
    with op.batch_alter_table("hr_manager_registration", schema=None) as batch_op:
        batch_op.drop_index("ix_hr_manager_registration_home")

    op.drop_table("hr_manager_registration")
    with op.batch_alter_table("hr_hours_worked", schema=None) as batch_op:
        batch_op.drop_index("ix_hr_hours_worked_home")

    op.drop_table("hr_hours_worked")
    with op.batch_alter_table("hr_employment", schema=None) as batch_op:
        batch_op.drop_index("ix_hr_employment_home_staff")

    op.drop_table("hr_employment")
    with op.batch_alter_table("hr_dbs_check", schema=None) as batch_op:
        batch_op.drop_index("ix_hr_dbs_check_home_staff")

    op.drop_table("hr_dbs_check")
    with op.batch_alter_table("hr_course", schema=None) as batch_op:
        batch_op.drop_index("ix_hr_course_home_code")

    op.drop_table("hr_course")
    with op.batch_alter_table("hr_appraisal", schema=None) as batch_op:
        batch_op.drop_index("ix_hr_appraisal_home_staff")

    op.drop_table("hr_appraisal")
