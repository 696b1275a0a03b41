"""Where a course keeps its gradebook and folders, as its nbgrader_config.py says."""

from __future__ import annotations

from pathlib import Path

from hrcourse.instructor.report.model import CoursePaths, ReportError


def course_paths(root: Path | str) -> CoursePaths:
    """Folders and gradebook of a course, as its nbgrader_config.py sets them."""
    from traitlets.config.loader import PyFileConfigLoader

    root = Path(root).expanduser().resolve()
    if not (root / "nbgrader_config.py").is_file():
        raise ReportError(f"{root} is not a course folder: it has no nbgrader_config.py "
                          f"(point --course at the folder that has it)")
    try:
        config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    except Exception as err:  # the instructor's own Python file: any error can happen
        raise ReportError(f"{root / 'nbgrader_config.py'} could not be read: {err}") from err
    cd = config.CourseDirectory
    base = Path(cd.root) if "root" in cd else root
    db_url = cd.db_url if "db_url" in cd else f"sqlite:///{base / 'gradebook.db'}"
    if not db_url.startswith("sqlite:///"):
        raise ReportError(f"the report reads SQLite gradebooks only; {root / 'nbgrader_config.py'}"
                          f" sets db_url = {db_url!r}")

    def folder(name: str, default: str) -> Path:
        return base / (cd[name] if name in cd else default)

    return CoursePaths(root=base, db=Path(db_url[len("sqlite:///"):]),
                       source=folder("source_directory", "source"),
                       submitted=folder("submitted_directory", "submitted"),
                       autograded=folder("autograded_directory", "autograded"),
                       course_id=str(cd.course_id) if "course_id" in cd else "")
