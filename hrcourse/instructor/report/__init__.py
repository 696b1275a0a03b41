"""Class report for one assignment: which items worked, which answers were popular, and
which learning objectives the class has mastered.

    hrcourse report quiz1_foundations                 # writes reports/quiz1_foundations/
    hrcourse report quiz1_foundations --course ~/course --out /tmp/q1

Reads nbgrader's gradebook with plain SQL, the item metadata from the instructor version
in source/, and the clicked answers from each student's <quiz>.answers.json. Writes
report.html (self-contained, charts embedded) and CSV tables.

One module per job; imports only run down this list:

    model           errors, Settings, Item, CoursePaths, GradebookData, ClassReport
    text            shortening and number formatting shared by tables, charts and messages
    course_folders  where a course keeps its gradebook and folders (nbgrader_config.py)
    items           graded items from source/, reconciled with the gradebook
    gradebook       the gradebook, read-only, in a few SQL queries
    answer_files    the options students clicked
    item_stats      difficulty, discrimination, flags, option counts (pure)
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
fast. This file only gathers the public names: `from hrcourse.instructor import report`,
then `report.build_report(...)`, `report.view(...)` and so on.
"""

from hrcourse.instructor.report.answer_files import (
    answers_path,
    choices_table,
    read_answer_files,
)
from hrcourse.instructor.report.build import (
    _answer_notes,  # noqa: F401  (private, but tests/test_report.py checks its notes)
    analyse,
    build_report,
    objective_text,
)
from hrcourse.instructor.report.charts import (
    CHARTS,
    chart,
    item_chart,
    mastery_chart,
    option_chart,
    pick_choice_item,
    score_chart,
)
from hrcourse.instructor.report.class_stats import (
    grade_points,
    mastery_by_student,
    objective_table,
    point_matrix,
    score_bands,
    student_table,
    summarise,
)
from hrcourse.instructor.report.cli import add_arguments, run
from hrcourse.instructor.report.course_folders import course_paths
from hrcourse.instructor.report.descriptions import (
    describe_items,
    describe_mastery,
    describe_options,
    describe_scores,
)
from hrcourse.instructor.report.gradebook import read_gradebook
from hrcourse.instructor.report.item_stats import (
    NEGATIVE,
    discrimination,
    flag_reason,
    group_shares,
    item_difficulty,
    item_rest_correlation,
    item_statistics,
    label,
    option_counts,
)
from hrcourse.instructor.report.items import (
    items_from_notebook,
    load_items,
    merge_items,
    stem_summary,
)
from hrcourse.instructor.report.model import (
    CHOICE_KINDS,
    CSV_TABLES,
    NO_ANSWER,
    ClassReport,
    CoursePaths,
    GradebookData,
    Item,
    NoSubmissions,
    ReportError,
    Settings,
)
from hrcourse.instructor.report.notebook import glance, load, save, show, show_options
from hrcourse.instructor.report.output import default_folder, write, write_csvs
from hrcourse.instructor.report.page import render_html
from hrcourse.instructor.report.text import shorten
from hrcourse.instructor.report.views import VIEWS, view

__all__ = [
    "CHARTS", "CHOICE_KINDS", "CSV_TABLES", "NEGATIVE", "NO_ANSWER", "VIEWS",
    "ClassReport", "CoursePaths", "GradebookData", "Item", "NoSubmissions", "ReportError",
    "Settings",
    "add_arguments", "analyse", "answers_path", "build_report", "chart", "choices_table",
    "course_paths", "default_folder", "describe_items", "describe_mastery",
    "describe_options", "describe_scores", "discrimination", "flag_reason", "glance",
    "grade_points", "group_shares", "item_chart", "item_difficulty",
    "item_rest_correlation", "item_statistics", "items_from_notebook", "label", "load",
    "load_items", "mastery_by_student", "mastery_chart", "merge_items", "objective_table",
    "objective_text", "option_chart", "option_counts", "pick_choice_item", "point_matrix",
    "read_answer_files", "read_gradebook", "render_html", "run", "save", "score_bands",
    "score_chart", "shorten", "show", "show_options", "stem_summary", "student_table",
    "summarise", "view", "write", "write_csvs",
]
