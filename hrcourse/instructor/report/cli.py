"""The `hrcourse report` command: add_arguments(parser) and run(args), as hrcourse.cli
expects of every subcommand."""

from __future__ import annotations

from pathlib import Path

from hrcourse.instructor.report.build import build_report
from hrcourse.instructor.report.model import ReportError, Settings
from hrcourse.instructor.report.output import default_folder, write
from hrcourse.instructor.report.text import fmt_number


def _share(text: str) -> float:
    """A share given as 0.5 or 50%."""
    import argparse

    try:
        value = float(text.rstrip("%")) / (100 if text.endswith("%") else 1)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number (e.g. 0.5 or 50%)") from None
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not between 0 and 1 (or 0% and 100%)")
    return value


def add_arguments(parser) -> None:
    defaults = Settings()
    parser.add_argument("assignment", help="the assignment, as named in source/ and the "
                                           "gradebook (e.g. quiz1_foundations)")
    parser.add_argument("--course", type=Path, default=Path("."),
                        help="the course folder, with nbgrader_config.py (default: here)")
    parser.add_argument("--out", type=Path, default=None,
                        help="where to write report.html and the CSV tables "
                             "(default: reports/<assignment>/ in the course folder)")
    parser.add_argument("--flag-difficulty", type=_share, default=defaults.flag_difficulty,
                        metavar="SHARE", help="flag items where the class earned less than "
                                              "this share of the points (default: %(default)s)")
    parser.add_argument("--flag-discrimination", type=float,
                        default=defaults.flag_discrimination, metavar="R",
                        help="flag items whose discrimination (item-rest correlation) is "
                             "below this (default: %(default)s)")
    parser.add_argument("--mastery-level", type=_share, default=defaults.mastery_level,
                        metavar="SHARE", help="share of an objective's points that counts as "
                                              "mastery (default: %(default)s)")
    parser.add_argument("--pre-form", choices=("A", "B"), default=None,
                        help="knowledge check: the form every student took as the pre-test "
                             "(default: for each student, the form they submitted first)")


def run(args) -> int:
    import sys

    import matplotlib

    matplotlib.use("Agg")  # files only: no window, works on a server
    settings = Settings(flag_difficulty=args.flag_difficulty,
                        flag_discrimination=args.flag_discrimination,
                        mastery_level=args.mastery_level,
                        pre_form=getattr(args, "pre_form", None) or "time")
    try:
        report = build_report(args.course, args.assignment, settings)
        out = args.out or default_folder(report)
        paths = write(report, out)
    except ReportError as err:
        print(f"hrcourse report: {err}", file=sys.stderr)
        return 1
    s = report.summary
    if report.empty:
        print(report.notes[0])
    else:
        print(f"{args.assignment}: {s['submitted']} of {s['roster']} students submitted; "
              f"average {fmt_number(s['mean'])}%; {s['flagged']} of {s['items']} items "
              f"flagged.")
    if report.gain is not None:
        from hrcourse.instructor.report.gain_views import summary_lines

        print("Learning gain (knowledge check, forms A and B):")
        for line in summary_lines(report.gain):
            print(f"  {line}")
    print(f"Wrote {paths[0]} and {len(paths) - 1} CSV tables in {out}.")
    return 0
