"""nbgrader's Python API for a course directory, configured from its nbgrader_config.py.

Calling the API in-process avoids the ~5 s CLI start-up per command.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def ensure_tools_on_path() -> None:
    """nbgrader shells out to `alembic` when it creates a gradebook: make sure the
    environment's bin/ is on PATH even when the interpreter was started by full path."""
    bindir = str(Path(sys.executable).parent)
    if bindir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bindir + os.pathsep + os.environ.get("PATH", "")


def load_config(root: Path, **overrides):
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    # The config file computes paths from its own location; pin them to `root` so a
    # temporary copy of the course never touches the original.
    config.CourseDirectory.root = str(root)
    config.CourseDirectory.db_url = "sqlite:///" + str(Path(root) / "gradebook.db")
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
