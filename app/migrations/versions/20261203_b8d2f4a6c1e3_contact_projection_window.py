"""contact projection window: the days the stored stage and next due date hold for

Revision ID: b8d2f4a6c1e3
Revises: 8d2f4b6a1c37
Create Date: 2026-12-03

contact.stage and contact.next_due_on are derived by the one card rule (app/domain/cards.py) and hold
while projection_from <= today < projection_until (None: no bound that way); outside it the tracker
derives them again before it reads (app/services/cards.py, catch_up). Existing rows start outside
(projection_until in 1970), so each is derived once by the current rule, presumed-held meetings included.
"""

from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
from alembic import op

revision: str = "b8d2f4a6c1e3"
down_revision: str | None = "8d2f4b6a1c37"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.add_column(sa.Column("projection_from", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("projection_until", sa.Date(), nullable=True))
        batch_op.create_index("ix_contact_owner_projection_from", ["owner_id", "projection_from"], unique=False)
        batch_op.create_index(
            "ix_contact_owner_projection_until", ["owner_id", "projection_until"], unique=False
        )
    contact = sa.table("contact", sa.column("projection_until", sa.Date()))
    op.execute(contact.update().values(projection_until=date(1970, 1, 1)))


def downgrade() -> None:
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_index("ix_contact_owner_projection_until")
        batch_op.drop_index("ix_contact_owner_projection_from")
        batch_op.drop_column("projection_until")
        batch_op.drop_column("projection_from")
