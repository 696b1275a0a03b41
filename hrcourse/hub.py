"""A class on a JupyterHub on one machine: what hub/jupyterhub_config.py needs, apart
from JupyterHub's own settings.

- `Settings`: the class and its folders, from HRCOURSE_HUB_* environment variables;
- `write_role_configs`: the Jupyter configuration of a student and of the instructor
  (nbgrader course and exchange; formgrader for the instructor only);
- `prepare_exchange`: the shared nbgrader exchange, with the permissions nbgrader documents;
- `prepare_home`: the course copied into a new account's home, which only its owner reads;
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
    ip: str = "127.0.0.1"
    port: int = 8000
    hub_port: int = 8081
    proxy_api_port: int = 8001
    instructors: list[str] = field(default_factory=list)
    students: list[str] = field(default_factory=list)
    api_token: str = ""  # a service token with admin rights (tests, scripts); off if empty

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        s = cls()
        get = lambda name: env.get(f"HRCOURSE_HUB_{name.upper()}")  # noqa: E731
        for name in ("state", "exchange"):
            if get(name):
                setattr(s, name, Path(get(name)))
        for name in ("port", "hub_port", "proxy_api_port"):
            if get(name):
                setattr(s, name, int(get(name)))
        for name in ("ip", "api_token"):
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


def course_id() -> str:
    """The course id, from the course's own nbgrader_config.py."""
    from hrcourse.instructor.course import course_folder

    return course_folder(ROOT).course_id


def write_role_configs(settings: Settings) -> None:
    """A Jupyter config folder per role; the spawner puts it on JUPYTER_CONFIG_PATH."""
    cid = course_id()
    student = settings.config_dir("student")
    (student / "labconfig").mkdir(parents=True, exist_ok=True)
    (student / "nbgrader_config.py").write_text(
        "c = get_config()  # noqa: F821\n"
        f"c.CourseDirectory.course_id = {cid!r}\n"
        f"c.Exchange.root = {str(settings.exchange)!r}\n")
    (student / "jupyter_server_config.json").write_text(json.dumps(
        {"ServerApp": {"jpserver_extensions": {e: False for e in STUDENT_HIDDEN_SERVER}}},
        indent=1))
    (student / "labconfig" / "page_config.json").write_text(json.dumps(
        {"disabledExtensions": {e: True for e in STUDENT_HIDDEN_LAB}}, indent=1))
    instructor = settings.config_dir("instructor")
    instructor.mkdir(parents=True, exist_ok=True)
    # The course copy's own nbgrader_config.py (root, gradebook, timeouts) is read from
    # ~/course, the second folder on the instructor's JUPYTER_CONFIG_PATH; this adds the
    # exchange.
    (instructor / "nbgrader_config.py").write_text(
        "c = get_config()  # noqa: F821\n"
        f"c.Exchange.root = {str(settings.exchange)!r}\n")
    for folder in (student, instructor):
        for path in [folder, *folder.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)


def prepare_exchange(root: Path) -> None:
    """nbgrader's documented setup: `mkdir -p <exchange>; chmod ugo+rw <exchange>`; the
    release then makes inbound/ write-only and feedback/ pass-through-only for students."""
    root.mkdir(parents=True, exist_ok=True)
    root.chmod(root.stat().st_mode | 0o777)


def config_path(settings: Settings, role: str, home: Path) -> str:
    """JUPYTER_CONFIG_PATH for an account: its role's folder (the instructor's course too)."""
    folders = [settings.config_dir(role)]
    if role == "instructor":
        folders.append(home / COURSE_FOLDER)
    return os.pathsep.join(map(str, folders))


def prepare_home(user: str, role: str) -> Path:
    """Copy the course into a new account's home (never over existing work); only the owner
    may read the home (Debian's useradd makes it world-readable)."""
    from hrcourse.instructor.course import copy_course

    entry = pwd.getpwnam(user)
    home = Path(entry.pw_dir)
    new = [home, *copy_course(home, STUDENT_PARTS)]
    if role == "instructor":
        new += copy_course(home / COURSE_FOLDER, INSTRUCTOR_PARTS)
    for path in new:  # what was copied now, not the student's own files
        os.lchown(path, entry.pw_uid, entry.pw_gid)
    home.chmod(0o700)
    return home


def course_paths() -> list[Path]:
    """What every account's server must read: the course, its environment, its Python."""
    python = Path(os.path.realpath(sys.executable))
    return [ROOT, Path(sys.prefix), python.parent.parent]


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
    missing = [u for u in settings.instructors + settings.students if not _exists(u)]
    if not settings.instructors or not settings.students or missing:
        print("Name the class with existing accounts, e.g.\n"
              "  sudo make hub HUB_INSTRUCTORS=instructor HUB_STUDENTS='ana ben cy'\n"
              + (f"No such account: {', '.join(missing)}\n" if missing else ""),
              file=sys.stderr)
        return 1
    blocked = blocked_dirs(course_paths())
    if blocked:
        print("Letting other accounts pass through (o+x, no listing) to reach the course "
              f"environment: {', '.join(map(str, blocked))}")
        open_dirs(blocked)
    settings.state.mkdir(parents=True, exist_ok=True)
    settings.state.chmod(0o755)
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
