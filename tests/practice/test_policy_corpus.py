"""The PHI checker on a labelled corpus of staff posts, with no patient list: precision and recall.

tests/data/policy_corpus.tsv holds posts written as a nurse, a doctor, a receptionist and a comms
officer would write them, in English and Spanish, each labelled with the PHI rules a reviewer would
expect ("clean" for none). Posts are never edited to suit the checker: a miss stays a miss.
Columns: batch, language, author, expected, text.

Batches: 1 (319 posts) was written before the rules and the rules were built against it; 2 (81),
3 (40), 4 (40) and 5 (64) were written afterwards, one at a time, and each was first scored blind,
as posts the checker had never seen, before the general fixes it prompted (cue words for
specialties, pain and ventilators, equipment and vaccination rooms, lower-case "mr.", prayers,
athletes, "la señora del 204"; for batch 5: a lone first name after a patient word, an age or a
care verb ("our NICU graduate Lily", "the sweetest 4 year old, Mateo", "Operamos a Javier"), "Sofia,
7,", "Jayden's mom" near a care word, appointments and follow-ups as care words, "trasplantada de
corazón", the writer's own grandmother's age, a room in the break room). Blind figures, per post /
per (post, rule) pair:
    batch 2: precision 90.5 % recall 86.4 % / precision 91.1 % recall 83.7 %
    batch 3: precision 90.0 % recall 81.8 % / precision 80.0 % recall 72.7 %
    batch 4: precision 100 % recall 70.8 % / precision 100 % recall 73.1 %
    batch 5: precision 84.6 % recall 73.3 % / precision 87.9 % recall 70.7 %
             (names rule alone: precision 92.9 %, recall 54.2 %; after the fixes 100 % / 100 % per
             post, 100 % / 97.6 % per pair, one name still missed: "happy birthday to Eleanor")
so expect roughly 70-90 % recall on posts nobody has tuned for, not the figures printed for the
corpus; misses are mostly new vocabulary (a public figure, a rare event, a ward's slang) and, in
batch 5, bare first names (a patient called by first name only, with no honorific).

Every run prints the figures (per rule, per language, and overall) to the terminal, whatever the
capture mode, and records them as test properties (visible in JUnit XML). "Overall" is counted two
ways: per post (does the composer warn exactly on the posts that carry PHI?) and per (post, rule)
pair (does it name the right rules?).
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

from practice.policy import RULES, find_phi
from practice.policy.language import detect_language

CORPUS = Path(__file__).resolve().parents[1] / "data" / "policy_corpus.tsv"
# The bar the checker must clear on this corpus, per post and per (post, rule) pair.
MIN_PRECISION = 0.95
MIN_RECALL = 0.95
AUTHORS = {"nurse", "doctor", "receptionist", "comms"}


@dataclass(frozen=True)
class Post:
    batch: str
    language: str
    author: str
    expected: frozenset[str]
    text: str


def load_corpus() -> list[Post]:
    with CORPUS.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [
        Post(
            batch=row["batch"],
            language=row["language"],
            author=row["author"],
            expected=frozenset() if row["expected"] == "clean" else frozenset(row["expected"].split(",")),
            text=row["text"],
        )
        for row in rows
    ]


POSTS = load_corpus()


def found_rules(post: Post) -> frozenset[str]:
    # No patient list and no language hint: the checker detects the language itself.
    return frozenset(f.rule for f in find_phi(post.text))


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def line(self, label: str) -> str:
        counts = f"(tp {self.tp}, fp {self.fp}, fn {self.fn})"
        return f"{label:<22} precision {self.precision:6.1%}  recall {self.recall:6.1%}  {counts}"


def _score(pairs: Iterable[tuple[bool, bool]]) -> Score:
    score = Score()
    for expected, found in pairs:
        score.tp += expected and found
        score.fp += found and not expected
        score.fn += expected and not found
    return score


@dataclass
class Report:
    per_post: Score
    per_pair: Score
    lines: list[str]
    misses: list[str]


def evaluate(posts: list[Post], check: Callable[[Post], frozenset[str]] = found_rules) -> Report:
    results = [(post, check(post)) for post in posts]
    lines = [f"PHI corpus: {len(posts)} posts ({sum(1 for p in posts if not p.expected)} clean)"]
    per_post = _score((bool(p.expected), bool(found)) for p, found in results)
    rules = sorted({r for p, found in results for r in p.expected | found})
    per_pair = _score((r in p.expected, r in found) for p, found in results for r in rules)
    lines += [per_post.line("overall, per post"), per_pair.line("overall, per rule pair")]
    for language in sorted({p.language for p in posts}):
        subset = [(p, found) for p, found in results if p.language == language]
        lines.append(_score((bool(p.expected), bool(found)) for p, found in subset).line(f"{language}, per post"))
        lines.append(
            _score((r in p.expected, r in found) for p, found in subset for r in rules).line(
                f"{language}, per rule pair"
            )
        )
    for batch in sorted({p.batch for p in posts}):
        subset = [(p, found) for p, found in results if p.batch == batch]
        lines.append(_score((bool(p.expected), bool(found)) for p, found in subset).line(f"batch {batch}, per post"))
    for rule in rules:
        lines.append(_score((rule in p.expected, rule in found) for p, found in results).line(rule))
    misses = [
        f"  {p.batch} {p.language} expected {sorted(p.expected) or 'clean'} found {sorted(found) or 'clean'}: {p.text}"
        for p, found in results
        if p.expected != found
    ]
    return Report(per_post, per_pair, lines, misses)


def test_corpus_is_big_varied_and_labelled_with_known_rules() -> None:
    assert len(POSTS) >= 300
    assert sum(1 for p in POSTS if p.language == "es") >= 100
    assert sum(1 for p in POSTS if not p.expected) >= 0.4 * len(POSTS)
    assert {p.author for p in POSTS} == AUTHORS
    assert {p.language for p in POSTS} == {"en", "es"}
    for post in POSTS:
        assert post.expected <= RULES.keys(), post.text
        assert all(rule.startswith("phi.") for rule in post.expected)
        assert post.text.strip() and len(post.text) <= 280, post.text
    assert len({p.text for p in POSTS}) == len(POSTS), "duplicate posts"


def test_language_detection_agrees_with_the_labels() -> None:
    wrong = [p.text for p in POSTS if detect_language(p.text) != p.language]
    assert len(wrong) <= len(POSTS) // 100, wrong


def test_precision_and_recall_on_the_corpus(
    capsys: pytest.CaptureFixture[str], record_property: Callable[[str, object], None]
) -> None:
    report = evaluate(POSTS)
    with capsys.disabled():
        print("\n" + "\n".join(report.lines))
        if report.misses:
            print(f"posts where the rules differ from the labels ({len(report.misses)}):")
            print("\n".join(report.misses))
    for name, score in (("per_post", report.per_post), ("per_pair", report.per_pair)):
        record_property(f"{name}_precision", round(score.precision, 4))
        record_property(f"{name}_recall", round(score.recall, 4))
    for score in (report.per_post, report.per_pair):
        assert score.precision >= MIN_PRECISION, "\n".join(report.lines)
        assert score.recall >= MIN_RECALL, "\n".join(report.lines)


def test_every_language_clears_the_bar_per_post() -> None:
    for language in ("en", "es"):
        report = evaluate([p for p in POSTS if p.language == language])
        assert report.per_post.precision >= MIN_PRECISION, language
        assert report.per_post.recall >= MIN_RECALL, language


def test_clean_posts_by_author_stay_clean() -> None:
    # False alarms teach staff to ignore the warning; count them per author.
    alarms = Counter(p.author for p in POSTS if not p.expected and found_rules(p))
    assert sum(alarms.values()) <= 0.05 * sum(1 for p in POSTS if not p.expected), alarms
