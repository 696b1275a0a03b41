"""The course (data/course.yml): its title and the one ordered list of lessons that
navigation, the course map and the progress summary are generated from."""

from __future__ import annotations

from pathlib import Path

from pydantic import model_validator

from hrcourse.content.base import Code, ContentModel, Items, load, unique

SOURCE = Path("course.yml")


class LessonRef(ContentModel):
    id: Code
    notebook: str
    title: str


class Course(ContentModel):
    title: str
    lessons: Items[LessonRef]

    @model_validator(mode="after")
    def _ids_once(self) -> Course:
        unique((r.id for r in self.lessons), "lesson ids", field="lessons")
        return self


def load_course() -> Course:
    return load(Course, SOURCE)
