"""Where a course keeps its gradebook and folders (hrcourse.instructor.course reads
nbgrader_config.py), with its problems as the report's own errors."""

from __future__ import annotations

from pathlib import Path

from hrcourse.instructor.course import CourseError, CourseFolder, course_folder
from hrcourse.instructor.report.model import ReportError


def course_paths(root: Path | str) -> CourseFolder:
    """Folders and gradebook of a course, as its nbgrader_config.py sets them."""
    try:
        return course_folder(root)
    except CourseError as err:
        raise ReportError(str(err)) from err
