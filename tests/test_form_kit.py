"""The form kit wires each control to its own hint and error, and the contact dialog shows every field."""

from __future__ import annotations

import re
from dataclasses import fields

import reflex as rx

from app.state.contacts import FieldErrors
from app.ui.components.form import control_props, field
from app.ui.pages.contacts.form import contact_dialog


def _control_props(rendered: str, control_id: str) -> str:
    """The props of the control whose id is `control_id`, as the compiled page spells them."""
    end = rendered.index(f'id:"{control_id}",')
    start = max(rendered.rfind("jsx(", 0, end), 0)
    return rendered[start:end]


def test_a_control_points_at_its_hint_and_its_error():
    props = control_props("signup-password", "", hint=True)
    assert props["id"] == "signup-password"
    assert props["aria_describedby"] == "signup-password-hint signup-password-error"


def test_a_control_without_hint_or_error_is_only_named():
    assert control_props("login-email") == {"id": "login-email"}


def test_the_error_is_a_polite_live_region_always_in_the_page():
    rendered = str(field("Name", "n", rx.input(**control_props("n", "")), error=""))
    assert '"aria-live":"polite"' in _control_props(rendered, "n-error")
    assert 'role:"alert"' not in rendered  # alerts are for the whole form, not each field


def test_every_contact_field_is_described_by_its_own_error():
    rendered = str(contact_dialog())
    for name in (f.name for f in fields(FieldErrors)):
        control_id = f"contact-{name}"
        props = _control_props(rendered, control_id)
        assert f'"aria-describedby":"{control_id}-error"' in props, name
        assert f'id:"{control_id}-error"' in rendered, name


def test_the_contact_dialog_has_a_phone_field_filled_from_the_contact():
    rendered = str(contact_dialog())
    props = _control_props(rendered, "contact-phone")
    after = rendered[rendered.index('id:"contact-phone",') :][:120]
    assert 'name:"phone"' in after
    assert 'type:"tel"' in after
    assert 'form_rx_state_?.["phone"]' in props
    assert re.search(r'htmlFor:"contact-phone"[^)]*\},"Phone"\)', rendered)
