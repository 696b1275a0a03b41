"""Does a graded item restate practice? Client names and shared phrasing, as data.

A graded item tests transfer when its client and situation are new: not a self-check's,
a vignette's, a lesson example's or another graded item's. Two cheap, explainable signals:

- the fictional client's name (the word before "(fictional)") appears in the other text;
- a large share of the stem's five-word sequences ("shingles") appear in the other text
  (containment: |stem's shingles found there| / |stem's shingles|).

Pure: strings in, findings out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from hrcourse.content.quiz_bank import QuizBank

_NAME = re.compile(r"\b([A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?)\s+\(fictional\)")
_WORD = re.compile(r"[a-z0-9']+")
# Capitalised words of a quiz's intro: a client named there is the quiz's own case.
_INTRO_NAME = re.compile(r"\b([A-Z][a-z]+)\b")
SHINGLE = 5
# Share of a stem's five-word sequences found in one other text that counts as restating it.
MAX_CONTAINMENT = 0.2


def client_names(text: str) -> set[str]:
    return set(_NAME.findall(text))


def shingles(text: str, n: int = SHINGLE) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def containment(stem: str, other: str) -> float:
    mine = shingles(stem)
    return len(mine & shingles(other)) / len(mine) if mine else 0.0


def overlaps(stem: str, others: Mapping[str, str],
             limit: float = MAX_CONTAINMENT) -> list[str]:
    """Why `stem` restates one of `others` (label -> text), one line per finding."""
    found = []
    names = client_names(stem)
    for label, text in others.items():
        shared = sorted(n for n in names if re.search(rf"\b{re.escape(n)}\b", text))
        if shared:
            found.append(f"client {', '.join(shared)} also appears in {label}")
        share = containment(stem, text)
        if share > limit:
            found.append(f"{share:.0%} of its five-word phrases are in {label}")
    return found



def bank_overlaps(banks: Mapping[str, QuizBank], every: Mapping[str, QuizBank],
                  practice: Mapping[str, str]) -> list[str]:
    """Every graded stem of `banks` (quiz id -> bank; the practice quiz quiz0 is left out)
    that restates practice or another graded stem of `every`. Variants of one slot may
    share the question's wording (they ask the same thing of different clients); other
    slots, other quizzes and practice may not. A client introduced in the quiz's own intro
    (a capstone's case) may recur within that quiz."""
    stems = {(quiz, s.id, v.id): v.stem for quiz, bank in every.items()
             if not quiz.startswith("quiz0_") for s in bank.slots for v in s.variants}
    found = []
    for quiz, bank in banks.items():
        if quiz.startswith("quiz0_"):
            continue
        own_case = set(_INTRO_NAME.findall(bank.intro))
        for slot in bank.slots:
            for v in slot.variants:
                others = dict(practice)
                same_quiz = {f"{q} {vid}": text for (q, sid, vid), text in stems.items()
                             if q == quiz and sid != slot.id}
                others |= {f"{q} {vid}": text for (q, _, vid), text in stems.items()
                           if q != quiz}
                lines = overlaps(v.stem, others)
                for label, text in same_quiz.items():
                    names = client_names(v.stem) - own_case
                    shared = sorted(n for n in names if re.search(rf"\b{re.escape(n)}\b", text))
                    if shared:
                        lines.append(f"client {', '.join(shared)} also appears in {label}")
                    share = containment(v.stem, text)
                    if share > MAX_CONTAINMENT:
                        lines.append(f"{share:.0%} of its five-word phrases are in {label}")
                found += [f"{quiz} {v.id}: {line}" for line in lines]
    return found
