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
from hrcourse.content import selfcheck as selfcheck_content
from hrcourse.content import vignette as vignette_content
from hrcourse.content.criteria import load_criteria
from hrcourse.content.stance import load_instrument
from hrcourse.logic.answers import answers_filename
from hrcourse.widgets.browser_store import STORAGE_KEY
from hrcourse.widgets.common import FIT_LABEL
from tests.support.browser import (
    ARTIFACTS,
    COURSE_CONTENT,
    LabServer,
    Notebook,
    axe_violations,
    binder_urlpath,
    choose,
    course_copy,
    expected_widgets,
    free_port,
    launch_chromium_profile,
    page_for_test,
)

pytestmark = pytest.mark.browser

ROOT = repo_root()
SCREENSHOTS = ROOT / "docs" / "screenshots"
VIEWPORT = {"width": 1340, "height": 1000}
LESSONS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


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
    with page_for_test(browser, lab, request, viewport=VIEWPORT) as tab:
        yield tab


def open_and_run(page, lab: LabServer, path: str) -> Notebook:
    """Open a notebook, Run ▸ Run All Cells, and check that every widget rendered and that
    what the course renders has no serious or critical WCAG 2.2 AA violation (axe-core)."""
    nb = Notebook.open(page, lab, path)
    widgets = expected_widgets(lab.root / path)
    nb.run_all(widgets)
    assert nb.widget_views().count() == widgets, f"{path}: not every widget cell shows a widget"
    assert not nb.widget_problems(), f"{path}: widgets did not render: {nb.widget_problems()}"
    problems = axe_violations(page, COURSE_CONTENT)
    assert not problems, f"{path}: accessibility violations:\n" + "\n".join(problems)
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
def test_start_page_in_jupyterlab_renders_its_widgets_and_leads_to_lesson_01(page, lab):
    # The Binder link opens it in reading mode (tests/test_reading_mode.py); here it is
    # the notebook in JupyterLab.
    start = binder_urlpath().removeprefix("voila/render/")
    page.goto(lab.lab_url(start))  # reset: no tabs restored from other tests
    nb = Notebook(page, start)
    nb.wait_ready()
    widgets = expected_widgets(lab.root / start)
    nb.run_all(widgets)
    assert nb.widget_views().count() == widgets
    assert not nb.widget_problems(), nb.widget_problems()
    problems = axe_violations(page, COURSE_CONTENT)
    assert not problems, "start page: accessibility violations:\n" + "\n".join(problems)
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
    vignette = vignette_content.load_vignette("line-cook")
    scene = vignette.scenes[vignette.start]
    nb = open_and_run(page, lab, "notebooks/01_what_harm_reduction_means.ipynb")
    player = nb.output_of('course.vignette("line-cook")')
    start = vignette.openness_start
    expect_text(player, f"Client's openness to talk: {start}/10")
    for choice in (scene.choice("a"), scene.choice("b")):
        player.get_by_role("button", name=f"Respond {choice.id.upper()}").click()
        now = max(0, min(10, start + choice.openness))
        expect_text(player, FIT_LABEL[choice.fit])
        expect_text(player, f"How {vignette.client.name} reacts:")
        expect_text(player, f"Client's openness to talk: {now}/10")
        expect_text(player, f"({now - start:+d} after your last response)")
        if choice.id == "a":
            shoot(page, player, "01_vignette")
    player.get_by_role("button", name="Continue →").click()
    expect_text(player, "Decision 2")


def test_dsm5_explorer_counts_tolerance_and_withdrawal_only_without_supervision(page, lab):
    criteria = {c.id: c for c in load_criteria().criteria}
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
    item = selfcheck_content.find_item("01", "hr-definition")
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
    ask = nb.widget_views().filter(has_text="Item 1:")
    choose(ask.get_by_role("radio", name="b) She has physical dependence"))
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
    item = selfcheck_content.find_item("02", "reasons-to-know")
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
    "10": 'course.vignette("after-release-confidentiality"',
    "11": 'course.vignette("capstone-daniel"',
}


@pytest.mark.parametrize("lesson", [n for n in LESSONS if n[:2] in LESSON_WIDGET])
def test_every_other_lesson_renders_all_its_widgets(page, lab, lesson):
    nb = open_and_run(page, lab, f"notebooks/{lesson}")
    code = LESSON_WIDGET[lesson[:2]]
    widget = nb.output_of(code).locator(".jupyter-widgets").first
    expect_visible(widget)
    slug = re.sub(r"\W+", "_", code.removeprefix("course.").split("(")[0])
    shoot(page, widget, f"{lesson[:2]}_{slug}", max_height=700 if "dataset" in slug else 820)


# The browser's copy holds exactly these records (compared as canonical JSON).
# The browser's copy holds these records (and, if given, these save times): the mirror
# writes asynchronously, so a test waits for it before ending a session.
BROWSER_HOLDS_JS = """([key, want, stamps]) => {
    const canon = (v) => Array.isArray(v) ? '[' + v.map(canon).join(',') + ']'
        : (v && typeof v === 'object') ? '{' + Object.keys(v).sort().map(
            k => JSON.stringify(k) + ':' + canon(v[k])).join(',') + '}' : JSON.stringify(v);
    const raw = localStorage.getItem(key);
    const doc = raw ? JSON.parse(raw) : {};
    return doc.format === 'hrcourse-progress' && canon(doc.records) === canon(want)
        && (stamps === undefined || stamps === null || canon(doc.stamps) === canon(stamps));
}"""


def test_a_new_session_in_the_same_browser_restores_every_record_and_the_widgets_show_it(
        playwright, tmp_path):
    """Session 1 works on the start page; the server stops, the home progress file is
    deleted (a new Binder session), the browser closes. Session 2 starts on the same port
    in the same browser profile: the start page offers the browser's copy, and Restore
    brings back every record, which the widgets then show."""
    start = "notebooks/00_start_here.ipynb"
    course = course_copy(tmp_path / "course")
    home = tmp_path / "home" / "progress.json"
    profile, port = tmp_path / "profile", free_port()
    check_item = selfcheck_content.find_item("00", "running-cells")
    right = next(o for o in check_item.options if o.correct)
    stance_item = load_instrument().items[0]
    text = "Session one: I want to notice my own reactions. Café ✔"

    context = launch_chromium_profile(playwright, profile, viewport=VIEWPORT)
    context.set_default_timeout(30_000)
    server = LabServer(course, tmp_path / "state-1", home, port=port)
    try:
        page = context.pages[0] if context.pages else context.new_page()
        nb = open_and_run(page, server, start)
        player = nb.output_of('course.vignette("first-phone-call")')
        player.get_by_role("button", name="Respond A").click()
        expect_text(player, "(your current choice)")
        check = nb.output_of('course.selfcheck("00", "running-cells")')
        choose_option(check, right.id)
        check.get_by_role("button", name="Check my answer").click()
        expect_text(check, "✔ Correct")
        survey = nb.output_of('course.stance("pre")')
        survey.get_by_role("button", name="Agree", exact=True).first.click()
        reflection = nb.output_of('course.reflection("00")')
        reflection.locator("textarea").fill(text)
        reflection.get_by_role("button", name="Save my reflection").click()
        expect_text(reflection, "✔ Saved")
        saved = json.loads(home.read_text())
        assert set(saved["records"]) == {"vignette", "selfcheck", "stance", "reflection"}
        assert saved["records"]["stance"]["pre"]["answers"] == {stance_item.id: 4}
        page.wait_for_function(BROWSER_HOLDS_JS,
                               arg=[STORAGE_KEY, saved["records"], saved["stamps"]])
    finally:
        server.stop()
        context.close()

    home.unlink()  # a new Binder session starts with an empty home
    context = launch_chromium_profile(playwright, profile, viewport=VIEWPORT)
    context.set_default_timeout(30_000)
    server = LabServer(course, tmp_path / "state-2", home, port=port)
    try:
        page = context.pages[0] if context.pages else context.new_page()
        nb = open_and_run(page, server, start)
        panel = nb.output_of("course.continue_where_i_left_off()")
        expect_text(panel, "found in this browser")
        expect_text(panel, "4 saved records")
        assert not home.exists(), "nothing may be restored before the learner chooses"
        panel.get_by_role("button", name="Restore").click()
        expect_text(panel, "4 record(s) added")
        restored = json.loads(home.read_text())
        assert restored["records"] == saved["records"]
        assert restored["stamps"] == saved["stamps"]

        nb.restart_and_run_all(expected_widgets(server.root / start))
        assert not nb.widget_problems(), nb.widget_problems()
        expect_text(nb.output_of('course.vignette("first-phone-call")'),
                    "(your current choice)")
        check = nb.output_of('course.selfcheck("00", "running-cells")')
        expect_text(check, "✔ Correct")
        expect(check.get_by_role("radio", name=f"{right.id}) ")).to_be_checked()
        expect(nb.output_of('course.reflection("00")').locator("textarea")).to_have_value(
            text)
        survey = nb.output_of('course.stance("pre")')
        expect(survey.locator(".widget-toggle-button.mod-active")).to_have_count(1)
        expect(survey.locator(".widget-toggle-button.mod-active")).to_have_text("Agree")
        expect_text(nb.output_of("course.continue_where_i_left_off()"),
                    "nothing in it that this session lacks")
    except BaseException:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "restore_from_browser.png"), full_page=True)
        shutil.copy2(server.log_path, ARTIFACTS / "restore_from_browser.jupyterlab.log")
        raise
    finally:
        server.stop()
        context.close()


def test_restoring_after_one_click_keeps_the_submitted_before_check_and_its_forms(page, lab):
    """Issue 25: a new session, one click in the before-check (a draft, on a fresh draw of
    forms); the browser holds an earlier session's progress with the before-check
    submitted on the other form. Restore: the submitted one counts, on the forms it used,
    the draft is kept as an earlier version, and the widget shows the check as done."""
    from hrcourse.content.knowledge_check import load_knowledge_check, other_form

    lab.progress.unlink(missing_ok=True)  # only this test's records
    start = "notebooks/00_start_here.ipynb"
    nb = open_and_run(page, lab, start)
    before = nb.output_of('course.knowledge_check("pre")')
    before.locator(".widget-radio-box").first.locator("label").first.click()
    for _ in range(100):  # the click's draft reaches the file
        if lab.progress.exists() and "pre" in json.loads(lab.progress.read_text()).get(
                "records", {}).get("knowledge-check", {}):
            break
        page.wait_for_timeout(100)
    draft = json.loads(lab.progress.read_text())["records"]["knowledge-check"]
    assert draft["pre"]["submitted_at"] is None
    earlier_form = other_form(draft["assignment"]["pre"])  # the other draw
    item = load_knowledge_check().form(earlier_form)[0]
    submitted = {"form": earlier_form, "answers": {item.id: "b"},
                 "fingerprints": {item.id: item.fingerprint()},
                 "submitted_at": "2026-11-20T09:05:00Z", "attempts": 1}
    assignment = {"pre": earlier_form, "post": other_form(earlier_form)}
    earlier = {"format": "hrcourse-progress", "version": 2,
               "course": "harm-reduction-approach-to-therapy",
               "saved_at": "2026-11-20T09:05:00Z", "created_at": "2026-11-20T09:00:00Z",
               "records": {"knowledge-check": {"assignment": assignment, "pre": submitted}},
               "stamps": {"knowledge-check": {"assignment": "2026-11-20T09:01:00Z",
                                              "pre": "2026-11-20T09:05:00Z"}}}
    # the browser holds the earlier session's progress (as its mirror kept it)
    page.evaluate("([key, doc]) => localStorage.setItem(key, doc)",
                  [STORAGE_KEY, json.dumps(earlier)])
    nb.restart_and_run_all(expected_widgets(lab.root / start))
    panel = nb.output_of("course.continue_where_i_left_off()")
    expect_text(panel, "found in this browser")
    panel.get_by_role("button", name="Restore").click()
    expect_text(panel, "it was submitted, or a submitted attempt used it")
    restored = json.loads(lab.progress.read_text())["records"]
    assert restored["knowledge-check"]["pre"] == submitted
    assert restored["knowledge-check"]["assignment"] == assignment
    kept = [v["value"] for v in restored["earlier-versions"].values()
            if v["section"] == "knowledge-check" and v["key"] == "pre"]
    assert kept == [draft["pre"]], "the draft is kept, not lost"

    nb.restart_and_run_all(expected_widgets(lab.root / start))
    expect_text(nb.output_of('course.knowledge_check("pre")'),
                "Before-check submitted (2026-11-20)")
    assert page.evaluate("(key) => JSON.parse(localStorage.getItem(key)).records"
                         "['knowledge-check'].pre.submitted_at", STORAGE_KEY) == \
        submitted["submitted_at"]


def choose_file(page, panel, path) -> None:
    """Press the upload button and pick `path` in the browser's file chooser."""
    with page.expect_file_chooser() as chooser:
        panel.get_by_role("button", name=re.compile("Choose my progress file")).click()
    chooser.value.set_files(str(path))


def test_my_progress_downloads_from_a_lesson_and_uploads_into_a_new_session(page, lab,
                                                                             tmp_path):
    """The file route in the real browser: the download is a file the browser saves; in a
    new session (the home progress file deleted) a damaged file is refused with nothing
    changed, and the downloaded one brings every record back."""
    from hrcourse.progress import Progress

    lab.progress.unlink(missing_ok=True)  # only this test's records
    store = Progress(lab.progress)
    store.set("reflection", "01", {"text": "Written in an earlier session.", "saved_at": "x"})
    store.set("stance", "pre", {"answers": {load_instrument().items[0].id: 2},
                                "scores": {}})
    before = store.load()
    start = "notebooks/00_start_here.ipynb"
    nb = open_and_run(page, lab, start)
    footer = nb.output_of("course.keep_my_work()")
    footer.get_by_role("button", name="Download my progress").click()
    with page.expect_download() as caught:
        footer.get_by_role("link", name=re.compile(r"Download my-progress-.*\.json")).click()
    downloaded = tmp_path / caught.value.suggested_filename
    caught.value.save_as(downloaded)
    assert json.loads(downloaded.read_text())["records"] == before["records"]

    lab.progress.unlink()  # a new session
    panel = nb.output_of("course.continue_where_i_left_off()")
    damaged = tmp_path / "damaged.json"
    damaged.write_text(downloaded.read_text()[:40])
    choose_file(page, panel, damaged)
    expect_text(panel, "Nothing was changed")
    assert not lab.progress.exists()

    choose_file(page, panel, downloaded)
    expect_text(panel, "holds 2 saved records")
    assert not lab.progress.exists(), "nothing changes before Merge"
    panel.get_by_role("button", name="Merge into my progress").click()
    expect_text(panel, "2 record(s) added")
    after = json.loads(lab.progress.read_text())
    assert after["records"] == before["records"] and after["stamps"] == before["stamps"]


QUIZZES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "assignments").rglob("*.ipynb"))


@pytest.mark.parametrize("path", ["notebooks/glossary.ipynb", *QUIZZES])
def test_the_glossary_and_every_quiz_have_no_serious_accessibility_violation(page, lab, path):
    if expected_widgets(lab.root / path):
        nb = open_and_run(page, lab, path)  # checks with axe-core too
        # the text of every label that holds a radio button or a check box
        names = nb.panel.evaluate("""p => Array.from(p.querySelectorAll('label'))
            .filter(l => l.querySelector('input[type=radio], input[type=checkbox]'))
            .map(l => l.textContent.trim())""")
        unnamed = [n for n in names if not re.match(r"^[a-z]\) \S", n)]
        assert names and not unnamed, f"options not named by their answer: {unnamed}"
    else:
        Notebook.open(page, lab, path)
        problems = axe_violations(page, COURSE_CONTENT)
        assert not problems, f"{path}: accessibility violations:\n" + "\n".join(problems)


def test_the_class_report_and_the_exported_summary_have_no_accessibility_violation(
        page, tmp_path):
    from hrcourse import summary
    from hrcourse.instructor import report
    from hrcourse.instructor.report import output
    from tests.support import synthetic_gradebook

    course = synthetic_gradebook.write_demo_course(tmp_path / "demo")
    synthetic_gradebook.build_class(course, synthetic_gradebook.DEMO_ID, 40)
    written = output.write(report.build_report(course, synthetic_gradebook.DEMO_ID),
                           tmp_path / "report")
    page.goto((tmp_path / "report" / "report.html").as_uri())
    problems = axe_violations(page, None, impacts=("serious", "critical", "moderate"))
    assert not problems, "class report:\n" + "\n".join(problems)
    assert any(p.name == "report.html" for p in written)

    records = {"reflection": {"01": {"text": "What I noticed <b>today</b>."}},
               "selfcheck": {"01/a": {"status": "correct", "first_status": "incorrect",
                                      "attempts": 2}}}
    md = summary.to_markdown(records, "A Harm Reduction Approach to Therapy",
                             {"01": "What harm reduction means"}, {})
    (tmp_path / "summary.html").write_text(summary.to_html(md), encoding="utf-8")
    page.goto((tmp_path / "summary.html").as_uri())
    problems = axe_violations(page, None, impacts=("serious", "critical", "moderate"))
    assert not problems, "exported summary:\n" + "\n".join(problems)


# -- keyboard only ----------------------------------------------------------------------
# What has the keyboard's focus: its name as a learner hears it, and whether the focus
# can be seen (an outline or a ring drawn by the browser or the widget's style).
FOCUSED_JS = """() => {
    const a = document.activeElement;
    if (!a || a === document.body) return {inside: false, name: '', kind: ''};
    const label = a.closest('label');
    const s = getComputedStyle(a);
    return {
        inside: !!a.closest('.jp-OutputArea-output'),
        kind: a.type || a.tagName.toLowerCase(),
        name: ((label ? label.textContent : a.textContent) || '').trim(),
        checked: !!a.checked,
        visible: a.matches(':focus-visible') && ((s.outlineStyle !== 'none'
                 && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none'),
    };
}"""


def focus_before(widget) -> None:
    """Where a keyboard user starts: just before the widget's first control (on screen:
    JupyterLab leaves cells far off screen out of the page)."""
    widget.scroll_into_view_if_needed()
    widget.evaluate("""e => { const o = e.closest('.jp-OutputArea-output')
                                       || e.querySelector('.jp-OutputArea-output');
                              o.setAttribute('tabindex', '-1'); o.focus(); }""")


def press_until(page, key: str, want, limit: int = 60) -> dict:
    """Press `key` until the focused control satisfies `want`; every control reached in
    the course's widgets must show its focus."""
    for _ in range(limit):
        page.keyboard.press(key)
        now = page.evaluate(FOCUSED_JS)
        if now["inside"]:
            assert now["visible"], f"focus is not visible on {now}"
        if want(now):
            return now
    raise AssertionError(f"{key} x{limit} never reached the control; focus is on {now}")


SETTLED_JS = """() => new Promise(done => {
    // the kernel has answered every change so far, and the page has drawn it
    const idle = () => document.querySelector(
        '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator')
        ?.getAttribute('data-status') === 'idle';
    const frames = (n) => n ? requestAnimationFrame(() => frames(n - 1))
                            : done(idle());
    frames(10);
})"""


def choose_by_keyboard(page, widget, option_id: str) -> None:
    """Tab into a radio group, then arrow keys until `option_id` is chosen, one key at a
    time, each answered by the kernel before the next (as a person's pace would)."""
    focus_before(widget)
    press_until(page, "Tab", lambda f: f["kind"] == "radio")
    for _ in range(12):
        now = page.evaluate(FOCUSED_JS)
        if now["checked"] and now["name"].startswith(f"{option_id})"):
            break
        page.keyboard.press("ArrowDown")
        page.wait_for_function(SETTLED_JS)
    expect(widget.get_by_role("radio", name=f"{option_id}) ")).to_be_checked()


def test_a_learner_completes_a_vignette_and_a_selfcheck_with_the_keyboard_alone(page, lab):
    vignette = vignette_content.load_vignette("line-cook")
    first = vignette.scenes[vignette.start].choice("a")
    item = selfcheck_content.find_item("01", "hr-definition")
    right = next(o for o in item.options if o.correct)
    nb = open_and_run(page, lab, "notebooks/01_what_harm_reduction_means.ipynb")

    player = nb.output_of('course.vignette("line-cook")')
    focus_before(player)
    press_until(page, "Tab", lambda f: f["name"] == "Respond A")
    page.keyboard.press("Enter")
    expect_text(player, FIT_LABEL[first.fit])
    expect_text(player.locator("[role=status]"), f"Response A: {FIT_LABEL[first.fit]}")
    press_until(page, "Tab", lambda f: f["name"] == "Continue →")
    page.keyboard.press("Space")
    expect_text(player, "Decision 2")
    # the Continue button is gone: the focus moved on to the new scene's first response
    page.wait_for_function(f"() => ({FOCUSED_JS})().name === 'Respond A'")
    said = player.locator("[role=status]")
    before = said.text_content()
    page.keyboard.press("Enter")  # decision 2's response A, and its feedback is read out
    expect(said).not_to_have_text(before)
    expect_text(said, "Response A: ")

    check = nb.output_of('course.selfcheck("01", "hr-definition")')
    choose_by_keyboard(page, check, right.id)
    press_until(page, "Tab", lambda f: f["name"] == "Check my answer")
    page.keyboard.press("Enter")
    expect_text(check, "✔ Correct")


def test_the_criteria_explorer_and_the_stance_survey_work_with_the_keyboard_alone(page, lab):
    criteria = {c.id: c for c in load_criteria().criteria}
    nb = open_and_run(page, lab, "notebooks/05_addiction_and_chemical_dependence.ipynb")
    explorer = nb.output_of("course.criteria_explorer()")
    focus_before(explorer)
    for cid in ("tolerance", "withdrawal"):
        c = criteria[cid]
        press_until(page, "Tab", lambda f, c=c: f["name"] == f"{c.number}. {c.text}")
        page.keyboard.press("Space")
    expect_text(explorer, "Criteria that count: 2 of 11")
    press_until(page, "Shift+Tab", lambda f: f["name"].startswith(
        f"{criteria['tolerance'].number}. "))  # back again, and off with Space
    page.keyboard.press("Space")
    expect_text(explorer, "Criteria that count: 1 of 11")

    nb = open_and_run(page, lab, "notebooks/00_start_here.ipynb")
    survey = nb.output_of('course.stance("pre")')
    focus_before(survey)
    press_until(page, "Tab", lambda f: f["name"] == "Agree")
    page.keyboard.press("Space")
    expect(survey.locator("button.mod-active", has_text=re.compile(r"^Agree$")).first) \
        .to_be_visible()
    press_until(page, "Tab", lambda f: f["name"] == "Show my profile", limit=200)
    page.keyboard.press("Enter")
    expect_text(survey, "You answered 1 of")


def test_a_graded_quiz_is_answered_with_the_keyboard_alone(page, lab):
    name = "quiz0_practice"
    nb = open_and_run(page, lab, f"assignments/{name}/{name}.ipynb")
    ask = nb.widget_views().filter(has_text="Item 1:")
    choose_by_keyboard(page, ask, "a")  # a change even if b was saved before
    choose_by_keyboard(page, ask, "b")
    expect_text(ask, "Saved answer for item 1: b")
    expect_text(ask.locator("[role=status]"), "Saved answer for item 1: b")  # read out
    saved = lab.root / "assignments" / name / answers_filename(name)
    assert json.loads(saved.read_text())["answers"] == {"1": "b"}


def test_a_lesson_and_a_quiz_pass_the_checks_in_jupyterlabs_dark_theme(page, lab):
    """Contrast and the rest of WCAG AA in the dark theme too: the course colours borders
    and bars only, and takes text colours from the theme."""
    settings = (lab.state / "lab-settings" / "@jupyterlab" / "apputils-extension"
                / "themes.jupyterlab-settings")
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(json.dumps({"theme": "JupyterLab Dark"}))
    try:
        for path in ("notebooks/01_what_harm_reduction_means.ipynb",
                     "assignments/quiz0_practice/quiz0_practice.ipynb"):
            nb = open_and_run(page, lab, path)  # checks with axe-core too
            assert page.evaluate(
                "() => document.body.dataset.jpThemeLight") == "false", "not the dark theme"
            player = nb.widget_views().first
            expect_visible(player)
    finally:
        settings.unlink()


# -- the knowledge check and the certificate ------------------------------------------
def test_a_learner_takes_both_checks_marks_lessons_done_and_downloads_the_certificate(
        page, lab, tmp_path):
    """The whole path of issue 15 in the browser: the before-check on the start page (no
    feedback), lessons marked complete, the after-check at the end of the capstone (gain
    and feedback), then the certificate downloaded as HTML and PDF and checked: its
    contents, and the page against axe-core."""
    from hrcourse.content.knowledge_check import load_knowledge_check
    from hrcourse.progress import Progress
    from hrcourse.records import LESSON_DONE
    from hrcourse.syllabus import course_map
    from hrcourse.widgets.completion import required_lessons
    from tests.test_knowledge_check import _pdf_text

    lab.progress.unlink(missing_ok=True)  # only this test's records
    store = Progress(lab.progress)
    lessons = required_lessons()
    store.update({(LESSON_DONE.section, lesson.id): {"done_at": "2026-11-30T09:00:00Z"}
                  for lesson in lessons if lesson.id != "11"})
    check = load_knowledge_check()

    start = open_and_run(page, lab, "notebooks/00_start_here.ipynb")
    pre = start.output_of('course.knowledge_check("pre")')
    pre.locator(".widget-radio-box").first.locator(
        "label", has_text=re.compile(r"^b\) ")).click()
    pre.get_by_role("button", name="Submit my answers").click()
    expect_text(pre, "have no answer yet")
    pre.get_by_role("button", name="Submit anyway").click()
    expect_text(pre, "Before-check submitted")
    expect(pre).not_to_contain_text("Correct")  # nothing given away before the end
    saved = json.loads(lab.progress.read_text())["records"]["knowledge-check"]
    assert saved["pre"]["submitted_at"] and saved["pre"]["form"] == saved["assignment"]["pre"]

    nb = open_and_run(page, lab, "notebooks/11_conclusion_and_capstone.ipynb")
    post = nb.output_of('course.knowledge_check("post")')
    form = saved["assignment"]["post"]
    items = check.form(form)
    questions = post.locator(".hr-kc-item")
    choose_by_keyboard(page, questions.first, items[0].key)  # the keyboard works here too
    last = items[-1]
    for n, item in enumerate(items[1:], start=1):  # the last one answered wrongly
        letter = item.key if item is not last else next(k for k in "abcd" if k != last.key)
        label = questions.nth(n).locator("label", has_text=re.compile(rf"^{letter}\) "))
        label.click()
        expect(label.locator("input")).to_be_checked()
    post.get_by_role("button", name="Submit my answers").click()
    total = len(items)
    expect_text(post, f"After-check: {total - 1} of {total} right")
    expect_text(post, "Normalized gain")
    expect_text(post.locator("[role=status]"), "After-check submitted")
    lesson = next(r for r in course_map() if r.id == last.objective.split(".")[0])
    review = post.get_by_role("link", name=f"{lesson.id} {lesson.title}")
    assert review.evaluate("a => a.href").endswith(f"/lab/tree/notebooks/{lesson.notebook}")
    problems = axe_violations(page, COURSE_CONTENT)
    assert not problems, "results: accessibility violations:\n" + "\n".join(problems)

    footer = nb.output_of('course.keep_my_work("11")')
    footer.get_by_role("checkbox", name="Mark lesson 11 complete").check()
    expect_text(footer, f"{len(lessons)} of {len(lessons)} lessons marked complete")

    maker = nb.output_of("course.certificate()")
    maker.get_by_role("textbox", name="Your name as it should appear").fill("Nguyễn Ánh Rivera")
    maker.get_by_role("button", name="Make my certificate").click()
    expect_text(maker, "Certificate written")
    files = {}
    for name in ("certificate.html", "certificate.pdf"):
        with page.expect_download() as caught:
            maker.get_by_role("link", name=f"Download {name}").click()
        files[name] = tmp_path / caught.value.suggested_filename
        caught.value.save_as(files[name])
    pdf = " ".join(_pdf_text(files["certificate.pdf"].read_bytes()).split())
    html_page = files["certificate.html"].read_text(encoding="utf-8")
    minutes = sum(lesson.minutes for lesson in lessons)
    for text in (html_page, pdf):
        assert "Nguyễn Ánh Rivera" in text and "A Harm Reduction Approach to Therapy" in text
        assert f"{len(lessons)} of {len(lessons)}" in text and f"{minutes} minutes" in text
        assert f"{round(100 * (total - 1) / total)}% (pass mark " in text
        assert "not accredited" in text
    page.goto(files["certificate.html"].as_uri())
    problems = axe_violations(page, None, impacts=("serious", "critical", "moderate"))
    assert not problems, "certificate page:\n" + "\n".join(problems)


def test_a_long_name_without_spaces_stays_inside_the_certificate_page(browser):
    """The longest name the certificate takes, as one word (no JupyterLab needed)."""
    from hrcourse.certificate_page import to_html
    from hrcourse.logic.certificate import MAX_NAME, Certificate, LessonInfo

    cert = Certificate("W" * MAX_NAME, "A Harm Reduction Approach to Therapy",
                       [LessonInfo("01", "What harm reduction means", 70)], 0.9, 0.8,
                       "30 November 2026")
    tab = browser.new_page(viewport={"width": 900, "height": 800})
    try:
        tab.set_content(to_html(cert))
        sizes = tab.evaluate("""() => { const m = document.querySelector('main');
            return {page: document.documentElement.scrollWidth,
                    window: document.documentElement.clientWidth,
                    main: m.getBoundingClientRect().right,
                    name: Math.max(...[...document.querySelectorAll('.name, dd')]
                        .map(e => e.getBoundingClientRect().right))}; }""")
    finally:
        tab.close()
    assert sizes["page"] <= sizes["window"] and sizes["name"] <= sizes["main"], sizes


def test_the_name_and_reflection_boxes_show_a_visible_focus_outline(page, lab):
    """ipywidgets marks a focused text box only by a faint 1px border; the course's text
    boxes get an outline. press_until checks the focus is visible on every control."""
    nb = open_and_run(page, lab, "notebooks/11_conclusion_and_capstone.ipynb")
    for code, kind in (("course.certificate()", "text"),
                       ('course.reflection("11")', "textarea")):
        focus_before(nb.output_of(code))
        reached = press_until(page, "Tab", lambda f, k=kind: f["kind"] == k, limit=8)
        assert reached["inside"] and reached["visible"], (code, reached)


OVERFLOW_JS = """(out) => { const edge = out.getBoundingClientRect().right + 1;
    return [...out.querySelectorAll('button, input')]
        .filter(e => e.getBoundingClientRect().right > edge)
        .map(e => (e.textContent || e.getAttribute('aria-label') || e.type).trim()); }"""


def test_move_buttons_and_the_name_box_fit_a_narrow_window(page, lab):
    """At 760 px (a narrow window, or about 175% zoom) no button or text box of the
    put-in-order exercise or the certificate runs past the right edge of its output."""
    for path, code in (("notebooks/09_overdose_response_and_drug_supply.ipynb",
                        'course.sequence("opioid-overdose")'),
                       ("notebooks/11_conclusion_and_capstone.ipynb", "course.certificate()")):
        nb = open_and_run(page, lab, path)
        page.set_viewport_size({"width": 760, "height": VIEWPORT["height"]})
        try:
            out = nb.output_of(code).locator(".jp-OutputArea-output").first
            out.scroll_into_view_if_needed()
            page.wait_for_function(SETTLED_JS)
            assert out.evaluate(OVERFLOW_JS) == [], (code, out.evaluate(OVERFLOW_JS))
        finally:
            page.set_viewport_size(VIEWPORT)


def choose_label_by_keyboard(page, label: str) -> None:
    """From outside a radio group, Tab into it and use Space / the arrow keys until the
    option named `label` is chosen (options without a letter, as in the screening scorer)."""
    press_until(page, "Tab", lambda f: f["kind"] == "radio")
    for _ in range(8):
        now = page.evaluate(FOCUSED_JS)
        if now["name"] == label:
            if not now["checked"]:
                page.keyboard.press("Space")
            page.wait_for_function(SETTLED_JS)
            break
        page.keyboard.press("ArrowDown")
        page.wait_for_function(SETTLED_JS)
    now = page.evaluate(FOCUSED_JS)
    assert now["name"] == label and now["checked"], now


def test_the_screening_scorer_is_used_with_the_keyboard_alone_and_reads_out_the_result(
        page, lab):
    from hrcourse.content.screening import find_tool
    from hrcourse.logic.screening import client_key

    tool = find_tool("audit-c")
    key = client_key(tool)
    nb = open_and_run(page, lab, "notebooks/08_screening_and_levels_of_care.ipynb")
    scorer = nb.output_of('course.screening("audit-c")')
    focus_before(scorer)
    for question in tool.questions:
        choose_label_by_keyboard(page, question.option(key[question.id]).label)
    choose_label_by_keyboard(page, "Women's cut-off")
    press_until(page, "Tab", lambda f: f["name"] == "Score these answers")
    page.keyboard.press("Enter")
    expect_text(scorer, "AUDIT-C score: 3 of 12. Positive screen for women (3 or more).")
    expect_text(scorer, "Every answer fits what Rosa said")
    expect_text(scorer.locator("[role=status]"), "AUDIT-C score: 3 of 12.")  # read out


def test_the_overdose_sequence_is_put_in_order_with_the_keyboard_alone(page, lab):
    from hrcourse.content.sequence import find_sequence

    seq = find_sequence("opioid-overdose")
    first = seq.step(seq.start[0])
    nb = open_and_run(page, lab, "notebooks/09_overdose_response_and_drug_supply.ipynb")
    exercise = nb.output_of('course.sequence("opioid-overdose")')
    focus_before(exercise)
    # the first step's Move up is disabled, so its Move down is the first control reached
    press_until(page, "Tab", lambda f: f["name"].startswith("Move down"))
    # each button's name says which step it moves (every row has a Move up and a Move down)
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == \
        f"Move down: “{first.short}” (now step 1 of {len(seq.steps)})"
    page.keyboard.press("Enter")
    said = exercise.locator("[role=status]")
    expect_text(said, f"“{first.short}” is now step 2 of {len(seq.steps)}.")
    # the rows were redrawn; the focus stayed on the moved step's Move down button
    page.wait_for_function(f"() => document.activeElement.classList.contains("
                           f"'hr-seq-down-{first.id}')")
    page.keyboard.press("Enter")
    expect_text(said, f"“{first.short}” is now step 3 of {len(seq.steps)}.")
    press_until(page, "Tab", lambda f: f["name"] == "Check my order", limit=30)
    page.keyboard.press("Enter")
    expect_text(said, "steps are in the right place")
    expect_text(exercise, "✔ In the right place.")  # "Give naloxone" belongs at step 3
