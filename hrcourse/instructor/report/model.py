"""What the report works with: its errors, settings, items and the finished report
(the course's folders are hrcourse.instructor.course.CourseFolder; for the knowledge
check, its two forms' results and the class's gain).

No pandas at import time (only for type hints), so `hrcourse` starts fast.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import datetime

    import pandas as pd

CHOICE_KINDS = ("single", "multiple", "classify")
CSV_TABLES = ("items", "options", "objectives", "students", "scores")  # written beside the page
VARIANT_SPREAD = 0.15  # flag a slot whose variants' difficulties differ by more than this
NO_ANSWER = "(no answer)"


class ReportError(Exception):
    """Something the report needs is missing or unreadable; the message says what and where."""


class NoSubmissions(ReportError):
    """The gradebook holds no submission of the assignment (yet)."""


@dataclass(frozen=True)
class Settings:
    """When to flag an item, and what counts as mastering an objective (shares, 0 to 1)."""

    flag_difficulty: float = 0.5  # flag if the class earned less than this share of points
    flag_discrimination: float = 0.2  # flag if item-rest correlation is below this
    mastery_level: float = 0.7  # a student has mastered an objective at this share
    group_share: float = 0.27  # size of the strong and weak groups (Kelley's 27%)
    pre_form: str = "time"  # knowledge check: whose pre-test is which form (gain.ORDERS)


@dataclass(frozen=True)
class Item:
    """One graded cell of the assignment, described by the instructor version."""

    notebook: str
    cell: str  # nbgrader grade_id, e.g. "q3_test" or "written_1"
    kind: str  # single, multiple, classify, written, or other (no course metadata)
    objective: str
    max_points: float
    number: int | None = None  # quiz item number (choice items)
    options: str = ""
    key: str = ""  # e.g. "b" or "a,c"; only the instructor version has it
    quiz_id: str = ""  # names the answers file
    question: str = ""  # the stem without its options, so the instructor knows the item
    option_text: dict[str, str] = field(default_factory=dict)
    # An item-bank slot: its id, its variants' ids (in order) and the term salt, from which
    # each student's variant is drawn again (hrcourse.logic.variants).
    slot: str = ""
    variants: tuple[str, ...] = ()
    salt: str = ""

    @property
    def id(self) -> str:
        return f"{self.notebook}/{self.cell}"


@dataclass
class GradebookData:
    """What the report needs from the gradebook, as plain tables."""

    roster: pd.DataFrame  # student (index), first_name, last_name
    submitted: list[str]  # students with a submission of the assignment
    cells: pd.DataFrame  # notebook, cell, max_score, cell_type
    grades: pd.DataFrame  # student, notebook, cell, auto_score, manual_score, extra_credit


@dataclass
class FormResults:
    """One form as graded: its items (in item order) and every submitter's points."""

    form: str  # "A" or "B"
    assignment: str  # e.g. knowledge_check_a
    items: list[Item]
    points: pd.DataFrame  # submitters x item ids; NaN = not graded (yet)
    submitted_at: dict[str, datetime | None] = field(default_factory=dict)


@dataclass
class Gain:
    """The class's learning gain between the knowledge check's forms (gain.py). Every
    table is drawn from matched students only, except `unmatched`, which lists everyone
    else on the roster."""

    summary: dict
    students: pd.DataFrame  # matched students: pre/post form and %, change, g
    objectives: pd.DataFrame  # per objective: pre and post share, change, g
    items: pd.DataFrame  # per item pair (item n of A with item n of B)
    unmatched: pd.DataFrame  # student, name, forms graded, reason
    notes: list[str]


@dataclass
class ClassReport:
    """Every table and number of the report; views, charts and the page are drawn from it."""

    assignment: str
    settings: Settings
    items: pd.DataFrame
    options: pd.DataFrame
    objectives: pd.DataFrame
    students: pd.DataFrame
    scores: pd.DataFrame
    summary: dict
    notes: list[str]
    points: pd.DataFrame  # students x items, points earned (NaN = not graded)
    course: str = ""
    gain: Gain | None = None  # knowledge check only, once both forms are graded (gain.py)
    variants: pd.DataFrame | None = None  # item-bank quizzes only (variant_stats.py)

    @property
    def empty(self) -> bool:
        return not self.summary.get("submitted")
