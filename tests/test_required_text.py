"""The pre-filter that skips a job-ask frame before searching: it must never skip a frame that matches."""

from __future__ import annotations

import re

import pytest

from app.domain import job_ask
from app.domain.required_text import admits, required_text
from tests.test_job_ask_corpus import load


@pytest.mark.parametrize(
    ("pattern", "matching", "not_matching"),
    [
        (r"\bletter of (?:recommendation|reference)", "a letter of reference", "a letter to you"),
        (r"\bhire (?:me|us)\b", "would you hire me", "how do you hire"),
        (r"\bany (?:jobs?|roles?)\b(?: open)?", "any roles open", "any advice"),
    ],
)
def test_a_text_without_the_required_words_is_turned_away(
    pattern: str, matching: str, not_matching: str
) -> None:
    compiled = re.compile(pattern)
    needs = required_text(compiled)
    assert needs
    assert admits(needs, matching)
    assert not admits(needs, not_matching)


def test_optional_parts_and_classes_require_nothing() -> None:
    assert required_text(re.compile(r"(?:job)?\w+")) == ()
    assert required_text(re.compile(r"job|\w+")) == ()


def test_no_frame_is_skipped_on_a_sentence_it_matches() -> None:
    texts = [sentence for half in ("dev", "heldout") for _, sentence in load(half)]
    matched = 0
    for text in texts:
        reading = job_ask._read(text)
        cased = job_ask._cased(reading)
        for _kind, frame, needs, reads_cased in job_ask._CHECKS:
            searched = cased if reads_cased else reading.normal
            if frame.search(searched):
                matched += 1
                assert admits(needs, searched), (text, frame.pattern)
    assert matched >= 250  # the requests of the corpus, each matched by at least one frame
