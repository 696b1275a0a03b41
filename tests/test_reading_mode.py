"""The reading mode in a real browser: the lessons as Voilà pages (code hidden, widgets live,
every lesson run as it opens), served by the learner's JupyterLab (`make start`, Binder),
and the learner's JupyterLab itself.

One server with the learner's configuration (hrcourse.launch, as `make start` runs it)
serves a temporary copy of the course for the whole module; each test opens a fresh page.
Failing tests leave a screenshot and the server log in tests/artifacts/. With
HRCOURSE_SCREENSHOTS=1 a passing run also writes the README's two pictures of the modes.
"""

from __future__ import annotations

import json
import os
import re
import time

import pytest
from playwright.sync_api import expect

from hrcourse.content import repo_root
from hrcourse.content import selfcheck as selfcheck_content
from hrcourse.content import vignette as vignette_content
from hrcourse.content.knowledge_check import load_knowledge_check
from hrcourse.navigation import LAB_ONLY
from hrcourse.widgets.browser_store import STORAGE_KEY
from hrcourse.widgets.common import FIT_LABEL
from tests.support.browser import (
    LabServer,
    Notebook,
    ReadingPage,
    axe_violations,
    binder_urlpath,
    course_copy,
    expected_widgets,
    page_for_test,
)
from tests.test_browser import (
    BROWSER_HOLDS_JS,
    FOCUSED_JS,
    SCREENSHOTS,
    VIEWPORT,
    expect_text,
    focus_before,
    press_until,
)

pytestmark = pytest.mark.browser

ROOT = repo_root()
PAGES = [f"notebooks/{p.name}" for p in sorted((ROOT / "notebooks").glob("*.ipynb"))]
START = "notebooks/00_start_here.ipynb"
LESSON_01 = "notebooks/01_what_harm_reduction_means.ipynb"
CAPSTONE = "notebooks/11_conclusion_and_capstone.ipynb"
# What would show code or an error on a page: an input prompt or editor, a highlighted
# source, a traceback, or Voilà's own "There was an error when executing cell".
CODE = ".jp-InputPrompt, .jp-CodeCell .jp-InputArea, .highlight, .cm-editor, .CodeMirror"
ERRORS = (".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr'], "
          ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']")
ERROR_TEXT = re.compile(r"Traceback|There was an error when executing|Error displaying widget")
NEWS_PROMPT = "Would you like to get notified about official Jupyter news?"


# -- fixtures ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def learner(tmp_path_factory):
    """The learner's server: reading mode and JupyterLab, as `make start` runs them."""
    tmp = tmp_path_factory.mktemp("reading")
    course = course_copy(tmp / "course")
    server = LabServer(course, tmp / "lab-state", tmp / "progress" / "progress.json",
                       start_timeout=120, role="learner")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def page(browser, learner, request):
    """A fresh page; on failure a screenshot and the server log go to tests/artifacts/."""
    with page_for_test(browser, learner, request, viewport=VIEWPORT,
                       accept_downloads=True) as tab:
        yield tab


def fresh_progress(server: LabServer) -> None:
    server.progress.unlink(missing_ok=True)  # only this test's records


def saved(server: LabServer, timeout: float = 15) -> dict:
    """The records in the server's progress file (waiting for the file to be written)."""
    deadline = time.monotonic() + timeout
    while not server.progress.exists() and time.monotonic() < deadline:
        time.sleep(0.1)  # polling a file the kernel writes, not waiting for a page
    return json.loads(server.progress.read_text())["records"]


def picture(page, name: str) -> None:
    """A README picture of the page as it is (only with HRCOURSE_SCREENSHOTS=1)."""
    if os.environ.get("HRCOURSE_SCREENSHOTS") != "1":
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.mouse.move(0, 0)
    page.screenshot(path=str(path), clip={"x": 0, "y": 0, "width": VIEWPORT["width"],
                                          "height": 820})
    assert path.stat().st_size < 250_000, f"{path} is {path.stat().st_size} bytes"


# -- every page --------------------------------------------------------------------------
@pytest.mark.parametrize("path", PAGES)
def test_every_page_in_reading_mode_shows_its_widgets_and_no_code_or_error(page, learner,
                                                                          path):
    reading = ReadingPage.open(page, learner, path)
    widgets = expected_widgets(learner.root / path)
    assert reading.widget_views().count() == widgets, f"{path}: a widget is missing"
    assert not reading.widget_problems(), reading.widget_problems()
    assert page.locator(CODE).count() == 0, f"{path}: code is visible"
    assert page.locator(ERRORS).count() == 0, f"{path}: an error output is shown"
    for text in reading.body.locator(".jp-OutputArea").all_inner_texts():
        assert not ERROR_TEXT.search(text), f"{path}: {text[:300]}"
    # "choose Run All" is JupyterLab's alone; the bar links this page in JupyterLab
    for hidden in page.locator(f".{LAB_ONLY}").all():
        expect(hidden).to_be_hidden()
    title = json.loads((learner.root / path).read_text())["metadata"]["title"]
    assert page.title() == title and title.endswith("A Harm Reduction Approach to Therapy")
    lab_link = page.get_by_role("link", name="Open this page in JupyterLab")
    expect(lab_link).to_be_visible()
    assert lab_link.get_attribute("href").endswith(f"/lab/tree/{path}")
    problems = axe_violations(page, ["body"])
    assert not problems, f"{path}: accessibility violations:\n" + "\n".join(problems)
    if path == START:
        picture(page, "reading_mode")


# -- links ---------------------------------------------------------------------------------
def test_links_between_lessons_the_course_map_and_the_glossary_stay_in_reading_mode(
        page, learner):
    urlpath = binder_urlpath()  # where the README's Binder badge lands
    assert urlpath == f"voila/render/{START}", urlpath
    page.goto(learner.url(urlpath))
    start = ReadingPage(page, learner, START)
    start.wait_ready()
    heading = "01 What harm reduction means in counseling"
    start.body.get_by_role("link", name=re.compile(r"^01 What harm reduction means")).first \
        .click()
    ReadingPage(page, learner, LESSON_01).wait_ready()
    assert "/voila/render/notebooks/01_" in page.url
    expect(page.locator("h1", has_text=heading)).to_be_visible()

    page.get_by_role("link", name="Course map").first.click()
    ReadingPage(page, learner, START).wait_ready()
    assert page.url.endswith("00_start_here.ipynb#Course-map")
    expect(page.locator("#Course-map")).to_be_in_viewport()

    term = page.locator(".celltag_key-terms a").first
    target = term.get_attribute("href")
    assert target.startswith("glossary.ipynb#")
    term.click()
    ReadingPage(page, learner, "notebooks/glossary.ipynb").wait_ready()
    expect(page.locator(f"[id='{target.partition('#')[2]}']")).to_be_in_viewport()

    page.get_by_role("link", name="Open this page in JupyterLab").click()
    nb = Notebook(page, "notebooks/glossary.ipynb")
    nb.wait_ready()
    assert "/lab/tree/notebooks/glossary.ipynb" in page.url


# -- activities, with the mouse and with the keyboard alone ----------------------------------
def test_a_vignette_and_a_selfcheck_with_the_mouse_are_saved_and_shown_after_a_reload(
        page, learner):
    fresh_progress(learner)
    vignette = vignette_content.load_vignette("line-cook")
    choice = vignette.scenes[vignette.start].choice("a")
    item = selfcheck_content.find_item("01", "hr-definition")
    right = next(o for o in item.options if o.correct)
    wrong = next(o for o in item.options if not o.correct)

    reading = ReadingPage.open(page, learner, LESSON_01)
    player = reading.output_of('course.vignette("line-cook")')
    player.get_by_role("button", name="Respond A").click()
    expect_text(player, FIT_LABEL[choice.fit])
    check = reading.output_of('course.selfcheck("01", "hr-definition")')
    for option, verdict in ((wrong, "✘ Not quite"), (right, "✔ Correct")):
        label = check.locator(".widget-radio-box label", has_text=f"{option.id}) ")
        label.click()
        expect(label.locator("input")).to_be_checked()
        check.get_by_role("button", name="Check my answer").click()
        expect_text(check, verdict)
    records = saved(learner)
    assert records["selfcheck"]["01/hr-definition"]["status"] == "correct"
    assert "line-cook" in records["vignette"]
    # the browser's copy is kept in reading mode too
    page.wait_for_function(BROWSER_HOLDS_JS, arg=[STORAGE_KEY, records])

    page.reload()
    reading = ReadingPage(page, learner, LESSON_01)
    reading.wait_ready()
    expect_text(reading.output_of('course.vignette("line-cook")'), "(your current choice)")
    check = reading.output_of('course.selfcheck("01", "hr-definition")')
    expect_text(check, "✔ Correct")
    expect(check.get_by_role("radio", name=f"{right.id}) ")).to_be_checked()


# The focused radio is checked and has stayed so, unchanged, for 10 frames: the page has
# drawn what the kernel answered (Voilà shows no kernel status to wait on).
STEADY_JS = """() => new Promise(done => {
    const now = () => { const a = document.activeElement;
                        return a && a.type === 'radio' && a.checked ? a.id || a.value : null; };
    const first = now();
    const frames = (n) => n ? requestAnimationFrame(() => frames(n - 1))
                            : done(first !== null && now() === first);
    frames(10);
})"""


def arrow_to(page, option_id: str) -> None:
    """In the focused radio group, arrow keys until `option_id` is chosen."""
    for _ in range(12):
        now = page.evaluate(FOCUSED_JS)
        if now["checked"] and now["name"].startswith(f"{option_id})"):
            return
        page.keyboard.press("ArrowDown")
        page.wait_for_function(STEADY_JS)
    raise AssertionError(f"arrow keys never chose {option_id}); focus is on {now}")


def choose_by_keyboard(page, widget, option_id: str) -> None:
    """Tab into the first radio group of `widget`, then arrow keys to `option_id`."""
    focus_before(widget)
    press_until(page, "Tab", lambda f: f["kind"] == "radio")
    arrow_to(page, option_id)
    expect(widget.get_by_role("radio", name=f"{option_id}) ").first).to_be_checked()


def test_a_vignette_and_a_selfcheck_with_the_keyboard_alone(page, learner):
    fresh_progress(learner)
    vignette = vignette_content.load_vignette("line-cook")
    first = vignette.scenes[vignette.start].choice("a")
    item = selfcheck_content.find_item("01", "hr-definition")
    right = next(o for o in item.options if o.correct)
    reading = ReadingPage.open(page, learner, LESSON_01)

    player = reading.output_of('course.vignette("line-cook")')
    focus_before(player)
    press_until(page, "Tab", lambda f: f["name"] == "Respond A")
    page.keyboard.press("Enter")
    expect_text(player, FIT_LABEL[first.fit])
    expect_text(player.locator("[role=status]"), f"Response A: {FIT_LABEL[first.fit]}")
    press_until(page, "Tab", lambda f: f["name"] == "Continue →")
    page.keyboard.press("Space")
    expect_text(player, "Decision 2")

    check = reading.output_of('course.selfcheck("01", "hr-definition")')
    choose_by_keyboard(page, check, right.id)
    press_until(page, "Tab", lambda f: f["name"] == "Check my answer")
    page.keyboard.press("Enter")
    expect_text(check, "✔ Correct")
    assert saved(learner)["selfcheck"]["01/hr-definition"]["status"] == "correct"


def test_the_knowledge_check_with_the_mouse_before_and_the_keyboard_after(page, learner):
    """The before-check on the start page by mouse, the after-check at the end of the
    capstone by keyboard alone; the records are the ones JupyterLab writes."""
    fresh_progress(learner)
    check = load_knowledge_check()
    start = ReadingPage.open(page, learner, START)
    pre = start.output_of('course.knowledge_check("pre")')
    pre.locator(".widget-radio-box").first.locator(
        "label", has_text=re.compile(r"^b\) ")).click()
    pre.get_by_role("button", name="Submit my answers").click()
    expect_text(pre, "have no answer yet")
    pre.get_by_role("button", name="Submit anyway").click()
    expect_text(pre, "Before-check submitted")
    records = saved(learner)["knowledge-check"]
    assert records["pre"]["submitted_at"]

    capstone = ReadingPage.open(page, learner, CAPSTONE)
    post = capstone.output_of('course.knowledge_check("post")')
    items = check.form(records["assignment"]["post"])
    questions = post.locator(".hr-kc-item")
    focus_before(post)
    for n, item in enumerate(items):  # Tab from one question's options to the next's
        press_until(page, "Tab", lambda f: f["kind"] == "radio")
        arrow_to(page, item.key)
        expect(questions.nth(n).get_by_role("radio", name=f"{item.key}) ")).to_be_checked()
    press_until(page, "Tab", lambda f: f["name"] == "Submit my answers")
    page.keyboard.press("Enter")
    expect_text(post, f"After-check: {len(items)} of {len(items)} right")
    expect_text(post.locator("[role=status]"), "After-check submitted")
    assert saved(learner)["knowledge-check"]["post"]["submitted_at"]


# -- progress across the two modes -----------------------------------------------------------
def download_progress(page, footer, folder):
    footer.get_by_role("button", name="Download my progress").click()
    with page.expect_download() as caught:
        footer.get_by_role("link", name=re.compile(r"Download my-progress-.*\.json")).click()
    path = folder / caught.value.suggested_filename
    caught.value.save_as(path)
    return path


def upload_progress(page, panel, path) -> None:
    with page.expect_file_chooser() as chooser:
        panel.get_by_role("button", name=re.compile("Choose my progress file")).click()
    chooser.value.set_files(str(path))
    panel.get_by_role("button", name="Merge into my progress").click()


def test_progress_downloaded_in_reading_mode_restores_in_jupyterlab_and_back(
        page, learner, tmp_path):
    from hrcourse.progress import Progress

    fresh_progress(learner)
    store = Progress(learner.progress)
    store.set("reflection", "01", {"text": "Written in reading mode. Café ✔", "saved_at": "x"})
    reading = ReadingPage.open(page, learner, LESSON_01)
    footer = reading.output_of('course.keep_my_work("01")')
    footer.get_by_role("checkbox", name="Mark lesson 01 complete").check()
    expect_text(footer, "Marked complete")
    before = store.load()
    from_reading = download_progress(page, footer, tmp_path / "reading")
    assert json.loads(from_reading.read_text())["records"] == before["records"]

    learner.progress.unlink()  # a new session, now in JupyterLab
    nb = Notebook.open(page, learner, START)
    nb.run_all(expected_widgets(learner.root / START))
    panel = nb.output_of("course.continue_where_i_left_off()")
    upload_progress(page, panel, from_reading)
    expect_text(panel, "2 record(s) added")
    expect_text(panel, "Run ▸ Run All Cells")  # what JupyterLab asks for
    assert saved(learner) == before["records"]
    from_lab = download_progress(page, nb.output_of("course.keep_my_work()"),
                                 tmp_path / "lab")

    learner.progress.unlink()  # and back to reading mode
    reading = ReadingPage.open(page, learner, START)
    panel = reading.output_of("course.continue_where_i_left_off()")
    upload_progress(page, panel, from_lab)
    expect_text(panel, "2 record(s) added")
    expect_text(panel, "reload this page")  # what the reading mode asks for
    assert saved(learner) == before["records"]
    page.reload()
    lesson = ReadingPage.open(page, learner, LESSON_01)
    expect(lesson.output_of('course.keep_my_work("01")').get_by_role(
        "checkbox", name="Mark lesson 01 complete")).to_be_checked()
    expect(lesson.output_of('course.reflection("01")').locator("textarea")).to_have_value(
        "Written in reading mode. Café ✔")


def test_continue_where_i_left_off_restores_the_browsers_copy_in_reading_mode(page, learner):
    """Work saved in reading mode is kept in this browser too; in a new session (the
    progress file gone) the start page offers it back, and Restore brings every record."""
    fresh_progress(learner)
    item = selfcheck_content.find_item("01", "hr-definition")
    right = next(o for o in item.options if o.correct)
    lesson = ReadingPage.open(page, learner, LESSON_01)
    check = lesson.output_of('course.selfcheck("01", "hr-definition")')
    check.locator(".widget-radio-box label", has_text=f"{right.id}) ").click()
    check.get_by_role("button", name="Check my answer").click()
    expect_text(check, "✔ Correct")
    before = saved(learner)
    page.wait_for_function(BROWSER_HOLDS_JS, arg=[STORAGE_KEY, before])

    learner.progress.unlink()  # a new session in the same browser
    start = ReadingPage.open(page, learner, START)
    panel = start.output_of("course.continue_where_i_left_off()")
    expect_text(panel, "found in this browser")
    assert not learner.progress.exists(), "nothing may be restored before the learner chooses"
    panel.get_by_role("button", name="Restore").click()
    expect_text(panel, "record(s) added")
    expect_text(panel, "reload this page")
    assert saved(learner) == before


# -- the learner's JupyterLab ----------------------------------------------------------------
def test_the_learners_jupyterlab_shows_no_instructor_panel_and_no_news_prompt(page, learner):
    nb = Notebook.open(page, learner, START)
    nb.run_all(expected_widgets(learner.root / START))
    config = json.loads(page.locator("#jupyter-config-data").text_content())
    disabled = config["disabledExtensions"]
    for plugin in ("@jupyterlab/apputils-extension:announcements",
                   "@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment",
                   "@jupyter/nbgrader:course-list", "@jupyter/nbgrader:assignment-list",
                   "@jupyter/nbgrader:menu"):
        assert plugin in disabled, f"{plugin} is not disabled for a learner"
    menus = page.locator("#jp-menu-panel .lm-MenuBar-item").all_inner_texts()
    assert not [m for m in menus if "grader" in m.lower()], menus
    for name in ("Formgrader", "Create Assignment", "Assignments", "Courses"):
        expect(page.get_by_role("tab", name=name)).to_have_count(0)
    expect(page.get_by_text(NEWS_PROMPT)).to_have_count(0)
    nb.panel.locator(".jp-Cell").first.scroll_into_view_if_needed()
    picture(page, "learner_jupyterlab")
    for path in ("formgrader", "assignments", "courses"):
        status = page.request.get(learner.url(path)).status
        assert status == 404, f"/{path} answers {status} for a learner"
    # what a learner keeps: Validate on a quiz
    quiz = next(p for p in sorted((learner.root / "assignments").rglob("*.ipynb")))
    Notebook.open(page, learner, quiz.relative_to(learner.root).as_posix())
    expect(page.get_by_role("button", name=re.compile("Validate"))).to_be_visible()


def test_the_instructors_jupyterlab_keeps_nbgrader_and_no_news_prompt(browser, tmp_path):
    """`make instructor`: the same course with nbgrader's menu and Formgrader."""
    course = course_copy(tmp_path / "course")
    with LabServer(course, tmp_path / "state", tmp_path / "progress.json",
                   start_timeout=120, role="instructor") as server:
        context = browser.new_context(viewport=VIEWPORT)
        try:
            page = context.new_page()
            Notebook.open(page, server, START)
            expect(page.locator("#jp-menu-panel .lm-MenuBar-item",
                                has_text="Nbgrader")).to_be_visible()
            assert page.request.get(server.url("formgrader")).status != 404
            expect(page.get_by_text(NEWS_PROMPT)).to_have_count(0)
        finally:
            context.close()
            server.shutdown_kernels()


def test_the_reading_mode_serves_only_the_learners_own_exports(page, learner):
    """Voilà's /voila/files/ (file_allowlist / file_denylist in jupyter/common): the files
    the course writes for the learner, nothing else (no notebook, key, config or image)."""
    exports = learner.root / "notebooks" / "my-course-work"
    exports.mkdir(parents=True, exist_ok=True)
    for name in ("my-course-work.html", "my-course-work.csv", "certificate.pdf",
                 ".hidden.json"):
        (exports / name).write_text("x")
    (learner.root / "notebooks" / "picture.png").write_bytes(b"x")
    served = {name: f"notebooks/my-course-work/{name}"
              for name in ("my-course-work.html", "my-course-work.csv", "certificate.pdf")}
    refused = ["notebooks/my-course-work/.hidden.json", "notebooks/00_start_here.ipynb",
               "notebooks/picture.png", "nbgrader_config.py",
               *(p.relative_to(learner.root).as_posix()
                 for p in sorted(learner.root.rglob("*.ipynb"))[:3])]
    for path in served.values():
        assert page.request.get(learner.url(f"voila/files/{path}")).status == 200, path
    for path in refused:
        assert page.request.get(learner.url(f"voila/files/{path}")).status == 403, path
