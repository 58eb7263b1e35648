"""Services: what they store, what they derive, and that no owner reaches another's records."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.domain.contact_rules import ContactCreate, ContactUpdate
from app.domain.local_time import LocalClock
from app.domain.pipeline import TouchFact, add_business_days, derive_stage
from app.domain.vocabulary import Stage, TouchKind
from app.models import Contact
from app.services import cards, contacts, lamp, meeting_outcome, meetings, organisations, touches
from app.services.errors import NotFound, ValidationFailed
from tests.factories import add_contact, add_meeting, log_touch, other_owner

MONDAY = date(2026, 3, 2)


def add(
    session: Session, owner_id: int, name: str = "Ada Lovelace", organisation: str = "Acme", **extra
) -> int:
    return add_contact(session, owner_id, name, organisation=organisation, **extra)


def log(session: Session, owner_id: int, contact_id: int, kind: TouchKind, on: date, **extra) -> None:
    log_touch(session, owner_id, contact_id, kind.value, on, **extra)


def stage_on(session: Session, owner_id: int, contact_id: int, today: date) -> str:
    return contacts.contact_detail(session, owner_id=owner_id, contact_id=contact_id, today=today).stage


def test_a_new_contact_is_to_contact_with_its_organisation_created_inline(
    session: Session, owner_id: int
) -> None:
    contact_id = add(session, owner_id, organisation="  Acme   Corp ")
    detail = contacts.contact_detail(session, owner_id=owner_id, contact_id=contact_id, today=MONDAY)
    assert detail.stage == Stage.TO_CONTACT
    assert detail.organisation == "Acme Corp"
    assert add(session, owner_id, name="Bo", organisation="acme corp")  # same organisation, found by key
    page = contacts.list_contacts(session, owner_id=owner_id, today=MONDAY, query="acme")
    assert {row.organisation for row in page.rows} == {"Acme Corp"}


def test_organisations_are_suggested_by_their_start_as_the_student_types(
    session: Session, owner_id: int
) -> None:
    for name in ("Acme Corp", "Acorn Labs", "Bletchley Park"):
        add(session, owner_id, name=f"Someone at {name}", organisation=name)
    add(session, other_owner(session), name="Not yours", organisation="Acme Rival")
    assert organisations.organisation_names(session, owner_id=owner_id) == [
        "Acme Corp",
        "Acorn Labs",
        "Bletchley Park",
    ]
    assert organisations.organisation_names(session, owner_id=owner_id, prefix="  AC") == [
        "Acme Corp",
        "Acorn Labs",
    ]
    assert organisations.organisation_names(session, owner_id=owner_id, prefix="acm") == ["Acme Corp"]
    assert organisations.organisation_names(session, owner_id=owner_id, limit=1) == ["Acme Corp"]


def test_the_table_filters_by_stage_and_by_source_together(session: Session, owner_id: int) -> None:
    add(session, owner_id, name="Ada Alumna", source="alumni")
    add(session, owner_id, name="Evan Event", source="event")
    reached = add(session, owner_id, name="Erin Event", source="event")
    touches.move_to_stage(session, owner_id=owner_id, contact_id=reached, stage="reached_out", today=MONDAY)

    def names(**filters: str) -> list[str]:
        return [
            row.name
            for row in contacts.list_contacts(session, owner_id=owner_id, today=MONDAY, **filters).rows
        ]

    assert names(source="event") == ["Erin Event", "Evan Event"]
    assert names(source="event", stage="to_contact") == ["Evan Event"]
    assert names(stage="reached_out") == ["Erin Event"]
    assert names(source="not-a-source") == ["Ada Alumna", "Erin Event", "Evan Event"]  # ignored


def test_invalid_input_is_refused_with_a_message_per_field(session: Session, owner_id: int) -> None:
    with pytest.raises(ValidationFailed) as refused:
        add(session, owner_id, name=" ", email="not-an-email")
    assert set(refused.value.errors) == {"name", "email"}


def test_same_linkedin_url_or_same_name_at_same_organisation_warns(session: Session, owner_id: int) -> None:
    add(session, owner_id, linkedin_url="https://www.linkedin.com/in/ada")
    by_url = contacts.find_duplicates(
        session, owner_id=owner_id, data=ContactCreate(name="Someone", linkedin_url="linkedin.com/in/ada")
    )
    by_name = contacts.find_duplicates(
        session, owner_id=owner_id, data=ContactCreate(name="ada  lovelace", organisation="ACME")
    )
    elsewhere = contacts.find_duplicates(
        session, owner_id=owner_id, data=ContactCreate(name="Ada Lovelace", organisation="Initech")
    )
    assert by_url and by_name and elsewhere == []


@pytest.mark.parametrize(
    ("steps", "days_later", "expected"),
    [
        ([], 0, Stage.TO_CONTACT),
        ([(TouchKind.OUTREACH_SENT, 0)], 6, Stage.REACHED_OUT),
        ([(TouchKind.OUTREACH_SENT, 0)], 7, Stage.FOLLOW_UP_DUE),
        ([(TouchKind.OUTREACH_SENT, 0), (TouchKind.REPLY_RECEIVED, 2)], 20, Stage.REPLIED),
        ([(TouchKind.OUTREACH_SENT, 0), (TouchKind.FOLLOW_UP_SENT, 8)], 14, Stage.REACHED_OUT),
        ([(TouchKind.OUTREACH_SENT, 0), (TouchKind.FOLLOW_UP_SENT, 8)], 15, Stage.NO_REPLY),
        ([(TouchKind.OUTREACH_SENT, 0), (TouchKind.DECLINED, 1)], 30, Stage.DECLINED),
        ([(TouchKind.OUTREACH_SENT, 0), (TouchKind.NOTE, 3)], 7, Stage.FOLLOW_UP_DUE),
    ],
)
def test_stored_stage_moved_on_by_dates_matches_the_pipeline_rules(
    session: Session, owner_id: int, steps: list[tuple[TouchKind, int]], days_later: int, expected: Stage
) -> None:
    contact_id = add(session, owner_id)
    facts = []
    for kind, offset in steps:
        on = add_business_days(MONDAY, offset)
        log(session, owner_id, contact_id, kind, on)
        facts.append(TouchFact(kind=kind, on=on))
    today = add_business_days(MONDAY, days_later)
    assert derive_stage(facts, today) == expected  # the rule itself
    assert stage_on(session, owner_id, contact_id, today) == expected  # what the SQL derives
    listed = contacts.list_contacts(session, owner_id=owner_id, today=today, stage=expected.value)
    assert [row.id for row in listed.rows] == [contact_id]


def test_a_board_move_is_a_touch_on_the_timeline(session: Session, owner_id: int) -> None:
    contact_id = add(session, owner_id)
    touches.move_to_stage(session, owner_id=owner_id, contact_id=contact_id, stage="replied", today=MONDAY)
    assert stage_on(session, owner_id, contact_id, MONDAY) == Stage.REPLIED
    entries = touches.timeline(session, owner_id=owner_id, contact_id=contact_id)
    assert [(e.kind, e.on) for e in entries] == [("stage_set", "2026-03-02")]


def test_list_is_paged_sorted_and_counted_in_sql(session: Session, owner_id: int) -> None:
    for index in range(120):
        add(session, owner_id, name=f"Person {index:03d}", organisation=f"Org {index % 7}")
    first = contacts.list_contacts(session, owner_id=owner_id, today=MONDAY, per_page=50)
    last = contacts.list_contacts(session, owner_id=owner_id, today=MONDAY, per_page=50, page=99)
    assert (first.total, first.pages, len(first.rows)) == (120, 3, 50)
    assert first.rows[0].name == "Person 000"
    assert (last.page, len(last.rows)) == (3, 20)
    backwards = contacts.list_contacts(session, owner_id=owner_id, today=MONDAY, sort="name", descending=True)
    assert backwards.rows[0].name == "Person 119"


def test_search_matches_name_organisation_role_and_notes(session: Session, owner_id: int) -> None:
    add(session, owner_id, name="Zed", organisation="Quarry", role="Geologist", notes="met at the rock fair")
    add(session, owner_id, name="Other person", organisation="Elsewhere")
    for term in ("zed", "quarr", "GEOLOG", "rock fair"):
        page = contacts.list_contacts(session, owner_id=owner_id, today=MONDAY, query=term)
        assert [row.name for row in page.rows] == ["Zed"], term


def test_search_terms_are_text_not_sql_patterns(session: Session, owner_id: int) -> None:
    add(session, owner_id, name="Plain")
    add(session, owner_id, name="Percent Person", role="100% remote")
    # "%" is a character to look for, not "anything": only the role that has it matches.
    assert search(session, owner_id, "100%") == ["Percent Person"]
    assert search(session, owner_id, "%") == []
    assert search(session, owner_id, "_") == []
    assert (
        contacts.list_contacts(
            session, owner_id=owner_id, today=MONDAY, query="'; drop table contact;--"
        ).total
        == 0
    )


def test_delete_hides_a_contact_and_restore_brings_it_back(session: Session, owner_id: int) -> None:
    contact_id = add(session, owner_id)
    contacts.delete_contact(session, owner_id=owner_id, contact_id=contact_id)
    assert contacts.list_contacts(session, owner_id=owner_id, today=MONDAY).total == 0
    with pytest.raises(NotFound):
        contacts.contact_detail(session, owner_id=owner_id, contact_id=contact_id, today=MONDAY)
    contacts.restore_contact(session, owner_id=owner_id, contact_id=contact_id)
    assert contacts.list_contacts(session, owner_id=owner_id, today=MONDAY).total == 1


def test_a_meeting_defaults_to_twenty_minutes_and_moves_the_contact(session: Session, owner_id: int) -> None:
    contact_id = add(session, owner_id)
    meeting_id = meetings.schedule_meeting(
        session, owner_id=owner_id, contact_id=contact_id,
        data=meetings.MeetingCreate(on="2026-03-10", at="14:30", duration_minutes="", place="Café Nero"),
        today=MONDAY,
    )  # fmt: skip
    assert stage_on(session, owner_id, contact_id, MONDAY) == Stage.MEETING_SCHEDULED
    [view] = meetings.meetings_for_contact(session, owner_id=owner_id, contact_id=contact_id, today=MONDAY)
    assert (view.id, view.duration_minutes, view.brief_ready) == (meeting_id, 20, False)
    text, filename = meetings.meeting_calendar_file(session, owner_id=owner_id, meeting_id=meeting_id)
    assert "DTSTART:20260310T143000" in text and "DTEND:20260310T145000" in text
    assert "SUMMARY:Informational interview with Ada Lovelace" in text and filename.endswith(".ics")


def test_meeting_input_problems_are_reported_per_field(session: Session, owner_id: int) -> None:
    contact_id = add(session, owner_id)
    with pytest.raises(ValidationFailed) as refused:
        meetings.schedule_meeting(
            session, owner_id=owner_id, contact_id=contact_id,
            data=meetings.MeetingCreate(on="", at="25:00", duration_minutes="abc", video_link="zoom"),
            today=MONDAY,
        )  # fmt: skip
    assert set(refused.value.errors) == {"on", "at", "duration_minutes", "video_link"}


MEETING_COLUMNS = (
    "starts_on",
    "starts_at_time",
    "duration_minutes",
    "place",
    "video_link",
    "status",
    "contact_id",
)
# Each field of MeetingUpdate, a new value for it, and the column (and stored value) it must change.
MEETING_EDITS = [
    ("on", "2026-03-20", "starts_on", date(2026, 3, 20)),
    ("at", "09:15", "starts_at_time", "09:15"),
    ("duration_minutes", "45", "duration_minutes", 45),
    ("place", "  The library ", "place", "The library"),
    ("video_link", "https://meet.example/xyz", "video_link", "https://meet.example/xyz"),
]


def meeting_columns(session: Session, owner_id: int, meeting_id: int) -> dict[str, object]:
    meeting = meetings.owned_meeting(session, owner_id=owner_id, meeting_id=meeting_id)
    return {column: getattr(meeting, column) for column in MEETING_COLUMNS}


@pytest.mark.parametrize(("field", "value", "column", "stored"), MEETING_EDITS)
def test_a_meeting_update_changes_only_the_field_sent(
    session: Session, owner_id: int, field: str, value: str, column: str, stored: object
) -> None:
    meeting_id = add_meeting(session, owner_id, add_contact(session, owner_id), on="2026-03-10", at="14:30")
    before = meeting_columns(session, owner_id, meeting_id)
    meetings.update_meeting(
        session, owner_id=owner_id, meeting_id=meeting_id, changes=meetings.MeetingUpdate(**{field: value}),
        today=MONDAY,
    )  # fmt: skip
    after = meeting_columns(session, owner_id, meeting_id)
    assert after[column] == stored != before[column]
    assert {k: v for k, v in after.items() if k != column} == {k: v for k, v in before.items() if k != column}


def test_an_empty_meeting_update_changes_nothing(session: Session, owner_id: int) -> None:
    meeting_id = add_meeting(session, owner_id, add_contact(session, owner_id))
    before = meeting_columns(session, owner_id, meeting_id)
    meetings.update_meeting(
        session, owner_id=owner_id, meeting_id=meeting_id, changes=meetings.MeetingUpdate(), today=MONDAY
    )
    assert meeting_columns(session, owner_id, meeting_id) == before


@pytest.mark.parametrize(
    ("field", "value"),
    [("on", "soon"), ("on", "2027-06-01"), ("at", "2pm"), ("duration_minutes", "0"), ("video_link", "zoom")],
)
def test_a_refused_meeting_update_leaves_every_field_as_saved(
    session: Session, owner_id: int, field: str, value: str
) -> None:
    meeting_id = add_meeting(session, owner_id, add_contact(session, owner_id))
    before = meeting_columns(session, owner_id, meeting_id)
    changes = meetings.MeetingUpdate(**{field: value})
    with pytest.raises(ValidationFailed) as refused:
        meetings.update_meeting(
            session, owner_id=owner_id, meeting_id=meeting_id, changes=changes, today=MONDAY
        )
    assert set(refused.value.errors) == {field}
    assert meeting_columns(session, owner_id, meeting_id) == before


def test_a_meeting_update_is_checked_against_what_is_saved(session: Session, owner_id: int) -> None:
    """The rule sees the merged meeting: a link alone is fine once it is the only way to meet, too."""
    meeting_id = add_meeting(session, owner_id, add_contact(session, owner_id), place="Cafe")
    update = meetings.update_meeting
    update(
        session,
        owner_id=owner_id,
        meeting_id=meeting_id,
        changes=meetings.MeetingUpdate(place=""),
        today=MONDAY,
    )
    update(
        session, owner_id=owner_id, meeting_id=meeting_id,
        changes=meetings.MeetingUpdate(video_link="https://meet.example/a"), today=MONDAY,
    )  # fmt: skip
    saved = meeting_columns(session, owner_id, meeting_id)
    assert (saved["place"], saved["video_link"]) == ("", "https://meet.example/a")


def test_another_students_meeting_cannot_be_updated(session: Session, owner_id: int) -> None:
    stranger = other_owner(session)
    theirs = add_meeting(session, stranger, add_contact(session, stranger))
    with pytest.raises(NotFound):
        meetings.update_meeting(
            session,
            owner_id=owner_id,
            meeting_id=theirs,
            changes=meetings.MeetingUpdate(place="Mine"),
            today=MONDAY,
        )
    assert meeting_columns(session, stranger, theirs)["place"] == "Cafe"


@pytest.fixture
def strangers_records(engine: Engine, owner_id: int) -> dict[str, int]:
    """Another student's contact and meeting, to call every service with."""
    with Session(engine) as session:
        other = other_owner(session)
        contact_id = add(session, other, name="Private Person")
        meeting_id = meetings.schedule_meeting(
            session, owner_id=other, contact_id=contact_id,
            data=meetings.MeetingInput(on="2026-03-10", at="10:00", place="Library"), today=MONDAY,
        )  # fmt: skip
        organisation_id = session.get_one(Contact, contact_id).organisation_id
        session.commit()
    assert organisation_id is not None
    return {"contact": contact_id, "meeting": meeting_id, "owner": other, "organisation": organisation_id}


SERVICE_CALLS = {
    "contact_detail": lambda s, o, r: contacts.contact_detail(
        s, owner_id=o, contact_id=r["contact"], today=MONDAY
    ),
    "contact_input": lambda s, o, r: contacts.contact_input(s, owner_id=o, contact_id=r["contact"]),
    "update_contact": lambda s, o, r: contacts.update_contact(
        s, owner_id=o, contact_id=r["contact"], data=ContactUpdate(name="Hijacked")
    ),
    "delete_contact": lambda s, o, r: contacts.delete_contact(s, owner_id=o, contact_id=r["contact"]),
    "restore_contact": lambda s, o, r: contacts.restore_contact(s, owner_id=o, contact_id=r["contact"]),
    "create_contact referred by": lambda s, o, r: contacts.create_contact(
        s, owner_id=o, data=ContactCreate(name="X"), referred_by_id=r["contact"]
    ),
    "record_touch": lambda s, o, r: touches.record_touch(
        s, owner_id=o, contact_id=r["contact"], kind="note", on=MONDAY, today=MONDAY
    ),
    "move_to_stage": lambda s, o, r: touches.move_to_stage(
        s, owner_id=o, contact_id=r["contact"], stage="replied", today=MONDAY
    ),
    "timeline": lambda s, o, r: touches.timeline(s, owner_id=o, contact_id=r["contact"]),
    "schedule_meeting": lambda s, o, r: meetings.schedule_meeting(
        s,
        owner_id=o,
        contact_id=r["contact"],
        data=meetings.MeetingInput(on="2026-03-10", at="10:00", place="X"),
        today=MONDAY,
    ),
    "meetings_for_contact": lambda s, o, r: meetings.meetings_for_contact(
        s, owner_id=o, contact_id=r["contact"], today=MONDAY
    ),
    "owned_meeting": lambda s, o, r: meetings.owned_meeting(s, owner_id=o, meeting_id=r["meeting"]),
    "mark_meeting_held": lambda s, o, r: meetings.mark_meeting_held(
        s, owner_id=o, meeting_id=r["meeting"], today=MONDAY
    ),
    "meeting_calendar_file": lambda s, o, r: meetings.meeting_calendar_file(
        s, owner_id=o, meeting_id=r["meeting"]
    ),
    "answer_meeting": lambda s, o, r: meeting_outcome.answer_meeting(
        s, owner_id=o, meeting_id=r["meeting"], answer="happened", clock=LocalClock.on_day(MONDAY)
    ),
    "move_meeting": lambda s, o, r: meeting_outcome.move_meeting(
        s, owner_id=o, meeting_id=r["meeting"], on="2026-04-01", at="10:00", clock=LocalClock.on_day(MONDAY)
    ),
    "snooze_card": lambda s, o, r: cards.snooze_card(
        s, owner_id=o, contact_id=r["contact"], kind="follow_up", trigger="x", choice="tomorrow",
        clock=LocalClock.on_day(MONDAY),
    ),
    "dismiss_card": lambda s, o, r: cards.dismiss_card(
        s, owner_id=o, contact_id=r["contact"], kind="follow_up", trigger="x", clock=LocalClock.on_day(MONDAY)
    ),
    "card_for_contact": lambda s, o, r: cards.card_for_contact(
        s, owner_id=o, contact_id=r["contact"], clock=LocalClock.on_day(MONDAY)
    ),
    "set_motivation": lambda s, o, r: lamp.set_motivation(
        s, owner_id=o, organisation_id=r["organisation"], value=3
    ),
    "set_postings": lambda s, o, r: lamp.set_postings(
        s, owner_id=o, organisation_id=r["organisation"], value=True
    ),
    "owned_organisation": lambda s, o, r: lamp.owned_organisation(
        s, owner_id=o, organisation_id=r["organisation"]
    ),
}  # fmt: skip


@pytest.mark.parametrize("call", SERVICE_CALLS.values(), ids=SERVICE_CALLS.keys())
def test_every_service_refuses_another_owners_ids(
    session: Session, owner_id: int, strangers_records: dict[str, int], call
) -> None:
    with pytest.raises(NotFound):
        call(session, owner_id, strangers_records)
    session.rollback()
    assert (
        contacts.contact_detail(
            session,
            owner_id=strangers_records["owner"],
            contact_id=strangers_records["contact"],
            today=MONDAY,
        ).name
        == "Private Person"
    )


@pytest.mark.parametrize("bad_id", ["abc", None, {"id": 1}, -1, 10**12, "1; drop table contact"])
def test_ids_from_the_client_that_are_not_numbers_are_simply_not_found(
    session: Session, owner_id: int, bad_id: object
) -> None:
    with pytest.raises(NotFound):
        contacts.contact_detail(session, owner_id=owner_id, contact_id=bad_id, today=MONDAY)
    with pytest.raises(NotFound):
        meetings.owned_meeting(session, owner_id=owner_id, meeting_id=bad_id)


def test_other_owners_contacts_never_appear_in_lists_or_counts(session: Session, owner_id: int) -> None:
    other = other_owner(session)
    add(session, other, name="Not Yours")
    add(session, owner_id, name="Yours")
    page = contacts.list_contacts(session, owner_id=owner_id, today=MONDAY)
    assert [row.name for row in page.rows] == ["Yours"]
    assert contacts.stage_counts(session, owner_id=owner_id, today=MONDAY) == {"to_contact": 1}
    assert contacts.has_contacts(session, owner_id=owner_id)
    assert contacts.has_contacts(session, owner_id=other)
    assert not contacts.has_contacts(session, owner_id=other_owner(session))


def test_a_student_whose_contacts_are_all_deleted_has_none(session: Session, owner_id: int) -> None:
    contact_id = add(session, owner_id, name="Gone Soon")
    contacts.delete_contact(session, owner_id=owner_id, contact_id=contact_id)
    assert not contacts.has_contacts(session, owner_id=owner_id)
    contacts.restore_contact(session, owner_id=owner_id, contact_id=contact_id)
    assert contacts.has_contacts(session, owner_id=owner_id)


def test_html_emoji_and_right_to_left_text_are_stored_as_given(session: Session, owner_id: int) -> None:
    name = "<script>alert(1)</script> 🎉 مرحبا"
    contact_id = add(session, owner_id, name=name, notes="x" * 10_000)
    detail = contacts.contact_detail(session, owner_id=owner_id, contact_id=contact_id, today=MONDAY)
    assert detail.name == name and len(detail.notes) == 10_000


def search(session: Session, owner_id: int, query: str) -> list[str]:
    return [
        row.name for row in contacts.list_contacts(session, owner_id=owner_id, today=MONDAY, query=query).rows
    ]


def test_search_follows_edits_through_the_search_index(session: Session, owner_id: int) -> None:
    contact_id = add(session, owner_id, name="Zora Quill", organisation="Café Zürich", role="Analyst")
    assert search(session, owner_id, "quil") == ["Zora Quill"]  # indexed: three letters or more
    assert search(session, owner_id, "zo") == ["Zora Quill"]  # too short for trigrams: scanned
    assert search(session, owner_id, "zurich") == ["Zora Quill"]  # accents folded on write
    edit = ContactUpdate(name="Zora Penn", organisation="")
    contacts.update_contact(session, owner_id=owner_id, contact_id=contact_id, data=edit)
    assert search(session, owner_id, "quill") == []
    assert search(session, owner_id, "penn") == ["Zora Penn"]
    assert search(session, owner_id, "zurich") == []


def test_the_search_index_is_scoped_to_the_owner(session: Session, owner_id: int) -> None:
    other = other_owner(session)
    add(session, other, name="Zora Quill")
    assert search(session, owner_id, "quill") == []


def test_one_page_comes_with_its_total_and_a_page_past_the_end_shows_the_last(
    session: Session, owner_id: int
) -> None:
    for index in range(7):
        add(session, owner_id, name=f"Searchable {index}")
    page = contacts.list_contacts(
        session, owner_id=owner_id, today=MONDAY, query="searchable", per_page=3, page=9
    )
    assert (page.total, page.pages, page.page, len(page.rows)) == (7, 3, 3, 1)
