"""The course map, each lesson's objectives and key terms, and the glossary: the one
place the rest of the package asks for them. The models and their loaders are in
hrcourse/content/ (course.py, lesson.py, glossary.py); this module reads no file."""

from __future__ import annotations

from hrcourse.content.course import LessonRef, load_course
from hrcourse.content.glossary import Term, load_glossary, terms_for
from hrcourse.content.lesson import Lesson, Objective, load_lesson

__all__ = ["Lesson", "LessonRef", "Objective", "Term", "course_map", "course_title",
           "glossary", "lesson", "terms_for"]


def course_map() -> list[LessonRef]:
    return list(load_course().lessons)


def course_title() -> str:
    return load_course().title


def lesson(lesson_id: str) -> Lesson:
    return load_lesson(lesson_id)


def glossary() -> dict[str, Term]:
    """All terms from data/glossary/*.yml, keyed by id; a repeated id is an error."""
    return load_glossary()
