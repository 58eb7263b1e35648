"""The messages the login, sign-up and settings pages show, by code: the address carries only a code.

A redirect from app/web_auth.py names what happened with codes from this table (`error=throttled`);
the page looks each code up here. A code that is not in the table shows nothing, so no text from
the address ever reaches the page.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.domain.passwords import PASSWORD_PROBLEMS
from app.services import accounts

MESSAGES: dict[str, str] = {
    "login_failed": accounts.LOGIN_FAILED,
    "throttled": accounts.THROTTLED,
    "signup_failed": accounts.SIGNUP_FAILED,
    "email_invalid": "Enter your email address, like name@example.org.",
    "name_too_long": "Keep your name under 200 characters.",
    "current_password_wrong": "That isn't your current password.",
    **PASSWORD_PROBLEMS,
    "logged_out": "You're logged out. See you soon.",
    "password_changed": "Password changed. Log in with your new password.",
    # Any refusal whose words are not in this table yet: calm, and still true.
    "failed": "That didn't work. Check what you entered and try again.",
}
_CODE_OF = {text: code for code, text in MESSAGES.items()}
MAX_CODES = 6


def codes_for(texts: Iterable[str]) -> str:
    """The codes for these messages, comma-separated, for a redirect's query string."""
    codes = [_CODE_OF.get(text, "failed") for text in texts]
    return ",".join(dict.fromkeys(codes))


def messages_for(raw: object) -> str:
    """What a page shows for the codes in its address: known codes only, each once, in order."""
    if not isinstance(raw, str):
        return ""
    codes = dict.fromkeys(code.strip() for code in raw.split(",")[:MAX_CODES])
    return " ".join(MESSAGES[code] for code in codes if code in MESSAGES)
