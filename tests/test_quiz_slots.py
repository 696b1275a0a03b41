"""An item-bank quiz in the student's kernel: the widget draws the student's own variant
and option order, a click saves the option id, the variant and the student id, typed
answers are the displayed letters, and the notebook run by hand grades as the trusted
scorer does."""

from __future__ import annotations

import nbformat
import pytest

from hrcourse.logic.answers import answers_filename, dump_answers_file, parse_answer_entries
from hrcourse.logic.slot_scores import own_draw
from hrcourse.logic.variants import letters
from tests.conftest import ROOT
from tests.support import synthetic

VARIANTS = {f"q01-{k}": {"stem": f"Case {k} (fictional): which **one**?",
                         "options": {o: f"Option {o} of case {k}" for o in "abcd"}}
            for k in (1, 2, 3)}
KEYS = {"q01-1": "a", "q01-2": "c", "q01-3": "d"}


def _radio(widget):
    import ipywidgets as W

    for child in getattr(widget, "children", ()):
        if isinstance(child, W.RadioButtons):
            return child
        found = _radio(child)
        if found is not None:
            return found
    return None


@pytest.fixture
def kernel_side(tmp_path, monkeypatch):
    from hrcourse import quiz

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("JUPYTERHUB_USER", "ana")
    quiz.start("quizS", salt="term")
    return quiz


def test_a_click_saves_the_option_id_the_variant_and_the_student(kernel_side, tmp_path):
    quiz = kernel_side
    widget = quiz.ask_slot(1, "q01", VARIANTS)
    drawn = quiz._drawn(1)
    stem = widget.children[0].value
    assert f"Case {drawn.variant[-1]} (fictional): which <strong>one</strong>?" in stem
    radio = _radio(widget)
    shown = letters(drawn.order)
    assert [label for label, _ in radio.options] == [
        f"{letter}) {VARIANTS[drawn.variant]['options'][o]}" for letter, o in shown.items()]
    key_letter = next(s for s, o in shown.items() if o == KEYS[drawn.variant])
    radio.value = key_letter
    saved = parse_answer_entries((tmp_path / answers_filename("quizS")).read_text(), "quizS")
    assert saved["1"].choice == KEYS[drawn.variant]  # by option, not by letter
    assert (saved["1"].variant, saved["1"].student) == (drawn.variant, "ana")
    assert quiz.answer(1, "abcd") == key_letter  # the reader gives the letter shown
    again = _radio(quiz.ask_slot(1, "q01", VARIANTS))  # the saved click is shown again
    assert again.value == key_letter
    graded = {vid: {"key": KEYS[vid], "options": v["options"], "concept": "C.",
                    "feedback": {o: f"Why {o}." for o in "abcd"}}
              for vid, v in VARIANTS.items()}
    assert quiz.grade_slot(1, "q01", graded) == 1.0


def test_a_friends_saved_variant_is_not_shown_as_the_students_answer(kernel_side, tmp_path):
    from hrcourse.logic.answers import Entry

    quiz = kernel_side
    drawn = own_draw_for("ana")
    other = next(v for v in VARIANTS if v != drawn.variant)
    (tmp_path / answers_filename("quizS")).write_text(
        dump_answers_file("quizS", {"1": Entry("b", other, "ben")}))
    assert _radio(quiz.ask_slot(1, "q01", VARIANTS)).value is None


def own_draw_for(student: str):
    from hrcourse.logic.click_items import SlotItem, SlotVariant

    item = SlotItem(1, "q01", {vid: SlotVariant(vid, KEYS[vid], v["options"])
                               for vid, v in VARIANTS.items()})
    return own_draw(item, "term", "quizS", student)


def test_the_student_id_is_the_hub_user_else_the_computers(monkeypatch):
    import getpass

    from hrcourse import quiz

    monkeypatch.setenv("JUPYTERHUB_USER", "ana")
    assert quiz.student_id() == "ana"
    monkeypatch.delenv("JUPYTERHUB_USER")
    assert quiz.student_id() == getpass.getuser()


@pytest.mark.kernel
def test_the_instructor_notebook_run_by_hand_grades_the_students_own_variants(tmp_path,
                                                                              monkeypatch):
    """Run All on quiz2's instructor version as student 'ana' with her answers file: every
    hidden test, run in the kernel, finds her answer right."""
    from nbclient import NotebookClient

    name = "quiz2_dependence"
    _, _, items = synthetic.bank_quiz(ROOT, name)
    answers = synthetic.clicks(ROOT, name, "ana", set(items))
    (tmp_path / answers_filename(name)).write_text(dump_answers_file(name, answers))
    nb = nbformat.read(ROOT / "source" / name / f"{name}.ipynb", as_version=4)
    monkeypatch.setenv("JUPYTERHUB_USER", "ana")
    client = NotebookClient(nb, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    lines = [o.get("text", "") for c in nb.cells if c.cell_type == "code"
             for o in c.outputs if o.output_type == "stream"]
    marks = [ln for text in lines for ln in text.splitlines() if ln.startswith("Item ")]
    assert len(marks) == len(items) and all(" Correct (" in m for m in marks), marks
    assert f"All {len(items)} items have an answer" in "".join(lines)


def test_feedback_speaks_the_students_letters_and_names_the_key_only_when_asked():
    from hrcourse.logic.click_items import SlotItem, SlotVariant
    from hrcourse.logic.slot_scores import displayed_answer, score_slot

    item = SlotItem(1, "q01", {vid: SlotVariant(vid, KEYS[vid], v["options"], "C.",
                                                {o: f"Why {o}." for o in "abcd"})
                               for vid, v in VARIANTS.items()})
    drawn = own_draw(item, "term", "quizS", "ana")
    key = KEYS[drawn.variant]
    wrong = next(o for o in "abcd" if o != key)
    shown = {o: s for s, o in letters(drawn.order).items()}
    mark = score_slot(item, drawn, displayed_answer(wrong, drawn, False))
    assert mark.message.startswith(f"Your answer: {shown[wrong]}. Not correct")
    assert f"About {shown[wrong]}): Why {wrong}." in mark.message
    assert f"Why {key}." not in mark.message and "correct answer" not in mark.message
    told = score_slot(item, drawn, displayed_answer(wrong, drawn, False), reveal=True)
    text = VARIANTS[drawn.variant]["options"][key]
    assert f"The correct answer: {shown[key]}) {text}." in told.message
