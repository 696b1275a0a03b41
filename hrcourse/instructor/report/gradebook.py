"""nbgrader's gradebook, read with plain SQL: one query for all grades, because nbgrader's
ORM accessors take minutes for a large class. Opened read-only."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from hrcourse.instructor.report.model import GradebookData, NoSubmissions, ReportError

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


def _connect(db: Path) -> sqlite3.Connection:
    if not db.is_file():
        raise NoSubmissions(f"no gradebook at {db}: collect and autograde submissions first "
                            f"(or point --course at the course that has one)")
    # Read-only: the report must never change grades, even by accident.
    return sqlite3.connect(f"file:{db}?mode=ro", uri=True)


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
