"""A real class on the class hub (hub/jupyterhub_config.py), as root on this machine.

Real OS accounts (an instructor, three students) each run their own single-user server
through JupyterHub and its proxy; the nbgrader exchange is a shared folder. The instructor
releases a quiz; one student works in Chromium through the proxy (and their server is
stopped and started again by the hub mid-quiz), two through their server's REST API; the
instructor collects, grades (`hrcourse grade`), grades the written answer, releases
feedback; each student gets only their own; grades export with exact scores. The class is
given a copy of the course with a canary planted in every hidden test, item bank file and
its nbgrader_config.py; a student searches everything their account can read and finds
neither the canary nor any line of a hidden test that gives a key. The hub stops cleanly
and the accounts are removed.

Everything a run uses is its own (free ports chosen at run time, a temporary folder,
accounts with unique names), so class tests of other checkouts, browsers and Jupyter
servers can run alongside (tests/support/hub.py says what each of them once shared).

The quiz's keys are read from the hidden tests of its instructor version, so item
rewrites do not break this test.
"""

from __future__ import annotations

import ast
import csv
import html
import io
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from hrcourse import hub as classhub
from hrcourse.logic.answers import answers_filename, score
from tests.support.hub import (
    ClassAccounts,
    Hub,
    as_user,
    can_run_a_class,
    commands_of,
    processes_of,
    wait_for,
)

pytestmark = pytest.mark.hub
ROOT = Path(__file__).resolve().parent.parent
QUIZ = "quiz2_dependence"
WRITTEN = "Tolerance and withdrawal with a medicine taken as prescribed are not counted."
ARTIFACTS = ROOT / "tests" / "artifacts"


# -- the quiz, from its instructor version --------------------------------------------------
def quiz_items(student: str) -> dict[int, dict]:
    """item -> what `student` sees of it: their displayed key letters, the letters shown,
    many, points, and `ids` (displayed letter -> option id), from the instructor version
    and the student's own draw (the hub user name is their student id)."""
    from tests.support import synthetic

    quiz_id, salt, slots = synthetic.bank_quiz(ROOT, QUIZ)
    draws = synthetic.drawn(ROOT, QUIZ, student)
    items = {}
    for n, slot in slots.items():
        shown = dict(zip("abcdefgh", draws[n].order, strict=False))
        back = {o: letter for letter, o in shown.items()}
        key = slot.variants[draws[n].variant].key.split(",")
        items[n] = {"key": ",".join(sorted(back[k] for k in key)), "options": "".join(shown),
                    "many": slot.many, "points": slot.points, "ids": shown,
                    "variant": draws[n].variant}
    return items


def written_items() -> dict[str, float]:
    """grade_id -> points of the hand-graded (written) answers."""
    nb = json.loads((ROOT / "source" / QUIZ / f"{QUIZ}.ipynb").read_text())
    return {c["metadata"]["nbgrader"]["grade_id"]: float(c["metadata"]["nbgrader"]["points"])
            for c in nb["cells"] if c["cell_type"] == "markdown"
            and c["metadata"].get("nbgrader", {}).get("solution")
            and c["metadata"]["nbgrader"].get("grade")}


def canonical(item: dict, value: str) -> str:
    """An answer (displayed letters) as the status line shows it: letters in order."""
    return ",".join(sorted(value.split(","), key=item["options"].index))


def saved_ids(item: dict, value: str) -> str:
    """An answer (displayed letters) as the answers file saves it: option ids."""
    return ",".join(sorted(item["ids"][v] for v in value.split(",")))


def wrong_option(item: dict) -> str:
    return "a" if item["key"] != "a" else "b"


def auto_points(answers: dict[int, str], items: dict[int, dict]) -> float:
    """What the course's own scoring gives these answers."""
    return sum(score(answers.get(n), it["key"], it["options"], it["many"], it["points"],
                     "").points for n, it in items.items())


# -- the class and its hub ------------------------------------------------------------------
# Planted in the course's hidden tests, item bank and nbgrader_config.py: a student who can
# read any of them can read this.
CANARY = "hrcourse-canary-" + secrets.token_hex(8)
HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", re.S)


def course_with_canary(folder: Path) -> Path:
    """A copy of the course for the class, with CANARY in every hidden test, in every item
    bank file and in the instructor's nbgrader_config.py."""
    from hrcourse.instructor.course import copy_course

    copy_course(folder, ("notebooks", "source", "assignments", "nbgrader_config.py",
                         "instructor", "data"))
    for path in (folder / "source").rglob("*.ipynb"):
        nb = json.loads(path.read_text())
        for cell in nb["cells"]:
            text = "".join(cell["source"])
            if "### BEGIN HIDDEN TESTS\n" in text:
                cell["source"] = text.replace("### BEGIN HIDDEN TESTS\n",
                                              f"### BEGIN HIDDEN TESTS\n# {CANARY}\n")
        path.write_text(json.dumps(nb, indent=1))
    for path in [*(folder / "data" / "quizzes").glob("*.yml"), folder / "nbgrader_config.py"]:
        path.write_text(path.read_text() + f"\n# {CANARY}\n")
    return folder


def key_lines(course: Path) -> list[str]:
    """Every line of the course's hidden tests that gives a key (e.g. `quiz.grade(3,
    key='b', ...`), as written there."""
    lines = set()
    for path in (course / "source").rglob("*.ipynb"):
        for cell in json.loads(path.read_text())["cells"]:
            for block in HIDDEN.findall("".join(cell["source"])):
                lines |= {line.strip() for line in block.splitlines()
                          if "key" in line and len(line.strip()) >= 10}
    return sorted(lines)


@pytest.fixture(scope="module")
def hub():
    reason = can_run_a_class()
    if reason:
        pytest.fail(f"the class test {reason}", pytrace=False)
    # Not under pytest's temporary folder: every pytest session (any engineer's, as root)
    # resets it to 0700, which would lock the class out of the exchange mid-run.
    work = Path(tempfile.mkdtemp(prefix="hrcourse-hub-"))
    work.chmod(0o755)
    accounts = ClassAccounts()
    server = None
    try:
        course = course_with_canary(work / "course")
        accounts.create()
        server = Hub(work, accounts, course=course)
        yield server
    finally:
        if server:
            server.stop()
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            (ARTIFACTS / "hub.log").write_text(server.log_tail(400))
        accounts.remove()
        shutil.rmtree(work, ignore_errors=True)


@pytest.fixture(scope="module")
def released(hub):
    """The instructor generates and releases the quiz from the formgrader of their server."""
    prof = hub.cls.instructor
    hub.start_server(prof)
    assert hub.user_api(prof, "formgrader/api/status")["status"] is True
    assignment = hub.user_api(prof, f"formgrader/api/assignment/{QUIZ}/assign", "POST",
                              timeout=300)
    assert assignment["success"], assignment
    release = hub.user_api(prof, f"formgrader/api/assignment/{QUIZ}/release", "POST")
    assert release["success"], release
    return QUIZ


def assignment_state(hub: Hub, user: str) -> dict:
    listing = hub.user_api(user, "assignments?course_id=harm-reduction-therapy")
    assert listing["success"], listing
    states = {a["assignment_id"]: a["status"] for a in listing["value"]}
    return states


# -- a student in Chromium, through the proxy ----------------------------------------------
def saved_status(ask, n: int, value: str):
    """The line under a question saying which answer is saved."""
    return ask.locator("small", has_text=f"Saved answer for item {n}: {value}")


def click_item(nb, n: int, item: dict, value: str) -> None:
    from tests.support.browser import choose

    ask = nb.widget_views().filter(has_text=f"Item {n}:")
    for option in value.split(","):
        role = "checkbox" if item["many"] else "radio"
        choose(ask.get_by_role(role, name=re.compile(rf"^{option}\)")))
    saved_status(ask, n, canonical(item, value)).wait_for()


def test_a_student_in_chromium_answers_by_clicking_and_keeps_their_work_when_the_hub_restarts_their_server(  # noqa: E501
        hub, released, browser):
    from tests.support.browser import Notebook

    student = hub.cls.students["ana"]
    items = quiz_items(student)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(60_000)
    page = context.new_page()
    try:
        # log in with the account's system password (PAM); the hub starts the server
        page.goto(f"{hub.base}/hub/login")
        page.fill("#username_input", student)
        page.fill("#password_input", hub.cls.passwords[student])
        page.click("#login_submit")
        page.wait_for_url(re.compile(rf"/user/{student}/lab"), timeout=240_000)
        assert hub.server_ready(student)

        # fetch from nbgrader's assignment list, in JupyterLab (no Formgrader for students)
        row = assignment_list(page, hub, student, "released")
        page.locator("#jp-menu-panel .lm-MenuBar-item", has_text="Nbgrader").click()
        entries = page.locator(".lm-Menu .lm-Menu-itemLabel").all_inner_texts()
        assert "Assignment List" in entries and "Formgrader" not in entries, entries
        page.keyboard.press("Escape")
        row.get_by_role("button", name="Fetch").click()
        assignment_row(page, "fetched").get_by_role("button", name="Submit").wait_for()
        assert assignment_state(hub, student)[QUIZ] == "fetched"

        lab = _LabAt(hub, student)
        nb = Notebook.open(page, lab, f"{QUIZ}/{QUIZ}.ipynb", timeout=180_000)
        nb.run_all(timeout=180_000)
        order = sorted(items)
        first, rest = order[: len(order) // 2], order[len(order) // 2:]
        for n in first:
            click_item(nb, n, items[n], items[n]["key"])
        nb.save()

        # mid-quiz, the hub stops the student's server and starts it again
        hub.stop_server(student)
        uid = hub.cls.uid(student)
        wait_for(lambda: not processes_of(uid), 60,
                 f"the student's server and kernel to end ({commands_of(uid)})")
        hub.start_server(student)
        saved = json.loads(hub.user_api(
            student, f"api/contents/{QUIZ}/{answers_filename(QUIZ)}?content=1")["content"])
        assert saved["answers"] == {str(n): {"options": saved_ids(items[n], items[n]["key"]
                                                                  ).split(","),
                                             "variant": items[n]["variant"],
                                             "student": student} for n in first}

        nb = Notebook.open(page, lab, f"{QUIZ}/{QUIZ}.ipynb", timeout=180_000)
        nb.run_all(timeout=180_000)
        for n in first:  # the clicked answers are shown again after the restart
            saved_status(nb.widget_views().filter(has_text=f"Item {n}:"), n,
                         canonical(items[n], items[n]["key"])).wait_for()
        for n in rest:
            click_item(nb, n, items[n], items[n]["key"])
        _write_answer_in_browser(page, nb, WRITTEN)
        nb.save()
        saved_nb = hub.user_api(student, f"api/contents/{QUIZ}/{QUIZ}.ipynb?content=1")
        assert any(WRITTEN in "".join(c["source"]) for c in saved_nb["content"]["cells"])

        # Validate (the notebook's toolbar button), then Submit from the assignment list
        nb.panel.get_by_role("button", name="Validate").click()
        dialog = page.locator(".jp-Dialog")
        dialog.wait_for(timeout=300_000)
        assert "Success! Your notebook passes all the tests." in dialog.inner_text()
        dialog.get_by_role("button", name="Ok").click()
        assignment_list(page, hub, student, "fetched").get_by_role("button", name="Submit").click()
        assignment_row(page, "submitted").wait_for()
        assert assignment_state(hub, student)[QUIZ] == "submitted"
    except Exception:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "hub_student_in_chromium.png"), full_page=True)
        raise
    finally:
        context.close()


def assignment_list(page, hub: Hub, student: str, section: str):
    """Nbgrader ▸ Assignment List, in a fresh JupyterLab workspace; the quiz's row in
    `section` (released, fetched or submitted)."""
    page.goto(f"{hub.base}/user/{student}/lab?reset")  # no tabs restored from before
    page.locator("#jp-menu-panel .lm-MenuBar-item", has_text="Nbgrader").click()
    page.locator(".lm-Menu .lm-Menu-item", has_text="Assignment List").click()
    row = assignment_row(page, section)
    row.wait_for()
    return row


def assignment_row(page, section: str):
    return page.locator(f"#{section}_assignments_list .list_item:not(.nested_list_item)",
                        has_text=QUIZ)


class _LabAt:
    """What tests.support.browser.Notebook needs from a server: the lab URL of a notebook."""

    def __init__(self, hub: Hub, user: str):
        self.hub, self.user = hub, user

    def lab_url(self, path: str) -> str:
        return f"{self.hub.base}/user/{self.user}/lab/tree/{path}"


def _write_answer_in_browser(page, nb, text: str) -> None:
    """Double-click the written-answer cell (it shows only the stub), replace the stub,
    render it."""
    stub = re.compile(r"^\s*Write your answer here\.\s*$")
    found = nb.panel.locator(".jp-MarkdownCell").filter(
        has=page.locator(".jp-RenderedMarkdown", has_text=stub)).first
    # pinned by position: once in edit mode the cell no longer shows the stub rendered
    index = found.get_attribute("data-windowed-list-index")
    cell = nb.panel.locator(f'.jp-Cell[data-windowed-list-index="{index}"]')
    cell.dblclick()
    cell.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.type(text)
    page.keyboard.press("Shift+Enter")
    nb.panel.locator(".jp-MarkdownCell .jp-RenderedMarkdown", has_text=text).wait_for()


# -- students through their servers' REST API; the instructor grades -----------------------
CLICK = """
import ipywidgets as W
from hrcourse import quiz

def clickable(widget):
    # the options a student clicks: radio buttons, or a box of checkboxes
    for child in widget.children:
        if isinstance(child, W.RadioButtons) or (
                isinstance(child, W.Box) and child.children
                and all(isinstance(c, W.Checkbox) for c in child.children)):
            return child
        if isinstance(child, W.Box) and clickable(child) is not None:
            return clickable(child)

# the released notebook's own setup and question cells, as Run All runs them
import json
cells = {{c["metadata"].get("nbgrader", {{}}).get("grade_id"): "".join(c["source"])
         for c in json.load(open({quiz!r} + ".ipynb"))["cells"]}}
exec(cells["setup"])
for n, (options, many, value) in {answers!r}.items():
    control = clickable(eval(cells[f"q{{n}}_ask"]))
    if many:
        for box in control.children:
            box.value = box.description[0] in value.split(",")
    else:
        control.value = value
print(sorted(quiz.saved_answers().items()))
"""

REFUSED = """
import os
tried = {tries!r}
for what, path in tried:
    try:
        os.listdir(path) if os.path.isdir(path) else open(path).read()
        print(what, "ALLOWED")
    except PermissionError:
        print(what, "refused")
"""


def rest_student_works(hub: Hub, student: str, answers: dict[int, str], written: str | None):
    items = quiz_items(student)
    hub.start_server(student)
    # a student's server: the course environment's kernel, no formgrader
    prefix, package = hub.run_code(
        student, "import sys, hrcourse; print(sys.prefix); print(hrcourse.__file__)").split()
    assert prefix == sys.prefix
    # ...with the course package of the student-only copy, not the repository's
    assert Path(package).is_relative_to(hub.settings.student_course), package
    assert hub.request(f"/user/{student}/formgrader/api/status")[0] == 404
    listed = assignment_state(hub, student)
    assert listed.get(QUIZ) == "released", listed
    hub.user_api(student, "assignments/fetch", "POST",
                 {"course_id": "harm-reduction-therapy", "assignment_id": QUIZ})
    plan = {n: (items[n]["options"], items[n]["many"], v) for n, v in answers.items()}
    out = hub.run_code(student, CLICK.format(quiz=QUIZ, answers=plan), cwd=QUIZ)
    saved = sorted((str(n), saved_ids(items[n], v)) for n, v in answers.items())
    assert out.strip().endswith(str(saved)), out
    if written:  # typed into the written-answer cell and saved, through the contents API
        path = f"api/contents/{QUIZ}/{QUIZ}.ipynb"
        model = hub.user_api(student, f"{path}?content=1")
        for cell in model["content"]["cells"]:
            if cell["metadata"].get("nbgrader", {}).get("grade_id") in written_items():
                cell["source"] = written
        hub.user_api(student, path, "PUT", {"type": "notebook", "format": "json",
                                            "content": model["content"]})
    result = hub.user_api(student, "assignments/validate", "POST",
                          {"path": f"{QUIZ}/{QUIZ}.ipynb"}, timeout=300)
    assert result["success"], result
    failed = result["value"].get("failed", [])
    if written:
        assert not failed, result
    else:  # Validate names exactly the unanswered written answers; submitting is allowed
        assert [f["error"] for f in failed] == ["You did not provide a response."] * len(
            written_items()), result
    submitted = hub.user_api(student, "assignments/submit", "POST",
                             {"course_id": "harm-reduction-therapy", "assignment_id": QUIZ})
    assert submitted["success"], submitted


def test_the_class_submits_the_instructor_grades_and_each_student_gets_only_their_own_feedback(  # noqa: E501
        hub, released):
    written = written_items()
    s = hub.cls.students
    items = {name: quiz_items(student) for name, student in s.items()}
    assert items["ben"] and written, "the quiz has clicked items and a written answer"
    prof = hub.cls.instructor
    right = {name: {n: it["key"] for n, it in items[name].items()} for name in s}
    # cy: every single-choice answer wrong, every multiple-select right, nothing written
    mixed = {n: (it["key"] if it["many"] else wrong_option(it))
             for n, it in items["cy"].items()}
    rest_student_works(hub, s["ben"], right["ben"], WRITTEN)
    rest_student_works(hub, s["cy"], mixed, None)
    assert (hub.settings.exchange / "harm-reduction-therapy").is_dir()

    # the instructor collects, grades with `hrcourse grade` (their terminal), grades the
    # written answer in the formgrader, generates and releases feedback
    collected = hub.user_api(prof, f"formgrader/api/assignment/{QUIZ}/collect", "POST")
    assert collected["success"], collected
    course = hub.cls.home(prof) / "course"
    assert sorted(p.name for p in (course / "submitted").iterdir()) == sorted(s.values()), (
        f"{s['ana']} submits in the Chromium test above; if it failed, this fails too")
    graded = as_user(prof, ["hrcourse", "grade", QUIZ, "--workers", "2", "--quiet"], course)
    assert graded.returncode == 0, graded.stdout + graded.stderr

    max_written = sum(written.values())
    manual = {s["ana"]: max_written, s["ben"]: max(max_written - 1, 0)}
    notebooks = hub.user_api(prof, f"formgrader/api/submitted_notebooks/{QUIZ}/{QUIZ}")
    for nb in notebooks:
        if nb["student"] in manual:
            grades = hub.user_api(prof, f"formgrader/api/grades?submission_id={nb['id']}")
            left = manual[nb["student"]]
            for g in grades:
                if g["name"] in written:
                    points = min(left, g["max_score"])
                    left -= points
                    hub.user_api(prof, f"formgrader/api/grade/{g['id']}", "PUT",
                                 {"manual_score": points})
    expected = {s["ana"]: auto_points(right["ana"], items["ana"]) + manual[s["ana"]],
                s["ben"]: auto_points(right["ben"], items["ben"]) + manual[s["ben"]],
                s["cy"]: auto_points(mixed, items["cy"])}
    assert "FLAGGED" not in graded.stdout + graded.stderr  # every student's own draw
    assert expected[s["cy"]] < expected[s["ben"]] < expected[s["ana"]]
    for action in ("generate_feedback", "release_feedback"):
        done = hub.user_api(prof, f"formgrader/api/assignment/{QUIZ}/{action}", "POST",
                            timeout=300)
        assert done["success"], done

    # each student fetches feedback and gets exactly one page: their own, with their score
    total = sum(it["points"] for it in items["ben"].values()) + max_written
    for name, student in s.items():
        hub.start_server(student)  # ana's may have been stopped with her browser session
        hub.user_api(student, "assignments/fetch_feedback", "POST",
                     {"course_id": "harm-reduction-therapy", "assignment_id": QUIZ})
        pages = hub.run_code(student, "import glob, os\nfor p in sorted(glob.glob("
                             f"os.path.expanduser('~/{QUIZ}/feedback/*/*.html'))):\n"
                             "    print(p)")
        pages = pages.splitlines()
        assert len(pages) == 1, (name, pages)
        text = html.unescape(hub.run_code(student, f"print(open({pages[0]!r}).read())"))
        assert f"Score: {expected[student]:.1f} / {total:.1f}" in text, (name, expected)

    # another student's work is refused: the exchange's inbound and feedback folders
    # cannot be listed, a classmate's home cannot be read
    course_exchange = hub.settings.exchange / "harm-reduction-therapy"
    tries = [("inbound", str(course_exchange / "inbound")),
             ("feedback", str(course_exchange / "feedback")),
             ("home", str(hub.cls.home(s["ana"]))),
             ("answers", str(hub.cls.home(s["ana"]) / QUIZ / answers_filename(QUIZ)))]
    out = hub.run_code(s["ben"], REFUSED.format(tries=tries))
    assert out.split() == [w for what, _ in tries for w in (what, "refused")], out

    # grades export with exact scores
    exported = as_user(prof, ["nbgrader", "export", "--to", str(course / "grades.csv")],
                       course)
    assert exported.returncode == 0, exported.stderr[-2000:]
    rows = list(csv.DictReader(io.StringIO((course / "grades.csv").read_text())))
    got = {r["student_id"]: float(r["score"]) for r in rows if r["assignment"] == QUIZ}
    assert got == pytest.approx(expected, abs=1e-9)


# The patterns are in a file the test gives the student (never in the code the kernel
# runs: its history would then hold them).
SEARCH = """
import os, subprocess
patterns = os.path.expanduser("~/.search-patterns")
found = subprocess.run(["grep", "-rlaF", "--no-messages", "-f", patterns, *{roots!r}],
                       capture_output=True, text=True).stdout.split()
print(sorted(set(found) - {{patterns}}))
"""

TRY = """
import os
for what, path in {tries!r}:
    try:
        os.listdir(path) if os.path.isdir(path) else open(path, "rb").read(1)
        print(what, "ALLOWED")
    except PermissionError:
        print(what, "refused")
"""


def test_a_student_finds_no_key_anywhere_their_account_can_read(hub, released):
    """Everything a student's account can read (the course environment, the repository, the
    class's course folder and exchange, the hub's state, /srv, /usr/local/share, every
    home, the instructor's files in /tmp) holds no line of a hidden test and no canary
    planted in the hidden tests, the item bank and the instructor's configuration."""
    student, prof = hub.cls.students["cy"], hub.cls.instructor
    course, root = hub.settings.course, classhub.ROOT
    patterns = [CANARY, *key_lines(course)]
    assert len(patterns) > 20, patterns  # every quiz's hidden tests, keys and all
    # the patterns do find the keys where they are: as root, in the course folder
    planted = subprocess.run(["grep", "-rlaF", "-f", "/dev/stdin", str(course)],
                             input="\n".join(patterns), capture_output=True, text=True)
    planted = planted.stdout.split()
    assert any("/source/" in p for p in planted) and any("/data/quizzes/" in p for p in
                                                        planted), planted
    control = "control-" + secrets.token_hex(8)
    python_home = Path(os.path.realpath(sys.executable)).parent.parent
    # ...and whatever the instructor's account (grading, the formgrader) left in /tmp
    left = subprocess.run(["find", "/tmp", "-xdev", "-uid", str(hub.cls.uid(prof)), "-type",
                           "f"], capture_output=True, text=True).stdout.split()
    roots = sorted({str(r) for r in [hub.settings.student_course, sys.prefix, python_home,
                                      root, course.parent, "/srv", "/usr/local/share",
                                      "/home", "/root", *left] if Path(r).exists()})
    uid = hub.cls.uid(student)
    for name, text in ((".search-patterns", "\n".join([*patterns, control]) + "\n"),
                       ("control.txt", control)):
        path = hub.cls.home(student) / name
        path.write_text(text)
        os.chown(path, uid, -1)
        path.chmod(0o600)
    hub.start_server(student)
    out = hub.run_code(student, SEARCH.format(roots=roots), timeout=600)
    found = ast.literal_eval(out.strip().splitlines()[-1])  # a printed list of paths
    # the search reached what the account can read (its own control file), nothing else
    assert found == [str(hub.cls.home(student) / "control.txt")], found

    # and the direct attempts are refused
    quiz = f"source/{QUIZ}/{QUIZ}.ipynb"
    tries = [("repository listing", str(root)),
             ("repository source", str(root / quiz)),
             ("repository bank", str(root / "data" / "quizzes" / f"{QUIZ}.yml")),
             ("repository nbgrader_config.py", str(root / "nbgrader_config.py")),
             ("repository .git", str(root / ".git")),
             ("course source", str(course / quiz)),
             ("course bank", str(course / "data" / "quizzes" / f"{QUIZ}.yml")),
             ("course nbgrader_config.py", str(course / "nbgrader_config.py")),
             ("instructor's home", str(hub.cls.home(prof))),
             ("instructor's source", str(hub.cls.home(prof) / "course" / quiz)),
             ("instructor's gradebook", str(hub.cls.home(prof) / "course" / "gradebook.db"))]
    out = hub.run_code(student, TRY.format(tries=tries))
    assert out.split("\n")[:-1] == [f"{what} refused" for what, _ in tries], out


def test_the_hub_stops_with_every_server_and_the_proxy(hub):
    """Last: stopping the hub stops every single-user server and its proxy."""
    uids = [hub.cls.uid(a) for a in hub.cls.accounts]
    pid_file = hub.settings.state / "proxy.pid"
    proxy = int(pid_file.read_text()) if pid_file.exists() else None
    assert proxy and Path(f"/proc/{proxy}").exists(), "the proxy runs while the hub does"
    code = hub.stop()
    assert code == 0, hub.log_tail()
    assert not Path(f"/proc/{proxy}").exists() or \
        "zombie" in Path(f"/proc/{proxy}/status").read_text().lower()
    for uid in uids:
        wait_for(lambda u=uid: not processes_of(u), 60, f"uid {uid} to end {commands_of(uid)}")
