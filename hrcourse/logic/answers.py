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


def parse_answers_file(raw_text: str, quiz_id: str) -> dict[str, str]:
    """item number (as text) -> raw answer text. Raises AnswersFileError with a reason."""
    try:
        data = json.loads(raw_text)
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
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
        if isinstance(value, list):
            value = ",".join(str(v) for v in value)
        if isinstance(value, (str, int, float)):
            out[str(key)] = str(value)
    return out


def dump_answers_file(quiz_id: str, answers: dict[str, str]) -> str:
    return json.dumps({"format": FORMAT, "quiz": quiz_id,
                       "answers": {str(k): v for k, v in sorted(answers.items(),
                                                                key=lambda kv: int(kv[0]))}},
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


def score(answer: object, key: str, options: str, many: bool, max_points: float,
          concept: str) -> Mark:
    """Grade one item. Single choice: all or nothing. Multiple select: each right tick
    earns a share, each wrong tick costs one, never below zero. `concept` says, for the
    student's feedback, what the item was checking."""
    key_ids = set(key.replace(" ", "").split(","))
    if answer is None or (isinstance(answer, str) and not answer.strip()):
        return Mark(0.0, max_points, f"No answer was recorded. This item checks: {concept}")
    try:
        chosen = normalize(answer, options, many)
    except ChoiceError as err:
        return Mark(0.0, max_points, f"The answer {str(answer)!r} could not be read: {err} "
                                     f"This item checks: {concept}")
    if chosen is None:
        return Mark(0.0, max_points, f"No answer was recorded. This item checks: {concept}")
    chosen_ids = set(chosen.split(","))
    if chosen_ids == key_ids:
        return Mark(float(max_points), max_points, "Correct.")
    if not many:
        return Mark(0.0, max_points, f"Not correct. {concept}")
    hits, wrong = len(chosen_ids & key_ids), len(chosen_ids - key_ids)
    share = max(0.0, (hits - wrong) / len(key_ids))
    points = round(max_points * share, 2)
    tally = (f"{hits} of the {len(key_ids)} options that apply ticked, {wrong} ticked that "
             f"do not apply")
    if points == 0:
        return Mark(0.0, max_points, f"Not correct ({tally}). {concept}")
    return Mark(points, max_points, f"Partly correct ({points:g} of {max_points:g}; {tally}). "
                                    f"{concept}")
