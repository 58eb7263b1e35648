"""The Today page: what is due, the coming week's meetings, and the week's progress against the goal."""

from __future__ import annotations

from typing import Any, cast

import reflex as rx
from reflex.vars import ObjectVar

from app import routes
from app.domain.vocabulary import DueKind
from app.services.cards import SNOOZE_CHOICES
from app.services.lamp import NextContact
from app.services.today import DueRow, MeetingRow, WeekCounts
from app.state.today import TodayState
from app.ui.components.empty import empty_state
from app.ui.components.form import text_field
from app.ui.layout import page

ALL_CLEAR = "Nothing is due today. A good day to reach out to someone new."
GOAL_INPUT_ID = "weekly-goal"
GOAL_ERROR_ID = "weekly-goal-error"
PROGRESS_TEXT_ID = "week-progress-text"

# One colour per kind of due item; a kind without one shows in gray.
DUE_KIND_COLOURS: dict[DueKind, str] = {
    DueKind.THANK_YOU: "amber",
    DueKind.FOLLOW_UP: "teal",
    DueKind.SECOND_CONTACT: "blue",
    DueKind.REPORT_BACK: "violet",
    DueKind.KEEP_IN_TOUCH: "violet",
    DueKind.MEETING_OUTCOME: "amber",
}


def _kind_colour(kind: rx.Var[str] | str) -> rx.Var[str]:
    return rx.match(kind, *[(str(k), colour) for k, colour in DUE_KIND_COLOURS.items()], "gray")


def _link_button(
    label: rx.Var | str, href: rx.Var | str, *, aria_label: rx.Var | str, **props: Any
) -> rx.Component:
    # One focusable element: a link that looks like a button, never a button inside a link.
    return rx.button(
        rx.link(label, href=href, underline="none", aria_label=aria_label),
        as_child=True,
        **props,
    )


def _section_heading(text: str, heading_id: str, *extra: rx.Component) -> rx.Component:
    return rx.hstack(rx.heading(text, as_="h2", size="5", id=heading_id), *extra, align="center", spacing="2")


def _snooze_menu(row: DueRow) -> rx.Component:
    return rx.menu.root(
        rx.menu.trigger(
            rx.button(
                rx.icon("alarm-clock", size=16, aria_hidden="true"),
                "Snooze",
                variant="soft",
                color_scheme="gray",
                aria_label="Snooze " + row.contact_name,
            )
        ),
        rx.menu.content(
            *[
                rx.menu.item(
                    label,
                    on_select=TodayState.snooze(row.contact_id, row.kind, row.trigger, value),  # type: ignore[operator]
                )
                for value, label in SNOOZE_CHOICES
            ]
        ),
    )


def _move_form(row: DueRow) -> rx.Component:
    return rx.form(
        rx.hstack(
            text_field(
                "New day",
                "move-on",
                name="move_on",
                type="date",
                value=TodayState.move_on,
                on_change=TodayState.set_move_on,
                error=TodayState.move_error,
            ),
            text_field(
                "New time",
                "move-at",
                name="move_at",
                type="time",
                value=TodayState.move_at,
                on_change=TodayState.set_move_at,
            ),
            spacing="3",
            align="start",
            wrap="wrap",
        ),
        rx.hstack(
            rx.button("Save the new time", type="submit"),
            rx.button("Cancel", type="button", variant="ghost", on_click=TodayState.cancel_move),
            spacing="3",
            margin_top="0.5rem",
        ),
        on_submit=TodayState.save_move,
        width="100%",
    )


def _outcome_actions(row: DueRow) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.button(
                rx.icon("check", size=16, aria_hidden="true"),
                "It happened",
                on_click=TodayState.answer_meeting(row.meeting_id, "happened"),  # type: ignore[operator]
            ),
            rx.button(
                "It didn't happen",
                variant="soft",
                color_scheme="gray",
                on_click=TodayState.answer_meeting(row.meeting_id, "did_not_happen"),  # type: ignore[operator]
            ),
            rx.button(
                "It moved",
                variant="soft",
                color_scheme="gray",
                on_click=TodayState.start_move(row.meeting_id),  # type: ignore[operator]
            ),
            spacing="3",
            wrap="wrap",
        ),
        rx.cond(TodayState.moving_meeting_id == row.meeting_id, _move_form(row)),
        spacing="3",
        width="100%",
    )


def _due_card(row: DueRow) -> rx.Component:
    actions = rx.hstack(
        rx.cond(
            row.write_url != "",
            _link_button(
                row.write_label, row.write_url, aria_label=row.write_label + " to " + row.contact_name
            ),
        ),
        rx.cond(
            row.notes_url != "",
            _link_button(
                "Meeting notes",
                row.notes_url,
                aria_label="Meeting notes with " + row.contact_name,
                variant="soft",
            ),
        ),
        rx.cond(
            row.find_url != "",
            _link_button(row.find_label, row.find_url, aria_label=row.find_label),
        ),
        rx.cond(
            row.done_label != "",
            rx.button(
                rx.icon("check", size=16, aria_hidden="true"),
                row.done_label,
                on_click=TodayState.mark_done(row.contact_id, row.kind, row.trigger),  # type: ignore[operator]  # mypy ignores rx.event's __new__ type
                variant="soft",
                aria_label=row.done_label + " to " + row.contact_name,
            ),
        ),
        _snooze_menu(row),
        rx.button(
            "Not now",
            on_click=TodayState.dismiss(row.contact_id, row.kind, row.trigger),  # type: ignore[operator]
            variant="ghost",
            color_scheme="gray",
            aria_label="Not now: " + row.contact_name,
        ),
        _link_button("Open", row.contact_url, aria_label="Open " + row.contact_name, variant="ghost"),
        spacing="3",
        wrap="wrap",
        align="center",
    )
    return rx.el.li(
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.hstack(
                        rx.badge(
                            row.kind_label, color_scheme=_kind_colour(row.kind), variant="soft", size="2"
                        ),
                        rx.cond(row.top_five, _top_five_badge()),
                        spacing="2",
                        wrap="wrap",
                    ),
                    rx.text(row.when, size="2", color_scheme="gray"),
                    justify="between",
                    align="center",
                    width="100%",
                    wrap="wrap",
                ),
                rx.box(
                    rx.heading(row.heading, as_="h3", size="4"),
                    rx.cond(row.context != "", rx.text(row.context, size="2", color_scheme="gray")),
                ),
                rx.text(row.reason, size="2"),
                rx.cond(row.asks_outcome, _outcome_actions(row)),
                actions,
                spacing="3",
                align="start",
                width="100%",
            ),
            size="2",
            width="100%",
        ),
        class_name="due-item",
        data_contact=row.contact_name,
        style={"list_style": "none"},
    )


def _due_section() -> rx.Component:
    return rx.el.section(
        rx.vstack(
            _section_heading(
                "Due today",
                "due-heading",
                rx.cond(
                    TodayState.due.length() > 0,
                    rx.badge(
                        TodayState.due.length(),
                        variant="solid",
                        high_contrast=True,
                        radius="full",
                        aria_hidden="true",
                    ),
                ),
            ),
            rx.cond(
                TodayState.due.length() > 0,
                rx.el.ul(
                    rx.foreach(TodayState.due, _due_card),
                    style={
                        "display": "grid",
                        "gap": "0.75rem",
                        "padding": "0",
                        "margin": "0",
                        "width": "100%",
                    },
                    aria_label="Due today",
                ),
                empty_state(
                    "sun",
                    "All clear",
                    ALL_CLEAR,
                    _link_button("Go to your contacts", routes.CONTACTS, aria_label="Go to your contacts"),
                ),
            ),
            rx.cond(
                TodayState.due_truncated,
                rx.text(
                    "That's the first hundred people with something due: "
                    "the rest will show once these are done.",
                    size="2",
                    color_scheme="gray",
                ),
            ),
            spacing="3",
            width="100%",
        ),
        aria_labelledby="due-heading",
        width="100%",
    )


def _top_five_badge() -> rx.Component:
    return rx.badge(
        rx.icon("star", size=12, aria_hidden="true"),
        "Top 5 employer",
        color_scheme="amber",
        variant="soft",
        high_contrast=True,
        size="2",
    )


def _next_card(person: NextContact) -> rx.Component:
    return rx.el.li(
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.heading(
                        rx.link(
                            person.name, href=person.contact_url, color_scheme="gray", high_contrast=True
                        ),
                        as_="h3",
                        size="3",
                    ),
                    _top_five_badge(),
                    justify="between",
                    align="center",
                    width="100%",
                    wrap="wrap",
                ),
                rx.text(person.reason, size="2"),
                _link_button(
                    "Write outreach",
                    person.write_url,
                    aria_label="Write outreach to " + person.name,
                    variant="soft",
                ),
                spacing="2",
                align="start",
                width="100%",
            ),
            size="2",
            width="100%",
        ),
        class_name="next-up",
        data_contact=person.name,
        style={"list_style": "none"},
    )


def _next_up_section() -> rx.Component:
    """Whom to write to next: the LAMP list's top five, people not yet reached there (alumni first)."""
    return rx.el.section(
        rx.vstack(
            _section_heading(
                "Who to write to next",
                "next-up-heading",
            ),
            rx.el.ul(
                rx.foreach(TodayState.next_up, _next_card),
                style={"display": "grid", "gap": "0.75rem", "padding": "0", "margin": "0", "width": "100%"},
                aria_label="Who to write to next",
            ),
            rx.link("See your target employers", href=routes.EMPLOYERS, size="2"),
            spacing="3",
            width="100%",
        ),
        aria_labelledby="next-up-heading",
        width="100%",
    )


def _meeting_card(meeting: MeetingRow) -> rx.Component:
    return rx.el.li(
        rx.card(
            rx.hstack(
                rx.box(
                    rx.heading(
                        rx.link(
                            meeting.contact_name,
                            href=meeting.contact_url,
                            color_scheme="gray",
                            high_contrast=True,
                        ),
                        as_="h3",
                        size="3",
                    ),
                    rx.text(
                        meeting.when,
                        rx.cond(meeting.where != "", " · " + meeting.where, ""),
                        size="2",
                        color_scheme="gray",
                    ),
                ),
                rx.cond(
                    meeting.brief_ready,
                    rx.badge(
                        rx.icon("circle-check", size=14, aria_hidden="true"),
                        "Prep ready",
                        color_scheme="green",
                        size="2",
                    ),
                    _link_button(
                        "Prepare",
                        meeting.prep_url,
                        aria_label="Prepare for your meeting with " + meeting.contact_name,
                        variant="soft",
                    ),
                ),
                justify="between",
                align="center",
                width="100%",
                wrap="wrap",
                spacing="3",
            ),
            size="2",
            width="100%",
        ),
        style={"list_style": "none"},
    )


def _meetings_section() -> rx.Component:
    return rx.el.section(
        rx.vstack(
            _section_heading("Meetings in the next 7 days", "meetings-heading"),
            rx.cond(
                TodayState.meetings.length() > 0,
                rx.el.ul(
                    rx.foreach(TodayState.meetings, _meeting_card),
                    style={
                        "display": "grid",
                        "gap": "0.75rem",
                        "padding": "0",
                        "margin": "0",
                        "width": "100%",
                    },
                    aria_label="Meetings in the next 7 days",
                ),
                rx.text(
                    "No meetings in the next 7 days. Each reply is a chance to ask for twenty minutes.",
                    size="2",
                    color_scheme="gray",
                ),
            ),
            spacing="3",
            width="100%",
        ),
        aria_labelledby="meetings-heading",
        width="100%",
    )


def _stat(value: rx.Var, label: str) -> rx.Component:
    return rx.vstack(
        rx.text(value, size="6", weight="bold"),
        rx.text(label, size="2", color_scheme="gray"),
        spacing="0",
        align="start",
    )


def _goal_field() -> rx.Component:
    return rx.vstack(
        rx.el.label(
            "Weekly goal: outreach emails",
            html_for=GOAL_INPUT_ID,
            style={"font_weight": "500", "font_size": "var(--font-size-2)"},
        ),
        rx.hstack(
            rx.input(
                id=GOAL_INPUT_ID,
                type="number",
                min=1,
                max=100,
                step=1,
                input_mode="numeric",
                value=TodayState.goal_input,
                on_change=TodayState.set_goal.debounce(400),  # type: ignore[attr-defined]  # mypy ignores rx.event's __new__ type
                aria_invalid=rx.cond(TodayState.goal_error != "", "true", "false"),
                aria_describedby=GOAL_ERROR_ID,
                color_scheme=rx.cond(TodayState.goal_error != "", "red", "teal"),
                width="6rem",
            ),
            rx.el.span(
                rx.cond(TodayState.goal_saved, "Saved.", ""),
                role="status",
                class_name="goal-status",
            ),
            align="center",
            spacing="3",
        ),
        rx.text(TodayState.goal_error, id=GOAL_ERROR_ID, size="2", color_scheme="red"),
        spacing="1",
        width="100%",
    )


def _week_section() -> rx.Component:
    # mypy reads an rx.Field of a dataclass as an ArrayVar (Reflex's overloads); it is an ObjectVar.
    week = cast(ObjectVar[WeekCounts], TodayState.week)
    return rx.el.section(
        rx.card(
            rx.vstack(
                rx.box(
                    rx.heading("This week", as_="h2", size="5"),
                    rx.text(week.label, size="2", color_scheme="gray"),
                ),
                rx.grid(
                    _stat(week.outreach, "Outreach"),
                    _stat(week.replies, "Replies"),
                    _stat(week.meetings, "Meetings"),
                    columns="3",
                    spacing="3",
                    width="100%",
                ),
                rx.vstack(
                    rx.text(week.progress_text, id=PROGRESS_TEXT_ID, size="3", weight="medium"),
                    rx.progress(value=week.percent, max=100, aria_labelledby=PROGRESS_TEXT_ID, size="3"),
                    spacing="2",
                    width="100%",
                ),
                _goal_field(),
                spacing="4",
                width="100%",
            ),
            size="3",
            width="100%",
        ),
        width="100%",
    )


def _way_to_begin(icon: str, title: str, text: str, action: rx.Component) -> rx.Component:
    return rx.el.li(
        rx.hstack(
            rx.icon(icon, size=24, aria_hidden="true", color=rx.color("accent", 11), flex_shrink="0"),
            rx.vstack(
                rx.heading(title, as_="h3", size="3"),
                rx.text(text, size="2", color_scheme="gray"),
                action,
                spacing="2",
                align="start",
            ),
            spacing="3",
            align="start",
        ),
        style={"list_style": "none"},
    )


def _begin() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Welcome to Rapport", as_="h2", size="5"),
            rx.text(
                "Networking is a learned skill, and everyone who says yes to meeting you is networking too. "
                "Here is how to begin:",
                size="3",
            ),
            rx.el.ul(
                _way_to_begin(
                    "user-plus",
                    "Add a contact",
                    "Start with one person whose career you admire: "
                    "an alum, a speaker, a friend of a friend.",
                    _link_button("Add a contact", routes.CONTACTS, aria_label="Add a contact"),
                ),
                _way_to_begin(
                    "file-up",
                    "Import from LinkedIn",
                    "Bring in your connections from LinkedIn's Connections.csv export.",
                    _link_button(
                        "Import from LinkedIn",
                        routes.IMPORT,
                        aria_label="Import from LinkedIn",
                        variant="soft",
                    ),
                ),
                _way_to_begin(
                    "flask-conical",
                    "Try it with sample data",
                    "Seven made-up contacts show what a day in Rapport looks like. Remove them in one click.",
                    rx.button(
                        "Load sample data",
                        on_click=TodayState.load_sample,
                        variant="soft",
                    ),
                ),
                style={"display": "grid", "gap": "1.25rem", "padding": "0", "margin": "0"},
            ),
            spacing="4",
            align="start",
        ),
        size="3",
        width="100%",
    )


def _sample_banner() -> rx.Component:
    return rx.callout.root(
        rx.callout.icon(rx.icon("flask-conical", aria_hidden="true")),
        rx.flex(
            rx.callout.text(
                "You're looking at sample data: made-up contacts, so you can see how Rapport works. "
                "Your own contacts are never touched when you remove it."
            ),
            rx.button(
                "Remove sample data",
                on_click=TodayState.remove_sample,
                variant="surface",
                high_contrast=True,
                size="2",
            ),
            gap="3",
            align="center",
            wrap="wrap",
        ),
        color_scheme="blue",
        variant="surface",
        width="100%",
    )


def _about_me_card() -> rx.Component:
    return rx.card(
        rx.flex(
            rx.vstack(
                rx.heading("Tell Rapport about you", as_="h2", size="4"),
                rx.text("Your name, school and programme fill your drafts, so they need no gaps about you."),
                spacing="1",
            ),
            rx.hstack(
                _link_button(
                    "Fill in About me",
                    f"{routes.SETTINGS}#about",
                    aria_label="Fill in About me in settings",
                    size="2",
                ),
                rx.button("Not now", on_click=TodayState.skip_about_me, variant="soft", size="2"),
                spacing="2",
            ),
            gap="3",
            align="center",
            justify="between",
            wrap="wrap",
        ),
        width="100%",
        aria_label="About me",
        role="region",
    )


def _loading() -> rx.Component:
    return rx.hstack(
        rx.spinner(size="2"),
        rx.text("Getting your day ready…", color_scheme="gray"),
        role="status",
        align="center",
        spacing="2",
    )


def _content() -> rx.Component:
    return rx.vstack(
        rx.text(TodayState.date_label, size="3", color_scheme="gray", margin_top="-0.75rem"),
        rx.cond(TodayState.has_sample, _sample_banner()),
        rx.cond(TodayState.ask_about_me, _about_me_card()),
        rx.grid(
            rx.vstack(
                rx.cond(
                    TodayState.has_contacts,
                    rx.fragment(
                        _due_section(),
                        rx.cond(TodayState.next_up.length() > 0, _next_up_section()),
                        _meetings_section(),
                    ),
                    _begin(),
                ),
                spacing="6",
                width="100%",
                grid_column=rx.breakpoints(initial="auto", md="span 2"),
            ),
            rx.box(_week_section(), width="100%"),
            columns=rx.breakpoints(initial="1", md="3"),
            spacing="5",
            width="100%",
            align="start",
        ),
        spacing="5",
        width="100%",
    )


DESC_TODAY = (
    "What is due today: follow-ups after 7 business days, "
    "thank-yous within 24 hours, this week's meetings and progress."
)


@page(route=routes.TODAY, title="Today", on_load=TodayState.open_day, description=DESC_TODAY)
def today() -> rx.Component:
    return rx.cond(TodayState.loaded, _content(), _loading())
