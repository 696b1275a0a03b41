"""Item-writing rules for the graded quizzes, checked on the item bank (data/quizzes/, read
through its model) and on the fixed-form quizzes' instructor versions in source/ (the
knowledge check's forms).

A test-wise student must not beat chance by picking the longest option or a favourite
position, every option must carry feedback that teaches without giving the key away, and
every lesson objective must be graded somewhere. A bank's items are its variants, checked
against the notebook built from it as the trusted scorer reads it (the hidden
`quiz.grade_slot(...)` call, `hrcourse.logic.click_items.parse_slot_test`, and the
options given to the widget). A fixed-form notebook's items are read as before: the option
texts from the question Markdown (`- **a)** text`), the key, options and feedback from the
hidden `quiz.grade(...)` call.

Each rule is a function that returns its problems, so the same function is asserted empty
on the real quizzes and shown to fire on a deliberately gamed quiz.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

import nbformat
import pytest
import yaml

from hrcourse.logic.click_items import parse_hidden_test, parse_slot_test
from tests.conftest import ROOT

GRADED = ("quiz1_foundations", "quiz2_dependence", "quiz3_recovery", "quiz4_capstone",
          "quiz5_practice_skills")
OPTION_LINE = re.compile(r"^- \*\*([a-z])\)\*\* (.+)$", re.MULTILINE)
# Feedback is shown only for the options a student chose, so it must not point at another
# option by its letter ("option c", "(b)", "d)").
# A section of a code ("ACA A.4.b)") is not an option letter.
LETTER_REFERENCE = re.compile(r"\b(?:options?|answers?|choices?)\s+\(?[a-f]\b|\([a-f]\)"
                              r"|(?<![\w.])[a-f]\)")


@dataclass(frozen=True)
class Item:
    quiz: str
    number: int
    kind: str
    objective: str
    options: dict[str, str]
    key: str
    many: bool
    concept: str
    feedback: dict[str, str]
    listed: str  # option letters in the hidden call and the cell metadata, for consistency
    asked: dict[str, str] | None = None  # the texts given to the clickable options
    shuffled: bool = False  # shown in a per-student order: the written position is no cue
    variant: str = ""

    @property
    def single(self) -> bool:
        return not self.many


def _ask_texts(source: str) -> dict[str, str] | None:
    """The option texts of a `quiz.ask(n, {...})` cell (None if it gives letters only)."""
    call = ast.parse(source).body[0].value
    texts = ast.literal_eval(call.args[1]) if len(call.args) > 1 else None
    return texts if isinstance(texts, dict) else None


def load_quiz(path: Path) -> tuple[list[Item], list[str]]:
    """The autograded items of one source notebook, and the objectives of its written items."""
    nb = nbformat.read(path, as_version=4)
    stems = {c.metadata.get("nbgrader", {}).get("grade_id"): c.source for c in nb.cells}
    items, written = [], []
    for cell in nb.cells:
        meta = cell.metadata.get("hrcourse", {})
        if meta.get("written"):
            written.append(meta.get("objective", ""))
        if "item" not in meta:
            continue
        call = parse_hidden_test(cell.source)  # read exactly as the trusted scorer reads it
        assert call is not None, f"{path.name}: not a click item: {cell.source[:80]}"
        n = meta["item"]
        options = dict(OPTION_LINE.findall(stems[f"q{n}_stem"]))
        assert call.item == n, f"{path.name} item {n}: quiz.grade numbers it {call.item}"
        items.append(Item(path.stem, n, meta["kind"], meta["objective"], options, call.key,
                          call.many, call.concept, call.feedback,
                          call.options if call.options == meta["options"] else "?",
                          _ask_texts(stems[f"q{n}_ask"])))
    return items, written


def load_bank_quiz(bank, path: Path) -> tuple[list[Item], list[str]]:
    """The variants of a bank (through its model) as items, each checked against the
    instructor notebook built from it: the hidden test's and the widget's copy of it."""
    from hrcourse.instructor.bank_notebook import is_fixed

    if is_fixed(bank):  # built fixed-form: read as such, then compared with the bank
        items, written = load_quiz(path)
        for it, slot in zip(items, bank.slots, strict=True):
            v = slot.variants[0]
            assert (it.key, it.options, it.kind) == (v.key, dict(v.options), slot.kind), v.id
        return [replace(it, variant=s.variants[0].id) for it, s in
                zip(items, bank.slots, strict=True)], written
    nb = nbformat.read(path, as_version=4)
    cells = {c.metadata.get("nbgrader", {}).get("grade_id"): c.source for c in nb.cells}
    items = []
    for n, slot in enumerate(bank.slots, 1):
        test = parse_slot_test(cells.get(f"q{n}_test", ""))
        asked = _asked_variants(cells.get(f"q{n}_ask", ""))
        assert test is not None and test.slot == slot.id, f"{path.name} q{n}: not {slot.id}"
        for v in slot.variants:
            graded = test.variants.get(v.id)
            listed = "".join(graded.options) if graded and graded.key == v.key and \
                graded.feedback == dict(v.feedback) else "?"
            items.append(Item(bank.id, n, slot.kind, slot.objective, dict(v.options), v.key,
                              slot.many, v.concept, dict(v.feedback), listed,
                              (asked.get(v.id) or {}).get("options"), slot.shuffle, v.id))
    return items, [w.objective for w in bank.written]


def _asked_variants(source: str) -> dict:
    """variant id -> {"stem", "options"} as given to quiz.ask_slot (the widget's data)."""
    call = ast.parse(source).body[0].value
    return ast.literal_eval(call.args[2])


def all_quizzes() -> dict[str, tuple[list[Item], list[str]]]:
    from hrcourse.content.quiz_bank import load_banks

    banks = load_banks()
    out = {}
    for p in sorted((ROOT / "source").glob("*/*.ipynb")):
        out[p.stem] = load_bank_quiz(banks[p.stem], p) if p.stem in banks else load_quiz(p)
    return out


def lesson_objectives() -> set[str]:
    ids = set()
    for path in sorted((ROOT / "data" / "lessons").glob("*.yml")):
        if path.stem == "00":  # the start page teaches no graded objective
            continue
        ids |= {o["id"] for o in yaml.safe_load(path.read_text(encoding="utf-8"))["objectives"]}
    return ids


# -- the rules ------------------------------------------------------------------------

def structure_problems(items: list[Item]) -> list[str]:
    """Options in the Markdown, the hidden call and the metadata agree; items numbered 1..N."""
    problems = []
    for it in items:
        if it.listed != "".join(it.options):
            problems.append(f"{it.quiz} q{it.number}: options {''.join(it.options)!r} in the "
                            f"question, {it.listed!r} in quiz.grade or the metadata")
        if it.asked != it.options:
            problems.append(f"{it.quiz} q{it.number}: the clickable options' texts differ from "
                            f"the question's list")
        if not set(it.key.split(",")) <= set(it.options):
            problems.append(f"{it.quiz} q{it.number}: key {it.key!r} is not among the options")
        if it.single and "," in it.key:
            problems.append(f"{it.quiz} q{it.number}: single-answer item with key {it.key!r}")
    for quiz in {it.quiz for it in items}:
        numbers = sorted({it.number for it in items if it.quiz == quiz})
        if numbers != list(range(1, len(numbers) + 1)):
            problems.append(f"{quiz}: items numbered {numbers}")
    return problems


def feedback_problems(items: list[Item]) -> list[str]:
    """Every option has teaching feedback; none names another option's letter; the concept
    says what the item checks. For single-answer items the convention is that the key's
    feedback opens with "Correct" and no other option's does, which catches feedback left
    behind when options are reordered."""
    problems = []
    for it in items:
        where = f"{it.quiz} q{it.number}" + (f" ({it.variant})" if it.variant else "")
        if not it.concept.strip():
            problems.append(f"{where}: no concept")
        for letter in it.options:
            text = it.feedback.get(letter, "").strip()
            if len(text) < 40:
                problems.append(f"{where}: option {letter} has no teaching feedback")
            elif LETTER_REFERENCE.search(text):
                problems.append(f"{where}: feedback for {letter} refers to an option by letter")
            if it.single and text and text.startswith("Correct") != (letter == it.key):
                problems.append(f"{where}: feedback for {letter} does not match the key "
                                f"{it.key!r}")
        extra = set(it.feedback) - set(it.options)
        if extra:
            problems.append(f"{where}: feedback for options that do not exist: {sorted(extra)}")
    return problems


def length_strategy(items: list[Item], pick=max) -> tuple[float, float]:
    """Expected score of always picking the longest (or, with pick=min, shortest) option on
    the single-answer items, ties split evenly, against the expected score of guessing."""
    score = chance = 0.0
    for it in (i for i in items if i.single):
        lengths = {k: len(v) for k, v in it.options.items()}
        best = pick(lengths.values())
        tied = [k for k, v in lengths.items() if v == best]
        score += (it.key in tied) / len(tied)
        chance += 1 / len(it.options)
    return score, chance


def length_problems(items: list[Item]) -> list[str]:
    """Option length must carry no information about the key.

    Threshold: the longest-option (and the shortest-option) strategy may score at most 1.5
    times chance on the single-answer items. With about 45 items of four options, chance is
    about 11 items, and if length were unrelated to the key the longest-option score would be
    binomial with a standard deviation of about 3 items; 1.5 times chance lies about 1.9
    standard deviations above chance, so an unbiased set passes while the set this rule was
    written against (key longest in 28 of 40 items, 70%) fails by a wide margin. Multiple-
    answer items: the options that apply may be at most 15% longer, on average, than those
    that do not, so "tick the long ones" earns nothing.
    """
    problems = []
    for pick, name in ((max, "longest"), (min, "shortest")):
        score, chance = length_strategy(items, pick)
        if chance and score > 1.5 * chance:
            problems.append(f"picking the {name} option scores {score:.1f} of "
                            f"{sum(i.single for i in items)} single-answer items "
                            f"(chance {chance:.1f}, limit {1.5 * chance:.1f})")
    ratios = []
    for it in (i for i in items if i.many):
        keyed = [len(v) for k, v in it.options.items() if k in it.key.split(",")]
        other = [len(v) for k, v in it.options.items() if k not in it.key.split(",")]
        if keyed and other:
            ratios.append((sum(keyed) / len(keyed)) / (sum(other) / len(other)))
    if ratios and sum(ratios) / len(ratios) > 1.15:
        problems.append(f"multiple-answer items: the options that apply are on average "
                        f"{sum(ratios) / len(ratios):.2f} times as long as the others")
    return problems


def position_problems(items: list[Item], limit: float = 0.4) -> list[str]:
    """Single-answer keys are spread over the positions: every position is used and none
    holds more than 40% of the keys, across the graded quizzes and within each of them.
    Items shown in a per-student order are left out: their written position is not what
    students see (the classify items keep their categories' order, so they count)."""
    problems = []
    singles = [i for i in items if i.single and not i.shuffled]
    groups = {"all graded quizzes": singles}
    groups |= {q: [i for i in singles if i.quiz == q] for q in sorted({i.quiz for i in singles})}
    for name, group in groups.items():
        counts = Counter(i.key for i in group)
        for letter, count in sorted(counts.items()):
            if len(group) >= 5 and count > limit * len(group):
                problems.append(f"{name}: {count} of {len(group)} keys are {letter}")
    positions = sorted({k for i in singles for k in i.options if
                        sum(k in j.options for j in singles) * 2 >= len(singles)})
    unused = [p for p in positions if p not in {i.key for i in singles}]
    if unused:
        problems.append(f"no single-answer key in position {', '.join(unused)}")
    return problems


def objective_problems(items: list[Item], written: list[str], objectives: set[str]) -> list[str]:
    """Every objective of lesson from 01 on is graded by an item or a written answer, and every
    item names an objective that exists."""
    graded = {i.objective for i in items} | set(written)
    problems = [f"objective {o} has no graded item" for o in sorted(objectives - graded)]
    problems += [f"{i.quiz} q{i.number}: objective {i.objective!r} does not exist"
                 for i in items if i.objective not in objectives]
    problems += [f"a written answer names objective {o!r}, which does not exist"
                 for o in written if o not in objectives]
    return problems


# -- the real quizzes -----------------------------------------------------------------

@pytest.fixture(scope="module")
def quizzes():
    return all_quizzes()


def _graded(quizzes):
    return [i for q in GRADED for i in quizzes[q][0]]


def test_every_quiz_is_read_and_consistent(quizzes):
    assert set(GRADED) <= set(quizzes)
    items = [i for q in quizzes.values() for i in q[0]]
    assert len(items) >= 50 and all(i.options for i in items)
    assert structure_problems(items) == []
    for name, (its, _) in quizzes.items():
        nb = (ROOT / "source" / name / f"{name}.ipynb").read_text(encoding="utf-8")
        count = len({it.number for it in its})
        assert f"quiz.check_answered(range(1, {count + 1}))" in nb, name
        # Every part of every objective is graded (quiz 5 covers three lessons' parts), and a
        # click item takes a minute or two: at most 24 keeps a quiz within an hour.
        assert 10 <= count <= 24 or name == "quiz0_practice", f"{name}: {count} items"


def test_every_option_has_feedback_that_does_not_name_the_key(quizzes):
    items = [i for q in quizzes.values() for i in q[0]]
    assert feedback_problems(items) == []


def test_option_length_does_not_give_the_key_away(quizzes):
    assert length_problems(_graded(quizzes)) == []


def test_keys_are_spread_over_positions(quizzes):
    assert position_problems(_graded(quizzes)) == []


def test_every_lesson_objective_is_graded_and_every_item_objective_exists(quizzes):
    items = [i for q in quizzes.values() for i in q[0]]
    written = [o for q in quizzes.values() for o in q[1]]
    assert objective_problems(items, written, lesson_objectives()) == []


# -- each rule can fail ---------------------------------------------------------------

def _gamed_quiz() -> list[Item]:
    """Eight items written by a test-wise author: the key is always b and always the
    longest, and the feedback is thin."""
    items = []
    for n in range(1, 9):
        options = {"a": "Short.", "b": "The long, careful, qualified and inclusive answer.",
                   "c": "Also short.", "d": "Brief."}
        feedback = {k: f"Feedback that explains option {k} well enough to teach something."
                    for k in "abcd"}
        items.append(Item("gamed", n, "single", "01.1", options, "b", False, "A concept.",
                           feedback, "abcd", options))
    return items


def test_the_rules_catch_a_gamed_quiz():
    gamed = _gamed_quiz()
    assert any("longest" in p for p in length_problems(gamed))
    shortest = [replace(i, key="a" if i.number % 2 else "d") for i in gamed]
    assert any("shortest" in p for p in length_problems(shortest))
    assert any("8 of 8 keys are b" in p for p in position_problems(gamed))
    assert "no single-answer key in position a, c, d" in position_problems(gamed)
    assert any("refers to an option by letter" in p for p in feedback_problems(gamed))
    thin = [replace(gamed[0], feedback={"a": "Wrong.", "b": "Correct, because it is."}),
            replace(gamed[1], number=2, feedback={
                **gamed[1].feedback, "a": "Correct. Feedback left behind when the options moved."})]
    problems = feedback_problems(thin)
    assert "gamed q1: option a has no teaching feedback" in problems
    assert "gamed q1: option c has no teaching feedback" in problems
    assert any(p.startswith("gamed q2: feedback for a does not match") for p in problems)
    long_keys = [Item("gamed", n, "multiple", "01.1",
                      {"a": "x" * 90, "b": "y" * 20, "c": "z" * 90, "d": "w" * 20}, "a,c",
                      True, "A concept.", {}, "abcd") for n in (1, 2)]
    assert any("multiple-answer" in p for p in length_problems(long_keys))
    broken = [replace(gamed[0], listed="abc", key="e"), replace(gamed[1], number=3)]
    assert len(structure_problems(broken)) == 3
    drifted = replace(gamed[0], asked={**gamed[0].options, "c": "Edited in one place only."})
    assert any("texts differ" in p for p in structure_problems([drifted]))


def test_the_objective_rule_catches_an_ungraded_or_unknown_objective(quizzes):
    items = [i for q in quizzes.values() for i in q[0]]
    written = [o for q in quizzes.values() for o in q[1]]
    without = [i for i in items if i.objective != "04.3"]
    assert objective_problems(without, written, lesson_objectives()) == [
        "objective 04.3 has no graded item"]
    typo = [replace(items[0], objective="4.3")] + items[1:]
    assert any("'4.3' does not exist" in p for p in
               objective_problems(typo, written, lesson_objectives()))

