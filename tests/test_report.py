"""Class report: the statistics by hand, the reader against real and synthetic gradebooks,
the command and the instructor notebook."""

import json
import math
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from hrcourse import cli
from hrcourse.instructor import report
from hrcourse.instructor.course import api, generate_all
from hrcourse.instructor.report.build import _answer_notes as answer_notes
from hrcourse.logic.answers import answers_filename, dump_answers_file
from tests.conftest import ROOT, copy_course
from tests.support import synthetic_gradebook

NOTEBOOK = ROOT / "instructor" / "class_report.ipynb"


def _item(cell, kind="single", objective="05.1", points=1.0, number=None, options="abcd",
          key="b", notebook="quiz"):
    return report.Item(notebook, cell, kind, objective, points, number, options, key, "quiz")


# --------------------------------------------------------------------------------------
# Pure statistics, checked against numbers worked out by hand


def test_difficulty_is_the_share_of_points_over_graded_students_only():
    fractions = pd.DataFrame({"q1": [1, 1, 0, 1], "w1": [0.5, 1.0, float("nan"), 0.0]})
    difficulty = report.item_difficulty(fractions)
    assert difficulty["q1"] == 0.75
    assert difficulty["w1"] == pytest.approx(0.5)  # (0.5 + 1 + 0) / 3: the ungraded is out


def test_discrimination_is_the_point_biserial_with_the_rest_of_the_test():
    # Item x right for the first three of five students; the rest of the test (a 4-point
    # item) gives them 4, 3, 2, 2, 0. By hand: x mean 0.6, rest mean 2.2;
    # sum dx*dy = 2.4, sum dx^2 = 1.2, sum dy^2 = 8.8, r = 2.4 / sqrt(1.2 * 8.8) = 0.7385.
    # The point-biserial formula agrees: (M1 - M0) / s * sqrt(pq)
    # = (3 - 1) / sqrt(8.8 / 5) * sqrt(0.6 * 0.4) = 0.7385.
    points = pd.DataFrame({"x": [1, 1, 1, 0, 0], "rest": [4, 3, 2, 2, 0]}, dtype=float)
    totals = points.sum(axis=1)
    r = report.discrimination(points, totals)
    assert r["x"] == pytest.approx(2.4 / math.sqrt(1.2 * 8.8))
    assert r["x"] == pytest.approx((3 - 1) / math.sqrt(8.8 / 5) * math.sqrt(0.6 * 0.4))
    assert r["x"] == pytest.approx(0.7385, abs=1e-4)


def test_discrimination_leaves_the_item_out_of_the_total():
    # Uncorrected, an item always correlates with a total that contains it; corrected,
    # an item unrelated to the rest scores 0.
    points = pd.DataFrame({"x": [1, 0, 1, 0], "rest": [2, 2, 0, 0]}, dtype=float)
    assert report.discrimination(points, points.sum(axis=1))["x"] == pytest.approx(0.0)


def test_discrimination_is_undefined_without_spread_and_such_items_are_not_flagged():
    points = pd.DataFrame({"x": [1, 1, 1, 1], "rest": [3, 2, 1, 0]}, dtype=float)
    r = report.discrimination(points, points.sum(axis=1))["x"]
    assert math.isnan(r)
    assert report.flag_reason(1.0, r, report.Settings()) == ""


def test_strong_and_weak_groups_are_the_top_and_bottom_27_percent():
    totals = pd.Series(range(10), index=[f"s{i}" for i in range(10)], dtype=float)
    fractions = pd.DataFrame({"x": [0, 0, 1, 0, 1, 1, 0, 1, 1, 1]}, index=totals.index,
                             dtype=float)
    upper, lower = report.group_shares(fractions, totals)  # 27% of 10: 3 students each
    assert upper["x"] == 1.0  # s7, s8, s9
    assert lower["x"] == pytest.approx(1 / 3)  # s0, s1, s2


def test_flags_say_why_in_plain_words():
    settings = report.Settings(flag_difficulty=0.5, flag_discrimination=0.2)
    assert report.flag_reason(0.8, 0.45, settings) == ""
    assert report.flag_reason(0.3, 0.45, settings) == \
        "most students missed it: check the key and the teaching"
    assert "check the rubric" in report.flag_reason(0.3, 0.45, settings, written=True)
    assert report.flag_reason(0.7, 0.05, settings) == \
        "strong and weak students answer it alike: the wording may be unclear"
    assert report.flag_reason(0.7, -0.3, settings).startswith("weaker students did better")
    both = report.flag_reason(0.2, 0.1, settings)
    assert "most students missed it" in both and "answer it alike" in both


def test_option_counts_mark_the_key_and_the_most_common_wrong_answer():
    items = [_item("q1_test", number=1, options="abc", key="b"),
             _item("q2_test", kind="multiple", number=2, options="abcd", key="a,c")]
    choices = pd.DataFrame([("s1", "quiz/q1_test", "a"), ("s2", "quiz/q1_test", "a"),
                            ("s3", "quiz/q1_test", "b"), ("s1", "quiz/q2_test", "a,c"),
                            ("s2", "quiz/q2_test", "a,b"), ("s3", "quiz/q2_test", "b")],
                           columns=["student", "item", "answer"])
    table = report.option_counts(choices, items, submitted=4).set_index(["label", "option"])
    assert table.loc[("Q1", "a"), "chosen"] == 2 and table.loc[("Q1", "a"), "most_common_wrong"]
    assert table.loc[("Q1", "b"), "is_key"] and table.loc[("Q1", "b"), "chosen"] == 1
    assert table.loc[("Q1", "c"), "chosen"] == 0
    assert table.loc[("Q1", report.NO_ANSWER), "chosen"] == 1  # s4 chose nothing
    assert table.loc[("Q1", "a"), "share"] == 0.5
    # Ticks count per option: a twice, b twice (the misconception), c once, d never.
    assert [table.loc[("Q2", o), "chosen"] for o in "abcd"] == [2, 2, 1, 0]
    assert table.loc[("Q2", "b"), "most_common_wrong"]
    assert not table.loc[("Q2", "d"), "most_common_wrong"]


def test_mastery_pools_an_objectives_points_and_skips_ungraded_items():
    items = [_item("q1_test", objective="05.1"), _item("w1", "written", "05.1", points=4),
             _item("q2_test", objective="06.3")]
    points = pd.DataFrame({"quiz/q1_test": [1, 0, 1], "quiz/w1": [3, float("nan"), 0],
                           "quiz/q2_test": [0, 1, float("nan")]}, index=["a", "b", "c"])
    mastery = report.mastery_by_student(points, items)
    assert mastery.loc["a", "05.1"] == pytest.approx(4 / 5)
    assert mastery.loc["b", "05.1"] == 0.0  # only the graded choice item counts
    assert mastery.loc["c", "05.1"] == pytest.approx(1 / 5)
    assert math.isnan(mastery.loc["c", "06.3"])
    table = report.objective_table(mastery, items, report.Settings(mastery_level=0.7))
    row = table.set_index("objective").loc["05.1"]
    assert row["class_mastery"] == pytest.approx((0.8 + 0 + 0.2) / 3)
    assert row["share_mastered"] == pytest.approx(1 / 3)
    assert (row["items"], row["points"]) == ("q1_test, w1", 5)


def test_scores_follow_nbgrader_manual_over_auto_extra_credit_and_ungraded_as_zero():
    grades = pd.DataFrame({"student": ["a", "a", "a"], "notebook": ["n"] * 3,
                           "cell": ["x", "y", "z"], "auto_score": [1.0, 0.0, None],
                           "manual_score": [None, 2.0, None],
                           "extra_credit": [None, 0.5, None]})
    scored = report.grade_points(grades)
    assert scored["points"].tolist()[:2] == [1.0, 2.0] and math.isnan(scored["points"][2])
    assert scored["score"].tolist() == [1.0, 2.5, 0.0]


def test_score_bands_put_a_full_score_in_the_top_band():
    bands = report.score_bands(pd.Series([0, 9.99, 10, 55, 100]))
    assert bands["students"].tolist() == [2, 1, 0, 0, 0, 1, 0, 0, 0, 1]
    assert bands["band"].iloc[-1] == "90-100%"


def test_item_metadata_key_options_and_question_come_from_the_instructor_version():
    items = report.load_items(ROOT / "source", "quiz0_practice")
    by_cell = {i.cell: i for i in items}
    q1 = by_cell["q1_test"]
    assert (q1.number, q1.kind, q1.objective, q1.options, q1.key, q1.max_points) == \
        (1, "single", "05.1", "abc", "b", 1.0)
    assert q1.quiz_id == "quiz0_practice"
    assert q1.question.startswith("A retired teacher")
    assert q1.option_text["b"].startswith("She has physical dependence")
    written = by_cell["written_1"]
    assert (written.kind, written.objective, written.max_points) == ("written", "05.1", 2.0)


def test_a_damaged_answers_file_counts_as_no_choice_and_is_noted(tmp_path):
    paths = report.CourseFolder(tmp_path, tmp_path / "gradebook.db", tmp_path / "source",
                               tmp_path / "submitted", tmp_path / "autograded", "c")
    good = paths.autograded / "ann" / "quiz"
    good.mkdir(parents=True)
    (good / answers_filename("quiz")).write_text(dump_answers_file("quiz", {"1": "B)"}))
    fallback = paths.submitted / "bob" / "quiz"  # not autograded yet: the submitted copy
    fallback.mkdir(parents=True)
    (fallback / answers_filename("quiz")).write_text(dump_answers_file("quiz", {"1": "zz"}))
    broken = paths.autograded / "cat" / "quiz"
    broken.mkdir(parents=True)
    (broken / answers_filename("quiz")).write_text("{not json")
    answers, damaged, missing = report.read_answer_files(paths, "quiz",
                                                         ["ann", "bob", "cat", "dan"], ["quiz"])
    assert [s for s, _ in damaged] == ["cat"] and "damaged" in damaged[0][1]
    assert missing == 1  # dan
    choices, unreadable = report.choices_table(answers, [_item("q1_test", number=1)])
    assert choices.values.tolist() == [["ann", "quiz/q1_test", "b"]]
    assert unreadable == ["bob item 1: 'zz'"]
    notes = answer_notes(damaged, unreadable, missing, 4)
    assert "cat" in notes[0] and "no choice" in notes[0]


def _gradebook_data(submitted, grades_rows, roster=("a", "b", "c")):
    roster_frame = pd.DataFrame({"first_name": ["A"] * len(roster), "last_name": ["Z"] *
                                 len(roster)}, index=pd.Index(roster, name="student"))
    grades = pd.DataFrame(grades_rows, columns=["student", "notebook", "cell", "auto_score",
                                                "manual_score", "extra_credit"])
    return report.GradebookData(roster_frame, list(submitted), pd.DataFrame(), grades)


def test_an_empty_class_gives_a_clear_message_and_a_report_without_crashing(tmp_path):
    items = [_item("q1_test", number=1), _item("w1", "written", points=2)]
    rep = report.analyse("quiz", items, _gradebook_data([], []),
                         pd.DataFrame(columns=["student", "item", "answer"]),
                         notes=["No submissions of quiz in the gradebook yet."])
    assert rep.empty and rep.summary["submitted"] == 0 and rep.summary["roster"] == 3
    paths = report.write(rep, tmp_path)
    page = paths[0].read_text()
    assert "No submissions of quiz" in page and "<img" not in page
    assert all(p.exists() for p in paths[1:])


def test_missing_notebooks_and_ungraded_items_are_not_counted_as_wrong():
    items = [_item("q1_test", number=1), _item("w1", "written", points=2)]
    rows = [("a", "quiz", "q1_test", 1.0, None, None), ("a", "quiz", "w1", None, 2.0, None),
            ("b", "quiz", "q1_test", 0.0, None, None), ("b", "quiz", "w1", None, None, None)]
    # c submitted, but no notebook of theirs was graded at all
    rep = report.analyse("quiz", items, _gradebook_data(["a", "b", "c"], rows),
                         pd.DataFrame(columns=["student", "item", "answer"]))
    stats = rep.items.set_index("label")
    assert stats.loc["Q1", "graded"] == 2 and stats.loc["Q1", "difficulty"] == 0.5
    assert stats.loc["w1", "graded"] == 1
    students = rep.students
    assert students.loc["c", "score"] == 0.0 and students.loc["c", "not_graded"] == 2
    assert students.loc["b", "not_graded"] == 1
    assert rep.summary["not_graded"] == 3


# --------------------------------------------------------------------------------------
# A real course: nbgrader autogrades four students; the report must match its gradebook


def _submit(course: Path, student: str, name: str, answers, written: str | None = None):
    target = course / "submitted" / student / name
    target.mkdir(parents=True)
    nb = json.loads((course / "assignments" / name / f"{name}.ipynb").read_text())
    for cell in nb["cells"]:
        if written and cell["metadata"].get("nbgrader", {}).get("grade_id") == "written_1":
            cell["source"] = written
    (target / f"{name}.ipynb").write_text(json.dumps(nb))
    if isinstance(answers, dict):
        (target / answers_filename(name)).write_text(dump_answers_file(name, answers))
    elif answers is not None:
        (target / answers_filename(name)).write_text(answers)  # damaged on purpose


@pytest.fixture(scope="module")
def graded_course(tmp_path_factory):
    """quiz0_practice (Q1 plus a 2-point written answer) for five students on the roster:
    ann right, bob and cat wrong, dan's answers file damaged, eve never submitted."""
    from nbgrader.api import Gradebook

    course = copy_course(tmp_path_factory.mktemp("course"))
    shutil.rmtree(course / "assignments")
    generate_all(course)
    name = "quiz0_practice"
    text = "Her body adapted to the medicine; addiction is a pattern of harmful use."
    _submit(course, "ann", name, {"1": "b"}, text)
    _submit(course, "bob", name, {"1": "a"}, text)
    _submit(course, "cat", name, {"1": "a"})  # written answer left blank
    _submit(course, "dan", name, '{"format": "hrcourse-quiz-', text)
    handle = api(course)
    for student in ("ann", "bob", "cat", "dan"):
        result = handle.autograde(name, student, force=True, create=True)
        assert result["success"], result.get("error") or result.get("log")
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        gb.add_student("eve", first_name="Eve", last_name="Absent")
        for student, points in (("ann", 2.0), ("bob", 1.0)):  # dan's stays ungraded
            gb.find_grade("written_1", name, name, student).manual_score = points
        gb.db.commit()
    return course


@pytest.mark.nbgrader
def test_report_numbers_match_the_real_gradebook(graded_course):
    from nbgrader.api import Gradebook

    name = "quiz0_practice"
    rep = report.build_report(graded_course, name)
    with Gradebook(f"sqlite:///{graded_course / 'gradebook.db'}") as gb:
        expected = {s.student.id: s.score for s in gb.assignment_submissions(name)}
        roster = {s.id for s in gb.students}
    students = rep.students
    assert set(students.index) == roster
    assert students[students["submitted"]]["score"].to_dict() == expected
    assert expected == {"ann": 3.0, "bob": 1.0, "cat": 0.0, "dan": 0.0}
    assert not students.loc["eve", "submitted"] and math.isnan(students.loc["eve", "score"])

    items = rep.items.set_index("label")
    assert items.loc["Q1", "difficulty"] == 0.25  # only ann; dan's file was unreadable
    assert items.loc["written_1", "graded"] == 3  # cat's blank answer is graded 0
    assert items.loc["written_1", "not_graded"] == 1  # dan's is waiting
    assert items.loc["written_1", "difficulty"] == pytest.approx((1 + 0.5 + 0) / 3)

    options = rep.options.set_index("option")
    assert options.loc["a", "chosen"] == 2 and options.loc["a", "most_common_wrong"]
    assert options.loc["b", "chosen"] == 1 and options.loc["b", "is_key"]
    assert options.loc[report.NO_ANSWER, "chosen"] == 1
    assert any("dan" in n and "no choice" in n for n in rep.notes)

    mastery = students["mastery 05.1"]
    assert mastery["ann"] == 1.0 and mastery["bob"] == pytest.approx(1 / 3)
    assert mastery["dan"] == 0.0  # Q1 only: the written answer is not graded yet
    assert rep.summary["not_graded"] == 1


@pytest.mark.nbgrader
def test_the_command_writes_the_html_report_and_the_csv_tables(graded_course, tmp_path):
    out = tmp_path / "out"
    assert cli.main(["report", "quiz0_practice", "--course", str(graded_course),
                     "--out", str(out)]) == 0
    page = " ".join((out / "report.html").read_text().split())  # as a browser shows it
    assert page.count("data:image/png;base64,") == 3  # scores, items, mastery
    for words in ("Class report: quiz0_practice", "How to read this report",
                  "most students missed it: check the key and the teaching",
                  "strong and weak students answer it alike", "Mastery by learning objective",
                  "Show all 5 students", "dan"):
        assert words in page, words
    assert {p.name for p in out.glob("*.csv")} == {f"{t}.csv" for t in report.CSV_TABLES}
    items = pd.read_csv(out / "items.csv")
    assert items.set_index("label").loc["Q1", "difficulty"] == 0.25


def test_the_command_names_what_is_wrong(tmp_path, capsys):
    assert cli.main(["report", "quiz0_practice", "--course", str(tmp_path)]) == 1
    assert "no nbgrader_config.py" in capsys.readouterr().err
    shutil.copy2(ROOT / "nbgrader_config.py", tmp_path)
    assert cli.main(["report", "quiz0_practice", "--course", str(tmp_path)]) == 1
    assert "no gradebook at" in capsys.readouterr().err


# --------------------------------------------------------------------------------------
# The synthetic class


@pytest.fixture(scope="module")
def small_class(tmp_path_factory):
    return synthetic_gradebook.build_demo_class(tmp_path_factory.mktemp("demo"), 60, seed=3)


def test_nbgrader_reads_the_synthetic_gradebook_and_agrees_with_the_report(small_class):
    from nbgrader.api import Gradebook

    name = synthetic_gradebook.DEMO_ID
    rep = report.build_report(small_class, name)
    with Gradebook(f"sqlite:///{small_class / 'gradebook.db'}",
                   course_id="harm-reduction-therapy") as gb:
        scores = {s.student.id: s.score for s in gb.assignment_submissions(name)}
        assert len(gb.students) == 60
        assignment = gb.find_assignment(name)
        assert assignment.max_score == 18.0 and assignment.num_submissions == len(scores)
        needs_grading = sum(1 for s in gb.assignment_submissions(name) if s.needs_manual_grade)
    done = rep.students[rep.students["submitted"]]
    assert done["score"].to_dict() == pytest.approx(scores)
    assert needs_grading == int((done["not_graded"] > 0).sum())


def test_synthetic_answers_agree_with_the_grades(small_class):
    rep = report.build_report(small_class, synthetic_gradebook.DEMO_ID)
    damaged = 1  # one student's answers file is damaged on purpose: graded 0, no choice
    submitted = rep.summary["submitted"]
    for item in rep.items[rep.items["kind"].isin(["single", "classify"])].itertuples():
        key = rep.options[(rep.options["item"] == item.Index) & rep.options["is_key"]]
        assert int(key["chosen"].iloc[0]) == round(item.difficulty * submitted), item.label
    assert sum("could not be read" in n for n in rep.notes) == damaged
    lures = rep.options[rep.options["most_common_wrong"]]
    assert len(lures) == 10  # every choice item has a popular misconception


def test_the_synthetic_class_is_the_same_for_the_same_seed():
    import numpy as np

    items = report.load_items(ROOT / "source", "quiz0_practice")
    models = synthetic_gradebook.models_for(items, np.random.default_rng(0))
    first = synthetic_gradebook.simulate(models, 30, seed=5)
    assert first == synthetic_gradebook.simulate(models, 30, seed=5)
    assert first != synthetic_gradebook.simulate(models, 30, seed=6)


def test_a_500_student_synthetic_gradebook_loads_through_the_reader(tmp_path):
    course = synthetic_gradebook.build_demo_class(tmp_path / "c", 500)
    rep = report.build_report(course, synthetic_gradebook.DEMO_ID)
    assert len(rep.students) == 500 and rep.summary["items"] == 12
    assert 450 <= rep.summary["submitted"] < 500
    assert rep.points.shape == (rep.summary["submitted"], 12)
    assert rep.summary["flagged"] >= 2  # the demo's hard item and its unclear one


def test_without_submissions_the_notebook_says_nothing_is_graded_and_builds_no_class(
        tmp_path, capsys):
    course = copy_course(tmp_path / "course")  # no gradebook yet
    rep = report.load(course, "quiz2_dependence")
    out = capsys.readouterr().out
    assert rep is None and "Nothing graded yet for quiz2_dependence" in out
    assert "no gradebook at" in out
    report.glance(rep)
    report.show(rep, "scores")
    assert report.view(rep, "items") is None
    assert capsys.readouterr().out.count("Nothing graded yet") == 3
    assert not (course / "gradebook.db").exists()


# --------------------------------------------------------------------------------------
# The instructor notebook


def test_the_instructor_notebook_is_committed_clean_with_one_line_calls():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert 'ASSIGNMENT = "' in code[0].source
    for cell in code:
        assert not cell.outputs and cell.execution_count is None
    for cell in code[1:]:
        lines = [ln for ln in cell.source.splitlines() if ln.strip()]
        assert len(lines) == 1, cell.source


@pytest.mark.kernel
def test_the_instructor_notebook_says_nothing_is_graded_without_a_gradebook(tmp_path):
    from nbclient import NotebookClient

    folder = tmp_path / "instructor"  # COURSE = ".." is then a folder without a course
    folder.mkdir()
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(folder)}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "".join(o.get("text", "") + o.get("data", {}).get("text/plain", "")
                   for o in outputs)
    assert "Nothing graded yet for" in text and "not a course folder" in text
    assert "Chart description:" not in text and "<img" not in str(outputs)


# -- item-bank quizzes: statistics per variant ----------------------------------------------

def test_each_variant_gets_its_difficulty_and_discrimination_and_uneven_slots_are_flagged():
    import pandas as pd

    from hrcourse.instructor.report.variant_stats import shown_variants, variant_table

    students = [f"s{i:02d}" for i in range(60)]
    even = report.Item("quiz", "q1_test", "single", "01.1", 1.0, 1, "abcd", "", "quiz",
                       slot="q01", variants=("q01-1", "q01-2", "q01-3"), salt="t")
    uneven = report.Item("quiz", "q2_test", "single", "01.1", 1.0, 2, "abcd", "", "quiz",
                         slot="q02", variants=("q02-1", "q02-2", "q02-3"), salt="t")
    fixed = report.Item("quiz", "q3_test", "single", "01.1", 1.0, 3, "abcd", "b", "quiz")
    ability = {s: i / 59 for i, s in enumerate(students)}  # s59 strongest
    shown1, shown2 = shown_variants(even, students), shown_variants(uneven, students)
    points = pd.DataFrame({
        even.id: [float(ability[s] > 0.5) for s in students],
        # q02-3 is much harder than its siblings: only the strongest get it right
        uneven.id: [float(ability[s] > (0.9 if shown2[s] == "q02-3" else 0.3))
                    for s in students],
        fixed.id: [float(ability[s] > 0.4) for s in students]}, index=students)
    totals = points.sum(axis=1)
    table = variant_table([even, uneven, fixed], points, totals)
    assert list(table["variant"]) == [*even.variants, *uneven.variants]  # fixed: none
    assert table["students"].sum() == 2 * len(students)
    for variant in even.variants:
        row = table[table["variant"] == variant].iloc[0]
        who = [s for s in students if shown1[s] == variant]
        assert row["difficulty"] == pytest.approx(points.loc[who, even.id].mean())
        assert row["discrimination"] > 0.3  # the strong get it right
        assert row["flag"] == ""
    hard = table[table["variant"] == "q02-3"].iloc[0]
    assert hard["difficulty"] < 0.2 and "differ by" in hard["flag"]
    assert "review q02-3 (hardest)" in hard["flag"]
    assert (table[table["slot"] == "q02"]["flag"] != "").all()
    assert (table[table["slot"] == "q02"]["gap"] > 0.15).all()
    assert variant_table([fixed], points, totals) is None  # no variants: unchanged report


def test_a_gap_between_variants_that_chance_explains_is_shown_but_not_flagged():
    from hrcourse.instructor.report.variant_stats import beyond_chance

    # 13 students each: 62% and 40% right is a 22-point gap, within what chance gives
    assert not beyond_chance({"graded": 13, "difficulty": 0.40},
                             {"graded": 13, "difficulty": 0.62})
    # the same gap over 120 students each is not chance, even as the widest of 3 pairs
    assert beyond_chance({"graded": 120, "difficulty": 0.40},
                         {"graded": 120, "difficulty": 0.62}, pairs=3)
    # 42 points over 12 students each: beyond chance for one planned comparison, not for
    # the widest of a slot's three pairs
    hard, easy = {"graded": 12, "difficulty": 0.25}, {"graded": 12, "difficulty": 0.67}
    assert beyond_chance(hard, easy, pairs=1) and not beyond_chance(hard, easy, pairs=3)
    assert beyond_chance({"graded": 5, "difficulty": 0.0}, {"graded": 5, "difficulty": 1.0})


def test_an_item_bank_quiz_is_read_with_its_slots_variants_and_salt():
    from hrcourse.content.quiz_bank import load_bank

    bank = load_bank("quiz2_dependence")
    items = [i for i in report.load_items(ROOT / "source", "quiz2_dependence")
             if i.kind != "written"]
    assert [i.slot for i in items] == [s.id for s in bank.slots]
    for item, slot in zip(items, bank.slots, strict=True):
        assert item.variants == tuple(v.id for v in slot.variants)
        if len(slot.variants) == 1:  # one case: the option table can name its key
            assert item.key == slot.variants[0].key
            assert item.option_text == dict(slot.variants[0].options)
            assert item.question.startswith(slot.variants[0].stem.split()[0])
