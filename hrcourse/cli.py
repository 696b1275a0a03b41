"""The `hrcourse` command for instructors.

    hrcourse grade ASSIGNMENT [--workers N] [--force] ...   parallel, isolated autograde
    hrcourse report ASSIGNMENT [--out DIR] ...              class report (HTML + CSV);
        for a knowledge-check form, also the class's learning gain [--pre-form A|B]
    hrcourse export-grades --canvas|--moodle EXPORT.csv ... grades as the platform imports them

Each subcommand lives in its own module with `add_arguments(parser)` and `run(args)`.
"""

from __future__ import annotations

import argparse
import importlib
import sys

COMMANDS = {
    "grade": ("hrcourse.instructor.grade", "Autograde all submissions of an assignment in "
                                           "parallel, each in an isolated sandbox."),
    "report": ("hrcourse.instructor.report", "Write a class report: item difficulty and "
                                             "discrimination, option counts, mastery."),
    "export-grades": ("hrcourse.instructor.lms_export", "Write the gradebook's totals as a file "
                                                         "Canvas or Moodle imports as it is."),
}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(prog="hrcourse", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    # Import only the chosen command's module: each pulls in heavy libraries.
    chosen = argv[0] if argv and argv[0] in COMMANDS else None
    modules = {}
    for name, (module_name, help_text) in COMMANDS.items():
        command = sub.add_parser(name, help=help_text, description=help_text)
        if name == chosen:
            modules[name] = importlib.import_module(module_name)
            modules[name].add_arguments(command)
    args = parser.parse_args(argv)
    return int(modules[args.command].run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
