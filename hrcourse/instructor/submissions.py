"""Finding submissions, deciding what is new, and staging a safe copy to grade.

Grading never reads from or writes to submitted/ directly: each submission is copied
to a staging folder first, where a notebook that is not valid JSON is replaced by the
released version with a note, so the student's clicked answers (saved beside it) are
still graded and the batch goes on.

A submission's files are a stranger's files, and the grader copies them with the
instructor's rights: only regular files are copied, never through a symbolic link (a link
to source/ would hand the keys to the student's notebook), never a pipe (reading one
waits forever), a device or a socket, and none larger than nbgrader's
`CourseDirectory.max_file_size`. What is left out is named in the student's feedback.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
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


LEFT_OUT_NOTE = (
    "**Note from the grader:** some files of your submission were not graded: {files}. "
    "Only ordinary files are read; ask your instructor if you need one of them graded.")
MAX_FILE_KB = 100_000  # nbgrader's CourseDirectory.max_file_size default


def _kind(mode: int) -> str | None:
    """Why an entry that is not a regular file or folder is left out, or None."""
    if stat.S_ISLNK(mode):
        return "a link"
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return None


def _copy_regular(source: Path, dest: Path, limit: int) -> str | None:
    """Copy one regular file without following a link; a reason if it was left out."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(source, flags)
    except OSError as err:
        return f"could not be read ({err.strerror})"
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):  # swapped after the check: not copied either
            return "is not an ordinary file"
        if info.st_size > limit:
            return f"is larger than {limit // 1_000_000} MB"
        with open(dest, "wb") as out:
            shutil.copyfileobj(handle, out)
    return None


def copy_submission(source: Path, dest: Path, max_file_kb: int = MAX_FILE_KB,
                    prefix: str = "") -> list[str]:
    """Copy regular files and folders only; returns what was left out and why."""
    left_out = []
    dest.mkdir(parents=True)
    for entry in sorted(os.scandir(source), key=lambda e: e.name):
        path, name = Path(entry.path), prefix + entry.name
        mode = entry.stat(follow_symlinks=False).st_mode
        kind = _kind(mode)
        if kind:
            left_out.append(f"`{name}` ({kind})")
        elif stat.S_ISDIR(mode):
            left_out += copy_submission(path, dest / entry.name, max_file_kb, name + "/")
        elif stat.S_ISREG(mode):
            reason = _copy_regular(path, dest / entry.name, max_file_kb * 1000)
            if reason:
                left_out.append(f"`{name}` ({reason})")
    return left_out


def _note_left_out(folder: Path, release: Path, left_out: list[str]) -> None:
    for released in sorted(release.glob("*.ipynb")):
        mine = folder / released.name
        if not mine.exists() or notebook_problem(mine):
            continue
        nb = nbformat.read(mine, as_version=4)
        note = nbformat.v4.new_markdown_cell(LEFT_OUT_NOTE.format(files=", ".join(left_out)))
        note["id"] = "grader-left-out-note"
        nb.cells.insert(0, note)
        nbformat.write(nb, mine)


def stage(submission: Submission, release: Path, target: Path,
          max_file_kb: int = MAX_FILE_KB) -> list[str]:
    """Copy a submission to target/<student>/<assignment>, repairing unreadable notebooks.

    Returns plain notes about what was repaired or left out (empty if nothing)."""
    dest = target / submission.student / submission.path.name
    if dest.exists():
        shutil.rmtree(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    left_out = copy_submission(submission.path, dest, max_file_kb)
    notes = [f"left out {', '.join(left_out)}"] if left_out else []
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
    if left_out:
        _note_left_out(dest, release, left_out)
    return notes
