"""The advisor's nudge to a stuck student: why they are on the list, and the email drafted from the
cohort's template (sent by the advisor from their own mail client, never by Rapport)."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "DEFAULT_BODY",
    "DEFAULT_SUBJECT",
    "PLACEHOLDERS",
    "StuckReasons",
    "render_nudge",
    "template_problems",
]

PLACEHOLDERS: dict[str, str] = {
    "{first_name}": "the student's first name",
    "{advisor_name}": "your name",
    "{reasons}": "a kind sentence on what is waiting (counts only, never a contact's name)",
}
SUBJECT_LIMIT = 200
BODY_LIMIT = 5000

DEFAULT_SUBJECT = "A quick hello from {advisor_name}"
DEFAULT_BODY = (
    "Hi {first_name},\n\n"
    "I was looking at how the cohort is getting on and wanted to check in. {reasons}\n\n"
    "Networking is a learned skill, and one small step counts: a short email, or one thank-you. "
    "If something is in the way, reply and we'll find 15 minutes to talk it through.\n\n"
    "Best,\n{advisor_name}"
)

_PLACEHOLDER_RE = re.compile(r"\{[^{}\s]*\}")


@dataclass(frozen=True)
class StuckReasons:
    """Why a student is on the stuck list: each a count or a flag, never a contact."""

    inactive: bool
    overdue_follow_ups: int
    meetings_without_thanks: int

    @property
    def stuck(self) -> bool:
        return self.inactive or self.overdue_follow_ups > 0 or self.meetings_without_thanks > 0

    def labels(self) -> list[str]:
        """Short words for the advisor's list."""
        out = []
        if self.inactive:
            out.append("No activity for 14 days")
        if self.overdue_follow_ups:
            n = self.overdue_follow_ups
            out.append(f"{n} follow-up{'s' if n != 1 else ''} overdue")
        if self.meetings_without_thanks:
            n = self.meetings_without_thanks
            out.append(f"{n} meeting{'s' if n != 1 else ''} without a thank-you")
        return out

    def sentence(self) -> str:
        """What the nudge says, addressed to the student."""
        parts = []
        if self.overdue_follow_ups:
            n = self.overdue_follow_ups
            parts.append("a follow-up is waiting" if n == 1 else f"{n} follow-ups are waiting")
        if self.meetings_without_thanks:
            n = self.meetings_without_thanks
            parts.append(
                "a thank-you for a recent meeting is still to send"
                if n == 1
                else f"thank-yous for {n} recent meetings are still to send"
            )
        if parts:
            said = " and ".join(parts)
            return f"Rapport shows {said}: they're quick, and people remember them."
        if self.inactive:
            return "It's been a couple of weeks since you last logged anything in Rapport."
        return ""


def template_problems(subject: str, body: str) -> dict[str, str]:
    """What stops a template being saved, per field, each saying what to do."""
    problems: dict[str, str] = {}
    if not subject.strip():
        problems["subject"] = "Give the nudge a subject."
    elif len(subject) > SUBJECT_LIMIT:
        problems["subject"] = f"Keep the subject under {SUBJECT_LIMIT} characters."
    if not body.strip():
        problems["body"] = "Write a few words for the nudge."
    elif len(body) > BODY_LIMIT:
        problems["body"] = f"Keep the nudge under {BODY_LIMIT:,} characters."
    for name, text in (("subject", subject), ("body", body)):
        unknown = [p for p in _PLACEHOLDER_RE.findall(text) if p not in PLACEHOLDERS]
        if unknown and name not in problems:
            known = ", ".join(PLACEHOLDERS)
            problems[name] = f"{unknown[0]} isn't a placeholder Rapport knows; use {known}."
    return problems


def render_nudge(
    subject: str, body: str, *, first_name: str, advisor_name: str, reasons: StuckReasons
) -> tuple[str, str]:
    """The template with its placeholders filled (plain replacement: a student's name is never code)."""
    values = {
        "{first_name}": first_name or "there",
        "{advisor_name}": advisor_name,
        "{reasons}": reasons.sentence(),
    }

    def fill(text: str) -> str:
        return _PLACEHOLDER_RE.sub(lambda m: values.get(m.group(0), m.group(0)), text)

    return " ".join(fill(subject).split()), fill(body)
