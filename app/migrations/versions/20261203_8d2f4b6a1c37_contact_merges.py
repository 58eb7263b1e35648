"""contact merges: two contacts merged into one, kept for undo

Revision ID: 8d2f4b6a1c37
Revises: 5e7a9c31d2b4
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "8d2f4b6a1c37"
down_revision: str | None = "5e7a9c31d2b4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "contact_merge",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("kept_id", sa.Integer(), nullable=False),
        sa.Column("merged_id", sa.Integer(), nullable=False),
        sa.Column("kept_before", sa.Text(), nullable=False),
        sa.Column("moved", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["owner_id"], ["user_account.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["kept_id"], ["contact.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["merged_id"], ["contact.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_contact_merge_owner_id"), "contact_merge", ["owner_id"], unique=False)
    op.create_index(op.f("ix_contact_merge_kept_id"), "contact_merge", ["kept_id"], unique=False)
    op.create_index(op.f("ix_contact_merge_merged_id"), "contact_merge", ["merged_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_contact_merge_merged_id"), table_name="contact_merge")
    op.drop_index(op.f("ix_contact_merge_kept_id"), table_name="contact_merge")
    op.drop_index(op.f("ix_contact_merge_owner_id"), table_name="contact_merge")
    op.drop_table("contact_merge")
