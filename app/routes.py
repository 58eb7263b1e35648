"""Every path in the app, and the builders that make links to them: one place to change a URL."""

TODAY = "/"
CONTACTS = "/contacts"
IMPORT = "/contacts/import"
CONTACT = "/contacts/[contact_id]"
MEETING_PREP = "/meetings/[meeting_id]/prep"
COMPOSE = "/compose"
COHORT = "/cohort"
LOGIN = "/login"
SIGNUP = "/signup"
SETTINGS = "/settings"


def contact_url(contact_id: int | str) -> str:
    return f"/contacts/{contact_id}"


def meeting_prep_url(meeting_id: int | str) -> str:
    return f"/meetings/{meeting_id}/prep"


def compose_url(contact_id: int | str | None = None, kind: str | None = None) -> str:
    params = []
    if contact_id is not None:
        params.append(f"contact={contact_id}")
    if kind:
        params.append(f"kind={kind}")
    return COMPOSE + ("?" + "&".join(params) if params else "")
