"""contact email index: possible duplicates and re-imports match contacts by email

Revision ID: e5a7c9d1f3b6
Revises: b3d5f7a9c1e2
Create Date: 2026-12-03
"""

from collections.abc import Sequence

from alembic import op

revision: str = "e5a7c9d1f3b6"
down_revision: str | None = "b3d5f7a9c1e2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_contact_owner_email", "contact", ["owner_id", "email"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_contact_owner_email", table_name="contact")
