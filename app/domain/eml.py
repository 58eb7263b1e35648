"""Hand a draft to the student's own mail client: an `.eml` file to open, or a `mailto:` link."""

from __future__ import annotations

import re
from email import policy
from email.message import EmailMessage
from urllib.parse import quote

__all__ = ["build_eml", "mailto_address", "mailto_url"]

_LINE_BREAKS_RE = re.compile(r"[\r\n]+")


def _one_line(value: str) -> str:
    """A header value with its line breaks turned into spaces, so nothing can add a header."""
    return _LINE_BREAKS_RE.sub(" ", value).strip()


def _crlf(text: str) -> str:
    """Line ends as email wants them (RFC 5322, RFC 6068), whatever the textarea sent."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")


def build_eml(*, to: str, subject: str, body: str, from_addr: str | None = None) -> bytes:
    """An RFC 5322 message in UTF-8 that mail clients open as an unsent draft, ready to edit and send."""
    # The SMTP policy writes CRLF line ends, as RFC 5322 requires of a message file.
    message = EmailMessage(policy=policy.SMTP)
    if from_addr and _one_line(from_addr):
        message["From"] = _one_line(from_addr)
    message["To"] = _one_line(to)
    message["Subject"] = _one_line(subject)
    # Outlook and Thunderbird open a message carrying this header as a draft rather than as mail received.
    message["X-Unsent"] = "1"
    # Quoted-printable keeps the file 7-bit clean for any client, yet readable where it is ASCII.
    message.set_content(
        body.replace("\r\n", "\n").replace("\r", "\n"), charset="utf-8", cte="quoted-printable"
    )
    return message.as_bytes()


def mailto_url(to: str, subject: str, body: str) -> str:
    """A `mailto:` link (RFC 6068) that opens a new message with the draft filled in.

    Everything is percent-encoded, so `&`, `?`, `#` and emoji survive, and line breaks travel as
    %0D%0A. Nothing is cut: some mail clients ignore very long links (around 2,000 characters),
    so offer the copy button or the `.eml` download beside it.
    """
    fields = f"subject={quote(_one_line(subject), safe='')}&body={quote(_crlf(body), safe='')}"
    return f"{mailto_address(to)}?{fields}"


def mailto_address(to: str) -> str:
    """A `mailto:` link to one address, encoded: a `?`, `&` or `,` in it adds no field or recipient."""
    return f"mailto:{quote(_one_line(to), safe='@')}"
