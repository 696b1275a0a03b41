"""Copy graded submissions from a worker's gradebook into the course gradebook.

Everything autograde records per submission is copied: the submission timestamp, and
for each notebook its flag and late penalty, every grade (auto, manual, extra credit,
needs-manual-grade) and every comment. The course gradebook is changed only through a
copy that replaces it atomically at the end, so a crash leaves it as it was.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

from nbgrader.api import Gradebook

from hrcourse.instructor.course import gradebook_url

GRADE_FIELDS = ("auto_score", "manual_score", "extra_credit", "needs_manual_grade")
COMMENT_FIELDS = ("auto_comment", "manual_comment")


def snapshot(db: Path, target: Path) -> Path:
    """A consistent copy of an SQLite gradebook (safe even if it is open elsewhere)."""
    if not db.exists():
        raise FileNotFoundError(f"no gradebook at {db}: run `nbgrader generate_assignment` "
                                f"first")
    source, dest = sqlite3.connect(db), sqlite3.connect(target)
    with dest:
        source.backup(dest)
    source.close()
    dest.close()
    return target


def copy_submission(src: Gradebook, dst: Gradebook, assignment: str, student: str) -> None:
    sub = src.find_submission(assignment, student)
    info = src.find_student(student)
    dst.update_or_create_student(student, first_name=info.first_name,
                                 last_name=info.last_name, email=info.email,
                                 lms_user_id=info.lms_user_id)
    dst.update_or_create_submission(assignment, student, timestamp=sub.timestamp)
    for notebook in sub.notebooks:
        target = dst.find_submission_notebook(notebook.name, assignment, student)
        target.flagged = notebook.flagged
        target.late_submission_penalty = notebook.late_submission_penalty
        for grade in notebook.grades:
            other = dst.find_grade(grade.name, notebook.name, assignment, student)
            for field in GRADE_FIELDS:
                setattr(other, field, getattr(grade, field))
        for comment in notebook.comments:
            other = dst.find_comment(comment.name, notebook.name, assignment, student)
            for field in COMMENT_FIELDS:
                setattr(other, field, getattr(comment, field))
    dst.db.commit()


def merge(course_db: Path, parts: list[tuple[Path, list[str]]], assignment: str,
          workdir: Path) -> None:
    """Merge each (worker gradebook, students it graded) into the course gradebook."""
    merged = snapshot(course_db, workdir / "merged.db")
    with Gradebook(gradebook_url(merged)) as dst:
        for db, students in parts:
            with Gradebook(gradebook_url(db)) as src:
                for student in students:
                    copy_submission(src, dst, assignment, student)
    os.replace(merged, course_db)


def install_autograded(worker_autograded: Path, course_autograded: Path, student: str,
                       assignment: str) -> None:
    """Move a student's freshly autograded folder into the course, replacing the old one."""
    source = worker_autograded / student / assignment
    target = course_autograded / student / assignment
    if target.exists():
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(source), str(target))
