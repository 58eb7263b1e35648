"""login failure at index: day-old throttle rows are deleted without reading the whole table

Revision ID: 5e1f0c7a9b3d
Revises: 1bd7f96d5aa9
Create Date: 2026-12-02

The login_failure table now also holds per-(account, address) failures, sign-up attempts and wrong
invite codes, kept a day; every recorded attempt deletes the rows older than that.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "5e1f0c7a9b3d"
down_revision: str | None = "1bd7f96d5aa9"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("login_failure", schema=None) as batch_op:
        batch_op.create_index("ix_login_failure_at", ["at"], unique=False)
    # Rows keyed "account:..." belonged to the old per-account lock, which no longer exists.
    op.execute("DELETE FROM login_failure WHERE key LIKE 'account:%'")


def downgrade() -> None:
    with op.batch_alter_table("login_failure", schema=None) as batch_op:
        batch_op.drop_index("ix_login_failure_at")
