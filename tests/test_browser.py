"""The course in a real browser: JupyterLab 4 and ipywidgets 8 in headless Chromium.

One JupyterLab serves a temporary copy of the course for the whole session; each test
opens a fresh browser page and ends with every kernel shut down. Failing tests leave a
screenshot and the server log in tests/artifacts/. With HRCOURSE_SCREENSHOTS=1 a passing
run also writes the README pictures to docs/screenshots/.
"""

from __future__ import annotations

import json
import os
import re
import shutil

import pytest
from playwright.sync_api import expect

from hrcourse.content import repo_root
from hrcourse.logic import criteria as criteria_logic
from hrcourse.logic import selfcheck as selfcheck_logic
from hrcourse.logic import vignette as vignette_logic
from hrcourse.logic.answers import answers_filename
from hrcourse.testing_browser import (
    LabServer,
    Notebook,
    binder_urlpath,
    course_copy,
    expected_widgets,
)
from hrcourse.widgets.common import FIT_LABEL

pytestmark = pytest.mark.browser

ROOT = repo_root()
ARTIFACTS = ROOT / "tests" / "artifacts"
SCREENSHOTS = ROOT / "docs" / "screenshots"
VIEWPORT = {"width": 1340, "height": 1000}
LESSONS = sorted(p.name for p in (ROOT / "notebooks").glob("0*.ipynb"))


# -- fixtures ----------------------------------------------------------------------------
@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """JupyterLab on a temporary copy of the course, stopped at the end even on failure."""
    tmp = tmp_path_factory.mktemp("browser")
    course = course_copy(tmp / "course")
    server = LabServer(course, tmp / "lab-state", tmp / "progress" / "progress.json")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def page(browser, lab, request):
    """A fresh page; on failure a screenshot and the server log go to tests/artifacts/."""
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(30_000)
    tab = context.new_page()
    failed_before = request.session.testsfailed
    try:
        yield tab
    finally:
        if request.session.testsfailed > failed_before:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            name = re.sub(r"[^\w.-]+", "_", request.node.name)
            try:
                tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
            except Exception as err:  # the page may be gone; the log still helps
                print(f"no screenshot: {err}")
            shutil.copy2(lab.log_path, ARTIFACTS / f"{name}.jupyterlab.log")
        context.close()
        lab.shutdown_kernels()


def open_and_run(page, lab: LabServer, path: str) -> Notebook:
    """Open a notebook, Run ▸ Run All Cells, and check that every widget rendered."""
    nb = Notebook.open(page, lab, path)
    widgets = expected_widgets(lab.root / path)
    nb.run_all(widgets)
    assert nb.widget_views().count() == widgets, f"{path}: not every widget cell shows a widget"
    assert not nb.widget_problems(), f"{path}: widgets did not render: {nb.widget_problems()}"
    return nb


# Scroll an element to the top and wait until the notebook's windowing has stopped
# moving it (the same position for 10 frames in a row).
SETTLE_AT_TOP_JS = """async (el) => {
    const frame = () => new Promise(r => requestAnimationFrame(() => r()));
    await document.fonts.ready;
    let last = null, still = 0;
    for (let i = 0; i < 300 && still < 10; i++) {
        const top = el.getBoundingClientRect().top;
        if (top < 0 || top > 120) el.scrollIntoView({block: 'start'});
        await frame();
        const now = el.getBoundingClientRect().top;
        still = (now === last && now >= 0 && now <= 120) ? still + 1 : 0;
        last = now;
    }
    if (still < 10) throw new Error('the element kept moving');
    const r = el.getBoundingClientRect();
    return {x: r.x, y: r.y, width: r.width, height: r.height};
}"""
SHOT_VIEWPORT = {"width": VIEWPORT["width"], "height": 1400}


def shoot(page, locator, name: str, max_height: int = 820) -> None:
    """A README picture of one widget, at most 1000 px wide (only with HRCOURSE_SCREENSHOTS=1)."""
    if os.environ.get("HRCOURSE_SCREENSHOTS") != "1":
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.set_viewport_size(SHOT_VIEWPORT)  # room for a tall widget
    try:
        page.mouse.move(0, 0)  # no hover highlight in the picture
        for _ in range(5):
            box = locator.evaluate(SETTLE_AT_TOP_JS)
            top = max(box["y"] - 8, 0)
            clip = {"x": max(box["x"] - 8, 0), "y": top, "width": min(box["width"] + 16, 1000),
                    "height": min(box["height"] + 16, max_height,
                                  SHOT_VIEWPORT["height"] - top)}
            page.screenshot(path=str(path), clip=clip)
            after = locator.bounding_box()
            if after and abs(after["y"] - box["y"]) < 1:
                break
        else:
            raise AssertionError(f"{name}: the widget kept moving; no steady picture")
    finally:
        page.set_viewport_size(VIEWPORT)
    assert path.stat().st_size < 150_000, f"{path} is {path.stat().st_size} bytes"


# -- tests -------------------------------------------------------------------------------
def test_start_page_from_the_binder_link_renders_its_widgets_and_leads_to_lesson_01(page, lab):
    urlpath = binder_urlpath()
    assert urlpath.startswith("lab/tree/"), urlpath
    start = urlpath.removeprefix("lab/tree/")
    page.goto(lab.url(f"{urlpath}?reset"))  # reset: no tabs restored from other tests
    nb = Notebook(page, start)
    nb.wait_ready()
    widgets = expected_widgets(lab.root / start)
    nb.run_all(widgets)
    assert nb.widget_views().count() == widgets
    assert not nb.widget_problems(), nb.widget_problems()
    nb.panel.locator(".jp-Cell").first.scroll_into_view_if_needed()
    shoot(page, nb.panel, "00_start_here", max_height=720)

    title = json.loads((lab.root / "notebooks" / LESSONS[1]).read_text())["cells"][1]
    heading = "".join(title["source"]).removeprefix("# ").strip()
    nb.panel.get_by_role("link", name=f"{heading} →").first.click()
    lesson = page.locator(Notebook.PANEL)
    expect_visible(lesson.locator("h1", has_text=heading))
    expect(page.locator("#jp-main-dock-panel .lm-TabBar-tab.jp-mod-current")).to_have_text(
        LESSONS[1])


def expect_visible(locator, timeout: float = 30_000) -> None:
    expect(locator).to_be_visible(timeout=timeout)


def expect_text(locator, text, timeout: float = 30_000) -> None:
    expect(locator).to_contain_text(text, timeout=timeout)


def choose_option(widget, option_id: str) -> None:
    """Click a radio option's text, as a learner does, and see it selected."""
    label = widget.locator(".widget-radio-box label", has_text=f"{option_id}) ")
    label.click()
    expect(label.locator("input")).to_be_checked()


def test_vignette_choice_shows_feedback_and_moves_the_openness_indicator(page, lab):
    vignette = vignette_logic.load_vignette("line-cook")
    scene = vignette.scenes[vignette.start]
    nb = open_and_run(page, lab, "notebooks/01_what_harm_reduction_means.ipynb")
    player = nb.output_of('course.vignette("line-cook")')
    start = vignette.openness_start
    expect_text(player, f"Client's openness to talk: {start}/10")
    for choice in (scene.choice("a"), scene.choice("b")):
        player.get_by_role("button", name=f"Respond {choice.id.upper()}").click()
        now = max(0, min(10, start + choice.openness))
        expect_text(player, FIT_LABEL[choice.fit])
        expect_text(player, f"How {vignette.client_name} reacts:")
        expect_text(player, f"Client's openness to talk: {now}/10")
        expect_text(player, f"({now - start:+d} after your last response)")
        if choice.id == "a":
            shoot(page, player, "01_vignette")
    player.get_by_role("button", name="Continue →").click()
    expect_text(player, "Decision 2")


def test_dsm5_explorer_counts_tolerance_and_withdrawal_only_without_supervision(page, lab):
    criteria = {c.id: c for c in criteria_logic.load_criteria().criteria}
    nb = open_and_run(page, lab, "notebooks/05_addiction_and_chemical_dependence.ipynb")
    explorer = nb.output_of("course.criteria_explorer()")
    for cid in ("tolerance", "withdrawal"):
        c = criteria[cid]
        explorer.get_by_role("checkbox", name=f"{c.number}. {c.text}").check()
    expect_text(explorer, "Criteria that count: 2 of 11")
    supervised = explorer.get_by_role(
        "checkbox", name="Taken only as prescribed, under appropriate medical supervision")
    supervised.check()
    expect_text(explorer, "Criteria that count: 0 of 11")
    expect_text(explorer, "No substance use disorder")
    expect_text(explorer, "Ticked but not counted")
    shoot(page, explorer.locator(".jupyter-widgets").first, "05_criteria_explorer",
          max_height=1300)
    supervised.uncheck()
    expect_text(explorer, "Criteria that count: 2 of 11")
    expect_text(explorer, "Mild substance use disorder")


def test_selfcheck_answered_wrongly_then_rightly_shows_both_feedbacks(page, lab):
    item = selfcheck_logic.find_item("01", "hr-definition")
    right = next(o for o in item.options if o.correct)
    wrong = next(o for o in item.options if not o.correct)
    nb = open_and_run(page, lab, "notebooks/01_what_harm_reduction_means.ipynb")
    check = nb.output_of('course.selfcheck("01", "hr-definition")')
    choose_option(check, wrong.id)
    check.get_by_role("button", name="Check my answer").click()
    expect_text(check, "✘ Not quite")
    expect_text(check, "You can change your answer and check again")
    choose_option(check, right.id)
    check.get_by_role("button", name="Check my answer").click()
    expect_text(check, "✔ Correct")
    expect(check).not_to_contain_text("✘ Not quite")


def test_every_selfcheck_option_fits_its_line_and_can_be_clicked(page, lab):
    nb = open_and_run(page, lab, "notebooks/01_what_harm_reduction_means.ipynb")
    labels = nb.panel.locator(".widget-radio-box label")
    assert labels.count() > 0
    overflowing = labels.evaluate_all(
        "ls => ls.filter(l => l.scrollHeight > l.clientHeight + 1)"
        "       .map(l => l.textContent.slice(0, 60))")
    assert not overflowing, f"options spilling over the next one: {overflowing}"
    for radio in nb.panel.locator(".widget-radio-box input").all():
        radio.click(trial=True, timeout=2_000)  # fails if another option covers it


def test_graded_quiz_answered_by_clicks_is_saved_and_graded_by_nbgrader(page, lab):
    from nbgrader.api import Gradebook

    from hrcourse.instructor.course import api

    name, student = "quiz0_practice", "browser-student"
    handle = api(lab.root)
    result = handle.generate_assignment(name, force=True)  # puts the quiz in the gradebook
    assert result["success"], result.get("error") or result.get("log")
    folder = lab.root / "assignments" / name
    answers = folder / answers_filename(name)
    assert not answers.exists()

    nb = open_and_run(page, lab, f"assignments/{name}/{name}.ipynb")
    ask = nb.output_of("quiz.ask(1, 'abc')")
    ask.get_by_role("radio", name="b)").check()
    expect_text(ask, "Saved answer for item 1: b")
    shoot(page, ask, "quiz_click_answer", max_height=300)
    nb.save()
    assert json.loads(answers.read_text())["answers"] == {"1": "b"}, answers.read_text()

    submitted = lab.root / "submitted" / student / name
    shutil.copytree(folder, submitted)
    result = handle.autograde(name, student, force=True, create=True)
    assert result["success"], result.get("error") or result.get("log")
    with Gradebook(f"sqlite:///{lab.root / 'gradebook.db'}") as gb:
        score = gb.find_submission(name, student).score
    assert score == 1.0, f"clicking b) should earn the 1 auto-graded point, got {score}"


def test_saved_progress_is_shown_again_after_restart_kernel_and_run_all(page, lab):
    path = "notebooks/02_why_clients_want_to_know.ipynb"
    item = selfcheck_logic.find_item("02", "reasons-to-know")
    right = next(o for o in item.options if o.correct)
    nb = open_and_run(page, lab, path)
    player = nb.output_of('course.vignette("nursing-student")')
    player.get_by_role("button", name="Respond A").click()
    expect_text(player, "(your current choice)")
    check = nb.output_of('course.selfcheck("02", "reasons-to-know")')
    choose_option(check, right.id)
    check.get_by_role("button", name="Check my answer").click()
    expect_text(check, "✔ Correct")

    nb.restart_and_run_all(expected_widgets(lab.root / path))
    assert not nb.widget_problems(), nb.widget_problems()
    player = nb.output_of('course.vignette("nursing-student")')
    check = nb.output_of('course.selfcheck("02", "reasons-to-know")')
    expect_text(player, "(your current choice)")
    expect_text(player, "✔ Strong response")
    expect_text(check, "✔ Correct")
    expect(check.get_by_role("radio", name=f"{right.id}) ")).to_be_checked()


# One widget per lesson for the README; every lesson must render all its widgets.
LESSON_WIDGET = {
    "02": 'course.vignette("nursing-student")',
    "03": 'course.vignette("veteran-after-dui"',
    "04": 'course.dataset_explorer("overdose_deaths"',  # a chart: heavier PNG
    "06": "course.treatment_explorer(",
    "07": "course.relapse_plan(",
    "08": 'course.vignette("capstone-daniel"',
}


@pytest.mark.parametrize("lesson", [n for n in LESSONS if n[:2] in LESSON_WIDGET])
def test_every_other_lesson_renders_all_its_widgets(page, lab, lesson):
    nb = open_and_run(page, lab, f"notebooks/{lesson}")
    code = LESSON_WIDGET[lesson[:2]]
    widget = nb.output_of(code).locator(".jupyter-widgets").first
    expect_visible(widget)
    slug = re.sub(r"\W+", "_", code.removeprefix("course.").split("(")[0])
    shoot(page, widget, f"{lesson[:2]}_{slug}", max_height=700 if "dataset" in slug else 820)
