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

_NAME = re.compile(r"\b([A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?)\s+\(fictional\)")
_WORD = re.compile(r"[a-z0-9']+")
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

