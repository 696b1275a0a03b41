"""Benchmark: plain sequential `nbgrader autograde` vs `hrcourse grade` on one synthetic class.

    python -m benchmarks.grading [--students 60] [--quiz quiz2_dependence]

Builds a class (right, wrong, odd and broken submissions), grades identical copies both
ways in the same run, checks that the grades match wherever plain nbgrader could grade,
and prints the times and the ratio. Then it measures what isolation costs per submission
(the same command with and without the sandbox, one worker) and times the class report
for 500 synthetic students. Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from hrcourse.instructor.course import (
    copy_course,
    ensure_tools_on_path,
    generate_all,
    gradebook_url,
)
from tests.support import synthetic


def build_course(target: Path, quiz: str) -> Path:
    copy_course(target, ("source", "nbgrader_config.py"))
    generate_all(target)
    return target


def keys(course: Path, quiz: str) -> dict[int, tuple[str, str, bool]]:
    """item -> (key, options, many), read from the instructor's hidden tests."""
    import json

    from hrcourse.logic.click_items import items_in_notebook

    nb = json.loads((course / "source" / quiz / f"{quiz}.ipynb").read_text())
    return {n: (i.key, i.options, i.many) for n, i in items_in_notebook(nb).items() if i}


def make_class(course: Path, quiz: str, students: int, seed: int = 7) -> dict[str, str]:
    """Submissions: 70% clicked (mostly right), plus typed, missing, damaged, looping,
    kernel-killing and unreadable ones. Returns student -> kind."""
    rng = random.Random(seed)
    rel = synthetic.released(course, quiz)
    key = keys(course, quiz)
    kinds = {}
    broken = ["typed", "no-file", "damaged-file", "loop", "kill", "not-json"]
    for i in range(students):
        name = f"s{i:03d}"
        kind = broken[i % len(broken)] if i % 5 == 4 else "clicked"
        answers = {}
        for n, (k, opts, _many) in key.items():
            answers[str(n)] = k if rng.random() < 0.7 else rng.choice(opts)
        nb, file = rel, answers
        if kind == "typed":
            nb = synthetic.with_typed(rel, 1, f" {answers.pop('1').upper()} ")
        elif kind == "no-file":
            file = None
        elif kind == "loop":
            nb = synthetic.with_code(rel, "while True:\n    pass")
        elif kind == "kill":
            nb = synthetic.with_code(rel, "import os\nos._exit(1)")
        elif kind == "not-json":
            nb = "{not json"
        synthetic.submit(course, quiz, name, nb, answers=file,
                         raw_answers="{damaged" if kind == "damaged-file" else None)
        kinds[name] = kind
    return kinds


def timed(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def grades(course: Path, quiz: str) -> dict[str, list]:
    from nbgrader.api import Gradebook

    out: dict[str, list] = {}
    with Gradebook(gradebook_url(course / "gradebook.db")) as gb:
        for sub in gb.assignment_submissions(quiz):
            rows = []
            for nb in sub.notebooks:
                rows += sorted((g.name, g.auto_score, g.needs_manual_grade) for g in nb.grades)
            out[sub.student.id] = rows
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=60)
    parser.add_argument("--quiz", default="quiz2_dependence")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--isolation-sample", type=int, default=12)
    args = parser.parse_args(argv)
    ensure_tools_on_path()
    bindir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as tmp:
        base = build_course(Path(tmp) / "base", args.quiz)
        kinds = make_class(base, args.quiz, args.students)
        plain, ours = Path(tmp) / "plain", Path(tmp) / "ours"
        shutil.copytree(base, plain)
        shutil.copytree(base, ours)
        t_plain = timed([str(bindir / "nbgrader"), "autograde", args.quiz, "--force"], plain)
        t_ours = timed([str(bindir / "hrcourse"), "grade", args.quiz, "--quiet",
                        "--workers", str(args.workers)], ours)
        g_plain, g_ours = grades(plain, args.quiz), grades(ours, args.quiz)
        graded_plain = {s for s in g_plain
                        if (plain / "autograded" / s / args.quiz).is_dir()}
        same = all(g_plain[s] == g_ours.get(s) for s in graded_plain)
        only_ours = sorted(set(g_ours) - graded_plain)
        n = args.students
        print(f"Synthetic class: {n} students on {args.quiz} "
              f"({sum(k == 'clicked' for k in kinds.values())} clicked, the rest typed, "
              f"missing, damaged, looping, kernel-killing or unreadable)\n")
        print(f"{'run':52} {'seconds':>8} {'s/submission':>13}")
        print(f"{'plain nbgrader autograde (sequential, no sandbox)':52} {t_plain:8.1f} "
              f"{t_plain / n:13.2f}")
        print(f"{f'hrcourse grade ({args.workers} workers, sandboxed)':52} {t_ours:8.1f} "
              f"{t_ours / n:13.2f}")
        print(f"\nspeed-up: {t_plain / t_ours:.2f}x   grades identical where plain nbgrader "
              f"graded ({len(graded_plain)} students): {'yes' if same else 'NO'}")
        print(f"graded only by hrcourse grade (plain nbgrader failed): {len(only_ours)} "
              f"({', '.join(sorted({kinds[s] for s in only_ours})) or 'none'})")

        # What isolation costs: one worker, with and without the sandbox, on clicked ones.
        sample = [s for s, k in kinds.items() if k == "clicked"][:args.isolation_sample]
        costs = {}
        for label, extra in (("isolated", []), ("not isolated", ["--no-isolation"])):
            course = Path(tmp) / f"iso-{label.replace(' ', '-')}"
            shutil.copytree(base, course)
            students = [a for s in sample for a in ("--student", s)]
            costs[label] = timed([str(bindir / "hrcourse"), "grade", args.quiz, "--quiet",
                                  "--workers", "1", *students, *extra], course) / len(sample)
        print(f"\nisolation cost (1 worker, {len(sample)} submissions): "
              f"{costs['isolated']:.2f} s/submission sandboxed vs "
              f"{costs['not isolated']:.2f} s without "
              f"(+{costs['isolated'] - costs['not isolated']:.2f} s)")
    from benchmarks import report as bench_report

    print()
    bench_report.main([])
    return 0


if __name__ == "__main__":
    sys.exit(main())
