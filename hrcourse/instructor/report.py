"""Class report for one assignment: which items worked, which answers were popular, and
which learning objectives the class has mastered.

    hrcourse report quiz1_foundations                 # writes reports/quiz1_foundations/
    hrcourse report quiz1_foundations --course ~/course --out /tmp/q1

Reads nbgrader's gradebook with plain SQL (one query for all grades: nbgrader's ORM
accessors take minutes for a large class), the item metadata from the instructor
version in source/, and the clicked answers from each student's <quiz>.answers.json.
Writes report.html (self-contained, charts embedded) and CSV tables.

Layers: reading (files and SQL) -> `analyse` (pure: pandas in, pandas out) -> charts and
HTML. pandas and matplotlib are imported inside functions, because `hrcourse` imports
this module for every subcommand and should start fast.
"""

from __future__ import annotations

import html
import json
import re
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from hrcourse.logic.answers import (
    AnswersFileError,
    answers_filename,
    normalize,
    parse_answers_file,
)
from hrcourse.logic.choices import ChoiceError

if TYPE_CHECKING:
    import pandas as pd

CHOICE_KINDS = ("single", "multiple", "classify")
CSV_TABLES = ("items", "options", "objectives", "students", "scores")
NO_ANSWER = "(no answer)"


class ReportError(Exception):
    """Something the report needs is missing or unreadable; the message says what and where."""


class NoSubmissions(ReportError):
    """The gradebook holds no submission of the assignment (yet)."""


@dataclass(frozen=True)
class Settings:
    """When to flag an item, and what counts as mastering an objective (shares, 0 to 1)."""

    flag_difficulty: float = 0.5  # flag if the class earned less than this share of points
    flag_discrimination: float = 0.2  # flag if item-rest correlation is below this
    mastery_level: float = 0.7  # a student has mastered an objective at this share
    group_share: float = 0.27  # size of the strong and weak groups (Kelley's 27%)


@dataclass(frozen=True)
class Item:
    """One graded cell of the assignment, described by the instructor version."""

    notebook: str
    cell: str  # nbgrader grade_id, e.g. "q3_test" or "written_1"
    kind: str  # single, multiple, classify, written, or other (no course metadata)
    objective: str
    max_points: float
    number: int | None = None  # quiz item number (choice items)
    options: str = ""
    key: str = ""  # e.g. "b" or "a,c"; only the instructor version has it
    quiz_id: str = ""  # names the answers file
    question: str = ""  # the start of the stem, so the instructor knows which item it is
    option_text: dict[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.notebook}/{self.cell}"


@dataclass
class CoursePaths:
    root: Path
    db: Path
    source: Path
    submitted: Path
    autograded: Path
    course_id: str


@dataclass
class GradebookData:
    """What the report needs from the gradebook, as plain tables."""

    roster: pd.DataFrame  # student (index), first_name, last_name
    submitted: list[str]  # students with a submission of the assignment
    cells: pd.DataFrame  # notebook, cell, max_score, cell_type
    grades: pd.DataFrame  # student, notebook, cell, auto_score, manual_score, extra_credit


@dataclass
class ClassReport:
    assignment: str
    settings: Settings
    items: pd.DataFrame
    options: pd.DataFrame
    objectives: pd.DataFrame
    students: pd.DataFrame
    scores: pd.DataFrame
    summary: dict
    notes: list[str]
    points: pd.DataFrame  # students x items, points earned (NaN = not graded)
    course: str = ""
    demo: bool = False

    @property
    def empty(self) -> bool:
        return not self.summary.get("submitted")


# --------------------------------------------------------------------------------------
# Reading: course folders, item metadata, gradebook, answers files


def course_paths(root: Path | str) -> CoursePaths:
    """Folders and gradebook of a course, as its nbgrader_config.py sets them."""
    from traitlets.config.loader import PyFileConfigLoader

    root = Path(root).expanduser().resolve()
    if not (root / "nbgrader_config.py").is_file():
        raise ReportError(f"{root} is not a course folder: it has no nbgrader_config.py "
                          f"(point --course at the folder that has it)")
    try:
        config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    except Exception as err:  # the instructor's own Python file: any error can happen
        raise ReportError(f"{root / 'nbgrader_config.py'} could not be read: {err}") from err
    cd = config.CourseDirectory
    base = Path(cd.root) if "root" in cd else root
    db_url = cd.db_url if "db_url" in cd else f"sqlite:///{base / 'gradebook.db'}"
    if not db_url.startswith("sqlite:///"):
        raise ReportError(f"the report reads SQLite gradebooks only; {root / 'nbgrader_config.py'}"
                          f" sets db_url = {db_url!r}")

    def folder(name: str, default: str) -> Path:
        return base / (cd[name] if name in cd else default)

    return CoursePaths(root=base, db=Path(db_url[len("sqlite:///"):]),
                       source=folder("source_directory", "source"),
                       submitted=folder("submitted_directory", "submitted"),
                       autograded=folder("autograded_directory", "autograded"),
                       course_id=str(cd.course_id) if "course_id" in cd else "")


_KEY = re.compile(r"quiz\.grade\(\s*(\d+)\s*,\s*key\s*=\s*(['\"])(.*?)\2")
_START = re.compile(r"quiz\.start\(\s*(['\"])(.+?)\1")
_OPTION = re.compile(r"^\s*[-*]\s+\*\*([a-z])\)\*\*\s*(.+?)\s*$", re.MULTILINE)


def _text(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def stem_summary(markdown: str, limit: int = 140) -> str:
    """The question itself, without its heading, option list or instructions."""
    kept = [line.strip() for line in markdown.splitlines()
            if line.strip() and not line.lstrip().startswith(("#", "-", "*"))]
    text = " ".join(kept)
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def items_from_notebook(nb: dict, notebook: str) -> list[Item]:
    """The graded cells of one instructor notebook (pure: takes the parsed JSON)."""
    cells = nb.get("cells", [])
    quiz_id = next((m.group(2) for c in cells if c.get("cell_type") == "code"
                    for m in [_START.search(_text(c))] if m), notebook)
    by_id = {c.get("metadata", {}).get("nbgrader", {}).get("grade_id"): _text(c) for c in cells}
    items = []
    for cell in cells:
        grading = cell.get("metadata", {}).get("nbgrader", {})
        if not grading.get("grade"):
            continue
        meta = cell.get("metadata", {}).get("hrcourse", {})
        grade_id, points = grading.get("grade_id", ""), float(grading.get("points", 0))
        if "item" in meta:
            number = int(meta["item"])
            keys = {int(m.group(1)): m.group(3) for m in _KEY.finditer(_text(cell))}
            stem = by_id.get(f"q{number}_stem", "")
            items.append(Item(notebook, grade_id, meta.get("kind", "single"),
                              str(meta.get("objective", "")), points, number,
                              str(meta.get("options", "")), keys.get(number, ""), quiz_id,
                              stem_summary(stem), dict(_OPTION.findall(stem))))
        elif meta.get("written"):
            prompt = by_id.get(f"{grade_id}_prompt", "")
            items.append(Item(notebook, grade_id, "written", str(meta.get("objective", "")),
                              points, quiz_id=quiz_id, question=stem_summary(prompt)))
        else:
            items.append(Item(notebook, grade_id, "other", "", points, quiz_id=quiz_id))
    return items


def load_items(source: Path, assignment: str) -> list[Item]:
    """Items of every notebook in source/<assignment>/ (the instructor version)."""
    folder = Path(source) / assignment
    paths = sorted(folder.glob("*.ipynb"))
    if not paths:
        raise ReportError(f"no instructor notebook for {assignment!r} in {folder}: the report "
                          f"needs it for the items' objectives, kinds and keys")
    items = []
    for path in paths:
        try:
            nb = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            raise ReportError(f"{path} is not a readable notebook: {err}") from err
        items.extend(items_from_notebook(nb, path.stem))
    return items


def _connect(db: Path) -> sqlite3.Connection:
    if not db.is_file():
        raise NoSubmissions(f"no gradebook at {db}: collect and autograde submissions first "
                            f"(or point --course at the course that has one)")
    # Read-only: the report must never change grades, even by accident.
    return sqlite3.connect(f"file:{db}?mode=ro", uri=True)


SQL_CELLS = """
SELECT nb.name AS notebook, bc.name AS cell,
       COALESCE(gc.max_score, tc.max_score) AS max_score,
       COALESCE(gc.cell_type, tc.cell_type) AS cell_type
FROM assignment a
JOIN notebook nb ON nb.assignment_id = a.id
JOIN base_cell bc ON bc.notebook_id = nb.id
LEFT JOIN grade_cells gc ON gc.id = bc.id
LEFT JOIN task_cells tc ON tc.id = bc.id
WHERE a.name = ? AND (gc.id IS NOT NULL OR tc.id IS NOT NULL)
ORDER BY nb.name, bc.name
"""

SQL_SUBMITTED = """
SELECT sa.student_id AS student FROM submitted_assignment sa
JOIN assignment a ON a.id = sa.assignment_id WHERE a.name = ? ORDER BY sa.student_id
"""

SQL_GRADES = """
SELECT sa.student_id AS student, nb.name AS notebook, bc.name AS cell,
       g.auto_score, g.manual_score, g.extra_credit
FROM submitted_assignment sa
JOIN assignment a ON a.id = sa.assignment_id
JOIN submitted_notebook sn ON sn.assignment_id = sa.id
JOIN notebook nb ON nb.id = sn.notebook_id
JOIN grade g ON g.notebook_id = sn.id
JOIN base_cell bc ON bc.id = g.cell_id
WHERE a.name = ?
"""


def read_gradebook(db: Path, assignment: str) -> GradebookData:
    """Everything about one assignment in four queries (seconds even for 500 students)."""
    import pandas as pd

    with _connect(db) as conn:
        try:
            known = [r[0] for r in conn.execute("SELECT name FROM assignment ORDER BY name")]
            if assignment not in known:
                raise NoSubmissions(f"no assignment {assignment!r} in the gradebook {db} "
                                    f"(it has: {', '.join(known) or 'none'})")
            roster = pd.read_sql_query("SELECT id AS student, first_name, last_name FROM "
                                       "student ORDER BY id", conn).set_index("student")
            submitted = [r[0] for r in conn.execute(SQL_SUBMITTED, (assignment,))]
            cells = pd.read_sql_query(SQL_CELLS, conn, params=(assignment,))
            grades = pd.read_sql_query(SQL_GRADES, conn, params=(assignment,))
        except sqlite3.DatabaseError as err:
            raise ReportError(f"{db} is not a readable nbgrader gradebook: {err}") from err
    return GradebookData(roster, submitted, cells, grades)


def merge_items(items: list[Item], cells: pd.DataFrame) -> tuple[list[Item], list[str]]:
    """Items as graded: the gradebook decides which cells count and their points; the
    instructor version adds objectives and keys. Disagreements become notes."""
    notes = []
    by_id = {i.id: i for i in items}
    merged = []
    for row in cells.itertuples(index=False):
        key = f"{row.notebook}/{row.cell}"
        item = by_id.pop(key, None)
        if item is None:
            notes.append(f"The graded cell {key} is in the gradebook but not in source/; it "
                         f"counts in totals but has no objective.")
            item = Item(row.notebook, row.cell, "other", "", float(row.max_score))
        elif abs(item.max_points - float(row.max_score)) > 1e-9:
            notes.append(f"{key} is worth {row.max_score:g} points in the gradebook but "
                         f"{item.max_points:g} in source/; the gradebook's value is used "
                         f"(regenerate the assignment if source/ is right).")
            item = Item(**{**item.__dict__, "max_points": float(row.max_score)})
        merged.append(item)
    for key in by_id:
        notes.append(f"{key} is in source/ but not in the gradebook (added after release?); "
                     f"it is left out.")
    merged.sort(key=lambda i: (i.notebook, i.number is None, i.number or 0, i.cell))
    return merged, notes


def answers_path(paths: CoursePaths, student: str, assignment: str, quiz_id: str) -> Path | None:
    """The answers file autograde used, else the submitted one, else None."""
    for base in (paths.autograded, paths.submitted):
        path = base / student / assignment / answers_filename(quiz_id)
        if path.is_file():
            return path
    return None


def read_answer_files(paths: CoursePaths, assignment: str, students: list[str],
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
    choice_items = [i for i in items if i.kind in CHOICE_KINDS]
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


# --------------------------------------------------------------------------------------
# Pure statistics


def grade_points(grades: pd.DataFrame) -> pd.DataFrame:
    """Adds `points` (manual over auto, NaN if not graded yet; no extra credit, so an
    item's share stays within 0..1) and `score` (exactly nbgrader's: extra credit in,
    ungraded counts 0)."""
    out = grades.copy()
    points = out["manual_score"].where(out["manual_score"].notna(), out["auto_score"])
    out["points"] = points.astype(float)
    out["score"] = (points + out["extra_credit"].fillna(0.0)).fillna(0.0).astype(float)
    return out


def point_matrix(grades: pd.DataFrame, students: list[str], item_ids: list[str]) -> pd.DataFrame:
    """Students x items, points earned; NaN where there is no grade (yet)."""
    import pandas as pd

    if grades.empty:
        return pd.DataFrame(float("nan"), index=pd.Index(students, name="student"),
                            columns=item_ids)
    keyed = grades.assign(item=grades["notebook"] + "/" + grades["cell"])
    # (student, item) is unique in nbgrader's schema, so a plain unstack suffices.
    matrix = keyed.set_index(["student", "item"])["points"].unstack("item")
    return matrix.reindex(index=students, columns=item_ids).astype(float)


def item_difficulty(fractions: pd.DataFrame) -> pd.Series:
    """Share of the item's points earned, over the students graded on it (the classic
    p-value: for a one-point item, the share who got it right)."""
    return fractions.mean(axis=0, skipna=True)


def item_rest_correlation(item: pd.Series, rest: pd.Series) -> float:
    """Pearson correlation of an item with the rest of the test (point-biserial for a
    right/wrong item). NaN when either side does not vary: nothing to correlate."""
    import numpy as np

    both = item.notna() & rest.notna()
    x, y = item[both].to_numpy(float), rest[both].to_numpy(float)
    if len(x) < 3 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return float("nan")
    return float(np.corrcoef(x, y)[0, 1])


def discrimination(points: pd.DataFrame, totals: pd.Series) -> pd.Series:
    """Item-rest correlation of every item. The item is taken out of the total first,
    so an item is not credited for correlating with itself (matters in short quizzes)."""
    import pandas as pd

    return pd.Series({item: item_rest_correlation(points[item], totals - points[item].fillna(0))
                      for item in points.columns}, dtype=float)


def group_shares(fractions: pd.DataFrame, totals: pd.Series,
                 share: float = 0.27) -> tuple[pd.Series, pd.Series]:
    """Share of points earned on each item by the strongest and the weakest students
    (the top and bottom `share` of the class by total; ties broken by student id)."""
    size = max(1, round(share * len(totals)))
    ranked = totals.sort_index().sort_values(kind="stable").index
    lower, upper = ranked[:size], ranked[-size:]
    return fractions.loc[upper].mean(axis=0), fractions.loc[lower].mean(axis=0)


def flag_reason(difficulty: float, disc: float, settings: Settings) -> str:
    """Why an item deserves a second look, in words; empty if it does not."""
    reasons = []
    if difficulty == difficulty and difficulty < settings.flag_difficulty:
        reasons.append("most students missed it: check the key and the teaching")
    if disc == disc and disc < 0:
        reasons.append("weaker students did better on it than stronger ones: check the key "
                       "first, then the wording")
    elif disc == disc and disc < settings.flag_discrimination:
        reasons.append("strong and weak students answer it alike: the wording may be unclear")
    return "; ".join(reasons)


def item_statistics(items: list[Item], points: pd.DataFrame, totals: pd.Series,
                    settings: Settings) -> pd.DataFrame:
    """One row per item: what it is, how many were graded, difficulty, discrimination,
    strong/weak group shares, and the flag."""
    import pandas as pd

    meta = pd.DataFrame([{"item": i.id, "label": label(i, items), "notebook": i.notebook,
                          "cell": i.cell, "number": i.number, "kind": i.kind,
                          "objective": i.objective, "key": i.key, "max_points": i.max_points,
                          "question": i.question} for i in items],
                        columns=["item", "label", "notebook", "cell", "number", "kind",
                                 "objective", "key", "max_points", "question"]).set_index("item")
    maxima = meta["max_points"].replace(0, float("nan"))
    fractions = (points / maxima).clip(0, 1)
    upper, lower = group_shares(fractions, totals, settings.group_share)
    stats = meta.assign(
        graded=points.notna().sum(axis=0), not_graded=points.isna().sum(axis=0),
        difficulty=item_difficulty(fractions), discrimination=discrimination(points, totals),
        strong_students=upper, weak_students=lower)
    stats["flag"] = [flag_reason(d, r, settings)
                     for d, r in zip(stats["difficulty"], stats["discrimination"], strict=True)]
    stats["number"] = stats["number"].astype("Int64")
    return stats


def label(item: Item, items: list[Item]) -> str:
    """Short name for tables and charts: Q3, written_1; prefixed by notebook if several."""
    name = f"Q{item.number}" if item.number is not None else item.cell
    if len({i.notebook for i in items}) > 1:
        return f"{item.notebook}: {name}"
    return name


def option_counts(choices: pd.DataFrame, items: list[Item], submitted: int) -> pd.DataFrame:
    """How many students chose each option of each choice item (a ticked box counts for
    each option ticked), the key marked, the most popular wrong option marked, and how
    many gave no readable answer."""
    import pandas as pd

    columns = ["item", "label", "option", "text", "is_key", "chosen", "share",
               "most_common_wrong"]
    rows = []
    ticks = choices.assign(option=choices["answer"].str.split(",")).explode("option")
    counts = ticks.groupby(["item", "option"]).size()
    answered = choices.groupby("item")["student"].nunique()
    for item in (i for i in items if i.kind in CHOICE_KINDS):
        key = set(item.key.split(",")) if item.key else set()
        wrong = {o: int(counts.get((item.id, o), 0)) for o in item.options if o not in key}
        popular = max(wrong, key=wrong.get) if wrong and max(wrong.values()) > 0 else None
        for option in item.options:
            chosen = int(counts.get((item.id, option), 0))
            rows.append([item.id, label(item, items), option, item.option_text.get(option, ""),
                         option in key, chosen, chosen / submitted if submitted else 0.0,
                         option == popular])
        blank = submitted - int(answered.get(item.id, 0))
        rows.append([item.id, label(item, items), NO_ANSWER, "", False, blank,
                     blank / submitted if submitted else 0.0, False])
    return pd.DataFrame(rows, columns=columns)


def mastery_by_student(points: pd.DataFrame, items: list[Item]) -> pd.DataFrame:
    """Students x objectives: share of the objective's points earned, over graded items."""
    import pandas as pd

    objectives = sorted({i.objective for i in items if i.objective})
    out = {}
    for objective in objectives:
        ids = [i.id for i in items if i.objective == objective]
        maxima = pd.Series({i.id: i.max_points for i in items if i.objective == objective})
        earned = points[ids].sum(axis=1, min_count=1)
        possible = points[ids].notna().mul(maxima, axis=1).sum(axis=1)
        out[objective] = (earned / possible.replace(0, float("nan"))).clip(0, 1)
    return pd.DataFrame(out, index=points.index, columns=objectives)


def objective_table(mastery: pd.DataFrame, items: list[Item], settings: Settings,
                    describe=None) -> pd.DataFrame:
    """Objectives across the class: items, points, average share, share who mastered it."""
    import pandas as pd

    describe = describe or (lambda _objective: "")
    rows = []
    for objective in mastery.columns:
        column = mastery[objective].dropna()
        mine = [i for i in items if i.objective == objective]
        rows.append({"objective": objective, "description": describe(objective),
                     "items": ", ".join(label(i, items) for i in mine),
                     "points": sum(i.max_points for i in mine), "students": len(column),
                     "class_mastery": column.mean() if len(column) else float("nan"),
                     "share_mastered": (column >= settings.mastery_level).mean()
                     if len(column) else float("nan")})
    return pd.DataFrame(rows, columns=["objective", "description", "items", "points",
                                       "students", "class_mastery", "share_mastered"])


def score_bands(percent: pd.Series) -> pd.DataFrame:
    """Students per 10-point band of the total score; 100% joins the 90-100 band."""
    import numpy as np
    import pandas as pd

    band = np.minimum(np.floor(percent.to_numpy(float) / 10), 9).astype(int)
    counts = np.bincount(band, minlength=10) if len(band) else np.zeros(10, int)
    names = [f"{10 * b}-{10 * b + 9}%" if b < 9 else "90-100%" for b in range(10)]
    total = counts.sum()
    return pd.DataFrame({"band": names, "students": counts,
                         "share": counts / total if total else np.zeros(10)})


def student_table(roster: pd.DataFrame, submitted: list[str], grades: pd.DataFrame,
                  points: pd.DataFrame, mastery: pd.DataFrame, max_total: float) -> pd.DataFrame:
    """Every student on the roster: submitted or not, nbgrader's total, share, grades still
    to be given, and mastery of each objective."""
    import pandas as pd

    everyone = roster.index.union(pd.Index(submitted)).sort_values()
    out = roster.reindex(everyone)[["first_name", "last_name"]]
    out.index.name = "student"
    out["submitted"] = out.index.isin(submitted)
    totals = grades.groupby("student")["score"].sum().reindex(everyone).fillna(0.0)
    out["score"] = totals.where(out["submitted"])  # NaN, not 0, for no submission
    out["max_score"] = max_total
    out["percent"] = 100 * out["score"] / max_total if max_total else float("nan")
    out["not_graded"] = points.isna().sum(axis=1).reindex(everyone).astype("Int64")
    mastered = mastery.reindex(everyone).add_prefix("mastery ")
    return pd.concat([out, mastered], axis=1)


def summarise(students: pd.DataFrame, stats: pd.DataFrame) -> dict:
    """The numbers at the top of the report."""
    done = students[students["submitted"]]
    percent = done["percent"]
    return {"roster": len(students), "submitted": len(done),
            "not_submitted": int((~students["submitted"]).sum()),
            "max_score": float(students["max_score"].iloc[0]) if len(students) else 0.0,
            "mean": percent.mean(), "median": percent.median(), "sd": percent.std(),
            "min": percent.min(), "max": percent.max(),
            "q1": percent.quantile(0.25), "q3": percent.quantile(0.75),
            "items": len(stats), "flagged": int((stats["flag"] != "").sum()),
            "not_graded": int(stats["not_graded"].sum())}


def analyse(assignment: str, items: list[Item], data: GradebookData, choices: pd.DataFrame,
            settings: Settings | None = None, notes: list[str] | None = None,
            describe=None) -> ClassReport:
    """All the statistics, from tables already read (no files, no database)."""
    settings = settings or Settings()
    notes = list(notes or [])
    grades = grade_points(data.grades)
    students = sorted(data.submitted)
    points = point_matrix(grades, students, [i.id for i in items])
    totals = grades.groupby("student")["score"].sum().reindex(students, fill_value=0.0)
    stats = item_statistics(items, points, totals, settings)
    mastery = mastery_by_student(points, items)
    max_total = float(sum(i.max_points for i in items))
    table = student_table(data.roster, students, grades, points, mastery, max_total)
    done = table[table["submitted"]]
    return ClassReport(
        assignment=assignment, settings=settings, items=stats,
        options=option_counts(choices, items, len(students)),
        objectives=objective_table(mastery, items, settings, describe), students=table,
        scores=score_bands(done["percent"]), summary=summarise(table, stats),
        notes=notes, points=points)


# --------------------------------------------------------------------------------------
# Putting it together: read, analyse


def objective_text(objective: str) -> str:
    """The objective's wording from the lesson files, or '' if it cannot be found."""
    from hrcourse import syllabus
    from hrcourse.content import ContentError

    try:
        lesson = syllabus.lesson(objective.split(".")[0])
    except (ContentError, OSError, ValueError, KeyError, TypeError):
        return ""
    return next((o.text for o in lesson.objectives if o.id == objective), "")


def _answer_notes(broken: list[tuple[str, str]], unreadable: list[str], missing: int,
                  submitted: int) -> list[str]:
    notes = []
    if broken:
        shown = "; ".join(f"{s} ({why})" for s, why in broken[:10])
        more = f"; and {len(broken) - 10} more" if len(broken) > 10 else ""
        notes.append(f"{len(broken)} answers file(s) could not be read, so those students "
                     f"count as making no choice in the option counts (their grades are "
                     f"unaffected): {shown}{more}.")
    if unreadable:
        more = f" and {len(unreadable) - 5} more" if len(unreadable) > 5 else ""
        notes.append(f"{len(unreadable)} saved answer(s) name no real option and are left "
                     f"out of the option counts: {'; '.join(unreadable[:5])}{more}.")
    if missing and submitted:
        notes.append(f"{missing} submission(s) have no answers file (nothing clicked, or "
                     f"answers typed into the notebook); typed answers are graded but not "
                     f"counted in the option tables.")
    return notes


def build_report(course: Path | str, assignment: str,
                 settings: Settings | None = None) -> ClassReport:
    """Read the gradebook, source/ and the answers files of one assignment; analyse."""
    paths = course_paths(course)
    data = read_gradebook(paths.db, assignment)
    items, notes = merge_items(load_items(paths.source, assignment), data.cells)
    quiz_ids = sorted({i.quiz_id for i in items if i.kind in CHOICE_KINDS})
    answers, broken, missing = read_answer_files(paths, assignment, data.submitted, quiz_ids)
    choices, unreadable = choices_table(answers, items)
    notes += _answer_notes(broken, unreadable, missing, len(data.submitted))
    if not data.submitted:
        notes.insert(0, f"No submissions of {assignment} in the gradebook yet "
                        f"({len(data.roster)} student(s) on the roster). Collect and "
                        f"autograde first (hrcourse grade {assignment}), then run the "
                        f"report again.")
    report = analyse(assignment, items, data, choices, settings, notes, objective_text)
    report.course = str(paths.root)
    return report
