"""Settings, in both modes: take all your data with you, or delete it; hosted mode: change password."""

import functools
from typing import cast

import reflex as rx
from reflex.event import EventSpec
from reflex.vars import ObjectVar, Var

from app import routes
from app.domain.passwords import MIN_LENGTH
from app.settings import get_settings
from app.state.settings import CONFIRM_WORD, SettingsState
from app.ui.components.form import (
    control_props,
    error_of,
    field,
    message_box,
    native_form,
    password_field,
    text_field,
)
from app.ui.layout import page
from app.ui.pages.settings_calendar import calendar_feed_section


def section(title: str, *children: rx.Component, anchor: str | None = None) -> rx.Component:
    return rx.card(
        rx.vstack(rx.heading(title, as_="h2", size="4"), *children, spacing="3", align="start"),
        size="3",
        width="100%",
        id=anchor,
    )


ABOUT_LABELS: tuple[tuple[str, str], ...] = (
    ("name", "Your name"),
    ("school", "School"),
    ("programme_year", "Programme and year"),
    ("exploring", "What you're exploring"),
    ("signature", "Email signature"),
)  # the time zone has its own section (it decides what "today" means)


def _save_about(name: str, value: Var[str]) -> EventSpec:
    return SettingsState.save_about(name, value)  # type: ignore[operator]


def about_section() -> rx.Component:
    return section(
        "About me",
        rx.text(
            "Used in your drafts so they need no gaps filled about you. Your advisor sees only your name."
        ),
        *[
            text_field(
                label,
                f"about-{name}",
                default_value=cast(ObjectVar[dict[str, str]], SettingsState.about)[name],
                on_blur=functools.partial(_save_about, name),
                multiline=name == "signature",
                error=error_of(SettingsState.about_errors, name),
            )
            for name, label in ABOUT_LABELS
        ],
        rx.text(SettingsState.about_note, role="status"),
        anchor="about",
    )


def export_section() -> rx.Component:
    return section(
        "Your data",
        rx.text(
            "Download everything Rapport holds for you: contacts, timeline, meetings, briefs and drafts."
        ),
        rx.hstack(
            rx.button(
                rx.icon("download", aria_hidden="true"),
                "Download all my data (JSON)",
                on_click=SettingsState.export_json,
            ),
            rx.button(
                rx.icon("sheet", aria_hidden="true"),
                "Download all my data (CSV, zipped)",
                on_click=SettingsState.export_csv,
                variant="soft",
            ),
            spacing="3",
            wrap="wrap",
        ),
        rx.text(
            "Spreadsheet copies of your contacts and timeline are on ",
            rx.link("Import and export", href=routes.IMPORT, underline="always"),
            ".",
            size="2",
        ),
    )


def time_zone_section() -> rx.Component:
    return section(
        "Time zone",
        rx.text(
            "Your time zone decides when a day starts and when 24 hours are up for a thank-you. "
            "Rapport takes it from your browser; change it here if it is wrong."
        ),
        rx.cond(
            SettingsState.time_zone_known,
            rx.fragment(),
            rx.callout(
                "Your browser didn't name a time zone Rapport knows, so days are counted in UTC. "
                "Choose yours below.",
                icon="info",
                color_scheme="amber",
                id="time-zone-unknown",
            ),
        ),
        field(
            "Your time zone",
            "time-zone",
            rx.el.select(
                rx.foreach(
                    SettingsState.time_zone_choices,
                    lambda name: rx.el.option(name, value=name),
                ),
                **control_props("time-zone", SettingsState.time_zone_error),
                value=SettingsState.time_zone,
                on_change=SettingsState.set_time_zone,
                style={"padding": "0.4rem", "max_width": "100%"},
            ),
            error=SettingsState.time_zone_error,
        ),
        rx.cond(SettingsState.time_zone_saved, rx.text("Saved.", size="2", color_scheme="green")),
    )


def where_it_lives() -> rx.Component:
    settings = get_settings()
    return section(
        "Where your data lives",
        rx.text(
            "On this computer only, in ",
            rx.code(str(settings.data_dir / "rapport.db")),
            ". Rapport never sends email: your own mail client does.",
        ),
    )


def password_section() -> rx.Component:
    return section(
        "Change password",
        message_box(SettingsState.password_error),
        native_form(
            rx.vstack(
                password_field("Current password", "current-password", name="current"),
                password_field(
                    "New password",
                    "new-password",
                    name="new",
                    new=True,
                    min_length=MIN_LENGTH,
                    hint=f"At least {MIN_LENGTH} characters. You'll log in again afterwards, everywhere.",
                ),
                rx.button("Change password", type="submit"),
                spacing="3",
                width="100%",
                max_width="28rem",
            ),
            action="/auth/password",
            method="post",
        ),
    )


def delete_section() -> rx.Component:
    what = "everything in Rapport" if get_settings().is_local else "your account and everything in it"
    return section(
        "Delete my data",
        rx.text(
            f"This deletes {what}, for good: your contacts, timeline, meetings, briefs, drafts, "
            "and every file you uploaded to import, including ones you never finished importing. "
            "Download a copy first if you might want it."
        ),
        field(
            f"Type “{CONFIRM_WORD}” to confirm",
            "confirm-delete",
            rx.input(
                **control_props("confirm-delete"),
                value=SettingsState.confirm_text,
                on_change=SettingsState.set_confirm_text,
                auto_complete="off",
                max_width="16rem",
            ),
        ),
        message_box(SettingsState.delete_error),
        rx.button("Delete everything", color_scheme="red", on_click=SettingsState.delete_everything),
    )


DESC_SETTINGS = "Your weekly goal, your calendar feed, and all your data: download it as JSON or delete it."


@page(route=routes.SETTINGS, title="Settings", on_load=SettingsState.load, description=DESC_SETTINGS)
def settings_page() -> rx.Component:
    local = get_settings().is_local
    return rx.vstack(
        about_section(),
        export_section(),
        time_zone_section(),
        calendar_feed_section(),
        where_it_lives() if local else password_section(),
        delete_section(),
        spacing="5",
        width="100%",
    )
