"""nbgrader wiring: student versions match source/, leak nothing, and grade correctly."""

import json
import shutil
from pathlib import Path

import pytest

from hrcourse.instructor.course import api, assignments, generate_all
from hrcourse.logic.answers import answers_filename, dump_answers_file
from tests.conftest import ROOT, copy_course

pytestmark = pytest.mark.nbgrader
LEAKS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "quiz.grade(", "Rubric",
         "BEGIN MARK SCHEME")


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A temporary copy of the course with freshly generated student versions."""
    root = copy_course(tmp_path_factory.mktemp("course"))
    shutil.rmtree(root / "assignments")
    generate_all(root)
    return root


def _notebooks(folder: Path) -> dict[str, dict]:
    return {str(p.relative_to(folder)): json.loads(p.read_text())
            for p in sorted(folder.rglob("*.ipynb"))}


def test_assignments_are_exactly_what_nbgrader_generates_from_source(course):
    committed, fresh = _notebooks(ROOT / "assignments"), _notebooks(course / "assignments")
    assert committed.keys() == fresh.keys(), "run `make assignments`"
    for name in committed:
        assert committed[name] == fresh[name], f"{name} is stale: run `make assignments`"
    assert assignments(ROOT) == sorted(p.name for p in (ROOT / "assignments").iterdir())


def test_student_versions_contain_no_solution_hidden_test_or_saved_answers():
    for path in (ROOT / "assignments").rglob("*"):
        assert not path.name.endswith(".answers.json"), f"saved answers in a release: {path}"
        if path.suffix == ".ipynb":
            text = path.read_text()
            for marker in LEAKS:
                assert marker not in text, f"{path.relative_to(ROOT)} contains {marker!r}"
    assert not list((ROOT / "source").rglob("*.answers.json")), "answers file in source/"


def _submit(course: Path, student: str, assignment: str, answers: dict | None,
            typed: dict | None = None):
    target = course / "submitted" / student / assignment
    target.mkdir(parents=True)
    nb = json.loads((course / "assignments" / assignment / f"{assignment}.ipynb").read_text())
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        for item, value in (typed or {}).items():
            if source.startswith("# Only if clicking") and f"answer_{item} =" in source:
                cell["source"] = source + f"\nanswer_{item} = {value!r}"
    (target / f"{assignment}.ipynb").write_text(json.dumps(nb))
    if answers is not None:
        (target / answers_filename(assignment)).write_text(dump_answers_file(assignment, answers))


def _scores(course: Path, assignment: str) -> dict[str, float]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        return {s.student.id: s.score for s in gb.assignment_submissions(assignment)}


def test_practice_quiz_grades_correct_and_incorrect_submissions(course):
    name = "quiz0_practice"
    _submit(course, "right", name, {"1": "b"})
    _submit(course, "wrong", name, {"1": "a"})
    _submit(course, "typed", name, None, typed={1: " B) "})
    _submit(course, "empty", name, None)
    handle = api(course)
    for student in ("right", "wrong", "typed", "empty"):
        result = handle.autograde(name, student, force=True, create=True)
        assert result["success"], result.get("error") or result.get("log")
    scores = _scores(course, name)
    assert scores == {"right": 1.0, "wrong": 0.0, "typed": 1.0, "empty": 0.0}
    graded = json.loads((course / "autograded" / "wrong" / name / f"{name}.ipynb").read_text())
    outputs = [o for c in graded["cells"] for o in c.get("outputs", [])]
    text = "".join("".join(o.get("text", "")) for o in outputs)
    assert "Item 1: Your answer: a. Not correct (0 of 1 point). This item checks: Physical" in text


def test_source_holds_exactly_what_the_item_bank_builds(tmp_path):
    """source/<quiz>/ of every data/quizzes/*.yml is rebuilt with the repository's course
    config and compared byte for byte (run `make assignments` after editing a bank)."""
    from hrcourse.instructor.bank_notebook import write_sources

    copy_course(tmp_path / "c")
    built = write_sources(tmp_path / "c")
    assert {p.parent.name for p in built} == {p.stem for p in (ROOT / "data" / "quizzes").glob(
        "*.yml")}
    for path in built:
        committed = ROOT / "source" / path.parent.name / path.name
        assert committed.read_bytes() == path.read_bytes(), \
            f"{committed.relative_to(ROOT)} is stale: run `make assignments`"


def test_a_student_version_holds_every_variant_but_no_key_or_feedback():
    from hrcourse.content.quiz_bank import load_banks

    for quiz_id, bank in load_banks().items():
        nb = json.loads((ROOT / "assignments" / quiz_id / f"{quiz_id}.ipynb").read_text())
        text = "\n".join("".join(c["source"]) for c in nb["cells"])
        for slot in bank.slots:
            for v in slot.variants:
                assert v.stem.strip()[:40] in text or repr(v.stem.strip()) in text, v.id
                for why in v.feedback.values():
                    assert why.strip()[:60] not in text, (quiz_id, v.id)
        assert "'key'" not in text and "grade_slot" not in text
