"""The record of completion for self-paced learners: when it can be issued and what it says.
Pure: lessons, saved records and the after-check score come in; no files, no widgets.

A lesson is "done" when the learner ticks *Mark this lesson complete* at its end (the
generated closing cell, hrcourse/navigation.py). That is saved in progress as a record of
kind hrcourse.records.LESSON_DONE, key = lesson id, value {"done_at": "<UTC stamp>"};
unticking removes it.
The certificate can be made when every lesson after the start page is marked done and the
latest after-check reaches the pass mark (data/knowledge_check.yml).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

MAX_NAME = 100

DISCLAIMER = ("This is a self-issued record of completing an open, self-paced course. It is "
              "not accredited continuing-education (CE) credit, not a licence or a "
              "qualification, and it was not checked by anyone: the course has no way to "
              "verify who did the work, and this document has no protection against being "
              "edited.")


@dataclass(frozen=True)
class LessonInfo:
    id: str
    title: str
    minutes: int


@dataclass(frozen=True)
class Eligibility:
    lessons_missing: list[LessonInfo]
    score: float | None  # the after-check's share right; None: not taken yet
    pass_mark: float
    graded_by_instructor: bool = False  # a class's copy: no keys here, so no score

    @property
    def ok(self) -> bool:
        return not self.graded_by_instructor and not self.lessons_missing \
            and self.score is not None and self.score >= self.pass_mark

    def reasons(self) -> list[str]:
        """What is still missing, in plain words (empty when the certificate can be made)."""
        if self.graded_by_instructor:
            return ["In this class your instructor grades the knowledge check, so this "
                    "self-issued record is not made here; your course grades record your work."]
        out = []
        if self.lessons_missing:
            names = ", ".join(f"{lesson.id} {lesson.title}" for lesson in self.lessons_missing)
            out.append(f"Mark these lessons complete (the box at the end of each): {names}.")
        if self.score is None:
            out.append("Take the after-check above.")
        elif self.score < self.pass_mark:
            out.append(f"Your after-check score is {round(100 * self.score)}%; the certificate "
                       f"needs {round(100 * self.pass_mark)}%. Review the objectives listed "
                       f"above and take the after-check again.")
        return out


def eligibility(lessons: list[LessonInfo], done: dict, score: float | None,
                pass_mark: float, graded_by_instructor: bool = False) -> Eligibility:
    """lessons: the lessons to complete (the course map after the start page); done: the
    saved LESSON_DONE records."""
    missing = [lesson for lesson in lessons if lesson.id not in (done or {})]
    return Eligibility(missing, score, pass_mark, graded_by_instructor)


def clean_name(typed: str) -> str:
    """The name as typed, trimmed, with inner runs of spaces made one; control characters
    are refused (they would not print). Raises ValueError with a message for the learner."""
    name = " ".join((typed or "").split())
    if not name:
        raise ValueError("Type your name as it should appear on the certificate.")
    if len(name) > MAX_NAME:
        raise ValueError(f"That name is {len(name)} characters long; the certificate holds "
                         f"up to {MAX_NAME}.")
    if any(unicodedata.category(c).startswith("C") for c in name):
        raise ValueError("The name contains a character that cannot be printed; please "
                         "type it again.")
    return name


@dataclass(frozen=True)
class Certificate:
    name: str
    course: str
    lessons: list[LessonInfo]
    score: float
    pass_mark: float
    date: str  # e.g. "30 November 2026"

    @property
    def minutes(self) -> int:
        return sum(lesson.minutes for lesson in self.lessons)

    @property
    def hours(self) -> str:
        """Estimated hours, to the half hour, e.g. "14.5"."""
        half_hours = round(self.minutes / 30)
        return f"{half_hours / 2:g}"

    @property
    def score_percent(self) -> int:
        return round(100 * self.score)

    def lines(self) -> list[tuple[str, str]]:
        """The facts the certificate states, in order, as (label, value): the HTML page and
        the PDF show the same ones."""
        return [("Name", self.name), ("Course", self.course),
                ("Lessons completed", f"{len(self.lessons)} of {len(self.lessons)}"),
                ("Estimated hours", f"about {self.hours} hours (the lessons' estimated "
                                    f"times, {self.minutes} minutes in all)"),
                ("After-check score", f"{self.score_percent}% (pass mark "
                                      f"{round(100 * self.pass_mark)}%)"),
                ("Date", self.date)]


def make(name: str, course: str, lessons: list[LessonInfo], status: Eligibility,
         date: str) -> Certificate:
    """The certificate, if it may be made (ValueError with the reasons otherwise)."""
    if not status.ok:
        raise ValueError(" ".join(status.reasons()))
    return Certificate(clean_name(name), course, list(lessons), float(status.score or 0),
                       status.pass_mark, date)
