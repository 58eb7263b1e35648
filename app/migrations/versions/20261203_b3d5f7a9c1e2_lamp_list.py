"""lamp list: each organisation's Motivation (0-3) and Postings (yes/no), set by the student

Revision ID: b3d5f7a9c1e2
Revises: d4f6a8c0e2b5
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b3d5f7a9c1e2"
down_revision: str | None = "d4f6a8c0e2b5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("organisation") as batch:
        batch.add_column(sa.Column("motivation", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("has_postings", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("organisation") as batch:
        batch.drop_column("has_postings")
        batch.drop_column("motivation")
