"""Widgets driven as a learner would: set values, click buttons; progress survives."""

import copy
import json

import pytest

from hrcourse.content.vignette import vignette_from_dict
from hrcourse.widgets import criteria as criteria_w
from hrcourse.widgets import reflection as reflection_w
from hrcourse.widgets import selfcheck as selfcheck_w
from hrcourse.widgets import stance as stance_w
from hrcourse.widgets import vignette as vignette_w
from hrcourse.widgets import work as work_w
from tests.test_vignette_logic import VALID


def _vignette():
    return vignette_from_dict(copy.deepcopy(VALID), "vignettes/demo.yml")


def test_vignette_choice_shows_feedback_reaction_and_moves_openness(isolated_progress):
    player = vignette_w.VignettePlayer(_vignette())
    assert "4/10" in player.openness.value
    player.choices.children[0].children[0].click()  # "Respond A"
    assert "Strong response" in player.feedback.value and "Ana reacts" in player.feedback.value
    assert "6/10" in player.openness.value and "(+2 after your last response)" in \
        player.openness.value
    player.choose("c")  # try another response
    assert "Likely to close" in player.feedback.value and "2/10" in player.openness.value
    player.continue_button.click()
    assert "Decision 2" in player.scene.value
    saved = json.loads(isolated_progress.read_text())["records"]["vignette"]["demo"]
    assert saved["steps"][0][:2] == ["s1", "c"]


def test_vignette_reaches_a_summary_and_restores_after_restart(isolated_progress):
    player = vignette_w.VignettePlayer(_vignette())
    for _ in range(3):
        player.choose("a")
        player.continue_()
    assert "Your path through the case" in player.feedback.value
    assert "Strong responses: 3 of 3" in player.feedback.value
    again = vignette_w.VignettePlayer(_vignette())  # a new kernel reading saved progress
    assert again.run.finished and "Strong responses: 3 of 3" in again.feedback.value
    again.restart_button.click()
    assert again.run.scene_id == "s1" and "Decision 1" in again.scene.value


def test_continue_without_a_choice_prompts_gently():
    player = vignette_w.VignettePlayer(_vignette())
    player.continue_()
    assert "Choose a response first" in player.status.value


def _first_item(lesson="01", kind=None):
    from hrcourse.content.selfcheck import load_bank

    return next(i for i in load_bank(lesson) if kind is None or i.kind == kind)


def test_selfcheck_wrong_then_right_shows_both_feedbacks_and_the_running_score():
    item = _first_item()
    check = selfcheck_w.SelfCheck(item, 1)
    wrong = next(o.id for o in item.options if not o.correct)
    check.choose(wrong)
    check.button.click()
    assert "✘ Not quite" in check.feedback.value
    assert item.option(wrong).feedback[:30] in check.feedback.value.replace("&#x27;", "'") or \
        "does not apply" in check.feedback.value
    check.choose(*sorted(item.correct_ids))
    check.button.click()
    assert "✔ Correct" in check.feedback.value
    assert "correct now: 1" in check.score.value and "first try: 0" in check.score.value


def test_selfcheck_empty_selection_is_a_prompt_not_an_error():
    check = selfcheck_w.SelfCheck(_first_item(), 1)
    check.button.click()
    assert "No answer yet" in check.feedback.value


def test_selfcheck_answer_is_restored_in_a_new_widget():
    item = _first_item()
    first = selfcheck_w.SelfCheck(item, 1)
    first.choose(*sorted(item.correct_ids))
    first.check()
    second = selfcheck_w.SelfCheck(item, 1)
    assert second.selection() == sorted(item.correct_ids)
    assert "✔ Correct" in second.feedback.value


def test_criteria_explorer_supervision_toggle():
    ex = criteria_w.CriteriaExplorer()
    ex.boxes["tolerance"].value = True
    ex.boxes["withdrawal"].value = True
    ex.supervised.value = True
    assert "Criteria that count: 0 of 11" in ex.result.value
    assert "No substance use disorder" in ex.result.value and "not counted" in ex.result.value
    ex.supervised.value = False
    assert "Criteria that count: 2 of 11" in ex.result.value and "Mild" in ex.result.value


def test_criteria_presets_load_with_one_click_and_state_persists():
    ex = criteria_w.CriteriaExplorer()
    ex.preset_buttons[1].click()
    assert "Moderate" in ex.result.value
    assert ex.preset_text.value
    again = criteria_w.CriteriaExplorer()
    assert again.checked() == ex.checked()


def test_classification_case_feedback():
    from hrcourse.content.criteria import load_cases, load_criteria
    from hrcourse.logic.criteria import classify

    case = load_cases(classify)[0]
    widget = criteria_w.CaseClassifier(case, load_criteria(), 1)
    widget.button.click()
    assert "Choose one of the four" in widget.feedback.value
    widget.choice.value = case.answer
    assert widget.check() == "correct"


def test_stance_profile_chart_and_reading(capsys):
    survey = stance_w.StanceSurvey("pre")
    survey.button.click()
    assert "Answer at least one" in survey.message.value
    for item_id in survey.inputs:
        survey.inputs[item_id].value = 4
    reading = survey.show_profile()
    assert len(reading) == 9
    # Outside a kernel the Output widget does not capture, so the description reaches stdout.
    shown = capsys.readouterr().out + "".join(o.get("text", "") for o in survey.output.outputs)
    assert "Chart description: Bar chart of your average score in 9 domains" in shown
    post = stance_w.StanceSurvey("post")
    post.set_answers({k: 5 for k in post.inputs})
    box_ = stance_w.comparison()
    assert "Start" in box_.children[1].value


def test_stance_comparison_without_data_explains_what_to_do():
    box_ = stance_w.comparison()
    assert "first answer" in box_.children[0].value


def test_reflection_saves_and_reloads():
    first = reflection_w.Reflection("01", "Prompt?")
    first.text.value = "My private thought"
    assert "Saved" in first.status.value
    assert reflection_w.Reflection("01", "Prompt?").text.value == "My private thought"


def test_corrupt_progress_file_shows_a_notice_and_the_learner_carries_on(isolated_progress):
    import hrcourse

    isolated_progress.parent.mkdir(parents=True, exist_ok=True)
    isolated_progress.write_text("{not json")
    shown = hrcourse.reflection("01")
    assert "could not be used" in shown.children[0].value
    assert any("unreadable" in p.name for p in isolated_progress.parent.iterdir())


def test_export_of_my_work(tmp_path):
    reflection_w.Reflection("01", "Prompt?").text.value = "Exported thought"
    player = vignette_w.VignettePlayer(vignette_w.load_vignette("line-cook"))
    player.choose(player.run.scene.choices[0].id)
    player.continue_()
    mine = work_w.MyWork()
    paths = mine.export()
    md = paths["md"].read_text()
    assert "Exported thought" in md
    assert f"**{player.v.title}**: 1 decision(s) made" in md
    assert player.run.vignette.scenes[player.run.vignette.start].choices[0].principle in md
    assert "Download my-course-work.csv" in mine.links.value
    assert paths["csv"].read_text().startswith("section,item,field,value")


@pytest.mark.parametrize("name", ["vignette", "selfcheck", "reflection", "stance",
                                  "criteria_explorer", "classify_cases", "treatment_explorer",
                                  "relapse_plan", "my_work", "stance_comparison"])
def test_every_notebook_call_returns_a_widget(name):
    import ipywidgets

    import hrcourse

    args = {"vignette": ("line-cook",), "selfcheck": ("01",), "reflection": ("01",),
            "stance": ("pre",)}.get(name, ())
    assert isinstance(getattr(hrcourse, name)(*args), ipywidgets.Widget)


def test_stance_review_shows_saved_answers_and_cannot_change_them():
    first = stance_w.StanceSurvey("pre")
    item = next(iter(first.inputs))
    first.inputs[item].value = 2
    review = stance_w.StanceSurvey("pre", review=True)
    assert review.inputs[item].value == 2 and review.inputs[item].disabled


def test_dataset_description_keeps_the_datas_precision():
    from hrcourse.widgets.dataset import number

    assert (number(107941.0), number(46.3)) == ("107,941", "46.3")


def test_dataset_years_are_chosen_with_two_labelled_drop_downs_in_either_order():
    from hrcourse.widgets.dataset import DatasetExplorer

    explorer = DatasetExplorer("overdose_deaths")
    start, end = explorer.years
    assert (start.description, end.description) == ("From year:", "To year:")
    start.value = 2021
    assert explorer.redraw().split(": ")[1].startswith("106,699 in 2021")
    start.value, end.value = 2023, 2021  # the wrong way round still reads as 2021-2023
    assert set(explorer.selected()["year"]) == {2021, 2022, 2023}


def test_a_chart_is_an_image_with_alternative_text_a_caption_and_its_numbers():
    from hrcourse import plots

    fig = plots.hbar(["A", "B"], [1.0, 2.0], "Title", "Score")
    page = plots.figure_html(fig, "Bar chart of two scores. A: 1.0; B: 2.0.",
                             [["Name", "Score"], ["A", "1.0"], ["B", "2.0"]])
    assert 'alt="Bar chart of two scores. Described below."' in page
    assert "<figcaption>Chart description: Bar chart of two scores. A: 1.0; B: 2.0." in page
    assert '<th scope="col">Score</th>' in page and "<td>B</td><td>2.0</td>" in page


def test_client_words_are_quoted_once_even_if_the_data_quotes_them():
    raw = copy.deepcopy(VALID)
    raw["scenes"]["s1"]["client_says"] = '"I am fine."'
    player = vignette_w.VignettePlayer(vignette_from_dict(raw, "vignettes/demo.yml"))
    assert "“I am fine.”" in player.scene.value and '“"' not in player.scene.value


def test_what_a_choice_changed_is_read_out_to_screen_readers(isolated_progress):
    """Each widget's live region (hrcourse.keyboard) says what the learner's action did."""
    item = selfcheck_w.find_item("01", "hr-definition")
    check = selfcheck_w.SelfCheck(item, 1)
    check.choose(next(o.id for o in item.options if not o.correct))
    check.check()
    assert check.keys.message.startswith("✘ Not quite.")
    check.choose(next(o.id for o in item.options if o.correct))
    check.check()
    assert check.keys.message.startswith("✔ Correct.")
    player = vignette_w.VignettePlayer(vignette_w.load_vignette("line-cook"))
    player.choose("a")
    assert player.keys.message.startswith("Response A: ") and "reacts:" in player.keys.message
