"""The database tables. Every row a student makes carries `owner_id`; times are UTC."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any
from uuid import uuid4

from sqlalchemy import (
    Column,
    DateTime,
    Dialect,
    Index,
    LargeBinary,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
)
from sqlmodel import AutoString, Field, SQLModel

from app.domain.times import utc_now
from app.domain.vocabulary import DraftStatus, MeetingStatus, Role


def _utc_column(*, nullable: bool = False, index: bool = False) -> Column[datetime]:
    return Column(DateTime(timezone=True), nullable=nullable, index=index)


class WordColumn(TypeDecorator[StrEnum]):
    """A word of the vocabulary, stored as its plain string (the same VARCHAR as a `str` field).

    Rows read back as the enum member; a value outside the vocabulary is refused on the way in.
    """

    impl = AutoString
    cache_ok = True

    def __init__(self, vocabulary: type[StrEnum], length: int) -> None:
        super().__init__(length=length)
        self.vocabulary = vocabulary

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else self.vocabulary(value).value

    def process_result_value(self, value: Any, dialect: Dialect) -> StrEnum | None:
        return None if value is None else self.vocabulary(value)


class User(SQLModel, table=True):
    """A student, an advisor or an administrator. Local mode has exactly one, made at start."""

    __tablename__ = "user_account"

    id: int | None = Field(default=None, primary_key=True)
    email: str | None = Field(default=None, max_length=254, unique=True, index=True)
    display_name: str = Field(default="", max_length=200)
    password_hash: str | None = Field(default=None, max_length=255)
    role: Role = Field(default=Role.STUDENT, sa_type=WordColumn(Role, 20))
    is_active: bool = Field(default=True)
    weekly_goal: int = Field(default=5)
    keep_in_touch_months: int | None = Field(default=3)
    # The IANA zone that decides what "today" and "24 hours" mean for this student ("" until the
    # browser tells us or the student chooses; UTC meanwhile).
    time_zone: str = Field(default="", max_length=64, sa_column_kwargs={"server_default": ""})
    created_at: datetime = Field(default_factory=utc_now, sa_column=_utc_column())
    last_active_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))


class AuthSession(SQLModel, table=True):
    """A hosted-mode login: only the token's hash is stored."""

    __tablename__ = "auth_session"

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="user_account.id", index=True, ondelete="CASCADE")
    token_hash: str = Field(max_length=128, unique=True, index=True)
    created_at: datetime = Field(default_factory=utc_now, sa_column=_utc_column())
    last_seen_at: datetime = Field(default_factory=utc_now, sa_column=_utc_column())


class Cohort(SQLModel, table=True):
    """A group of students with their advisor, joined by invite code."""

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="user_account.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=200)
    invite_code: str = Field(max_length=64, unique=True, index=True)
    # N: once this many classmates wrote to one person this month, "Mark as sent" asks the next to confirm.
    outreach_limit: int = Field(default=3, sa_column_kwargs={"server_default": "3"})
    created_at: datetime = Field(default_factory=utc_now, sa_column=_utc_column())


class Membership(SQLModel, table=True):
    """A student's place in a cohort."""

    __table_args__ = (UniqueConstraint("cohort_id", "owner_id"),)

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="user_account.id", index=True, ondelete="CASCADE")
    cohort_id: int = Field(foreign_key="cohort.id", index=True, ondelete="CASCADE")
    joined_at: datetime = Field(default_factory=utc_now, sa_column=_utc_column())


class Organisation(SQLModel, table=True):
    """Where a contact works, with the student's research on it."""

    __table_args__ = (UniqueConstraint("owner_id", "name_key"),)

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="user_account.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=200)
    name_key: str = Field(max_length=200)
    industry: str = Field(default="", max_length=200)
    website: str = Field(default="", max_length=500)
    notes: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    # The LAMP list (app/domain/lamp.py): how much the student wants to work there (0-3) and whether
    # it has postings in their field; Advocacy is counted from the contacts, never stored.
    motivation: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    has_postings: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    created_at: datetime = Field(default_factory=utc_now, sa_column=_utc_column())


class Contact(SQLModel, table=True):
    """A person the student wants to meet.

    `stage` and the date columns are derived from the touches by app/domain/pipeline.py and
    stored so that the tracker can filter, sort and page in SQL.
    """

    __table_args__ = (
        Index("ix_contact_owner_stage", "owner_id", "stage"),
        Index("ix_contact_owner_name", "owner_id", "name_key"),
        Index("ix_contact_owner_next_due", "owner_id", "next_due_on"),
        Index("ix_contact_owner_last_touch", "owner_id", "last_touch_on"),
        Index("ix_contact_owner_linkedin", "owner_id", "linkedin_key"),
        # Duplicates and re-imports match by email (app/services/merging.py, reimport.py).
        Index("ix_contact_owner_email", "owner_id", "email"),
        Index("ix_contact_owner_projection_from", "owner_id", "projection_from"),
        Index("ix_contact_owner_projection_until", "owner_id", "projection_until"),
    )

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="user_account.id", index=True, ondelete="CASCADE")
    organisation_id: int | None = Field(
        default=None, foreign_key="organisation.id", index=True, ondelete="SET NULL"
    )
    referred_by_id: int | None = Field(default=None, foreign_key="contact.id", ondelete="SET NULL")
    name: str = Field(max_length=200)
    name_key: str = Field(max_length=200)
    email: str = Field(default="", max_length=254)
    linkedin_url: str = Field(default="", max_length=500)
    linkedin_key: str = Field(default="", max_length=500)
    phone: str = Field(default="", max_length=50)
    role: str = Field(default="", max_length=200)
    source: str = Field(default="other", max_length=30)
    is_local: bool = Field(default=False)
    notes: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    # Name, organisation, role and notes, folded: what the tracker's search looks in (indexed by
    # a trigram index: FTS5 in SQLite, pg_trgm in PostgreSQL; see the search-index migration).
    search_text: str = Field(
        default="", sa_column=Column(Text, nullable=False, default="", server_default="")
    )
    connected_on: date | None = None
    # Sample data a new student loaded to look around; removable in one go.
    is_sample: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    keep_in_touch_months: int | None = Field(default=3)
    stage: str = Field(default="to_contact", max_length=30)
    last_touch_on: date | None = None
    next_due_on: date | None = None
    follow_up_due_on: date | None = None
    quiet_on: date | None = None
    # The days `stage` and `next_due_on` hold for (from <= today < until; None: unbounded), as the card
    # rule's `card_window` gives them; outside them app/services/cards.py derives both again.
    projection_from: date | None = None
    projection_until: date | None = None
    deleted_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    created_at: datetime = Field(default_factory=utc_now, sa_column=_utc_column())
    updated_at: datetime = Field(default_factory=utc_now, sa_column=_utc_column())


class Meeting(SQLModel, table=True):
    """An informational interview with a contact, and the notes taken at it (by TIARA)."""

    __table_args__ = (Index("ix_meeting_owner_starts", "owner_id", "starts_on"),)

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="user_account.id", index=True, ondelete="CASCADE")
    contact_id: int = Field(foreign_key="contact.id", index=True, ondelete="CASCADE")
    starts_on: date
    starts_at_time: str = Field(default="", max_length=5)  # "HH:MM", the student's local time
    duration_minutes: int = Field(default=20)
    place: str = Field(default="", max_length=500)
    video_link: str = Field(default="", max_length=500)
    status: MeetingStatus = Field(default=MeetingStatus.SCHEDULED, sa_type=WordColumn(MeetingStatus, 20))
    notes_trends: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    notes_insights: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    notes_advice: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    notes_resources: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    notes_assignments: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    ended_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    # Who the meeting is in the student's calendar (the .ics UID, the same at every download) and how
    # many times it has moved since (its SEQUENCE, so a calendar app replaces the old time).
    calendar_uid: str = Field(default_factory=lambda: uuid4().hex, max_length=64)
    calendar_sequence: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    created_at: datetime = Field(default_factory=utc_now, sa_column=_utc_column())
    updated_at: datetime = Field(default_factory=utc_now, sa_column=_utc_column())


class Touch(SQLModel, table=True):
    """A dated interaction with a contact: the timeline, and the source of the derived stage."""

    __table_args__ = (
        Index("ix_touch_owner_contact_on", "owner_id", "contact_id", "happened_on"),
        Index("ix_touch_owner_kind_on", "owner_id", "kind", "happened_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="user_account.id", index=True, ondelete="CASCADE")
    contact_id: int = Field(foreign_key="contact.id", index=True, ondelete="CASCADE")
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id", ondelete="SET NULL")
    kind: str = Field(max_length=30)
    happened_on: date
    stage: str | None = Field(default=None, max_length=30)
    summary: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    # The final text of a sent email, kept read-only on the timeline.
    body: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    created_at: datetime = Field(default_factory=utc_now, sa_column=_utc_column())


class ContactMerge(SQLModel, table=True):
    """Two contacts merged into one, remembered so the merge can be undone for a while
    (app/services/merging.py): what the kept contact held before, and which rows moved to it."""

    __tablename__ = "contact_merge"

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="user_account.id", index=True, ondelete="CASCADE")
    kept_id: int = Field(foreign_key="contact.id", index=True, ondelete="CASCADE")
    merged_id: int = Field(foreign_key="contact.id", index=True, ondelete="CASCADE")
    # JSON: the kept contact's fields before the merge.
    kept_before: str = Field(sa_column=Column(Text, nullable=False))
    # JSON: table name -> ids of the rows that moved from the merged contact to the kept one.
    moved: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utc_now, sa_column=_utc_column())
    undone_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))


class CardAnswer(SQLModel, table=True):
    """A Today card the student snoozed or put aside, keyed by what brought it (`trigger`), so the card
    comes back only when something new happens for that person."""

    __tablename__ = "card_answer"
    __table_args__ = (UniqueConstraint("owner_id", "contact_id", "kind", "trigger"),)

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="user_account.id", index=True, ondelete="CASCADE")
    contact_id: int = Field(foreign_key="contact.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=30)
    trigger: str = Field(max_length=40)
    # None: dismissed ("Not now", or done where no touch applies).
    snoozed_until: date | None = None
    answered_at: datetime = Field(default_factory=utc_now, sa_column=_utc_column())


class TimelineUndo(SQLModel, table=True):
    """A timeline entry the student just deleted or corrected, as it was before: Undo on the contact
    page puts it back, after a reload too, for a while (app/services/touches.py, UNDO_LASTS)."""

    __tablename__ = "timeline_undo"

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="user_account.id", index=True, ondelete="CASCADE")
    contact_id: int = Field(foreign_key="contact.id", index=True, ondelete="CASCADE")
    touch_id: int  # not a foreign key: a deleted entry's row is gone
    action: str = Field(max_length=10)  # "deleted" or "edited"
    # The entry's fields before (touches.DeletedTouch as JSON).
    snapshot: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utc_now, sa_column=_utc_column())


class Brief(SQLModel, table=True):
    """The prep wizard's work for one meeting."""

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="user_account.id", index=True, ondelete="CASCADE")
    meeting_id: int = Field(foreign_key="meeting.id", unique=True, ondelete="CASCADE")
    person_role: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    person_path: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    person_reading: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    org_what: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    org_news: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    org_trends: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    travel_minutes: int | None = None
    closing_plan: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    current_step: int = Field(default=1)
    is_ready: bool = Field(default=False)
    shared_with_advisor: bool = Field(default=False)
    updated_at: datetime = Field(default_factory=utc_now, sa_column=_utc_column())


class BriefQuestion(SQLModel, table=True):
    """One of the brief's questions, in its place (0, 1, 2) with its TIARA letter."""

    __table_args__ = (UniqueConstraint("brief_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="user_account.id", index=True, ondelete="CASCADE")
    brief_id: int = Field(foreign_key="brief.id", index=True, ondelete="CASCADE")
    position: int
    text: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    tiara: str | None = Field(default=None, max_length=2)


class Draft(SQLModel, table=True):
    """An email the composer drafted; once sent, its text lives on as a touch."""

    __table_args__ = (Index("ix_draft_owner_contact", "owner_id", "contact_id"),)

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="user_account.id", index=True, ondelete="CASCADE")
    contact_id: int = Field(foreign_key="contact.id", index=True, ondelete="CASCADE")
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id", ondelete="SET NULL")
    kind: str = Field(max_length=30)
    subject: str = Field(default="", max_length=500)
    body: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    status: DraftStatus = Field(default=DraftStatus.DRAFT, sa_type=WordColumn(DraftStatus, 20))
    sent_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    created_at: datetime = Field(default_factory=utc_now, sa_column=_utc_column())
    updated_at: datetime = Field(default_factory=utc_now, sa_column=_utc_column())
    # The body as last filled from the template and notes: while the body still equals it, the
    # student has not edited it, so a thank-you follows the notes; after an edit it offers an update.
    filled_body: str = Field(
        default="", sa_column=Column(Text, nullable=False, default="", server_default="")
    )


class CalendarFeed(SQLModel, table=True):
    """A student's secret calendar link (one at most): only the token's hash is stored. Revoking it
    deletes the row, so the old address answers 404; a new link is a new row with a new token."""

    __tablename__ = "calendar_feed"

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="user_account.id", unique=True, index=True, ondelete="CASCADE")
    token_hash: str = Field(max_length=128, unique=True, index=True)
    # Makes the feed's event UIDs unique to this link (and to this install).
    uid_salt: str = Field(default_factory=lambda: uuid4().hex, max_length=64)
    created_at: datetime = Field(default_factory=utc_now, sa_column=_utc_column())


class LoginFailure(SQLModel, table=True):
    """A throttled moment, kept a day: a failed login (per account and address pair, and per address),
    a sign-up attempt or a wrong invite code (per address). See app/services/accounts.py."""

    __tablename__ = "login_failure"
    # (key, at) counts one key's recent moments; (at) lets the day-old rows be deleted without a scan.
    __table_args__ = (Index("ix_login_failure_key_at", "key", "at"), Index("ix_login_failure_at", "at"))

    id: int | None = Field(default=None, primary_key=True)
    # "pair:<sha256 of email and address>", "address:<ip or IPv6 /64>", "signup:<ip>" or "invite:<ip>":
    # the key never holds the email itself.
    key: str = Field(max_length=100)
    at: datetime = Field(default_factory=utc_now, sa_column=_utc_column())


class AboutMe(SQLModel, table=True):
    """What the student tells Rapport about themselves, for their emails: one row per owner."""

    __tablename__ = "about_me"

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="user_account.id", unique=True, index=True, ondelete="CASCADE")
    name: str = Field(default="", max_length=120)
    school: str = Field(default="", max_length=200)
    programme_year: str = Field(default="", max_length=200)
    exploring: str = Field(default="", max_length=300)
    signature: str = Field(default="", max_length=1000)
    # Set once the student saves or skips the first-use card, so it is asked only once.
    asked: bool = Field(default=False)
    updated_at: datetime = Field(default_factory=utc_now, sa_column=_utc_column())


class DraftVersion(SQLModel, table=True):
    """A draft's text as it was before "Start again" or "Update from notes" replaced it: undo restores it."""

    __tablename__ = "draft_version"

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="user_account.id", index=True, ondelete="CASCADE")
    draft_id: int = Field(foreign_key="draft.id", index=True, ondelete="CASCADE")
    subject: str = Field(default="", max_length=500)
    body: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    created_at: datetime = Field(default_factory=utc_now, sa_column=_utc_column())


class StagedUpload(SQLModel, table=True):
    """A CSV file uploaded for an import and not yet confirmed or cancelled (app/services/uploads.py).

    In the database, not on a host's disk, so any app host can serve the confirming event; found only
    by its random key together with its owner. Rows older than a day are swept."""

    __tablename__ = "staged_upload"
    # (created_at) lets the day-old sweep find its rows without a scan.
    __table_args__ = (Index("ix_staged_upload_created_at", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="user_account.id", index=True, ondelete="CASCADE")
    key: str = Field(max_length=32, unique=True)
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    created_at: datetime = Field(default_factory=utc_now, sa_column=_utc_column())


class OutreachMark(SQLModel, table=True):
    """One student wrote to one person: a keyed hash of one of the person's identifiers (app/domain/
    outreach_keys.py), never the identifier itself, and apart from the contact (no contact id).

    One row per (cohort, student, key); `created_at` moves to the latest outreach. The keys recorded
    at one send share their `created_at`, which is how the advisor's count tells one person from three.
    """

    __tablename__ = "outreach_mark"
    __table_args__ = (
        UniqueConstraint("cohort_id", "student_id", "key_hash"),
        Index("ix_outreach_mark_cohort_key_at", "cohort_id", "key_hash", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    cohort_id: int = Field(foreign_key="cohort.id", index=True, ondelete="CASCADE")
    student_id: int = Field(foreign_key="user_account.id", index=True, ondelete="CASCADE")
    key_hash: str = Field(max_length=64)
    kind: str = Field(max_length=20)
    created_at: datetime = Field(default_factory=utc_now, sa_column=_utc_column())


class NudgeTemplate(SQLModel, table=True):
    """The advisor's words for nudging a stuck student of one cohort (placeholders as in
    app/domain/nudges.py); a cohort without a row uses the default."""

    __tablename__ = "nudge_template"

    id: int | None = Field(default=None, primary_key=True)
    cohort_id: int = Field(foreign_key="cohort.id", unique=True, index=True, ondelete="CASCADE")
    subject: str = Field(default="", max_length=200)
    body: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    updated_at: datetime = Field(default_factory=utc_now, sa_column=_utc_column())
