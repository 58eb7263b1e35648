"""Email drafts filled from editable template files, with a visible gap wherever a value is missing."""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from pathlib import Path

from app.domain.vocabulary import DraftKind

__all__ = [
    "GAP_PATTERN",
    "PLACEHOLDERS",
    "SIGN_OFF_FIELDS",
    "TEMPLATE_DIR",
    "TemplateError",
    "gap",
    "gap_markers",
    "load_template",
    "render_draft",
    "template_path",
]

TEMPLATE_DIR: Path = Path(__file__).resolve().parent.parent / "templates" / "email"

# Every placeholder a template may use, with the words shown in its gap when the value is missing.
# The gap names what to write, in the student's voice, so a half-filled draft reads as a to-do list.
PLACEHOLDERS: dict[str, str] = {
    "contact_first_name": "their first name",
    "contact_name": "their full name",
    "contact_role": "their role",
    "organisation": "their organisation",
    "connection": "what connects you",
    "student_name": "your name",
    "student_program": "your program",
    "interest": "the field you're curious about",
    "meeting_date": "the day you met",
    "learned": "something you learned from them",
    "next_step": "what you'll do next",
    "question_1": "your first question",
    "question_2": "your second question",
    "question_3": "your third question",
    "advice_taken": "the advice you acted on",
    "reason": "why you're writing now",
    "signature": "your signature",
}

# The closing lines a signature from About me stands in for: lines holding nothing but these.
SIGN_OFF_FIELDS: frozenset[str] = frozenset({"student_name", "student_program"})

SUBJECT_PREFIX = "Subject:"

# Gaps use double square brackets: nothing a student types by accident, and easy to spot by eye.
GAP_PATTERN: re.Pattern[str] = re.compile(r"\[\[([^\[\]]*)\]\]")


class TemplateError(ValueError):
    """A template file that cannot be used as written; the message says which file and why."""


def gap(placeholder: str) -> str:
    """The visible marker left in a draft where `placeholder` has no value."""
    description = PLACEHOLDERS.get(placeholder, placeholder.replace("_", " "))
    return f"[[{description}]]"


def gap_markers(text: str) -> list[str]:
    """The descriptions of the gaps still left in `text`, in order, each once."""
    return list(dict.fromkeys(match.strip() for match in GAP_PATTERN.findall(text)))


class _ValuesOrGaps(dict[str, str]):
    """Values for `str.format_map`; a placeholder without a value becomes its gap, never "None"."""

    def __missing__(self, key: str) -> str:
        return gap(key)


def template_path(kind: DraftKind, *, template_dir: Path | None = None) -> Path:
    """Where the template for `kind` lives: `<template_dir>/<kind>.txt`."""
    return (template_dir or TEMPLATE_DIR) / f"{DraftKind(kind).value}.txt"


def load_template(kind: DraftKind, *, template_dir: Path | None = None) -> tuple[str, str]:
    """The raw (subject, body) of the template for `kind`, placeholders not yet filled."""
    path = template_path(kind, template_dir=template_dir)
    # Read on every call, not cached, so an edited or translated file shows up without a restart.
    # Editors on Windows may add a byte-order mark and CRLF line ends; neither belongs in a draft.
    text = path.read_text(encoding="utf-8").lstrip("\ufeff").replace("\r\n", "\n")
    first_line, _, rest = text.partition("\n")
    if not first_line.lower().startswith(SUBJECT_PREFIX.lower()):
        raise TemplateError(f"{path}: the first line must start with {SUBJECT_PREFIX!r}.")
    if rest.partition("\n")[0].strip():
        raise TemplateError(f"{path}: leave one blank line between the subject and the body.")
    subject = first_line[len(SUBJECT_PREFIX) :].strip()
    body = rest.strip("\n")
    for part in (subject, body):
        _check_fields(part, path)
    return subject, body


def _check_fields(template: str, path: Path) -> None:
    """Refuse fields `format_map` would misread, such as `{contact.name}` or `{}`."""
    try:
        fields = [field for _, field, _, _ in string.Formatter().parse(template) if field is not None]
    except ValueError as error:  # an unmatched brace
        raise TemplateError(f"{path}: {error}; write {{{{ or }}}} for a literal brace.") from error
    for field in fields:
        if not field.isidentifier():
            raise TemplateError(f"{path}: {{{field}}} is not a placeholder name, see README.md.")


def _with_signature(body_template: str, signature: str) -> str:
    """The body with its closing name lines (only `{student_name}` / `{student_program}`) replaced by the
    student's own signature; a template that places `{signature}` itself, or has no such lines, is kept."""
    if "{signature}" in body_template:
        return body_template
    lines = body_template.split("\n")
    end = len(lines)
    while end > 0 and _only_sign_off_fields(lines[end - 1]):
        end -= 1
    if end == len(lines):
        return body_template
    literal = signature.replace("{", "{{").replace("}", "}}")
    return "\n".join([*lines[:end], literal])


def _only_sign_off_fields(line: str) -> bool:
    parts = list(string.Formatter().parse(line))
    fields = {field for _, field, _, _ in parts if field is not None}
    text = "".join(literal for literal, _, _, _ in parts).strip(" ,")
    return bool(fields) and fields <= SIGN_OFF_FIELDS and not text


def render_draft(
    kind: DraftKind,
    values: Mapping[str, str | None],
    *,
    template_dir: Path | None = None,
) -> tuple[str, str]:
    """The (subject, body) of a draft of `kind`, with a gap wherever a value is missing or blank.

    A `signature` value ends the body in place of the template's closing name lines."""
    subject_template, body_template = load_template(kind, template_dir=template_dir)
    signature = (values.get("signature") or "").strip("\n ")
    if signature:
        body_template = _with_signature(body_template, signature)
    filled = _ValuesOrGaps(
        {name: value.strip() for name, value in values.items() if value is not None and value.strip()}
    )
    return subject_template.format_map(filled), body_template.format_map(filled)
