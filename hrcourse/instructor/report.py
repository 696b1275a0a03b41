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
import numbers
import re
import sqlite3
from dataclasses import dataclass, field, replace
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
NEGATIVE = -0.1  # discrimination this far below zero is more than noise: suspect the key


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
    question: str = ""  # the stem without its options, so the instructor knows the item
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


def stem_summary(markdown: str) -> str:
    """The question itself, without its heading, option list or instructions."""
    kept = [line.strip() for line in markdown.splitlines()
            if line.strip() and not line.lstrip().startswith(("#", "-", "*"))]
    return " ".join(kept)


def shorten(text: str, limit: int = 90) -> str:
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

    conn = _connect(db)
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
    except (sqlite3.DatabaseError, pd.errors.DatabaseError) as err:
        raise ReportError(f"{db} is not a readable nbgrader gradebook: {err}") from err
    finally:
        conn.close()
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
            item = replace(item, max_points=float(row.max_score))
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
    manual, auto = out["manual_score"].astype(float), out["auto_score"].astype(float)
    points = manual.where(manual.notna(), auto)
    out["points"] = points
    extra = out["extra_credit"].astype(float).fillna(0.0)
    out["score"] = (points.astype(float) + extra).fillna(0.0)
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


def flag_reason(difficulty: float, disc: float, settings: Settings, written: bool = False) -> str:
    """Why an item deserves a second look, in words; empty if it does not. (x == x is
    False only for NaN: an item nobody was graded on, or one without spread, is not
    flagged on that count.)"""
    reasons = []
    if difficulty == difficulty and difficulty < settings.flag_difficulty:
        reasons.append("most students missed it: check the " + ("rubric" if written else "key")
                       + " and the teaching")
    if disc == disc and disc <= NEGATIVE:
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
    stats["flag"] = [flag_reason(d, r, settings, kind == "written") for d, r, kind
                     in zip(stats["difficulty"], stats["discrimination"], stats["kind"],
                            strict=True)]
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


def summarise(students: pd.DataFrame, stats: pd.DataFrame, max_total: float) -> dict:
    """The numbers at the top of the report."""
    done = students[students["submitted"]]
    percent = done["percent"]
    return {"roster": len(students), "submitted": len(done),
            "not_submitted": int((~students["submitted"]).sum()), "max_score": max_total,
            "mean": float(percent.mean()), "median": float(percent.median()),
            "sd": float(percent.std()), "min": float(percent.min()),
            "max": float(percent.max()), "q1": float(percent.quantile(0.25)),
            "q3": float(percent.quantile(0.75)), "items": len(stats),
            "flagged": int((stats["flag"] != "").sum()),
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
        scores=score_bands(done["percent"]), summary=summarise(table, stats, max_total),
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


def _count(n: int, thing: str) -> str:
    return f"{n} {thing}" + ("" if n == 1 else "s")


def _answer_notes(broken: list[tuple[str, str]], unreadable: list[str], missing: int,
                  submitted: int) -> list[str]:
    notes = []
    if broken:
        shown = "; ".join(f"{s} ({why})" for s, why in broken[:10])
        more = f"; and {len(broken) - 10} more" if len(broken) > 10 else ""
        notes.append(f"{_count(len(broken), 'answers file')} could not be read, so "
                     f"{'that student counts' if len(broken) == 1 else 'those students count'}"
                     f" as making no choice in the option counts: {shown}{more}.")
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


# --------------------------------------------------------------------------------------
# Readable tables: the same views in the notebook, the HTML and (unrounded) the CSVs


def _pct(series: pd.Series) -> pd.Series:
    return (100 * series).round(0).astype("Int64")


def _items_view(report: ClassReport) -> pd.DataFrame:
    import pandas as pd

    items = report.items
    table = pd.DataFrame({
        "Item": items["label"], "Question": [shorten(q, 70) for q in items["question"]],
        "Objective": items["objective"], "Points": items["max_points"],
        "Graded": items["graded"], "Correct %": _pct(items["difficulty"]),
        "Discrimination": items["discrimination"].round(2),
        "Strong students correct %": _pct(items["strong_students"]),
        "Weak students correct %": _pct(items["weak_students"]), "Flag": items["flag"]})
    return table.reset_index(drop=True)


def _flagged_view(report: ClassReport) -> pd.DataFrame:
    table = _items_view(report)
    return table[table["Flag"] != ""].reset_index(drop=True)


def _options_view(report: ClassReport) -> pd.DataFrame:
    import pandas as pd

    options = report.options
    return pd.DataFrame({
        "Item": options["label"], "Option": options["option"], "Text": options["text"],
        "Key": options["is_key"].map({True: "✔ key", False: ""}),
        "Chosen by": options["chosen"], "Share %": _pct(options["share"]),
        "Most common wrong answer": options["most_common_wrong"].map(
            {True: "◀ most common wrong", False: ""})})


def _objectives_view(report: ClassReport) -> pd.DataFrame:
    import pandas as pd

    table = report.objectives
    return pd.DataFrame({
        "Objective": table["objective"], "Description": table["description"],
        "Items": table["items"], "Points": table["points"],
        "Class average %": _pct(table["class_mastery"]),
        f"Mastered (≥{report.settings.mastery_level:.0%}) %": _pct(table["share_mastered"])})


def _students_view(report: ClassReport) -> pd.DataFrame:
    import pandas as pd

    table = report.students
    names = table["first_name"].fillna("") + " " + table["last_name"].fillna("")
    out = pd.DataFrame({
        "Name": names.str.strip(), "Submitted": table["submitted"].map({True: "yes",
                                                                          False: "no"}),
        "Score": table["score"], "Out of": table["max_score"],
        "Score %": table["percent"].round(0).astype("Int64"),
        "Not graded yet": table["not_graded"]}, index=table.index)
    for column in (c for c in table.columns if c.startswith("mastery ")):
        out[column.replace("mastery ", "") + " %"] = _pct(table[column])
    return out


def _scores_view(report: ClassReport) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame({"Score band": report.scores["band"],
                         "Students": report.scores["students"],
                         "Share %": _pct(report.scores["share"])})


VIEWS = {"items": _items_view, "flagged": _flagged_view, "options": _options_view,
         "objectives": _objectives_view, "students": _students_view, "scores": _scores_view}


def view(report: ClassReport, name: str) -> pd.DataFrame:
    """A table with plain column names and percentages, for people rather than programs:
    items, flagged, options, objectives, students or scores."""
    if name not in VIEWS:
        raise ValueError(f"no table {name!r}; choose {', '.join(VIEWS)}")
    return VIEWS[name](report)


# --------------------------------------------------------------------------------------
# Charts, each with a one-sentence description (shown under it and used as alt text)


def _fmt(value: float, digits: int = 0) -> str:
    return "–" if value != value else f"{value:.{digits}f}"


def describe_scores(report: ClassReport) -> str:
    s = report.summary
    return (f"A histogram of the {s['submitted']} submitted scores in 10-point bands: the "
            f"median is {_fmt(s['median'])}%, the middle half of the class scored between "
            f"{_fmt(s['q1'])}% and {_fmt(s['q3'])}%, and scores ran from {_fmt(s['min'])}% "
            f"to {_fmt(s['max'])}%.")


def score_chart(report: ClassReport):
    from hrcourse.plots import PALETTE, course_style, figure

    bands = report.scores
    with course_style():
        fig, ax = figure(7.5, 4.2)
        xs = list(range(len(bands)))
        ax.bar(xs, bands["students"], color=PALETTE[0], edgecolor="black", linewidth=0.5)
        for x, n in zip(xs, bands["students"], strict=True):
            if n:
                ax.text(x, n, str(n), ha="center", va="bottom", fontsize=10)
        ax.set_xticks(xs, [b.rstrip("%") for b in bands["band"]])
        ax.grid(axis="x", visible=False)
        ax.set_xlabel("Total score (% of points)")
        ax.set_ylabel("Students")
        ax.set_title(f"Scores on {report.assignment}")
        fig.tight_layout()
    return fig


def describe_items(report: ClassReport) -> str:
    items = report.items
    flagged = items[items["flag"] != ""]["label"].tolist()
    plotted = items["difficulty"].notna() & items["discrimination"].notna()
    missing = items[~plotted]["label"].tolist()
    verb = "falls" if len(flagged) == 1 else "fall"
    where = (f"{len(flagged)} {verb} in the shaded review zones ({', '.join(flagged)})"
             if flagged else "none falls in the shaded review zones")
    left_out = (f"; {', '.join(missing)} not shown (no grades, or everyone scored alike)"
                if missing else "")
    return (f"Each marker is one of the {len(items)} items, placed by share of points earned "
            f"(across) and discrimination (up); {where}{left_out}.")


def item_chart(report: ClassReport):
    from hrcourse.plots import PALETTE, course_style, figure

    items, settings = report.items, report.settings
    shown = items[items["difficulty"].notna() & items["discrimination"].notna()]
    low = min(-0.2, float(shown["discrimination"].min()) - 0.1) if len(shown) else -0.2
    with course_style():
        fig, ax = figure(7.5, 5.0)
        zone = dict(facecolor=PALETTE[1], alpha=0.15, hatch="//", edgecolor=PALETTE[1],
                    linewidth=0)
        ax.axvspan(0, 100 * settings.flag_difficulty, **zone)
        ax.axhspan(low, settings.flag_discrimination, **zone)
        for is_flagged, marker, colour, name in ((False, "o", PALETTE[0], "looks fine"),
                                                 (True, "X", PALETTE[5], "flagged for review")):
            part = shown[(shown["flag"] != "") == is_flagged]
            ax.scatter(100 * part["difficulty"], part["discrimination"], marker=marker,
                       s=80 if is_flagged else 50, color=colour, edgecolor="black",
                       linewidth=0.5, label=f"{name} ({len(part)})", zorder=3)
        for row in shown.itertuples():
            ax.annotate(row.label, (100 * row.difficulty, row.discrimination), fontsize=9,
                        xytext=(5, 4), textcoords="offset points")
        ax.text(2, 0.97, "most students\nmissed it", transform=ax.get_xaxis_transform(),
                va="top", fontsize=9)
        ax.text(99, settings.flag_discrimination - 0.03, "strong and weak students alike",
                ha="right", va="top", fontsize=9)
        ax.set_xlim(0, 105)
        ax.set_ylim(low, 1.0)
        ax.set_xlabel("Share of points earned (difficulty, %): higher = easier")
        ax.set_ylabel("Discrimination (item-rest r)")
        ax.set_title(f"Items of {report.assignment}")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, frameon=False)
        fig.tight_layout()
    return fig


def describe_mastery(report: ClassReport) -> str:
    table = report.objectives.dropna(subset=["class_mastery"])
    if table.empty:
        return "No objective has graded items yet."
    weakest = table.loc[table["class_mastery"].idxmin()]
    strongest = table.loc[table["class_mastery"].idxmax()]
    level = report.settings.mastery_level
    below = int((table["class_mastery"] < level).sum())
    return (f"Bars show the class average on each of the {len(table)} learning objectives: "
            f"the weakest is {weakest['objective']} ({weakest['class_mastery']:.0%}) and the "
            f"strongest {strongest['objective']} ({strongest['class_mastery']:.0%}); the dashed "
            f"line marks the {level:.0%} mastery level, which {below} objective(s) fall short "
            f"of.")


def mastery_chart(report: ClassReport):
    """One bar per objective; bars below the mastery level are hatched and orange (two
    channels, so colour is never the only cue); the value is written on each bar."""
    from matplotlib.patches import Patch

    from hrcourse.plots import PALETTE, course_style, figure

    table = report.objectives
    level = 100 * report.settings.mastery_level
    values = [100 * v if v == v else 0.0 for v in table["class_mastery"]]
    labels = [f"{o} ({i})" for o, i in zip(table["objective"], table["items"], strict=True)]
    with course_style():
        height = 0.42 * len(labels) + 1.8
        fig, ax = figure(7.5, height)
        ys = list(range(len(labels)))
        below = [v < level for v in values]
        ax.barh(ys, values, color=[PALETTE[1] if b else PALETTE[0] for b in below],
                hatch=None, edgecolor="black", linewidth=0.5)
        for y, value, low in zip(ys, values, below, strict=True):
            if low:
                ax.barh(y, value, color="none", hatch="//", edgecolor="black", linewidth=0)
            ax.text(value + 1.5, y, f"{value:.0f}%", va="center", fontsize=10,
                    bbox=dict(facecolor="white", edgecolor="none", pad=0.5))
        ax.axvline(level, color="black", linestyle="--", linewidth=1.2)
        ax.set_yticks(ys, labels)
        ax.invert_yaxis()
        ax.set_xlim(0, 112)
        ax.set_xlabel("Class average share of the objective's points (%)")
        ax.set_title(f"Mastery by learning objective: {report.assignment}")
        ax.legend(handles=[Patch(facecolor=PALETTE[0], edgecolor="black",
                                 label=f"at or above {level:.0f}%"),
                           Patch(facecolor=PALETTE[1], hatch="//", edgecolor="black",
                                 label=f"below the mastery level ({level:.0f}%, dashed)")],
                  loc="upper center", bbox_to_anchor=(0.5, -0.6 / max(1.0, height - 1.3)),
                  ncol=2, frameon=False)  # just below the x-axis label, whatever the height
        fig.tight_layout()
    return fig


def pick_choice_item(report: ClassReport, item_label: str | None = None) -> str:
    """The label asked for, else the choice item the class found hardest."""
    choice = report.items[report.items["kind"].isin(CHOICE_KINDS)]
    if choice.empty:
        raise ValueError(f"{report.assignment} has no choice items")
    if item_label is None:
        return str(choice.sort_values("difficulty")["label"].iloc[0])
    if item_label not in set(choice["label"]):
        raise ValueError(f"no choice item {item_label!r}; choose one of "
                         f"{', '.join(choice['label'])}")
    return item_label


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def describe_options(report: ClassReport, item_label: str) -> str:
    rows = report.options[(report.options["label"] == item_label)
                          & (report.options["option"] != NO_ANSWER)]
    keys = rows[rows["is_key"]]
    lure = rows[rows["most_common_wrong"]]
    if len(keys) == 1:
        text = f"For {item_label}, the key {keys['option'].iloc[0]}) was chosen by " \
               f"{keys['share'].iloc[0]:.0%}"
    else:
        text = (f"For {item_label}, the key options {_and(list(keys['option']))} were "
                f"ticked by {_and([f'{v:.0%}' for v in keys['share']])}")
    if not lure.empty:
        row = lure.iloc[0]
        quoted = row["text"].strip().strip('"“”').rstrip(".")  # the option may quote a client
        answer = f": “{quoted}”" if quoted else ""
        text += f"; the most common wrong answer was {row['option']}) ({row['share']:.0%}){answer}"
    return text + "."


def option_chart(report: ClassReport, item_label: str | None = None):
    """Share choosing each option: the key solid blue and marked ✔, the most common wrong
    answer hatched orange and marked ◀ (shape and text as well as colour)."""
    from hrcourse.plots import PALETTE, course_style, figure

    item_label = pick_choice_item(report, item_label)
    rows = report.options[report.options["label"] == item_label]
    labels = [o if o == NO_ANSWER else f"{o}) {shorten(t, 32)}"
              for o, t in zip(rows["option"], rows["text"], strict=True)]
    values = [100 * v for v in rows["share"]]
    with course_style():
        fig, ax = figure(8.5, 0.5 * len(labels) + 1.4)
        ys = list(range(len(labels)))
        for y, value, key, lure in zip(ys, values, rows["is_key"], rows["most_common_wrong"],
                                       strict=True):
            colour = PALETTE[0] if key else PALETTE[1] if lure else "#bbbbbb"
            ax.barh(y, value, color=colour, hatch="//" if lure else None, edgecolor="black",
                    linewidth=0.5)
            mark = " ✔ key" if key else " ◀ most common wrong" if lure else ""
            ax.text(value + 1.5, y, f"{value:.0f}%{mark}", va="center", fontsize=10)
        ax.set_yticks(ys, labels)
        ax.invert_yaxis()
        ax.set_xlim(0, 125)
        ax.set_xlabel("Students who chose it (%)")
        ax.set_title(f"Answers chosen: {item_label}")
        fig.tight_layout()
    return fig


CHARTS = {
    "scores": ("Score distribution", score_chart, describe_scores),
    "items": ("Item difficulty and discrimination", item_chart, describe_items),
    "mastery": ("Mastery by learning objective", mastery_chart, describe_mastery),
}


def chart(report: ClassReport, name: str):
    """(figure, description) of one chart: scores, items or mastery."""
    if name not in CHARTS:
        raise ValueError(f"no chart {name!r}; choose {', '.join(CHARTS)}")
    _, draw, describe = CHARTS[name]
    return draw(report), describe(report)


def _png(fig) -> str:
    import base64
    import io

    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


# --------------------------------------------------------------------------------------
# HTML: one self-contained file, readable without help

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:68rem;
margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}
h1{margin-bottom:.2rem} h2{margin-top:2.5rem;border-bottom:2px solid #0072B2}
.meta{color:#555} .demo{background:#fff4d6;border:2px solid #E69F00;padding:.6rem 1rem}
.note{background:#eef6fb;border-left:4px solid #0072B2;padding:.5rem 1rem;margin:.5rem 0}
table{border-collapse:collapse;margin:.8rem 0;font-size:.88rem}
th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f0f0f0} tr:nth-child(even) td{background:#fafafa}
tr.flag td{background:#fff1e6} td.num{text-align:right} td.text{min-width:10rem}
td.share{white-space:nowrap}
.bar{background:#e6e6e6;width:10rem;height:.9rem;display:inline-block;vertical-align:middle}
.bar span{background:#0072B2;height:100%;display:block}
figure{margin:1rem 0} figcaption{font-style:italic;color:#333;max-width:48rem}
dt{font-weight:bold;margin-top:.6rem} details summary{cursor:pointer;font-weight:bold}
"""


def _e(value: object) -> str:
    """Escaped text; numbers without needless decimals (4, not 4.0); '–' for missing."""
    import pandas as pd

    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return "–"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.2f}".rstrip("0")
    return html.escape(str(value))


def np_bool() -> type:
    import numpy as np

    return np.bool_


def _td(value: object) -> str:
    if isinstance(value, numbers.Real) and not isinstance(value, (bool, np_bool())):
        return f'<td class="num">{_e(value)}</td>'
    if isinstance(value, str) and len(value) > 40:
        return f'<td class="text">{_e(value)}</td>'
    return f"<td>{_e(value)}</td>"


def _table(frame: pd.DataFrame, index: bool = False, flag_column: str | None = None) -> str:
    """An HTML table; rows with text in `flag_column` get a highlight (and keep the text,
    so the flag never depends on colour alone)."""
    frame = frame.reset_index() if index else frame
    head = "".join(f"<th>{_e(c)}</th>" for c in frame.columns)
    rows = []
    for values in frame.itertuples(index=False):
        flagged = flag_column is not None and bool(values[frame.columns.get_loc(flag_column)])
        cells = "".join(_td(v) for v in values)
        rows.append(f'<tr class="flag">{cells}</tr>' if flagged else f"<tr>{cells}</tr>")
    return (f'<div style="overflow-x:auto"><table><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>")


def _figure(png: str, description: str) -> str:
    return (f'<figure><img src="data:image/png;base64,{png}" alt="{_e(description)}" '
            f'style="max-width:100%"><figcaption>{_e(description)}</figcaption></figure>')


def _glance(report: ClassReport) -> str:
    s = report.summary
    absent = (f", {s['not_submitted']} did not (they are left out of every figure below)"
              if s["not_submitted"] else "")
    lines = [f"{s['roster']} student(s) on the roster; {s['submitted']} submitted{absent}."]
    if s["submitted"]:
        lines.append(f"Average score {_fmt(s['mean'])}% (median {_fmt(s['median'])}%) out of "
                     f"{s['max_score']:g} points.")
        lines.append(f"{s['flagged']} of {s['items']} items flagged for review.")
    if s["not_graded"]:
        lines.append(f"{s['not_graded']} grade(s) not given yet (written answers waiting in the "
                     f"formgrader): totals count them as 0, as nbgrader does, so those scores "
                     f"will rise; item and objective figures use graded answers only.")
    if 0 < s["submitted"] < 30:
        lines.append(f"With only {s['submitted']} submissions, read discrimination as a rough "
                     f"guide: one student can move it a lot.")
    notes = "".join(f'<p class="note">{_e(n)}</p>' for n in report.notes)
    return "<ul>" + "".join(f"<li>{_e(x)}</li>" for x in lines) + "</ul>" + notes


def _how_to_read(settings: Settings) -> str:
    return f"""<dl>
<dt>Share correct (difficulty)</dt><dd>The share of an item's points the class earned. For a
one-point question it is the share of students who got it right; for a written answer worth
4 points, an average of 3 points is 75%. Below {settings.flag_difficulty:.0%} the item is
flagged: <em>most students missed it: check the key (or rubric) and the teaching</em>.</dd>
<dt>Discrimination</dt><dd>Whether the item separates students who did well on the rest of
the assignment from those who did not: the correlation between the item's score and the
score on all the other items (the point-biserial for right-or-wrong items), from −1 to 1.
As a rule of thumb 0.3 or more is good, 0.2 to 0.3 fair, below 0.2 weak. Below
{settings.flag_discrimination:.2f} the item is flagged: <em>strong and weak students answer
it alike: the wording may be unclear</em>, or two options may both be defensible. A negative
value means weaker students did better than stronger ones: check the key first.</dd>
<dt>Strong and weak students</dt><dd>The share correct among the top and the bottom
{settings.group_share:.0%} of the class by total score. A good item shows a clear gap.</dd>
<dt>Most common wrong answer</dt><dd>For each choice question, the wrong option chosen most
often: it shows which misconception is common in the class and worth a lesson.</dd>
<dt>Mastery</dt><dd>The share of a learning objective's points a student earned, over all
graded items tied to that objective (choice and written). A student has mastered it at
{settings.mastery_level:.0%} or more.</dd>
<dt>Flags</dt><dd>A flag is a prompt to look, not a verdict: a hard item on a topic that
needs more teaching can be a good item.</dd></dl>"""


def _option_row(row) -> str:
    note = "✔ key" if row.is_key else "◀ most common wrong" if row.most_common_wrong else ""
    bar = (f'<span class="bar"><span style="width:{100 * row.share:.0f}%"></span></span> '
           f"{100 * row.share:.0f}%")
    return (f'<tr><td class="share">{_e(row.option)}</td><td>{_e(row.text)}</td>'
            f'<td class="share">{note}</td>'
            f'<td class="num">{row.chosen}</td><td class="share">{bar}</td></tr>')


def _options_html(report: ClassReport) -> str:
    parts = []
    for item in report.items[report.items["kind"].isin(CHOICE_KINDS)].itertuples():
        rows = report.options[report.options["item"] == item.Index]
        body = "".join(_option_row(r) for r in rows.itertuples())
        parts.append(
            f"<h3>{_e(item.label)} · objective {_e(item.objective)} · key {_e(item.key)}</h3>"
            f"<p>{_e(item.question)}</p><table><thead><tr><th>Option</th><th>Answer</th>"
            f"<th>Note</th><th>Students</th><th>Share</th></tr></thead><tbody>{body}</tbody>"
            f"</table><p>{_e(describe_options(report, item.label))}</p>")
    return "".join(parts) or "<p>This assignment has no choice questions.</p>"


CSV_HELP = {
    "items": "one row per item: objective, kind, key, points, how many graded, difficulty "
             "(share of points, 0–1), discrimination (item-rest correlation), strong and weak "
             "students' shares, flag",
    "options": "one row per option of each choice item (and one for no answer): times chosen, "
               "share of submitters, whether it is the key or the most common wrong answer",
    "objectives": "one row per learning objective: items, points, class average share, share "
                  "of students who mastered it",
    "students": "one row per student on the roster: submitted, score (nbgrader's total), "
                "percent, grades not given yet, share of each objective's points",
    "scores": "students per 10-point score band",
}


def render_html(report: ClassReport, images: dict[str, tuple[str, str]]) -> str:
    """The report page. `images`: chart name -> (base64 PNG, description)."""
    title = f"Class report: {report.assignment}"
    head = (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{_e(title)}"
            f"</title><style>{CSS}</style></head><body><h1>{_e(title)}</h1>"
            f"<p class='meta'>Generated {datetime.now():%Y-%m-%d %H:%M} from the gradebook, the "
            f"instructor version in source/ and the students' saved answers"
            f"{' in ' + _e(report.course) if report.course else ''}.</p>")
    if report.demo:
        head += ("<p class='demo'><strong>Demo:</strong> a synthetic class of fictional "
                 "students on a demo quiz. Nothing here is real student data.</p>")
    body = [f"<h2>At a glance</h2>{_glance(report)}"]
    if report.empty:
        return head + "".join(body) + "</body></html>"
    figure = {name: _figure(*images[name]) if name in images else "" for name in CHARTS}
    body += [
        f"<h2>How to read this report</h2>{_how_to_read(report.settings)}",
        f"<h2>Score distribution</h2>{figure['scores']}"
        f"{_table(view(report, 'scores'))}",
        f"<h2>Items</h2>{figure['items']}<h3>Flagged for review</h3>"
        + (_table(view(report, "flagged").drop(columns=["Graded"]))
           if report.summary["flagged"] else "<p>No item is flagged.</p>")
        + f"<h3>All items</h3>{_table(view(report, 'items'), flag_column='Flag')}",
        f"<h2>Answer choices</h2><p>How often each option was chosen, from the students' "
        f"saved clicks.</p>{_options_html(report)}",
        f"<h2>Mastery by learning objective</h2>{figure['mastery']}"
        f"{_table(view(report, 'objectives'))}",
        f"<h2>Students</h2><details><summary>Show all {len(report.students)} students"
        f"</summary>{_table(view(report, 'students'), index=True)}</details>",
        "<h2>Tables for spreadsheets</h2><p>Beside this page, in the same folder:</p><ul>"
        + "".join(f"<li><code>{n}.csv</code>: {_e(CSV_HELP[n])}</li>" for n in CSV_TABLES)
        + "</ul>",
    ]
    return head + "".join(body) + "</body></html>"


def write_csvs(report: ClassReport, out: Path) -> list[Path]:
    tables = {"items": report.items.reset_index(), "options": report.options,
              "objectives": report.objectives, "students": report.students.reset_index(),
              "scores": report.scores}
    paths = []
    for name in CSV_TABLES:
        path = out / f"{name}.csv"
        tables[name].to_csv(path, index=False, float_format="%.4g")
        paths.append(path)
    return paths


def write(report: ClassReport, out: Path | str) -> list[Path]:
    """report.html and the CSV tables in `out`; returns their paths."""
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise ReportError(f"cannot create the output folder {out}: {err}") from err
    images = {}
    if not report.empty:
        for name in CHARTS:
            fig, description = chart(report, name)
            images[name] = (_png(fig), description)
    page = out / "report.html"
    page.write_text(render_html(report, images), encoding="utf-8")
    return [page, *write_csvs(report, out)]


# --------------------------------------------------------------------------------------
# In the instructor notebook: one-line calls


def load(course: Path | str, assignment: str, settings: Settings | None = None,
         demo_students: int = 120) -> ClassReport:
    """The class report; with no submissions yet, a demo on a synthetic class, said loudly."""
    try:
        report = build_report(course, assignment, settings)
        if not report.empty:
            return report
        reason = report.notes[0]
    except ReportError as err:  # no gradebook, no such assignment, not a course folder
        reason = str(err)
    return _demo(course, assignment, reason, settings, demo_students)


def _demo(course: Path | str, assignment: str, reason: str, settings: Settings | None,
          students: int) -> ClassReport:
    """A synthetic class on the assignment's own questions if its instructor version can
    be found, else on the built-in demo quiz; built and read in a temporary folder."""
    import tempfile

    from hrcourse.instructor import synthetic_gradebook as synthetic

    try:
        own = any((course_paths(course).source / assignment).glob("*.ipynb"))
    except ReportError:
        own = False
    quiz = assignment if own else synthetic.DEMO_ID
    print(f"{reason}\n\nDEMO: showing a synthetic class of {students} fictional students "
          f"on {'the questions of ' + quiz if own else 'the built-in demo quiz ' + quiz} "
          f"instead. Nothing below is real student data.")
    with tempfile.TemporaryDirectory(prefix="hrcourse-demo-") as tmp:
        if own:
            synthetic.build_copy_class(course, assignment, tmp, students)
        else:
            synthetic.build_demo_class(tmp, students)
        demo = build_report(tmp, quiz, settings)
    demo.course, demo.demo = "", True
    return demo


def glance(report: ClassReport) -> None:
    """Print the numbers at the top of the report, and any notes."""
    s = report.summary
    print(f"{report.assignment}{' (DEMO, synthetic)' if report.demo else ''}: "
          f"{s['submitted']} of {s['roster']} students submitted.")
    if s["submitted"]:
        print(f"Average score {_fmt(s['mean'])}% (median {_fmt(s['median'])}%); "
              f"{s['flagged']} of {s['items']} items flagged; "
              f"{s['not_graded']} grade(s) not given yet.")
    for note in report.notes:
        print(f"Note: {note}")


def show(report: ClassReport, name: str) -> None:
    """Draw one chart (scores, items or mastery) with its description."""
    from hrcourse.plots import show as show_figure

    show_figure(*chart(report, name))


def show_options(report: ClassReport, item_label: str | None = None) -> None:
    """Draw the answers chosen for one choice item (default: the one most students missed)."""
    from hrcourse.plots import show as show_figure

    item_label = pick_choice_item(report, item_label)
    show_figure(option_chart(report, item_label), describe_options(report, item_label))


def save(report: ClassReport, out: Path | str | None = None) -> None:
    """Write report.html and the CSVs: to <course>/reports/<assignment>/ by default, or
    to a temporary folder for the demo."""
    import tempfile

    if out is None:
        out = (Path(tempfile.mkdtemp(prefix="hrcourse-demo-report-")) if report.demo
               else Path(report.course) / "reports" / report.assignment)
    paths = write(report, out)
    print(f"Saved {paths[0]} and {len(paths) - 1} CSV tables in {Path(out)}"
          f"{' (a temporary folder: demo data)' if report.demo else ''}.")


# --------------------------------------------------------------------------------------
# The `hrcourse report` command


def _share(text: str) -> float:
    """A share given as 0.5 or 50%."""
    import argparse

    try:
        value = float(text.rstrip("%")) / (100 if text.endswith("%") else 1)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number (e.g. 0.5 or 50%)") from None
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not between 0 and 1 (or 0% and 100%)")
    return value


def add_arguments(parser) -> None:
    defaults = Settings()
    parser.add_argument("assignment", help="the assignment, as named in source/ and the "
                                           "gradebook (e.g. quiz1_foundations)")
    parser.add_argument("--course", type=Path, default=Path("."),
                        help="the course folder, with nbgrader_config.py (default: here)")
    parser.add_argument("--out", type=Path, default=None,
                        help="where to write report.html and the CSV tables "
                             "(default: reports/<assignment>/ in the course folder)")
    parser.add_argument("--flag-difficulty", type=_share, default=defaults.flag_difficulty,
                        metavar="SHARE", help="flag items where the class earned less than "
                                              "this share of the points (default: %(default)s)")
    parser.add_argument("--flag-discrimination", type=float,
                        default=defaults.flag_discrimination, metavar="R",
                        help="flag items whose discrimination (item-rest correlation) is "
                             "below this (default: %(default)s)")
    parser.add_argument("--mastery-level", type=_share, default=defaults.mastery_level,
                        metavar="SHARE", help="share of an objective's points that counts as "
                                              "mastery (default: %(default)s)")


def run(args) -> int:
    import sys

    import matplotlib

    matplotlib.use("Agg")  # files only: no window, works on a server
    settings = Settings(flag_difficulty=args.flag_difficulty,
                        flag_discrimination=args.flag_discrimination,
                        mastery_level=args.mastery_level)
    try:
        report = build_report(args.course, args.assignment, settings)
        out = args.out or Path(report.course) / "reports" / args.assignment
        paths = write(report, out)
    except ReportError as err:
        print(f"hrcourse report: {err}", file=sys.stderr)
        return 1
    s = report.summary
    if report.empty:
        print(report.notes[0])
    else:
        print(f"{args.assignment}: {s['submitted']} of {s['roster']} students submitted; "
              f"average {_fmt(s['mean'])}%; {s['flagged']} of {s['items']} items flagged.")
    print(f"Wrote {paths[0]} and {len(paths) - 1} CSV tables in {out}.")
    return 0
