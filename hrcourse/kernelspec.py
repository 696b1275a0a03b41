"""The kernel every notebook of the course names: lessons, glossary, quizzes (and the
benchmarks' notebooks). Ground floor: imports nothing of ours."""

from __future__ import annotations

import copy

METADATA = {"kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)",
                           "language": "python"},
            "language_info": {"name": "python"}}


def metadata() -> dict:
    """A fresh copy of the notebook metadata that names the course's kernel."""
    return copy.deepcopy(METADATA)
