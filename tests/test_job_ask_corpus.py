"""The job-ask rule measured on its labelled corpus: every development sentence, and the held-out targets."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from app.domain.job_ask import judge

CORPUS = Path(__file__).parent / "fixtures" / "job_ask_corpus"
# The targets of issue 14, on the half the rule was never tuned on.
MIN_REQUESTS_REFUSED = 0.95
MAX_LEARNING_REFUSED = 0.02


def load(half: str) -> list[tuple[str, str]]:
    with (CORPUS / f"{half}.tsv").open(encoding="utf-8", newline="") as file:
        return [
            (row["label"], row["sentence"])
            for row in csv.DictReader(file, delimiter="\t", quoting=csv.QUOTE_NONE)
        ]


def test_the_corpus_is_large_balanced_and_split_without_overlap() -> None:
    dev, heldout = load("dev"), load("heldout")
    assert len(dev) + len(heldout) >= 400
    assert {label for label, _ in dev + heldout} == {"ask", "learn"}
    assert not {sentence for _, sentence in dev} & {sentence for _, sentence in heldout}
    for half in (dev, heldout):
        asks = sum(label == "ask" for label, _ in half)
        assert 0.4 < asks / len(half) < 0.6


@pytest.mark.parametrize(("label", "sentence"), load("dev"), ids=lambda value: str(value)[:60])
def test_every_development_sentence_gets_its_label(label: str, sentence: str) -> None:
    verdict = judge(sentence)
    assert verdict.asks == (label == "ask")
    if verdict.asks:
        assert verdict.part and verdict.part in sentence
        assert judge(verdict.rewrite).asks is False


def test_the_held_out_half_meets_the_targets() -> None:
    heldout = load("heldout")
    requests = [sentence for label, sentence in heldout if label == "ask"]
    learning = [sentence for label, sentence in heldout if label == "learn"]
    refused_requests = sum(judge(sentence).asks for sentence in requests) / len(requests)
    refused_learning = sum(judge(sentence).asks for sentence in learning) / len(learning)
    assert refused_requests >= MIN_REQUESTS_REFUSED
    assert refused_learning <= MAX_LEARNING_REFUSED
