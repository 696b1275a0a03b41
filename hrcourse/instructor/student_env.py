"""What a student's server may hold, and nothing else: a student-only copy of the course.

A student's server must run from files that hold no key. The repository holds the
instructor's material next to the lessons: `source/` (every hidden test, so every key),
`data/quizzes/` (the item bank, keys included), the instructor's `nbgrader_config.py` and
gradebook. `write_student_export(target)` copies what a learner needs, and only that:

- the course package (`hrcourse/`, code only: it holds no key) and its metadata, so
  `import hrcourse` and `pip install` work from the copy;
- `data/` without the item bank (the package reads lessons, cases and datasets from the
  `data/` next to it at run time; a student's quiz notebook carries its own questions);
- `notebooks/` (the lessons) and `assignments/` (nbgrader's student versions: hidden tests
  removed).

The knowledge check (`data/knowledge_check.yml`) goes in without its keys and feedback
(`keys_withheld`): in a class the instructor grades its two forms in nbgrader, so the start
page and the last lesson save a student's answers and show no score (a self-paced learner,
with the whole repository, gets instant scores and feedback as before).

`python -m hrcourse.instructor.student_env TARGET` (`make student-export`) writes it;
`--docker` adds the Dockerfile of a student image (`make student-image-context`).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from hrcourse.instructor.course import CONFIG_FILE, GRADEBOOK

# Copied from the course folder (lessons, student versions, content).
COURSE_PARTS = ("notebooks", "assignments", "data")
# Copied from the folder the package is installed from (its code and how to install it).
PACKAGE_PARTS = ("hrcourse", "pyproject.toml", "README.md", "LICENSE")
BANK = "data/quizzes"  # the item bank: keys
# Never in a student's copy, wherever they sit: keys, the instructor's settings and grades.
INSTRUCTOR_ONLY = ("source", BANK, CONFIG_FILE, GRADEBOOK, "instructor",
                   "submitted", "autograded", "feedback", "release")
NOT_COPIED = (".ipynb_checkpoints", "*.answers.json", "__pycache__", "*.pyc", CONFIG_FILE,
              GRADEBOOK)
MARKER = "STUDENT-EXPORT.txt"


class ExportError(ValueError):
    """The target cannot receive a student export; says why."""


def package_root() -> Path:
    """The folder the course package is installed from (holds hrcourse/, pyproject.toml)."""
    import hrcourse

    return Path(hrcourse.__file__).resolve().parent.parent


def write_student_export(target: Path, course: Path | None = None) -> list[Path]:
    """Write a student-only copy of the course into `target` (empty or a previous export,
    which is replaced). `course`: the course folder (default: the package's repository).
    Returns the top-level entries written."""
    from hrcourse.content import repo_root

    target = Path(target)
    course = Path(course or repo_root())
    if target.exists() and any(target.iterdir()) and not (target / MARKER).exists():
        raise ExportError(f"{target} is not empty and is not a student export: choose an "
                          "empty or new folder (nothing in it was changed)")
    where, home = target.resolve(), course.resolve()
    if where in (home, *home.parents) or home in where.parents:
        raise ExportError(f"{target} is the course folder, inside it or holds it: choose "
                          "a folder outside the course")
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    ignore = shutil.ignore_patterns(*NOT_COPIED)
    for part in PACKAGE_PARTS:
        src = package_root() / part
        if src.is_dir():
            shutil.copytree(src, target / part, ignore=ignore)
        elif src.is_file():
            shutil.copy2(src, target / part)
    for part in COURSE_PARTS:
        src = course / part
        if src.is_dir():
            shutil.copytree(src, target / part, ignore=ignore)
    shutil.rmtree(target / BANK, ignore_errors=True)
    from hrcourse.content.knowledge_check import FILE as CHECK_FILE
    from hrcourse.content.knowledge_check import write_student_copy

    if (course / "data" / CHECK_FILE).is_file():
        write_student_copy(course / "data" / CHECK_FILE, target / "data" / CHECK_FILE)
    (target / MARKER).write_text(
        "A student-only copy of the course, written by `make student-export`\n"
        "(hrcourse/instructor/student_env.py): lessons, content and the course package,\n"
        "without source/, data/quizzes/, nbgrader_config.py or a gradebook.\n"
        "Regenerate it; do not edit it.\n", encoding="utf-8")
    leaks = instructor_material(target)
    if leaks:  # a guard on this function itself: never hand out a copy with keys in it
        shutil.rmtree(target)
        raise ExportError(f"instructor material ended up in the export: {leaks}")
    for path in [target, *target.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return sorted(target.iterdir())


def instructor_material(folder: Path) -> list[str]:
    """The instructor-only entries found in `folder` (relative paths), at any depth."""
    folder = Path(folder)
    found = []
    for part in INSTRUCTOR_ONLY:
        name = Path(part).name
        for path in folder.rglob(name):
            rel = path.relative_to(folder).as_posix()
            if rel == part or rel.endswith("/" + part) and not rel.startswith("hrcourse/"):
                found.append(rel)
    return sorted(found)


DOCKERFILE = """\
# The student image: the course package, lessons and content, and no instructor material
# (written by `make student-image-context`; docs/instructor-guide.md, Zero to JupyterHub).
# Build: docker build -t <registry>/harm-reduction-course:student-<tag> .
FROM quay.io/jupyter/base-notebook:python-3.11
COPY --chown=root:root requirements.lock exchange-client.lock /tmp/
RUN pip install --no-cache-dir -r /tmp/requirements.lock \
 && pip install --no-cache-dir --no-deps -r /tmp/exchange-client.lock
COPY --chown=root:root course /srv/course
# Editable: the package reads its content from the data/ beside it (/srv/course/data).
RUN pip install --no-cache-dir --no-deps -e /srv/course \\
 && chmod -R a+rX,go-w /srv/course
ENV HRCOURSE_DATA=/srv/course/data
# The home volume hides the image's home: values.yaml copies the lessons in on start.
WORKDIR /home/jovyan
"""


def write_image_context(target: Path, course: Path | None = None) -> Path:
    """A Docker build context for the student image: `course/` (the student export), the
    environment's lock, the exchange client's lock (hub/ngshare/client.lock: ngshare's
    nbgrader client, installed without its stale pins) and a Dockerfile."""
    target = Path(target)
    if target.exists() and any(target.iterdir()) and not (target / "Dockerfile").exists():
        raise ExportError(f"{target} is not empty and is not an image context: choose an "
                          "empty or new folder")
    target.mkdir(parents=True, exist_ok=True)
    write_student_export(target / "course", course)
    shutil.copy2(package_root() / "requirements.lock", target / "requirements.lock")
    shutil.copy2(package_root() / "hub" / "ngshare" / "client.lock",
                 target / "exchange-client.lock")
    (target / "Dockerfile").write_text(DOCKERFILE, encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m hrcourse.instructor.student_env",
        description="Write a student-only copy of the course (no keys).")
    parser.add_argument("target", type=Path)
    parser.add_argument("--course", type=Path, default=None,
                        help="the course folder (default: this repository)")
    parser.add_argument("--docker", action="store_true",
                        help="write a Docker build context for the student image")
    args = parser.parse_args(argv)
    try:
        if args.docker:
            write_image_context(args.target, args.course)
            print(f"student image context in {args.target} (docker build {args.target})")
        else:
            write_student_export(args.target, args.course)
            print(f"student-only copy of the course in {args.target}")
    except (ExportError, OSError) as err:
        print(f"student export: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
