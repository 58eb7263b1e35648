"""What a regular expression cannot match without: a cheap test that skips a pattern before searching.

`required_text(pattern)` reads the compiled pattern's own parse tree and returns groups of literal
strings such that every match contains, for each group, at least one of its strings. `admits` is then
a sound pre-filter: it never turns away a text the pattern would have matched, so using it changes
no result, only the time taken.
"""

from __future__ import annotations

import re

# The standard library's own parser of patterns (private, so typeshed does not describe it).
from re import _constants as sre_constants  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

__all__ = ["Needs", "admits", "required_text"]

# Each group: one of its strings must be in the text; every group must hold.
Needs = tuple[frozenset[str], ...]

# Shorter literals ("a", " ") occur in nearly every text and would filter nothing.
_SHORTEST_USEFUL = 2
# A few strong groups rule out nearly everything they can; more would cost more than they save.
_MOST_GROUPS = 3


def required_text(pattern: re.Pattern[str]) -> Needs:
    """Groups of literals every match of `pattern` contains one of (empty when none can be told)."""
    if pattern.flags & re.IGNORECASE:
        return ()
    groups = _sequence(list(sre_parse.parse(pattern.pattern, pattern.flags)))
    useful = {g for g in groups if min(len(s) for s in g) >= _SHORTEST_USEFUL}
    return tuple(sorted(useful, key=_strength, reverse=True)[:_MOST_GROUPS])


def admits(needs: Needs, text: str) -> bool:
    """Whether `text` holds what the pattern needs (if not, the pattern cannot match it)."""
    return all(any(s in text for s in group) for group in needs)


def _strength(group: frozenset[str]) -> tuple[int, int]:
    """Longer literals, and fewer of them, rule out more texts."""
    return (min(len(s) for s in group), -len(group))


def _sequence(items: list[tuple[Any, Any]]) -> list[frozenset[str]]:
    """A match of a sequence contains a match of every item, so it needs what each item needs."""
    groups: list[frozenset[str]] = []
    run = ""
    for op, av in items:
        if op is sre_constants.LITERAL:
            run += chr(av)
            continue
        if run:
            groups.append(frozenset([run]))
            run = ""
        groups += _node(op, av)
    if run:
        groups.append(frozenset([run]))
    return groups


def _node(op: Any, av: Any) -> list[frozenset[str]]:
    if op is sre_constants.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        return [] if add_flags & re.IGNORECASE else _sequence(list(sub))
    if op is sre_constants.ATOMIC_GROUP:
        return _sequence(list(av))
    if op is sre_constants.BRANCH:
        # A match takes one branch: it contains one string of that branch's strongest group.
        union: set[str] = set()
        for branch in av[1]:
            groups = _sequence(list(branch))
            if not groups:
                return []
            strongest: frozenset[str] = max(groups, key=_strength)
            union |= strongest
        return [frozenset(union)]
    if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT):
        low, _high, sub = av
        return _sequence(list(sub)) if low >= 1 else []
    # Anchors, character classes, look-arounds, back-references: nothing certain to require.
    return []
