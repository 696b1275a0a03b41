"""The student-only copy of the course (hrcourse/instructor/student_env.py): what a
student's server runs from on the class hub, and what the student image is built from.
It holds no instructor material and no key, and the lessons run from it alone."""

from __future__ import annotations

import json
import secrets
import subprocess
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from hrcourse.instructor.course import copy_course
from hrcourse.instructor.student_env import (
    ExportError,
    instructor_material,
    write_image_context,
    write_student_export,
)

ROOT = Path(__file__).resolve().parent.parent
CANARY = "hrcourse-canary-" + secrets.token_hex(8)


@pytest.fixture
def course(tmp_path):
    """A copy of the course with CANARY in every hidden test, bank file and the config."""
    folder = tmp_path / "course"
    copy_course(folder, ("notebooks", "source", "assignments", "nbgrader_config.py", "data"))
    for path in (folder / "source").rglob("*.ipynb"):
        nb = json.loads(path.read_text())
        for cell in nb["cells"]:
            cell["source"] = "".join(cell["source"]).replace(
                "### BEGIN HIDDEN TESTS\n", f"### BEGIN HIDDEN TESTS\n# {CANARY}\n")
        path.write_text(json.dumps(nb))
    for path in [*(folder / "data" / "quizzes").glob("*.yml"), folder / "nbgrader_config.py"]:
        path.write_text(path.read_text() + f"\n# {CANARY}\n")
    (folder / "gradebook.db").write_bytes(b"SQLite " + CANARY.encode())
    return folder


def grep(pattern: str, folder: Path) -> list[str]:
    found = subprocess.run(["grep", "-rlaF", pattern, str(folder)], capture_output=True,
                           text=True)
    return found.stdout.split()


def test_the_export_holds_the_lessons_and_the_package_and_no_instructor_material(
        course, tmp_path):
    assert grep(CANARY, course)  # planted where the keys are
    target = tmp_path / "student"
    write_student_export(target, course)
    names = sorted(p.name for p in target.iterdir())
    assert names == ["LICENSE", "README.md", "STUDENT-EXPORT.txt", "assignments", "data",
                     "hrcourse", "notebooks", "pyproject.toml"]
    assert instructor_material(target) == []
    assert not (target / "data" / "quizzes").exists()
    assert not grep(CANARY, target)
    for folder in ("notebooks", "assignments", "data"):  # (the package's code names it)
        assert not grep("BEGIN HIDDEN TESTS", target / folder)
    # the lessons and the student versions of every quiz, as in the course
    assert sorted(p.name for p in (target / "notebooks").glob("*.ipynb")) == \
        sorted(p.name for p in (course / "notebooks").glob("*.ipynb"))
    assert sorted(p.name for p in (target / "assignments").iterdir()) == \
        sorted(p.name for p in (course / "assignments").iterdir())
    # readable by every account, writable by none but the owner
    assert all(p.stat().st_mode & 0o777 in (0o755, 0o644) for p in target.rglob("*"))


def test_a_folder_that_is_not_an_export_is_never_overwritten(course, tmp_path):
    work = tmp_path / "mine"
    work.mkdir()
    (work / "notes.txt").write_text("my notes")
    with pytest.raises(ExportError, match="not empty and is not a student export"):
        write_student_export(work, course)
    assert (work / "notes.txt").read_text() == "my notes"
    with pytest.raises(ExportError, match="course folder"):
        write_student_export(course / "export", course)
    # a previous export is replaced
    write_student_export(tmp_path / "again", course)
    (tmp_path / "again" / "notebooks" / "stale.ipynb").write_text("{}")
    write_student_export(tmp_path / "again", course)
    assert not (tmp_path / "again" / "notebooks" / "stale.ipynb").exists()


def test_the_image_context_is_the_export_a_lock_and_a_dockerfile(course, tmp_path):
    context = write_image_context(tmp_path / "image", course)
    assert sorted(p.name for p in context.iterdir()) == [
        "Dockerfile", "course", "exchange-client.lock", "requirements.lock"]
    assert (context / "requirements.lock").read_text() == \
        (ROOT / "requirements.lock").read_text()
    dockerfile = (context / "Dockerfile").read_text()
    assert "COPY --chown=root:root course /srv/course" in dockerfile
    assert "--no-deps -r /tmp/exchange-client.lock" in dockerfile
    # the package reads data/ beside it: installed in place, its content named
    assert "--no-deps -e /srv/course" in dockerfile
    assert "ENV HRCOURSE_DATA=/srv/course/data" in dockerfile
    assert not grep(CANARY, context)


@pytest.mark.kernel
def test_a_lesson_runs_from_the_export_alone(course, tmp_path, monkeypatch):
    """A student's kernel imports the package of the export and reads its content there:
    with the repository's data/ moved out of reach (HRCOURSE_DATA unset, the export on
    PYTHONPATH), the start page runs top to bottom."""
    target = tmp_path / "student"
    write_student_export(target, course)
    monkeypatch.delenv("HRCOURSE_DATA", raising=False)
    monkeypatch.setenv("PYTHONPATH", str(target))
    nb = nbformat.read(target / "notebooks" / "00_start_here.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(
        "import hrcourse, hrcourse.content as c\nprint(hrcourse.__file__)\nprint(c.data_dir())"))
    NotebookClient(nb, timeout=180, kernel_name="python3",
                   resources={"metadata": {"path": str(target / "notebooks")}},
                   extra_arguments=["--HistoryManager.hist_file=:memory:"]).execute()
    printed = "".join(o.get("text", "") for o in nb.cells[-1].outputs).split()
    assert printed == [str(target / "hrcourse" / "__init__.py"), str(target / "data")]
    errors = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs
              if o.output_type == "error"]
    assert not errors, errors


def test_the_hub_closes_the_course_to_other_accounts_but_for_the_environment(tmp_path):
    """hrcourse.hub.lock_course: other accounts may pass through the folder (no listing)
    to .venv, hrcourse/ and data/, and open nothing else; data/quizzes is closed; the
    owner's and group's bits are kept; the previous modes come back with restore_modes."""
    from hrcourse.hub import lock_course, restore_modes

    folder = tmp_path / "repo"
    for name in (".venv/bin", "hrcourse", "data/quizzes", "data/lessons", "source/quiz",
                 ".git", "tests", "docs"):
        (folder / name).mkdir(parents=True)
    for name in ("nbgrader_config.py", "gradebook.db", "README.md"):
        (folder / name).write_text("x")
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o775 if path.is_dir() else 0o664)
    old = lock_course(folder)

    def mode(name):
        return (folder / name).stat().st_mode & 0o777

    assert mode(".") == 0o771
    for name in (".venv", "hrcourse", "data", "data/lessons", "source/quiz"):
        assert mode(name) == 0o775, name  # open, or closed above (source/)
    for name in ("source", "data/quizzes", ".git", "tests", "docs"):
        assert mode(name) == 0o770, name
    for name in ("nbgrader_config.py", "gradebook.db", "README.md"):
        assert mode(name) == 0o660, name
    assert lock_course(folder) == {}  # again: nothing more to close
    restore_modes(old)
    assert all(p.stat().st_mode & 0o777 in (0o775, 0o664) for p in [folder, *folder.rglob("*")])
