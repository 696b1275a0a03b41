"""Putting it together: `analyse` turns tables already read into a ClassReport (pure);
`build_report` reads a course's gradebook, source/ and answers files, then analyses."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from hrcourse.instructor.report.answer_files import choices_table, read_answer_files
from hrcourse.instructor.report.class_stats import (
    grade_points,
    mastery_by_student,
    objective_table,
    point_matrix,
    score_bands,
    student_table,
    summarise,
)
from hrcourse.instructor.report.course_folders import course_paths
from hrcourse.instructor.report.gain_read import class_gain
from hrcourse.instructor.report.gradebook import read_gradebook
from hrcourse.instructor.report.item_stats import item_statistics, option_counts
from hrcourse.instructor.report.items import load_items, merge_items
from hrcourse.instructor.report.model import (
    CHOICE_KINDS,
    ClassReport,
    GradebookData,
    Item,
    Settings,
)
from hrcourse.instructor.report.variant_stats import variant_table

if TYPE_CHECKING:
    import pandas as pd


def analyse(assignment: str, items: list[Item], data: GradebookData, choices: pd.DataFrame,
            settings: Settings | None = None, notes: list[str] | None = None,
            describe=None) -> ClassReport:
    """All the statistics, from tables already read (no files, no database)."""
    settings = settings or Settings()
    notes = list(notes or [])
    grades = grade_points(data.grades)
    students = sorted(data.submitted)
    points = point_matrix(grades, students, [i.id for i in items])
    totals = grades.groupby("student")["score"].sum().reindex(students, fill_value=0.0)
    stats = item_statistics(items, points, totals, settings)
    mastery = mastery_by_student(points, items)
    max_total = float(sum(i.max_points for i in items))
    table = student_table(data.roster, students, grades, points, mastery, max_total)
    done = table[table["submitted"]]
    return ClassReport(
        assignment=assignment, settings=settings, items=stats,
        options=option_counts(choices, items, len(students)),
        objectives=objective_table(mastery, items, settings, describe), students=table,
        scores=score_bands(done["percent"]), summary=summarise(table, stats, max_total),
        notes=notes, points=points, variants=variant_table(items, points, totals))


def objective_text(objective: str) -> str:
    """The objective's wording from the lesson files, or '' if it cannot be found."""
    from hrcourse import syllabus
    from hrcourse.content import ContentError

    try:
        lesson = syllabus.lesson(objective.split(".")[0])
    except (ContentError, OSError, ValueError, KeyError, TypeError):
        return ""
    return next((o.text for o in lesson.objectives if o.id == objective), "")


def _count(n: int, thing: str) -> str:
    return f"{n} {thing}" + ("" if n == 1 else "s")


def _answer_notes(broken: list[tuple[str, str]], unreadable: list[str], missing: int,
                  submitted: int) -> list[str]:
    """Why some clicks are missing from the option counts, so nobody reads them as wrong."""
    notes = []
    if broken:
        shown = "; ".join(f"{s} ({why})" for s, why in broken[:10])
        more = f"; and {len(broken) - 10} more" if len(broken) > 10 else ""
        notes.append(f"{_count(len(broken), 'answers file')} could not be read, so "
                     f"{'that student counts' if len(broken) == 1 else 'those students count'}"
                     f" as making no choice in the option counts: {shown}{more}.")
    if unreadable:
        more = f" and {len(unreadable) - 5} more" if len(unreadable) > 5 else ""
        notes.append(f"{len(unreadable)} saved answer(s) name no real option and are left "
                     f"out of the option counts: {'; '.join(unreadable[:5])}{more}.")
    if missing and submitted:
        notes.append(f"{missing} submission(s) have no answers file (nothing clicked, or "
                     f"answers typed into the notebook); typed answers are graded but not "
                     f"counted in the option tables.")
    return notes


def build_report(course: Path | str, assignment: str,
                 settings: Settings | None = None) -> ClassReport:
    """Read the gradebook, source/ and the answers files of one assignment; analyse."""
    paths = course_paths(course)
    data = read_gradebook(paths.db, assignment)
    items, notes = merge_items(load_items(paths.source, assignment), data.cells)
    quiz_ids = sorted({i.quiz_id for i in items if i.kind in CHOICE_KINDS})
    answers, broken, missing = read_answer_files(paths, assignment, data.submitted, quiz_ids)
    choices, unreadable = choices_table(answers, items)
    notes += _answer_notes(broken, unreadable, missing, len(data.submitted))
    if not data.submitted:
        notes.insert(0, f"No submissions of {assignment} in the gradebook yet "
                        f"({len(data.roster)} student(s) on the roster). Collect and "
                        f"autograde first (hrcourse grade {assignment}), then run the "
                        f"report again.")
    report = analyse(assignment, items, data, choices, settings, notes, objective_text)
    report.course = str(paths.root)
    report.gain, gain_notes = class_gain(paths, assignment, report.settings.pre_form)
    report.notes += gain_notes
    return report
