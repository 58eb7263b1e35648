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

    return rx.hstack(
        rx.cond(
            SessionState.role == Role.ADVISOR.value,
            rx.hstack(*[_nav_link(route, active) for route in routes.ADVISOR_MENU]),
        ),
        rx.cond(
            SessionState.role != "",
            native_form(
                rx.button("Log out", type="submit", variant="soft", color_scheme="gray", size="2"),
                action="/auth/logout",
                method="post",
            ),
        ),
        spacing="2",
        align="center",
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


def header(active: str) -> rx.Component:
    return rx.el.header(
        rx.hstack(
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
            ),
            rx.el.nav(
                rx.hstack(
                    student_nav(active),
                    hosted_nav(active),
                    spacing="1",
                    wrap="wrap",
                    align="center",
                ),
                aria_label="Main",
            ),
            colour_mode_button(),
            justify="between",
            align="center",
            wrap="wrap",
            spacing="3",
            width="100%",
            max_width=PAGE_MAX_WIDTH,
            margin="0 auto",
            padding_x="1rem",
            padding_y="0.75rem",
        ),
        style={"border_bottom": "1px solid var(--gray-a5)"},
        class_name="no-print",
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
            style={
                "max_width": PAGE_MAX_WIDTH,
                "margin": "0 auto",
                "padding": "1.5rem 1rem 4rem",
                "outline": "none",
            },
        ),
        min_height="100vh",
    )


def page(
    *,
    route: str,
    title: str | rx.Var[str],
    nav: str | None = None,
    on_load: object = None,
) -> Callable[[Callable[[], rx.Component]], Callable[[], rx.Component]]:
    """Registers a page with the shared frame; `nav` is the menu entry to highlight.

    `title` may be a state var (a contact's name): it is then the h1 and the browser tab's title.
    """

    def decorator(body: Callable[[], rx.Component]) -> Callable[[], rx.Component]:
        def render() -> rx.Component:
            return page_frame(body(), active=nav or route, title=title)

        render.__name__ = body.__name__
        PAGES.append(Page(route, title, render, _with_session_guard(route, on_load)))
        return render

    return decorator


PAGES: list[Page] = []
PUBLIC_ROUTES = (routes.LOGIN, routes.SIGNUP)


def _with_session_guard(route: str, on_load: object) -> object:
    """In hosted mode every page but login and sign-up first checks the session (and redirects)."""
    if get_settings().is_local:
        return on_load
    from app.state.session import SessionState

    guard = SessionState.skip_if_signed_in if route in PUBLIC_ROUTES else SessionState.require_session
    loaders = on_load if isinstance(on_load, list) else ([on_load] if on_load is not None else [])
    return [guard, *loaders]
