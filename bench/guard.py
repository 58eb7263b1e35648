"""Job-ask guard benchmark (issue 14): precision and recall on both halves of the corpus, the slowest check.

    python -m bench.guard            # or: make bench-guard
    python -m bench.guard --repeats 20

"Positive" is a request for a job (label `ask`): recall is the share of requests refused, precision
the share of refusals that were requests; the learning-questions-refused rate is the false alarm
the student would meet. Timing: every sentence of both halves checked `--repeats` times with the
rule's word cache cleared before each check (a cold check), plus a 77-word question and a
385-word paragraph judged as an email, sentence by sentence (and, for comparison, as one text);
median, 99th percentile and slowest check are reported, then the slowest single check of all.
Offline: no model, no network.
Results and their reading: bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import csv
import gc
import os
import platform
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from app.domain import job_ask

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "job_ask_corpus"
HALVES = ("dev", "heldout")
LONG_QUESTION = (
    "I have been reading a great deal about how teams like yours plan their year and I wondered, given "
    "everything that has changed in the industry since the pandemic and the way remote work has spread, "
    "how you and your colleagues decide which projects to take on first and which to leave for later, "
    "and what you have learned from the times that went well and the times that did not, especially "
    "when the budget was tight?"
)
PARAGRAPH = " ".join([LONG_QUESTION.rstrip("?") + "."] * 5)
# Issue 14: one check (a question, or one sentence of an email) stays under this.
TARGET_MS = 5.0


@dataclass(frozen=True)
class Scores:
    sentences: int
    requests: int
    learning: int
    refused_requests: int
    refused_learning: int

    @property
    def recall(self) -> float:
        return self.refused_requests / self.requests

    @property
    def precision(self) -> float:
        refused = self.refused_requests + self.refused_learning
        return self.refused_requests / refused if refused else 1.0

    @property
    def learning_refused(self) -> float:
        return self.refused_learning / self.learning


def load(half: str) -> list[tuple[str, str]]:
    with (CORPUS / f"{half}.tsv").open(encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [(row["label"], row["sentence"]) for row in reader]


def score(rows: list[tuple[str, str]]) -> Scores:
    asks = [job_ask.asks_for_job(sentence) for _, sentence in rows]
    return Scores(
        sentences=len(rows),
        requests=sum(label == "ask" for label, _ in rows),
        learning=sum(label == "learn" for label, _ in rows),
        refused_requests=sum(a for (label, _), a in zip(rows, asks, strict=True) if label == "ask"),
        refused_learning=sum(a for (label, _), a in zip(rows, asks, strict=True) if label == "learn"),
    )


@dataclass(frozen=True)
class Timing:
    """Milliseconds per check, sorted: wall clock, and the CPU time the check itself used.

    On a shared 2-core box the wall clock includes the moments the scheduler ran someone else;
    the thread's CPU time is what the check costs wherever it runs.
    """

    wall: list[float]
    cpu: list[float]


def timings(texts: list[str], repeats: int) -> Timing:
    """Every text checked cold `repeats` times (the collector paused, as in one event)."""
    wall: list[float] = []
    cpu: list[float] = []
    gc.disable()
    try:
        for _ in range(repeats):
            for text in texts:
                job_ask.clear_cache()
                started, started_cpu = time.perf_counter(), time.thread_time()
                job_ask.judge(text)
                cpu.append((time.thread_time() - started_cpu) * 1000)
                wall.append((time.perf_counter() - started) * 1000)
    finally:
        gc.enable()
    return Timing(sorted(wall), sorted(cpu))


def _spread(taken: list[float]) -> str:
    p99 = taken[min(len(taken) - 1, int(len(taken) * 0.99))]
    return f"p50 {statistics.median(taken):.2f}, p99 {p99:.2f}, slowest {taken[-1]:.2f} ms"


def spread(timing: Timing) -> str:
    return f"wall {_spread(timing.wall)}; CPU {_spread(timing.cpu)}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="timing passes over every sentence")
    args = parser.parse_args()

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(
        f"{'half':8} {'sentences':>9} {'requests':>8} {'recall':>7} {'precision':>9} {'learning refused':>16}"
    )
    sentences: list[str] = []
    for half in HALVES:
        rows = load(half)
        sentences += [sentence for _, sentence in rows]
        s = score(rows)
        print(
            f"{half:8} {s.sentences:9d} {s.requests:8d} {s.recall:7.1%} {s.precision:9.1%} "
            f"{s.learning_refused:9.1%} ({s.refused_learning}/{s.learning})"
        )
    corpus = timings(sentences, args.repeats)
    print(f"one sentence of the corpus ({len(sentences)} x {args.repeats}): {spread(corpus)}")
    long_question = timings([LONG_QUESTION], args.repeats * 20)
    print(f"one {len(LONG_QUESTION.split())}-word question ({args.repeats * 20} x): {spread(long_question)}")
    # The composer judges an email sentence by sentence: each sentence is one check.
    email = job_ask.sentences(PARAGRAPH)
    by_sentence = timings(email, args.repeats * 4)
    print(
        f"a {len(PARAGRAPH.split())}-word paragraph as an email, {len(email)} sentences "
        f"({len(email)} x {args.repeats * 4}), one check per sentence: {spread(by_sentence)}"
    )
    paragraph = timings([PARAGRAPH], args.repeats * 4)
    print(f"the same paragraph as one text ({args.repeats * 4} x), all in one call: {spread(paragraph)}")
    checks = (corpus, long_question, by_sentence)
    for clock, slowest in (
        ("wall clock", max(t.wall[-1] for t in checks)),
        ("CPU time", max(t.cpu[-1] for t in checks)),
    ):
        verdict = "under" if slowest < TARGET_MS else "OVER"
        print(f"slowest single check, {clock}: {slowest:.2f} ms ({verdict} the {TARGET_MS:g} ms target)")
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
