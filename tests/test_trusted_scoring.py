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


# -- variants, tried as a hostile student ------------------------------------------------
#
# A course whose instructor set a term salt and a private bank that replaces every slot of
# the quiz with three variants keyed at random positions (so a copied key is right only by
# chance where two students' variants differ).

SALT = "2027-spring"


def private_bank(folder: Path) -> Path:
    """A private bank for QUIZ: every public slot replaced by three private variants."""
    import hashlib

    import yaml

    from hrcourse.content.quiz_bank import load_bank

    public = load_bank(QUIZ)
    slots = []
    for slot in public.slots:
        n = len(slot.variants[0].options)
        ids = [chr(ord("a") + i) for i in range(n)]
        variants = []
        for k in range(7, 10):  # private ids q01-7..9: never a public id
            vid = f"{slot.id}-{k}"
            pick = int(hashlib.sha256(vid.encode()).hexdigest(), 16)
            key = ids[pick % n] if slot.kind != "multiple" else \
                ",".join(sorted({ids[pick % n], ids[(pick // n) % n]} or {"a"}))
            if slot.kind == "multiple" and len(key.split(",")) == n:
                key = "a"
            variants.append({
                "id": vid, "concept": f"Private concept of {vid}.",
                "stem": f"Private case {vid}: which option fits best?",
                "options": {o: f"Private option {o} of {vid}." for o in ids}, "key": key,
                "feedback": {o: ("Correct. " if o in key.split(",") else "Not this one. ")
                             + f"Private feedback {o} of {vid}." for o in ids}})
        slots.append({"id": slot.id, "objective": slot.objective, "kind": slot.kind,
                      "points": slot.points, "variants": variants}
                     | ({"part": slot.part} if slot.part else {}))
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{QUIZ}.yml").write_text(yaml.safe_dump({"id": QUIZ, "slots": slots},
                                                       sort_keys=False))
    return folder


def variant_course(root: Path) -> Path:
    from hrcourse.instructor.bank_notebook import write_sources
    from hrcourse.instructor.course import generate_all
    from tests.conftest import copy_course

    copy_course(root)
    bank = private_bank(root.parent / f"{root.name}-private")  # outside the course
    config = root / "nbgrader_config.py"
    config.write_text(config.read_text() + f"\nc.QuizBank.term_salt = {SALT!r}\n"
                      f"c.QuizBank.private_bank = {str(bank)!r}\n")
    write_sources(root)
    import shutil

    shutil.rmtree(root / "assignments")
    generate_all(root)
    return root


def slot_scores_of(course: Path, student: str) -> dict[int, float]:
    """item -> the points `student` earned on it (from the graded notebook's lines)."""
    import re

    found = {}
    for line in graded_text(course, student).splitlines():
        m = re.match(r"Item (\d+): .*?\((\d+(?:\.\d+)?) of", line)
        if m:
            found[int(m.group(1))] = float(m.group(2))
    return found


@pytest.fixture(scope="module")
def variant_class(tmp_path_factory):
    """Honest students, copiers, a student showing a friend's variant and one who opened
    the quiz under another name; graded by `hrcourse grade` and by plain nbgrader."""
    base = tmp_path_factory.mktemp("variants")
    courses = {how: variant_course(base / how) for how in ("ours", "plain")}
    course = courses["ours"]
    _, _, items = synthetic.bank_quiz(course, QUIZ)
    every = set(items)
    honest = [f"honest-{i}" for i in range(6)]
    plan = {s: dict(answers=synthetic.clicks(course, QUIZ, s, every)) for s in honest}
    for i in range(6):  # copier-i hands in honest-i's answers file
        plan[f"copier-{i}"] = dict(answers=synthetic.clicks(course, QUIZ, f"honest-{i}", every))
    # shows a friend's variant (notebook edited so the widget draws for the friend), the
    # answers saved under their own name
    friend = synthetic.drawn(course, QUIZ, "honest-0")
    shown = {n: d.variant for n, d in friend.items()}
    own = synthetic.clicks(course, QUIZ, "friend-variant", every)
    copied = synthetic.clicks(course, QUIZ, "honest-0", every)
    plan["friend-variant"] = dict(answers={
        n: type(e)(copied[n].choice, shown[int(n)], "friend-variant") for n, e in own.items()})
    # opened the quiz as someone else: that student's draw and name in the file
    plan["other-name"] = dict(answers=synthetic.clicks(course, QUIZ, "other-name", every,
                                                       saved_as="honest-1"))
    # typed every answer with the letter shown beside the key in their own order
    rel = synthetic.released(course, QUIZ)
    typed = rel
    draws = synthetic.drawn(course, QUIZ, "typist")
    for n, item in items.items():
        key = item.variants[draws[n].variant].key.split(",")
        letters = sorted(synthetic.displayed_letter(course, QUIZ, "typist", n, o) for o in key)
        typed = synthetic.with_typed(typed, n, ",".join(letters))
    plan["typist"] = dict(notebook=typed)
    for c in courses.values():
        for student, how in plan.items():
            nb = how.get("notebook")
            if student == "friend-variant":
                nb = synthetic.with_code(synthetic.released(c, QUIZ),
                                         "import os\nos.environ['JUPYTERHUB_USER'] = 'honest-0'")
            synthetic.submit(c, QUIZ, student, nb, answers=how.get("answers"))
    outcome = grade.grade(grade.Options(course=course, assignment=QUIZ, workers=2))
    handle = api(courses["plain"])
    for student in plan:
        result = handle.autograde(QUIZ, student, force=True, create=True)
        assert result["success"], (student, result.get("log"))
    return courses, outcome, items, honest


@pytest.mark.nbgrader
def test_the_private_bank_grades_and_the_public_keys_of_replaced_slots_are_gone(variant_class):
    from hrcourse.content.quiz_bank import load_bank

    courses, outcome, items, honest = variant_class
    course = courses["ours"]
    assert all(v.startswith(f"{i.slot}-") and v[-1] in "789"
               for i in items.values() for v in i.variants)
    built = "".join(p.read_text() for folder in ("source", "assignments")
                    for p in (course / folder / QUIZ).glob("*.ipynb"))
    assert "Private case" in built and f"salt={SALT!r}" in built
    for slot in load_bank(QUIZ).slots:
        public = slot.variants[0]
        for text in (public.stem, public.concept, *public.feedback.values()):
            assert text.strip()[:60] not in built, (slot.id, text[:40])
    assert outcome.failed == {}
    got = auto_scores(course)
    full = auto_points(items, set(items))
    assert all(got[s] == full for s in honest), {s: got[s] for s in honest}
    assert "Private feedback" in graded_text(course, honest[0])


@pytest.mark.nbgrader
def test_honest_students_grade_the_same_under_hrcourse_grade_and_plain_nbgrader(variant_class):
    from nbgrader.api import Gradebook

    from tests.test_grading import gradebook_rows as rows_of  # noqa: F401  (QUIZ differs)

    courses, outcome, items, honest = variant_class

    def rows(course):
        out = []
        with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
            for sub in gb.assignment_submissions(QUIZ):
                for nb in sub.notebooks:
                    out += [(sub.student.id, g.name, g.auto_score) for g in nb.grades]
                    out += [(sub.student.id, c.name, c.auto_comment) for c in nb.comments]
        return sorted(out, key=repr)

    assert rows(courses["ours"]) == rows(courses["plain"])
    for student in honest + ["typist"]:
        assert not [ln for ln in graded_text(courses["ours"], student).splitlines()
                    if ln.startswith("Flagged")], student
        assert outputs_text(courses["ours"], student, QUIZ, False) == \
            outputs_text(courses["plain"], student, QUIZ, False)
    full = auto_points(items, set(items))
    assert auto_scores(courses["ours"])["typist"] == full


@pytest.mark.nbgrader
def test_a_copied_answers_file_scores_about_chance_where_variants_differ_and_is_flagged(
        variant_class):
    courses, outcome, items, _ = variant_class
    course = courses["ours"]
    right = chance = differing = 0.0
    for i in range(6):
        mine = synthetic.drawn(course, QUIZ, f"copier-{i}")
        theirs = synthetic.drawn(course, QUIZ, f"honest-{i}")
        earned = slot_scores_of(course, f"copier-{i}")
        text = graded_text(course, f"copier-{i}")
        for n, item in items.items():
            if mine[n].variant == theirs[n].variant:
                assert earned[n] == item.points  # same case: the copied key is right
                continue
            differing += 1
            right += earned[n] / item.points
            chance += 1 / len(item.variants[mine[n].variant].options)
            assert f"Flagged for your instructor: item {n}: the saved answer names case " \
                   f"'{theirs[n].variant}'" in text
        assert f"not 'copier-{i}'" in text  # saved under the classmate's name
        assert outcome.flagged[f"copier-{i}"]
    assert differing >= 30
    # about chance: within 15 points of it over the differing slots
    assert abs(right / differing - chance / differing) <= 0.15, (right, chance, differing)


@pytest.mark.nbgrader
def test_a_friends_variant_is_flagged_and_scored_on_the_students_own(variant_class):
    courses, outcome, items, _ = variant_class
    course = courses["ours"]
    mine = synthetic.drawn(course, QUIZ, "friend-variant")
    friend = synthetic.drawn(course, QUIZ, "honest-0")
    earned = slot_scores_of(course, "friend-variant")
    text = graded_text(course, "friend-variant")
    differ = [n for n in items if mine[n].variant != friend[n].variant]
    assert differ
    for n in differ:
        assert f"item {n}: the saved answer names case '{friend[n].variant}', but this " \
               f"student's quiz shows case '{mine[n].variant}'" in text
        key = items[n].variants[mine[n].variant].keys
        copied = items[n].variants[friend[n].variant].keys
        if key == copied:  # the friend's key happens to be theirs too
            assert earned[n] == items[n].points
        else:  # scored on their own variant: the friend's key is not right there
            assert earned[n] < items[n].points
    assert "saved by a quiz opened" not in text  # their own name
    summary = grade.summary(outcome, grade.Options(course=course, assignment=QUIZ, workers=2))
    assert "FLAGGED friend-variant: item" in summary


@pytest.mark.nbgrader
def test_a_quiz_opened_under_another_name_is_flagged(variant_class):
    courses, outcome, items, _ = variant_class
    for course in courses.values():
        text = graded_text(course, "other-name")
        assert "the answer was saved by a quiz opened under the name 'honest-1', not " \
               "'other-name'" in text
    assert len(outcome.flagged["other-name"]) >= len(items)
    assert not any(s.startswith("honest-") or s == "typist" for s in outcome.flagged)


@pytest.mark.nbgrader
def test_the_class_report_gives_each_variants_statistics(variant_class, tmp_path):
    from hrcourse.instructor import report

    courses, _, items, _ = variant_class
    rep = report.build_report(courses["ours"], QUIZ)
    table = rep.variants
    assert table is not None and len(table) == sum(len(i.variants) for i in items.values())
    assert table.groupby("slot")["students"].sum().eq(len(rep.students)).all()
    honest = table[table["students"] > 0]
    assert honest["difficulty"].between(0, 1).all()
    written = report.write(rep, tmp_path / "out")
    assert any(p.name == "variants.csv" for p in written)
    assert "<h3>Variants</h3>" in (tmp_path / "out" / "report.html").read_text()
