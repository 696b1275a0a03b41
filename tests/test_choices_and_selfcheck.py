"""Self-check grading and the reading of odd answers, without a kernel."""

import pytest

from hrcourse.logic.choices import ChoiceError, parse_choice_ids
from hrcourse.logic.selfcheck import Item, Option, grade, lesson_score


@pytest.mark.parametrize("raw, expected", [
    ("b", ["b"]), (" B ", ["b"]), ("B)", ["b"]), ("b.", ["b"]), ("(b)", ["b"]), ('"b"', ["b"]),
    (["B"], ["b"]), ("", []), (None, []), ("   ", []),
])
def test_single_answers_are_normalised(raw, expected):
    assert parse_choice_ids(raw, "abcd") == expected


@pytest.mark.parametrize("raw, expected", [
    ("a, c", ["a", "c"]), ("C A", ["a", "c"]), ("a;c", ["a", "c"]), ("a and c", ["a", "c"]),
    (["c", "a", "a"], ["a", "c"]), ("A) C)", ["a", "c"]),
])
def test_multiple_answers_are_normalised_in_option_order(raw, expected):
    assert parse_choice_ids(raw, "abcd", many=True) == expected


def test_unknown_option_names_the_valid_ones():
    with pytest.raises(ChoiceError, match=r"'e' is not one of the options \(a, b, c, d\)"):
        parse_choice_ids("e", "abcd")


def test_two_options_for_a_single_choice_item_is_refused():
    with pytest.raises(ChoiceError, match="only one"):
        parse_choice_ids(["a", "b"], "abcd")


def _item(kind, correct):
    return Item(id="x", lesson="01", objective="01.1", kind=kind, stem="?",
                options=tuple(Option(id=o, text=f"text {o}", correct=o in correct,
                                     feedback=f"fb {o}") for o in "abcd"))


def test_single_choice_correct_and_incorrect_carry_option_feedback():
    item = _item("single", "b")
    right = grade(item, " B ")
    assert (right.status, right.score) == ("correct", 1.0)
    wrong = grade(item, "c")
    assert (wrong.status, wrong.score) == ("incorrect", 0.0)
    assert [(o.id, ok) for o, ok in wrong.feedback] == [("c", False)]
    assert wrong.feedback[0][0].feedback == "fb c"


def test_empty_and_unknown_selections_get_a_gentle_prompt_not_an_exception():
    item = _item("single", "b")
    assert grade(item, None).status == "empty"
    assert "Choose one option" in grade(item, []).message
    odd = grade(item, "z")
    assert odd.status == "invalid" and "not one of the options" in odd.message


def test_multiple_select_partial_credit_subtracts_wrong_ticks():
    item = _item("multiple", "abc")
    assert grade(item, "a,b,c").score == 1.0
    partial = grade(item, "a,b")
    assert partial.status == "partial" and partial.score == pytest.approx(2 / 3)
    assert grade(item, "a,b,d").score == pytest.approx(1 / 3)
    assert grade(item, "a,d").status == "incorrect"  # 1 right - 1 wrong = 0


def test_lesson_score_counts_latest_and_first_try():
    items = [_item("single", "a"), Item(id="y", lesson="01", objective="01.1",
                                        kind="single", stem="?",
                                        options=_item("single", "a").options)]
    records = {"x": {"status": "correct", "first_status": "incorrect"},
               "y": {"status": "correct", "first_status": "correct"}}
    score = lesson_score(items, records)
    assert (score.answered, score.correct_now, score.correct_first_try) == (2, 2, 1)
    assert "2 of 2" in score.line()


def test_quiz_scoring_partial_credit_and_messages():
    from hrcourse.logic.answers import score

    full = score("A, C", "a,c", "abcd", True, 2, "Concept.")
    assert (full.points, full.message) == (
        2.0, "Your answer: a,c. Correct (2 of 2 points). This item checks: Concept.")
    half = score("a", "a,c", "abcd", True, 2, "Concept.")
    assert half.points == 1.0 and half.message.startswith(
        "Your answer: a. Partly correct (1 of 2 points; 1 of the 2")
    cancel = score("a,b", "a,c", "abcd", True, 2, "Concept.")
    assert cancel.points == 0.0 and cancel.message.startswith(
        "Your answer: a,b. Not correct (0 of 2 points; 1 of the 2")
    assert score(None, "b", "abcd", False, 1, "C.").message.startswith("No answer was recorded")
    assert "could not be read" in score("q", "b", "abcd", False, 1, "C.").message
    assert score(" b) ", "b", "abcd", False, 1, "C.").points == 1.0


def test_quiz_feedback_explains_only_the_chosen_options_and_reveals_only_when_asked():
    from hrcourse.logic.answers import score

    why = {"a": "Why A.", "b": "Why B.", "c": "Why C.", "d": "Why D."}
    wrong = score("c", "b", "abcd", False, 1, "Concept.", why).message
    assert wrong == ("Your answer: c. Not correct (0 of 1 point). This item checks: Concept. "
                     "About c): Why C.")
    right = score("b", "b", "abcd", False, 1, "Concept.", why).message
    assert right.endswith("About b): Why B.") and "Why C." not in right
    ticks = score("a,d", "a,b", "abcd", True, 2, "Concept.", why).message
    assert "About a): Why A. About d): Why D." in ticks and "Why B." not in ticks
    shown = score("c", "b", "abcd", False, 1, "Concept.", why, reveal="b) The key.").message
    assert shown.endswith("The correct answer: b) The key.")
    assert "correct answer" not in score("b", "b", "abcd", False, 1, "C.", why, "b) K.").message


def test_answers_file_round_trip_and_damage():
    import pytest as _pytest

    from hrcourse.logic.answers import AnswersFileError, dump_answers_file, parse_answers_file

    text = dump_answers_file("q", {"10": "a", "2": "b,c"})
    assert parse_answers_file(text, "q") == {"2": "b,c", "10": "a"}
    for bad, reason in [("{", "damaged"), ('{"format": "x"}', "not written by this quiz"),
                        (dump_answers_file("other", {}), "belongs to quiz 'other'")]:
        with _pytest.raises(AnswersFileError, match=reason):
            parse_answers_file(bad, "q")
