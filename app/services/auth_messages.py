"""The messages the login, sign-up and settings pages show, by code: the address carries only a code.

A redirect from app/web_auth.py names what happened with codes from this table (`error=throttled`);
the page looks each code up here. A code that is not in the table shows nothing, so no text from
the address ever reaches the page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import timedelta

from app.domain.passwords import PASSWORD_PROBLEMS
from app.services import accounts

MESSAGES: dict[str, str] = {
    "login_failed": accounts.LOGIN_FAILED,
    "signup_failed": accounts.SIGNUP_FAILED,
    "email_invalid": "Enter your email address, like name@example.org.",
    "name_too_long": "Keep your name under 200 characters.",
    "current_password_wrong": "That isn't your current password.",
    **PASSWORD_PROBLEMS,
    "logged_out": "You're logged out. See you soon.",
    "password_changed": "Password changed. Log in with your new password.",
    "account_deleted": (
        "Your account and everything in it are deleted, uploaded files included. "
        "Nothing of yours is left in Rapport."
    ),
    # Any refusal whose words are not in this table yet: calm, and still true.
    "failed": "That didn't work. Check what you entered and try again.",
}
_CODE_OF = {text: code for code, text in MESSAGES.items()}
MAX_CODES = 6

# Refusals that say how long to wait travel as a code and a number of minutes ("throttled-5"): the
# number is bounded, and the words are still this table's.
WAITS: dict[str, Callable[[timedelta], str]] = {
    "throttled": accounts.throttled_message,
    "signup_throttled": accounts.signup_throttled_message,
}
MAX_WAIT_MINUTES = 24 * 60


def wait_code(kind: str, wait: timedelta) -> str:
    """The code for "wait this long" refusals: `wait_code("throttled", timedelta(seconds=90))` is
    "throttled-2" (rounded up, as the message words it)."""
    minutes = max(1, min(MAX_WAIT_MINUTES, -(-int(wait.total_seconds()) // 60)))
    return f"{kind}-{minutes}"


def _message(code: str) -> str:
    if code in MESSAGES:
        return MESSAGES[code]
    kind, _, minutes = code.rpartition("-")
    if kind in WAITS and minutes.isdigit() and len(minutes) <= 4 and 1 <= int(minutes) <= MAX_WAIT_MINUTES:
        return WAITS[kind](timedelta(minutes=int(minutes)))
    return ""


def codes_for(texts: Iterable[str]) -> str:
    """The codes for these messages, comma-separated, for a redirect's query string."""
    codes = [_CODE_OF.get(text, "failed") for text in texts]
    return ",".join(dict.fromkeys(codes))


def messages_for(raw: object) -> str:
    """What a page shows for the codes in its address: known codes only, each once, in order."""
    if not isinstance(raw, str):
        return ""
    codes = dict.fromkeys(code.strip() for code in raw.split(",")[:MAX_CODES])
    return " ".join(message for code in codes if (message := _message(code)))
