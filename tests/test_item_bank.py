"""The graded quizzes' item bank (data/quizzes/, read through hrcourse.content.quiz_bank):
rules a bank must meet, each a function returning its problems, shown to fire on a gamed
bank and to pass on a clean one, then asserted on the real quizzes 1-5.

- every click slot has at least three interchangeable variants (a key shared by one
  student does not serve the class: Chen, West & Zilles 2018);
- no surface strategy beats chance by more than 10 points on any assignment, and in
  tick-all items the longest option is a key at most half the time
  (hrcourse.logic.item_cues; Haladyna, Downing & Rodriguez 2002);
- no graded stem restates practice (self-checks, vignettes, lessons, the data files with
  the knowledge check, the practice quiz) or another graded stem; a client introduced in a
  quiz's own intro may recur within that quiz (hrcourse.logic.item_overlap);
- every lesson objective (from lesson 01 on) is graded by a slot or a written item, and
  every declared part of an objective by a slot that names it.

docs/authoring.md, "Writing graded items", gives the reason for each rule.
"""

from __future__ import annotations

import pytest

from hrcourse.content.lesson import lesson_objectives
from hrcourse.content.practice import practice_texts
from hrcourse.content.quiz_bank import QuizBank, load_banks, parse_bank
from hrcourse.logic.item_cues import bank_slots, over_chance
from hrcourse.logic.item_overlap import bank_overlaps

GRADED = ("quiz1_foundations", "quiz2_dependence", "quiz3_recovery", "quiz4_capstone",
          "quiz5_practice_skills")
MIN_VARIANTS = 3


# -- the rules ------------------------------------------------------------------------

def variant_problems(banks: dict[str, QuizBank], minimum: int = MIN_VARIANTS) -> list[str]:
    return [f"{q} {s.id}: {len(s.variants)} variant(s), at least {minimum} needed"
            for q, bank in banks.items() for s in bank.slots if len(s.variants) < minimum]


def cue_problems(banks: dict[str, QuizBank]) -> list[str]:
    return [f"{q}: {line}" for q, bank in banks.items() for line in over_chance(bank_slots(bank))]


def overlap_problems(banks: dict[str, QuizBank], every: dict[str, QuizBank],
                     practice: dict[str, str]) -> list[str]:
    return bank_overlaps(banks, every, practice)


def coverage_problems(banks: dict[str, QuizBank],
                      objectives: dict[str, tuple[str, ...]]) -> list[str]:
    """Objectives of lessons 01 on with no slot or written item; declared parts with no
    slot naming them."""
    graded = {o for b in banks.values() for o in b.objectives}
    parts = {(s.objective, s.part) for b in banks.values() for s in b.slots if s.part}
    problems = [f"objective {o} is graded by no slot or written item"
                for o in sorted(objectives) if not o.startswith("00.") and o not in graded]
    problems += [f"objective {o}, part {p!r}, is graded by no slot"
                 for o, ps in sorted(objectives.items()) for p in ps if (o, p) not in parts]
    return problems


# -- each rule fires on a gamed bank and passes on a clean one ---------------------------

OBJECTIVES = {"01.1": (), "01.2": ("first part", "second part")}
WORDS = ["amber", "birch", "cedar", "delta", "ember", "fjord", "grove", "heron"]


def _variant(vid: str, key: str, texts: dict[str, str], stem: str) -> dict:
    return {"id": vid, "concept": "What it checks.", "stem": stem, "options": texts,
            "key": key, "feedback": {o: ("Correct. " if o == key else "No. ") + "Because."
                                     for o in texts}}


def clean_bank() -> dict:
    """Twelve slots of three variants: options of one length and form, keys rotated,
    short stems that echo nothing, every part graded."""
    slots = []
    for n in range(12):
        sid = f"q{n + 1:02d}"
        variants = []
        for k in range(3):
            texts = {o: f"Choice {WORDS[(i + n + k) % 8]}" for i, o in enumerate("abcd")}
            variants.append(_variant(f"{sid}-{k + 1}", "abcd"[(n + k) % 4], texts,
                                     f"Case {sid} {k}."))
        part = {"part": ("first part", "second part")[n % 2]} if n < 2 else {}
        slots.append({"id": sid, "objective": "01.2" if n < 2 else "01.1", "kind": "single",
                      "points": 1, "variants": variants, **part})
    return {"id": "quiz9_clean", "title": "Clean", "intro": "Clean.", "slots": slots}


def gamed_bank() -> dict:
    """A test-wise author's bank: one variant a slot, the key always the longest and the
    only option without an absolute word, a stem copied from practice, a part ungraded."""
    slots = []
    for n in range(8):
        texts = {"a": "It always works.", "b": "This is the careful, qualified, longer answer.",
                 "c": "Never, in any case.", "d": "Only if all agree."}
        slots.append({"id": f"q{n + 1:02d}", "objective": "01.2", "part": "first part",
                      "kind": "single", "points": 1, "variants": [_variant(
                          f"q{n + 1:02d}-1", "b", texts,
                          "Rosa (fictional) drinks wine with dinner every night and asks "
                          "whether her use counts as a problem for her health")]})
    return {"id": "quiz9_gamed", "title": "Gamed", "intro": "Gamed.", "slots": slots}


PRACTICE = {"selfcheck": "Rosa (fictional) drinks wine with dinner every night and asks "
                         "whether her use counts as a problem for her health."}


def _banks(raw: dict) -> dict[str, QuizBank]:
    return {raw["id"]: parse_bank(raw, f"{raw['id']}.yml", OBJECTIVES)}


def test_the_rules_pass_a_clean_bank():
    clean = _banks(clean_bank())
    assert variant_problems(clean) == []
    assert cue_problems(clean) == []
    assert overlap_problems(clean, clean, PRACTICE) == []
    assert coverage_problems(clean, OBJECTIVES) == []


def test_the_rules_catch_a_gamed_bank():
    gamed = _banks(gamed_bank())
    assert len(variant_problems(gamed)) == 8
    cues = cue_problems(gamed)
    assert any("length rank 1 (1 = longest): 100%" in c for c in cues)
    assert any("drop options with absolute words: 100%" in c for c in cues)
    overlaps = overlap_problems(gamed, gamed, PRACTICE)
    assert any("client Rosa also appears in selfcheck" in o for o in overlaps)
    assert any("of its five-word phrases are in selfcheck" in o for o in overlaps)
    assert any("quiz9_gamed q02-1" in o for o in overlaps)  # restates another graded stem
    assert coverage_problems(gamed, OBJECTIVES) == [
        "objective 01.1 is graded by no slot or written item",
        "objective 01.2, part 'second part', is graded by no slot"]


def test_a_case_named_in_the_quizs_intro_may_recur_within_that_quiz():
    raw = clean_bank()
    raw["intro"] = "The case of Kofi (fictional) runs through this quiz."
    for slot in raw["slots"][:2]:
        slot["variants"][0]["stem"] = f"Kofi (fictional) again, {slot['id']}."
    banks = _banks(raw)
    assert overlap_problems(banks, banks, PRACTICE) == []
    other = dict(clean_bank(), id="quiz8_other")
    other["slots"] = [dict(s) for s in other["slots"]]
    other["slots"][0] = {**other["slots"][0], "variants": [
        {**other["slots"][0]["variants"][0], "stem": "Kofi (fictional) elsewhere."},
        *other["slots"][0]["variants"][1:]]}
    every = banks | _banks(other)
    assert any("client Kofi also appears in quiz9_clean" in o
               for o in overlap_problems(_banks(other), every, PRACTICE))


# -- the real quizzes (content: fails until every writer's bank is merged) ---------------

@pytest.fixture(scope="module")
def banks() -> dict[str, QuizBank]:
    return load_banks()


def test_every_click_slot_of_quizzes_1_to_5_has_three_variants(banks):
    assert variant_problems({q: banks[q] for q in GRADED}) == []


def test_no_surface_strategy_beats_chance_by_more_than_10_points(banks):
    assert cue_problems({q: banks[q] for q in GRADED}) == []


def test_no_surface_strategy_pays_on_the_knowledge_checks_forms():
    """The forms are fixed (options in the written order), so position counts too."""
    from hrcourse.content.knowledge_check import FORMS, load_knowledge_check
    from hrcourse.logic.item_cues import Item, Slot

    check = load_knowledge_check()
    problems = []
    for form in FORMS:
        slots = [Slot(i.id, (Item(i.stem, dict(i.options), i.keys, shuffled=False),))
                 for i in check.form(form)]
        problems += [f"form {form}: {line}" for line in over_chance(slots)]
    assert problems == []


def test_no_graded_stem_restates_practice_or_another_graded_stem(banks):
    graded = {q: banks[q] for q in GRADED}
    assert overlap_problems(graded, graded, practice_texts()) == []


def test_every_objective_and_every_declared_part_is_graded(banks):
    assert coverage_problems({q: banks[q] for q in GRADED}, lesson_objectives()) == []


def test_variants_of_one_slot_may_share_the_questions_wording_other_slots_may_not():
    raw = clean_bank()
    wording = ("A counselor meets a new client (fictional) this week and must decide "
               "which response fits the lesson best")
    for k, v in enumerate(raw["slots"][0]["variants"]):
        v["stem"] = f"{wording}, case {k}."
    banks = _banks(raw)
    assert overlap_problems(banks, banks, PRACTICE) == []
    raw["slots"][1]["variants"][0]["stem"] = f"{wording}, again."
    banks = _banks(raw)
    assert any("quiz9_clean q02-1" in o and "five-word phrases are in quiz9_clean q01-" in o
               for o in overlap_problems(banks, banks, PRACTICE))
