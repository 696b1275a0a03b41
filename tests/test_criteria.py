"""The DSM-5 counting rule: severity bands and the medical-supervision note."""

import pytest

from hrcourse.content.criteria import load_cases, load_criteria
from hrcourse.logic.criteria import classify, evaluate, severity


@pytest.mark.parametrize("count, expected", [(0, "none"), (1, "none"), (2, "mild"), (3, "mild"),
                                             (4, "moderate"), (5, "moderate"), (6, "severe"),
                                             (11, "severe")])
def test_severity_bands(count, expected):
    assert severity(count) == expected


def test_tolerance_and_withdrawal_do_not_count_under_medical_supervision():
    supervised = evaluate(["tolerance", "withdrawal"], supervised=True)
    assert supervised.count == 0 and supervised.severity == "none"
    assert supervised.excluded == ("tolerance", "withdrawal")
    assert supervised.classification == "physical-dependence-only"
    unsupervised = evaluate(["tolerance", "withdrawal"], supervised=False)
    assert unsupervised.count == 2 and unsupervised.severity == "mild"
    assert unsupervised.classification == "both"


def test_supervision_does_not_excuse_behavioural_criteria():
    result = evaluate(["craving", "cut-down", "tolerance"], supervised=True)
    assert result.counted == ("craving", "cut-down") and result.severity == "mild"
    assert result.classification == "both"


def test_the_data_file_has_eleven_criteria_in_four_groups():
    criteria = load_criteria()
    assert [c.number for c in criteria.criteria] == list(range(1, 12))
    assert list(criteria.group_labels) == ["impaired-control", "social-impairment", "risky-use",
                                     "pharmacological"]


def test_presets_cover_the_three_teaching_cases():
    criteria = load_criteria()
    outcomes = {p.id: evaluate(p.checked, p.supervised) for p in criteria.presets}
    assert outcomes["prescribed-opioids"].classification == "physical-dependence-only"
    assert outcomes["compulsive-no-physiological"].classification == "use-disorder"
    assert outcomes["both"].classification == "both"


def test_every_classification_case_agrees_with_the_explorer_logic():
    cases = load_cases(classify)
    assert {c.answer for c in cases} == {"neither", "physical-dependence-only", "use-disorder",
                                         "both"}
    for case in cases:
        assert evaluate(case.checked, case.supervised).classification == case.answer, case.id
