"""Settings' calendar section: make the secret feed link, copy it, revoke it, make a new one."""

from __future__ import annotations

import reflex as rx
from reflex.event import EventSpec

from app.services import calendar_feed
from app.settings import get_settings
from app.state.base import PageState


class CalendarFeedState(PageState):
    active: bool = False
    created_on: str = ""
    # The address, held only right after it is made: the database keeps just its hash.
    url: str = ""
    notice: str = ""

    def _show(self, link: calendar_feed.FeedLink) -> None:
        self.active, self.created_on, self.url = link.active, link.created_on, link.url

    @rx.event
    def load(self) -> None:
        with self._session() as session:
            link = calendar_feed.feed_link(session, owner_id=self._owner_id())
        self._show(link)
        self.notice = ""

    @rx.event
    def make_link(self) -> None:
        replacing = self.active
        with self._session() as session:
            link = calendar_feed.make_feed_link(
                session, owner_id=self._owner_id(), public_url=get_settings().public_url
            )
        self._show(link)
        self.notice = (
            "Here is your new link. The old one no longer works: update your calendar app."
            if replacing
            else "Here is your link. Add it to your calendar app as a subscription (\u201cFrom URL\u201d)."
        )

    @rx.event
    def revoke_link(self) -> None:
        with self._session() as session:
            calendar_feed.revoke_feed_link(session, owner_id=self._owner_id())
        self._show(calendar_feed.FeedLink(active=False))
        self.notice = "Link revoked: it no longer shows anything. You can make a new one at any time."

    @rx.event
    def copy_link(self) -> list[EventSpec] | None:
        if not self.url:
            return None
        return [rx.set_clipboard(self.url), rx.toast.success("Link copied.")]
