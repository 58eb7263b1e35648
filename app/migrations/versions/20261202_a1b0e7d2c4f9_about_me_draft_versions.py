"""about me and draft versions: the student's own details for emails; a draft's replaced texts for undo

Revision ID: a1b0e7d2c4f9
Revises: c4a1e8d27b90
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "a1b0e7d2c4f9"
down_revision: str | None = "c4a1e8d27b90"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "about_me",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.AutoString(length=120), nullable=False),
        sa.Column("school", sqlmodel.AutoString(length=200), nullable=False),
        sa.Column("programme_year", sqlmodel.AutoString(length=200), nullable=False),
        sa.Column("exploring", sqlmodel.AutoString(length=300), nullable=False),
        sa.Column("signature", sqlmodel.AutoString(length=1000), nullable=False),
        sa.Column("asked", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["user_account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_about_me_owner_id"), "about_me", ["owner_id"], unique=True)
    op.create_table(
        "draft_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("subject", sqlmodel.AutoString(length=500), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["user_account.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["draft_id"], ["draft.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_draft_version_owner_id"), "draft_version", ["owner_id"], unique=False)
    op.create_index(op.f("ix_draft_version_draft_id"), "draft_version", ["draft_id"], unique=False)
    with op.batch_alter_table("draft", schema=None) as batch_op:
        batch_op.add_column(sa.Column("filled_body", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("draft", schema=None) as batch_op:
        batch_op.drop_column("filled_body")
    op.drop_index(op.f("ix_draft_version_draft_id"), table_name="draft_version")
    op.drop_index(op.f("ix_draft_version_owner_id"), table_name="draft_version")
    op.drop_table("draft_version")
    op.drop_index(op.f("ix_about_me_owner_id"), table_name="about_me")
    op.drop_table("about_me")
