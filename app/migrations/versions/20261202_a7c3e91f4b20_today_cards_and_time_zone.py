"""today cards and time zone: snoozed and dismissed Today cards; each student's time zone

Revision ID: a7c3e91f4b20
Revises: 5e1f0c7a9b3d
Create Date: 2026-12-02

A Today card the student snoozes or puts aside is kept in card_answer, keyed by the contact, the
card's kind and what brought it (its trigger), so it comes back only when something new happens.
user_account.time_zone holds the zone that decides what "today" and "24 hours" mean ("" is UTC).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "a7c3e91f4b20"
down_revision: str | None = "5e1f0c7a9b3d"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "card_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("trigger", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("snoozed_until", sa.Date(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["owner_id"], ["user_account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("owner_id", "contact_id", "kind", "trigger"),
    )
    with op.batch_alter_table("card_answer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_card_answer_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_card_answer_contact_id"), ["contact_id"], unique=False)
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "time_zone", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False, server_default=""
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_column("time_zone")
    with op.batch_alter_table("card_answer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_card_answer_contact_id"))
        batch_op.drop_index(batch_op.f("ix_card_answer_owner_id"))
    op.drop_table("card_answer")
