"""outreach marks (keyed hashes of whom classmates wrote to), a cohort's N, and its nudge template

Revision ID: d4f6a8c0e2b5
Revises: c9e3a5b7d2f4
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "d4f6a8c0e2b5"
down_revision: str | None = "c9e3a5b7d2f4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cohort") as batch:
        batch.add_column(sa.Column("outreach_limit", sa.Integer(), server_default="3", nullable=False))
    op.create_table(
        "outreach_mark",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("key_hash", sqlmodel.AutoString(length=64), nullable=False),
        sa.Column("kind", sqlmodel.AutoString(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["cohort_id"], ["cohort.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["student_id"], ["user_account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("cohort_id", "student_id", "key_hash"),
    )
    op.create_index(op.f("ix_outreach_mark_cohort_id"), "outreach_mark", ["cohort_id"], unique=False)
    op.create_index(op.f("ix_outreach_mark_student_id"), "outreach_mark", ["student_id"], unique=False)
    op.create_index(
        "ix_outreach_mark_cohort_key_at", "outreach_mark", ["cohort_id", "key_hash", "created_at"], unique=False
    )
    op.create_table(
        "nudge_template",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("subject", sqlmodel.AutoString(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["cohort_id"], ["cohort.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_nudge_template_cohort_id"), "nudge_template", ["cohort_id"], unique=True)


def downgrade() -> None:
    op.drop_index(op.f("ix_nudge_template_cohort_id"), table_name="nudge_template")
    op.drop_table("nudge_template")
    op.drop_index("ix_outreach_mark_cohort_key_at", table_name="outreach_mark")
    op.drop_index(op.f("ix_outreach_mark_student_id"), table_name="outreach_mark")
    op.drop_index(op.f("ix_outreach_mark_cohort_id"), table_name="outreach_mark")
    op.drop_table("outreach_mark")
    with op.batch_alter_table("cohort") as batch:
        batch.drop_column("outreach_limit")
