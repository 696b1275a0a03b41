"""The knowledge check's two forms follow the graded quizzes' item rules, and are parallel.

The rules are tests/test_items.py's own functions (structure, feedback, option length, key
positions, objectives), applied to each form as if it were one graded quiz; nothing is
copied. The model (hrcourse/content/knowledge_check.py) already refuses forms that are not
parallel; the tests here show that it does, and that the real file passes.
"""

from __future__ import annotations

import copy

import pytest
import yaml

from hrcourse.content import ContentError
from hrcourse.content.base import parse
from hrcourse.content.knowledge_check import CheckItem, KnowledgeCheck, load_knowledge_check
from tests.conftest import ROOT
from tests.test_items import (
    Item,
    feedback_problems,
    length_problems,
    lesson_objectives,
    objective_problems,
    position_problems,
    structure_problems,
)


def as_item(form: str, number: int, it: CheckItem) -> Item:
    """A form's item in the shape tests/test_items.py's rules read."""
    return Item(f"knowledge check {form}", number, "multiple" if it.many else "single",
                it.objective, dict(it.options), it.key, it.many, it.concept,
                dict(it.feedback), it.letters, dict(it.options))


@pytest.fixture(scope="module")
def forms() -> dict[str, list[Item]]:
    check = load_knowledge_check()
    return {name: [as_item(name, n, it) for n, it in enumerate(check.form(name), 1)]
            for name in ("A", "B")}


def test_each_form_has_12_to_16_items_and_a_pass_mark():
    check = load_knowledge_check()
    assert 12 <= len(check.form("A")) == len(check.form("B")) <= 16
    assert 0.5 <= check.pass_mark <= 1


@pytest.mark.parametrize("form", ["A", "B"])
def test_a_form_follows_the_item_rules(forms, form):
    items = forms[form]
    assert structure_problems(items) == []
    assert feedback_problems(items) == []
    assert length_problems(items) == []
    assert position_problems(items) == []


def test_every_item_names_an_existing_objective_and_every_lesson_is_checked(forms):
    """Every lesson from 01 on has at least one item (its core objective); no item names an
    objective that does not exist."""
    items = forms["A"] + forms["B"]
    objectives = lesson_objectives()
    unknown = [p for p in objective_problems(items, [], objectives) if "does not exist" in p]
    assert unknown == []
    lessons = {o.split(".")[0] for o in objectives}
    assert lessons - {i.objective.split(".")[0] for i in items} == set()


def test_the_addiction_and_dependence_distinction_and_recovery_carry_weight(forms):
    """The course's emphasis: lesson 05 (dependence and addiction), 06 (recovery and
    treatment), 07 (relapse) and the capstone's family explanation hold at least six
    positions of each form."""
    emphasis = [i for i in forms["A"] if i.objective.split(".")[0] in ("05", "06", "07", "11")]
    assert len(emphasis) >= 6


def test_the_rules_see_a_form_whose_key_is_always_the_longest(forms):
    gamed = [Item(i.quiz, i.number, i.kind, i.objective,
                  {k: v + (" and more besides, said at length" if k == i.key else "")
                   for k, v in i.options.items()}, i.key, i.many, i.concept, i.feedback,
                  i.listed, None) for i in forms["A"]]
    assert any("longest" in p for p in length_problems(gamed))


# -- the model refuses forms that are not parallel -------------------------------------

@pytest.fixture(scope="module")
def raw():
    return yaml.safe_load((ROOT / "data" / "knowledge_check.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("change, message", [
    (lambda r: r["forms"]["B"].pop(), "the forms must be parallel: A has"),
    (lambda r: r["forms"]["B"][0].update(objective="03.1"),
     "position 1: A01 and B01 must check the same objective"),
    (lambda r: r["forms"]["A"][0].update(key="e"), "key 'e' names an option that does not exist"),
    (lambda r: r["forms"]["A"][0].update(key="a,b"), "set many: true or keep one"),
    (lambda r: r["forms"]["A"][0]["feedback"].pop("c"), "missing c"),
    (lambda r: r["forms"]["A"][1].update(id="A01"), "item id A01 is used twice"),
    (lambda r: r["forms"]["B"][0].update(id="A99"), "its id must start with B"),
    (lambda r: r.update(pass_mark=1.5), "less than or equal to 1"),
])
def test_the_model_names_what_is_wrong(raw, change, message):
    broken = copy.deepcopy(raw)
    change(broken)
    with pytest.raises(ContentError) as err:
        parse(KnowledgeCheck, broken, "data/knowledge_check.yml")
    assert message in str(err.value)
    assert str(err.value).startswith("data/knowledge_check.yml")


def test_a_fingerprint_changes_with_what_the_learner_saw_not_with_feedback():
    item = load_knowledge_check().form("A")[0]
    reworded = item.model_copy(update={"feedback": {**item.feedback, "a": "Reworded."}})
    edited = item.model_copy(update={"options": {**item.options, "a": "A new option."}})
    assert reworded.fingerprint() == item.fingerprint() != edited.fingerprint()
