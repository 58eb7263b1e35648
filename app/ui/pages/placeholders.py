"""Pages whose full version a later issue builds; each says so plainly and points somewhere useful."""

import reflex as rx

from app import routes
from app.ui.components.empty import empty_state
from app.ui.layout import page


@page(route=routes.TODAY, title="Today")
def today() -> rx.Component:
    return empty_state(
        "sparkles",
        "Welcome to Rapport",
        "Networking is a learned skill, and everyone who says yes to meeting you is networking too. "
        "Start with one person whose career you admire.",
        rx.link(rx.button("Go to your contacts"), href=routes.CONTACTS),
    )


@page(route=routes.CONTACTS, title="Contacts")
def contacts() -> rx.Component:
    return empty_state(
        "users",
        "Your contacts will live here",
        "The tracker (table, board, search, import from LinkedIn) is being built.",
    )


@page(route=routes.CONTACT, title="Contact", nav=routes.CONTACTS)
def contact() -> rx.Component:
    return empty_state("user", "Contact details", "A contact's timeline is being built.")


@page(route=routes.MEETING_PREP, title="Prepare for your meeting", nav=routes.TODAY)
def meeting_prep() -> rx.Component:
    return empty_state("list-checks", "The prep wizard", "The prep wizard is being built.")


@page(route=routes.COMPOSE, title="Compose")
def compose() -> rx.Component:
    return empty_state("mail", "The composer", "Drafting outreach and thank-you emails is being built.")


@page(route=routes.COHORT, title="Cohort")
def cohort() -> rx.Component:
    return empty_state("layout-grid", "Your cohort", "The advisor's view is part of hosted mode.")


@page(route=routes.LOGIN, title="Log in")
def login() -> rx.Component:
    return empty_state(
        "log-in",
        "No login needed here",
        "This copy of Rapport runs in local mode for one person, so there is nothing to log in to.",
        rx.link(rx.button("Go to Today"), href=routes.TODAY),
    )


@page(route=routes.SIGNUP, title="Sign up")
def signup() -> rx.Component:
    return empty_state(
        "user-plus",
        "No account needed here",
        "This copy of Rapport runs in local mode for one person: your data stays on this computer.",
        rx.link(rx.button("Go to Today"), href=routes.TODAY),
    )


@page(route=routes.SETTINGS, title="Settings")
def settings() -> rx.Component:
    return empty_state("settings", "Settings", "Exporting and deleting your data is being built.")
