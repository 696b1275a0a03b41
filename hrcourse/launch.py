"""The Jupyter configuration each role runs with, as environment variables: the one place
`make start`, `make instructor`, Binder's `start` script and the browser tests take it from.

The folders are in jupyter/ (its README says what each file does):

- jupyter/common/   for everyone: the reading mode's settings (Voilà's template, what it
                    may serve, no tracebacks) and no "Jupyter news" prompt;
- jupyter/learner/  on top of common/ for a learner: nbgrader's instructor panels
                    (Formgrader, Create Assignment, courses) and its exchange panel
                    (Assignments; there is no exchange on a laptop or on Binder) are off;
- jupyter/share/    data, not settings: the reading mode's Voilà template, `hrcourse`.

    python -m hrcourse.launch learner|instructor COMMAND [ARGS...]

runs COMMAND (e.g. `jupyter lab ...`) with that role's configuration.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from hrcourse.content import repo_root

# Each role's configuration folders in jupyter/, the first one winning where they differ.
ROLES = {"learner": ("learner", "common"), "instructor": ("common",)}


def jupyter_dir(root: Path | None = None) -> Path:
    return (root or repo_root()) / "jupyter"


def environment(role: str, base: dict[str, str] | None = None,
                root: Path | None = None) -> dict[str, str]:
    """`base` (default: this process's environment) with the role's configuration first
    on JUPYTER_CONFIG_PATH and the course's data folder first on JUPYTER_PATH."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}: choose one of {', '.join(ROLES)}")
    env = dict(os.environ if base is None else base)
    folder = jupyter_dir(root)

    def first(name: str, paths: list[Path]) -> None:
        rest = [p for p in env.get(name, "").split(os.pathsep) if p]
        env[name] = os.pathsep.join([*map(str, paths), *rest])

    first("JUPYTER_CONFIG_PATH", [folder / part for part in ROLES[role]])
    first("JUPYTER_PATH", [folder / "share"])
    return env


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if len(args) < 2 or args[0] not in ROLES:
        sys.exit(f"usage: python -m hrcourse.launch {{{'|'.join(ROLES)}}} COMMAND [ARGS...]")
    role, command = args[0], args[1:]
    os.execvpe(command[0], command, environment(role))


if __name__ == "__main__":
    main()
