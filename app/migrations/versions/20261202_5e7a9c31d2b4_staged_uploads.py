"""staged uploads: an import's file waits in the database, not on one host's disk

Revision ID: 5e7a9c31d2b4
Revises: a1b0e7d2c4f9
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "5e7a9c31d2b4"
down_revision: str | None = "a1b0e7d2c4f9"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "staged_upload",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("key", sqlmodel.AutoString(length=32), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["user_account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    op.create_index(op.f("ix_staged_upload_owner_id"), "staged_upload", ["owner_id"], unique=False)
    op.create_index("ix_staged_upload_created_at", "staged_upload", ["created_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_staged_upload_created_at", table_name="staged_upload")
    op.drop_index(op.f("ix_staged_upload_owner_id"), table_name="staged_upload")
    op.drop_table("staged_upload")
