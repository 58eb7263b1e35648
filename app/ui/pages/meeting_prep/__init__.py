"""The prep wizard: five steps from research to a one-page brief, saved as the student types."""

from __future__ import annotations

import reflex as rx

from app import routes
from app.state.prep import PrepState
from app.ui.components.vars import number_var
from app.ui.layout import page
from app.ui.pages.meeting_prep.brief import brief_sheet, readiness_badge, review_step
from app.ui.pages.meeting_prep.fields import prep_field
from app.ui.pages.meeting_prep.questions import questions_step
from app.ui.pages.meeting_prep.steps import finish_feedback, step_bar, step_gaps, step_list
from app.ui.pages.not_found import not_found_card


def _person_step() -> rx.Component:
    return rx.vstack(
        rx.text("Learn what you can about the person you are coming to meet.", size="3"),
        prep_field(
            "person_role", "Their role", "Their job title, and the team they are in.", multiline=False
        ),
        prep_field(
            "person_path",
            "Their career path",
            "Where they studied and worked before; how they got where they are.",
            rows="4",
        ),
        prep_field(
            "person_reading",
            "What you read",
            "Links and notes: their profile, an article they wrote, a talk, a post.",
            rows="4",
        ),
        spacing="4",
        width="100%",
    )


def _organisation_step() -> rx.Component:
    return rx.vstack(
        rx.text(
            rx.cond(
                PrepState.organisation != "",
                "Research " + PrepState.organisation + " and its industry.",
                "Research their organisation and its industry.",
            ),
            size="3",
        ),
        prep_field("org_what", "What it does", "In a line or two, in your own words.", rows="3"),
        prep_field("org_news", "Recent news", "A launch, a merger, a report, an award.", rows="3"),
        prep_field("org_trends", "Trends in the industry", "What is changing in their field.", rows="3"),
        spacing="4",
        width="100%",
    )


def _time_note(text: rx.Var[str] | str, icon: str) -> rx.Component:
    return rx.cond(
        text != "",
        rx.hstack(
            rx.icon(icon, size=18, aria_hidden="true", color=rx.color("accent", 11)),
            rx.text(text, size="3", weight="medium"),
            spacing="2",
            align="center",
        ),
    )


def _logistics_step() -> rx.Component:
    return rx.vstack(
        rx.text("Plan to arrive ten minutes early, and to end on time: it respects their time.", size="3"),
        rx.grid(
            prep_field(
                "on", "Date", "Change it here if the meeting moves.", multiline=False, input_type="date"
            ),
            prep_field("at", "Time", "Your local time.", multiline=False, input_type="time"),
            prep_field(
                "duration_minutes",
                "Planned length in minutes",
                "20 minutes respects their time.",
                multiline=False,
                input_type="number",
            ),
            columns=rx.breakpoints(initial="1", sm="3"),
            spacing="4",
            width="100%",
        ),
        rx.cond(
            PrepState.in_past,
            rx.callout.root(
                rx.callout.icon(rx.icon("calendar-clock", aria_hidden="true")),
                rx.callout.text(
                    "This date has passed. That's fine if you are catching up; if the meeting is still "
                    "ahead, change the date."
                ),
                color_scheme="gray",
                width="100%",
            ),
        ),
        rx.grid(
            prep_field("place", "Place", "An address, or where in the building.", multiline=False),
            prep_field("video_link", "Video link", "For a call: starts with https://", multiline=False),
            columns=rx.breakpoints(initial="1", sm="2"),
            spacing="4",
            width="100%",
        ),
        rx.cond(
            PrepState.calendar_changed,
            rx.callout.root(
                rx.callout.icon(rx.icon("calendar-sync", aria_hidden="true")),
                rx.callout.text("The meeting changed: update your calendar with the new file."),
                rx.button(
                    rx.icon("calendar-plus", size=16, aria_hidden="true"),
                    "Download the updated calendar file",
                    on_click=PrepState.download_calendar_file,
                    variant="soft",
                    size="2",
                ),
                color_scheme="teal",
                width="100%",
            ),
        ),
        prep_field(
            "travel_minutes",
            "Travel time in minutes",
            "How long it takes you to get there; 0 for a video call.",
            multiline=False,
            input_type="number",
        ),
        _time_note(PrepState.leave_by, "footprints"),
        prep_field(
            "closing_plan",
            "How you'll close on time",
            "E.g. “At the 18th minute, thank them and ask who else I could talk to.”",
            rows="2",
        ),
        _time_note(PrepState.end_by, "alarm-clock"),
        spacing="4",
        width="100%",
    )


def _summary() -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.text(
                "With ",
                rx.link(
                    PrepState.contact_name, href=routes.contact_url(PrepState.contact_id), underline="always"
                ),
                rx.cond(PrepState.organisation != "", ", " + PrepState.organisation, ""),
                size="3",
            ),
            rx.text(
                PrepState.when_text,
                " · ",
                PrepState.duration_minutes,
                " minutes",
                size="2",
                color_scheme="gray",
            ),
            spacing="1",
        ),
        readiness_badge("3"),
        rx.cond(
            PrepState.save_problem != "",
            rx.callout.root(
                rx.callout.text(PrepState.save_problem),
                color_scheme="amber",
                high_contrast=True,
                role="alert",
                width="100%",
            ),
            rx.text("Everything you type is saved as you go.", size="1", color_scheme="gray", width="100%"),
        ),
        justify="between",
        align="center",
        wrap="wrap",
        width="100%",
        class_name="no-print",
    )


def _step_body() -> rx.Component:
    return rx.match(
        PrepState.step,
        (1, _person_step()),
        (2, _organisation_step()),
        (3, questions_step()),
        (4, _logistics_step()),
        review_step(),
    )


def _wizard() -> rx.Component:
    return rx.vstack(
        _summary(),
        step_list(),
        finish_feedback(),
        rx.card(
            rx.vstack(
                rx.heading(
                    number_var(PrepState.step).to_string() + ". " + PrepState.step_title, as_="h2", size="5"
                ),
                _step_body(),
                step_gaps(),
                step_bar(),
                spacing="4",
                width="100%",
            ),
            size="3",
            width="100%",
            class_name="no-print prep-card",
        ),
        brief_sheet(),
        spacing="4",
        width="100%",
        class_name="prep-wizard",
    )


DESC_PREP = (
    "Prepare for an informational interview: the person, the "
    "organisation, three good questions and a printable brief."
)


@page(
    route=routes.MEETING_PREP,
    title="Prepare for your meeting",
    nav=routes.TODAY,
    on_load=PrepState.load,
    description=DESC_PREP,
)
def meeting_prep() -> rx.Component:
    return rx.cond(
        PrepState.loaded,
        rx.cond(PrepState.found, _wizard(), not_found_card("meeting")),
        rx.box(rx.spinner(size="3"), aria_label="Loading the brief", role="status", padding="2rem"),
    )
