"""Latency benchmark in a real browser: from a click to its feedback on screen.

    python -m benchmarks.browser [--clicks 20]

JupyterLab serves a temporary copy of the course and headless Chromium clicks, over and
over, the vignette's responses (lesson 01), a self-check's "Check my answer" (lesson 01)
and the DSM-5 explorer's supervision toggle (lesson 05), so that each click changes what
the widget shows. Every click is timed twice:

- in the page: from the click event to the DOM mutation that shows the new feedback
  (`performance.now()`, a MutationObserver set up before the click);
- through Playwright: from asking for the click to the locator seeing the feedback.

A floor row does the same with a bare ipywidgets Button and HTML in a scratch notebook.
Needs Chromium (`make system-deps`). Not a test: it prints a table.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from hrcourse import kernelspec
from hrcourse.content.selfcheck import find_item
from tests.support.browser import Notebook, expected_widgets, launch_chromium, run_lab

# Set up before the click: the click's time, then the first mutation that shows `expected`.
ARM_JS = """(root, expected) => {
    if (root.textContent.includes(expected)) return false;
    const t = window.__hrBench = {click: null, shown: null};
    const observer = new MutationObserver(() => {
        if (t.click !== null && t.shown === null && root.textContent.includes(expected)) {
            t.shown = performance.now();
            observer.disconnect();
        }
    });
    observer.observe(root, {subtree: true, childList: true, characterData: true,
                            attributes: true});
    root.addEventListener('click', () => { if (t.click === null) t.click = performance.now(); },
                          {capture: true, once: true});
    return true;
}"""

FLOOR_CODE = """import itertools
import ipywidgets as W
floor_button, floor_text = W.Button(description="Floor"), W.HTML("<p>clicks: 0.</p>")
floor_count = itertools.count(1)
def _floor(_):
    floor_text.value = f"<p>clicks: {next(floor_count)}.</p>"
floor_button.on_click(_floor)
W.VBox([floor_button, floor_text])"""


def timed_click(page, root, target, expected: str) -> tuple[float, float]:
    """(in-page ms, Playwright ms) for one click on `target` until `expected` shows."""
    from playwright.sync_api import expect

    if not root.evaluate(ARM_JS, expected):
        raise RuntimeError(f"'{expected}' already shows before the click")
    start = time.perf_counter()
    target.click()
    expect(root).to_contain_text(expected, timeout=30_000)
    seen = (time.perf_counter() - start) * 1000
    marks = page.wait_for_function(
        "() => window.__hrBench.shown !== null && window.__hrBench").json_value()
    return marks["shown"] - marks["click"], seen


def measure(page, root, steps, clicks: int) -> tuple[list[float], list[float]]:
    """`steps` is a cycle of (prepare, target, expected); `prepare` is untimed."""
    in_page, seen = [], []
    for i in range(clicks + 1):  # the first click warms up and is not counted
        prepare, target, expected = steps[i % len(steps)]
        if prepare:
            prepare()
        a, b = timed_click(page, root, target, expected)
        if i:
            in_page.append(a)
            seen.append(b)
    return in_page, seen


def floor_notebook(course: Path) -> str:
    path = course / "notebooks" / "bench_floor.ipynb"
    cell = {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
            "source": FLOOR_CODE}
    path.write_text(json.dumps({"cells": [cell], "metadata": kernelspec.metadata(),
                                "nbformat": 4, "nbformat_minor": 5}))
    return "notebooks/bench_floor.ipynb"


def run(clicks: int) -> list[tuple[str, list[float], list[float]]]:
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory(prefix="hrcourse-bench-") as tmp:
        server = run_lab(Path(tmp))
        try:
            floor = floor_notebook(server.root)
            with sync_playwright() as playwright:
                browser = launch_chromium(playwright)
                page = browser.new_page(viewport={"width": 1340, "height": 1000})

                nb = Notebook.open(page, server, floor)
                nb.run_all(1)
                root = nb.output_of("floor_button")
                button = root.get_by_role("button", name="Floor")
                steps = [(None, button, f"clicks: {n}.") for n in range(1, clicks + 2)]
                rows.append(("floor: bare Button -> HTML", *measure(page, root, steps, clicks)))

                lesson = "notebooks/01_what_harm_reduction_means.ipynb"
                nb = Notebook.open(page, server, lesson)
                nb.run_all(expected_widgets(server.root / lesson))
                root = nb.output_of('course.vignette("line-cook")')
                steps = [(None, root.get_by_role("button", name="Respond A"),
                          "✔ Strong response"),
                         (None, root.get_by_role("button", name="Respond B"),
                          "✘ Likely to close the conversation")]
                rows.append(("vignette: Respond A/B -> feedback",
                             *measure(page, root, steps, clicks)))

                item = find_item("01", "hr-definition")
                right = next(o.id for o in item.options if o.correct)
                wrong = next(o.id for o in item.options if not o.correct and o.id != "a")
                root = nb.output_of('course.selfcheck("01", "hr-definition")')
                check = root.get_by_role("button", name="Check my answer")

                def choose(option: str):
                    return lambda: root.locator(".widget-radio-box label",
                                                has_text=f"{option}) ").click()

                steps = [(choose(wrong), check, "✘ Not quite"), (choose(right), check,
                                                                "✔ Correct")]
                rows.append(("self-check: Check my answer -> feedback",
                             *measure(page, root, steps, clicks)))

                lesson = "notebooks/05_addiction_and_chemical_dependence.ipynb"
                nb = Notebook.open(page, server, lesson)
                nb.run_all(expected_widgets(server.root / lesson))
                root = nb.output_of("course.criteria_explorer()")
                for name in ("10. Tolerance", "11. Withdrawal"):
                    root.locator(".widget-checkbox label", has_text=name).click()
                toggle = root.locator(".widget-checkbox label",
                                      has_text="Taken only as prescribed")
                steps = [(None, toggle, "Criteria that count: 0 of 11"),
                         (None, toggle, "Criteria that count: 2 of 11")]
                page.wait_for_function("() => document.body.textContent.includes("
                                       "'Criteria that count: 2 of 11')")
                rows.append(("DSM-5 explorer: supervision toggle -> result",
                             *measure(page, root, steps, clicks)))
                browser.close()
        finally:
            server.stop()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clicks", type=int, default=20, help="timed clicks per widget")
    args = parser.parse_args(argv)
    rows = run(args.clicks)
    print(f"\nClick to visible feedback, {args.clicks} clicks each (ms), "
          f"headless Chromium + JupyterLab on this machine\n")
    print(f"{'widget':46} {'in-page median':>14} {'max':>7} {'Playwright median':>18} "
          f"{'max':>7}")
    for name, in_page, seen in rows:
        print(f"{name:46} {statistics.median(in_page):14.1f} {max(in_page):7.1f} "
              f"{statistics.median(seen):18.1f} {max(seen):7.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
