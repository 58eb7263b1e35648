"""A plain HTML form that really posts to the server (Reflex's own form always stops native submission).

Used for login, sign-up, logout and password change, whose responses must set or clear an HttpOnly
cookie, which a websocket event cannot do.
"""

from typing import ClassVar

import reflex as rx


class NativeForm(rx.Component):
    tag = "form"
    # Render as the HTML element itself, as Reflex's own raw elements do.
    _is_tag_in_global_scope: ClassVar[bool] = True

    action: rx.Var[str]
    method: rx.Var[str]


native_form = NativeForm.create
