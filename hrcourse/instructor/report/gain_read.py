"""Reading the knowledge check's two forms from the gradebook for the gain view: each form's
items (from source/) and points, and when each student submitted it (which says which form
was their pre-test). The statistics are in gain.py."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from hrcourse.instructor.report.class_stats import grade_points, point_matrix
from hrcourse.instructor.report.gain import FormResults, Gain, learning_gain
from hrcourse.instructor.report.gradebook import read_gradebook
from hrcourse.instructor.report.items import load_items, merge_items
from hrcourse.instructor.report.model import NoSubmissions, ReportError

SQL_TIMES = """
SELECT sa.student_id, sa.timestamp FROM submitted_assignment sa
JOIN assignment a ON a.id = sa.assignment_id WHERE a.name = ?
"""


def _when(value) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def submission_times(db: Path, assignment: str) -> dict[str, datetime | None]:
    """student -> when nbgrader recorded their submission (None if it has no time)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)  # read-only, as the report
    try:
        return {s: _when(t) for s, t in conn.execute(SQL_TIMES, (assignment,))}
    except sqlite3.DatabaseError as err:
        raise ReportError(f"{db} is not a readable nbgrader gradebook: {err}") from err
    finally:
        conn.close()


def read_form(paths, form: str, assignment: str):
    """(FormResults, roster) for one form, or None if the gradebook has no submission.
    `paths`: the course's folders (course_paths(); its `db` and `source` are used)."""
    data = read_gradebook(paths.db, assignment)
    if not data.submitted:
        return None
    items, _notes = merge_items(load_items(paths.source, assignment), data.cells)
    items = [i for i in items if i.number is not None]  # the form's click items, in order
    points = point_matrix(grade_points(data.grades), sorted(data.submitted),
                          [i.id for i in items])
    return (FormResults(form, assignment, items, points, submission_times(paths.db, assignment)),
            data.roster)


def class_gain(paths, assignment: str, order: str = "time"
               ) -> tuple[Gain | None, list[str]]:
    """The gain view for a report on one of the knowledge check's forms: (gain, notes).
    No gain (None) for any other assignment, or until both forms have submissions; the
    note then says what is missing."""
    from hrcourse.instructor.knowledge_check import ASSIGNMENTS, form_of

    if form_of(assignment) is None:
        return None, []
    read, missing = {}, []
    for form, name in ASSIGNMENTS.items():
        try:
            read[form] = read_form(paths, form, name)
        except NoSubmissions:
            read[form] = None
        if read[form] is None:
            missing.append(name)
    if missing:
        return None, [f"The learning gain appears here once both knowledge-check forms have "
                      f"been graded; {' and '.join(missing)} "
                      f"{'has' if len(missing) == 1 else 'have'} no graded submission yet."]
    (a, roster), (b, _) = read["A"], read["B"]
    result = learning_gain(a, b, roster, order)
    return result, []
