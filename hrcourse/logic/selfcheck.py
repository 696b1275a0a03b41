"""Formative self-check items: schema, grading with per-option feedback, lesson score."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from hrcourse.content import ContentError, Where, check_keys, load_yaml, require, text
from hrcourse.logic.choices import ChoiceError, parse_choice_ids

KINDS = ("single", "multiple")


@dataclass(frozen=True)
class Option:
    id: str
    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class Item:
    id: str
    lesson: str
    objective: str
    kind: str
    stem: str
    options: tuple[Option, ...]

    @property
    def correct_ids(self) -> set[str]:
        return {o.id for o in self.options if o.correct}

    def option(self, option_id: str) -> Option:
        return next(o for o in self.options if o.id == option_id)


@dataclass(frozen=True)
class Result:
    status: str  # "empty", "invalid", "correct", "partial", "incorrect"
    score: float  # 0..1
    message: str
    feedback: tuple[tuple[Option, bool], ...] = field(default=())  # (option, was it right to pick)
    selected: tuple[str, ...] = ()


def item_from_dict(raw: dict, lesson: str, where: Where) -> Item:
    check_keys(raw, {"id", "objective", "kind", "stem", "options"}, where)
    item_id = require(raw, "id", str, where)
    where = where.at(f"item {item_id}")
    kind = require(raw, "kind", str, where, allowed=KINDS)
    options = []
    for index, opt in enumerate(require(raw, "options", list, where)):
        ow = where.at(f"option {index + 1}")
        check_keys(opt, {"id", "text", "correct", "feedback"}, ow)
        options.append(Option(
            id=str(require(opt, "id", str, ow)).strip().lower(),
            text=text(require(opt, "text", str, ow)),
            correct=require(opt, "correct", bool, ow, default=False),
            feedback=text(require(opt, "feedback", str, ow)),
        ))
    ids = [o.id for o in options]
    if not 2 <= len(options) <= 6:
        raise where.error(f"needs 2 to 6 options, found {len(options)}", "options")
    if len(set(ids)) != len(ids):
        raise where.error(f"option ids repeat: {', '.join(ids)}", "options")
    n_correct = sum(o.correct for o in options)
    if kind == "single" and n_correct != 1:
        raise where.error(f"a single-choice item needs exactly one correct option, "
                          f"found {n_correct}", "options")
    if kind == "multiple" and n_correct < 1:
        raise where.error("a multiple-select item needs at least one correct option",
                          "options")
    return Item(id=item_id, lesson=lesson, objective=str(require(raw, "objective", str, where)),
                kind=kind, stem=text(require(raw, "stem", str, where)), options=tuple(options))


def load_bank(lesson: str) -> list[Item]:
    """Items of data/selfchecks/<lesson>.yml, validated."""
    relative = Path("selfchecks") / f"{lesson}.yml"
    raw = load_yaml(relative)
    where = Where(relative)
    if not isinstance(raw, dict):
        raise where.error("expected a mapping with 'lesson' and 'items'")
    check_keys(raw, {"lesson", "items"}, where)
    declared = str(require(raw, "lesson", (str, int), where))
    if declared != lesson:
        raise where.error(f"says lesson {declared!r} but the file is for lesson {lesson!r}",
                          "lesson")
    items = [item_from_dict(entry, lesson, where.at(f"items[{i}]"))
             for i, entry in enumerate(require(raw, "items", list, where))]
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise ContentError(relative, "item id used twice", entry=item.id, field="id")
        seen.add(item.id)
    return items


def find_item(lesson: str, item_id: str) -> Item:
    for item in load_bank(lesson):
        if item.id == item_id:
            return item
    known = ", ".join(i.id for i in load_bank(lesson))
    raise ContentError(Path("selfchecks") / f"{lesson}.yml",
                       f"no self-check item '{item_id}' (known: {known})")


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
