"""Lessons 08 and 09's widgets driven as a learner would (set values, click buttons): the
screening scorer and the put-in-order exercise; their records survive a new kernel."""

import html
import json

import ipywidgets
import pytest

import hrcourse
from hrcourse.content.screening import find_tool
from hrcourse.content.sequence import find_sequence
from hrcourse.logic.screening import client_key
from hrcourse.widgets import screening as screening_w
from hrcourse.widgets import sequence as sequence_w


def saved(progress_path, section):
    return json.loads(progress_path.read_text())["records"][section]


# -- screening scorer ---------------------------------------------------------------

def test_audit_c_scored_from_clicks_explains_the_result_and_saves(isolated_progress):
    scorer = screening_w.ScreeningScorer(find_tool("audit-c"))
    for qid, option in client_key(scorer.tool).items():
        scorer.answer(qid, option)
    scorer.choose_cutoff("female")
    scorer.button.click()
    assert "AUDIT-C score: 3 of 12. Positive screen for women (3 or more)." in scorer.result.value
    assert "never a diagnosis" in scorer.result.value
    assert "Every answer fits what Rosa said" in scorer.result.value
    assert scorer.keys.message.startswith("AUDIT-C score: 3 of 12.")
    record = saved(isolated_progress, "screening")["audit-c"]
    assert record == {"answers": client_key(scorer.tool), "sex": "female", "total": 3}


def test_a_missing_cut_off_or_answer_is_a_clear_prompt_and_nothing_is_lost(isolated_progress):
    scorer = screening_w.ScreeningScorer(find_tool("audit-c"))
    scorer.answer("q1", "2-3-a-week")
    scorer.button.click()
    assert "Not scored yet" in scorer.result.value
    said = html.unescape(scorer.result.value)
    # in the words on screen: the options' labels, not the stored values
    assert ("2 of 3 questions are not answered yet (question 2, 3). Choose which published "
            "cut-off applies (“Women's cut-off” or “Men's cut-off”)") in said
    assert "'female'" not in said and "got nothing" not in said
    assert scorer.keys.message.startswith("Not scored yet. 2 of 3 questions")
    scorer.choose_cutoff("female")
    scorer.button.click()
    assert "2 of 3 questions are not answered yet (question 2, 3)" in scorer.result.value
    assert saved(isolated_progress, "screening")["audit-c"]["answers"] == {"q1": "2-3-a-week"}


def test_the_dast_10_reverse_scored_trap_is_explained_and_answers_restore(isolated_progress):
    tool = find_tool("dast-10")
    scorer = screening_w.ScreeningScorer(tool)
    assert scorer.cutoff is None  # no sex-specific cut-offs
    for qid, option in (client_key(tool) | {"q3": "no"}).items():
        scorer.answer(qid, option)
    result = scorer.score()
    assert result.total == 5
    assert "1 answer(s) do not fit what Theo said" in scorer.result.value
    assert "scored the other way round" in scorer.result.value
    assert "With the answers that fit, the score is 4" in scorer.result.value
    again = screening_w.ScreeningScorer(tool)  # a new kernel reading saved progress
    assert again.selectors["q3"].value == "no"
    assert "1 answer(s) do not fit" in again.result.value


def test_taps_1_from_clicks_names_each_positive_substance_without_a_total(isolated_progress):
    tool = find_tool("taps-1")
    scorer = screening_w.ScreeningScorer(tool)
    assert scorer.cutoff is None  # the alcohol question carries both thresholds itself
    for qid, option in (client_key(tool) | {"alcohol": "never"}).items():
        scorer.answer(qid, option)
    scorer.score()
    assert "Positive for: tobacco, illegal drugs." in scorer.result.value
    assert "1 answer(s) do not fit what Dana said" in scorer.result.value
    assert ("With the answers that fit, TAPS-1: Positive screen for at least one substance."
            in scorer.result.value)
    assert "score is" not in scorer.result.value


def test_a_saved_answer_the_tool_no_longer_has_is_skipped(isolated_progress):
    isolated_progress.parent.mkdir(parents=True, exist_ok=True)
    scorer = screening_w.ScreeningScorer(find_tool("dast-10"))
    scorer.answer("q1", "yes")
    scorer.score()
    data = json.loads(isolated_progress.read_text())
    data["records"]["screening"]["dast-10"]["answers"] = {"q1": "maybe", "q99": "yes",
                                                          "q2": "no"}
    isolated_progress.write_text(json.dumps(data))
    again = screening_w.ScreeningScorer(find_tool("dast-10"))
    assert again.answers() == {"q2": "no"}


# -- put in order -------------------------------------------------------------------

def test_moving_with_buttons_then_checking_gives_feedback_per_step(isolated_progress):
    exercise = sequence_w.SequenceExercise(find_sequence("opioid-overdose"))
    first_row = exercise.rows.children[0]
    up, down = first_row.children[1].children
    assert (up.description, up.disabled, down.disabled) == ("Move up", True, False)
    down.click()  # "Give naloxone" from 1 to 2
    assert exercise.order[:2] == ["side", "naloxone"]
    assert exercise.keys.message == "“Give naloxone” is now step 2 of 6."
    result = exercise.check()
    assert result.correct == 0
    first_step = exercise.rows.children[0].children[0].value  # "Recovery position" at 1
    assert "✘ <strong>Goes later.</strong> The recovery position comes once" in first_step
    assert exercise.keys.message.startswith("0 of 6 steps are in the right place. "
                                            "“Recovery position” goes later;")
    assert saved(isolated_progress, "sequence")["opioid-overdose"]["order"] == exercise.order


def test_the_right_order_is_confirmed_and_restored_after_restart(isolated_progress):
    seq = find_sequence("opioid-overdose")
    exercise = sequence_w.SequenceExercise(seq)
    for target, step_id in enumerate(seq.order):
        while exercise.order.index(step_id) > target:
            exercise.move(step_id, -1)
    exercise.check_button.click()
    assert "✔ All 6 steps are in the right order." in exercise.feedback.value
    again = sequence_w.SequenceExercise(seq)
    assert again.order == seq.order and "All 6 steps" in again.feedback.value


def test_a_saved_order_that_no_longer_fits_the_steps_starts_over(isolated_progress):
    seq = find_sequence("opioid-overdose")
    sequence_w.SequenceExercise(seq).move("call", -1)
    data = json.loads(isolated_progress.read_text())
    data["records"]["sequence"]["opioid-overdose"]["order"] = ["call", "gone"]
    isolated_progress.write_text(json.dumps(data))
    assert sequence_w.SequenceExercise(seq).order == seq.start


@pytest.mark.parametrize("call, args", [("screening", ("audit-c",)),
                                        ("screening", ("dast-10",)),
                                        ("screening", ("taps-1",)),
                                        ("sequence", ("opioid-overdose",))])
def test_the_notebook_calls_return_a_widget(call, args):
    assert isinstance(getattr(hrcourse, call)(*args), ipywidgets.Widget)


# -- the learner's summary and the progress overview name the new records ----------------

def test_the_summary_lists_screening_practice_and_put_in_order_records():
    from hrcourse import summary

    records = {"screening": {"audit-c": {"answers": {"q1": "never"}, "sex": None,
                                         "total": None},
                             "dast-10": {"answers": {f"q{n}": "no" for n in range(1, 11)},
                                         "sex": None, "total": 1}},
               "sequence": {"opioid-overdose": {"order": ["call", "check"], "checked": 0}}}
    md = summary.to_markdown(records, "Course", {}, {})
    assert "## Screening practice (lesson 08; fictional clients, not a diagnosis)" in md
    assert "- audit-c: score not yet (1 answer(s) chosen)" in md
    assert "- dast-10: score 1 (10 answer(s) chosen)" in md
    assert ("- opioid-overdose: call → check (0 step(s) in the right place at the last check)"
            in md)


def test_progress_overviews_name_the_sections_and_their_lessons():
    from hrcourse import export, records

    assert records.noun("screening") == "screening practice answers"
    assert records.noun("sequence") == "put-in-order exercises"
    content = export.context()
    assert records.lesson_of("screening", "dast-10", content) == "08"
    assert records.lesson_of("sequence", "opioid-overdose", content) == "09"
    assert records.lesson_of("sequence", "renamed-since", content) is None


def test_after_a_move_the_focus_follows_the_moved_step_and_never_lands_on_a_disabled_button():
    seq = find_sequence("opioid-overdose")
    exercise = sequence_w.SequenceExercise(seq)
    second = exercise.order[1]
    exercise.move(second, -1)  # now first: its Move up is disabled
    assert exercise.keys.focus_selector == f"button.hr-seq-down-{second}"
    exercise.move(second, +1)
    assert exercise.keys.focus_selector == f"button.hr-seq-down-{second}"
    last = exercise.order[-2]
    exercise.move(last, +1)  # now last: its Move down is disabled
    assert exercise.keys.focus_selector == f"button.hr-seq-up-{last}"
    row = exercise.rows.children[-1].children[1].children
    assert [(b.description, b.disabled) for b in row] == [("Move up", False), ("Move down", True)]
