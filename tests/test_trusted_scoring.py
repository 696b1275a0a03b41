"""Trusted scoring, tried as a hostile student would: nothing a submission contains can
raise its score, under `hrcourse grade` and under plain `nbgrader autograde` with the
course's config; feedback does not hand out the keys; files in a submission are read as
a stranger's files."""

import json
import os
from pathlib import Path

import pytest

from hrcourse.instructor import grade
from hrcourse.instructor.course import api
from hrcourse.logic.answers import answers_filename, dump_answers_file
from hrcourse.logic.click_items import (
    CLICKED,
    items_in_notebook,
    parse_hidden_test,
    recorded_answers,
)
from tests.conftest import ROOT
from tests.support import synthetic
from tests.test_grading import fresh_course, outputs_text, scores

QUIZ = "quiz2_dependence"


# -- the readers, without nbgrader ----------------------------------------------------

def source_items(quiz: str) -> dict[int, object]:
    """item -> ClickItem for every hidden test of a quiz's instructor version."""
    items = items_in_notebook(json.loads((ROOT / "source" / quiz / f"{quiz}.ipynb").read_text()))
    unreadable = [n for n, item in items.items() if item is None]
    assert not unreadable, f"{quiz}: graded cells not read as click items: {unreadable}"
    return items


@pytest.mark.parametrize("quiz", sorted(p.name for p in (ROOT / "source").iterdir()))
def test_every_autograded_item_of_every_quiz_is_scored_from_data(quiz):
    items = source_items(quiz)
    assert items and sorted(items) == list(range(1, len(items) + 1))
    for item in items.values():
        for v in getattr(item, "variants", {"": item}).values():
            assert set(v.key.split(",")) <= set(v.options)


@pytest.mark.parametrize("source", [
    "quiz.grade(1, key=KEY)",                               # a variable, not a literal
    "quiz.grade(1, key='b')\nprint('x')",                   # more than the call
    "grade(1, key='b')",                                    # not the quiz module's
    "quiz.grade(1, key='b', given='b')",                    # passes its own answer
    "quiz.grade(1, key='b', options=''.join('abcd'))",      # an expression
    "quiz.grade(1, key='b', key='c')",                      # not valid Python
    "quiz.grade('1', key='b')",                             # wrong types
    "for i in range(3):\n    quiz.grade(i, key='b')",
])
def test_anything_but_one_literal_grade_call_is_not_a_click_item(source):
    assert parse_hidden_test(source) is None


def test_a_full_hidden_test_is_read_with_every_argument():
    item = parse_hidden_test("### BEGIN HIDDEN TESTS\nquiz.grade(3, 'a,c', 'abcde', True, 2,"
                             "\n  concept='C.', feedback={'a': 'A.'})\n### END HIDDEN TESTS")
    assert (item.item, item.key, item.options, item.many, item.points, item.concept,
            item.feedback) == (3, "a,c", "abcde", True, 2, "C.", {"a": "A."})


def _cells(*sources):
    return [("code", s) for s in sources]


READER = "answer_1 = quiz.answer(1, 'abcd')"
TEST = "### BEGIN HIDDEN TESTS\nquiz.grade(1, key='b')\n### END HIDDEN TESTS"


@pytest.mark.parametrize("typed, expected", [
    ("answer_1 = 'b'", ("typed", "b", 0)),
    ("answer_1 = ['a', 'c']", ("typed", ["a", "c"], 0)),
    ("answer_1 = ''", ("typed", "", 0)),                    # as the kernel would: empty
    ("# answer_1 = 'b'", (CLICKED, None, 0)),               # the stub, untouched
    ("answer_1 = Everything()", (CLICKED, None, 1)),        # an object equal to all
    ("answer_1 = 'b' if True else 'c'", (CLICKED, None, 1)),
    ("answer_1 = str('b')", (CLICKED, None, 1)),
    ("answer_1: str = 'b'", (CLICKED, None, 1)),
    ("answer_1, x = 'b', 1", (CLICKED, None, 1)),
    ("answer_1 += 'b'", (CLICKED, None, 1)),
    ("for answer_1 in 'b':\n    pass", (CLICKED, None, 1)),
    ("(answer_1 := 'b')", (CLICKED, None, 1)),
    ("import os as answer_1", (CLICKED, None, 1)),
    ("answer_1 = 'b", (CLICKED, None, 1)),                  # a syntax error
    ("answer_1 = x = 'b'", (CLICKED, None, 1)),
    ("answer_1 = quiz.answer(2, 'abcd')", (CLICKED, None, 1)),  # another item's clicks
    ("answer_1 = Everything()\nanswer_1 = 'c'", ("typed", "c", 0)),  # the last one counts
])
def test_typed_answers_are_read_as_data(typed, expected):
    rec = recorded_answers(_cells(READER, typed, TEST), {1: 2})[1]
    assert (rec.source, rec.typed, len(rec.notes)) == expected
    if rec.notes:
        assert "could not be read" in rec.notes[0]


def test_the_reader_cell_and_cell_order_behave_as_in_a_kernel():
    # typed before the locked reader: the reader's clicked answer overwrites it
    assert recorded_answers(_cells("answer_1 = 'b'", READER, TEST), {1: 2})[1].source == CLICKED
    # typed after the hidden test: too late
    rec = recorded_answers(_cells(READER, TEST, "answer_1 = 'b'"), {1: 1})[1]
    assert rec.source == CLICKED
    # the reader cell deleted: the typed answer still counts
    assert recorded_answers(_cells("answer_1 = 'c'", TEST), {1: 1})[1].typed == "c"


# -- hostile submissions, graded for real ----------------------------------------------

def first_wrong(item) -> str:
    return next(o for o in item.options if o not in item.key.split(","))


def answers_worth(course: Path, student: str, right: set[int]) -> dict:
    """The answers file of `student`'s own quiz, right exactly for the items in `right`."""
    return synthetic.clicks(course, QUIZ, student, right)


def auto_points(items, right: set[int]) -> float:
    return float(sum(items[n].points for n in right))


FAKE_GRADE = "lambda *a, **k: {value}"
TAMPERING = {
    # student -> code added before the first question
    "replaces-quiz-grade": ("import hrcourse.quiz as q\n"
                            "q.grade = q.grade_slot = lambda *a, **k: k['points']"),
    "replaces-score": ("import hrcourse.logic.answers as a\nfrom hrcourse.logic.answers import "
                       "Mark\na.score = lambda *x, **k: Mark(9, 1, 'Correct.')"),
    "returns-1000": "import hrcourse.quiz as q\nq.grade = " + FAKE_GRADE.format(value=1000),
    "returns-negative": "import hrcourse.quiz as q\nq.grade = " + FAKE_GRADE.format(value=-1),
    "returns-text": "import hrcourse.quiz as q\nq.grade = " + FAKE_GRADE.format(value="'ok'"),
    "returns-nothing": "import hrcourse.quiz as q\nq.grade = " + FAKE_GRADE.format(value=None),
    "silences-tracebacks": ("ip = get_ipython()\nip.showtraceback = lambda *a, **k: None\n"
                            "import hrcourse.quiz as q\nq.grade = lambda *a, **k: 1 / 0"),
    "rewrites-answers-file": (f"open({answers_filename(QUIZ)!r}, 'w').write("
                              f"{dump_answers_file(QUIZ, {str(n): 'a' for n in range(1, 30)})!r})"),
    "defines-everything-equal": ("class Everything(str):\n    def __eq__(self, other):\n"
                                 "        return True\n    __hash__ = str.__hash__\n"
                                 + "".join(f"answer_{n} = Everything('a')\n"
                                           for n in range(1, 30))),
}


def hostile_class(course: Path, items) -> dict[str, tuple[float, str]]:
    """Submit every hostile case; returns student -> (the most they may score, a phrase
    their feedback must contain)."""
    rel = synthetic.released(course, QUIZ)
    expected = {}
    for student, code in TAMPERING.items():
        # no real answers at all: their score must be 0
        synthetic.submit(course, QUIZ, student, synthetic.with_code(rel, code))
        expected[student] = (0.0, "No answer was recorded")
    # the fake package beside the notebook, with two real right answers
    folder = synthetic.submit(course, QUIZ, "fake-package", rel,
                              answers=answers_worth(course, "fake-package", {1, 2}))
    (folder / "hrcourse").mkdir()
    (folder / "hrcourse" / "__init__.py").write_text("")
    (folder / "hrcourse" / "quiz.py").write_text(
        "def start(*a, **k): pass\ndef ask(*a, **k): pass\ndef answer(*a, **k): return 'x'\n"
        "def check_answered(*a, **k): pass\ndef grade(*a, **k): return k.get('points', 1)\n")
    expected["fake-package"] = (auto_points(items, {1, 2}), "Correct")
    # typed answers that are expressions or calls
    typed = rel
    for n in items:
        typed = synthetic.with_typed(typed, n, "PLACEHOLDER")
    text = json.dumps(typed).replace("'PLACEHOLDER'", "str('b') + ''")
    synthetic.submit(course, QUIZ, "typed-expressions", json.loads(text))
    expected["typed-expressions"] = (0.0, "could not be read")
    # an answers file of another quiz, holding every key of this one
    synthetic.submit(course, QUIZ, "other-quiz-file", rel, raw_answers=dump_answers_file(
        "quiz1_foundations", synthetic.clicks(course, QUIZ, "other-quiz-file", set(items))))
    expected["other-quiz-file"] = (0.0, "belongs to quiz 'quiz1_foundations'")
    # a hand-edited answers file with extra keys: only the answers count
    edited = json.loads(dump_answers_file(QUIZ, answers_worth(course, "extra-keys", {1})))
    edited.update({"score": 100, "points": {"1": 99}, "key": "b"})
    edited["answers"]["grade"] = "all"
    synthetic.submit(course, QUIZ, "extra-keys", rel, raw_answers=json.dumps(edited))
    expected["extra-keys"] = (auto_points(items, {1}), "Correct")
    # the hidden test's cell deleted, and a forged graded cell in its place
    forged = synthetic.without(rel, "q1_test")
    forged = synthetic.with_code(forged, "1000", before="q2_ask")
    for cell in forged["cells"]:
        if "".join(cell["source"]) == "1000":
            cell["metadata"]["nbgrader"] = {"grade": True, "grade_id": "q2_test",
                                            "locked": False, "solution": False,
                                            "task": False, "points": 1000,
                                            "schema_version": 3}
    synthetic.submit(course, QUIZ, "forged-cells", forged,
                     answers=answers_worth(course, "forged-cells", {1}))
    expected["forged-cells"] = (auto_points(items, {1}), "Correct")
    # an honest student, for comparison
    synthetic.submit(course, QUIZ, "honest", rel,
                     answers=answers_worth(course, "honest", set(items)))
    expected["honest"] = (auto_points(items, set(items)), "Correct")
    return expected


def auto_scores(course: Path) -> dict[str, float]:
    return scores(course, QUIZ, "code_score")


def graded_text(course: Path, student: str) -> str:
    return outputs_text(course, student, QUIZ, markdown=False)


@pytest.mark.nbgrader
def test_hostile_submissions_score_only_their_real_answers_under_hrcourse_grade(tmp_path):
    course = fresh_course(tmp_path / "c")
    items = source_items(QUIZ)
    expected = hostile_class(course, items)
    outcome = grade.grade(grade.Options(course=course, assignment=QUIZ, workers=2))
    assert outcome.failed == {}
    got = auto_scores(course)
    for student, (most, phrase) in expected.items():
        assert got[student] == most, (student, got[student], most)
        assert phrase in graded_text(course, student), student


@pytest.mark.nbgrader
def test_hostile_submissions_score_only_their_real_answers_under_plain_nbgrader(tmp_path):
    """`nbgrader autograde` with the course's nbgrader_config.py, one student at a time."""
    course = fresh_course(tmp_path / "c")
    items = source_items(QUIZ)
    expected = hostile_class(course, items)
    handle = api(course)
    for student in expected:
        result = handle.autograde(QUIZ, student, force=True, create=True)
        assert result["success"], (student, result.get("log"))
    got = auto_scores(course)
    for student, (most, phrase) in expected.items():
        assert got[student] == most, (student, got[student], most)
        assert phrase in graded_text(course, student), student


# -- feedback without the keys ---------------------------------------------------------

def feedback_page(course: Path, student: str) -> str:
    return (course / "feedback" / student / QUIZ / f"{QUIZ}.html").read_text()


@pytest.mark.nbgrader
def test_feedback_shows_answers_and_points_but_no_key_unless_the_instructor_asks(tmp_path):
    course = fresh_course(tmp_path / "c")
    items = source_items(QUIZ)
    synthetic.submit(course, QUIZ, "wrong", answers=answers_worth(course, "wrong", set()))
    synthetic.submit(course, QUIZ, "right", answers=answers_worth(course, "right", set(items)))
    handle = api(course)
    for student in ("wrong", "right"):
        assert handle.autograde(QUIZ, student, force=True, create=True)["success"]
        assert handle.generate_feedback(QUIZ, student, force=True)["success"]
    source_text = (ROOT / "source" / QUIZ / f"{QUIZ}.ipynb").read_text()
    assert "BEGIN HIDDEN TESTS" in source_text and "'key': " in source_text
    for student in ("wrong", "right"):
        page = feedback_page(course, student)
        for hidden in ("BEGIN HIDDEN TESTS", "quiz.grade", "'key': ", "key=",
                       "The correct answer"):
            assert hidden not in page, (student, hidden)
    wrong = feedback_page(course, "wrong")
    draws = synthetic.drawn(course, QUIZ, "wrong")
    for n, slot in items.items():
        item = slot.variants[draws[n].variant]
        shown = synthetic.displayed_letter(course, QUIZ, "wrong", n, first_wrong(item))
        assert f"Item {n}: Your answer: {shown}. Not correct" in wrong
        # the explanation of the chosen option only; never the key's
        for option, why in item.feedback.items():
            if option in item.key.split(",") and option != first_wrong(item):
                assert why not in wrong, (n, option)
    # the instructor's choice: name the correct option in the feedback
    config = course / "nbgrader_config.py"
    config.write_text(config.read_text() + '\nc.ClickScoring.reveal_key = "always"\n')
    handle = api(course)
    assert handle.autograde(QUIZ, "wrong", force=True, create=True)["success"]
    assert handle.generate_feedback(QUIZ, "wrong", force=True)["success"]
    assert "The correct answer: " in feedback_page(course, "wrong")


# -- files in a submission are a stranger's files ---------------------------------------

@pytest.mark.nbgrader
def test_links_pipes_and_huge_files_are_left_out_and_the_class_is_graded(tmp_path):
    course = fresh_course(tmp_path / "c")
    items = source_items(QUIZ)
    right = answers_worth(course, "huge", set(items))
    secret = course / "source" / QUIZ / f"{QUIZ}.ipynb"
    linked = synthetic.submit(course, QUIZ, "linked", answers=None)
    (linked / answers_filename(QUIZ)).symlink_to(secret)
    (linked / "keys.ipynb").symlink_to(secret)
    piped = synthetic.submit(course, QUIZ, "piped", answers=None)
    os.mkfifo(piped / answers_filename(QUIZ))
    huge = synthetic.submit(course, QUIZ, "huge", answers=right)
    with open(huge / "padding.bin", "wb") as handle:
        handle.truncate(3 * 1024**3)  # sparse: 3 GB that take no disk
    synthetic.submit(course, QUIZ, "honest", answers=answers_worth(course, "honest", set(items)))
    outcome = grade.grade(grade.Options(course=course, assignment=QUIZ, workers=2))
    assert outcome.failed == {}
    got = auto_scores(course)
    full = auto_points(items, set(items))
    assert got == {"linked": 0.0, "piped": 0.0, "huge": full, "honest": full}
    for student, phrase in [("linked", "(a link)"), ("piped", "(a pipe)"),
                            ("huge", "is larger than 100 MB")]:
        folder = course / "autograded" / student / QUIZ
        nb = json.loads((folder / f"{QUIZ}.ipynb").read_text())
        assert phrase in "".join(nb["cells"][0]["source"]), student
        assert phrase in " ".join(outcome.repaired[student]), student
    graded = course / "autograded" / "linked" / QUIZ
    assert not (graded / answers_filename(QUIZ)).exists()
    assert not (graded / "keys.ipynb").exists()
    assert not (course / "autograded" / "huge" / QUIZ / "padding.bin").exists()


def test_the_scorer_reads_only_a_small_regular_answers_file(tmp_path):
    from hrcourse.instructor.trusted import read_answers_file

    path = tmp_path / answers_filename("q")
    path.write_text(dump_answers_file("q", {"1": "b"}))
    assert read_answers_file(tmp_path, "q", 4096) == ({"1": "b"}, "")
    assert "larger than" in read_answers_file(tmp_path, "q", 10)[1]
    path.unlink()
    path.symlink_to(tmp_path / "elsewhere.json")
    (tmp_path / "elsewhere.json").write_text(dump_answers_file("q", {"1": "b"}))
    assert read_answers_file(tmp_path, "q", 4096)[0] == {}
    path.unlink()
    os.mkfifo(path)
    answers, note = read_answers_file(tmp_path, "q", 4096)  # returns at once, no hang
    assert answers == {} and "not a regular file" in note


@pytest.mark.nbgrader
def test_grading_inside_the_students_kernel_is_fooled_which_is_why_it_is_not_used(tmp_path):
    """The threat, shown: with the notebook executed (the old path), one added cell
    earns every autograded point without a single answer."""
    course = fresh_course(tmp_path / "c")
    items = source_items(QUIZ)
    rel = synthetic.released(course, QUIZ)
    synthetic.submit(course, QUIZ, "tamperer",
                     synthetic.with_code(rel, TAMPERING["replaces-quiz-grade"]))
    outcome = grade.grade(grade.Options(course=course, assignment=QUIZ, workers=1,
                                        execute=True))
    assert outcome.failed == {}
    assert auto_scores(course)["tamperer"] == auto_points(items, set(items))
