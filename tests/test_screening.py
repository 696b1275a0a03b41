"""The screening scorer against the published scoring rules (AUDIT-C: Bush et al., 1998;
Bradley et al., 2003; U.S. cut-offs as stated by Delaney et al., 2014. DAST-10: Skinner, 1982,
bands as published by NIDA / CAMH. TAPS-1: NIDA's TAPS Tool, McNeely et al., 2016: any answer
other than "Never" is a positive screen for that substance), its messages for input it cannot
score, and the content model's checks of data/screening.yml."""

import copy

import pytest

from hrcourse.content import ContentError, load_yaml
from hrcourse.content.base import parse
from hrcourse.content.screening import Screening, find_tool, load_screening
from hrcourse.logic import screening as logic


@pytest.fixture(scope="module")
def audit():
    return find_tool("audit-c")


@pytest.fixture(scope="module")
def dast():
    return find_tool("dast-10")


def audit_answers(q1, q2, q3):
    """AUDIT-C answers by their published points (0-4 each)."""
    tool = find_tool("audit-c")
    by_points = [{o.points: o.id for o in q.options} for q in tool.questions]
    return {"q1": by_points[0][q1], "q2": by_points[1][q2], "q3": by_points[2][q3]}


def dast_answers(yes: set[int]):
    """DAST-10 answers: 'yes' to the question numbers in `yes`, 'no' to the others."""
    return {f"q{n}": "yes" if n in yes else "no" for n in range(1, 11)}


# -- AUDIT-C ----------------------------------------------------------------------

def test_audit_c_items_score_0_to_4_in_the_published_order(audit):
    assert [[o.points for o in q.options] for q in audit.questions] == [[0, 1, 2, 3, 4]] * 3
    assert audit.max_score == 12
    assert [o.label for o in audit.questions[0].options] == [
        "Never", "Monthly or less", "2 to 4 times a month", "2 to 3 times a week",
        "4 or more times a week"]
    assert [o.label for o in audit.questions[1].options] == [
        "1 or 2", "3 or 4", "5 or 6", "7 to 9", "10 or more"]


@pytest.mark.parametrize("total, sex, positive", [
    (2, "female", False), (3, "female", True), (12, "female", True),
    (3, "male", False), (4, "male", True), (12, "male", True)])
def test_audit_c_cut_offs_are_3_for_women_and_4_for_men(audit, total, sex, positive):
    band = logic.band_for(audit, total, sex)
    assert band.level.startswith("Positive screen") is positive


def test_audit_c_score_adds_the_three_answers(audit):
    result = logic.score(audit, audit_answers(3, 0, 0), "female")
    assert (result.total, result.max_score, result.complete) == (3, 12, True)
    assert result.band.level == "Positive screen for women (3 or more)"
    same_for_a_man = logic.score(audit, audit_answers(3, 0, 0), "male")
    assert same_for_a_man.band.level == "Below the cut-off for men (4 or more)"


def test_audit_c_zero_means_no_use_reported_for_both_sexes(audit):
    for sex in ("female", "male"):
        assert logic.score(audit, audit_answers(0, 0, 0), sex).band.level == \
            "No alcohol use reported"


def test_audit_c_needs_a_sex_for_its_cut_off_and_says_which_cut_offs(audit):
    with pytest.raises(logic.ScreeningInputError) as err:
        logic.score(audit, audit_answers(1, 1, 1))
    assert str(err.value) == ("AUDIT-C: the published cut-offs differ by sex (women: 3 or more, "
                              "men: 4 or more); choose 'female' or 'male' for the cut-off "
                              "(got nothing).")
    with pytest.raises(logic.ScreeningInputError, match="got 'other'"):
        logic.score(audit, audit_answers(1, 1, 1), "other")


def test_the_explanation_says_score_band_cut_off_and_not_a_diagnosis(audit):
    result = logic.score(audit, audit_answers(3, 0, 0), "female")
    text = logic.explain(audit, result, "female")
    assert text.startswith("AUDIT-C score: 3 of 12. Positive screen for women (3 or more).")
    assert "The published cut-off for women is 3 or more." in text
    assert "never a diagnosis" in text
    assert "has an alcohol use disorder" not in text


# -- DAST-10 ----------------------------------------------------------------------

def test_dast_10_yes_scores_1_except_question_3_where_no_scores_1(dast):
    for n, question in enumerate(dast.questions, start=1):
        points = {o.id: o.points for o in question.options}
        assert points == ({"yes": 0, "no": 1} if n == 3 else {"yes": 1, "no": 0}), question.id
    assert logic.score(dast, dast_answers(set())).total == 1  # "no" to q3 only
    assert logic.score(dast, dast_answers({3})).total == 0
    assert logic.score(dast, dast_answers(set(range(1, 11)) - {3})).total == 10


@pytest.mark.parametrize("total, level", [
    (0, "No problems reported"), (1, "Low level"), (2, "Low level"), (3, "Moderate level"),
    (5, "Moderate level"), (6, "Substantial level"), (8, "Substantial level"),
    (9, "Severe level"), (10, "Severe level")])
def test_dast_10_bands_are_the_published_ones(dast, total, level):
    assert logic.band_for(dast, total).level.startswith(level)


def test_dast_10_ignores_sex_and_rejects_a_score_out_of_range(dast):
    assert logic.band_for(dast, 4, "female") == logic.band_for(dast, 4)
    with pytest.raises(logic.ScreeningInputError, match=r"from 0 to 10 \(got 11\)"):
        logic.band_for(dast, 11)


# -- TAPS-1 -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def taps():
    return find_tool("taps-1")


FREQUENCIES = ["Never", "Less than monthly", "Monthly", "Weekly", "Daily or almost daily"]


def taps_answers(**chosen):
    """TAPS-1 answers: 'never' for every substance not named."""
    return {q: chosen.get(q, "never") for q in ("tobacco", "alcohol", "drugs", "prescription")}


def test_taps_1_asks_four_substances_past_year_with_the_published_frequencies(taps):
    assert [q.id for q in taps.questions] == ["tobacco", "alcohol", "drugs", "prescription"]
    assert taps.period == "the past 12 months"
    for q in taps.questions:
        assert [o.label for o in q.options] == FREQUENCIES, q.id
    alcohol = taps.question("alcohol").text
    assert "4 or more" in alcohol and "women" in alcohol
    assert "5 or more" in alcohol and "men" in alcohol


@pytest.mark.parametrize("frequency", ["less-than-monthly", "monthly", "weekly", "daily"])
@pytest.mark.parametrize("substance", ["tobacco", "alcohol", "drugs", "prescription"])
def test_taps_1_any_answer_but_never_is_positive_for_that_substance(taps, substance,
                                                                    frequency):
    result = logic.score(taps, taps_answers(**{substance: frequency}))
    assert result.band.level == "Positive screen for at least one substance"
    assert logic.positive_topics(taps, result) == [taps.question(substance).topic]


def test_taps_1_never_to_all_four_is_a_negative_screen(taps):
    result = logic.score(taps, taps_answers())
    assert result.band.level == "Negative screen for all four substances"
    assert logic.positive_topics(taps, result) == []
    assert "Negative for every substance asked about." in logic.explain(taps, result)


def test_taps_1_names_each_positive_substance_and_sends_it_to_taps_2(taps):
    result = logic.score(taps, taps_answers(tobacco="daily", prescription="less-than-monthly"))
    text = logic.explain(taps, result)
    assert text.startswith("TAPS-1: Positive screen for at least one substance. Positive for: "
                           "tobacco, prescription medicines used other than as prescribed.")
    assert "TAPS-2" in text and "never a diagnosis" in text
    assert "score:" not in text  # the TAPS-1 has no published total; none is shown


def test_taps_1_has_no_sex_specific_cut_off(taps):
    assert logic.score(taps, taps_answers(alcohol="monthly"), "male").band == \
        logic.score(taps, taps_answers(alcohol="monthly")).band


def test_a_tool_that_screens_each_question_needs_topics_and_0_or_1_points():
    data = raw()
    data["tools"][2]["questions"][0].pop("topic")
    with pytest.raises(ContentError, match="question 'tobacco' needs a topic"):
        parse(Screening, data, "data/screening.yml")
    data = raw()
    data["tools"][2]["questions"][1]["options"] = [
        {"id": "never", "label": "Never", "points": 0},
        {"id": "daily", "label": "Daily", "points": 2}]
    with pytest.raises(ContentError, match="options score 0 \\(negative\\) or 1"):
        parse(Screening, data, "data/screening.yml")


# -- incomplete and invalid answers -------------------------------------------------

def test_unanswered_questions_are_named_and_give_no_band(dast):
    answers = dast_answers({1})
    del answers["q4"], answers["q9"]
    result = logic.score(dast, answers)
    assert (result.complete, result.missing, result.band) == (False, ("q4", "q9"), None)
    assert logic.explain(dast, result) == (
        "DAST-10: 2 of 10 questions are not answered yet (question 4, 9). Answer every "
        "question before reading a score.")


def test_an_unknown_question_or_answer_is_named(dast):
    with pytest.raises(logic.ScreeningInputError) as err:
        logic.score(dast, {"q11": "yes"})
    assert str(err.value).startswith("DAST-10: no question 'q11'; the questions are q1, q2,")
    with pytest.raises(logic.ScreeningInputError) as err:
        logic.score(dast, {"q2": "maybe"})
    assert str(err.value) == ("DAST-10, question q2: 'maybe' is not one of its answers "
                              "(yes, no).")


# -- the fictional clients ----------------------------------------------------------

def test_the_clients_keys_give_the_scores_the_lesson_teaches(audit, dast):
    rosa = logic.score(audit, logic.client_key(audit), audit.client.sex)
    assert (rosa.total, rosa.band.level) == (3, "Positive screen for women (3 or more)")
    theo = logic.score(dast, logic.client_key(dast))
    assert (theo.total, theo.band.level) == (4, "Moderate level of reported problems")
    taps = find_tool("taps-1")
    dana = logic.score(taps, logic.client_key(taps))
    assert logic.positive_topics(taps, dana) == ["tobacco", "alcohol", "illegal drugs"]


def test_coding_names_each_answer_that_does_not_fit_what_the_client_said(dast):
    answers = logic.client_key(dast) | {"q3": "no"}  # the reverse-scored trap
    wrong = [c for c in logic.check_coding(dast, answers) if not c.right]
    assert [(c.question, c.chosen, c.expected) for c in wrong] == [("q3", "no", "yes")]
    assert "other way round" in wrong[0].why


# -- the content model ----------------------------------------------------------------

def raw():
    return copy.deepcopy(load_yaml("screening.yml"))


def test_the_screening_file_loads():
    assert [t.id for t in load_screening().tools] == ["audit-c", "dast-10", "taps-1"]


@pytest.mark.parametrize("change, message", [
    (lambda r: r["tools"][1]["bands"].pop(1),
     "bands leave a gap or overlap at score 1 (next band starts at 3)"),
    (lambda r: r["tools"][0]["bands"][2].update(max=11),
     "bands for female end at 11, but the highest possible score is 12"),
    (lambda r: r["tools"][1]["client"]["answers"][2].update(answer="maybe"),
     "the client's answer 'maybe' to question 'q3' is not one of its options (yes, no)"),
    (lambda r: r["tools"][1]["client"]["answers"].pop(),
     "the client gives no answer to question(s) q10"),
    (lambda r: r["tools"][0]["client"].update(fictional_note="Rosa is a composite."),
     "fictional_note must say that the client is fictional"),
    (lambda r: r["tools"][1]["questions"][0]["options"][0].update(points=-1),
     "Input should be greater than or equal to 0"),
])
def test_the_model_names_what_is_wrong_in_the_file(change, message):
    data = raw()
    change(data)
    with pytest.raises(ContentError) as err:
        parse(Screening, data, "data/screening.yml")
    assert message in str(err.value)
    assert str(err.value).startswith("data/screening.yml")


def test_an_unknown_tool_names_the_tools_that_exist():
    with pytest.raises(ContentError, match=r"no screening tool 'cage' \(known: audit-c, "
                                           r"dast-10, taps-1\)"):
        find_tool("cage")
