"""Grading a class: odd and broken submissions, identical grades to plain nbgrader, and
the command's behaviour (re-runs, crashes, refusing to run unisolated)."""

import json
import re
import shutil
from pathlib import Path

import pytest

from hrcourse.instructor import grade, merge, sandbox
from hrcourse.instructor.course import api, generate_all, gradebook_url
from tests.conftest import copy_course
from tests.support import synthetic

pytestmark = pytest.mark.nbgrader
QUIZ = "quiz0_practice"
LIMITS = sandbox.Limits(memory_mb=1024, processes=48, file_mb=20, cpu_seconds=30,
                        wall_seconds=60)


def fresh_course(root: Path, code_test: bool = False) -> Path:
    """A temporary course. code_test: quiz0's hidden test becomes ordinary code, so the
    quiz can only be graded by running the student's notebook."""
    copy_course(root)
    shutil.rmtree(root / "assignments")
    if code_test:
        path = root / "source" / QUIZ / f"{QUIZ}.ipynb"
        nb = json.loads(path.read_text())
        for cell in nb["cells"]:
            if synthetic.grade_id(cell) == "q1_test":
                cell["source"] = ("### BEGIN HIDDEN TESTS\nassert quiz.answer(1) == 'b'\n"
                                  "### END HIDDEN TESTS")
        path.write_text(json.dumps(nb))
    generate_all(root)
    return root


def scores(course: Path, quiz: str = QUIZ, part: str = "score") -> dict[str, float]:
    """student -> total (part="score") or autograded points (part="code_score")."""
    from nbgrader.api import Gradebook

    with Gradebook(gradebook_url(course / "gradebook.db")) as gb:
        return {s.student.id: getattr(s, part) for s in gb.assignment_submissions(quiz)}


def outputs_text(course: Path, student: str, quiz: str = QUIZ, markdown: bool = True) -> str:
    """What a graded notebook shows: its outputs (and, with `markdown`, its Markdown)."""
    nb = json.loads((course / "autograded" / student / quiz / f"{quiz}.ipynb").read_text())
    parts = []
    for cell in nb["cells"]:
        shown = markdown and cell["cell_type"] == "markdown"
        parts.append("".join(cell["source"]) if shown else "")
        for o in cell.get("outputs", []):
            parts.append("".join(o.get("text", "")) + o.get("evalue", ""))
    return "\n".join(parts)


def run_grade(course: Path, workers: int = 2, force: bool = False, isolate: bool = True,
              execute: bool = False):
    return grade.grade(grade.Options(course=course, assignment=QUIZ, workers=workers,
                                     force=force, isolate=isolate, limits=LIMITS,
                                     cell_timeout=4, execute=execute))


def item_lines(course: Path, student: str) -> list[str]:
    """The per-item feedback lines of a graded notebook, in order."""
    return [ln for ln in outputs_text(course, student).splitlines() if ln.startswith("Item ")]


RIGHT = "Item 1: Your answer: b. Correct"


# What real students hand in: (student, notebook transform, answers file, expected score,
# a phrase their feedback must contain).
def odd_cases(rel):
    return [
        ("clicked-right", rel, {"1": "b"}, 1.0, RIGHT),
        ("clicked-wrong", rel, {"1": "c"}, 0.0, "Physical (chemical) dependence"),
        ("padded-upper", rel, {"1": " B) "}, 1.0, RIGHT),
        ("typed-only", synthetic.with_typed(rel, 1, "b."), None, 1.0, RIGHT),
        ("no-answers-file", rel, None, 0.0, "No answer was recorded"),
        ("unknown-option", rel, {"1": "z"}, 0.0, "is not one of the options"),
        ("deleted-answer-cell", synthetic.without(rel, "q1_answer"), {"1": "b"}, 1.0,
         RIGHT),
        ("edited-locked-cell", synthetic.with_source(rel, "q1_answer", "answer_1 = 'b'"),
         {"1": "a"}, 0.0, "Not correct"),
        ("infinite-loop", synthetic.with_code(rel, "while True:\n    pass"), {"1": "b"}, 1.0,
         RIGHT),
    ]


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    """One synthetic class graded by `hrcourse grade` (isolated, 2 workers)."""
    course = fresh_course(tmp_path_factory.mktemp("class"))
    rel = synthetic.released(course, QUIZ)
    for student, nb, answers, _, _ in odd_cases(rel):
        synthetic.submit(course, QUIZ, student, nb, answers=answers)
    synthetic.submit(course, QUIZ, "damaged-answers-file", rel, raw_answers='{"format": "hr')
    synthetic.submit(course, QUIZ, "kernel-killer", synthetic.with_code(rel, "import os\n"
                                                                        "os._exit(1)"),
                     answers={"1": "b"})
    synthetic.submit(course, QUIZ, "not-json", "{this is not json", answers={"1": "b"})
    outcome = run_grade(course)
    return course, outcome


def test_every_odd_submission_gets_a_deterministic_grade_and_a_clear_message(graded_class):
    course, outcome = graded_class
    assert outcome.failed == {}
    got = scores(course)
    for student, _, _, expected, phrase in odd_cases(synthetic.released(course, QUIZ)):
        assert got[student] == expected, student
        assert phrase in outputs_text(course, student), student


def test_a_damaged_answers_file_is_explained(graded_class):
    course, _ = graded_class
    assert scores(course)["damaged-answers-file"] == 0.0
    text = outputs_text(course, "damaged-answers-file")
    assert "saved answers file is damaged" in text and "No answer was recorded" in text


def test_a_click_quiz_runs_no_student_code(graded_class):
    """The kernel killer and the infinite loop never run: graded from their answers."""
    course, _ = graded_class
    assert scores(course)["kernel-killer"] == 1.0
    assert "grading kernel stopped" not in outputs_text(course, "kernel-killer")


def test_in_kernel_grading_survives_a_cell_that_kills_the_kernel(tmp_path):
    """Notebooks that must run students' code still run, robustly and sandboxed."""
    course = fresh_course(tmp_path / "c")
    rel = synthetic.released(course, QUIZ)
    synthetic.submit(course, QUIZ, "kernel-killer",
                     synthetic.with_code(rel, "import os\nos._exit(1)"), answers={"1": "b"})
    outcome = run_grade(course, workers=1, execute=True)
    assert outcome.failed == {}
    assert scores(course)["kernel-killer"] == 1.0
    assert "grading kernel stopped while running this cell" in outputs_text(course,
                                                                          "kernel-killer")


def test_trusted_scoring_gives_honest_students_the_grades_and_lines_of_kernel_grading(
        tmp_path):
    """Every odd submission, scored from data and by running the notebook: same grades,
    same comments, same feedback line per item."""
    kernel, trusted = fresh_course(tmp_path / "kernel"), fresh_course(tmp_path / "trusted")
    rel = synthetic.released(kernel, QUIZ)
    cases = [(student, nb, answers) for student, nb, answers, *_ in odd_cases(rel)]
    cases += [("written", synthetic.with_source(rel, "written_1", "Her body adapted."),
               {"1": "b"}),
              ("typed-list", synthetic.with_typed(rel, 1, "b"), {"1": "c"}),
              ("typed-empty", synthetic.with_typed(rel, 1, ""), {"1": "b"})]
    for course in (kernel, trusted):
        for student, nb, answers in cases:
            synthetic.submit(course, QUIZ, student, nb, answers=answers)
        synthetic.submit(course, QUIZ, "damaged-file", rel, raw_answers='{"format": "hr')
    assert not run_grade(kernel, execute=True).failed
    assert not run_grade(trusted).failed
    assert gradebook_rows(kernel) == gradebook_rows(trusted)
    for student in [c[0] for c in cases] + ["damaged-file"]:
        lines = item_lines(trusted, student)
        assert lines and lines == item_lines(kernel, student), student


def test_a_notebook_that_is_not_json_is_graded_from_the_saved_clicks(graded_class):
    course, outcome = graded_class
    assert scores(course)["not-json"] == 1.0
    assert "could not be opened" in outputs_text(course, "not-json")
    assert "not valid JSON" in outcome.repaired["not-json"][0]
    # The student's original file is kept as handed in.
    assert (course / "submitted" / "not-json" / QUIZ / f"{QUIZ}.ipynb").read_text() == \
        "{this is not json"


def test_rerun_grades_only_what_is_new_and_force_regrades_all(graded_class):
    course, first = graded_class
    again = run_grade(course)
    assert again.graded == [] and sorted(again.skipped) == sorted(first.graded)
    synthetic.submit(course, QUIZ, "clicked-wrong", answers={"1": "b"},
                     timestamp="2026-11-28 10:00:00.000000 UTC")
    newer = run_grade(course)
    assert newer.graded == ["clicked-wrong"] and scores(course)["clicked-wrong"] == 1.0


def test_identical_grades_comments_and_feedback_to_plain_nbgrader(tmp_path):
    """Plain sequential nbgrader autograde vs the parallel, isolated command."""
    plain, ours = fresh_course(tmp_path / "plain"), fresh_course(tmp_path / "ours")
    rel = synthetic.released(plain, QUIZ)
    cases = odd_cases(rel) + [
        ("written", synthetic.with_source(rel, "written_1", "Her body adapted."), {"1": "b"},
         1.0, ""),
        ("damaged", rel, None, 0.0, "")]
    for course in (plain, ours):
        for student, nb, answers, *_ in cases:
            synthetic.submit(course, QUIZ, student, nb, answers=answers)
    handle = api(plain, **{"Execute.timeout": 4})
    for student, *_ in cases:
        assert handle.autograde(QUIZ, student, force=True, create=True)["success"], student
    outcome = run_grade(ours)
    assert not outcome.failed
    assert gradebook_rows(plain) == gradebook_rows(ours)
    for course in (plain, ours):
        h = api(course)
        for student, *_ in cases:
            assert h.generate_feedback(QUIZ, student, force=True)["success"]
    for student, *_ in cases:
        if student == "infinite-loop":
            continue  # the interrupt's traceback text differs between kernel launches
        assert feedback_html(plain, student) == feedback_html(ours, student), student


def gradebook_rows(course: Path):
    from nbgrader.api import Gradebook

    rows = []
    with Gradebook(gradebook_url(course / "gradebook.db")) as gb:
        for sub in gb.assignment_submissions(QUIZ):
            for nb in sub.notebooks:
                for g in nb.grades:
                    rows.append((sub.student.id, g.name, g.auto_score, g.manual_score,
                                 g.needs_manual_grade))
                for c in nb.comments:
                    rows.append((sub.student.id, c.name, c.auto_comment, c.manual_comment))
    return sorted(rows, key=repr)


UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32}")


def feedback_html(course: Path, student: str) -> str:
    """The feedback page, with the random ids nbconvert gives each widget output masked
    (two plain nbgrader runs of the same submission differ in those too)."""
    html = (course / "feedback" / student / QUIZ / f"{QUIZ}.html").read_text()
    return UUID.sub("<id>", html)


def test_a_crash_before_the_merge_leaves_the_gradebook_as_it_was(tmp_path, monkeypatch):
    course = fresh_course(tmp_path / "c")
    synthetic.submit(course, QUIZ, "someone", answers={"1": "b"})
    before = (course / "gradebook.db").read_bytes()

    def boom(*_args, **_kw):
        raise RuntimeError("simulated crash during merge")

    monkeypatch.setattr(merge, "merge", boom)
    with pytest.raises(RuntimeError):
        run_grade(course, workers=1)
    assert (course / "gradebook.db").read_bytes() == before
    assert not (course / "autograded").exists()


def test_a_click_quiz_is_graded_without_isolation_and_without_asking(tmp_path, monkeypatch,
                                                                     capsys):
    from hrcourse import cli

    course = fresh_course(tmp_path / "c")
    synthetic.submit(course, QUIZ, "someone", answers={"1": "b"})
    monkeypatch.setattr(sandbox, "available", lambda: (False, "bwrap is not installed"))
    assert cli.main(["grade", QUIZ, "--course", str(course), "--quiet", "--workers", "1"]) == 0
    assert "No isolation needed" in capsys.readouterr().err
    assert scores(course) == {"someone": 1.0}


def test_the_command_refuses_to_run_student_code_unisolated_unless_told(tmp_path, monkeypatch,
                                                                        capsys):
    from hrcourse import cli

    course = fresh_course(tmp_path / "c", code_test=True)
    synthetic.submit(course, QUIZ, "someone", answers={"1": "b"})
    monkeypatch.setattr(sandbox, "available", lambda: (False, "bwrap is not installed"))
    assert cli.main(["grade", QUIZ, "--course", str(course), "--quiet"]) == 3
    assert "Isolation is not available here: bwrap is not installed" in capsys.readouterr().err
    assert not (course / "autograded").exists()
    assert cli.main(["grade", QUIZ, "--course", str(course), "--quiet", "--no-isolation",
                     "--workers", "1"]) == 0
    assert "WITHOUT isolation" in capsys.readouterr().err
    assert scores(course) == {"someone": 1.0}


def test_help_names_the_options(capsys):
    from hrcourse import cli

    with pytest.raises(SystemExit):
        cli.main(["grade", "--help"])
    text = capsys.readouterr().out
    for option in ("--workers", "--force", "--no-isolation", "--memory-mb", "--cell-timeout"):
        assert option in text
