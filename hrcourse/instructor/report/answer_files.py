"""The options students clicked, from each one's <quiz>.answers.json: the gradebook holds
only points, so this is the only record of which wrong answer was chosen."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from hrcourse.instructor.course import CourseFolder
from hrcourse.instructor.report.model import CHOICE_KINDS, Item
from hrcourse.logic.answers import (
    AnswersFileError,
    answers_filename,
    normalize,
    parse_answers_file,
)
from hrcourse.logic.choices import ChoiceError

if TYPE_CHECKING:
    import pandas as pd


def answers_path(paths: CourseFolder, student: str, assignment: str, quiz_id: str) -> Path | None:
    """The answers file autograde used, else the submitted one, else None."""
    for base in (paths.autograded, paths.submitted):
        path = base / student / assignment / answers_filename(quiz_id)
        if path.is_file():
            return path
    return None


def read_answer_files(paths: CourseFolder, assignment: str, students: list[str],
                      quiz_ids: list[str]) -> tuple[dict, list[tuple[str, str]], int]:
    """{(student, quiz_id): {item: raw answer}}, unreadable files (student, reason), and
    how many submissions have no answers file at all."""
    answers, broken, missing = {}, [], 0
    for student in students:
        for quiz_id in quiz_ids:
            path = answers_path(paths, student, assignment, quiz_id)
            if path is None:
                missing += 1
                continue
            try:
                answers[(student, quiz_id)] = parse_answers_file(
                    path.read_text(encoding="utf-8"), quiz_id)
            except (OSError, UnicodeDecodeError, AnswersFileError) as err:
                broken.append((student, f"{path.relative_to(paths.root)}: {err}"))
    return answers, broken, missing


def choices_table(answers: dict, items: list[Item]) -> tuple[pd.DataFrame, list[str]]:
    """One row per (student, choice item) with a readable answer: student, item, answer
    ("b" or "a,c"). Answers naming no real option are left out and listed."""
    import pandas as pd

    rows, unreadable = [], []
    # Variant slots are left out: option "b" is a different text in each variant (their
    # statistics are per variant, in variant_stats.py).
    choice_items = [i for i in items if i.kind in CHOICE_KINDS and len(i.variants) < 2]
    for (student, quiz_id), given in answers.items():
        for item in choice_items:
            raw = given.get(str(item.number)) if item.quiz_id == quiz_id else None
            if raw is None:
                continue
            try:
                answer = normalize(raw, item.options, item.kind == "multiple")
            except ChoiceError:
                unreadable.append(f"{student} item {item.number}: {raw!r}")
                continue
            if answer:
                rows.append((student, item.id, answer))
    return pd.DataFrame(rows, columns=["student", "item", "answer"]), unreadable
