"""Scoring an item-bank slot: the student's own variant, their own option order.

The grader and the student's kernel both call these with the same inputs (the salt from
the instructor's setup cell, the quiz id, the student id), so a student's feedback reads
in the letters they saw. Clicked answers are saved by option id; typed answers are the
displayed letters. Where the saved answer names another variant or another student, the
answer is still scored on the student's own variant, and a flag line says why.

Pure: values in, a Mark and flag lines out.
"""

from __future__ import annotations

from hrcourse.logic.answers import Entry, Mark, score
from hrcourse.logic.choices import ChoiceError, parse_choice_ids
from hrcourse.logic.click_items import SlotItem
from hrcourse.logic.variants import Drawn, draw, letters

FLAG = "Flagged for your instructor"


def own_draw(item: SlotItem, salt: str, quiz_id: str, student: str) -> Drawn:
    """The variant and option order this student is shown (and scored on)."""
    return draw(salt, quiz_id, student, item.slot, item.option_ids(), item.shuffle)


def displayed_answer(choice: str, drawn: Drawn, many: bool) -> str:
    """Option ids as saved ("b", "a,c") -> the student's displayed letters; a value that
    names no option of the drawn variant is returned as it was (the score explains)."""
    try:
        ids = parse_choice_ids(choice, list(drawn.order), many=many)
    except ChoiceError:
        return choice
    back = {o: shown for shown, o in letters(drawn.order).items()}
    return ",".join(sorted(back[o] for o in ids))


def score_slot(item: SlotItem, drawn: Drawn, given: object, reveal: bool = False) -> Mark:
    """Score `given` (displayed letters, as clicked or typed) on the drawn variant."""
    variant = item.variants[drawn.variant]
    shown = letters(drawn.order)
    back = {o: s for s, o in shown.items()}
    key = ",".join(sorted(back[k] for k in variant.keys))
    feedback = {back[o]: text for o, text in variant.feedback.items() if o in back}
    told = None
    if reveal:
        told = "; ".join(f"{back[k]}) {variant.options[k]}"
                         for k in sorted(variant.keys, key=lambda k: back[k])) + "."
    return score(given, key, "".join(shown), item.many, item.points, variant.concept,
                 feedback, told)


def flags(item: SlotItem, drawn: Drawn, entry: Entry | None, student: str) -> list[str]:
    """Why a saved answer does not fit this student's quiz (empty for an honest one)."""
    if entry is None:
        return []
    where = f"{FLAG}: item {item.item}"
    found = []
    if entry.variant != drawn.variant:
        shown = f"case {entry.variant!r}" if entry.variant else "no case"
        found.append(f"{where}: the saved answer names {shown}, but this student's quiz "
                     f"shows case {drawn.variant!r}; it was scored on {drawn.variant!r}")
    if entry.student != student:
        by = f"under the name {entry.student!r}" if entry.student else "without a name"
        found.append(f"{where}: the answer was saved by a quiz opened {by}, not "
                     f"{student!r}")
    return found
