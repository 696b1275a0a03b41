"""Print, per quiz in the item bank, what each surface strategy earns against chance.

    python tools/item_cues.py                   # every data/quizzes/*.yml
    python tools/item_cues.py data/quizzes/quiz2_dependence.yml

A strategy more than 10 points over chance is marked "<- cue", and a graded stem that
restates practice (a client's name or a fifth of its phrasing found in a self-check,
vignette, lesson, the knowledge check or another graded stem) is listed as "overlap";
tests/test_item_bank.py fails on either. The rules behind it: docs/authoring.md,
"Writing graded items". The practice quiz (quiz0_practice) counts as practice.
"""

from __future__ import annotations

import sys
from pathlib import Path

from hrcourse.content import ContentError
from hrcourse.content.practice import practice_texts
from hrcourse.content.quiz_bank import QuizBank, bank_files, load_bank_file
from hrcourse.logic.item_cues import (
    MAX_OVER_CHANCE,
    bank_slots,
    expected_scores,
    longest_is_key_share,
)
from hrcourse.logic.item_overlap import bank_overlaps


def report_overlap(banks: dict[str, QuizBank], every: dict[str, QuizBank]) -> int:
    """Graded stems that restate practice or another graded stem; returns their count."""
    count = 0
    practice = practice_texts()
    for finding in bank_overlaps(banks, every, practice):
        print(f"  overlap: {finding}")
        count += 1
    return count


def main(paths: list[str]) -> int:
    try:
        files = [Path(p) for p in paths] or bank_files()
        banks = {p.stem: load_bank_file(p) for p in files}
        every = {p.stem: load_bank_file(p) for p in bank_files()} | banks
    except ContentError as err:
        print(err, file=sys.stderr)
        return 2
    worst = 0
    for name, bank in banks.items():
        slots = bank_slots(bank)
        chance, scores = expected_scores(slots)
        variants = [len(s.variants) for s in slots]
        print(f"\n{name}: {len(slots)} slots, variants per slot "
              f"{min(variants, default=0)}-{max(variants, default=0)}; chance {chance:.1%}")
        practice = name.startswith("quiz0_")  # one worked example of how quizzes work
        if practice:
            print("  (the practice quiz: printed, not held to the rules)")
        for label, score in scores.items():
            cue = score > chance + MAX_OVER_CHANCE
            worst += cue and not practice
            print(f"  {label:<36} {score:6.1%}{'  <- cue' if cue else ''}")
        share = longest_is_key_share(slots)
        if share is not None:
            print(f"  tick-all: longest option is a key   {share:6.1%}"
                  f"{'  <- cue' if share > 0.5 else ''}")
            worst += share > 0.5
    print()
    worst += report_overlap(banks, every)
    return 1 if worst else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
