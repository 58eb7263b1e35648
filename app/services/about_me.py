"""The student's own details (About me), one row per owner, used to fill their emails."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from sqlmodel import Session, select

from app.domain.times import utc_now
from app.models import AboutMe
from app.services.errors import ValidationFailed

LIMITS: dict[str, int] = {
    "name": 120,
    "school": 200,
    "programme_year": 200,
    "exploring": 300,
    "signature": 1000,
}
FIELDS: tuple[str, ...] = tuple(LIMITS)


@dataclass(frozen=True)
class AboutMeView:
    name: str = ""
    school: str = ""
    programme_year: str = ""
    exploring: str = ""
    signature: str = ""
    asked: bool = False


def _has_letter(text: str) -> bool:
    return any(unicodedata.category(ch).startswith("L") for ch in text)


def _row(session: Session, owner_id: int) -> AboutMe | None:
    return session.exec(select(AboutMe).where(AboutMe.owner_id == owner_id)).first()


def get_about_me(session: Session, *, owner_id: int) -> AboutMeView:
    row = _row(session, owner_id)
    if row is None:
        return AboutMeView()
    return AboutMeView(**{name: getattr(row, name) for name in FIELDS}, asked=row.asked)


def save_about_me(session: Session, *, owner_id: int, values: Mapping[str, object]) -> AboutMeView:
    """Checks every field first and saves nothing when one is refused; signatures are kept as plain text."""
    errors: dict[str, str] = {}
    clean: dict[str, str] = {}
    for name, limit in LIMITS.items():
        value = values.get(name, "")
        if not isinstance(value, str):
            errors[name] = "Write it as plain text."
            continue
        text = value.strip() if name != "signature" else value.strip("\n ")
        if len(text) > limit:
            errors[name] = f"Keep it under {limit} characters."
        elif name == "name" and text and not _has_letter(text):
            errors[name] = "Write your name in letters, as it should appear under your emails."
        else:
            clean[name] = text
    if errors:
        raise ValidationFailed(errors)
    row = _row(session, owner_id) or AboutMe(owner_id=owner_id)
    for name, text in clean.items():
        setattr(row, name, text)
    row.asked = True
    row.updated_at = utc_now()
    session.add(row)
    session.flush()
    return get_about_me(session, owner_id=owner_id)


def skip_about_me(session: Session, *, owner_id: int) -> None:
    """The first-use card is dismissed: it is not asked again; settings still edit it."""
    row = _row(session, owner_id) or AboutMe(owner_id=owner_id)
    row.asked = True
    session.add(row)
    session.flush()


def template_values(about: AboutMeView) -> dict[str, str | None]:
    """The placeholders About me fills; None where the student left a field blank."""
    program = ", ".join(part for part in (about.programme_year, about.school) if part)
    return {
        "student_name": about.name or None,
        "student_program": program or None,
        "interest": about.exploring or None,
        "signature": about.signature or None,
    }
