"""Benchmark: trusted scoring (answers read as data) vs grading in students' kernels.

    .venv/bin/python -m benchmarks.trusted_scoring [--classes 60 500] [--kernel-classes 60]

For each class size, builds one synthetic class (clicked, typed, missing, damaged,
looping, kernel-killing and unreadable submissions), grades identical copies with
`hrcourse grade`'s trusted scoring and with the old path (every notebook executed in a
sandboxed kernel), with the same number of workers, checks that the grades agree, and
prints seconds per submission and the ratio. Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from benchmarks.grading import build_course, grades, make_class
from hrcourse.instructor import grade
from hrcourse.instructor.course import ensure_tools_on_path


def run(course: Path, quiz: str, workers: int, execute: bool) -> grade.Outcome:
    return grade.grade(grade.Options(course=course, assignment=quiz, workers=workers,
                                     isolate=True, execute=execute))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--classes", type=int, nargs="+", default=[60, 500])
    parser.add_argument("--kernel-classes", type=int, nargs="*", default=None,
                        help="class sizes also graded through kernels (default: all)")
    parser.add_argument("--quiz", default="quiz2_dependence")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args(argv)
    kernel_sizes = set(args.classes if args.kernel_classes is None else args.kernel_classes)
    ensure_tools_on_path()
    print(f"{args.quiz}, {args.workers} workers, {os.cpu_count()} cores\n")
    print(f"{'students':>8} {'path':<34} {'seconds':>8} {'s/submission':>13} {'failed':>7}")
    for n in args.classes:
        with tempfile.TemporaryDirectory() as tmp:
            base = build_course(Path(tmp) / "base", args.quiz)
            make_class(base, args.quiz, n)
            results = {}
            for label, execute in (("trusted scoring (no kernels)", False),
                                   ("kernels, sandboxed (old path)", True)):
                if execute and n not in kernel_sizes:
                    continue
                course = Path(tmp) / label.split()[0]
                shutil.copytree(base, course)
                outcome = run(course, args.quiz, args.workers, execute)
                results[label] = (outcome, grades(course, args.quiz))
                print(f"{n:>8} {label:<34} {outcome.seconds:8.1f} "
                      f"{outcome.seconds / n:13.3f} {len(outcome.failed):>7}", flush=True)
            if len(results) == 2:
                (fast, g_fast), (slow, g_slow) = results.values()
                agree = sum(g_fast[s] == g_slow.get(s) for s in g_fast)
                differ = ("" if agree == len(g_fast) else " (the others ran code that the "
                          "old path executed)")
                print(f"{'':>8} ratio: trusted is {slow.seconds / fast.seconds:.1f}x faster; "
                      f"same grades for {agree} of {len(g_fast)} students{differ}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
