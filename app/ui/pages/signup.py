"""Sign up (hosted mode) with an email, a password and the cohort's invite code."""

import reflex as rx

from app import routes
from app.domain.passwords import MIN_LENGTH
from app.settings import get_settings
from app.state.auth_pages import AuthPageState
from app.ui.components.empty import empty_state
from app.ui.components.form import control_props, email_field, field, message_box, native_form, password_field
from app.ui.layout import page


def signup_form() -> rx.Component:
    return rx.card(
        native_form(
            rx.vstack(
                message_box(AuthPageState.error),
                field(
                    "Your name",
                    "signup-name",
                    rx.input(
                        **control_props("signup-name"),
                        name="name",
                        auto_complete="name",
                        default_value=AuthPageState.name,
                        width="100%",
                    ),
                ),
                email_field("signup-email", default_value=AuthPageState.email),
                password_field(
                    "Password",
                    "signup-password",
                    name="password",
                    new=True,
                    min_length=MIN_LENGTH,
                    hint=f"At least {MIN_LENGTH} characters. A short sentence you'll remember works well.",
                ),
                field(
                    "Invite code",
                    "signup-code",
                    rx.input(
                        **control_props("signup-code", hint=True),
                        name="invite_code",
                        required=True,
                        auto_complete="off",
                        default_value=AuthPageState.invite_code,
                        width="100%",
                    ),
                    hint="Your career advisor gives you this code.",
                ),
                rx.button("Create my account", type="submit", size="3", width="100%"),
                rx.text(
                    "Already have an account? ",
                    rx.link("Log in", href=routes.LOGIN, underline="always"),
                    size="2",
                ),
                spacing="4",
            ),
            action="/auth/signup",
            method="post",
        ),
        size="3",
        max_width="28rem",
        width="100%",
    )


@page(route=routes.SIGNUP, title="Sign up", on_load=AuthPageState.load)
def signup() -> rx.Component:
    if get_settings().is_local:
        return empty_state(
            "user-plus",
            "No account needed here",
            "This copy of Rapport runs in local mode for one person: your data stays on this computer.",
            rx.link(rx.button("Go to Today"), href=routes.TODAY),
        )
    return signup_form()
