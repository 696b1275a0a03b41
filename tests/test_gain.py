"""The class's learning gain between the knowledge check's two forms: the statistics on a
synthetic class whose numbers are worked out by hand, then the whole path on a real
nbgrader gradebook (both forms autograded by the course's grader) through `hrcourse report`."""

import math
from datetime import datetime

import pandas as pd
import pytest

from hrcourse.instructor import report
from hrcourse.instructor.report import gain

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
    assert gain.normalized_gain(50, 75) == 0.5
    assert gain.normalized_gain(0, 50) == 0.5
    assert gain.normalized_gain(80, 60) == -1.0  # a fall is a negative gain
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
    assert (s["unmatched"], s["only_one_form"], s["neither"]) == (3, 2, 1)


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
