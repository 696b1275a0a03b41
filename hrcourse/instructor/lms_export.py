"""`hrcourse export-grades`: the gradebook's totals as files Canvas and Moodle import as
they are.

    hrcourse export-grades --canvas canvas-export.csv [--course DIR] [--out DIR]
    hrcourse export-grades --moodle moodle-export.csv [--roster-key "Email address"]

The platform's own gradebook export is the roster (hrcourse/instructor/lms_roster.py): its
ids are copied into the file, so the platform matches every row to the right person.
Each nbgrader assignment becomes a column (an existing Canvas column "Name (id)" of the same
name is updated in place; otherwise Canvas or Moodle creates the column), and, once both
knowledge-check forms are graded, three more: the knowledge check before and after (in
percent) and each student's normalized gain (Hake's g, in percent of the possible
improvement).

Nothing is dropped silently: students on one side only are listed on screen and in
unmatched.csv. A total still waiting for hand-graded points, or an assignment a student
did not submit, is left blank (the platform then keeps what it has) and listed too.
"""

from __future__ import annotations

import csv
import io
import json
import math
import sqlite3
import sys
from dataclasses import dataclass, field
from pathlib import Path

from hrcourse.instructor.lms_roster import (
    CANVAS_IDENTITY,
    Roster,
    RosterError,
    canvas_assignment_columns,
    fold,
    read_canvas,
    read_moodle,
)

SQL_TOTALS = """
SELECT sa.student_id, a.name,
       SUM(COALESCE(g.manual_score, g.auto_score, 0) + COALESCE(g.extra_credit, 0)),
       SUM(CASE WHEN g.needs_manual_grade THEN 1 ELSE 0 END)
FROM submitted_assignment sa
JOIN assignment a ON a.id = sa.assignment_id
JOIN submitted_notebook sn ON sn.assignment_id = sa.id
JOIN grade g ON g.notebook_id = sn.id
GROUP BY sa.student_id, a.name
"""

SQL_MAX = """
SELECT a.name, SUM(gc.max_score)
FROM assignment a JOIN notebook nb ON nb.assignment_id = a.id
JOIN base_cell bc ON bc.notebook_id = nb.id JOIN grade_cells gc ON gc.id = bc.id
GROUP BY a.name
"""

STUDENT_KEYS = ("id", "email", "lms_user_id")


class ExportError(ValueError):
    """The export cannot be written; the message says why and what to do."""


@dataclass
class Column:
    """One grade column: its title on the platform, points possible, and scores."""
    name: str                  # the nbgrader assignment, or a derived column's own name
    title: str
    points: float
    scores: dict[str, float | None] = field(default_factory=dict)  # student -> score
    waiting: list[str] = field(default_factory=list)  # students with hand-grading to do


@dataclass
class Gradebook:
    students: dict[str, dict[str, str]]   # nbgrader id -> {"id", "email", "lms_user_id", "name"}
    columns: list[Column]
    notes: list[str]


def _title(source: Path, assignment: str) -> str:
    """The assignment's title: the first '# ' heading of its instructor notebook."""
    path = source / assignment / f"{assignment}.ipynb"
    try:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError, TypeError):
        return assignment
    for cell in cells:
        text = "".join(cell.get("source", "")) if isinstance(cell, dict) else ""
        for line in text.splitlines():
            if line.startswith("# "):
                return line[2:].strip() or assignment
    return assignment


def read_gradebook(paths, assignments: list[str] | None = None) -> Gradebook:
    """Totals per student and assignment, read-only, from `paths.db` (a CourseFolder)."""
    if not paths.db.is_file():
        raise ExportError(f"no gradebook at {paths.db}: collect and autograde first")
    conn = sqlite3.connect(f"file:{paths.db}?mode=ro", uri=True)
    try:
        students = {
            sid: {"id": sid, "email": email or "", "lms_user_id": lms or "",
                  "name": " ".join(p for p in (first, last) if p)}
            for sid, first, last, email, lms in conn.execute(
                "SELECT id, first_name, last_name, email, lms_user_id FROM student ORDER BY id")}
        known = [r[0] for r in conn.execute("SELECT name FROM assignment ORDER BY name")]
        maxima = dict(conn.execute(SQL_MAX).fetchall())
        totals = conn.execute(SQL_TOTALS).fetchall()
    except sqlite3.DatabaseError as err:
        raise ExportError(f"{paths.db} is not a readable nbgrader gradebook: {err}") from err
    finally:
        conn.close()
    chosen = known if assignments is None else assignments
    unknown = [a for a in chosen if a not in known]
    if unknown:
        raise ExportError(f"no assignment {', '.join(unknown)} in the gradebook (it has: "
                          f"{', '.join(known) or 'none'})")
    columns = {a: Column(a, _title(paths.source, a), float(maxima.get(a) or 0)) for a in chosen}
    for student, assignment, total, waiting in totals:
        column = columns.get(assignment)
        if column is None:
            continue
        if waiting:
            column.scores[student] = None
            column.waiting.append(student)
        else:
            column.scores[student] = float(total)
    return Gradebook(students, list(columns.values()), [])


def knowledge_check_columns(paths, order: str = "time") -> tuple[list[Column], list[str]]:
    """Before, after and gain columns once both forms are graded (else a note why not)."""
    from hrcourse.instructor.report.gain_read import class_gain
    from hrcourse.instructor.report.model import NoSubmissions

    try:
        gain, notes = class_gain(paths, "knowledge_check_a", order)
    except NoSubmissions as err:
        return [], [f"Knowledge check: {err}"]
    if gain is None:
        return [], notes
    before = Column("knowledge_check_before", "Knowledge check: before (%)", 100.0)
    after = Column("knowledge_check_after", "Knowledge check: after (%)", 100.0)
    g = Column("knowledge_check_gain", "Knowledge check: normalized gain (%)", 100.0)
    for student, row in gain.students.iterrows():
        before.scores[student] = float(row["pre"])
        after.scores[student] = float(row["post"])
        g.scores[student] = None if math.isnan(row["g"]) else 100 * float(row["g"])
    return [before, after, g], list(gain.notes)


def number(value: float | None) -> str:
    """A score as the platforms read it: plain decimal, no thousands separator."""
    if value is None or math.isnan(value):
        return ""
    rounded = round(value, 2)
    return str(int(rounded)) if rounded == int(rounded) else f"{rounded:g}"


@dataclass
class Match:
    pairs: list[tuple[dict[str, str], str]]         # (roster person, nbgrader id)
    roster_only: list[tuple[int, dict[str, str]]]   # (line, person)
    gradebook_only: list[str]


def match(roster: Roster, book: Gradebook, student_key: str) -> Match:
    if student_key not in STUDENT_KEYS:
        raise ExportError(f"--student-key must be one of {', '.join(STUDENT_KEYS)}")
    by_key: dict[str, str] = {}
    for sid, fields in book.students.items():
        value = fields[student_key].strip()
        if value:
            by_key.setdefault(value.casefold(), sid)
    pairs, roster_only, used = [], [], set()
    for line, person in zip(roster.lines, roster.people, strict=True):
        sid = by_key.get(roster.key_of(person).casefold())
        if sid is None:
            roster_only.append((line, person))
        else:
            pairs.append((person, sid))
            used.add(sid)
    return Match(pairs, roster_only, [s for s in book.students if s not in used])


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def canvas_file(roster: Roster, columns: list[Column], matched: Match) -> str:
    """Canvas's gradebook import: the identity columns as exported, a Points Possible row,
    then one row per matched student; existing "Name (id)" columns keep their header."""
    identity = [c for c in CANVAS_IDENTITY if c in roster.header]
    existing = canvas_assignment_columns(roster.header)
    headers = [existing.get(fold(c.title)) or existing.get(fold(c.name)) or c.title
               for c in columns]
    rows = [identity + headers,
            ["Points Possible"] + [""] * (len(identity) - 1) + [number(c.points) for c in columns]]
    for person, sid in matched.pairs:
        rows.append([person.get(c, "") for c in identity]
                    + [number(c.scores.get(sid)) for c in columns])
    return _csv(rows)


def moodle_file(roster: Roster, columns: list[Column], matched: Match) -> str:
    """Moodle's CSV grade import: the identifying column, then one column per grade item;
    in Moodle, map the first column to the same user field and each other to its item."""
    rows = [[roster.key] + [c.title for c in columns]]
    for person, sid in matched.pairs:
        rows.append([roster.key_of(person)] + [number(c.scores.get(sid)) for c in columns])
    return _csv(rows)


def unmatched_rows(roster: Roster, book: Gradebook, columns: list[Column],
                   matched: Match) -> list[list[str]]:
    rows = [["where", "student", "name", "what"]]
    for line, person in matched.roster_only:
        rows.append([f"{roster.platform} roster, line {line}", roster.key_of(person),
                     roster.display_name(person), "not in the gradebook: left out of the file"])
    for sid in matched.gradebook_only:
        rows.append(["gradebook", sid, book.students[sid]["name"],
                     f"not on the {roster.platform} roster: left out of the file"])
    in_file = {sid for _, sid in matched.pairs}
    for column in columns:
        for sid in column.waiting:
            if sid in in_file:
                rows.append(["gradebook", sid, book.students[sid]["name"],
                             f"{column.title}: hand grading not finished, left blank"])
        if column.name in {"knowledge_check_before", "knowledge_check_after",
                           "knowledge_check_gain"}:
            continue
        for sid in sorted(in_file - set(column.scores)):
            rows.append(["gradebook", sid, book.students[sid]["name"],
                         f"{column.title}: no submission, left blank"])
    return rows


def export(course, platform: str, roster_file: Path, out: Path | None = None,
           roster_key: str | None = None, student_key: str = "id",
           assignments: list[str] | None = None, pre_form: str = "time") -> dict:
    """Write the platform's import file and unmatched.csv; returns what was written."""
    from hrcourse.instructor.course import CourseError, course_folder

    try:
        paths = course_folder(course)
    except CourseError as err:
        raise ExportError(str(err)) from err
    try:
        text = Path(roster_file).read_bytes().decode("utf-8")
    except OSError as err:
        raise ExportError(f"cannot read {roster_file}: {err.strerror}") from err
    except UnicodeDecodeError as err:
        raw = Path(roster_file).read_bytes()
        line = raw[:err.start].count(b"\n") + 1
        raise ExportError(f"{roster_file}, line {line}: not UTF-8 text; export the CSV from "
                          f"the platform again (choose UTF-8)") from None
    source = Path(roster_file).name
    if platform == "canvas":
        roster = read_canvas(text, source, roster_key or "SIS Login ID")
    else:
        roster = read_moodle(text, source, roster_key)
    book = read_gradebook(paths, assignments)
    kc, notes = ([], []) if assignments is not None else knowledge_check_columns(paths, pre_form)
    columns = book.columns + kc
    matched = match(roster, book, student_key)
    out = Path(out) if out else paths.root / "exports"
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{platform}-grades.csv"
    body = canvas_file if platform == "canvas" else moodle_file
    from hrcourse.files import write_atomic

    write_atomic(target, body(roster, columns, matched))
    unmatched = unmatched_rows(roster, book, columns, matched)
    write_atomic(out / "unmatched.csv", _csv(unmatched))
    return {"file": target, "unmatched_file": out / "unmatched.csv", "columns": columns,
            "matched": matched, "unmatched": unmatched[1:], "notes": book.notes + notes}


def add_arguments(parser) -> None:
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--canvas", type=Path, metavar="EXPORT.csv",
                       help="Canvas's gradebook export (Grades > Export): the roster and its ids")
    which.add_argument("--moodle", type=Path, metavar="EXPORT.csv",
                       help="Moodle's grade export (Export > Plain text file): the roster")
    parser.add_argument("--course", type=Path, default=Path("."),
                        help="the course folder, with nbgrader_config.py (default: here)")
    parser.add_argument("--out", type=Path, default=None,
                        help="folder for the files (default: exports/ in the course folder)")
    parser.add_argument("--roster-key", default=None,
                        help="the roster column that holds each student's nbgrader id "
                             "(default: Canvas 'SIS Login ID'; Moodle 'Username', else "
                             "'ID number', else 'Email address')")
    parser.add_argument("--student-key", choices=STUDENT_KEYS, default="id",
                        help="what the roster column is compared with in the gradebook: the "
                             "student id (the hub user name), email or lms_user_id "
                             "(default: id)")
    parser.add_argument("--assignments", default=None,
                        help="comma-separated assignments to export (default: all, plus the "
                             "knowledge check's before, after and gain)")
    parser.add_argument("--pre-form", choices=("A", "B"), default=None,
                        help="knowledge check: the form every student took first (default: "
                             "the one each student submitted first)")


def run(args) -> int:
    platform = "canvas" if args.canvas else "moodle"
    chosen = [a.strip() for a in args.assignments.split(",") if a.strip()] \
        if args.assignments else None
    try:
        result = export(args.course, platform, args.canvas or args.moodle, args.out,
                        args.roster_key, args.student_key, chosen, args.pre_form or "time")
    except (ExportError, RosterError) as err:
        print(f"hrcourse export-grades: {err}", file=sys.stderr)
        return 1
    matched = result["matched"]
    print(f"Wrote {result['file']}: {len(matched.pairs)} students, "
          f"{len(result['columns'])} columns ({', '.join(c.title for c in result['columns'])}).")
    for note in result["notes"]:
        print(f"  {note}")
    if result["unmatched"]:
        print(f"{len(result['unmatched'])} student(s) or grade(s) need a look "
              f"(also in {result['unmatched_file']}):")
        for where, student, name, what in result["unmatched"]:
            print(f"  {where}: {student} {('(' + name + ')') if name else ''}: {what}")
    return 0
