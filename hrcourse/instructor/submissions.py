"""Finding submissions, deciding what is new, and staging a safe copy to grade.

Grading never reads from or writes to submitted/ directly: each submission is copied
to a staging folder first, where a notebook that is not valid JSON is replaced by the
released version with a note, so the student's clicked answers (saved beside it) are
still graded and the batch goes on.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import nbformat

REPAIR_NOTE = (
    "**Note from the grader:** your submitted notebook `{name}` could not be opened "
    "({reason}). It was replaced by a fresh copy of the quiz so that your clicked answers, "
    "saved in the answers file beside it, could still be graded. Anything typed into the "
    "notebook itself (written answers, typed answers) could not be recovered: please "
    "talk to your instructor.")


@dataclass(frozen=True)
class Submission:
    student: str
    path: Path  # submitted/<student>/<assignment>
    timestamp: str | None


def read_timestamp(folder: Path) -> str | None:
    stamp = folder / "timestamp.txt"
    try:
        return stamp.read_text(encoding="utf-8").strip() or None
    except (FileNotFoundError, UnicodeDecodeError):
        return None


def find(course: Path, assignment: str) -> list[Submission]:
    base = course / "submitted"
    if not base.is_dir():
        return []
    return [Submission(s.name, s / assignment, read_timestamp(s / assignment))
            for s in sorted(base.iterdir())
            if (s / assignment).is_dir() and not s.name.startswith(".")]


def notebook_problem(path: Path) -> str | None:
    """Why nbgrader could not read this notebook, or None if it can."""
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return "it is not text"
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as err:
        return f"it is not valid JSON: {err.msg} at line {err.lineno}"
    try:
        nbformat.validate(nbformat.from_dict(data))
    except Exception as err:  # nbformat raises several kinds for a broken structure
        return f"it is not a valid notebook ({str(err).splitlines()[0][:120]})"
    return None


def stage(submission: Submission, release: Path, target: Path) -> list[str]:
    """Copy a submission to target/<student>/<assignment>, repairing unreadable notebooks.

    Returns plain notes about what was repaired (empty if nothing)."""
    dest = target / submission.student / submission.path.name
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(submission.path, dest, symlinks=False)
    notes = []
    for released in sorted(release.glob("*.ipynb")):
        mine = dest / released.name
        if not mine.exists():
            continue  # nbgrader itself scores a missing notebook as zero
        problem = notebook_problem(mine)
        if problem is None:
            continue
        mine.rename(mine.with_name(mine.name + ".unreadable"))
        fresh = nbformat.read(released, as_version=4)
        note = nbformat.v4.new_markdown_cell(REPAIR_NOTE.format(name=released.name,
                                                                reason=problem))
        note["id"] = "grader-repair-note"
        fresh.cells.insert(0, note)
        nbformat.write(fresh, mine)
        notes.append(f"{released.name}: {problem}; graded from the saved answers")
    return notes
