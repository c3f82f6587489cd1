"""`rota_gating` gets its own key, so a sickness repair (which has no solve job) can keep the gating its
draft was planned under: `id` is the primary key and `solve_job_id` becomes nullable and unique.

The table is rebuilt (copy out, drop, create, copy back) rather than altered in place: changing a primary
key in place differs between SQLite and PostgreSQL, and a rebuild keeps the constraint names the mappings
expect on both.

Revision ID: 0004_rota_gating_key
Revises: 0003_hypothetical_staff
Create Date: 2026-11-23 21:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_rota_gating_key"
down_revision = "0003_hypothetical_staff"
branch_labels = None
depends_on = None

COPIED = "solve_job_id, rota_version_id, reasons, summary"


def _holding_table() -> None:
    op.create_table("rota_gating_copy", *_copied_columns(job_required=False))
    op.execute(f"INSERT INTO rota_gating_copy ({COPIED}) SELECT {COPIED} FROM rota_gating")
    with op.batch_alter_table("rota_gating", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rota_gating_rota_version_id"))
    op.drop_table("rota_gating")


def _copied_columns(job_required: bool) -> list[sa.Column]:
    return [
        sa.Column("solve_job_id", sa.Integer(), nullable=not job_required),
        sa.Column("rota_version_id", sa.Integer(), nullable=True),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
    ]


def _foreign_keys() -> list[sa.ForeignKeyConstraint]:
    return [
        sa.ForeignKeyConstraint(["rota_version_id"], ["rota_version.id"],
                                name=op.f("fk_rota_gating_rota_version_id_rota_version"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["solve_job_id"], ["solve_job.id"],
                                name=op.f("fk_rota_gating_solve_job_id_solve_job"), ondelete="CASCADE"),
    ]


def _restore(where: str = "") -> None:
    with op.batch_alter_table("rota_gating", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rota_gating_rota_version_id"), ["rota_version_id"], unique=False)
    op.execute(f"INSERT INTO rota_gating ({COPIED}) SELECT {COPIED} FROM rota_gating_copy {where}")
    op.drop_table("rota_gating_copy")


def upgrade() -> None:
    _holding_table()
    op.create_table(
        "rota_gating",
        sa.Column("id", sa.Integer(), nullable=False),
        *_copied_columns(job_required=False),
        *_foreign_keys(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rota_gating")),
        sa.UniqueConstraint("solve_job_id", name=op.f("uq_rota_gating_solve_job_id")),
    )
    _restore()


def downgrade() -> None:
    _holding_table()
    op.create_table(
        "rota_gating",
        *_copied_columns(job_required=True),
        *_foreign_keys(),
        sa.PrimaryKeyConstraint("solve_job_id", name=op.f("pk_rota_gating")),
    )
    _restore("WHERE solve_job_id IS NOT NULL")
