"""The composer: pick a contact and a kind of email, edit the draft beside its checks, send it yourself."""

from __future__ import annotations

import reflex as rx

from app import routes
from app.domain.vocabulary import DraftStatus
from app.services.drafts import BODY_LIMIT, KIND_LABELS, SUBJECT_LIMIT, DraftSummary
from app.state.compose import ComposeState
from app.ui.components.autosave import autosave_status, autosaved
from app.ui.components.form import control_props, error_of, field, select_field
from app.ui.components.keep_in_touch import KEEP_IN_TOUCH_OPTIONS
from app.ui.components.vars import array_var, item_list
from app.ui.layout import page
from app.ui.pages.compose.checks import check_list, check_summary
from app.ui.pages.compose.picker import contact_picker

KIND_OPTIONS = [(kind.value, label) for kind, label in KIND_LABELS.items()]
SUBJECT_ID = "compose-subject"
BODY_ID = "compose-body"


def _notice() -> rx.Component:
    return rx.cond(
        ComposeState.notice,
        rx.callout(ComposeState.notice, icon="info", color_scheme="gray", width="100%", role="status"),
        rx.fragment(),
    )


def _draft_line(draft: DraftSummary) -> rx.Component:
    return rx.el.li(
        rx.hstack(
            rx.vstack(
                rx.hstack(
                    rx.text(draft.kind_label, weight="medium", size="2"),
                    rx.cond(
                        draft.status == DraftStatus.SENT.value,
                        rx.badge(rx.icon("send", size=12, aria_hidden="true"), "Sent", color_scheme="grass"),
                        rx.badge(
                            rx.icon("pencil", size=12, aria_hidden="true"), "Draft", color_scheme="gray"
                        ),
                    ),
                    spacing="2",
                    align="center",
                    wrap="wrap",
                ),
                rx.text(draft.subject, size="2", color=rx.color("gray", 11), trim="both"),
                rx.text(draft.updated, size="1", color=rx.color("gray", 11)),
                spacing="1",
                min_width="0",
            ),
            rx.button(
                rx.cond(draft.status == DraftStatus.SENT.value, "View", "Continue"),
                on_click=ComposeState.open_draft(draft.id),  # type: ignore[operator]  # mypy ignores rx.event's __new__ type
                variant="soft",
                size="2",
                aria_label=rx.cond(
                    draft.status == DraftStatus.SENT.value,
                    "View " + draft.kind_label + ": " + draft.subject,
                    "Continue " + draft.kind_label + ": " + draft.subject,
                ),
            ),
            justify="between",
            align="center",
            spacing="3",
            width="100%",
        ),
        style={"list_style": "none", "border_top": "1px solid var(--gray-a4)", "padding_top": "0.6rem"},
    )


def _drafts_list() -> rx.Component:
    return rx.cond(
        array_var(ComposeState.contact_drafts).length() > 0,
        rx.vstack(
            rx.heading("Your emails to ", ComposeState.contact_name, as_="h3", size="3"),
            rx.el.ul(
                rx.foreach(ComposeState.contact_drafts, _draft_line),
                aria_label="Drafts and sent emails",
                style={
                    "display": "flex",
                    "flex_direction": "column",
                    "gap": "0.6rem",
                    "padding": "0",
                    "margin": "0",
                    "width": "100%",
                },
            ),
            spacing="2",
            width="100%",
        ),
        rx.fragment(),
    )


def _chosen_contact() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.vstack(
                rx.text(ComposeState.contact_name, weight="bold", size="4"),
                rx.cond(
                    ComposeState.contact_about, rx.text(ComposeState.contact_about, size="2"), rx.fragment()
                ),
                rx.cond(
                    ComposeState.contact_email,
                    rx.text(ComposeState.contact_email, size="2", color=rx.color("gray", 11)),
                    rx.text(
                        "No email recorded: copy the draft or download it, "
                        "and add their address in your mail app.",
                        size="2",
                        color=rx.color("gray", 11),
                    ),
                ),
                spacing="1",
                min_width="0",
            ),
            rx.button(
                "Choose someone else",
                on_click=ComposeState.change_contact,
                variant="ghost",
                size="2",
            ),
            justify="between",
            align="start",
            spacing="3",
            width="100%",
            wrap="wrap",
        ),
        rx.grid(
            select_field(
                "Kind of email",
                "compose-kind",
                KIND_OPTIONS,
                value=ComposeState.kind,
                on_change=ComposeState.set_kind,
            ),
            rx.cond(
                array_var(ComposeState.contact_meetings).length() > 0,
                select_field(
                    "About the meeting",
                    "compose-meeting",
                    ComposeState.meeting_options,
                    value=ComposeState.meeting_choice,
                    on_change=ComposeState.set_meeting,
                ),
                rx.fragment(),
            ),
            select_field(
                "Keep-in-touch reminder",
                "compose-keep",
                KEEP_IN_TOUCH_OPTIONS,
                value=ComposeState.keep_months,
                on_change=ComposeState.set_keep_months,
            ),
            columns=rx.breakpoints(initial="1", sm="3"),
            spacing="3",
            width="100%",
        ),
        rx.hstack(
            rx.button(
                rx.icon("pen-line", size=16, aria_hidden="true"),
                "Write the draft",
                on_click=ComposeState.write_draft,
            ),
            rx.cond(
                ComposeState.draft_id > 0,
                rx.alert_dialog.root(
                    rx.alert_dialog.trigger(rx.button("Start again from the template", variant="soft")),
                    rx.alert_dialog.content(
                        rx.alert_dialog.title("Start again from the template?"),
                        rx.alert_dialog.description("Your current text is kept: “Undo” brings it back."),
                        rx.hstack(
                            rx.alert_dialog.cancel(rx.button("Keep my text", variant="soft")),
                            rx.alert_dialog.action(
                                rx.button("Start again", on_click=ComposeState.start_fresh)
                            ),
                            spacing="3",
                            justify="end",
                        ),
                    ),
                ),
                rx.fragment(),
            ),
            rx.cond(
                ComposeState.notes_changed,
                rx.button(
                    rx.icon("refresh-cw", size=16, aria_hidden="true"),
                    "Update from notes",
                    on_click=ComposeState.update_from_notes,
                    variant="soft",
                ),
                rx.fragment(),
            ),
            rx.cond(
                ComposeState.undo_count > 0,
                rx.button("Undo", on_click=ComposeState.undo_start_again, variant="outline"),
                rx.fragment(),
            ),
            spacing="3",
            wrap="wrap",
        ),
        _drafts_list(),
        spacing="4",
        width="100%",
    )


def _who_and_what() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Who and what", as_="h2", size="4"),
            rx.cond(ComposeState.chosen_contact > 0, _chosen_contact(), contact_picker()),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _actions() -> rx.Component:
    return rx.flex(
        rx.cond(
            ComposeState.mailto,
            rx.button(
                rx.el.a(
                    rx.icon("mail", size=16, aria_hidden="true"),
                    "Open in your mail app",
                    href=ComposeState.mailto,
                ),
                as_child=True,
                variant="soft",
            ),
            rx.fragment(),
        ),
        rx.button(
            rx.icon("copy", size=16, aria_hidden="true"),
            "Copy to clipboard",
            on_click=[
                rx.set_clipboard(ComposeState.clipboard_text),
                rx.toast("Copied: paste it into your email."),
            ],
            variant="soft",
        ),
        rx.button(
            rx.icon("download", size=16, aria_hidden="true"),
            "Download .eml",
            on_click=ComposeState.download_eml,
            variant="soft",
        ),
        rx.cond(
            ComposeState.is_sent,
            rx.fragment(),
            rx.button(
                rx.icon("send", size=16, aria_hidden="true"),
                "Mark as sent",
                on_click=ComposeState.mark_sent,
                # Only outreach waits for the confirmation (a follow-up to the same person does not).
                disabled=(ComposeState.kind == "outreach")
                & ComposeState.classmates_confirm_needed
                & ~ComposeState.classmates_confirmed,
            ),
        ),
        spacing="3",
        wrap="wrap",
    )


CLASSMATES_CONFIRM_ID = "compose-classmates-confirm"


def _classmates() -> rx.Component:
    """How many classmates wrote to this person this month (never who), and at N a confirmation."""
    return rx.cond(
        ComposeState.classmates_note != "",
        rx.callout.root(
            rx.callout.icon(rx.icon("users", aria_hidden="true")),
            rx.vstack(
                rx.text(ComposeState.classmates_note, size="2"),
                rx.cond(
                    ComposeState.classmates_confirm_needed & ~ComposeState.is_sent,
                    rx.checkbox(
                        "I've thought about it and still want to write to this person",
                        id=CLASSMATES_CONFIRM_ID,
                        checked=ComposeState.classmates_confirmed,
                        on_change=ComposeState.set_classmates_confirmed,
                        size="2",
                    ),
                ),
                spacing="2",
            ),
            color_scheme="blue",
            role="status",
            width="100%",
            id="classmates-note",
        ),
        rx.fragment(),
    )


def _refusal() -> rx.Component:
    return rx.cond(
        array_var(ComposeState.refusal).length() > 0,
        rx.callout.root(
            rx.callout.icon(rx.icon("info", aria_hidden="true")),
            rx.vstack(
                rx.text("Not yet: a change or two first.", weight="bold", size="2"),
                rx.el.ul(
                    rx.foreach(ComposeState.refusal, lambda reason: rx.el.li(rx.text(reason, size="2"))),
                    style={"padding_left": "1.1rem", "margin": "0"},
                ),
                spacing="1",
            ),
            color_scheme="amber",
            role="alert",
            width="100%",
        ),
        rx.fragment(),
    )


def _editor() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading(
                    ComposeState.draft_kind_label, " to ", ComposeState.contact_name, as_="h2", size="4"
                ),
                rx.cond(
                    ComposeState.is_sent,
                    rx.badge(
                        rx.icon("send", size=12, aria_hidden="true"), "Sent", color_scheme="grass", size="2"
                    ),
                    rx.badge(
                        rx.icon("pencil", size=12, aria_hidden="true"), "Draft", color_scheme="gray", size="2"
                    ),
                ),
                justify="between",
                align="center",
                width="100%",
                wrap="wrap",
            ),
            rx.cond(
                ComposeState.is_sent,
                rx.callout(
                    "Sent on " + ComposeState.sent_on + ". It's kept here as it went, and on their timeline.",
                    icon="circle-check",
                    color_scheme="grass",
                    width="100%",
                ),
                rx.text(
                    "Fill in anything in [[double brackets]] and make it yours. Rapport never sends mail: "
                    "you send it from your own mail app.",
                    size="2",
                    color=rx.color("gray", 11),
                ),
            ),
            rx.cond(
                ComposeState.follow_up_note,
                rx.callout(
                    ComposeState.follow_up_note, icon="calendar-clock", width="100%", id="follow-up-note"
                ),
                rx.fragment(),
            ),
            field(
                "Subject",
                SUBJECT_ID,
                rx.input(
                    **control_props(SUBJECT_ID, error_of(ComposeState.field_errors, "subject")),
                    value=ComposeState.subject,
                    on_change=ComposeState.edit_subject,
                    max_length=SUBJECT_LIMIT,
                    custom_attrs=autosaved(
                        f"draft:{ComposeState.draft_id}:subject",
                        ComposeState.subject_digest,
                        refused=ComposeState.field_errors.contains("subject"),
                    ),
                    read_only=ComposeState.is_sent,
                    width="100%",
                    size="3",
                ),
                error=error_of(ComposeState.field_errors, "subject"),
            ),
            rx.vstack(
                field(
                    "Email",
                    BODY_ID,
                    rx.text_area(
                        **control_props(BODY_ID, error_of(ComposeState.field_errors, "body")),
                        value=ComposeState.body,
                        on_change=ComposeState.edit_body,
                        max_length=BODY_LIMIT,
                        custom_attrs=autosaved(
                            f"draft:{ComposeState.draft_id}:body",
                            ComposeState.body_digest,
                            refused=ComposeState.field_errors.contains("body"),
                        ),
                        read_only=ComposeState.is_sent,
                        rows="14",
                        width="100%",
                        size="3",
                        resize="vertical",
                    ),
                    error=error_of(ComposeState.field_errors, "body"),
                ),
                rx.hstack(
                    rx.text(ComposeState.words, " words", size="2", color=rx.color("gray", 11)),
                    rx.text(
                        autosave_status(f"draft:{ComposeState.draft_id}:body"),
                        " ",
                        autosave_status(f"draft:{ComposeState.draft_id}:subject", quiet_when_saved=True),
                        size="2",
                        color=rx.color("gray", 11),
                    ),
                    justify="between",
                    width="100%",
                ),
                spacing="1",
                width="100%",
            ),
            rx.cond(ComposeState.is_sent, rx.fragment(), check_summary(ComposeState.check_summary)),
            _refusal(),
            rx.cond(ComposeState.kind == "outreach", _classmates(), rx.fragment()),
            _actions(),
            rx.cond(
                ComposeState.notes_href,
                rx.link("Meeting notes", href=ComposeState.notes_href, size="2"),
                rx.fragment(),
            ),
            spacing="4",
            width="100%",
        ),
        width="100%",
    )


def _draft_area() -> rx.Component:
    return rx.cond(
        ComposeState.draft_id > 0,
        rx.grid(
            rx.box(_editor(), grid_column=rx.breakpoints(initial="auto", md="span 2")),
            rx.card(check_list(item_list(ComposeState.checks), ComposeState.countdown), width="100%"),
            columns=rx.breakpoints(initial="1", md="3"),
            spacing="4",
            width="100%",
            align="start",
        ),
        rx.fragment(),
    )


DESC_COMPOSE = (
    "Draft an outreach, follow-up or thank-you email from a "
    "template, checked against the 5-Point Email as you type."
)


@page(route=routes.COMPOSE, title="Compose", on_load=ComposeState.load, description=DESC_COMPOSE)
def compose() -> rx.Component:
    return rx.vstack(
        rx.text(
            "Drafts start from what you've recorded; the checks beside them follow the 5-Point Email. "
            "Everything saves as you type.",
            size="3",
        ),
        _notice(),
        _who_and_what(),
        _draft_area(),
        spacing="4",
        width="100%",
    )
