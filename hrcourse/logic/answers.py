"""Graded-quiz answers: the answers file saved next to a quiz, normalisation, and scoring.

Pure logic: no widgets. The same code reads the file in the student's kernel and in
nbgrader's autograde run (which executes the notebook in the submission folder).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from hrcourse.logic.choices import ChoiceError, parse_choice_ids

FORMAT = "hrcourse-quiz-answers"


def answers_filename(quiz_id: str) -> str:
    return f"{quiz_id}.answers.json"


class AnswersFileError(ValueError):
    """The answers file exists but cannot be used; the message says why in plain words."""


@dataclass(frozen=True)
class Entry:
    """One saved answer. `choice`: the option ids chosen ("b", "a,c"); in a fixed-form quiz
    (no variants) the letters as shown. In an item-bank quiz also the variant the student
    was shown and the student id the kernel drew it for, so the grader can tell a copied
    file or a friend's variant from an honest answer."""

    choice: str
    variant: str | None = None
    student: str | None = None


def _entry(value: object) -> Entry | None:
    """A saved value as an Entry, or None if it is not one (left out, never an error)."""
    if isinstance(value, list):
        value = ",".join(str(v) for v in value if isinstance(v, (str, int)))
    if isinstance(value, bool):
        return None
    if isinstance(value, (str, int, float)):
        return Entry(str(value))
    if not isinstance(value, dict):
        return None
    chosen = value.get("options")
    if isinstance(chosen, list) and all(isinstance(o, str) for o in chosen):
        chosen = ",".join(chosen)
    if not isinstance(chosen, str):
        return None
    variant, student = value.get("variant"), value.get("student")
    return Entry(chosen, variant if isinstance(variant, str) else None,
                 student if isinstance(student, str) else None)


def parse_answer_entries(raw_text: str, quiz_id: str) -> dict[str, Entry]:
    """item number (as text) -> its saved Entry. Raises AnswersFileError with a reason;
    an entry that is not an answer is left out and the others are kept."""
    try:
        data = json.loads(raw_text)
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as err:
        raise AnswersFileError(f"the saved answers file is damaged (not valid JSON: "
                               f"{getattr(err, 'msg', err)})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise AnswersFileError("the saved answers file was not written by this quiz")
    if data.get("quiz") != quiz_id:
        raise AnswersFileError(f"the saved answers file belongs to quiz {data.get('quiz')!r}, "
                               f"not {quiz_id!r}")
    answers = data.get("answers")
    if not isinstance(answers, dict):
        raise AnswersFileError("the saved answers file has no answers section")
    out = {}
    for key, value in answers.items():
        entry = _entry(value)
        if entry is not None:
            out[str(key)] = entry
    return out


def parse_answers_file(raw_text: str, quiz_id: str) -> dict[str, str]:
    """item number (as text) -> raw answer text (option ids in an item-bank quiz).
    Raises AnswersFileError with a reason."""
    return {k: e.choice for k, e in parse_answer_entries(raw_text, quiz_id).items()}


def _order(key: str) -> tuple[int, str]:
    return (int(key), "") if key.isdigit() else (1 << 30, key)


def dump_answers_file(quiz_id: str, answers: dict[str, str | Entry]) -> str:
    """The file's text. A plain string is saved as it is (fixed-form quizzes); an Entry
    with a variant as {"options": [...], "variant": ..., "student": ...}."""
    def value(v: str | Entry) -> object:
        if isinstance(v, Entry):
            if v.variant is None and v.student is None:
                return v.choice
            return {"options": [o for o in v.choice.split(",") if o],
                    "variant": v.variant, "student": v.student}
        return v

    return json.dumps({"format": FORMAT, "quiz": quiz_id,
                       "answers": {str(k): value(v) for k, v in sorted(
                           answers.items(), key=lambda kv: _order(str(kv[0])))}},
                      indent=1)


def normalize(raw: object, options: str, many: bool) -> str | None:
    """A canonical answer ("b" or "a,c"), or None if empty. Raises ChoiceError if unknown."""
    if raw is None:
        return None
    ids = parse_choice_ids(raw, list(options), many=many)
    return ",".join(ids) or None


@dataclass(frozen=True)
class Mark:
    points: float
    max_points: float
    message: str


def _points(earned: float, max_points: float) -> str:
    return f"{earned:g} of {max_points:g} point{'' if max_points == 1 else 's'}"


def score(answer: object, key: str, options: str, many: bool, max_points: float,
          concept: str, feedback: dict[str, str] | None = None,
          reveal: str | None = None) -> Mark:
    """Grade one item and say why, in one line the student reads in their feedback.

    Single choice: all or nothing. Multiple select: each right tick earns a share, each
    wrong tick costs one, never below zero. The line gives the student's answer, right
    or wrong, the points and `concept` (what the item checks), then `feedback` for each
    option the student chose (never for the others, so the line does not give the key
    away), then `reveal` (the correct option in words) only when the caller passes it.
    """
    key_ids = set(key.replace(" ", "").split(","))
    checks = f"This item checks: {concept}"
    zero = _points(0, max_points)
    if answer is None or (isinstance(answer, str) and not answer.strip()):
        return Mark(0.0, max_points, f"No answer was recorded ({zero}). {checks}")
    try:
        chosen = normalize(answer, options, many)
    except ChoiceError as err:
        return Mark(0.0, max_points, f"Your answer {str(answer)!r} could not be read: {err} "
                                     f"({zero}). {checks}")
    if chosen is None:
        return Mark(0.0, max_points, f"No answer was recorded ({zero}). {checks}")
    chosen_ids = set(chosen.split(","))
    about = "".join(f" About {o}): {feedback[o].strip()}" for o in chosen.split(",")
                    if feedback and feedback.get(o))
    shown = f" The correct answer: {reveal.strip()}" if reveal else ""
    if chosen_ids == key_ids:
        return Mark(float(max_points), max_points,
                    f"Your answer: {chosen}. Correct ({_points(max_points, max_points)}). "
                    f"{checks}{about}")
    if not many:
        return Mark(0.0, max_points,
                    f"Your answer: {chosen}. Not correct ({zero}). {checks}{about}{shown}")
    hits, wrong = len(chosen_ids & key_ids), len(chosen_ids - key_ids)
    share = max(0.0, (hits - wrong) / len(key_ids))
    points = round(max_points * share, 2)
    tally = (f"{hits} of the {len(key_ids)} options that apply ticked, {wrong} ticked that "
             f"do not apply")
    verdict = "Not correct" if points == 0 else "Partly correct"
    return Mark(points, max_points, f"Your answer: {chosen}. {verdict} "
                                    f"({_points(points, max_points)}; {tally}). "
                                    f"{checks}{about}{shown}")
