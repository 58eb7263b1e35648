"""Drafts from the template files: every kind loads, gaps show what is missing, filled drafts pass."""

from __future__ import annotations

import string
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.domain import job_ask
from app.domain.email_checks import WORD_LIMIT, can_mark_sent, check_email
from app.domain.templates import (
    PLACEHOLDERS,
    TEMPLATE_DIR,
    TemplateError,
    gap,
    gap_markers,
    load_template,
    render_draft,
    template_path,
)
from app.domain.vocabulary import DraftKind
from app.domain.words import word_count

VALUES: dict[str, str | None] = {
    "contact_first_name": "Priya",
    "contact_name": "Priya Shah",
    "contact_role": "Product Designer",
    "organisation": "Shopify",
    "connection": "fellow Western alum",
    "student_name": "Ana Ruiz",
    "student_program": "BA Media Studies, Western University",
    "interest": "product design",
    "meeting_date": "Tuesday",
    "learned": "how research shapes the roadmap",
    "next_step": "sit in on a user research session",
    "question_1": "What trends are changing your team's work?",
    "question_2": "What surprised you most in your first year?",
    "question_3": "What would you read to learn more?",
    "advice_taken": "join the local UX meetup",
    "reason": "I read your team's piece on accessible forms",
}
NOW = datetime(2025, 3, 4, 12, 0, tzinfo=UTC)


def _fields(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


def _write_template(folder: Path, kind: DraftKind, text: str) -> None:
    template_path(kind, template_dir=folder).write_bytes(text.encode("utf-8"))


@pytest.mark.parametrize("kind", list(DraftKind))
def test_every_kind_of_draft_has_a_template_with_subject_and_body(kind: DraftKind) -> None:
    subject, body = load_template(kind)
    assert subject.strip()
    assert body.strip()
    assert not body.startswith("\n")


@pytest.mark.parametrize("kind", list(DraftKind))
def test_templates_use_only_documented_placeholders(kind: DraftKind) -> None:
    subject, body = load_template(kind)
    assert _fields(subject) | _fields(body) <= set(PLACEHOLDERS)


def test_readme_documents_every_placeholder() -> None:
    readme = (TEMPLATE_DIR / "README.md").read_text(encoding="utf-8")
    missing = [name for name in PLACEHOLDERS if f"`{{{name}}}`" not in readme]
    assert missing == []


def test_readme_shows_the_gap_text_of_every_placeholder() -> None:
    readme = (TEMPLATE_DIR / "README.md").read_text(encoding="utf-8")
    assert [name for name in PLACEHOLDERS if gap(name) not in readme] == []


def test_filled_outreach_passes_every_outreach_check_in_under_75_words() -> None:
    subject, body = render_draft(DraftKind.OUTREACH, VALUES)
    checks = check_email(DraftKind.OUTREACH, subject, body, contact_name="Priya Shah")
    assert word_count(body) < WORD_LIMIT
    assert [(check.code, check.reason) for check in checks if check.status != "pass"] == []
    assert len(checks) == 8


def test_outreach_stays_under_75_words_with_long_but_realistic_values() -> None:
    long_values = VALUES | {
        "contact_role": "Senior Director of User Experience",
        "organisation": "Royal Bank of Canada",
        "connection": "fellow member of the Toronto UX Research group",
        "interest": "user research in financial services",
        "student_name": "Ana María Ruiz González",
        "student_program": "MA Journalism and Communication, Western University",
    }
    _, body = render_draft(DraftKind.OUTREACH, long_values)
    assert word_count(body) <= WORD_LIMIT


@pytest.mark.parametrize("kind", list(DraftKind))
def test_every_filled_template_can_be_marked_sent(kind: DraftKind) -> None:
    subject, body = render_draft(kind, VALUES)
    checks = check_email(
        kind,
        subject,
        body,
        contact_name="Priya Shah",
        meeting_ended_at=NOW - timedelta(hours=2),
        now=NOW,
        notes_keywords=["roadmap"],
    )
    assert [(check.code, check.reason) for check in checks if check.status == "fail"] == []
    assert can_mark_sent(checks)


def test_filled_thank_you_passes_its_checks_when_it_uses_the_notes() -> None:
    subject, body = render_draft(DraftKind.THANK_YOU, VALUES)
    checks = check_email(
        DraftKind.THANK_YOU,
        subject,
        body,
        contact_name="Priya Shah",
        meeting_ended_at=NOW - timedelta(hours=2),
        now=NOW,
        notes_keywords=["research", "roadmap"],
    )
    assert [check.code for check in checks if check.status != "pass"] == []


@pytest.mark.parametrize("kind", list(DraftKind))
def test_no_template_asks_for_a_job(kind: DraftKind) -> None:
    subject, body = load_template(kind)
    asking = [line for line in job_ask.sentences(f"{subject}\n{body}") if job_ask.asks_for_job(line)]
    assert asking == []


@pytest.mark.parametrize("kind", list(DraftKind))
def test_missing_values_show_as_gaps_never_none(kind: DraftKind) -> None:
    subject, body = render_draft(kind, {})
    assert "None" not in subject + body
    assert "{" not in subject + body
    assert gap("contact_first_name") in body


def test_none_and_blank_values_become_gaps() -> None:
    values = VALUES | {"organisation": None, "interest": "   ", "contact_role": ""}
    _, body = render_draft(DraftKind.OUTREACH, values)
    assert "None" not in body
    assert "[[their organisation]]" in body
    assert "[[the field you're curious about]]" in body
    assert "[[their role]]" in body


def test_values_are_trimmed_before_filling() -> None:
    _, body = render_draft(DraftKind.OUTREACH, VALUES | {"contact_first_name": "  Priya \n"})
    assert body.startswith("Hi Priya,\n")


def test_a_half_filled_draft_cannot_be_marked_sent() -> None:
    subject, body = render_draft(DraftKind.OUTREACH, VALUES | {"organisation": None})
    checks = check_email(DraftKind.OUTREACH, subject, body, contact_name="Priya Shah")
    assert not can_mark_sent(checks)


def test_gap_markers_list_what_is_missing_in_order_once_each() -> None:
    subject, body = render_draft(DraftKind.OUTREACH, VALUES | {"connection": None, "organisation": None})
    assert gap_markers(f"{subject}\n{body}") == ["what connects you", "their organisation"]


def test_a_fully_filled_draft_has_no_gap_markers() -> None:
    subject, body = render_draft(DraftKind.OUTREACH, VALUES)
    assert gap_markers(f"{subject}\n{body}") == []


def test_an_unknown_placeholder_shows_as_a_gap_named_after_it(tmp_path: Path) -> None:
    _write_template(tmp_path, DraftKind.OUTREACH, "Subject: Hi\n\nAt {organsation}, hello.\n")
    _, body = render_draft(DraftKind.OUTREACH, VALUES, template_dir=tmp_path)
    assert body == "At [[organsation]], hello."


def test_edits_to_a_template_show_up_in_the_next_draft(tmp_path: Path) -> None:
    _write_template(tmp_path, DraftKind.THANK_YOU, "Subject: Thanks\n\nThank you, {contact_first_name}.\n")
    assert render_draft(DraftKind.THANK_YOU, VALUES, template_dir=tmp_path)[1] == "Thank you, Priya."
    _write_template(tmp_path, DraftKind.THANK_YOU, "Subject: Merci\n\nMerci, {contact_first_name} !\n")
    assert render_draft(DraftKind.THANK_YOU, VALUES, template_dir=tmp_path) == ("Merci", "Merci, Priya !")


def test_windows_line_ends_and_byte_order_mark_are_tolerated(tmp_path: Path) -> None:
    _write_template(tmp_path, DraftKind.OUTREACH, "\ufeffSubject: Hello\r\n\r\nLine one\r\nLine two\r\n")
    assert render_draft(DraftKind.OUTREACH, {}, template_dir=tmp_path) == ("Hello", "Line one\nLine two")


def test_doubled_braces_render_as_literal_braces(tmp_path: Path) -> None:
    _write_template(tmp_path, DraftKind.OUTREACH, "Subject: Hi\n\nUse {{braces}} for {interest}.\n")
    assert (
        render_draft(DraftKind.OUTREACH, VALUES, template_dir=tmp_path)[1]
        == "Use {braces} for product design."
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("Hello there\n\nBody\n", "Subject:", id="first-line-is-not-a-subject"),
        pytest.param("Subject: Hi\nBody right away\n", "blank line", id="no-blank-line-after-subject"),
        pytest.param("Subject: Hi\n\nHi {contact.name}\n", "placeholder name", id="attribute-access"),
        pytest.param("Subject: Hi\n\nHi {}\n", "placeholder name", id="empty-braces"),
        pytest.param("Subject: Hi\n\nHi {contact_first_name\n", "brace", id="unclosed-brace"),
    ],
)
def test_a_malformed_template_is_refused_with_a_helpful_message(
    tmp_path: Path, text: str, message: str
) -> None:
    _write_template(tmp_path, DraftKind.OUTREACH, text)
    with pytest.raises(TemplateError, match=message):
        render_draft(DraftKind.OUTREACH, VALUES, template_dir=tmp_path)


def test_a_signature_replaces_only_the_closing_name_lines(tmp_path: Path) -> None:
    text = "Subject: Hi from {student_name}\n\nHi,\n\n{student_name} here.\n\n"
    text += "Thanks,\n{student_name}\n{student_program}\n"
    _write_template(tmp_path, DraftKind.OUTREACH, text)
    values = {"student_name": "Ana", "signature": "Ana Ruiz\n{not a field} • Western"}
    subject, body = render_draft(DraftKind.OUTREACH, values, template_dir=tmp_path)
    assert subject == "Hi from Ana"
    assert body == "Hi,\n\nAna here.\n\nThanks,\nAna Ruiz\n{not a field} • Western"


def test_without_a_signature_the_closing_lines_keep_their_gaps(tmp_path: Path) -> None:
    text = "Subject: Hi\n\nThanks,\n{student_name}\n{student_program}\n"
    _write_template(tmp_path, DraftKind.OUTREACH, text)
    _, body = render_draft(DraftKind.OUTREACH, {"signature": "  "}, template_dir=tmp_path)
    assert body == "Thanks,\n[[your name]]\n[[your program]]"


def test_a_template_placing_the_signature_itself_is_filled_there(tmp_path: Path) -> None:
    text = "Subject: Hi\n\nThanks,\n{signature}\n\nP.S. {student_name}\n"
    _write_template(tmp_path, DraftKind.OUTREACH, text)
    values = {"student_name": "Ana", "signature": "A. R."}
    _, body = render_draft(DraftKind.OUTREACH, values, template_dir=tmp_path)
    assert body == "Thanks,\nA. R.\n\nP.S. Ana"
