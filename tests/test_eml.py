"""Handing a draft to the mail client: `.eml` files that open as drafts, and `mailto:` links."""

from __future__ import annotations

import email
from email import policy
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

import pytest

from app.domain.eml import build_eml, mailto_url

BODY = "Hi Priya,\n\nThank you for your time on Tuesday.\n\nWith thanks,\nAna"


def _parse(raw: bytes) -> EmailMessage:
    message = email.message_from_bytes(raw, policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def _body(message: EmailMessage) -> str:
    return message.get_content().replace("\r\n", "\n")


def _mailto_parts(url: str) -> tuple[str, dict[str, str]]:
    """The address and the decoded fields of a mailto link, split on the raw `&` only."""
    parts = urlsplit(url)
    assert parts.scheme == "mailto"
    fields = dict(pair.split("=", 1) for pair in parts.query.split("&"))
    return unquote(parts.path), {name: unquote(value) for name, value in fields.items()}


def test_eml_parses_back_with_its_recipient_subject_and_body() -> None:
    message = _parse(build_eml(to="priya@example.com", subject="Thank you, Priya", body=BODY))
    assert message["To"] == "priya@example.com"
    assert message["Subject"] == "Thank you, Priya"
    assert _body(message).rstrip("\n") == BODY


def test_eml_is_marked_unsent_so_it_opens_as_a_draft() -> None:
    message = _parse(build_eml(to="priya@example.com", subject="Hi", body=BODY))
    assert message["X-Unsent"] == "1"


def test_eml_is_utf8_plain_text() -> None:
    message = _parse(build_eml(to="priya@example.com", subject="Hi", body=BODY))
    assert message.get_content_type() == "text/plain"
    assert message.get_content_charset() == "utf-8"


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        pytest.param("Merci, Zoë", "Bonjour Zoë,\n\nÇa m'a beaucoup aidée.", id="accents"),
        pytest.param("Thank you 🎉", "Hi Priya 🙏\n\nThanks!", id="emoji"),
        pytest.param("谢谢, Wei", "你好 Wei，\n\n非常感谢。", id="chinese"),
    ],
)
def test_eml_keeps_non_ascii_text_intact(subject: str, body: str) -> None:
    raw = build_eml(to="zoe@example.com", subject=subject, body=body)
    raw.decode("ascii")  # encoded for transport, so any mail client reads the file
    message = _parse(raw)
    assert message["Subject"] == subject
    assert _body(message).rstrip("\n") == body


def test_eml_keeps_a_very_long_line_intact() -> None:
    body = "A long paragraph " * 200
    raw = build_eml(to="priya@example.com", subject="Hi", body=body)
    assert max(len(line) for line in raw.split(b"\r\n")) <= 998  # RFC 5322 line limit
    assert _body(_parse(raw)).rstrip("\n") == body


def test_eml_uses_crlf_line_ends() -> None:
    raw = build_eml(to="priya@example.com", subject="Hi", body=BODY)
    assert b"\n" in raw
    assert raw.count(b"\n") == raw.count(b"\r\n")


def test_eml_sets_from_only_when_given() -> None:
    without = _parse(build_eml(to="priya@example.com", subject="Hi", body=BODY))
    with_from = _parse(
        build_eml(to="priya@example.com", subject="Hi", body=BODY, from_addr="Ana <ana@example.com>")
    )
    assert without["From"] is None
    assert with_from["From"] == "Ana <ana@example.com>"


@pytest.mark.parametrize(
    ("to", "subject"),
    [
        pytest.param("priya@example.com", "Hi\r\nBcc: spy@example.com", id="crlf-in-subject"),
        pytest.param("priya@example.com", "Hi\nBcc: spy@example.com", id="lf-in-subject"),
        pytest.param("priya@example.com\r\nBcc: spy@example.com", "Hi", id="crlf-in-recipient"),
    ],
)
def test_eml_header_injection_is_stripped(to: str, subject: str) -> None:
    raw = build_eml(to=to, subject=subject, body=BODY)
    message = _parse(raw)
    assert message["Bcc"] is None
    assert b"\r\nBcc:" not in raw
    assert "\n" not in message["Subject"] and "\r" not in message["Subject"]


def test_mailto_encodes_line_breaks_as_crlf() -> None:
    url = mailto_url("priya@example.com", "Hi", "Line one\nLine two\r\nLine three")
    assert "Line%20one%0D%0ALine%20two%0D%0ALine%20three" in url
    assert "%0D%0D" not in url and "%0A%0A%0D" not in url


def test_mailto_encodes_ampersands_and_other_reserved_characters() -> None:
    url = mailto_url("priya@example.com", "Q&A?", "Salt & pepper #1 = 100% good? a+b")
    assert url.count("&") == 1  # only the separator between subject and body
    assert "?" not in url.split("?", 1)[1]
    assert "#" not in url
    address, fields = _mailto_parts(url)
    assert address == "priya@example.com"
    assert fields == {"subject": "Q&A?", "body": "Salt & pepper #1 = 100% good? a+b"}


def test_mailto_encodes_spaces_as_percent_20_not_plus() -> None:
    url = mailto_url("priya@example.com", "Thank you", "Hi there")
    assert "+" not in url
    assert "subject=Thank%20you" in url


def test_mailto_round_trips_a_long_non_ascii_body_without_cutting_it() -> None:
    body = ("Merci beaucoup, Zoë 🎉\n" * 300).rstrip("\n")
    _, fields = _mailto_parts(mailto_url("zoe@example.com", "Merci", body))
    assert fields["body"] == body.replace("\n", "\r\n")


def test_mailto_strips_line_breaks_from_recipient_and_subject() -> None:
    url = mailto_url("priya@example.com\r\n", "Hi\r\nBcc: spy@example.com", BODY)
    address, fields = _mailto_parts(url)
    assert address == "priya@example.com"
    assert fields["subject"] == "Hi Bcc: spy@example.com"


def test_mailto_recipient_cannot_add_fields() -> None:
    url = mailto_url("priya@example.com?bcc=spy@example.com", "Hi", BODY)
    _, fields = _mailto_parts(url)
    assert set(fields) == {"subject", "body"}
