"""The knowledge check, lesson completion and the certificate, driven as a learner would
(set values, click buttons), with the progress file checked after each step."""

from __future__ import annotations

import json
import random
import re

import nbformat
import pytest

from hrcourse import export, syllabus
from hrcourse.content.knowledge_check import load_knowledge_check
from hrcourse.widgets import completion
from hrcourse.widgets import knowledge_check as w
from hrcourse.widgets import work as work_w
from tests.conftest import ROOT


def saved(path) -> dict:
    """The saved records ({} before anything was saved)."""
    return json.loads(path.read_text())["records"] if path.exists() else {}


def take(widget: w.KnowledgeCheckWidget, right: int) -> None:
    """Answer the first `right` questions with the key and the rest wrongly."""
    for n, item in enumerate(widget.check.form(widget.form), 1):
        if n <= right:
            widget.choose(n, *sorted(item.keys))
        else:
            widget.choose(n, next(k for k in item.options if k not in item.keys))
    widget.submit_button.click()


def test_the_pre_check_draws_a_form_saves_as_you_go_and_gives_no_feedback(isolated_progress):
    pre = w.KnowledgeCheckWidget("pre", random.Random(3))
    assert "knowledge-check" not in saved(isolated_progress)  # opening the page saves nothing
    pre.choose(1, "b")
    records = saved(isolated_progress)["knowledge-check"]
    assert records["assignment"] == {"pre": pre.form, "post": "B" if pre.form == "A" else "A"}
    assert saved(isolated_progress)["knowledge-check"]["pre"]["answers"] == {
        pre.check.form(pre.form)[0].id: "b"}
    again = w.KnowledgeCheckWidget("pre", random.Random(99))  # a new kernel: same form, same draft
    assert again.form == pre.form and again.controls[0].value() == "b"
    take(again, right=5)
    shown = again.body.children[0].value
    assert "Before-check submitted" in shown and "Correct" not in shown
    assert all(it.feedback["a"][:30] not in shown for it in again.check.form(again.form))
    assert "Before-check submitted" in again.keys.message
    record = saved(isolated_progress)["knowledge-check"]["pre"]
    assert record["submitted_at"] and len(record["fingerprints"]) == len(again.controls)


def test_options_are_named_by_their_text_and_unanswered_questions_are_named(isolated_progress):
    pre = w.KnowledgeCheckWidget("pre", random.Random(1))
    first = pre.check.form(pre.form)[0]
    assert pre.controls[0].control.options[0] == (f"a) {first.options['a']}", "a")
    pre.choose(1, "a")
    pre.submit_button.click()
    total = len(pre.controls)
    rest = ", ".join(map(str, range(2, total))) + f" and {total}"
    assert f"Questions {rest} have no answer yet" in pre.message.value and "Submit anyway" == \
        pre.submit_button.description
    assert "no answer yet" in pre.keys.message
    assert not saved(isolated_progress)["knowledge-check"]["pre"]["submitted_at"]
    pre.submit_button.click()  # submit anyway
    assert saved(isolated_progress)["knowledge-check"]["pre"]["submitted_at"]


def test_the_unanswered_warning_follows_the_answers_given_after_it(isolated_progress):
    pre = w.KnowledgeCheckWidget("pre", random.Random(1))
    total = len(pre.controls)
    pre.submit_button.click()  # nothing answered: one sentence, not a list of every number
    assert f"None of the {total} questions has an answer yet" in pre.message.value
    for n in range(1, total):
        pre.choose(n, "a")
    assert f"Question {total} has no answer yet; an unanswered question counts as not " \
           "right. Answer it," in pre.message.value
    assert pre.submit_button.description == "Submit anyway"
    pre.choose(total, "a")  # all answered: no warning, and the button says what it does
    assert pre.message.value == "" and pre.submit_button.description == "Submit my answers"
    assert not saved(isolated_progress)["knowledge-check"]["pre"]["submitted_at"]
    pre.submit_button.click()
    assert saved(isolated_progress)["knowledge-check"]["pre"]["submitted_at"]


def test_the_chart_legend_is_outside_the_plot_where_a_full_bar_cannot_hide_it(
        isolated_progress):
    from hrcourse.logic import knowledge_check as logic

    pre = w.KnowledgeCheckWidget("pre", random.Random(5))
    take(pre, right=len(pre.controls))
    post = w.KnowledgeCheckWidget("post")
    take(post, right=len(post.controls))  # every bar reaches 100%
    records = saved(isolated_progress)["knowledge-check"]
    outcome = logic.outcome(post.check, records["post"], records["pre"],
                            export.objective_texts(), export.lessons())
    fig = w.chart_figure(outcome)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    legend = ax.get_legend().get_window_extent(renderer)
    plot = ax.get_window_extent(renderer)
    assert legend.y0 >= plot.y1 - 1, (legend, plot)  # above the plot area, not over a bar
    assert 0 <= legend.x0 and legend.x1 <= fig.bbox.x1  # and not cut off at the sides
    assert legend.y1 <= fig.bbox.y1


def test_the_post_check_uses_the_other_form_and_shows_gain_chart_review_and_feedback(
        isolated_progress):
    pre = w.KnowledgeCheckWidget("pre", random.Random(5))
    take(pre, right=4)
    post = w.KnowledgeCheckWidget("post")
    assert post.form != pre.form
    take(post, right=len(post.controls) - 1)  # the last question missed
    page = post.body.children[0].value
    n = len(post.controls)
    assert f"After-check:</strong> {n - 1} of {n} right" in page
    assert f"Before-check:</strong> 4 of {n} right" in page
    gain = ((n - 1) / n - 4 / n) / (1 - 4 / n)  # Hake's g on the two shares
    assert f"Normalized gain: {gain:.2f}" in page
    assert '<img src="data:image/png;base64,' in page and "alt=" in page
    assert "<figcaption>Chart description: Per-objective results" in page
    assert "The numbers behind the chart" in page
    last = post.check.form(post.form)[-1]
    lesson = last.objective.split(".")[0]
    notebook = next(r.notebook for r in syllabus.course_map() if r.id == lesson)
    assert f'<a href="{notebook}">' in page and last.objective in page
    assert last.feedback["a"][:40] in page  # feedback on every question now
    assert "Normalized gain" in post.keys.message
    assert post.retake_button in post.body.children


def test_a_post_check_without_a_pre_check_says_there_is_no_gain(isolated_progress):
    post = w.KnowledgeCheckWidget("post", random.Random(2))
    take(post, right=3)
    assert "did not take the before-check, so there is no gain" in post.body.children[0].value
    closed = w.KnowledgeCheckWidget("pre")
    assert "before-check is closed" in closed.body.children[0].value


def test_retaking_the_post_check_clears_it_and_keeps_the_count(isolated_progress):
    post = w.KnowledgeCheckWidget("post", random.Random(2))
    take(post, right=2)
    post.retake_button.click()
    assert post.controls and all(c.value() is None for c in post.controls)
    # the pressed button went with the results: the focus moves to the form's heading
    assert post.keys.focus_selector == ".hr-kc-start" and post.keys.focus_nonce >= 1
    assert 'class="hr-kc-start" tabindex="-1"' in post.body.children[0].value
    record = saved(isolated_progress)["knowledge-check"]["post"]
    assert record["attempts"] == 1 and record["submitted_at"] is None
    take(post, right=len(post.controls))
    assert saved(isolated_progress)["knowledge-check"]["post"]["attempts"] == 2


def test_the_certificate_conditions_follow_the_after_check_and_the_lesson_boxes(
        isolated_progress):
    """The maker sits between the after-check and lesson 11's box: its "still to do" list
    changes as the learner submits, retakes and ticks, without pressing its button."""
    maker = completion.CertificateMaker()
    assert "Take the after-check above" in maker.status.value
    post = w.KnowledgeCheckWidget("post", random.Random(4))
    take(post, right=len(post.controls))
    assert "Take the after-check above" not in maker.status.value
    required = completion.required_lessons()
    for lesson in required[:-1]:
        work_w.KeepMyWork(lesson.id).done.box.value = True
    assert f"{required[-1].id} {required[-1].title}." in maker.status.value
    work_w.KeepMyWork(required[-1].id).done.box.value = True
    assert maker.status.value.startswith("<p>✔ Every lesson is marked complete")
    post.retake_button.click()  # cleared: the certificate waits for the after-check again
    assert "Take the after-check above" in maker.status.value


def test_marking_lessons_done_and_making_the_certificate(isolated_progress, tmp_path):
    maker = completion.CertificateMaker()
    assert "Mark these lessons complete" in maker.status.value
    maker.name.value = "Alex Rivera"
    assert maker.make() == {} and "Take the after-check" in maker.links.value
    required = completion.required_lessons()
    assert [lesson.id for lesson in required] == [r.id for r in syllabus.course_map()[1:]]
    for lesson in required:
        footer = work_w.KeepMyWork(lesson.id)
        footer.done.box.value = True
    assert set(saved(isolated_progress)["lesson-done"]) == {lesson.id for lesson in required}
    assert f"{len(required)} of {len(required)} lessons" in footer.done.status.value
    assert work_w.KeepMyWork().done is None  # the start page has nothing to mark
    post = w.KnowledgeCheckWidget("post", random.Random(4))
    check = load_knowledge_check()
    below = int(check.pass_mark * len(post.controls) + 0.999) - 1
    take(post, right=below)
    maker = completion.CertificateMaker()
    assert "needs 80%" in maker.status.value
    post.retake_button.click()
    take(post, right=len(post.controls))
    maker = completion.CertificateMaker()
    maker.name.value = "  Alex   Rivera "
    paths = maker.make()
    page = paths["html"].read_text()
    assert "Alex Rivera" in page and f"{len(required)} of {len(required)}" in page
    minutes = sum(lesson.minutes for lesson in required)
    assert f"{minutes} minutes in all" in page and "100% (pass mark 80%)" in page
    assert paths["pdf"].read_bytes().startswith(b"%PDF-")
    assert 'download="certificate.pdf"' in maker.links.value
    assert "Alex" not in json.dumps(saved(isolated_progress))  # the name is not stored
    footer = work_w.KeepMyWork(required[0].id)
    footer.done.box.value = False  # unticking removes the record
    assert required[0].id not in saved(isolated_progress)["lesson-done"]


def test_the_summary_includes_the_knowledge_check_and_lessons_done(isolated_progress):
    pre = w.KnowledgeCheckWidget("pre", random.Random(6))
    take(pre, right=8)
    md = export.write_summary()["md"].read_text()
    assert "## Knowledge check" in md and "its score is shown with the after-check" in md
    take(w.KnowledgeCheckWidget("post"), right=12)
    work_w.KeepMyWork("05").done.box.value = True
    md = export.write_summary()["md"].read_text()
    assert re.search(r"After-check \(form [AB]\): 12 of \d+ right", md)
    assert "Normalized gain" in md and "| objective | before | after |" in md
    assert "## Lessons marked complete" in md and "- 05 Addiction and chemical dependence" in md
    csv = (export.write_summary()["csv"]).read_text()
    assert "knowledge-check,post" in csv and "lesson-done,05" in csv


def test_each_lesson_closes_with_its_own_mark_complete_cell():
    for ref in syllabus.course_map():
        path = ROOT / "notebooks" / ref.notebook
        if not path.exists():
            continue
        nb = nbformat.read(path, as_version=4)
        closing = next(c.source for c in nb.cells if "keep-my-work" in c.metadata.get("tags", []))
        expected = ("course.keep_my_work()" if ref.id == "00"
                    else f'course.keep_my_work("{ref.id}")')
        assert closing == expected, ref.notebook
    start = (ROOT / "notebooks" / "00_start_here.ipynb").read_text()
    capstone = (ROOT / "notebooks" / "11_conclusion_and_capstone.ipynb").read_text()
    assert 'course.knowledge_check(\\"pre\\")' in start
    assert 'course.knowledge_check(\\"post\\")' in capstone and "course.certificate()" in capstone


# -- a class's student copy: no keys, the instructor grades -------------------------------

def _class_copy(tmp_path, monkeypatch):
    """The course's content as a class's student copy holds it (keys withheld)."""
    import shutil

    from hrcourse.content import data_dir
    from hrcourse.content.knowledge_check import FILE, write_student_copy

    copy = tmp_path / "data"
    shutil.copytree(data_dir(), copy, ignore=shutil.ignore_patterns("quizzes"))
    write_student_copy(data_dir() / FILE, copy / FILE)
    monkeypatch.setenv("HRCOURSE_DATA", str(copy))
    return copy


def test_a_class_copy_holds_no_key_or_feedback_and_says_so(tmp_path, monkeypatch):
    full = load_knowledge_check()
    copy = _class_copy(tmp_path, monkeypatch)
    text = (copy / "knowledge_check.yml").read_text()
    check = load_knowledge_check()
    assert check.keys_withheld and all(i.key is None and i.feedback is None
                                       for f in check.forms.values() for i in f)
    assert [i.stem for i in check.form("A")] == [i.stem for i in full.form("A")]
    for item in full.form("A") + full.form("B"):  # no feedback text and no key line
        assert all(fb[:40] not in text for fb in item.feedback.values())
    assert not re.search(r"^\s*key:", text, re.M)


def test_in_a_class_copy_both_checks_save_answers_and_show_no_score(isolated_progress, tmp_path,
                                                                   monkeypatch):
    _class_copy(tmp_path, monkeypatch)
    for when in ("pre", "post"):
        widget = w.KnowledgeCheckWidget(when, random.Random(5))
        assert "your instructor grades" in widget.body.children[0].value
        for n in range(1, len(widget.controls) + 1):
            widget.choose(n, "a")
        widget.submit_button.click()
        shown = widget.body.children[0].value
        assert "instructor grades it" in shown and "%" not in shown and "Correct" not in shown
        record = saved(isolated_progress)["knowledge-check"][when]
        assert record["submitted_at"] and set(record["answers"].values()) == {"a"}
    lines = export.knowledge_check_lines(saved(isolated_progress)["knowledge-check"])
    assert lines and all("%" not in line for line in lines)
    assert "your instructor grades it" in lines[0]
    status = completion.CertificateMaker().eligibility()
    assert not status.ok and "instructor grades" in status.reasons()[0]


def test_a_full_copy_without_keys_is_refused_with_the_item_named(tmp_path):
    from hrcourse.content import ContentError
    from hrcourse.content.base import parse
    from hrcourse.content.knowledge_check import KnowledgeCheck

    raw = {"pass_mark": 0.8, "forms": {f: [{"id": f"{f}01", "objective": "01.1",
                                            "concept": "c", "stem": "s",
                                            "options": {"a": "x", "b": "y", "c": "z"}}]
                                       for f in "AB"}}
    with pytest.raises(ContentError, match="A01: has no key"):
        parse(KnowledgeCheck, raw, "knowledge_check.yml")
