"""Class report for one assignment: which items worked, which answers were popular, and
which learning objectives the class has mastered.

    hrcourse report quiz1_foundations                 # writes reports/quiz1_foundations/
    hrcourse report quiz1_foundations --course ~/course --out /tmp/q1

Reads nbgrader's gradebook with plain SQL, the item metadata from the instructor version
in source/, and the clicked answers from each student's <quiz>.answers.json. Writes
report.html (self-contained, charts embedded) and CSV tables.

One module per job; imports only run down this list:

    model           errors, Settings, Item, GradebookData, ClassReport
    text            shortening and number formatting shared by tables, charts and messages
    course_folders  where a course keeps its gradebook and folders (nbgrader_config.py)
    items           graded items from source/, reconciled with the gradebook
    gradebook       the gradebook, read-only, in a few SQL queries
    answer_files    the options students clicked
    item_stats      difficulty, discrimination, flags, option counts (pure)
    variant_stats   each variant's difficulty and discrimination; slots whose variants differ
    class_stats     scores, mastery, score bands, summary (pure)
    gain            learning gain between the knowledge check's two forms (pure)
    gain_read       both forms from the gradebook, and when each student submitted them
    build           analyse (pure) and build_report (read, then analyse)
    gain_views      the gain's readable tables, sentences and chart
    views           readable tables
    descriptions    one sentence per chart, also its alt text
    charts          the charts (hrcourse.plots)
    gain_page       the page's learning-gain section
    page            the self-contained HTML page
    output          report.html and the CSVs in a folder
    notebook        one-line calls for instructor/class_report.ipynb
    cli             the `hrcourse report` command

pandas and matplotlib are imported inside functions, because `hrcourse` should start
fast. This file gathers only the names its callers use (the notebook's one-line calls,
the `hrcourse report` command, the statistics the tests check by hand): `from
hrcourse.instructor import report`, then `report.build_report(...)`, `report.view(...)`.
"""

from hrcourse.instructor.course import CourseFolder
from hrcourse.instructor.report.answer_files import choices_table, read_answer_files
from hrcourse.instructor.report.build import analyse, build_report
from hrcourse.instructor.report.class_stats import (
    grade_points,
    mastery_by_student,
    objective_table,
    score_bands,
)
from hrcourse.instructor.report.cli import add_arguments, run
from hrcourse.instructor.report.course_folders import course_paths
from hrcourse.instructor.report.item_stats import (
    discrimination,
    flag_reason,
    group_shares,
    item_difficulty,
    option_counts,
)
from hrcourse.instructor.report.items import load_items
from hrcourse.instructor.report.model import (
    CHOICE_KINDS,
    CSV_TABLES,
    NO_ANSWER,
    ClassReport,
    GradebookData,
    Item,
    ReportError,
    Settings,
)
from hrcourse.instructor.report.notebook import glance, load, save, show, show_options, view
from hrcourse.instructor.report.output import write
from hrcourse.instructor.report.variant_stats import variant_table

__all__ = [
    "CHOICE_KINDS", "CSV_TABLES", "NO_ANSWER",
    "ClassReport", "CourseFolder", "GradebookData", "Item", "ReportError", "Settings",
    "add_arguments", "analyse", "build_report", "choices_table", "course_paths",
    "discrimination", "flag_reason", "glance", "grade_points", "group_shares",
    "item_difficulty", "load", "load_items", "mastery_by_student", "objective_table",
    "option_counts", "read_answer_files", "run", "save", "score_bands", "show",
    "show_options", "variant_table", "view", "write",
]
