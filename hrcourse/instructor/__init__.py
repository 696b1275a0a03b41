"""Instructor tools built on nbgrader: generating student versions, grading, reports."""
