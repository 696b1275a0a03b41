"""The whole instructor workflow on a temporary copy of the course, with a local exchange
and several synthetic students: generate, release, fetch, answer (clicks and typing),
submit, collect, autograde (`hrcourse grade`), grade the written item by hand, generate,
release and fetch feedback, export grades to CSV. Exact scores are asserted."""

import csv
import json
from pathlib import Path

import pytest
from traitlets.config import Config

from hrcourse.instructor import grade
from hrcourse.instructor.course import api, gradebook_url, load_config
from hrcourse.logic.answers import answers_filename, dump_answers_file
from tests.support import synthetic
from tests.test_grading import LIMITS, fresh_course

pytestmark = pytest.mark.nbgrader
QUIZ = "quiz2_dependence"


def answer_key(course: Path) -> dict[int, tuple[bool, float]]:
    """item -> (many, points), read from the hidden tests of the instructor version (each
    student's key depends on the variant they drew: tests.support.synthetic)."""
    _, _, items = synthetic.bank_quiz(course, QUIZ)
    return {n: (i.many, float(i.points)) for n, i in items.items()}


def exchange_config(course: Path, exchange: Path, home: Path) -> Config:
    config = load_config(course)
    config.Exchange.root = str(exchange)
    config.Exchange.assignment_dir = str(home)
    return config


def as_student(monkeypatch, name: str, home: Path, course: Path, exchange: Path, action):
    """Run an nbgrader exchange step as student `name`."""
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory

    monkeypatch.setenv("USER", name)
    monkeypatch.setenv("LOGNAME", name)
    home.mkdir(parents=True, exist_ok=True)
    config = exchange_config(course, exchange, home)
    coursedir = CourseDirectory(config=config)
    coursedir.assignment_id = QUIZ
    coursedir.student_id = name  # what nbgrader would take from the login on a hub
    step = action(coursedir=coursedir, authenticator=Authenticator(config=config),
                  config=config)
    step.start()


def test_a_class_goes_through_the_whole_nbgrader_workflow(tmp_path, monkeypatch):
    from nbgrader.api import Gradebook
    from nbgrader.exchange.default import (
        ExchangeFetchAssignment,
        ExchangeFetchFeedback,
        ExchangeSubmit,
    )
    from nbgrader.plugins import CsvExportPlugin

    course = fresh_course(tmp_path / "course")                      # generate
    exchange = tmp_path / "exchange"
    exchange.mkdir(mode=0o777)
    instructor = api(course, **{"Exchange.root": str(exchange)})
    assert instructor.release_assignment(QUIZ)["success"]            # release
    key = answer_key(course)
    assert len(key) >= 8
    total_auto = sum(points for _, points in key.values())

    # Three students, each on their own draw of variants and option order: all right by
    # clicking; all right but typing two answers (their displayed letters) padded and
    # uppercase; every single-choice answer wrong and no written answer.
    everything = set(key)
    plan = {"ana": everything, "ben": everything,
            "cy": {n for n, (many, _) in key.items() if many}}
    _, _, items = synthetic.bank_quiz(course, QUIZ)
    for student, right in plan.items():
        home = tmp_path / "homes" / student
        as_student(monkeypatch, student, home, course, exchange, ExchangeFetchAssignment)
        folder = home / QUIZ
        nb = json.loads((folder / f"{QUIZ}.ipynb").read_text())
        clicked = synthetic.clicks(course, QUIZ, student, right)
        if student == "ben":  # typed fallback for items 1 and 2
            for item in (1, 2):
                option = clicked.pop(str(item)).choice
                letter = synthetic.displayed_letter(course, QUIZ, student, item, option)
                nb = synthetic.with_typed(nb, item, f"  {letter.upper()}) ")
        if student != "cy":
            nb = synthetic.with_source(nb, "written_1", "Tolerance and withdrawal alone ...")
        (folder / f"{QUIZ}.ipynb").write_text(json.dumps(nb))
        (folder / answers_filename(QUIZ)).write_text(dump_answers_file(QUIZ, clicked))
        as_student(monkeypatch, student, home, course, exchange, ExchangeSubmit)  # submit
    assert items[1].many is False and items[2].many is False  # the typed items: one letter

    monkeypatch.setenv("USER", "instructor")
    assert instructor.collect(QUIZ)["success"]                        # collect
    assert sorted(p.name for p in (course / "submitted").iterdir()) == ["ana", "ben", "cy"]
    outcome = grade.grade(grade.Options(course=course, assignment=QUIZ, workers=2,
                                        limits=LIMITS))               # autograde
    assert outcome.failed == {} and outcome.graded == ["ana", "ben", "cy"]

    with Gradebook(gradebook_url(course / "gradebook.db")) as gb:  # manual grading
        for student, points in (("ana", 4), ("ben", 5)):
            gb.find_grade("written_1", QUIZ, QUIZ, student).manual_score = points
        gb.db.commit()
        got = {s.student.id: s.score for s in gb.assignment_submissions(QUIZ)}
    wrong_single = sum(p for many, p in key.values() if not many)
    assert got == {"ana": total_auto + 4, "ben": total_auto + 5,
                   "cy": total_auto - wrong_single}

    assert instructor.generate_feedback(QUIZ)["success"]              # feedback
    assert instructor.release_feedback(QUIZ)["success"]
    as_student(monkeypatch, "ben", tmp_path / "homes" / "ben", course, exchange,
               ExchangeFetchFeedback)
    fetched = list((tmp_path / "homes" / "ben" / QUIZ / "feedback").rglob("*.html"))
    total = sum(p for _, p in key.values()) + 5
    # One OS user plays every student here, so nbgrader's local submission cache (per OS
    # user) lets "ben" fetch every student's feedback; his own is among them.
    assert any(f"Score: {got['ben']:.1f} / {total:.1f}" in f.read_text() for f in fetched)

    out = tmp_path / "grades.csv"                                     # export
    config = load_config(course)
    config.CsvExportPlugin.to = str(out)
    with Gradebook(gradebook_url(course / "gradebook.db")) as gb:
        CsvExportPlugin(config=config).export(gb)
    rows = {r["student_id"]: float(r["score"]) for r in csv.DictReader(out.open())
            if r["assignment"] == QUIZ}
    assert rows == got
