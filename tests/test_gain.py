"""The class's learning gain between the knowledge check's two forms: the statistics on a
synthetic class whose numbers are worked out by hand, then the whole path on a real
nbgrader gradebook (both forms autograded by the course's grader) through `hrcourse report`."""

import html
import math
import shutil
from datetime import datetime
from types import SimpleNamespace

import pandas as pd
import pytest

from hrcourse.instructor import report
from hrcourse.instructor.report import gain
from hrcourse.instructor.report.page import render_html

OBJECTIVES = ("05.1", "05.1", "06.1", "06.1")  # items 1-2 and 3-4 of both forms


def _form(name, rows, times=None):
    """rows: student -> points on items 1-4 (None = not graded)."""
    items = [report.Item(f"kc_{name}", f"q{n}_test", "single", OBJECTIVES[n - 1], 1.0, n,
                         "abcd", "a", f"kc_{name}", f"Question {n} of form {name}")
             for n in range(1, 5)]
    points = pd.DataFrame({s: [float("nan") if p is None else p for p in pts]
                           for s, pts in rows.items()}, index=[i.id for i in items]).T
    return gain.FormResults(name, f"kc_{name}", items, points, dict(times or {}))


ROSTER = pd.DataFrame({"first_name": ["Ann", "Ben", "Cy", "Dee", "Eve", "Fay"],
                       "last_name": ["A", "B", "C", "D", "E", "F"]},
                      index=pd.Index(["ann", "ben", "cy", "dee", "eve", "fay"], name="student"))
T1, T2 = datetime(2026, 9, 1), datetime(2026, 12, 1)


def _class(order="time"):
    """ann took A first (50%) then B (100%); ben B first (0%) then A (50%); cy A first with
    a perfect 100% then B (75%); dee took only A; eve neither; fay's A is not fully graded."""
    a = _form("A", {"ann": [0, 0, 1, 1], "ben": [1, 1, 0, 0], "cy": [1, 1, 1, 1],
                    "dee": [1, 0, 1, 0], "fay": [1, None, 1, 1]},
              {"ann": T1, "ben": T2, "cy": T1, "dee": T1, "fay": T1})
    b = _form("B", {"ann": [1, 1, 1, 1], "ben": [0, 0, 0, 0], "cy": [1, 1, 1, 0],
                    "fay": [1, 1, 1, 1]},
              {"ann": T2, "ben": T1, "cy": T2, "fay": T2})
    return gain.learning_gain(a, b, ROSTER, order)


def test_hakes_g_is_the_share_of_the_possible_improvement_and_undefined_at_100():
    assert gain.normalized_gain(50, 75) == pytest.approx(0.5)
    assert gain.normalized_gain(0, 50) == pytest.approx(0.5)
    assert gain.normalized_gain(80, 60) == pytest.approx(-1.0)  # a fall is a negative gain
    assert math.isnan(gain.normalized_gain(100, 100))
    assert math.isnan(gain.normalized_gain(float("nan"), 50))


def test_the_class_gain_from_the_means_and_the_mean_of_the_students_gains_differ():
    result = _class()
    s = result.summary
    # Matched: ann, ben, cy. Pre 50, 0, 100 -> mean 50; post 100, 50, 75 -> mean 75.
    assert s["matched"] == 3
    assert (s["pre_mean"], s["post_mean"], s["change"]) == (50, 75, 25)
    assert s["g_class"] == pytest.approx((75 - 50) / (100 - 50))  # 0.5
    # Own gains: ann (100-50)/50 = 1, ben (50-0)/100 = 0.5, cy undefined -> mean 0.75 of 2.
    assert s["g_mean_individual"] == pytest.approx(0.75)
    assert s["g_students"] == 2 and s["perfect_pre"] == ["cy"]
    assert any("cy" in n and "undefined" in n for n in result.notes)


def test_each_students_pre_test_is_the_form_they_submitted_first():
    students = _class().students
    assert students.loc["ann", ["pre_form", "pre", "post_form", "post"]].tolist() == \
        ["A", 50, "B", 100]
    assert students.loc["ben", ["pre_form", "pre", "post_form", "post"]].tolist() == \
        ["B", 0, "A", 50]
    assert students.loc["ann", "g"] == 1.0 and students.loc["ben", "g"] == 0.5
    assert math.isnan(students.loc["cy", "g"])
    assert _class().summary["pre_first_A"] == 2 and _class().summary["pre_first_B"] == 1


def test_a_fixed_order_overrides_the_submission_times():
    result = _class(order="A")  # everyone took A first: ben's pre is now A's 50%, post 0%
    assert result.students.loc["ben", ["pre", "post", "g"]].tolist() == [50, 0, -1.0]
    s = result.summary
    assert (s["pre_mean"], s["post_mean"]) == (pytest.approx(200 / 3), pytest.approx(175 / 3))


def test_a_student_without_submission_times_is_taken_as_a_first_and_named():
    a = _form("A", {"ann": [1, 0, 0, 0]})
    b = _form("B", {"ann": [1, 1, 0, 0]})
    result = gain.learning_gain(a, b, ROSTER.loc[["ann"]])
    assert result.students.loc["ann", "pre_form"] == "A"
    assert any("ann" in n and "form A is taken as their pre-test" in n for n in result.notes)


def test_students_with_one_form_or_none_are_listed_as_unmatched_with_the_reason():
    unmatched = _class().unmatched.set_index("student")
    assert set(unmatched.index) == {"dee", "eve", "fay"}
    assert unmatched.loc["dee", "reason"] == "took only form A; no graded form B"
    assert unmatched.loc["dee", "name"] == "Dee D"
    assert unmatched.loc["eve", "reason"] == "took neither form"
    assert "form A submitted but not fully graded" in unmatched.loc["fay", "reason"]
    s = _class().summary
    assert (s["unmatched"], s["only_one_form"], s["neither"], s["waiting"]) == (3, 1, 1, 1)


def test_per_objective_gain_by_hand():
    table = _class().objectives.set_index("objective")
    # 05.1 (items 1-2): pre ann 0, ben 0, cy 100 -> 33.3; post 100, 100, 100 -> 100; g = 1.
    assert table.loc["05.1", "pre"] == pytest.approx(100 / 3)
    assert table.loc["05.1", "post"] == pytest.approx(100)
    assert table.loc["05.1", "g"] == pytest.approx(1.0)
    # 06.1 (items 3-4): pre 100, 0, 100 -> 66.7; post 100, 0, 50 -> 50; g = -16.7/33.3.
    assert table.loc["06.1", "pre"] == pytest.approx(200 / 3)
    assert table.loc["06.1", "post"] == pytest.approx(50)
    assert table.loc["06.1", "g"] == pytest.approx(-0.5)


def test_the_items_that_moved_least_come_first_and_are_marked():
    table = _class().items
    # item 4: pre ann 1 ben 0 cy 1, post ann 1 ben 0 cy 0 -> 66.7 to 33.3 (-33.3)
    # item 3: 66.7 to 66.7 (0); items 1 and 2: 33.3 to 100 (+66.7)
    assert table["item"].tolist() == [4, 3, 1, 2]
    assert table["change"].tolist() == pytest.approx([-100 / 3, 0, 200 / 3, 200 / 3])
    # a quarter of 4 pairs is one, plus every pair that did not rise: items 4 and 3
    assert table["moved_least"].tolist() == [True, True, False, False]
    assert table.loc[0, "question_b"] == "Question 4 of form B"


def test_a_large_counterbalanced_class_gives_the_gain_built_into_it():
    # 400 students, half A first, half B first; everyone has items 1 right before (25%)
    # and items 1-3 right after (75%): g = (75 - 25) / 75 = 2/3 for each and for the class;
    # items 2 and 3 rise from 0% to 100%, item 1 stays at 100%, item 4 at 0%.
    students = [f"s{n:03d}" for n in range(400)]
    before, after = [1, 0, 0, 0], [1, 1, 1, 0]
    a_first = {s: n % 2 == 0 for n, s in enumerate(students)}
    a = _form("A", {s: before if a_first[s] else after for s in students},
              {s: T1 if a_first[s] else T2 for s in students})
    b = _form("B", {s: after if a_first[s] else before for s in students},
              {s: T2 if a_first[s] else T1 for s in students})
    roster = pd.DataFrame({"first_name": "X", "last_name": "Y"},
                          index=pd.Index(students, name="student"))
    result = gain.learning_gain(a, b, roster)
    s = result.summary
    assert (s["matched"], s["pre_first_A"], s["pre_first_B"]) == (400, 200, 200)
    assert (s["pre_mean"], s["post_mean"]) == (25, 75)
    assert s["g_class"] == pytest.approx(2 / 3) and s["g_mean_individual"] == pytest.approx(2 / 3)
    items = result.items.set_index("item")
    assert items.loc[1, ["pre", "post"]].tolist() == [100, 100]
    assert items.loc[2, ["pre", "post", "g"]].tolist() == [0, 100, 1.0]
    assert items.loc[4, ["pre", "post", "g"]].tolist() == [0, 0, 0.0]
    assert result.items["moved_least"].sum() == 2  # items 1 and 4 did not rise
    objectives = result.objectives.set_index("objective")
    assert objectives.loc["05.1", ["pre", "post"]].tolist() == [50, 100]
    assert objectives.loc["06.1", ["pre", "post"]].tolist() == [0, 50]


def test_a_class_that_is_perfect_before_has_no_class_gain_and_says_so():
    a = _form("A", {"ann": [1, 1, 1, 1]}, {"ann": T1})
    b = _form("B", {"ann": [1, 1, 1, 1]}, {"ann": T2})
    result = gain.learning_gain(a, b, ROSTER.loc[["ann"]])
    assert math.isnan(result.summary["g_class"])
    assert math.isnan(result.summary["g_mean_individual"])
    assert any("class gain is undefined" in n for n in result.notes)


def test_nobody_matched_gives_empty_tables_and_counts_everyone_unmatched():
    a = _form("A", {"ann": [1, 0, 0, 0]})
    b = _form("B", {"ben": [1, 1, 0, 0]})
    result = gain.learning_gain(a, b, ROSTER)
    assert result.summary["matched"] == 0 and result.students.empty
    assert result.summary["unmatched"] == 6
    assert math.isnan(result.summary["g_class"])


def test_forms_with_different_objectives_at_one_number_are_noted():
    a = _form("A", {"ann": [1, 0, 0, 0]})
    b = _form("B", {"ann": [1, 1, 0, 0]})
    b.items[0] = report.Item("kc_B", "q1_test", "single", "07.2", 1.0, 1, "abcd", "a", "kc_B")
    result = gain.learning_gain(a, b, ROSTER.loc[["ann"]], order="A")
    assert any("Items 1 test different objectives" in n for n in result.notes)


def test_an_unknown_order_is_refused_with_the_choices():
    a = _form("A", {"ann": [1, 0, 0, 0]})
    with pytest.raises(ValueError, match="time, A, B"):
        gain.learning_gain(a, a, ROSTER, order="C")


# --------------------------------------------------------------------------------------
# The whole path: both forms autograded by nbgrader with the course's trusted scoring,
# then `hrcourse report knowledge_check_b` on that gradebook


def _answers(form, right):
    """Every item of the form answered: the key for item numbers in `right`, else a
    wrong single option."""
    from hrcourse.content.knowledge_check import load_knowledge_check

    out = {}
    for n, item in enumerate(load_knowledge_check().form(form), 1):
        wrong = next(o for o in item.options if o not in item.key.split(","))
        out[str(n)] = item.key if n in right else wrong
    return out


@pytest.fixture(scope="module")
def gain_course(tmp_path_factory):
    """ann took A on 1 September with only item 1 right, then B on 1 December all right;
    ben took B first with nothing right, then A with only item 1 right; cy took only A;
    eve is on the roster and took neither."""
    import json

    from nbgrader.api import Gradebook

    from hrcourse.instructor.course import api, generate_all
    from hrcourse.logic.answers import answers_filename, dump_answers_file
    from tests.conftest import copy_course

    course = copy_course(tmp_path_factory.mktemp("course"))
    shutil.rmtree(course / "assignments")
    generate_all(course)  # registers the assignments in a fresh gradebook
    n = len(_answers("A", set()))
    plan = [("ann", "A", "2026-09-01", {1}), ("ann", "B", "2026-12-01", set(range(1, n + 1))),
            ("ben", "B", "2026-09-01", set()), ("ben", "A", "2026-12-01", {1}),
            ("cy", "A", "2026-09-02", {1})]
    handle = api(course)
    for student, form, day, right in plan:
        name = f"knowledge_check_{form.lower()}"
        target = course / "submitted" / student / name
        target.mkdir(parents=True)
        nb = json.loads((course / "assignments" / name / f"{name}.ipynb").read_text())
        (target / f"{name}.ipynb").write_text(json.dumps(nb))
        (target / answers_filename(name)).write_text(
            dump_answers_file(name, _answers(form, right)))
        (target / "timestamp.txt").write_text(f"{day} 10:00:00.000000 UTC")
        result = handle.autograde(name, student, force=True, create=True)
        assert result["success"], result.get("error") or result.get("log")
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        gb.add_student("eve", first_name="Eve", last_name="Absent")
    return course, n


@pytest.mark.nbgrader
def test_the_report_on_a_form_shows_the_class_gain_from_the_real_gradebook(gain_course):
    course, n = gain_course
    rep = report.build_report(course, "knowledge_check_b")
    s = rep.gain.summary
    # ann: pre (A) 100/n %, post (B) 100 %, g 1; ben: pre (B) 0 %, post (A) 100/n %, g 1/n.
    pre, post = (100 / n + 0) / 2, (100 + 100 / n) / 2
    assert s["matched"] == 2 and (s["pre_first_A"], s["pre_first_B"]) == (1, 1)
    assert (s["pre_mean"], s["post_mean"]) == (pytest.approx(pre), pytest.approx(post))
    assert s["g_class"] == pytest.approx((post - pre) / (100 - pre))
    assert s["g_mean_individual"] == pytest.approx((1 + 1 / n) / 2)
    unmatched = rep.gain.unmatched.set_index("student")["reason"].to_dict()
    assert unmatched == {"cy": "took only form A; no graded form B", "eve": "took neither form"}
    assert report.view(rep, "gain_unmatched")["Name"].tolist() == ["", "Eve Absent"]


@pytest.mark.nbgrader
def test_the_command_prints_the_gain_and_writes_its_section_and_tables(gain_course, tmp_path,
                                                                        capsys):
    from hrcourse import cli

    course, n = gain_course
    out = tmp_path / "out"
    assert cli.main(["report", "knowledge_check_a", "--course", str(course),
                     "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Learning gain (knowledge check, forms A and B):" in printed
    assert "2 student(s) graded on both forms" in printed and "2 unmatched" in printed
    assert f"Mean of the students' own gains: {(1 + 1 / n) / 2:.2f}" in printed
    page = " ".join(html.unescape((out / "report.html").read_text()).split())
    for words in ("Learning gain: knowledge check, forms A and B", "Class gain from the means",
                  "Mean of the students' own gains", "Unmatched students", "took neither form",
                  "Items, the ones that moved least first", "◀ moved least",
                  "What the gain does not say"):
        assert words in page, words
    assert page.count("data:image/png;base64,") == 4  # scores, items, mastery, gain
    assert 'alt="Paired bars show, for each of the' in page
    students = pd.read_csv(out / "gain_students.csv").set_index("student")
    assert students.loc["ann", "g"] == 1 and students.loc["ben", "pre_form"] == "B"
    assert set(pd.read_csv(out / "gain_unmatched.csv")["student"]) == {"cy", "eve"}
    # A fixed order: everyone took A first, so ben's pre-test is A's 100/n %.
    assert cli.main(["report", "knowledge_check_a", "--course", str(course), "--out",
                     str(out), "--pre-form", "A"]) == 0
    students = pd.read_csv(out / "gain_students.csv").set_index("student")
    assert students.loc["ben", "pre"] == pytest.approx(100 / n, rel=1e-3)


def test_a_form_whose_partner_is_not_graded_says_the_gain_will_come(tmp_path):
    import sqlite3

    from hrcourse.instructor.report.gain_read import class_gain

    db = tmp_path / "gradebook.db"
    sqlite3.connect(db).executescript(
        "CREATE TABLE assignment (id TEXT, name TEXT);"
        "CREATE TABLE student (id TEXT, first_name TEXT, last_name TEXT);"
        "CREATE TABLE submitted_assignment (id TEXT, assignment_id TEXT, student_id TEXT,"
        " timestamp TEXT);")
    paths = SimpleNamespace(db=db, source=tmp_path / "source")  # the folders it reads
    gain_result, notes = class_gain(paths, "knowledge_check_a")
    assert gain_result is None
    assert notes == ["The learning gain appears here once both knowledge-check forms have been "
                     "graded; knowledge_check_a and knowledge_check_b have no graded submission "
                     "yet."]
    assert class_gain(paths, "quiz1_foundations") == (None, [])


@pytest.mark.nbgrader
def test_the_notebooks_glance_prints_the_gain(gain_course, capsys):
    course, _ = gain_course
    report.glance(report.build_report(course, "knowledge_check_a"))
    printed = capsys.readouterr().out
    assert "Learning gain (knowledge check, forms A and B):\n  2 student(s) graded" in printed
    assert "Class gain from the means (Hake's g):" in printed


# --------------------------------------------------------------------------------------
# The view: sentences, tables and the page section, from the synthetic class


def _report_with(gain_result):
    items = [report.Item("kc_A", "q1_test", "single", "05.1", 1.0, 1, "abcd", "a", "kc_A")]
    data = report.GradebookData(ROSTER[["first_name", "last_name"]], ["ann"], pd.DataFrame(),
                                pd.DataFrame([("ann", "kc_A", "q1_test", 1.0, None, None)],
                                             columns=["student", "notebook", "cell",
                                                      "auto_score", "manual_score",
                                                      "extra_credit"]))
    rep = report.analyse("knowledge_check_a", items, data,
                         pd.DataFrame(columns=["student", "item", "answer"]))
    rep.gain = gain_result
    return rep


def test_the_summary_names_both_gains_and_the_students_left_out():
    from hrcourse.instructor.report.gain_views import summary_lines

    lines = summary_lines(_class())
    assert lines[0] == ("3 student(s) graded on both forms (pre-test form A: 2, form B: 1); "
                        "3 unmatched (1 with one form only, 1 with neither, 1 with a form not "
                        "fully graded yet), listed by name below.")
    assert lines[1] == "Mean pre-test 50%, mean post-test 75% (change +25 points)."
    assert lines[2] == "Class gain from the means (Hake's g): 0.50."
    assert lines[3] == ("Mean of the students' own gains: 0.75 (over 2 student(s); 1 student(s) "
                        "with a perfect pre-test left out, their gain is undefined).")


def test_the_readable_tables_say_undefined_and_mark_the_items_that_moved_least():
    rep = _report_with(_class())
    students = report.view(rep, "gain_students")
    assert students.loc["cy", "Own gain g"] == "undefined"
    assert students.loc["ben", ["Pre-test form", "Pre %", "Post %"]].tolist() == ["B", 0, 50]
    items = report.view(rep, "gain_items")
    assert items["Moved least"].tolist() == ["◀ moved least", "◀ moved least", "", ""]
    objectives = report.view(rep, "gain_objectives").set_index("Objective")
    assert objectives.loc["06.1", ["Pre %", "Post %", "Gain g"]].tolist() == [67, 50, "-0.50"]
    with pytest.raises(report.ReportError, match="no learning gain"):
        report.view(_report_with(None), "gain")


def test_the_page_section_has_headed_tables_and_lists_the_unmatched():
    page = " ".join(render_html(_report_with(_class()), {}).split())
    section = page[page.index("<h2>Learning gain"):page.index("<h2>How to read this report")]
    assert '<th scope="col">Own gain g</th>' in section
    assert '<th scope="col">Why unmatched</th>' in section
    assert "took neither form" in section and "Eve E" in section
    assert "<img" not in section  # no chart given, none shown
    nobody = gain.learning_gain(_form("A", {"ann": [1, 0, 0, 0]}),
                                _form("B", {"ben": [1, 1, 0, 0]}), ROSTER)
    page = " ".join(render_html(_report_with(nobody), {}).split())
    assert "0 student(s) graded on both forms" in page and "Gain by learning objective" \
        not in page and "Unmatched students" in page
