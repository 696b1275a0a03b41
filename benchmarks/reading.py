"""Benchmark: how long a learner waits for a lesson's first interactive widget, in reading
mode and in JupyterLab, beside an empty notebook's floor.

    make bench        (or: python -m benchmarks.reading [--lessons 00 01 05] [--repeats 3])

One server with the learner's configuration (as `make start` runs it) serves a temporary
copy of the course; headless Chromium opens each lesson:

- reading mode: from the start of navigation to /voila/render/<lesson> to the first widget
  control (a button, a radio button, a text box) drawn and enabled; Voilà runs the whole
  lesson on the server before it shows the page, so this is also the time to every widget;
- JupyterLab: from the start of navigation to /lab/tree/<lesson> to an idle kernel
  ("open"), then from choosing Run ▸ Run All Cells to the first widget control ("Run All");
  the learner waits for both; and, for comparison with the reading mode, from opening to
  every cell run and every widget drawn ("all widgets");
- the floor: the same two measurements for a notebook whose one cell shows one button.

All times are in-page (`performance.now()`, from the navigation's start), medians of
`--repeats` runs, each with a fresh kernel. Needs Chromium (`make system-deps`). Not a
test: it prints a table.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

import nbformat

from hrcourse import kernelspec
from hrcourse.syllabus import course_map
from tests.support.browser import (
    LabServer,
    Notebook,
    course_copy,
    expected_widgets,
    launch_chromium,
)

FLOOR = "notebooks/bench_floor.ipynb"
# A control the learner can use: drawn (has a size), enabled, inside a cell's widget.
FIRST_CONTROL_JS = """(scope) => {
    const root = scope ? document.querySelector(scope) : document;
    if (!root) return false;
    for (const c of root.querySelectorAll(
            '.jp-OutputArea-output :is(button, input, textarea, select)')) {
        const r = c.getBoundingClientRect();
        if (!c.disabled && r.width > 0 && r.height > 0) return performance.now();
    }
    return false;
}"""


def write_floor(root: Path) -> None:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        'import ipywidgets as W\nW.Button(description="Floor")')])
    nb.metadata.update(kernelspec.metadata())
    nbformat.write(nb, root / FLOOR)


def reading_ms(page, server: LabServer, path: str) -> float:
    page.goto(server.url(f"voila/render/{path}"), timeout=300_000)
    return page.wait_for_function(FIRST_CONTROL_JS, arg="#rendered_cells",
                                  polling="raf", timeout=300_000).json_value()


def lab_ms(page, server: LabServer, path: str) -> tuple[float, float, float]:
    """(open, Run All, every widget): ms to an idle kernel, then ms from Run All to the
    first control, and to every cell run with every widget drawn."""
    page.goto(server.lab_url(path), timeout=300_000)
    nb = Notebook(page, path)
    nb.wait_ready(300_000)
    opened = page.evaluate("() => performance.now()")
    nb.menu("Run", "Run All Cells")
    shown = page.wait_for_function(FIRST_CONTROL_JS, arg=Notebook.PANEL, polling="raf",
                                   timeout=300_000).json_value()
    nb.wait_all_run(max(1, expected_widgets(server.root / path)), timeout=300_000)
    every = page.evaluate("() => performance.now()")
    return opened, shown - opened, every - opened


def measure(browser, server: LabServer, path: str, repeats: int) -> dict[str, float]:
    runs = {"reading": [], "open": [], "run_all": [], "every": []}
    for _ in range(repeats):
        for mode in ("reading", "lab"):
            context = browser.new_context(viewport={"width": 1340, "height": 1000})
            page = context.new_page()
            try:
                if mode == "reading":
                    runs["reading"].append(reading_ms(page, server, path))
                else:
                    opened, run_all, every = lab_ms(page, server, path)
                    runs["open"].append(opened)
                    runs["run_all"].append(run_all)
                    runs["every"].append(every)
            finally:
                context.close()
                server.shutdown_kernels()
    return {k: statistics.median(v) / 1000 for k, v in runs.items()}


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lessons", nargs="*", default=["00", "01", "05"],
                        help="lesson ids (default: 00 01 05)")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    refs = {r.id: r for r in course_map()}
    unknown = [lid for lid in args.lessons if lid not in refs]
    if unknown:
        parser.error(f"no lesson {', '.join(unknown)}; the course has {', '.join(refs)}")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        course = course_copy(Path(tmp) / "course")
        write_floor(course)
        server = LabServer(course, Path(tmp) / "state", Path(tmp) / "progress.json",
                           start_timeout=120, role="learner")
        browser = launch_chromium(playwright)
        try:
            rows = [("empty notebook (floor)", FLOOR)] + [
                (f"{lid} {refs[lid].title}"[:40], f"notebooks/{refs[lid].notebook}")
                for lid in args.lessons]
            print(f"seconds to the first interactive widget, median of {args.repeats} runs")
            print(f"{'notebook':42} {'reading mode':>13} {'Lab: open':>10} "
                  f"{'+ Run All':>10} {'= Lab total':>12} {'(all widgets)':>14}")
            for name, path in rows:
                t = measure(browser, server, path, args.repeats)
                print(f"{name:42} {t['reading']:13.2f} {t['open']:10.2f} "
                      f"{t['run_all']:10.2f} {t['open'] + t['run_all']:12.2f} "
                      f"{t['open'] + t['every']:14.2f}", flush=True)
            print("reading mode: every widget is drawn with the first (the page shows when "
                  "every cell has run);\n(all widgets): JupyterLab, from opening to every "
                  "cell run and every widget drawn.")
        finally:
            browser.close()
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
