"""The calendar feed: a secret link to what is due, valid RFC 5545, that nobody else's token opens."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from datetime import UTC, date, datetime

import icalendar
import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from app import db, web_calendar
from app.db import session_scope
from app.domain.vocabulary import TouchKind
from app.http_guard import guard_http
from app.models import CalendarFeed
from app.services import calendar_feed, meetings, my_data
from app.web_auth import needs_session
from tests.factories import DEFAULT_DAY, add_contact, add_meeting, hold_meeting, log_touch, other_owner

with warnings.catch_warnings():  # this Starlette prefers httpx2 to the httpx installed
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

PUBLIC = "http://127.0.0.1:3000"
MONDAY = DEFAULT_DAY  # 2 March 2026


def seed(session: Session, owner_id: int) -> None:
    """Maya waits for a second contact (due since Wed) with her follow-up due Tue 3 March; Sam's
    thank-you is due since Friday's meeting; Lee's meeting is on Wednesday at ten."""
    maya = add_contact(session, owner_id, "Maya Patel", organisation="Northwind")
    log_touch(session, owner_id, maya, TouchKind.OUTREACH_SENT.value, date(2026, 2, 20), today=MONDAY)
    sam = add_contact(session, owner_id, "Sam Okafor")
    held = add_meeting(session, owner_id, sam, on="2026-02-27", at="09:00", today=MONDAY)
    hold_meeting(session, owner_id, held, today=MONDAY)
    lee = add_contact(session, owner_id, "Lee Chen")
    add_meeting(session, owner_id, lee, on="2026-03-04", at="10:00", minutes=30, today=MONDAY)


def events_of(text: str) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(text)
    assert str(calendar["VERSION"]) == "2.0" and calendar["PRODID"]
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def feed_text(session: Session, owner_id: int, today: date = MONDAY) -> str:
    calendar_feed.make_feed_link(session, owner_id=owner_id, public_url=PUBLIC)
    feed = session.exec(select(CalendarFeed).where(CalendarFeed.owner_id == owner_id)).one()
    return calendar_feed.feed_calendar(
        session, feed=feed, today=today, public_url=PUBLIC, now=datetime(2026, 3, 2, 8, tzinfo=UTC)
    )


def test_due_items_are_all_day_events_and_meetings_are_timed(session: Session, owner_id: int) -> None:
    seed(session, owner_id)
    events = events_of(feed_text(session, owner_id))
    assert set(events) == {
        "Try a second contact: Maya Patel",
        "Follow-up due: Maya Patel",
        "Thank-you due: Sam Okafor",
        "Informational interview with Lee Chen",
        "Informational interview with Sam Okafor",  # last Friday's, kept a fortnight
    }
    # What is due now (overdue included) sits on today; what falls due later, on its own day.
    assert events["Try a second contact: Maya Patel"].decoded("DTSTART") == MONDAY
    assert events["Thank-you due: Sam Okafor"].decoded("DTSTART") == MONDAY
    assert events["Follow-up due: Maya Patel"].decoded("DTSTART") == date(2026, 3, 3)
    assert str(events["Follow-up due: Maya Patel"]["DESCRIPTION"]).startswith(
        "No reply after 7 business days"
    )
    assert str(events["Thank-you due: Sam Okafor"]["DESCRIPTION"]).startswith("Met ")
    for name in ("Try a second contact: Maya Patel", "Follow-up due: Maya Patel"):
        start = events[name].decoded("DTSTART")
        assert type(start) is date and events[name]["DTSTART"].params.get("VALUE") == "DATE"
    meeting = events["Informational interview with Lee Chen"]
    assert meeting.decoded("DTSTART") == datetime(2026, 3, 4, 10, 0, tzinfo=UTC)
    assert meeting.decoded("DTEND") == datetime(2026, 3, 4, 10, 30, tzinfo=UTC)
    assert meeting.walk("VALARM")
    assert str(events["Thank-you due: Sam Okafor"]["URL"]).startswith(PUBLIC + "/contacts/")


def test_uids_are_unique_and_stable_from_one_refresh_to_the_next(session: Session, owner_id: int) -> None:
    seed(session, owner_id)
    calendar_feed.make_feed_link(session, owner_id=owner_id, public_url=PUBLIC)
    feed = session.exec(select(CalendarFeed).where(CalendarFeed.owner_id == owner_id)).one()

    def uids() -> list[str]:
        text = calendar_feed.feed_calendar(session, feed=feed, today=MONDAY, public_url=PUBLIC)
        return sorted(str(e["UID"]) for e in icalendar.Calendar.from_ical(text).walk("VEVENT"))

    first = uids()
    assert len(first) == len(set(first)) == 5
    assert uids() == first


def test_a_moved_meeting_shows_its_new_time_and_a_cancelled_one_leaves(
    session: Session, owner_id: int
) -> None:
    seed(session, owner_id)
    [lee] = meetings.upcoming_meetings(session, owner_id=owner_id, today=MONDAY)
    change = meetings.MeetingUpdate(on="2026-03-05", at="16:00")
    meetings.update_meeting(session, owner_id=owner_id, meeting_id=lee.id, changes=change, today=MONDAY)
    moved = events_of(feed_text(session, owner_id))["Informational interview with Lee Chen"]
    assert moved.decoded("DTSTART") == datetime(2026, 3, 5, 16, 0, tzinfo=UTC)
    assert int(moved["SEQUENCE"]) == 1
    meetings.cancel_meeting(session, owner_id=owner_id, meeting_id=lee.id, today=MONDAY)
    assert "Informational interview with Lee Chen" not in events_of(feed_text(session, owner_id))


def test_an_empty_day_is_still_a_valid_calendar(session: Session, owner_id: int) -> None:
    assert events_of(feed_text(session, owner_id)) == {}


def test_only_the_tokens_hash_is_stored_and_a_new_link_replaces_the_old(
    session: Session, owner_id: int
) -> None:
    first = calendar_feed.make_feed_link(session, owner_id=owner_id, public_url=PUBLIC)
    token = first.url.rsplit("/", 1)[1].removesuffix(".ics")
    assert first.url.startswith(PUBLIC + "/calendar/") and len(token) >= 40
    [row] = session.exec(select(CalendarFeed)).all()
    assert token not in row.token_hash
    assert calendar_feed.feed_of_token(session, token=token) is not None
    second = calendar_feed.make_feed_link(session, owner_id=owner_id, public_url=PUBLIC)
    assert second.url != first.url
    assert calendar_feed.feed_of_token(session, token=token) is None
    assert calendar_feed.feed_link(session, owner_id=owner_id) == calendar_feed.FeedLink(
        active=True, created_on=second.created_on
    )  # the address itself is not kept, so it is never shown again
    exported = my_data.export_everything_json(session, owner_id=owner_id)
    assert row.token_hash not in exported


@pytest.mark.parametrize("garbage", ["", "x", "a" * 500, None, 42, {"token": "x"}, "../../etc/passwd"])
def test_garbage_tokens_open_nothing(session: Session, owner_id: int, garbage: object) -> None:
    calendar_feed.make_feed_link(session, owner_id=owner_id, public_url=PUBLIC)
    assert calendar_feed.feed_of_token(session, token=garbage) is None


@pytest.fixture
def client(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """The feed route behind the HTTP guard, on this test's database, on Monday 2 March."""
    monkeypatch.setattr(db, "get_engine", lambda: engine)
    monkeypatch.setattr(web_calendar, "feed_today", lambda _session, *, feed, fixed: MONDAY)
    yield TestClient(guard_http(web_calendar.calendar_routes()))


def link(engine: Engine, owner_id: int) -> str:
    with session_scope(engine) as session:
        url = calendar_feed.make_feed_link(session, owner_id=owner_id, public_url=PUBLIC).url
    return url.removeprefix(PUBLIC)


def test_the_feed_answers_as_text_calendar_with_the_guards_headers(
    client: TestClient, engine: Engine, owner_id: int
) -> None:
    with session_scope(engine) as session:
        seed(session, owner_id)
    response = client.get(link(engine, owner_id))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert "no-store" in response.headers["cache-control"]
    assert "Thank-you due: Sam Okafor" in events_of(response.text)


def test_a_revoked_link_answers_404_with_no_data(client: TestClient, engine: Engine, owner_id: int) -> None:
    with session_scope(engine) as session:
        seed(session, owner_id)
    path = link(engine, owner_id)
    assert client.get(path).status_code == 200
    with session_scope(engine) as session:
        calendar_feed.revoke_feed_link(session, owner_id=owner_id)
    gone = client.get(path)
    assert (gone.status_code, gone.text) == (404, web_calendar.NOT_FOUND)
    assert "VCALENDAR" not in gone.text and "Sam" not in gone.text


def test_a_replaced_link_answers_404_and_the_new_one_works(
    client: TestClient, engine: Engine, owner_id: int
) -> None:
    old, new = link(engine, owner_id), link(engine, owner_id)
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_another_students_token_shows_only_their_own_data(
    client: TestClient, engine: Engine, owner_id: int
) -> None:
    with session_scope(engine) as session:
        seed(session, owner_id)
        stranger = other_owner(session)
        add_meeting(session, stranger, add_contact(session, stranger, "Their Contact"), on="2026-03-05")
    theirs = client.get(link(engine, stranger))
    assert set(events_of(theirs.text)) == {"Informational interview with Their Contact"}
    assert "Sam" not in theirs.text and "Maya" not in theirs.text
    with session_scope(engine) as session:
        calendar_feed.revoke_feed_link(session, owner_id=stranger)
    # My live link stays mine: revoking theirs changes nothing for me.
    assert "Sam Okafor" in client.get(link(engine, owner_id)).text


@pytest.mark.parametrize(
    "path",
    [
        "/calendar/nothing.ics",
        "/calendar/",
        "/calendar/x",
        "/calendar/" + "a" * 300 + ".ics",
        "/calendar/%00.ics",
    ],
)
def test_unknown_tokens_answer_the_same_bare_404(
    client: TestClient, engine: Engine, owner_id: int, path: str
) -> None:
    link(engine, owner_id)
    response = client.get(path)
    assert response.status_code == 404
    assert "VCALENDAR" not in response.text


def test_the_feed_needs_no_session_but_every_page_still_does() -> None:
    assert not needs_session("/calendar/abc.ics")
    assert needs_session("/settings") and needs_session("/calendarx")


def test_deleting_my_data_also_stops_the_feed(session: Session, owner_id: int) -> None:
    token = calendar_feed.make_feed_link(session, owner_id=owner_id, public_url=PUBLIC).url
    my_data.delete_everything(session, owner_id=owner_id, keep_account=True)
    assert calendar_feed.feed_of_token(session, token=token.rsplit("/", 1)[1].removesuffix(".ics")) is None


def test_in_hosted_mode_the_feed_answers_without_a_session_while_pages_still_redirect(
    engine: Engine, owner_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.web_auth import require_session_for_pages

    monkeypatch.setattr(db, "get_engine", lambda: engine)
    monkeypatch.setattr(web_calendar, "feed_today", lambda _session, *, feed, fixed: MONDAY)
    # The hosted chain of app/main.py: the feed's routes inside the session check, inside the guard.
    hosted = TestClient(guard_http(require_session_for_pages(web_calendar.calendar_routes())))
    with session_scope(engine) as session:
        seed(session, owner_id)
    answer = hosted.get(link(engine, owner_id), follow_redirects=False)
    assert answer.status_code == 200 and "Thank-you due: Sam Okafor" in events_of(answer.text)
    assert hosted.get("/calendar/forged.ics", follow_redirects=False).status_code == 404
    page = hosted.get("/settings", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/login"


def test_the_feeds_today_is_the_students_own_date_unless_fixed(
    session: Session, owner_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    calendar_feed.make_feed_link(session, owner_id=owner_id, public_url=PUBLIC)
    feed = session.exec(select(CalendarFeed).where(CalendarFeed.owner_id == owner_id)).one()
    monkeypatch.setattr(calendar_feed, "utc_now", lambda: datetime(2026, 3, 2, 20, 0, tzinfo=UTC))
    assert calendar_feed.feed_today(session, feed=feed) == date(2026, 3, 2)  # UTC: still Monday
    monkeypatch.setattr(meetings, "_saved_zone_name", lambda _session, _owner: "Pacific/Auckland")
    assert calendar_feed.feed_today(session, feed=feed) == date(2026, 3, 3)  # already Tuesday there
    assert calendar_feed.feed_today(session, feed=feed, fixed=date(2026, 5, 1)) == date(2026, 5, 1)
