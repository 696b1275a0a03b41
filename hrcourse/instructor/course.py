"""A course folder as nbgrader sees it: the one place that reads nbgrader_config.py and
knows where the course's folders and gradebook are, and nbgrader's Python API for it.

The course root is the folder that holds nbgrader_config.py and the gradebook is
`<root>/gradebook.db`, whatever paths the file computes, so a temporary copy of the course
never touches the original; folder names (source/, submitted/, ...) come from the file.
Calling the API in-process avoids the ~5 s CLI start-up per command.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from traitlets import Unicode
from traitlets.config import Configurable

CONFIG_FILE = "nbgrader_config.py"
GRADEBOOK = "gradebook.db"
# What a copy of the course holds by default: the lessons, the quizzes and nbgrader's
# configuration (the package reads data/ from the repository it is installed from).
COURSE_PARTS = ("notebooks", "source", "assignments", CONFIG_FILE)
# Never copied: a learner's own answers, editor checkpoints and caches.
NOT_COPIED = (".ipynb_checkpoints", "*.answers.json", "__pycache__")


class QuizBank(Configurable):
    """The item bank's settings in nbgrader_config.py (read by `settings` only):

        c.QuizBank.term_salt = "2027-spring"
        c.QuizBank.private_bank = "/home/me/private-bank"
    """

    term_salt = Unicode("", config=True,
                        help="Mixed into every student's draw of variants and option order: "
                             "a new salt each term gives a new draw, so keys shared in one "
                             "term do not serve the next. Not a secret; it is written into "
                             "the quizzes' setup cell.")
    private_bank = Unicode("", config=True,
                           help="A folder OUTSIDE the repository holding YAML files in the "
                                "format of data/quizzes/: their slots replace the public ones "
                                "with the same id and add the others. Relative paths are "
                                "relative to the course folder.")


@dataclass(frozen=True)
class BankSettings:
    salt: str
    private: Path | None


def bank_settings(root: Path) -> BankSettings:
    """The course's term salt and private bank folder (CourseError if the file cannot be
    read)."""
    settings = QuizBank(config=read_config(Path(root)))
    private = None
    if settings.private_bank:
        private = Path(settings.private_bank).expanduser()
        private = private if private.is_absolute() else Path(root) / private
    return BankSettings(settings.term_salt, private)


class CourseError(ValueError):
    """Not a course folder, or its nbgrader_config.py cannot be read; says which and where."""


@dataclass(frozen=True)
class CourseFolder:
    """Where a course keeps its gradebook and its source, submitted and autograded folders."""

    root: Path
    db: Path
    source: Path
    submitted: Path
    autograded: Path
    course_id: str

    @property
    def db_url(self) -> str:
        return gradebook_url(self.db)


def gradebook_url(db: Path) -> str:
    """The SQLAlchemy URL of an SQLite gradebook file."""
    return f"sqlite:///{db}"


def copy_course(target: Path, parts: tuple[str, ...] = COURSE_PARTS,
                source: Path | None = None) -> list[Path]:
    """Copy `parts` of the course (folders or files, relative to its root) into `target`;
    a part missing from the course or already in `target` is left alone, so nobody's work
    is overwritten. Returns every folder and file created, `target` included if new."""
    import shutil

    from hrcourse.content import repo_root

    source, target = Path(source or repo_root()), Path(target)
    created = [] if target.exists() else [target]
    target.mkdir(parents=True, exist_ok=True)
    for part in parts:
        src, dest = source / part, target / part
        if dest.exists() or not src.exists():
            continue
        for parent in reversed(dest.relative_to(target).parents[:-1]):
            if not (target / parent).exists():
                (target / parent).mkdir()
                created.append(target / parent)
        if src.is_dir():
            shutil.copytree(src, dest, ignore=shutil.ignore_patterns(*NOT_COPIED))
            created += [dest, *sorted(dest.rglob("*"))]
        else:
            shutil.copy2(src, dest)
            created.append(dest)
    return created


def read_config(root: Path):
    """The course's nbgrader_config.py as a traitlets Config (CourseError if it cannot be)."""
    from traitlets.config.loader import PyFileConfigLoader

    root = Path(root)
    if not (root / CONFIG_FILE).is_file():
        raise CourseError(f"{root} is not a course folder: it has no {CONFIG_FILE} "
                          f"(point --course at the folder that has it)")
    try:
        return PyFileConfigLoader(CONFIG_FILE, path=str(root)).load_config()
    except Exception as err:  # the instructor's own Python file: any error can happen
        raise CourseError(f"{root / CONFIG_FILE} could not be read: {err}") from err


def course_folder(root: Path | str) -> CourseFolder:
    """The course's folders and gradebook (CourseError if `root` is not a course folder)."""
    root = Path(root).expanduser().resolve()
    cd = read_config(root).CourseDirectory

    def folder(name: str, default: str) -> Path:
        return root / (cd[name] if name in cd else default)

    return CourseFolder(root=root, db=root / GRADEBOOK,
                        source=folder("source_directory", "source"),
                        submitted=folder("submitted_directory", "submitted"),
                        autograded=folder("autograded_directory", "autograded"),
                        course_id=str(cd.course_id) if "course_id" in cd else "")


def ensure_tools_on_path() -> None:
    """nbgrader shells out to `alembic` when it creates a gradebook: make sure the
    environment's bin/ is on PATH even when the interpreter was started by full path."""
    bindir = str(Path(sys.executable).parent)
    if bindir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bindir + os.pathsep + os.environ.get("PATH", "")


def load_config(root: Path, **overrides):
    """The course's configuration with its root and gradebook pinned to `root` (see above),
    plus `overrides` given as {"Section.name": value}."""
    from traitlets.config import Config

    config = read_config(root)
    config.CourseDirectory.root = str(root)
    config.CourseDirectory.db_url = gradebook_url(Path(root) / GRADEBOOK)
    extra = Config()
    for dotted, value in overrides.items():
        section, _, name = dotted.rpartition(".")
        setattr(extra[section], name, value)
    config.merge(extra)
    return config


def api(root: Path, **overrides):
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    ensure_tools_on_path()
    config = load_config(Path(root), **overrides)
    return NbGraderAPI(CourseDirectory(config=config), config=config)


def assignments(root: Path) -> list[str]:
    source = Path(root) / "source"
    return sorted(p.name for p in source.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


def generate_all(root: Path) -> dict[str, dict]:
    """Regenerate every student version in assignments/ from source/."""
    handle = api(root)
    results = {}
    for name in assignments(root):
        result = handle.generate_assignment(name, force=True)
        if not result.get("success"):
            raise RuntimeError(f"nbgrader generate_assignment {name} failed:\n"
                               f"{result.get('error') or result.get('log')}")
        results[name] = result
    return results
