"""calendars: a stable UID and a SEQUENCE per meeting, and the secret calendar feed link

Revision ID: c4a1e8d27b90
Revises: a7c3e91f4b20
Create Date: 2026-12-02

Meetings already saved get a UID of their own here, so their next .ics download already carries the
one every later download repeats.
"""

from collections.abc import Sequence
from uuid import uuid4

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "c4a1e8d27b90"
down_revision: str | None = "a7c3e91f4b20"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("calendar_uid", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("calendar_sequence", sa.Integer(), nullable=False, server_default="0"))
    meeting = sa.table("meeting", sa.column("id", sa.Integer()), sa.column("calendar_uid", sa.String()))
    connection = op.get_bind()
    for (meeting_id,) in connection.execute(sa.select(meeting.c.id)).all():
        connection.execute(
            meeting.update().where(meeting.c.id == meeting_id).values(calendar_uid=uuid4().hex)
        )
    # The default was only there to add the column to existing rows: new rows get theirs from the model.
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.alter_column("calendar_uid", server_default=None)

    op.create_table(
        "calendar_feed",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("uid_salt", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["user_account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("calendar_feed", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_calendar_feed_owner_id"), ["owner_id"], unique=True)
        batch_op.create_index(batch_op.f("ix_calendar_feed_token_hash"), ["token_hash"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("calendar_feed", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_calendar_feed_token_hash"))
        batch_op.drop_index(batch_op.f("ix_calendar_feed_owner_id"))
    op.drop_table("calendar_feed")
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_column("calendar_sequence")
        batch_op.drop_column("calendar_uid")
