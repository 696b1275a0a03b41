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

import json
import sys
from pathlib import Path

import yaml

from hrcourse.logic.item_cues import (
    MAX_OVER_CHANCE,
    Item,
    Slot,
    expected_scores,
    longest_is_key_share,
)
from hrcourse.logic.item_overlap import overlaps

ROOT = Path(__file__).resolve().parent.parent


def slots_of(bank: dict) -> list[Slot]:
    slots = []
    for slot in bank.get("slots", []):
        shuffled = slot.get("shuffle", slot.get("kind") != "classify")
        slots.append(Slot(slot["id"], tuple(
            Item(v["stem"], dict(v["options"]),
                 frozenset(k.strip() for k in str(v["key"]).split(",")), shuffled)
            for v in slot["variants"])))
    return slots


def practice_texts() -> dict[str, str]:
    """Everything a learner practises on, by file: self-checks, vignettes, lessons, the
    knowledge check and the other practice data."""
    texts = {}
    for pattern in ("data/selfchecks/*.yml", "data/vignettes/*.yml", "data/*.yml",
                    "data/quizzes/quiz0_*.yml"):
        for path in sorted(ROOT.glob(pattern)):
            texts[path.relative_to(ROOT).as_posix()] = path.read_text()
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text())["cells"]
        texts[path.relative_to(ROOT).as_posix()] = "\n".join("".join(c["source"]) for c in cells)
    return texts


def graded_stems(files: list[Path]) -> dict[str, str]:
    stems = {}
    for path in files:
        bank = yaml.safe_load(path.read_text())
        for slot in bank.get("slots", []):
            for v in slot["variants"]:
                stems[f"{path.stem} {v['id']}"] = v["stem"]
    return stems


def report_overlap(files: list[Path]) -> int:
    """Graded stems that restate practice or another graded stem; returns their count."""
    practice = practice_texts()
    every = graded_stems(sorted((ROOT / "data" / "quizzes").glob("quiz[1-9]*.yml")))
    mine = graded_stems([f for f in files if not f.name.startswith("quiz0_")])
    count = 0
    for label, stem in mine.items():
        # Variants of one slot may share the question's wording; other slots may not.
        slot = label.rsplit("-", 1)[0]
        others = {**practice, **{k: v for k, v in every.items()
                                 if k.rsplit("-", 1)[0] != slot}}
        for finding in overlaps(stem, others):
            print(f"  overlap: {label}: {finding}")
            count += 1
    return count


def main(paths: list[str]) -> int:
    files = [Path(p) for p in paths] or sorted((ROOT / "data" / "quizzes").glob("*.yml"))
    worst = 0
    for path in files:
        slots = slots_of(yaml.safe_load(path.read_text()))
        chance, scores = expected_scores(slots)
        variants = [len(s.variants) for s in slots]
        print(f"\n{path.name}: {len(slots)} slots, variants per slot "
              f"{min(variants, default=0)}-{max(variants, default=0)}; chance {chance:.1%}")
        for name, score in scores.items():
            cue = score > chance + MAX_OVER_CHANCE
            worst += cue
            print(f"  {name:<36} {score:6.1%}{'  <- cue' if cue else ''}")
        share = longest_is_key_share(slots)
        if share is not None:
            print(f"  tick-all: longest option is a key   {share:6.1%}"
                  f"{'  <- cue' if share > 0.5 else ''}")
            worst += share > 0.5
    print()
    worst += report_overlap(files)
    return 1 if worst else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
