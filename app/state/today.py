"""Today's state: due items, the coming week's meetings and this week's progress, for the signed-in owner."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import reflex as rx

from app.domain.day_words import weekday_date
from app.domain.local_time import BROWSER_ZONE_SCRIPT
from app.services import about_me, goals, sample_data
from app.services.cards import ALREADY_HANDLED, dismiss_card, snooze_card
from app.services.clock import remember_browser_zone
from app.services.contacts import has_contacts
from app.services.errors import ValidationFailed
from app.services.lamp import NextContact, next_to_write
from app.services.meeting_outcome import answer_meeting, move_meeting
from app.services.meetings import owned_meeting
from app.services.today import (
    DueRow,
    MeetingRow,
    WeekCounts,
    due_today,
    mark_done,
    meetings_ahead,
    week_counts,
)
from app.state.base import PageState, as_text, if_missing


def _empty_week() -> WeekCounts:
    return WeekCounts("", "", "", 0, 0, 0, 5, 0, "")


@dataclass(frozen=True)
class DayView:
    """What Today shows, read in one go."""

    due: list[DueRow]
    due_truncated: bool
    next_up: list[NextContact]
    meetings: list[MeetingRow]
    week: WeekCounts
    has_contacts: bool
    has_sample: bool
    ask_about_me: bool
    date_label: str


class TodayState(PageState):
    """What the Today page shows; every handler goes through a service and then re-reads the day."""

    loaded: bool = False
    date_label: str = ""
    due: rx.Field[list[DueRow]] = rx.field(default_factory=list)
    due_truncated: bool = False
    # Whom to write to next: people not yet reached at the top five of the LAMP list.
    next_up: rx.Field[list[NextContact]] = rx.field(default_factory=list)
    meetings: rx.Field[list[MeetingRow]] = rx.field(default_factory=list)
    week: rx.Field[WeekCounts] = rx.field(default_factory=_empty_week)
    has_contacts: bool = False
    has_sample: bool = False
    # The first-use card asking for About me, until it is filled in or "Not now" is chosen.
    ask_about_me: bool = False
    goal_input: str = "5"
    goal_error: str = ""
    goal_saved: bool = False

    # "It moved: pick a new time" for one meeting card at a time.
    moving_meeting_id: int = 0
    move_on: str = ""
    move_at: str = ""
    move_error: str = ""

    def _read_day(self) -> DayView:
        """Everything Today shows, read from the database: no state is touched (it runs unlocked)."""
        owner_id, clock = self._owner_id(), self._clock()
        day = clock.today
        with self._session() as session:
            listed = due_today(session, owner_id=owner_id, clock=clock)
            goal = goals.weekly_goal(session, owner_id=owner_id)
            return DayView(
                due=listed.rows,
                due_truncated=listed.truncated,
                next_up=next_to_write(session, owner_id=owner_id),
                meetings=meetings_ahead(session, owner_id=owner_id, today=day, clock=clock),
                week=week_counts(session, owner_id=owner_id, today=day, goal=goal),
                has_contacts=has_contacts(session, owner_id=owner_id),
                has_sample=sample_data.has_sample_data(session, owner_id=owner_id),
                ask_about_me=not about_me.get_about_me(session, owner_id=owner_id).asked,
                date_label=weekday_date(day),
            )

    def _show(self, view: DayView) -> None:
        self.due = view.due
        self.due_truncated = view.due_truncated
        self.next_up = view.next_up
        self.meetings = view.meetings
        self.week = view.week
        self.has_contacts = view.has_contacts
        self.has_sample = view.has_sample
        self.ask_about_me = view.ask_about_me
        self.date_label = view.date_label
        self.loaded = True

    def _refresh(self) -> None:
        self._show(self._read_day())

    def _fresh_page(self) -> None:
        self.goal_input = str(self.week.goal)
        self.goal_error = ""
        self.goal_saved = False
        self.moving_meeting_id = 0

    @rx.event
    def load(self) -> Any:
        self._refresh()
        self._fresh_page()
        return rx.call_script(BROWSER_ZONE_SCRIPT, callback=TodayState.remember_zone)

    @rx.event(background=True)
    async def open_day(self) -> AsyncIterator[Any]:
        """The page's on_load: `load`, with the database reads done off the tab's state lock and off the
        worker's event loop, so fifty students opening Today at once never wait on each other's locks."""
        view = await asyncio.to_thread(self._read_day)
        async with self:
            self._show(view)
            self._fresh_page()
        yield rx.call_script(BROWSER_ZONE_SCRIPT, callback=TodayState.remember_zone)

    @rx.event
    def remember_zone(self, name: Any) -> None:
        """The browser's time zone, kept until the student chooses one in settings (unknown: UTC)."""
        with self._session() as session:
            changed = remember_browser_zone(session, owner_id=self._owner_id(), name=name)
        if changed:
            self._refresh()

    @rx.event
    @if_missing(then=lambda s: s._refresh(), toast="That contact isn't here any more.")
    def mark_done(self, contact_id: Any, kind: Any, trigger: Any = "") -> Any:
        try:
            with self._session() as session:
                message = mark_done(
                    session,
                    owner_id=self._owner_id(),
                    contact_id=contact_id,
                    kind=kind,
                    trigger=trigger,
                    clock=self._clock(),
                )
        except ValidationFailed:
            return rx.toast.info("That item has no one-click action: open the contact instead.")
        self._refresh()
        return rx.toast.success(message) if message != ALREADY_HANDLED else rx.toast.info(message)

    @rx.event
    @if_missing(then=lambda s: s._refresh(), toast="That contact isn't here any more.")
    def snooze(self, contact_id: Any, kind: Any, trigger: Any, choice: Any) -> Any:
        try:
            with self._session() as session:
                message = snooze_card(
                    session,
                    owner_id=self._owner_id(),
                    contact_id=contact_id,
                    kind=kind,
                    trigger=trigger,
                    choice=choice,
                    clock=self._clock(),
                )
        except ValidationFailed as error:
            return rx.toast.info(error.errors.get("snooze", "Choose when to see it again."))
        self._refresh()
        return rx.toast.info(message)

    @rx.event
    @if_missing(then=lambda s: s._refresh(), toast="That contact isn't here any more.")
    def dismiss(self, contact_id: Any, kind: Any, trigger: Any) -> Any:
        with self._session() as session:
            message = dismiss_card(
                session, owner_id=self._owner_id(), contact_id=contact_id, kind=kind, trigger=trigger,
                clock=self._clock(),
            )  # fmt: skip
        self._refresh()
        return rx.toast.info(message)

    @rx.event
    @if_missing(then=lambda s: s._refresh(), toast="That meeting isn't here any more.")
    def answer_meeting(self, meeting_id: Any, answer: Any) -> Any:
        try:
            with self._session() as session:
                message = answer_meeting(
                    session,
                    owner_id=self._owner_id(),
                    meeting_id=meeting_id,
                    answer=answer,
                    clock=self._clock(),
                )
        except ValidationFailed:
            return rx.toast.info("Choose: it happened, it didn't, or it moved.")
        self.moving_meeting_id = 0
        self._refresh()
        return rx.toast.success(message)

    @rx.event
    @if_missing(then=lambda s: s._refresh(), toast="That meeting isn't here any more.")
    def start_move(self, meeting_id: Any) -> None:
        with self._session() as session:
            meeting = owned_meeting(session, owner_id=self._owner_id(), meeting_id=meeting_id)
            self.moving_meeting_id = meeting.id or 0
            self.move_on = ""
            self.move_at = meeting.starts_at_time
        self.move_error = ""

    @rx.event
    def cancel_move(self) -> None:
        self.moving_meeting_id = 0
        self.move_error = ""

    @rx.event
    def set_move_on(self, value: Any) -> None:
        self.move_on = as_text(value, 10)
        self.move_error = ""

    @rx.event
    def set_move_at(self, value: Any) -> None:
        self.move_at = as_text(value, 5)
        self.move_error = ""

    @rx.event
    @if_missing(then=lambda s: s._refresh(), toast="That meeting isn't here any more.")
    def save_move(self, _form: Any = None) -> Any:
        try:
            with self._session() as session:
                message = move_meeting(
                    session,
                    owner_id=self._owner_id(),
                    meeting_id=self.moving_meeting_id,
                    on=self.move_on,
                    at=self.move_at,
                    clock=self._clock(),
                )
        except ValidationFailed as error:
            # Nothing was saved: the meeting keeps its time, and the message says what to change.
            self.move_error = next(iter(error.errors.values()), "Choose a new day and time.")
            return None
        self.moving_meeting_id = 0
        self._refresh()
        return rx.toast.success(message)

    @rx.event
    def set_goal(self, value: Any) -> None:
        """Saves the weekly goal as the student types, when it is a valid number."""
        self.goal_input = str(value)[:10] if isinstance(value, str | int) else ""
        self.goal_saved = False
        try:
            with self._session() as session:
                goals.set_weekly_goal(session, owner_id=self._owner_id(), value=self.goal_input)
        except ValidationFailed as error:
            # The goal already saved stays in place; the message sits beside the field.
            self.goal_error = error.errors.get("weekly_goal", "")
            return
        self.goal_error = ""
        self.goal_saved = True
        self._refresh()

    @rx.event
    def skip_about_me(self) -> None:
        """ "Not now" on the About me card: it is not shown again; settings still edit About me."""
        with self._session() as session:
            about_me.skip_about_me(session, owner_id=self._owner_id())
        self.ask_about_me = False

    @rx.event
    def load_sample(self) -> Any:
        # Events of one tab run one at a time: a second click finds the sample there and adds nothing.
        with self._session() as session:
            added = sample_data.load_sample_data(session, owner_id=self._owner_id(), today=self._today())
        self._refresh()
        if added == 0:
            return rx.toast.info("The sample contacts are already here.")
        return rx.toast.success(
            f"Loaded {added} sample contacts. Have a look around, and remove them whenever you like."
        )

    @rx.event
    def remove_sample(self) -> Any:
        with self._session() as session:
            removed = sample_data.remove_sample_data(session, owner_id=self._owner_id())
        self._refresh()
        if removed == 0:
            return rx.toast.info("There was no sample data left to remove.")
        return rx.toast.success("Sample data removed. Your own contacts are just as they were.")
