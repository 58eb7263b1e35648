"""The advisor's cohort at a glance: who is moving and who is stuck, in counts and dates only."""

import reflex as rx

from app import routes
from app.services.cohort import SharedBrief, StudentSummary
from app.settings import get_settings
from app.state.cohort import CohortState
from app.ui.components.empty import empty_state
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
            rx.box(
                rx.table.root(
                    rx.table.header(rx.table.row(*[rx.table.column_header_cell(c) for c in COLUMNS])),
                    rx.table.body(rx.foreach(CohortState.students, student_row)),
                    variant="surface",
                    width="100%",
                ),
                overflow_x="auto",
                width="100%",
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
