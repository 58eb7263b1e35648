"""Every path in the app, and the builders that make links to them: one place to change a URL."""

from dataclasses import dataclass
from urllib.parse import quote

TODAY = "/"
CONTACTS = "/contacts"
IMPORT = "/contacts/import"
MERGE = "/contacts/merge"
# The LAMP list: target employers, ranked (app/domain/lamp.py).
EMPLOYERS = "/employers"
CONTACT = "/contacts/[contact_id]"
MEETING_PREP = "/meetings/[meeting_id]/prep"
MEETING_NOTES = "/meetings/[meeting_id]/notes"
COMPOSE = "/compose"
COHORT = "/cohort"
LOGIN = "/login"
SIGNUP = "/signup"
SETTINGS = "/settings"


@dataclass(frozen=True)
class Route:
    """A page a menu links to: its path and the name the menu gives it."""

    path: str
    title: str


# The student's menu, in order; advisors also see theirs (hosted mode only).
STUDENT_MENU: tuple[Route, ...] = (
    Route(TODAY, "Today"),
    Route(CONTACTS, "Contacts"),
    Route(EMPLOYERS, "Employers"),
    Route(COMPOSE, "Compose"),
    Route(SETTINGS, "Settings"),
)
ADVISOR_MENU: tuple[Route, ...] = (Route(COHORT, "Cohort"),)


def contact_url(contact_id: int | str) -> str:
    return f"/contacts/{contact_id}"


def merge_url(keep: int | str, other: int | str | None = None) -> str:
    """The merge page: comparing two contacts, or (without `other`) finding the second one."""
    return f"{MERGE}?keep={keep}" + (f"&other={other}" if other is not None else "")


def meeting_prep_url(meeting_id: int | str) -> str:
    return f"/meetings/{meeting_id}/prep"


def meeting_notes_url(meeting_id: int | str) -> str:
    return f"/meetings/{meeting_id}/notes"


def compose_url(
    contact_id: int | str | None = None,
    kind: str | None = None,
    *,
    meeting_id: int | str | None = None,
    draft_id: int | str | None = None,
) -> str:
    params = []
    if contact_id is not None:
        params.append(f"contact={contact_id}")
    if kind:
        params.append(f"kind={kind}")
    if meeting_id:
        params.append(f"meeting={meeting_id}")
    if draft_id:
        params.append(f"draft={draft_id}")
    return COMPOSE + ("?" + "&".join(params) if params else "")


def contacts_search_url(query: str) -> str:
    """The tracker, already searching for `query` (e.g. an organisation, to find a second person there)."""
    return f"{CONTACTS}?q={quote(query)}" if query else CONTACTS


# The student's calendar feed: the secret token is the whole of its authentication (app/web_calendar.py).
CALENDAR_FEED_PREFIX = "/calendar/"


def calendar_feed_url(token: str) -> str:
    return f"{CALENDAR_FEED_PREFIX}{token}.ics"
