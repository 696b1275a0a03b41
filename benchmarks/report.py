"""Benchmark: build the class report for a synthetic class of 500 and print the seconds.

    python -m benchmarks.report [--students 500]

Building the synthetic class is not timed. Timed: reading the gradebook and the answers
files with the statistics; drawing the charts and writing report.html and the CSVs; and
the whole `hrcourse report` command in a fresh process (Python start-up and imports too),
which is what an instructor waits for.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from hrcourse.instructor import report
from tests.support.synthetic_gradebook import DEMO_ID, build_demo_class


def timed(action):
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def command_seconds(course: Path, out: Path) -> float:
    """Wall time of `hrcourse report` as a new process."""
    _, seconds = timed(lambda: subprocess.run(
        [sys.executable, "-m", "hrcourse.cli", "report", DEMO_ID, "--course", str(course),
         "--out", str(out)], check=True, capture_output=True))
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=500)
    args = parser.parse_args(argv)

    import matplotlib

    matplotlib.use("Agg")
    with tempfile.TemporaryDirectory(prefix="hrcourse-bench-") as tmp:
        course, out = Path(tmp) / "course", Path(tmp) / "out"
        build_demo_class(course, args.students)
        rep, read_s = timed(lambda: report.build_report(course, DEMO_ID))
        _, write_s = timed(lambda: report.write(rep, out))
        cli_s = command_seconds(course, Path(tmp) / "out-cli")
    print(f"class report, {args.students} synthetic students "
          f"({rep.summary['submitted']} submissions, {rep.summary['items']} items):")
    print(f"  read gradebook and answers files, statistics {read_s:7.2f} s")
    print(f"  charts, report.html and CSV tables           {write_s:7.2f} s")
    print(f"  in all, in process                           {read_s + write_s:7.2f} s")
    print(f"  `hrcourse report` end to end (new process)   {cli_s:7.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
