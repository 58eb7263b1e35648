"""search index: a folded search_text per contact, indexed by trigrams

Revision ID: 1bd7f96d5aa9
Revises: 995f0fbceb61
Create Date: 2026-11-27

SQLite gets an FTS5 table with the trigram tokenizer, kept in step with `contact.search_text` by
triggers; PostgreSQL gets a pg_trgm GIN index where the extension can be created. Either way a
"contains" search over 10,000 contacts reads the index instead of every row.

Note for later migrations: Alembic's batch mode on SQLite copies a table to alter it, which
drops its triggers. A migration that alters `contact` on SQLite must recreate them
(`create_sqlite_search_index()` below); tests/test_services.py checks search after migrating.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "1bd7f96d5aa9"
down_revision: str | None = "995f0fbceb61"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_SEARCH_INDEX = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS contact_search USING fts5(search_text, tokenize='trigram')",
    "CREATE TRIGGER IF NOT EXISTS contact_search_insert AFTER INSERT ON contact BEGIN "
    "INSERT INTO contact_search(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS contact_search_update AFTER UPDATE OF search_text ON contact BEGIN "
    "UPDATE contact_search SET search_text = new.search_text WHERE rowid = new.id; END",
    "CREATE TRIGGER IF NOT EXISTS contact_search_delete AFTER DELETE ON contact BEGIN "
    "DELETE FROM contact_search WHERE rowid = old.id; END",
)


def create_sqlite_search_index() -> None:
    for statement in SQLITE_SEARCH_INDEX:
        op.execute(statement)
    op.execute("DELETE FROM contact_search")
    op.execute("INSERT INTO contact_search(rowid, search_text) SELECT id, search_text FROM contact")


def _backfill() -> None:
    from app.domain.contact_rules import fold_for_comparison

    connection = op.get_bind()
    rows = connection.execute(
        sa.text(
            "SELECT contact.id, contact.name, COALESCE(organisation.name, ''), contact.role, contact.notes "
            "FROM contact LEFT JOIN organisation ON organisation.id = contact.organisation_id"
        )
    ).all()
    for contact_id, name, organisation, role, notes in rows:
        connection.execute(
            sa.text("UPDATE contact SET search_text = :text WHERE id = :id"),
            {"text": fold_for_comparison(" ".join((name, organisation, role, notes))), "id": contact_id},
        )


def upgrade() -> None:
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.add_column(sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
    _backfill()
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        create_sqlite_search_index()
    elif dialect == "postgresql":
        # The extension needs a privileged role; without it search still works, by scanning.
        op.execute(
            "DO $$ BEGIN CREATE EXTENSION IF NOT EXISTS pg_trgm; "
            "EXCEPTION WHEN insufficient_privilege THEN RAISE NOTICE 'pg_trgm unavailable'; END $$"
        )
        op.execute(
            "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN "
            "CREATE INDEX IF NOT EXISTS ix_contact_search_trgm ON contact USING gin (search_text gin_trgm_ops); "
            "END IF; END $$"
        )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name in ("contact_search_insert", "contact_search_update", "contact_search_delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS contact_search")
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_contact_search_trgm")
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_column("search_text")
