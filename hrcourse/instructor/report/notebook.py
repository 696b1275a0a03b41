"""One-line calls for the instructor notebook (instructor/class_report.ipynb). With no
submissions yet, `load` shows a demo on a synthetic class rather than an empty page."""

from __future__ import annotations

from pathlib import Path

from hrcourse.instructor.report.build import build_report
from hrcourse.instructor.report.charts import chart, option_chart, pick_choice_item
from hrcourse.instructor.report.course_folders import course_paths
from hrcourse.instructor.report.descriptions import describe_options
from hrcourse.instructor.report.model import ClassReport, ReportError, Settings
from hrcourse.instructor.report.output import default_folder, write
from hrcourse.instructor.report.text import fmt_number


def load(course: Path | str, assignment: str, settings: Settings | None = None,
         demo_students: int = 120) -> ClassReport:
    """The class report; with no submissions yet, a demo on a synthetic class, said loudly."""
    try:
        report = build_report(course, assignment, settings)
        if not report.empty:
            return report
        reason = report.notes[0]
    except ReportError as err:  # no gradebook, no such assignment, not a course folder
        reason = str(err)
    return _demo(course, assignment, reason, settings, demo_students)


def _demo(course: Path | str, assignment: str, reason: str, settings: Settings | None,
          students: int) -> ClassReport:
    """A synthetic class on the assignment's own questions if its instructor version can
    be found, else on the built-in demo quiz; built and read in a temporary folder."""
    import tempfile

    # Imported here: synthetic_gradebook imports this package.
    from hrcourse.instructor import synthetic_gradebook as synthetic

    try:
        own = any((course_paths(course).source / assignment).glob("*.ipynb"))
    except ReportError:
        own = False
    quiz = assignment if own else synthetic.DEMO_ID
    print(f"{reason}\n\nDEMO: showing a synthetic class of {students} fictional students "
          f"on {'the questions of ' + quiz if own else 'the built-in demo quiz ' + quiz} "
          f"instead. Nothing below is real student data.")
    with tempfile.TemporaryDirectory(prefix="hrcourse-demo-") as tmp:
        if own:
            synthetic.build_copy_class(course, assignment, tmp, students)
        else:
            synthetic.build_demo_class(tmp, students)
        demo = build_report(tmp, quiz, settings)
    demo.course, demo.demo = "", True
    return demo


def glance(report: ClassReport) -> None:
    """Print the numbers at the top of the report, and any notes."""
    s = report.summary
    print(f"{report.assignment}{' (DEMO, synthetic)' if report.demo else ''}: "
          f"{s['submitted']} of {s['roster']} students submitted.")
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


def show(report: ClassReport, name: str) -> None:
    """Draw one chart (scores, items or mastery) with its description."""
    from hrcourse.plots import show as show_figure

    show_figure(*chart(report, name))


def show_options(report: ClassReport, item_label: str | None = None) -> None:
    """Draw the answers chosen for one choice item (default: the one most students missed)."""
    from hrcourse.plots import show as show_figure

    item_label = pick_choice_item(report, item_label)
    show_figure(option_chart(report, item_label), describe_options(report, item_label))


def save(report: ClassReport, out: Path | str | None = None) -> None:
    """Write report.html and the CSVs: to <course>/reports/<assignment>/ by default, or
    to a temporary folder for the demo (its course folder is gone)."""
    import tempfile

    if out is None:
        out = (Path(tempfile.mkdtemp(prefix="hrcourse-demo-report-")) if report.demo
               else default_folder(report))
    paths = write(report, out)
    print(f"Saved {paths[0]} and {len(paths) - 1} CSV tables in {Path(out)}"
          f"{' (a temporary folder: demo data)' if report.demo else ''}.")
