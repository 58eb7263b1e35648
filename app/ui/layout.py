"""The shared page frame: skip link, header with navigation and colour mode, one main landmark."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import reflex as rx

from app import routes
from app.domain.vocabulary import Role
from app.settings import get_settings
from app.ui.components.form import native_form
from app.ui.theme import PAGE_MAX_WIDTH

# The icon beside each menu entry.
NAV_ICONS: dict[str, str] = {
    routes.TODAY: "sun",
    routes.CONTACTS: "users",
    routes.EMPLOYERS: "building-2",
    routes.COMPOSE: "mail",
    routes.SETTINGS: "settings",
    routes.COHORT: "layout-grid",
}


@dataclass(frozen=True)
class Page:
    """A registered page: app/main.py adds each to the app."""

    path: str
    title: str | rx.Var[str]
    render: Callable[[], rx.Component]
    on_load: object = None
    description: str = ""


def student_nav(active: str) -> rx.Component:
    """The pages of the app; in hosted mode only once signed in (the login page needs none of them)."""
    links = rx.fragment(*[_nav_link(route, active) for route in routes.STUDENT_MENU])
    if get_settings().is_local:
        return links
    from app.state.session import SessionState

    return rx.cond(SessionState.role != "", links)


def hosted_nav(active: str) -> rx.Component:
    """Advisors see their cohort; everyone hosted can log out (a plain form post ends the session)."""
    if get_settings().is_local:
        return rx.fragment()
    from app.state.session import SessionState

    return rx.fragment(
        rx.cond(
            SessionState.role == Role.ADVISOR.value,
            rx.fragment(*[_nav_link(route, active) for route in routes.ADVISOR_MENU]),
        ),
        rx.cond(
            SessionState.role != "",
            native_form(
                rx.button("Log out", type="submit", variant="soft", color_scheme="gray", size="2"),
                action="/auth/logout",
                method="post",
                class_name="logout-form",
            ),
        ),
    )


def _nav_link(route: routes.Route, active: str) -> rx.Component:
    return rx.link(
        rx.hstack(
            rx.icon(NAV_ICONS[route.path], size=16, aria_hidden="true"),
            rx.text(route.title),
            spacing="2",
            align="center",
        ),
        href=route.path,
        class_name="nav-link",
        aria_current="page" if route.path == active else None,
    )


def colour_mode_button() -> rx.Component:
    return rx.icon_button(
        rx.color_mode_cond(
            light=rx.icon("moon", aria_hidden="true"), dark=rx.icon("sun", aria_hidden="true")
        ),
        on_click=rx.toggle_color_mode,
        variant="ghost",
        aria_label="Switch between light and dark mode",
        title="Switch between light and dark mode",
    )


MENU_BUTTON_ID = "menu-button"
NAV_ID = "site-nav"


def menu_button() -> rx.Component:
    """On a phone the navigation folds behind this button (assets/shell.js opens and closes it)."""
    return rx.el.button(
        rx.icon("menu", size=18, aria_hidden="true"),
        rx.el.span("Menu"),
        type="button",
        id=MENU_BUTTON_ID,
        class_name="menu-button",
        aria_expanded="false",
        aria_controls=NAV_ID,
        custom_attrs={"data-menu-toggle": "true"},
    )


def header(active: str) -> rx.Component:
    # One row at any width: on a phone the links fold behind "Menu" (assets/rapport.css, shell.js).
    return rx.el.header(
        rx.el.div(
            rx.link(
                rx.hstack(
                    rx.icon("handshake", size=22, aria_hidden="true"),
                    rx.text("Rapport", weight="bold", size="5"),
                    spacing="2",
                    align="center",
                ),
                href=routes.TODAY,
                underline="none",
                color_scheme="gray",
                high_contrast=True,
                aria_label="Rapport, go to Today",
                class_name="brand-link",
            ),
            menu_button(),
            rx.el.nav(
                rx.el.div(
                    student_nav(active),
                    hosted_nav(active),
                    class_name="site-nav-links",
                ),
                id=NAV_ID,
                aria_label="Main",
                class_name="site-nav",
            ),
            colour_mode_button(),
            class_name="site-header-bar",
            style={"max_width": PAGE_MAX_WIDTH},
        ),
        class_name="site-header no-print",
    )


def page_frame(content: rx.Component, *, active: str, title: str | rx.Var[str]) -> rx.Component:
    return rx.box(
        rx.el.a("Skip to content", href="#main", class_name="skip-link"),
        header(active),
        rx.el.main(
            rx.vstack(
                rx.heading(title, as_="h1", size="7"),
                content,
                spacing="5",
                width="100%",
            ),
            id="main",
            tab_index=-1,
            # "true" once the state and the on_load results have arrived (the browser tests wait on it).
            custom_attrs={"data-hydrated": rx.State.is_hydrated},
            class_name="page-main",
            style={"max_width": PAGE_MAX_WIDTH},
        ),
        min_height="100vh",
    )


def page(
    *,
    route: str,
    title: str | rx.Var[str],
    nav: str | None = None,
    on_load: object = None,
    description: str = "",
) -> Callable[[Callable[[], rx.Component]], Callable[[], rx.Component]]:
    """Registers a page with the shared frame; `nav` is the menu entry to highlight.

    `description` is the page's meta description (search results, link previews); without one
    the app's own.

    `title` may be a state var (a contact's name): it is then the h1 and the browser tab's title.
    """

    def decorator(body: Callable[[], rx.Component]) -> Callable[[], rx.Component]:
        def render() -> rx.Component:
            return page_frame(body(), active=nav or route, title=title)

        render.__name__ = body.__name__
        PAGES.append(
            Page(route, title, render, _with_session_guard(route, on_load), description or DESCRIPTION)
        )
        return render

    return decorator


PAGES: list[Page] = []
DESCRIPTION = (
    "Rapport coaches students through networking by informational interview: who to contact, "
    "what is due today, three good questions for each meeting, and the emails to send."
)
PUBLIC_ROUTES = (routes.LOGIN, routes.SIGNUP)


def _with_session_guard(route: str, on_load: object) -> object:
    """In hosted mode every page but login and sign-up first checks the session (and redirects)."""
    if get_settings().is_local:
        return on_load
    from app.state.session import SessionState

    guard = SessionState.skip_if_signed_in if route in PUBLIC_ROUTES else SessionState.require_session
    loaders = on_load if isinstance(on_load, list) else ([on_load] if on_load is not None else [])
    return [guard, *loaders]
