"""The course map, each lesson's objectives and key terms, and the glossary."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from hrcourse.content import (
    ContentError,
    Where,
    check_keys,
    data_dir,
    load_yaml,
    require,
    text,
    yaml_files,
)

COURSE = Path("course.yml")
_OBJECTIVE_ID = re.compile(r"^\d\d\.\d+$")


@dataclass(frozen=True)
class LessonRef:
    id: str
    notebook: str
    title: str


@dataclass(frozen=True)
class Objective:
    id: str
    text: str


@dataclass(frozen=True)
class Lesson:
    id: str
    title: str
    notebook: str
    minutes: int
    objectives: tuple[Objective, ...]
    key_terms: tuple[str, ...]
    reflection: str


@dataclass(frozen=True)
class Term:
    id: str
    term: str
    definition: str
    file: str


def course_map() -> list[LessonRef]:
    raw = load_yaml(COURSE)
    where = Where(COURSE)
    check_keys(raw, {"title", "lessons"}, where)
    refs = []
    for i, entry in enumerate(require(raw, "lessons", list, where)):
        lw = where.at(f"lessons[{i}]")
        check_keys(entry, {"id", "notebook", "title"}, lw)
        refs.append(LessonRef(str(require(entry, "id", (str, int), lw)),
                              require(entry, "notebook", str, lw),
                              require(entry, "title", str, lw)))
    ids = [r.id for r in refs]
    if len(set(ids)) != len(ids):
        raise where.error("lesson ids repeat", "lessons")
    return refs


def course_title() -> str:
    return require(load_yaml(COURSE), "title", str, Where(COURSE))


def lesson(lesson_id: str) -> Lesson:
    ref = next((r for r in course_map() if r.id == lesson_id), None)
    if ref is None:
        raise ContentError(COURSE, f"no lesson '{lesson_id}' in the course map")
    relative = Path("lessons") / f"{lesson_id}.yml"
    raw = load_yaml(relative)
    where = Where(relative)
    check_keys(raw, {"id", "minutes", "objectives", "key_terms", "reflection"}, where)
    if str(require(raw, "id", (str, int), where)) != lesson_id:
        raise where.error(f"id does not match the file name ({lesson_id})", "id")
    objectives = []
    for i, o in enumerate(require(raw, "objectives", list, where)):
        ow = where.at(f"objectives[{i}]")
        check_keys(o, {"id", "text"}, ow)
        oid = str(require(o, "id", str, ow))
        if not _OBJECTIVE_ID.match(oid) or not oid.startswith(lesson_id + "."):
            raise ow.error(f"objective ids look like '{lesson_id}.1'; found {oid!r}", "id")
        objectives.append(Objective(oid, text(require(o, "text", str, ow))))
    return Lesson(id=lesson_id, title=ref.title, notebook=ref.notebook,
                  minutes=require(raw, "minutes", int, where), objectives=tuple(objectives),
                  key_terms=tuple(require(raw, "key_terms", list, where, default=[])),
                  reflection=text(require(raw, "reflection", str, where)))


def glossary() -> dict[str, Term]:
    """All terms from data/glossary/*.yml, keyed by id; a repeated id is an error."""
    terms: dict[str, Term] = {}
    for path in yaml_files("glossary"):
        relative = path.relative_to(data_dir())
        raw = load_yaml(relative)
        where = Where(relative)
        check_keys(raw, {"terms"}, where)
        for i, t in enumerate(require(raw, "terms", list, where)):
            tw = where.at(f"terms[{i}]")
            check_keys(t, {"id", "term", "definition"}, tw)
            tid = require(t, "id", str, tw)
            if tid in terms:
                raise tw.error(f"term id '{tid}' is also defined in {terms[tid].file}", "id")
            terms[tid] = Term(tid, require(t, "term", str, tw),
                              text(require(t, "definition", str, tw)), str(relative))
    return terms


def terms_for(ids: list[str] | tuple[str, ...]) -> list[Term]:
    known = glossary()
    missing = [i for i in ids if i not in known]
    if missing:
        raise ContentError("glossary", f"term(s) not in the glossary: {', '.join(missing)}")
    return [known[i] for i in ids]
