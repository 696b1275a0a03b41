"""A synthetic class in a real nbgrader gradebook: for the report's tests and benchmark.

    python -m tests.support.synthetic_gradebook /tmp/demo-course --students 500
    hrcourse report demo_quiz --course /tmp/demo-course

Every student is fictional. Each has an ability; each item a difficulty and a slope
(a two-parameter logistic model with a guessing floor), so strong students do better
on good items, one item is hard, one barely separates strong from weak, and on every
choice item one wrong option (the misconception) draws most wrong answers. Chosen
options are written to answers files and graded with the course's own scoring, so the
gradebook and the files agree exactly. Same seed, same class.

The demo quiz, its items' parameters and the roster's names are data
(tests/support/data/demo_class.yml). Everything goes into the gradebook through
nbgrader's own API: the assignment's structure through `Gradebook`, the submissions as
nbgrader's ORM objects in one session (one commit for the whole class, where
`add_submission` would commit once per student); the schema version is stamped with
alembic's API (tests/test_report.py reads it all back with nbgrader's API).
"""

from __future__ import annotations

import argparse
import math
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import nbformat
import yaml

from hrcourse.instructor import report
from hrcourse.logic.answers import answers_filename, dump_answers_file, score

DEMO_FILE = Path(__file__).resolve().parent / "data" / "demo_class.yml"
DEMO_ID = "demo_quiz"
BLANK_RATE = 0.02  # share of choice items left unanswered
UNGRADED_RATE = 0.03  # share of written answers the instructor has not graded yet
ABSENT_RATE = 0.03  # share of the roster who did not submit


@cache
def demo_spec() -> dict:
    """The demo quiz as a quiz spec, with each item's `model` (how the class answers it)
    and the `roster` of fictional names."""
    spec = yaml.safe_load(DEMO_FILE.read_text(encoding="utf-8"))
    assert spec["id"] == DEMO_ID, f"{DEMO_FILE}: the demo quiz's id must be {DEMO_ID}"
    return spec


@dataclass(frozen=True)
class Model:
    """How the synthetic class answers one item."""

    item: report.Item
    difficulty: float = 0.0
    slope: float = 1.0
    lure: str = ""
    pull: float = 0.6


@dataclass
class Grade:
    cell: str
    auto: float | None
    manual: float | None = None
    needs_manual: bool = False
    comment: str | None = None


@dataclass
class Student:
    id: str
    first_name: str
    last_name: str
    submitted: bool = True
    corrupt_file: bool = False
    answers: dict[str, dict[str, str]] = field(default_factory=dict)  # quiz id -> answers
    grades: dict[str, list[Grade]] = field(default_factory=dict)  # notebook -> grades


# --------------------------------------------------------------------------------------
# The demo course


def demo_notebook() -> nbformat.NotebookNode:
    """The demo quiz's instructor version, built like every other quiz notebook."""
    from hrcourse.instructor.quiz_notebook import build

    spec = demo_spec()

    def quiz_part(entries: list[dict]) -> list[dict]:  # without how the class answers
        return [{k: v for k, v in entry.items() if k != "model"} for entry in entries]

    return build({"id": spec["id"], "title": spec["title"], "intro": spec["intro"],
                  "items": quiz_part(spec["items"]), "written": quiz_part(spec["written"])})


def write_demo_course(target: Path) -> Path:
    """A course folder with the course's nbgrader_config.py and the demo quiz in source/."""
    from hrcourse.instructor.course import CONFIG_FILE, copy_course

    target = Path(target)
    copy_course(target, (CONFIG_FILE,))
    (target / "source" / DEMO_ID).mkdir(parents=True, exist_ok=True)
    nbformat.write(demo_notebook(), target / "source" / DEMO_ID / f"{DEMO_ID}.ipynb")
    return target


# --------------------------------------------------------------------------------------
# Simulating the class (pure: numbers in, students out)


def models_for(items: list[report.Item], rng) -> list[Model]:
    """Demo items keep their designed parameters. Any other quiz gets random ones, mostly
    easy enough for a class that was taught, plus what real quizzes tend to have: one
    hard choice item and one that barely separates strong from weak students."""
    spec = demo_spec()
    designed = {f"q{n}_test": item["model"] for n, item in enumerate(spec["items"], 1)}
    designed.update({w["id"]: w["model"] for w in spec["written"]})
    choice = [i for i, item in enumerate(items) if item.kind in report.CHOICE_KINDS]
    hard, vague = (rng.choice(choice, 2, replace=False) if len(choice) >= 2 else (-1, -1))
    models = []
    for k, item in enumerate(items):
        model = designed.get(item.cell) if item.quiz_id == DEMO_ID else None
        if model:
            models.append(Model(item, model["difficulty"], model["slope"],
                                model.get("lure", ""), model.get("pull", 0.6)))
            continue
        wrong = [o for o in item.options if o not in item.key.split(",")]
        difficulty = 1.4 if k == hard else float(rng.normal(-0.8, 0.6))
        slope = 0.1 if k == vague else float(rng.uniform(0.8, 1.8))
        models.append(Model(item, difficulty, slope, str(rng.choice(wrong)) if wrong else "",
                            0.6))
    return models


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def choose(model: Model, ability: float, rng) -> str | None:
    """The option(s) a student of this ability clicks, or None for no answer."""
    item, p = model.item, _sigmoid(model.slope * (ability - model.difficulty))
    if rng.random() < BLANK_RATE:
        return None
    key = item.key.split(",")
    wrong = [o for o in item.options if o not in key]
    if item.kind == "multiple":
        ticks = [o for o in item.options
                 if rng.random() < (_sigmoid(model.slope * (ability - model.difficulty) + 1)
                                    if o in key else model.pull * (1 - p) if o == model.lure
                                    else 0.08)]
        return ",".join(ticks) or None
    if rng.random() < 0.1 + 0.9 * p or not wrong:  # 0.1: a floor for lucky guesses
        return item.key
    others = [o for o in wrong if o != model.lure]
    if model.lure in wrong and (not others or rng.random() < model.pull):
        return model.lure
    return str(rng.choice(others))


def written_grade(model: Model, ability: float, rng) -> Grade:
    """A hand-graded answer: points with some grader noise; a few blank or not yet graded."""
    item = model.item
    if rng.random() < 0.01:  # left blank: nbgrader scores it 0 automatically
        return Grade(item.cell, 0.0, comment="No response.")
    if rng.random() < UNGRADED_RATE:
        return Grade(item.cell, None, needs_manual=True)
    mean = item.max_points * _sigmoid(model.slope * (ability - model.difficulty))
    points = min(item.max_points, max(0.0, round(mean + rng.normal(0, 0.6))))
    return Grade(item.cell, None, manual=float(points))


def simulate(models: list[Model], n_students: int, seed: int = 0) -> list[Student]:
    """The class: roster, who submitted, clicked answers and grades. Deterministic."""
    import numpy as np

    rng = np.random.default_rng(seed)
    names = demo_spec()["roster"]
    width = max(4, len(str(n_students)))
    students = []
    corrupt_pending = n_students >= 10  # one damaged answers file, as in real classes
    for k in range(1, n_students + 1):
        student = Student(f"s{k:0{width}d}", str(rng.choice(names["first_names"])),
                          str(rng.choice(names["last_names"])))
        students.append(student)
        ability = float(rng.normal(0, 1))
        if rng.random() < ABSENT_RATE:
            student.submitted = False
            continue
        student.corrupt_file = corrupt_pending and k >= 7
        corrupt_pending = corrupt_pending and not student.corrupt_file
        for model in models:
            item = model.item
            grades = student.grades.setdefault(item.notebook, [])
            if item.kind == "written":
                grades.append(written_grade(model, ability, rng))
                continue
            if item.kind not in report.CHOICE_KINDS:
                grades.append(Grade(item.cell, float(item.max_points * (rng.random() < 0.7))))
                continue
            answer = choose(model, ability, rng)
            if answer and not student.corrupt_file:
                student.answers.setdefault(item.quiz_id, {})[str(item.number)] = answer
            graded = None if student.corrupt_file else answer  # autograde saw no answers
            mark = score(graded, item.key, item.options, item.kind == "multiple",
                         item.max_points, "")
            grades.append(Grade(item.cell, mark.points))
    return students


# --------------------------------------------------------------------------------------
# Writing: gradebook and answers files


def create_schema(db: Path) -> None:
    """A new, empty gradebook with nbgrader's tables, stamped with the newest schema
    revision of nbgrader's migration scripts. nbgrader does the same on first use but asks
    a separate `alembic` process for that revision, which takes seconds; alembic's own
    API reads it from the scripts in milliseconds."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from nbgrader.api import Base
    from nbgrader.dbutil import ALEMBIC_DIR
    from sqlalchemy import create_engine

    if db.exists():
        return  # nbgrader's Gradebook() checks an existing one
    engine = create_engine(f"sqlite:///{db}")
    try:
        with engine.begin() as conn:
            Base.metadata.create_all(bind=conn)
            MigrationContext.configure(conn).stamp(ScriptDirectory(ALEMBIC_DIR), "heads")
    finally:
        engine.dispose()


def _structure(gb, assignment: str, items: list[report.Item]) -> None:
    """Assignment, notebooks and grade cells through nbgrader's own API (as
    generate_assignment would), so the schema and its bookkeeping are nbgrader's."""
    gb.update_or_create_assignment(assignment)
    for notebook in sorted({i.notebook for i in items}):
        gb.update_or_create_notebook(notebook, assignment)
    for item in items:
        cell_type = "markdown" if item.kind == "written" else "code"
        gb.update_or_create_grade_cell(item.cell, item.notebook, assignment,
                                       max_score=item.max_points, cell_type=cell_type)
        if item.kind == "written":
            gb.update_or_create_solution_cell(item.cell, item.notebook, assignment)


def _submission(api, assignment, student: Student, k: int):
    """One student's submission as nbgrader's ORM objects, shaped as `add_submission`
    shapes them, with the grades and comments autograde and the instructor would give."""
    from datetime import datetime

    submission = api.SubmittedAssignment(
        assignment=assignment, student_id=student.id,
        timestamp=datetime(2025, 3, 3 + k % 4, 9 + k % 12, k % 60))
    for notebook in assignment.notebooks:
        grades = {g.cell: g for g in student.grades.get(notebook.name, [])}
        nb = api.SubmittedNotebook(notebook=notebook, assignment=submission)
        for cell in notebook.grade_cells:
            g = grades.get(cell.name, Grade(cell.name, None))
            api.Grade(cell_id=cell.id, notebook=nb, auto_score=g.auto, manual_score=g.manual,
                      needs_manual_grade=g.needs_manual)
        for cell in notebook.solution_cells:
            g = grades.get(cell.name, Grade(cell.name, None))
            api.Comment(cell_id=cell.id, notebook=nb, auto_comment=g.comment)
    return submission


def write_gradebook(paths: report.CourseFolder, assignment: str, items: list[report.Item],
                    students: list[Student]) -> None:
    """The roster and every submission, through nbgrader's API, in one transaction."""
    from nbgrader import api

    from hrcourse.instructor.course import ensure_tools_on_path

    ensure_tools_on_path()
    create_schema(paths.db)
    with api.Gradebook(f"sqlite:///{paths.db}",
                       course_id=paths.course_id or "default_course") as gb:
        _structure(gb, assignment, items)
        found = gb.find_assignment(assignment)
        if found.submissions:
            raise report.ReportError(f"{paths.db} already holds {len(found.submissions)} "
                                     f"submission(s) of {assignment}; build the synthetic "
                                     f"class in an empty course copy")
        known = {s.id for s in gb.students}
        gb.db.add_all(api.Student(id=s.id, first_name=s.first_name, last_name=s.last_name)
                      for s in students if s.id not in known)
        with gb.db.no_autoflush:  # the whole class goes in with one flush, at the commit
            for k, student in enumerate(students):
                if student.submitted:
                    gb.db.add(_submission(api, found, student, k))
        gb.db.commit()


def write_answer_files(paths: report.CourseFolder, assignment: str,
                       students: list[Student]) -> None:
    """Each submitter's clicked answers, where autograde leaves them; one file damaged."""
    for student in students:
        if not student.submitted:
            continue
        folder = paths.autograded / student.id / assignment
        folder.mkdir(parents=True, exist_ok=True)
        if student.corrupt_file:
            (folder / answers_filename(assignment)).write_text('{"format": "hrcourse-qu',
                                                                encoding="utf-8")
            continue
        for quiz_id, answers in student.answers.items():
            (folder / answers_filename(quiz_id)).write_text(dump_answers_file(quiz_id, answers),
                                                            encoding="utf-8")


def build_class(course: Path | str, assignment: str, n_students: int = 500,
                seed: int = 0) -> list[Student]:
    """A synthetic class for an assignment of the course (its items from source/)."""
    import numpy as np

    paths = report.course_paths(course)
    items = report.load_items(paths.source, assignment)
    students = simulate(models_for(items, np.random.default_rng(seed)), n_students, seed)
    write_gradebook(paths, assignment, items, students)
    write_answer_files(paths, assignment, students)
    return students


def build_demo_class(target: Path | str, n_students: int = 120, seed: int = 0) -> Path:
    """A demo course folder at `target` with a synthetic class on the demo quiz."""
    target = write_demo_course(Path(target))
    build_class(target, DEMO_ID, n_students, seed)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build a demo course with a synthetic class "
                                                 "(fictional students) for the class report.")
    parser.add_argument("target", type=Path, help="an empty or new folder")
    parser.add_argument("--students", type=int, default=120)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.target.exists() and any(args.target.iterdir()):
        print(f"{args.target} is not empty; choose a new folder.", file=sys.stderr)
        return 2
    build_demo_class(args.target, args.students, args.seed)
    print(f"Built {args.students} synthetic students in {args.target}. Next:\n"
          f"  hrcourse report {DEMO_ID} --course {args.target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
