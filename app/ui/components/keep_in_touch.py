"""The keep-in-touch choices the composer and the notes page both offer, worded for a person."""

from __future__ import annotations

from app.services.touches import KEEP_IN_TOUCH_CHOICES, KEEP_IN_TOUCH_OFF

KEEP_IN_TOUCH_OPTIONS: list[tuple[str, str]] = [
    *(
        (str(months), "Every month" if months == 1 else f"Every {months} months")
        for months in KEEP_IN_TOUCH_CHOICES
    ),
    (KEEP_IN_TOUCH_OFF, "Off"),
]
