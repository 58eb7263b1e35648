"""Small-group withholding: a figure an advisor sees about fewer than 5 students is not shown.

Outside a student's own row, any count or total that would describe 1 to 4 students (or all but 1 to 4
of a cohort, which says the same about the rest) could point at someone; it is withheld instead.
"""

from __future__ import annotations

__all__ = ["WITHHELD", "K", "shown_count", "shown_total"]

K = 5
WITHHELD = "withheld (fewer than 5 students)"


def shown_count(count: int, total: int) -> int | None:
    """A number of students out of `total`, or None when it (or the rest of the cohort) is under K."""
    if total < K:
        return None
    if 0 < count < K or 0 < total - count < K:
        return None
    return count


def shown_total(value: int, students: int) -> int | None:
    """A figure summed over `students` students (contacts, meetings, …), or None when they are under K."""
    return value if students >= K else None
