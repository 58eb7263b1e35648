"""The page shown for any path Rapport does not know, and for records that are not the student's."""

import reflex as rx

from app import routes
from app.ui.components.empty import empty_state
from app.ui.layout import page_frame

NOT_FOUND_TEXT = "We couldn't find that page. It may have moved, or the link may be mistyped."


def not_found_card(what: str = "page") -> rx.Component:
    return empty_state(
        "compass",
        f"This {what} isn't here",
        NOT_FOUND_TEXT if what == "page" else f"We couldn't find that {what}. It may have been deleted.",
        rx.link(rx.button("Back to Today"), href=routes.TODAY),
    )


def not_found() -> rx.Component:
    return page_frame(not_found_card(), active="", title="Not found")
