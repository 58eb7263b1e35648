"""The contact's card of details and the "where things stand" summary with its 3B7 status."""

from __future__ import annotations

import reflex as rx

from app.state.contact import ContactState as S
from app.state.contacts import PAGE_DELETE_ID, PAGE_EDIT_ID, ContactsState


def stage_badge() -> rx.Component:
    colour = rx.match(
        S.detail.stage,
        ("follow_up_due", "amber"),
        ("to_contact", "gray"),
        ("no_reply", "gray"),
        ("declined", "gray"),
        ("meeting_scheduled", "iris"),
        "teal",
    )
    return rx.badge(S.detail.stage_label, color_scheme=colour, size="2", variant="soft", id="contact-stage")


def _row(term: str, value: rx.Component) -> rx.Component:
    return rx.fragment(
        rx.el.dt(rx.text(term, size="2", color_scheme="gray", weight="medium")),
        rx.el.dd(value, style={"margin": "0 0 0.75rem 0", "overflow_wrap": "anywhere"}),
    )


def _or_dash(value: rx.Var[str] | str, shown: rx.Component) -> rx.Component:
    return rx.cond(value, shown, rx.text("Not added", size="2", color_scheme="gray"))


def _plain(value: rx.Var[str] | str) -> rx.Component:
    return _or_dash(value, rx.text(value, size="3"))


def details_card() -> rx.Component:
    d = S.detail
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading("Details", as_="h2", size="4"),
                rx.hstack(
                    rx.button(
                        rx.icon("pencil", size=14, aria_hidden="true"),
                        "Edit",
                        on_click=ContactsState.open_edit_on_page(S.shown_id),  # type: ignore[operator]  # mypy ignores rx.event's __new__ type
                        variant="soft",
                        size="1",
                        id=PAGE_EDIT_ID,
                        aria_label="Edit " + S.detail.name,
                    ),
                    rx.button(
                        rx.link(
                            rx.icon("merge", size=14, aria_hidden="true"),
                            "Merge",
                            href=S.merge_href,
                            aria_label="Merge with another contact",
                        ),
                        as_child=True,
                        variant="soft",
                        size="1",
                    ),
                    rx.button(
                        rx.icon("contact", size=14, aria_hidden="true"),
                        "vCard",
                        on_click=S.download_vcard,
                        variant="soft",
                        size="1",
                        aria_label="Download " + S.detail.name + " as a vCard",
                    ),
                    rx.button(
                        rx.icon("trash-2", size=14, aria_hidden="true"),
                        "Delete",
                        on_click=ContactsState.ask_delete_on_page(S.shown_id),  # type: ignore[operator]  # mypy ignores rx.event's __new__ type
                        variant="soft",
                        color_scheme="red",
                        size="1",
                        id=PAGE_DELETE_ID,
                        aria_label="Delete " + S.detail.name,
                    ),
                    spacing="2",
                    wrap="wrap",
                ),
                justify="between",
                align="center",
                wrap="wrap",
                width="100%",
            ),
            rx.el.dl(
                _row("Organisation", _plain(d.organisation)),
                _row("Role", _plain(d.role)),
                _row("Email", _or_dash(d.email, rx.link(d.email, href=S.email_href, size="3"))),
                _row(
                    "LinkedIn",
                    _or_dash(
                        d.linkedin_url,
                        rx.cond(
                            S.linkedin_href,
                            rx.link(
                                "LinkedIn profile",
                                href=S.linkedin_href,
                                is_external=True,
                                rel="noopener noreferrer",
                                size="3",
                            ),
                            rx.text(d.linkedin_url, size="3"),
                        ),
                    ),
                ),
                rx.cond(d.phone, _row("Phone", rx.text(d.phone, size="3")), rx.fragment()),
                _row("How you know them", _plain(d.source_label)),
                _row("Local", rx.text(rx.cond(d.is_local, "Yes, nearby", "No"), size="3")),
                rx.cond(
                    d.referred_by_name,
                    _row("Referred by", rx.link(d.referred_by_name, href=S.referred_by_href, size="3")),
                    rx.fragment(),
                ),
                style={"margin": "0", "width": "100%"},
            ),
            rx.heading("Notes", as_="h3", size="3"),
            rx.cond(
                d.notes,
                rx.box(
                    rx.text(d.notes, size="3", white_space="pre-wrap", style={"overflow_wrap": "anywhere"}),
                    id="contact-notes",
                    max_height="16rem",
                    overflow_y="auto",
                    width="100%",
                    # Long notes scroll; a tab stop lets keyboard users scroll them too.
                    tab_index=0,
                    role="region",
                    aria_label="Notes",
                ),
                rx.text("No notes yet.", size="2", color_scheme="gray"),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _link_button(label: str, icon: str, href: rx.Var, variant: str = "soft") -> rx.Component:
    # One tab stop: the link itself wears the button's look.
    return rx.button(
        rx.link(rx.icon(icon, size=16, aria_hidden="true"), label, href=href, underline="none"),
        as_child=True,
        variant=variant,
    )


def status_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Where things stand", as_="h2", size="4"),
            rx.hstack(
                rx.text("Stage", size="2", color_scheme="gray", weight="medium"),
                stage_badge(),
                rx.cond(
                    S.next_due_label,
                    rx.text(
                        "Next due: ",
                        rx.el.strong(S.next_due_label, id="contact-next-due"),
                        size="2",
                    ),
                    rx.fragment(),
                ),
                spacing="3",
                align="center",
                wrap="wrap",
            ),
            rx.cond(
                S.status_text,
                rx.text(S.status_text, size="3", id="contact-status"),
                rx.fragment(),
            ),
            rx.hstack(
                _link_button("Draft outreach", "mail", S.outreach_href),
                rx.cond(
                    S.awaiting_reply,
                    _link_button("Draft follow-up", "mail-plus", S.follow_up_href),
                    rx.fragment(),
                ),
                rx.cond(
                    S.has_met_or_will,
                    _link_button("Draft thank-you", "heart-handshake", S.thank_you_href),
                    rx.fragment(),
                ),
                spacing="2",
                wrap="wrap",
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )
