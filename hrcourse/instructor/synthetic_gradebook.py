"""A synthetic class in a real nbgrader gradebook: for the report's demo, tests and benchmark.

    python -m hrcourse.instructor.synthetic_gradebook /tmp/demo-course --students 500
    hrcourse report demo_quiz --course /tmp/demo-course

Every student is fictional. Each has an ability; each item a difficulty and a slope
(a two-parameter logistic model with a guessing floor), so strong students do better
on good items, one item is hard, one barely separates strong from weak, and on every
choice item one wrong option (the misconception) draws most wrong answers. Chosen
options are written to answers files and graded with the course's own scoring, so the
gradebook and the files agree exactly. Same seed, same class.

The assignment's structure goes in through nbgrader's Gradebook API; the submissions
go in as bulk SQL rows matching nbgrader's schema (the ORM needs about a second per
student), and nbgrader's own API reads them back (tests/test_report.py checks).
"""

from __future__ import annotations

import argparse
import math
import re
import shutil
import sqlite3
import sys
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from hrcourse.instructor import report
from hrcourse.logic.answers import answers_filename, dump_answers_file, score

DEMO_ID = "demo_quiz"
BLANK_RATE = 0.02  # share of choice items left unanswered
UNGRADED_RATE = 0.03  # share of written answers the instructor has not graded yet
ABSENT_RATE = 0.03  # share of the roster who did not submit

# A demo quiz in the format tools/make_quiz.py writes. `b` is difficulty on the ability
# scale (0 = average student), `a` how sharply the item separates strong from weak,
# `lure` the misconception that draws wrong answers, `pull` how strongly it draws them.
DEMO_ITEMS = [
    dict(kind="single", objective="05.1", key="b", lure="a", b=-1.2, a=1.6, pull=0.7,
         stem="A retired teacher, 68, has taken an opioid pain reliever exactly as prescribed "
              "since spine surgery. She needs a higher dose than at first and feels unwell "
              "when a dose is late. Which description fits best?",
         options={"a": "She has an opioid use disorder: tolerance and withdrawal are criteria.",
                  "b": "She has physical dependence; tolerance and withdrawal under medical "
                       "supervision do not count toward a use disorder.",
                  "c": "She is not dependent, because the medicine is prescribed.",
                  "d": "She needs addiction treatment before any change of dose."}),
    dict(kind="classify", objective="05.3", key="c", lure="a", b=-0.6, a=1.3, pull=0.7,
         stem="A software engineer, 38, uses cocaine most weekends. He has missed two Monday "
              "deadlines, keeps using despite arguments with his partner about it, and has "
              "tried twice to cut down without success. He reports no withdrawal. "
              "Classify the case.",
         options={"a": "Neither", "b": "Physical dependence only",
                  "c": "A substance use disorder", "d": "Both"}),
    dict(kind="single", objective="05.2", key="b", lure="d", b=-0.3, a=1.3, pull=0.5,
         stem="Over the past 12 months a client's use meets four DSM-5 substance use disorder "
              "criteria. What severity does DSM-5 assign?",
         options={"a": "Mild (two or three criteria)", "b": "Moderate (four or five criteria)",
                  "c": "Severe (six or more criteria)",
                  "d": "None: a diagnosis needs withdrawal"}),
    dict(kind="single", objective="06.3", key="b", lure="a", b=-0.5, a=1.0, pull=0.6,
         stem="Which medication for opioid use disorder is a partial opioid agonist that can "
              "be prescribed in an office-based setting?",
         options={"a": "Methadone", "b": "Buprenorphine", "c": "Extended-release naltrexone",
                  "d": "Naloxone"}),
    dict(kind="single", objective="06.5", key="b", lure="a", b=1.3, a=1.1, pull=0.8,
         stem="A mother, 34, has been stable on buprenorphine for a year. Her 12-step group "
              "says she is 'not really sober'. What is the most helpful response?",
         options={"a": "Suggest she plan a taper so that her recovery counts.",
                  "b": "Affirm medication as evidence-based treatment and explore what the "
                       "group means to her.",
                  "c": "Advise her to leave the group.",
                  "d": "Say that this is between her and her prescriber."}),
    dict(kind="single", objective="07.1", key="b", lure="a", b=-1.0, a=1.4, pull=0.7,
         stem="After eight months without drinking, a client, 45, drank for three days and "
              "says he has thrown it all away. How does the course frame this?",
         options={"a": "Treatment failed; he must start over from the beginning.",
                  "b": "A return to use is common and is information for adjusting his plan.",
                  "c": "He was never really motivated."}),
    dict(kind="single", objective="01.5", key="b", lure="a", b=-0.9, a=1.1, pull=0.6,
         stem="A neighbour says naloxone and syringe services just encourage people to use "
              "more. What does the research show?",
         options={"a": "They increase drug use.",
                  "b": "They reduce overdose deaths and infections without increasing use.",
                  "c": "They work only when clients commit to abstinence.",
                  "d": "There is no research either way."}),
    dict(kind="single", objective="07.2", key="b", lure="c", b=-0.8, a=0.1, pull=0.5,
         stem="A client says: 'I know drinking is hurting my sleep, but I'm not sure I want "
              "to give it up.' Which stage of change fits best?",
         options={"a": "Precontemplation", "b": "Contemplation", "c": "Preparation",
                  "d": "Action"}),
    dict(kind="multiple", objective="01.3", key="a,c", lure="b", b=-0.6, a=1.2, pull=0.6,
         stem="A line cook, 29, injects heroin that may contain fentanyl and says he is not "
              "ready to stop. Which responses meet him where he is?",
         options={"a": "Talk about naloxone, test strips and never using alone.",
                  "b": "Make stopping a condition of continuing counseling.",
                  "c": "Ask what, if anything, he would like to change.",
                  "d": "Wait until he hits bottom and is ready."}),
    dict(kind="single", objective="05.4", key="b", lure="c", b=-2.2, a=1.0, pull=0.6,
         stem="Which phrase is person-first and non-stigmatizing?",
         options={"a": "an addict", "b": "a person with a substance use disorder",
                  "c": "a substance abuser"}),
]
DEMO_WRITTEN = [
    dict(id="written_1", objective="05.5", points=4, b=-0.6, a=1.2,
         prompt="The retired teacher from question 1 says her pharmacist called her an addict. "
                "In a few sentences, say how you would respond: address the label without "
                "dismissing her or her prescriber, and stay within a counselor's role.",
         rubric="2 points: explains physical dependence versus a use disorder in plain words. "
                "2 points: validates her, respects the prescriber, refers medical questions."),
    dict(id="written_2", objective="07.3", points=4, b=-0.4, a=1.0,
         prompt="The client from question 6 is ashamed of his three days of drinking. Explain "
                "the abstinence-violation effect in plain words and name two things you would "
                "add to his relapse-prevention plan.",
         rubric="2 points: the lapse read as total failure feeds further use. "
                "2 points: two concrete plan elements (warning signs, coping, supports)."),
]
FIRST = ["Alex", "Sam", "Jordan", "Taylor", "Morgan", "Riley", "Casey", "Jamie", "Avery",
         "Quinn", "Rowan", "Dana", "Noor", "Ines", "Kofi", "Mei", "Luis", "Aisha", "Tomas",
         "Priya", "Yusuf", "Lena", "Mateo", "Hana"]
LAST = ["Rivera", "Chen", "Okafor", "Novak", "Haddad", "Silva", "Kowalski", "Nguyen", "Berg",
        "Mensah", "Park", "Ortiz", "Dubois", "Sato", "Ali", "Moreau", "Costa", "Ibrahim"]


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

    return build({"id": DEMO_ID, "title": "Demo quiz (synthetic)",
                  "intro": "For trying the class report only.", "items": DEMO_ITEMS,
                  "written": DEMO_WRITTEN})


def write_demo_course(target: Path) -> Path:
    """A course folder with the course's nbgrader_config.py and the demo quiz in source/."""
    from hrcourse.content import repo_root

    target = Path(target)
    (target / "source" / DEMO_ID).mkdir(parents=True, exist_ok=True)
    config = repo_root() / "nbgrader_config.py"
    if config.is_file():
        shutil.copy2(config, target / "nbgrader_config.py")
    else:  # an installed package without the repository: the minimum the report needs
        (target / "nbgrader_config.py").write_text(
            "c = get_config()  # noqa: F821\n"
            "c.CourseDirectory.course_id = 'demo'\n", encoding="utf-8")
    nbformat.write(demo_notebook(), target / "source" / DEMO_ID / f"{DEMO_ID}.ipynb")
    return target


# --------------------------------------------------------------------------------------
# Simulating the class (pure: numbers in, students out)


def models_for(items: list[report.Item], rng) -> list[Model]:
    """Demo items keep their designed parameters. Any other quiz gets random ones, mostly
    easy enough for a class that was taught, plus what real quizzes tend to have: one
    hard choice item and one that barely separates strong from weak students."""
    designed = {f"q{n}_test": spec for n, spec in enumerate(DEMO_ITEMS, 1)}
    designed.update({w["id"]: w for w in DEMO_WRITTEN})
    choice = [i for i, item in enumerate(items) if item.kind in report.CHOICE_KINDS]
    hard, vague = (rng.choice(choice, 2, replace=False) if len(choice) >= 2 else (-1, -1))
    models = []
    for k, item in enumerate(items):
        spec = designed.get(item.cell) if item.quiz_id == DEMO_ID else None
        if spec:
            models.append(Model(item, spec["b"], spec["a"], spec.get("lure", ""),
                                spec.get("pull", 0.6)))
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
    width = max(4, len(str(n_students)))
    students = []
    corrupt_pending = n_students >= 10  # one damaged answers file, as in real classes
    for k in range(1, n_students + 1):
        student = Student(f"s{k:0{width}d}", str(rng.choice(FIRST)), str(rng.choice(LAST)))
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


def alembic_head() -> str | None:
    """nbgrader's newest schema revision, read from its migration scripts (the one no
    other script names as its parent); None if they cannot be read."""
    import nbgrader

    versions = Path(nbgrader.__file__).parent / "alembic" / "versions"
    revision = re.compile(r"^revision\s*=\s*['\"](\w+)['\"]", re.MULTILINE)
    parent = re.compile(r"^down_revision\s*=\s*['\"](\w+)['\"]", re.MULTILINE)
    revisions, parents = set(), set()
    for script in versions.glob("*.py"):
        text = script.read_text(encoding="utf-8")
        revisions.update(revision.findall(text))
        parents.update(parent.findall(text))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def create_schema(db: Path) -> None:
    """A new, empty gradebook with nbgrader's tables and schema version. nbgrader does
    the same on first use but asks a separate `alembic` process for the version, which
    takes seconds; reading the version from its scripts takes milliseconds."""
    from nbgrader.api import Base
    from sqlalchemy import create_engine, text

    head = alembic_head()
    if db.exists() or head is None:
        return  # nbgrader's Gradebook() creates or checks it the slow, sure way
    engine = create_engine(f"sqlite:///{db}")
    Base.metadata.create_all(bind=engine)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
        conn.execute(text("INSERT INTO alembic_version (version_num) VALUES (:v)"), {"v": head})
    engine.dispose()


def _structure(db: Path, course_id: str, assignment: str, items: list[report.Item]) -> None:
    """Assignment, notebooks and grade cells through nbgrader's own API (as
    generate_assignment would), so the schema and its bookkeeping are nbgrader's."""
    from nbgrader.api import Gradebook

    from hrcourse.instructor.course import ensure_tools_on_path

    ensure_tools_on_path()
    create_schema(db)
    with Gradebook(f"sqlite:///{db}", course_id=course_id or "default_course") as gb:
        gb.update_or_create_assignment(assignment)
        for notebook in sorted({i.notebook for i in items}):
            gb.update_or_create_notebook(notebook, assignment)
        for item in items:
            cell_type = "markdown" if item.kind == "written" else "code"
            gb.update_or_create_grade_cell(item.cell, item.notebook, assignment,
                                           max_score=item.max_points, cell_type=cell_type)
            if item.kind == "written":
                gb.update_or_create_solution_cell(item.cell, item.notebook, assignment)


def _ids(conn: sqlite3.Connection, assignment: str) -> tuple[str, dict, dict, dict]:
    """Database ids: the assignment, its notebooks, grade cells and solution cells."""
    (assignment_id,) = conn.execute("SELECT id FROM assignment WHERE name = ?",
                                    (assignment,)).fetchone()
    notebooks = dict(conn.execute("SELECT name, id FROM notebook WHERE assignment_id = ?",
                                  (assignment_id,)))
    cells: dict[str, dict[tuple[str, str], str]] = {"GradeCell": {}, "SolutionCell": {}}
    rows = conn.execute("SELECT nb.name, bc.name, bc.type, bc.id FROM base_cell bc JOIN "
                        "notebook nb ON nb.id = bc.notebook_id WHERE nb.assignment_id = ?",
                        (assignment_id,))
    for notebook, name, kind, cell_id in rows:
        cells.setdefault(kind, {})[(notebook, name)] = cell_id
    return assignment_id, notebooks, cells["GradeCell"], cells["SolutionCell"]


def _rows(students: list[Student], assignment_id: str, notebooks: dict, grade_cells: dict,
          solution_cells: dict, rng) -> dict[str, list[tuple]]:
    """The rows nbgrader's add_submission and autograde would create, per table."""
    def new_id() -> str:
        return rng.bytes(16).hex()  # nbgrader's ids are uuid4 hex; these are seeded

    rows: dict[str, list[tuple]] = {k: [] for k in ("student", "submitted_assignment",
                                                    "submitted_notebook", "grade", "comment")}
    for k, student in enumerate(students):
        rows["student"].append((student.id, student.first_name, student.last_name, None, None))
        if not student.submitted:
            continue
        submission = new_id()
        stamp = f"2025-03-0{3 + k % 4} {9 + k % 12:02d}:{k % 60:02d}:00.000000"
        rows["submitted_assignment"].append((submission, assignment_id, student.id, stamp,
                                             None))
        for notebook, grades in student.grades.items():
            nb_id = new_id()
            rows["submitted_notebook"].append((nb_id, submission, notebooks[notebook], 0, None))
            for g in grades:
                rows["grade"].append((new_id(), nb_id, grade_cells[(notebook, g.cell)], g.auto,
                                      g.manual, None, g.needs_manual))
                if (notebook, g.cell) in solution_cells:
                    rows["comment"].append((new_id(), nb_id, solution_cells[(notebook, g.cell)],
                                            g.comment, None))
    return rows


INSERTS = {
    "student": "INSERT OR IGNORE INTO student (id, first_name, last_name, email, lms_user_id) "
               "VALUES (?, ?, ?, ?, ?)",
    "submitted_assignment": "INSERT INTO submitted_assignment (id, assignment_id, student_id, "
                            "timestamp, extension) VALUES (?, ?, ?, ?, ?)",
    "submitted_notebook": "INSERT INTO submitted_notebook (id, assignment_id, notebook_id, "
                          "flagged, late_submission_penalty) VALUES (?, ?, ?, ?, ?)",
    "grade": "INSERT INTO grade (id, notebook_id, cell_id, auto_score, manual_score, "
             "extra_credit, needs_manual_grade) VALUES (?, ?, ?, ?, ?, ?, ?)",
    "comment": "INSERT INTO comment (id, notebook_id, cell_id, auto_comment, manual_comment) "
               "VALUES (?, ?, ?, ?, ?)",
}


def write_gradebook(paths: report.CoursePaths, assignment: str, items: list[report.Item],
                    students: list[Student], seed: int = 0) -> None:
    """Structure via nbgrader's API, then every submission in one SQL transaction."""
    import numpy as np

    _structure(paths.db, paths.course_id, assignment, items)
    # closing() closes the file; the inner `conn` commits the whole class, or nothing.
    with closing(sqlite3.connect(paths.db)) as conn, conn:
        assignment_id, notebooks, grade_cells, solution_cells = _ids(conn, assignment)
        taken = conn.execute("SELECT COUNT(*) FROM submitted_assignment WHERE assignment_id = ?",
                             (assignment_id,)).fetchone()[0]
        if taken:
            raise report.ReportError(f"{paths.db} already holds {taken} submission(s) of "
                                     f"{assignment}; build the synthetic class in an empty "
                                     f"course copy")
        rows = _rows(students, assignment_id, notebooks, grade_cells, solution_cells,
                     np.random.default_rng(seed + 1))
        for table, sql in INSERTS.items():
            conn.executemany(sql, rows[table])


def write_answer_files(paths: report.CoursePaths, assignment: str,
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
    write_gradebook(paths, assignment, items, students, seed)
    write_answer_files(paths, assignment, students)
    return students


def build_copy_class(course: Path | str, assignment: str, target: Path | str,
                     n_students: int = 120, seed: int = 0) -> Path:
    """A synthetic class on a real assignment's questions, in a new folder `target` that
    holds only a copy of the course's nbgrader_config.py and source/<assignment>/."""
    paths = report.course_paths(course)
    target = Path(target)
    shutil.copytree(paths.source / assignment, target / "source" / assignment)
    shutil.copy2(paths.root / "nbgrader_config.py", target / "nbgrader_config.py")
    build_class(target, assignment, n_students, seed)
    return target


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
