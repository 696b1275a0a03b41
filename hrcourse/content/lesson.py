"""A lesson (data/lessons/<id>.yml): its objectives, key terms and reflection prompt.

Its title and notebook are declared once, in data/course.yml; `load_lesson` joins them.
Objective ids are the lesson's id, a dot and a number ("01.2").
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import PrivateAttr, ValidationInfo, model_validator

from hrcourse.content import ContentError, load_yaml, yaml_files
from hrcourse.content.base import Code, ContentModel, Invalid, Items, parse, unique
from hrcourse.content.course import SOURCE as COURSE
from hrcourse.content.course import load_course

FOLDER = Path("lessons")
_OBJECTIVE_ID = re.compile(r"^\d\d\.\d+$")


class Objective(ContentModel):
    id: str
    text: str
    # A compound objective's parts (e.g. "AUDIT-C", "DAST-10 and TAPS Tool"): each must be
    # graded by some quiz slot that names it (data/quizzes/, field `part`).
    parts: Items[str] = ()

    @model_validator(mode="after")
    def _parts_once(self) -> Objective:
        unique(self.parts, "parts", field="parts")
        return self


class Lesson(ContentModel):
    id: Code
    minutes: int
    objectives: Items[Objective]
    key_terms: Items[str] = ()
    reflection: str
    _title: str = PrivateAttr("")
    _notebook: str = PrivateAttr("")

    @property
    def title(self) -> str:
        return self._title

    @property
    def notebook(self) -> str:
        return self._notebook

    @model_validator(mode="after")
    def _objectives_are_the_lessons(self, info: ValidationInfo) -> Lesson:
        expected = (info.context or {}).get("lesson", self.id)
        if self.id != expected:
            raise Invalid(f"id does not match the file name ({expected})", field="id")
        for o in self.objectives:
            if not _OBJECTIVE_ID.match(o.id) or not o.id.startswith(expected + "."):
                raise Invalid(f"objective ids look like '{expected}.1'; found {o.id!r}",
                              entry=f"objective {o.id}", field="id")
        return self


def load_lesson(lesson_id: str) -> Lesson:
    """The lesson file, validated, with its title and notebook from the course map."""
    ref = next((r for r in load_course().lessons if r.id == lesson_id), None)
    if ref is None:
        raise ContentError(COURSE, f"no lesson '{lesson_id}' in the course map")
    relative = FOLDER / f"{lesson_id}.yml"
    lesson = parse(Lesson, load_yaml(relative), relative, context={"lesson": lesson_id})
    lesson._title, lesson._notebook = ref.title, ref.notebook
    return lesson


def lesson_objectives() -> dict[str, tuple[str, ...]]:
    """objective id -> its declared parts (often none), for every lesson file."""
    found: dict[str, tuple[str, ...]] = {}
    for path in yaml_files(str(FOLDER)):
        relative = FOLDER / path.name
        lesson = parse(Lesson, load_yaml(relative), relative, context={"lesson": path.stem})
        found |= {o.id: o.parts for o in lesson.objectives}
    return found
