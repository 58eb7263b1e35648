"""The advisor's cohort at a glance: who is moving and who is stuck, in counts and dates only."""

import reflex as rx

from app import routes
from app.domain.nudges import PLACEHOLDERS
from app.services.cohort import SharedBrief, StudentSummary
from app.services.cohort_care import AggregateRow, CohortSettings, StuckStudent
from app.settings import get_settings
from app.state.cohort import CohortState
from app.ui.components.empty import empty_state
from app.ui.components.form import control_props, error_of, field
from app.ui.components.vars import array_var
from app.ui.layout import page

COLUMNS = (
    "Student",
    "Contacts",
    "Outreach sent",
    "Replies",
    "Meetings",
    "Thank-yous",
    "Last activity",
    "Shared",
)


def student_row(student: StudentSummary) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(
            rx.vstack(
                rx.text(student.name, weight="medium"),
                rx.text(student.email, size="1", color=rx.color("gray", 11)),
                spacing="0",
            )
        ),
        rx.table.cell(student.contacts),
        rx.table.cell(student.outreach_sent),
        rx.table.cell(student.replies),
        rx.table.cell(student.meetings),
        rx.table.cell(student.thank_yous),
        rx.table.cell(
            rx.hstack(
                rx.text(rx.cond(student.last_activity != "", student.last_activity, "Never")),
                rx.cond(
                    student.inactive, rx.badge("Inactive 14+ days", color_scheme="amber", high_contrast=True)
                ),
                spacing="2",
                wrap="wrap",
            )
        ),
        rx.table.cell(
            rx.cond(
                student.shared_briefs > 0,
                rx.button(
                    "Shared briefs (",
                    student.shared_briefs,
                    ")",
                    size="1",
                    variant="soft",
                    on_click=CohortState.show_briefs(student.student_id),  # type: ignore[operator]  # mypy ignores rx.event's __new__ type
                ),
            )
        ),
    )


def shared_brief(brief: SharedBrief) -> rx.Component:
    return rx.card(
        rx.text("Meeting on ", brief.meeting_on, weight="medium"),
        rx.text(brief.organisation_notes, size="2", white_space="pre-wrap"),
        rx.el.ol(rx.foreach(brief.questions, lambda q: rx.el.li(q))),
        width="100%",
    )


def scroll_region(label: str, child: rx.Component) -> rx.Component:
    """A wide table's frame: scrolls sideways on a phone, and the keyboard can reach it (axe asks this).

    Radix wraps a table in its own scroll viewport, which takes no focus; it is let overflow here, so
    this frame, focusable and named, is the one that scrolls.
    """
    return rx.box(
        child,
        overflow_x="auto",
        width="100%",
        tab_index=0,
        role="region",
        aria_label=label,
        style={
            "& .rt-ScrollAreaViewport": {"overflow": "visible !important"},
            "& .rt-ScrollAreaScrollbar": {"display": "none"},
        },
    )


def stuck_row(student: StuckStudent) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(
            rx.vstack(
                rx.text(student.name, weight="medium"),
                rx.text(student.email, size="1", color=rx.color("gray", 11)),
                spacing="0",
            )
        ),
        rx.table.cell(student.cohort),
        rx.table.cell(
            rx.el.ul(
                rx.foreach(student.reasons, lambda reason: rx.el.li(rx.text(reason, size="2"))),
                style={"padding_left": "1.1rem", "margin": "0"},
            )
        ),
        rx.table.cell(
            rx.hstack(
                rx.cond(
                    student.mailto != "",
                    rx.link(
                        rx.icon("mail", size=14, aria_hidden="true"),
                        "Write a nudge",
                        href=student.mailto,
                        size="2",
                        aria_label="Write a nudge to " + student.name,
                    ),
                ),
                rx.button(
                    rx.icon("download", size=14, aria_hidden="true"),
                    "Nudge (.eml)",
                    size="1",
                    variant="soft",
                    high_contrast=True,
                    aria_label="Download a nudge to " + student.name + " (.eml)",
                    on_click=CohortState.download_nudge(student.student_id),  # type: ignore[operator]  # mypy ignores rx.event's __new__ type
                ),
                spacing="3",
                align="center",
                wrap="wrap",
            )
        ),
    )


def stuck_view() -> rx.Component:
    return rx.vstack(
        rx.heading("Who may need a word", as_="h2", size="4"),
        rx.text(
            "No activity for 14 days, a follow-up overdue, or a meeting without a thank-you. A nudge opens "
            "in your own mail app, drafted from your cohort's template below.",
            size="2",
        ),
        rx.cond(
            array_var(CohortState.stuck).length() > 0,
            scroll_region(
                "Students who may need a word",
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            *[rx.table.column_header_cell(c) for c in ("Student", "Cohort", "Why", "Nudge")]
                        )
                    ),
                    rx.table.body(rx.foreach(CohortState.stuck, stuck_row)),
                    variant="surface",
                    width="100%",
                ),
            ),
            rx.text("Nobody is stuck right now.", size="2", color=rx.color("gray", 11)),
        ),
        spacing="3",
        width="100%",
    )


def aggregate_row(row: AggregateRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row.cohort), rx.table.row_header_cell(row.figure), rx.table.cell(row.value)
    )


def figures_view() -> rx.Component:
    return rx.vstack(
        rx.heading("Cohort figures", as_="h2", size="4"),
        rx.text(
            "For your reports. Any figure that would describe fewer than 5 students is withheld.", size="2"
        ),
        scroll_region(
            "Cohort figures",
            rx.table.root(
                rx.table.header(
                    rx.table.row(*[rx.table.column_header_cell(c) for c in ("Cohort", "Figure", "Value")])
                ),
                rx.table.body(rx.foreach(CohortState.aggregates, aggregate_row)),
                variant="surface",
                width="100%",
            ),
        ),
        rx.button(
            rx.icon("download", size=16, aria_hidden="true"),
            "Download figures (CSV)",
            variant="soft",
            high_contrast=True,
            on_click=CohortState.download_figures,
        ),
        spacing="3",
        width="100%",
        align="start",
    )


def _settings_error(cohort: CohortSettings, key: str) -> rx.Var:
    return rx.cond(
        cohort.cohort_id == CohortState.settings_error_for, error_of(CohortState.settings_errors, key), ""
    )


PLACEHOLDER_HINT = "Placeholders: " + "; ".join(f"{k} for {v}" for k, v in PLACEHOLDERS.items()) + "."


def cohort_settings_form(cohort: CohortSettings) -> rx.Component:
    limit_id = f"cohort-{cohort.cohort_id}-limit"
    subject_id = f"cohort-{cohort.cohort_id}-subject"
    body_id = f"cohort-{cohort.cohort_id}-body"
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading(cohort.name, as_="h3", size="3"),
                rx.text(
                    "People more than ",
                    cohort.outreach_limit,
                    " classmates wrote to in the last 30 days: ",
                    cohort.flooded,
                    size="2",
                ),
                rx.el.input(
                    type="hidden", name="cohort_id", value=rx.Var.create(cohort.cohort_id).to_string()
                ),
                field(
                    "Classmates writing to one person before the next must confirm",
                    limit_id,
                    rx.input(
                        **control_props(limit_id, _settings_error(cohort, "outreach_limit")),
                        name="outreach_limit",
                        type="number",
                        min=1,
                        max=50,
                        default_value=rx.Var.create(cohort.outreach_limit).to_string(),
                        width="8rem",
                    ),
                    error=_settings_error(cohort, "outreach_limit"),
                ),
                field(
                    "Nudge subject",
                    subject_id,
                    rx.input(
                        **control_props(subject_id, _settings_error(cohort, "subject")),
                        name="subject",
                        default_value=cohort.subject,
                        width="100%",
                    ),
                    error=_settings_error(cohort, "subject"),
                ),
                field(
                    "Nudge text",
                    body_id,
                    rx.text_area(
                        **control_props(body_id, _settings_error(cohort, "body"), hint=True),
                        name="body",
                        default_value=cohort.body,
                        rows="8",
                        width="100%",
                    ),
                    hint=PLACEHOLDER_HINT,
                    error=_settings_error(cohort, "body"),
                ),
                rx.button("Save cohort settings", type="submit"),
                spacing="3",
                width="100%",
            ),
            on_submit=CohortState.save_cohort,
            width="100%",
        ),
        width="100%",
    )


def settings_view() -> rx.Component:
    return rx.vstack(
        rx.heading("Cohort settings", as_="h2", size="4"),
        rx.foreach(CohortState.cohorts, cohort_settings_form),
        spacing="3",
        width="100%",
    )


def advisor_view() -> rx.Component:
    return rx.vstack(
        rx.text(
            "Counts and dates only: students' contacts, notes and drafts stay private "
            "unless a student shares a brief with you.",
            size="2",
        ),
        rx.text(
            array_var(CohortState.students).length(),
            rx.cond(array_var(CohortState.students).length() == 1, " student, ", " students, "),
            CohortState.inactive_count,
            " inactive for 14 days or more.",
            weight="medium",
        ),
        rx.cond(
            array_var(CohortState.students).length() > 0,
            scroll_region(
                "Students",
                rx.table.root(
                    rx.table.header(rx.table.row(*[rx.table.column_header_cell(c) for c in COLUMNS])),
                    rx.table.body(rx.foreach(CohortState.students, student_row)),
                    variant="surface",
                    width="100%",
                ),
            ),
            empty_state(
                "users", "No students yet", "Share your cohort's invite code: students join at sign-up."
            ),
        ),
        rx.cond(
            CohortState.briefs_for != "",
            rx.vstack(
                rx.heading("Briefs shared by ", CohortState.briefs_for, as_="h2", size="4"),
                rx.foreach(CohortState.briefs, shared_brief),
                width="100%",
            ),
        ),
        stuck_view(),
        figures_view(),
        settings_view(),
        spacing="4",
        width="100%",
    )


@page(route=routes.COHORT, title="Cohort", on_load=None if get_settings().is_local else CohortState.load)
def cohort() -> rx.Component:
    if get_settings().is_local:
        return empty_state("layout-grid", "Your cohort", "The advisor's view is part of hosted mode.")
    return rx.cond(
        CohortState.is_advisor,
        advisor_view(),
        rx.cond(
            CohortState.loaded,
            empty_state("layout-grid", "For advisors", "This page shows an advisor their cohort's progress."),
        ),
    )
