"""A what-if's result may plan its hypothetical hires: `assignment.hypothetical_staff` holds the code of a
person the what-if adds (who has no staff record), set instead of `staff_member_id`, which becomes nullable.

Revision ID: 0003_hypothetical_staff
Revises: 0002_hr_records
Create Date: 2026-11-23 20:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_hypothetical_staff"
down_revision = "0002_hr_records"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("hypothetical_staff", sa.String(length=64), nullable=True))
        batch_op.alter_column("staff_member_id", existing_type=sa.Integer(), nullable=True)
        batch_op.create_unique_constraint(
            batch_op.f("uq_assignment_rota_version_id_hypothetical_staff_work_date_shift_type_id"),
            ["rota_version_id", "hypothetical_staff", "work_date", "shift_type_id"])
        batch_op.create_check_constraint(
            batch_op.f("ck_assignment_one_person"), "(staff_member_id IS NULL) <> (hypothetical_staff IS NULL)")


def downgrade() -> None:
    op.execute("DELETE FROM assignment WHERE hypothetical_staff IS NOT NULL")
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_assignment_one_person"), type_="check")
        batch_op.drop_constraint(
            batch_op.f("uq_assignment_rota_version_id_hypothetical_staff_work_date_shift_type_id"), type_="unique")
        batch_op.alter_column("staff_member_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("hypothetical_staff")
