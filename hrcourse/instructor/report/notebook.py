"""One-line calls for the instructor notebook (instructor/class_report.ipynb). With nothing
graded yet, `load` says so plainly and the later calls show nothing rather than failing."""

from __future__ import annotations

from pathlib import Path

from hrcourse.instructor.report.build import build_report
from hrcourse.instructor.report.charts import chart, option_chart, pick_choice_item
from hrcourse.instructor.report.descriptions import describe_options
from hrcourse.instructor.report.model import ClassReport, ReportError, Settings
from hrcourse.instructor.report.output import default_folder, write
from hrcourse.instructor.report.text import fmt_number
from hrcourse.instructor.report.views import view as table_view

NOTHING = "Nothing graded yet, so there is nothing to show here."


def load(course: Path | str, assignment: str,
         settings: Settings | None = None) -> ClassReport | None:
    """The class report, or None (said plainly) when there is nothing graded to report on."""
    try:
        report = build_report(course, assignment, settings)
    except ReportError as err:  # no gradebook, no such assignment, not a course folder
        print(f"Nothing graded yet for {assignment}: {err}")
        return None
    if report.empty:
        print(f"Nothing graded yet for {assignment}. {report.notes[0]}")
    return report


def _nothing(report: ClassReport | None) -> bool:
    if report is None or report.empty:
        print(NOTHING)
        return True
    return False


def glance(report: ClassReport | None) -> None:
    """Print the numbers at the top of the report, and any notes."""
    if report is None:
        print(NOTHING)
        return
    s = report.summary
    print(f"{report.assignment}: {s['submitted']} of {s['roster']} students submitted.")
    if s["submitted"]:
        print(f"Average score {fmt_number(s['mean'])}% (median {fmt_number(s['median'])}%); "
              f"{s['flagged']} of {s['items']} items flagged; "
              f"{s['not_graded']} grade(s) not given yet.")
    for note in report.notes:
        print(f"Note: {note}")
    if report.gain is not None:  # the knowledge check, once both forms are graded
        from hrcourse.instructor.report.gain_views import summary_lines

        print("Learning gain (knowledge check, forms A and B):", *summary_lines(report.gain),
              *(f"Note: {n}" for n in report.gain.notes), sep="\n  ")


def view(report: ClassReport | None, name: str):
    """One readable table (see views.view), or nothing while nothing is graded."""
    return None if _nothing(report) else table_view(report, name)


def show(report: ClassReport | None, name: str) -> None:
    """Draw one chart (scores, items or mastery) with its description."""
    from hrcourse.plots import show as show_figure

    if not _nothing(report):
        show_figure(*chart(report, name))


def show_options(report: ClassReport | None, item_label: str | None = None) -> None:
    """Draw the answers chosen for one choice item (default: the one most students missed)."""
    from hrcourse.plots import show as show_figure

    if _nothing(report):
        return
    item_label = pick_choice_item(report, item_label)
    show_figure(option_chart(report, item_label), describe_options(report, item_label))


def save(report: ClassReport | None, out: Path | str | None = None) -> None:
    """Write report.html and the CSVs, to <course>/reports/<assignment>/ by default."""
    if report is None:
        print(NOTHING)
        return
    out = default_folder(report) if out is None else out
    paths = write(report, out)
    print(f"Saved {paths[0]} and {len(paths) - 1} CSV tables in {Path(out)}.")
