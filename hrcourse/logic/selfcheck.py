"""Formative self-check items: grading with per-option feedback, and the lesson score.

The items themselves are the content model in hrcourse/content/selfcheck.py."""

from __future__ import annotations

from dataclasses import dataclass, field

from hrcourse.content.selfcheck import Item, Option
from hrcourse.logic.choices import ChoiceError, parse_choice_ids


@dataclass(frozen=True)
class Result:
    status: str  # "empty", "invalid", "correct", "partial", "incorrect"
    score: float  # 0..1
    message: str
    feedback: tuple[tuple[Option, bool], ...] = field(default=())  # (option, was it right to pick)
    selected: tuple[str, ...] = ()


def grade(item: Item, raw_selection: object) -> Result:
    """Grade a selection. Never raises for learner input: odd input becomes a message."""
    try:
        selected = parse_choice_ids(raw_selection, [o.id for o in item.options],
                                    many=item.kind == "multiple")
    except ChoiceError as err:
        return Result("invalid", 0.0, str(err))
    if not selected:
        prompt = ("Choose one option, then check your answer." if item.kind == "single"
                  else "Tick every option you think applies, then check your answer.")
        return Result("empty", 0.0, prompt)
    correct = item.correct_ids
    chosen = set(selected)
    feedback = tuple((item.option(o), item.option(o).correct) for o in selected)
    if item.kind == "single":
        ok = chosen == correct
        return Result("correct" if ok else "incorrect", float(ok),
                      "Correct." if ok else "Not quite. Read the feedback and try again.",
                      feedback, tuple(selected))
    # Multiple select: credit for each right tick, minus each wrong one, never below zero.
    hits, misses = len(chosen & correct), len(chosen - correct)
    score = max(0.0, (hits - misses) / len(correct))
    if chosen == correct:
        status, message = "correct", "Correct: you found every option that applies."
    elif score > 0:
        missing = len(correct - chosen)
        status = "partial"
        message = (f"Partly right. {misses} of your ticks do not apply and {missing} that "
                   f"apply are unticked." if misses else
                   f"Partly right: {missing} more option(s) apply.")
    else:
        status, message = "incorrect", "Not quite. Read the feedback and try again."
    return Result(status, score, message, feedback, tuple(selected))


@dataclass
class LessonScore:
    """Running tally for a lesson's self-checks (first try and latest answer)."""

    total: int
    answered: int = 0
    correct_now: int = 0
    correct_first_try: int = 0

    def line(self) -> str:
        if not self.answered:
            return f"Self-checks in this lesson: {self.total}. None answered yet."
        return (f"Self-checks answered: {self.answered} of {self.total}; correct now: "
                f"{self.correct_now}; correct on the first try: {self.correct_first_try}.")


def lesson_score(items: list[Item], records: dict[str, dict]) -> LessonScore:
    """records: item id -> {"status": ..., "first_status": ...} as saved in progress."""
    score = LessonScore(total=len(items))
    for item in items:
        rec = records.get(item.id)
        if not rec or rec.get("status") in (None, "empty", "invalid"):
            continue
        score.answered += 1
        score.correct_now += rec.get("status") == "correct"
        score.correct_first_try += rec.get("first_status") == "correct"
    return score
