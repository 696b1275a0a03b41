"""Property-based tests of every reader of the answers file and of typed answers: the
file is the student's, so anything may be in it. No exception escapes, and the grade of
every valid entry is unchanged by garbage beside it (Hypothesis; profile in conftest.py)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hrcourse.logic.answers import (
    AnswersFileError,
    Entry,
    dump_answers_file,
    parse_answer_entries,
)
from hrcourse.logic.click_items import SlotItem, SlotVariant, recorded_answers
from hrcourse.logic.slot_scores import displayed_answer, flags, own_draw, score_slot

QUIZ = "quizP"
ITEM = SlotItem(1, "q01", {f"q01-{k}": SlotVariant(f"q01-{k}", "abcd"[k], {
    o: f"Option {o}." for o in "abcd"}, "C.", {o: f"Why {o}." for o in "abcd"})
    for k in range(1, 4)}, many=False, points=1.0, shuffle=True)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner,
                                                                max_size=4),
    max_leaves=12)


@given(st.text(max_size=200))
def test_any_text_is_read_or_refused_with_a_reason(text):
    try:
        parse_answer_entries(text, QUIZ)
    except AnswersFileError as err:
        assert str(err)


@given(st.dictionaries(st.text(max_size=6), json_values, max_size=6), json_values)
def test_garbage_beside_a_valid_entry_changes_nothing(garbage, top):
    valid = {"1": Entry("c", "q01-2", "ana")}
    clean = json.loads(dump_answers_file(QUIZ, valid))
    dirty = json.loads(dump_answers_file(QUIZ, valid))
    dirty["answers"].update({k: v for k, v in garbage.items() if k != "1"})
    dirty["extra"] = top
    read = parse_answer_entries(json.dumps(dirty), QUIZ)
    assert read["1"] == parse_answer_entries(json.dumps(clean), QUIZ)["1"]
    drawn = own_draw(ITEM, "salt", QUIZ, "ana")
    mark = score_slot(ITEM, drawn, displayed_answer(read["1"].choice, drawn, False))
    expected = score_slot(ITEM, drawn, displayed_answer("c", drawn, False))
    assert mark == expected


@given(json_values)
def test_any_saved_entry_is_scored_or_explained_never_raised(value):
    text = json.dumps({"format": "hrcourse-quiz-answers", "quiz": QUIZ,
                       "answers": {"1": value}})
    entries = parse_answer_entries(text, QUIZ)
    drawn = own_draw(ITEM, "s", QUIZ, "ana")
    entry = entries.get("1")
    given_ = displayed_answer(entry.choice, drawn, False) if entry else None
    mark = score_slot(ITEM, drawn, given_)
    assert 0 <= mark.points <= 1 and mark.message
    assert isinstance(flags(ITEM, drawn, entry, "ana"), list)


@given(st.text(max_size=40))
def test_any_typed_answer_is_read_as_data_or_ignored_with_a_note(typed_source):
    cells = [("code", "answer_1 = quiz.answer(1, 'abcd')"), ("code", typed_source),
             ("code", "quiz.grade_slot(1, slot='q01', variants={})")]
    rec = recorded_answers(cells, {1: 2})[1]
    drawn = own_draw(ITEM, "s", QUIZ, "ana")
    if rec.source == "typed":
        mark = score_slot(ITEM, drawn, rec.typed)
        assert 0 <= mark.points <= 1


@given(st.sampled_from("abcd"), st.text(max_size=30))
def test_a_typed_letter_is_scored_through_the_students_own_order(letter, padding):
    """The displayed letter, whatever the padding a student types around it."""
    drawn = own_draw(ITEM, "s", QUIZ, "ana")
    exact = score_slot(ITEM, drawn, letter)
    variant = ITEM.variants[drawn.variant]
    right_letter = next(s for s, o in zip("abcd", drawn.order, strict=True) if o == variant.key)
    assert (exact.points == 1.0) == (letter == right_letter)
    padded = score_slot(ITEM, drawn, f" {letter.upper()}) ")
    assert padded.points == exact.points
    noisy = score_slot(ITEM, drawn, letter + padding)
    assert 0 <= noisy.points <= 1


@pytest.mark.parametrize("reader", ["kernel", "grader", "report"])
@given(st.binary(max_size=120))
def test_every_reader_of_the_file_survives_any_bytes(tmp_path_factory, reader, raw):
    """The widget's reader (hrcourse.quiz), the trusted scorer's and the class report's."""
    folder = tmp_path_factory.mktemp("answers")
    path = folder / f"{QUIZ}.answers.json"
    path.write_bytes(raw)
    if reader == "kernel":
        import os

        from hrcourse import quiz

        here = os.getcwd()
        os.chdir(folder)
        try:
            quiz.start(QUIZ)
            assert isinstance(quiz.saved_answers(report=False), dict)
            assert isinstance(quiz._saved_entries(QUIZ), dict)
        finally:
            os.chdir(here)
    elif reader == "grader":
        from hrcourse.instructor.trusted import read_answer_entries

        entries, note = read_answer_entries(folder, QUIZ, 4096)
        assert isinstance(entries, dict) and isinstance(note, str)
    else:
        from hrcourse.logic.answers import parse_answers_file

        try:
            parse_answers_file(raw.decode("utf-8"), QUIZ)
        except (UnicodeDecodeError, AnswersFileError):
            pass
