"""A class on a JupyterHub on one machine: what hub/jupyterhub_config.py needs, apart
from JupyterHub's own settings.

- `Settings`: the class and its folders, from HRCOURSE_HUB_* environment variables;
- `write_role_configs`: the Jupyter configuration of a student and of the instructor
  (nbgrader course and exchange; formgrader for the instructor only);
- `prepare_exchange`: the shared nbgrader exchange, with the permissions nbgrader documents;
- `prepare_home`: the course copied into a new account's home, which only its owner reads;
- `write_student_course`: the student-only copy of the course every student's server runs
  from (hrcourse/instructor/student_env.py: the package, lessons and content, no key);
- `lock_course`: the repository (and the course folder) closed to other accounts, except
  the Python environment students run and the package and content instructors run;
- `blocked_dirs`/`open_dirs`: folders other accounts cannot pass through to reach the
  course environment (e.g. Python under /root), and granting passage (x only).

Run as root: `python -m hrcourse.hub serve` (what `make hub` does).
"""

from __future__ import annotations

import json
import os
import pwd
import stat
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from hrcourse.content import repo_root

ROOT = repo_root()
HUB_DIR = ROOT / "hub"
BIN = Path(sys.prefix) / "bin"
PROXY = HUB_DIR / "node_modules" / ".bin" / "configurable-http-proxy"
START_PAGE = "notebooks/00_start_here.ipynb"
# What a student's home receives on first start, and the instructor's course folder.
STUDENT_PARTS = ("notebooks",)
INSTRUCTOR_PARTS = ("source", "assignments", "nbgrader_config.py", "instructor")
COURSE_FOLDER = "course"
# What other accounts may still open in the repository and the course folder: the Python
# environment every server runs from, and the package and content (the item bank excepted)
# that the instructor's server imports from the repository. Everything else there (source/,
# data/quizzes/, nbgrader_config.py, a gradebook, .git, tests/...) is the instructor's.
OPEN_IN_REPOSITORY = (".venv", "hrcourse", "data")
CLOSED_IN_OPEN = ("data/quizzes",)
# JupyterLab's "official Jupyter news?" pop-up: nothing a class needs, and it sits over
# the page.
QUIET_LAB = ("@jupyterlab/apputils-extension:announcements",)
# nbgrader panels and server extensions a student must not have (they grade nothing).
STUDENT_HIDDEN_LAB = ("@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment",
                      "@jupyter/nbgrader:course-list")
STUDENT_HIDDEN_SERVER = ("nbgrader.server_extensions.formgrader",
                         "nbgrader.server_extensions.course_list")


def _names(value: str) -> list[str]:
    return [n for n in value.replace(",", " ").split() if n]


@dataclass
class Settings:
    """One class on one machine. Every field has an HRCOURSE_HUB_<NAME> variable."""

    state: Path = Path("/srv/hrcourse-hub")
    exchange: Path = Path("/usr/local/share/nbgrader/exchange")  # nbgrader 0.9's default
    course: Path = ROOT  # the course folder instructors' copies and the student copy come from
    ip: str = "127.0.0.1"
    port: int = 8000
    hub_port: int = 8081
    proxy_api_port: int = 8001
    instructors: list[str] = field(default_factory=list)
    students: list[str] = field(default_factory=list)
    api_token: str = ""  # a service token with admin rights (tests, scripts); off if empty
    # The exchange: "folder" (nbgrader's shared folder: file permissions keep students apart,
    # so every student needs an account of their own) or "service" (ngshare, which asks the
    # hub who is asking: any class, any number of students per uid).
    exchange_kind: str = "folder"
    ngshare_port: int = 8765
    max_submission_mb: float = 20.0

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        s = cls()
        get = lambda name: env.get(f"HRCOURSE_HUB_{name.upper()}")  # noqa: E731
        for name in ("state", "exchange", "course"):
            if get(name):
                setattr(s, name, Path(get(name)))
        for name in ("port", "hub_port", "proxy_api_port", "ngshare_port"):
            if get(name):
                setattr(s, name, int(get(name)))
        if get("max_submission_mb"):
            s.max_submission_mb = float(get("max_submission_mb"))
        for name in ("ip", "api_token", "exchange_kind"):
            if get(name):
                setattr(s, name, get(name))
        for name in ("instructors", "students"):
            if get(name):
                setattr(s, name, _names(get(name)))
        return s

    def role(self, user: str) -> str:
        return "instructor" if user in self.instructors else "student"

    def config_dir(self, role: str) -> Path:
        return self.state / "jupyter-config" / role

    @property
    def ngshare_url(self) -> str:
        """Where servers reach the exchange service (directly, not through the proxy)."""
        return f"http://127.0.0.1:{self.ngshare_port}/services/ngshare"

    @property
    def student_course(self) -> Path:
        """The student-only copy of the course that students' servers run from."""
        return self.state / "student-course"


def course_id(course: Path = ROOT) -> str:
    """The course id, from the course's own nbgrader_config.py."""
    from hrcourse.instructor.course import course_folder

    return course_folder(course).course_id


def write_role_configs(settings: Settings) -> None:
    """A Jupyter config folder per role; the spawner puts it on JUPYTER_CONFIG_PATH."""
    cid = course_id(settings.course)
    student = settings.config_dir("student")
    (student / "labconfig").mkdir(parents=True, exist_ok=True)
    (student / "nbgrader_config.py").write_text(
        "c = get_config()  # noqa: F821\n"
        f"c.CourseDirectory.course_id = {cid!r}\n" + exchange_config(settings))
    (student / "jupyter_server_config.json").write_text(json.dumps(
        {"ServerApp": {"jpserver_extensions": {e: False for e in STUDENT_HIDDEN_SERVER}}},
        indent=1))
    (student / "labconfig" / "page_config.json").write_text(json.dumps(
        {"disabledExtensions": {e: True for e in STUDENT_HIDDEN_LAB + QUIET_LAB}}, indent=1))
    instructor = settings.config_dir("instructor")
    (instructor / "labconfig").mkdir(parents=True, exist_ok=True)
    (instructor / "labconfig" / "page_config.json").write_text(json.dumps(
        {"disabledExtensions": {e: True for e in QUIET_LAB}}, indent=1))
    # The course copy's own nbgrader_config.py (root, gradebook, timeouts) is read from
    # ~/course, the second folder on the instructor's JUPYTER_CONFIG_PATH; this adds the
    # exchange.
    (instructor / "nbgrader_config.py").write_text(
        "c = get_config()  # noqa: F821\n" + exchange_config(settings))
    for folder in (student, instructor):
        for path in [folder, *folder.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)


def exchange_config(settings: Settings) -> str:
    """The lines of a server's nbgrader_config.py that choose its exchange."""
    if settings.exchange_kind == "service":
        return ("from hrcourse.exchange import use_ngshare\n"
                f"use_ngshare(c, {settings.ngshare_url!r}, "
                f"max_mb={settings.max_submission_mb!r})  # noqa: F821\n")
    if settings.exchange_kind != "folder":
        raise ValueError(f"HRCOURSE_HUB_EXCHANGE_KIND is {settings.exchange_kind!r}: "
                         "say 'folder' (a shared folder) or 'service' (ngshare)")
    return f"c.Exchange.root = {str(settings.exchange)!r}  # noqa: F821\n"


NGSHARE_DIR = HUB_DIR / "ngshare"
NGSHARE_PYTHON = NGSHARE_DIR / ".venv" / "bin" / "python"


def ngshare_service(settings: Settings) -> dict:
    """The ngshare exchange as a JupyterHub managed service (hub/ngshare/serve.py, in its
    own environment), its database and files in the hub's state folder (root only)."""
    store = settings.state / "ngshare"
    store.mkdir(parents=True, exist_ok=True)
    store.chmod(0o700)
    return {
        "name": "ngshare",
        "url": f"http://127.0.0.1:{settings.ngshare_port}",
        "command": [str(NGSHARE_PYTHON), str(NGSHARE_DIR / "serve.py")],
        "environment": {
            "HRCOURSE_NGSHARE_COURSE": course_id(settings.course),
            "HRCOURSE_NGSHARE_INSTRUCTORS": ",".join(settings.instructors),
            "HRCOURSE_NGSHARE_STUDENTS": ",".join(settings.students),
            "HRCOURSE_NGSHARE_DB": f"sqlite:///{store / 'ngshare.db'}",
            "HRCOURSE_NGSHARE_STORAGE": str(store / "files"),
            "HRCOURSE_NGSHARE_MAX_MB": str(settings.max_submission_mb),
        },
    }


def prepare_exchange(root: Path) -> None:
    """nbgrader's documented setup: `mkdir -p <exchange>; chmod ugo+rw <exchange>`; the
    release then makes inbound/ write-only and feedback/ pass-through-only for students."""
    root.mkdir(parents=True, exist_ok=True)
    root.chmod(root.stat().st_mode | 0o777)


def write_student_course(settings: Settings) -> Path:
    """The student-only copy of the course (package, lessons, content; no key), written
    anew from the course folder at every start of the hub, readable by every account."""
    from hrcourse.instructor.student_env import write_student_export

    write_student_export(settings.student_course, settings.course)
    return settings.student_course


def student_environment(settings: Settings) -> dict[str, str]:
    """What a student's server adds to its environment: Python imports the course package
    from the student copy (ahead of the repository's, which the environment's editable
    install points to), and the package reads its content there."""
    return {"PYTHONPATH": str(settings.student_course),
            "HRCOURSE_DATA": str(settings.student_course / "data")}


def lock_course(folder: Path) -> dict[Path, int]:
    """Close `folder` (the repository or a course folder) to other accounts: they may pass
    through it (x, no listing) to what OPEN_IN_REPOSITORY names, and open nothing else.
    Only the mode bits of other accounts change (owner and group keep theirs). Returns the
    previous modes of what was changed (for `restore_modes`)."""
    folder = Path(folder)
    old: dict[Path, int] = {}

    def close(path: Path, keep_x: bool = False) -> None:
        if path.is_symlink() or not path.exists():
            return
        mode = stat.S_IMODE(path.stat().st_mode)
        new = (mode & ~0o007) | (0o001 if keep_x and path.is_dir() else 0)
        if new != mode:
            old[path] = mode
            path.chmod(new)

    close(folder, keep_x=True)
    for entry in folder.iterdir():
        if entry.name not in OPEN_IN_REPOSITORY:
            close(entry)
    for part in CLOSED_IN_OPEN:
        close(folder / part)
    return old


def config_path(settings: Settings, role: str, home: Path) -> str:
    """JUPYTER_CONFIG_PATH for an account: its role's folder (the instructor's course too)."""
    folders = [settings.config_dir(role)]
    if role == "instructor":
        folders.append(home / COURSE_FOLDER)
    return os.pathsep.join(map(str, folders))


def prepare_home(user: str, role: str, settings: Settings) -> Path:
    """Copy the lessons (from the student copy) into a new account's home, and the
    instructor's material into an instructor's ~/course (never over existing work); only
    the owner may read the home (Debian's useradd makes it world-readable)."""
    from hrcourse.instructor.course import copy_course

    entry = pwd.getpwnam(user)
    home = Path(entry.pw_dir)
    new = [home, *copy_course(home, STUDENT_PARTS, source=settings.student_course)]
    if role == "instructor":
        new += copy_course(home / COURSE_FOLDER, INSTRUCTOR_PARTS, source=settings.course)
    for path in new:  # what was copied now, not the student's own files
        os.lchown(path, entry.pw_uid, entry.pw_gid)
    home.chmod(0o700)
    return home


def course_paths(settings: Settings) -> list[Path]:
    """What every account's server must reach: the student copy of the course, the
    environment and its Python (the repository only on the way to its .venv)."""
    python = Path(os.path.realpath(sys.executable))
    return [settings.student_course, Path(sys.prefix), python.parent.parent,
            ROOT / "hrcourse", ROOT / "data"]


def blocked_dirs(paths: list[Path]) -> list[Path]:
    """Folders on the way to `paths` that other accounts cannot pass through (no o+x)."""
    blocked = []
    for path in paths:
        for folder in [*reversed(Path(path).resolve().parents), Path(path).resolve()]:
            if folder.is_dir() and not folder.stat().st_mode & stat.S_IXOTH \
                    and folder not in blocked:
                blocked.append(folder)
    return blocked


def open_dirs(folders: list[Path]) -> dict[Path, int]:
    """Let other accounts pass through (x, not list) each folder; returns the old modes."""
    old = {}
    for folder in folders:
        mode = folder.stat().st_mode
        old[folder] = stat.S_IMODE(mode)
        folder.chmod(stat.S_IMODE(mode) | stat.S_IXOTH)
    return old


def restore_modes(old: dict[Path, int]) -> None:
    for folder, mode in old.items():
        folder.chmod(mode)


def jupyterhub_command() -> list[str]:
    return [str(BIN / "jupyterhub"), "-f", str(HUB_DIR / "jupyterhub_config.py")]


def serve(settings: Settings) -> int:
    """`make hub`: check what a class needs, then run JupyterHub in the foreground."""
    if os.geteuid() != 0:
        print("The hub starts each account's server as that account: run it as root "
              "(e.g. sudo make hub).", file=sys.stderr)
        return 1
    if not os.access(PROXY, os.X_OK):
        print(f"configurable-http-proxy is missing at {PROXY}: run `make hub` (it runs "
              "`npm ci --prefix hub`).", file=sys.stderr)
        return 1
    if settings.exchange_kind not in ("folder", "service"):
        print(f"HUB_EXCHANGE={settings.exchange_kind}: say HUB_EXCHANGE=folder (a shared "
              "folder) or HUB_EXCHANGE=service (the exchange service, ngshare).",
              file=sys.stderr)
        return 1
    if settings.exchange_kind == "service" and not os.access(NGSHARE_PYTHON, os.X_OK):
        print(f"The exchange service's environment is missing ({NGSHARE_PYTHON}): run "
              "`make hub HUB_EXCHANGE=service` (it runs `make ngshare`).", file=sys.stderr)
        return 1
    missing = [u for u in settings.instructors + settings.students if not _exists(u)]
    if not settings.instructors or not settings.students or missing:
        print("Name the class with existing accounts, e.g.\n"
              "  sudo make hub HUB_INSTRUCTORS=instructor HUB_STUDENTS='ana ben cy'\n"
              + (f"No such account: {', '.join(missing)}\n" if missing else ""),
              file=sys.stderr)
        return 1
    closed = {**lock_course(ROOT), **lock_course(settings.course)}
    if closed:
        print("Closed to other accounts (instructor material: no key within a student's "
              f"reach): {', '.join(sorted(map(str, closed)))}")
    settings.state.mkdir(parents=True, exist_ok=True)
    settings.state.chmod(0o755)
    write_student_course(settings)
    blocked = blocked_dirs(course_paths(settings))
    if blocked:
        print("Letting other accounts pass through (o+x, no listing) to reach the course "
              f"environment: {', '.join(map(str, blocked))}")
        open_dirs(blocked)
    return subprocess.call(jupyterhub_command(), cwd=settings.state)


def _exists(user: str) -> bool:
    try:
        pwd.getpwnam(user)
    except KeyError:
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] != ["serve"]:
        print(__doc__)
        return 2
    return serve(Settings.from_env())


if __name__ == "__main__":
    sys.exit(main())
