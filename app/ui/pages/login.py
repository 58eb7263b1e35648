"""Log in (hosted mode): a plain form post, so the session token goes straight into an HttpOnly cookie."""

import reflex as rx

from app import routes
from app.settings import get_settings
from app.state.auth_pages import AuthPageState
from app.ui.components.empty import empty_state
from app.ui.components.form import email_field, message_box, native_form, password_field
from app.ui.layout import page


def login_form() -> rx.Component:
    return rx.card(
        native_form(
            rx.vstack(
                message_box(AuthPageState.notice, tone="teal", icon="check"),
                message_box(AuthPageState.error),
                email_field("login-email", default_value=AuthPageState.email),
                password_field("Password", "login-password", name="password"),
                rx.button("Log in", type="submit", size="3", width="100%"),
                rx.text(
                    "New here? ",
                    rx.link(
                        "Create an account with your cohort's invite code",
                        href=routes.SIGNUP,
                        underline="always",
                    ),
                    size="2",
                ),
                spacing="4",
            ),
            action="/auth/login",
            method="post",
        ),
        size="3",
        max_width="28rem",
        width="100%",
    )


def local_mode_note() -> rx.Component:
    return empty_state(
        "log-in",
        "No login needed here",
        "This copy of Rapport runs in local mode for one person, so there is nothing to log in to.",
        rx.link(rx.button("Go to Today"), href=routes.TODAY),
    )


@page(
    route=routes.LOGIN,
    title="Log in",
    on_load=AuthPageState.load,
    description="Log in to Rapport, your networking coach for informational interviews.",
)
def login() -> rx.Component:
    return local_mode_note() if get_settings().is_local else login_form()
