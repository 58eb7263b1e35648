"""Meeting notes: what was said, by TIARA, saved as typed; people suggested become new contacts."""

from __future__ import annotations

import reflex as rx

from app import routes
from app.services.notes import NOTE_LABELS, NOTE_LIMIT, ReferralMatch, SuggestedPerson
from app.state.meeting_notes import MeetingNotesState
from app.ui.components.autosave import autosave_status, autosaved
from app.ui.components.form import error_of, select_field, text_field
from app.ui.components.keep_in_touch import KEEP_IN_TOUCH_OPTIONS
from app.ui.components.vars import array_var, item_of, number_var
from app.ui.layout import page
from app.ui.pages.not_found import not_found_card

# What each TIARA letter is for, in a line: a prompt, not a rule.
NOTE_HINTS: dict[str, str] = {
    "trends": "What is changing in their field?",
    "insights": "What surprised you, or what did you learn about their path?",
    "advice": "What would they do in your place?",
    "resources": "Books, sites, groups or people they mentioned.",
    "assignments": "What you said you'd do next.",
}
NOTE_HANDLERS = {
    "trends": MeetingNotesState.edit_trends,
    "insights": MeetingNotesState.edit_insights,
    "advice": MeetingNotesState.edit_advice,
    "resources": MeetingNotesState.edit_resources,
    "assignments": MeetingNotesState.edit_assignments,
}


def _note_area(name: str) -> rx.Component:
    key = f"notes:{MeetingNotesState.notes_meeting}:{name}"
    return rx.box(
        text_field(
            NOTE_LABELS[name],
            f"notes-{name}",
            hint=NOTE_HINTS[name],
            error=error_of(MeetingNotesState.note_errors, name),
            multiline=True,
            value=getattr(MeetingNotesState, name),
            on_change=NOTE_HANDLERS[name],
            rows="4",
            resize="vertical",
            max_length=NOTE_LIMIT,
            custom_attrs=autosaved(
                key,
                item_of(MeetingNotesState.saved_digests, name),
                refused=item_of(MeetingNotesState.note_errors, name).bool(),
            ),
        ),
        rx.text(autosave_status(key, quiet_when_saved=True), size="2", color=rx.color("gray", 11)),
        width="100%",
    )


def _summary() -> rx.Component:
    return rx.card(
        rx.flex(
            rx.vstack(
                rx.text(
                    "With ",
                    rx.link(MeetingNotesState.contact_name, href=MeetingNotesState.contact_href),
                    weight="bold",
                    size="4",
                ),
                rx.text(MeetingNotesState.when, size="2", color=rx.color("gray", 11)),
                rx.cond(
                    MeetingNotesState.held,
                    rx.badge(
                        rx.icon("circle-check", size=12, aria_hidden="true"), "Held", color_scheme="grass"
                    ),
                    rx.badge(
                        rx.icon("calendar", size=12, aria_hidden="true"), "Scheduled", color_scheme="gray"
                    ),
                ),
                spacing="2",
            ),
            rx.flex(
                rx.cond(
                    MeetingNotesState.held,
                    rx.fragment(),
                    rx.button("Mark meeting as held", on_click=MeetingNotesState.mark_held, variant="soft"),
                ),
                rx.button(
                    rx.el.a(
                        rx.icon("mail", size=16, aria_hidden="true"),
                        "Write the thank-you",
                        href=MeetingNotesState.thank_you_href,
                    ),
                    as_child=True,
                ),
                spacing="3",
                wrap="wrap",
                align="center",
            ),
            justify="between",
            align="start",
            gap="3",
            wrap="wrap",
            width="100%",
        ),
        width="100%",
    )


def _notes() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading("Notes by TIARA", as_="h2", size="4"),
                rx.text(
                    MeetingNotesState.saved_note, size="2", color=rx.color("gray", 11), aria_live="polite"
                ),
                justify="between",
                align="center",
                width="100%",
                wrap="wrap",
            ),
            rx.text(
                "Jot down what you heard while it's fresh. "
                "Your thank-you quotes the insights and your next step.",
                size="2",
            ),
            *[_note_area(field) for field in NOTE_LABELS],
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _person(person: SuggestedPerson) -> rx.Component:
    return rx.el.li(
        rx.hstack(
            rx.icon("user-plus", size=16, aria_hidden="true"),
            rx.link(person.name, href="/contacts/" + number_var(person.id).to_string(), weight="medium"),
            rx.cond(person.organisation, rx.text("· ", person.organisation, size="2"), rx.fragment()),
            spacing="2",
            align="center",
            wrap="wrap",
        ),
        style={"list_style": "none"},
    )


_LIST_STYLE = {"display": "flex", "flex_direction": "column", "gap": "0.75rem", "padding": "0", "margin": "0"}


def _match(match: ReferralMatch) -> rx.Component:
    where = rx.cond(match.organisation, f" at {match.organisation}", "")
    return rx.el.li(
        rx.hstack(
            rx.vstack(
                rx.text(rx.text.strong(match.name), where),
                rx.cond(match.role, rx.text(match.role, size="2"), rx.fragment()),
                rx.cond(
                    match.referred_by_name,
                    rx.text("Referred by ", match.referred_by_name, size="2", color=rx.color("gray", 11)),
                    rx.fragment(),
                ),
                spacing="0",
                align="start",
            ),
            rx.button(
                "Link this contact",
                on_click=MeetingNotesState.link_person(match.id),  # type: ignore[operator]  # mypy ignores rx.event's __new__ type
                aria_label=f"Link {match.name}{where}",
                variant="soft",
            ),
            spacing="3",
            align="center",
            justify="between",
            wrap="wrap",
            width="100%",
        ),
        style={"list_style": "none"},
    )


def _possible_duplicates() -> rx.Component:
    return rx.cond(
        array_var(MeetingNotesState.matches).length() > 0,
        rx.callout.root(
            rx.vstack(
                rx.heading("Already in your contacts?", as_="h3", size="3"),
                rx.text(
                    MeetingNotesState.pending_name,
                    rx.cond(
                        MeetingNotesState.can_add_new,
                        rx.cond(
                            array_var(MeetingNotesState.matches).length() > 1,
                            " may be one of these contacts. Choose which, and they count as referred by ",
                            " may already be in your contacts. Link them, and they count as referred by ",
                        ),
                        " is already in your contacts. Link them, and they count as referred by ",
                    ),
                    MeetingNotesState.contact_name,
                    ", without adding them twice.",
                    size="2",
                ),
                rx.el.ul(
                    rx.foreach(MeetingNotesState.matches, _match),
                    aria_label="Contacts they may be",
                    style={**_LIST_STYLE, "width": "100%"},
                ),
                rx.hstack(
                    rx.cond(
                        MeetingNotesState.can_add_new,
                        rx.button("Someone else: add as new", on_click=MeetingNotesState.add_as_new),
                        rx.fragment(),
                    ),
                    rx.button("Back to the form", on_click=MeetingNotesState.keep_editing, variant="outline"),
                    spacing="3",
                    wrap="wrap",
                ),
                spacing="3",
                width="100%",
            ),
            role="region",
            aria_label="Already in your contacts?",
            aria_live="polite",
            color_scheme="amber",
            width="100%",
        ),
        rx.fragment(),
    )


def _text_field(label: str, name: str, *, required: bool = False) -> rx.Component:
    return text_field(
        label,
        f"suggested-{name}",
        error=error_of(MeetingNotesState.person_errors, name),
        name=name,
        required=required,
    )


def _suggested() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("People they suggested", as_="h2", size="4"),
            rx.text(
                "Each becomes a contact referred by ",
                MeetingNotesState.contact_name,
                ": a warm introduction for your outreach. Someone already in your contacts is linked, "
                "not added twice.",
                size="2",
            ),
            rx.form(
                rx.vstack(
                    rx.grid(
                        _text_field("Name", "name", required=True),
                        _text_field("Organisation", "organisation"),
                        columns=rx.breakpoints(initial="1", sm="2"),
                        spacing="3",
                        width="100%",
                    ),
                    rx.grid(
                        _text_field("LinkedIn URL (optional)", "linkedin_url"),
                        _text_field("Note (optional)", "note"),
                        columns=rx.breakpoints(initial="1", sm="2"),
                        spacing="3",
                        width="100%",
                    ),
                    rx.button(rx.icon("plus", size=16, aria_hidden="true"), "Add", type="submit"),
                    spacing="3",
                    width="100%",
                ),
                on_submit=MeetingNotesState.add_person,
                key=MeetingNotesState.person_form_key,
                width="100%",
            ),
            _possible_duplicates(),
            rx.cond(
                array_var(MeetingNotesState.suggested).length() > 0,
                rx.el.ul(
                    rx.foreach(MeetingNotesState.suggested, _person),
                    aria_label="People they suggested",
                    style={
                        "display": "flex",
                        "flex_direction": "column",
                        "gap": "0.5rem",
                        "padding": "0",
                        "margin": "0",
                    },
                ),
                rx.text("No one yet.", size="2", color=rx.color("gray", 11)),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _keep_in_touch() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Keeping in touch", as_="h2", size="4"),
            rx.box(
                select_field(
                    "Remind me to keep in touch",
                    "notes-keep",
                    KEEP_IN_TOUCH_OPTIONS,
                    value=MeetingNotesState.keep_months,
                    on_change=MeetingNotesState.set_keep_months,
                ),
                max_width="20rem",
                width="100%",
            ),
            rx.text("Any email or note you log restarts the clock.", size="2", color=rx.color("gray", 11)),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


@page(
    route=routes.MEETING_NOTES,
    title="Meeting notes",
    nav=routes.TODAY,
    on_load=MeetingNotesState.load,
)
def meeting_notes() -> rx.Component:
    return rx.cond(
        MeetingNotesState.loaded,
        rx.cond(
            MeetingNotesState.missing,
            not_found_card("meeting"),
            rx.vstack(_summary(), _notes(), _suggested(), _keep_in_touch(), spacing="4", width="100%"),
        ),
        rx.center(rx.spinner(size="3"), width="100%", padding="2rem"),
    )
