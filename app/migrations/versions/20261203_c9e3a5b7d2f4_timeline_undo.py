"""timeline undo: a deleted or corrected timeline entry, as it was, for Undo after a reload

Revision ID: c9e3a5b7d2f4
Revises: b8d2f4a6c1e3
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "c9e3a5b7d2f4"
down_revision: str | None = "b8d2f4a6c1e3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "timeline_undo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("touch_id", sa.Integer(), nullable=False),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("snapshot", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["owner_id"], ["user_account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("timeline_undo", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_timeline_undo_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_timeline_undo_contact_id"), ["contact_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("timeline_undo", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_timeline_undo_contact_id"))
        batch_op.drop_index(batch_op.f("ix_timeline_undo_owner_id"))
    op.drop_table("timeline_undo")
