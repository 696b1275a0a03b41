"""The content models' base: pydantic's errors in the course's one format."""

from typing import ClassVar, Literal

import pytest
from pydantic import Field, ValidationError, model_validator

from hrcourse.content import ContentError
from hrcourse.content.base import Code, ContentModel, Invalid, Items, parse


class Choice(ContentModel):
    id: str
    next: str
    fit: Literal["strong", "weak"]


class Scene(ContentModel):
    id: str
    text: str = Field(min_length=1)
    choices: list[Choice]


class Case(ContentModel):
    title: str
    minutes: int
    scenes: list[Scene]

    @model_validator(mode="after")
    def _has_scenes(self):
        if not self.scenes:
            raise ValueError("a case needs at least one scene")
        return self


GOOD = {"title": "t", "minutes": 3,
        "scenes": [{"id": "open", "text": "x",
                    "choices": [{"id": "a", "next": "b", "fit": "strong"}]}]}


def with_choice(**changes):
    choice = {**GOOD["scenes"][0]["choices"][0], **changes}
    return {**GOOD, "scenes": [{**GOOD["scenes"][0], "choices": [choice]}]}


def test_a_valid_entry_becomes_a_read_only_model():
    case = parse(Case, GOOD, "data/x.yml")
    assert case.scenes[0].choices[0].fit == "strong"
    with pytest.raises(ValidationError):
        case.title = "changed"


@pytest.mark.parametrize("raw, message", [
    ({**GOOD, "minutes": "3"},
     "data/x.yml, field 'minutes': expected a whole number, found str ('3')"),
    ({**GOOD, "scenes": []}, "data/x.yml: a case needs at least one scene"),
    (with_choice(fit="strng"),
     "data/x.yml, entry 'scene open > choice a', field 'fit': "
     "'strng' is not one of 'strong', 'weak'"),
    (with_choice(feedbak="x"),
     "data/x.yml, entry 'scene open > choice a', field 'feedbak': unknown field; "
     "expected some of fit, id, next"),
    ({k: v for k, v in GOOD.items() if k != "title"},
     "data/x.yml, field 'title': required field is missing"),
    ([1, 2], "data/x.yml: expected a mapping (key: value lines)"),
])
def test_each_problem_names_file_entry_and_field(raw, message):
    with pytest.raises(ContentError) as err:
        parse(Case, raw, "data/x.yml")
    assert str(err.value) == message


# -- what the course's kinds rely on: rules across fields, naming by position, blanks ------

class Option(ContentModel):
    id: str
    text: str


class Question(ContentModel):
    lesson: Code
    options: Items[Option]
    hint: str | None = None
    positional: ClassVar[frozenset[str]] = frozenset({"options"})

    @model_validator(mode="after")
    def _two_options(self):
        if len(self.options) < 2:
            raise Invalid("needs two options", entry=f"option {len(self.options)}",
                          field="options")
        return self


Q = {"lesson": "01", "options": [{"id": "a", "text": "x"}, {"id": "b", "text": "y"}]}


def test_lists_become_tuples_and_numbers_become_text_where_declared():
    q = parse(Question, {**Q, "lesson": 1}, "q.yml")
    assert q.lesson == "1" and isinstance(q.options, tuple) and q.hint is None


@pytest.mark.parametrize("raw, message", [
    ({**Q, "options": [{"id": "a", "text": "x"}, {"id": "b", "text": 3}]},
     "q.yml, entry 'option 2', field 'text': expected text, found int (3)"),
    ({**Q, "options": Q["options"][:1]}, "q.yml, entry 'option 1', field 'options': "
                                         "needs two options"),
    ({**Q, "lesson": None}, "q.yml, field 'lesson': required field is missing"),
    ({**Q, "hint": "   "}, "q.yml, field 'hint': must not be empty"),
    ({**Q, "lesson": True}, "q.yml, field 'lesson': expected text, found true/false"),
])
def test_rules_positions_and_blanks_are_named_like_the_other_errors(raw, message):
    with pytest.raises(ContentError) as err:
        parse(Question, raw, "q.yml")
    assert str(err.value) == message


def test_validators_see_the_context_the_loader_passes():
    from pydantic import ValidationInfo

    class Known(ContentModel):
        ref: str

        @model_validator(mode="after")
        def _known(self, info: ValidationInfo):
            if self.ref not in info.context["known"]:
                raise Invalid(f"unknown ref {self.ref}", field="ref")
            return self

    assert parse(Known, {"ref": "a"}, "k.yml", context={"known": {"a"}}).ref == "a"
    with pytest.raises(ContentError, match="k.yml, field 'ref': unknown ref b"):
        parse(Known, {"ref": "b"}, "k.yml", context={"known": {"a"}})


def test_a_quiz_spec_with_a_typo_or_a_key_outside_the_options_is_refused():
    from hrcourse.content.quiz_spec import quiz_spec

    item = {"kind": "multiple", "objective": "01.1", "stem": "?", "key": "a,c",
            "options": {"a": "x", "b": "y", "c": "z"}}
    spec = {"id": "q1", "title": "t", "intro": "i", "items": [item]}
    assert quiz_spec(spec).items[0].points == 1
    with pytest.raises(ContentError, match=r"entry 'item 1', field 'feedbak': unknown field"):
        quiz_spec({**spec, "items": [{**item, "feedbak": {"a": "x"}}]})
    with pytest.raises(ContentError, match=r"entry 'item 1', field 'key': d is not one of"):
        quiz_spec({**spec, "items": [{**item, "key": "a,d"}]})
    annotated = {**spec, "items": [{**item, "model": {"slope": 1.0}}]}
    assert quiz_spec(annotated, annotated=True).items[0].key == "a,c"


# -- the quiz bank (data/quizzes/) -------------------------------------------------------

def _variant(vid: str, key: str = "b", n: int = 4) -> dict:
    ids = "abcdefgh"[:n]
    return {"id": vid, "concept": "What it checks.", "stem": f"A case for {vid}.",
            "options": {o: f"Option {o} text." for o in ids}, "key": key,
            "feedback": {o: ("Correct. " if o == key else "") + f"Why {o}." for o in ids}}


def _bank(**slot) -> dict:
    base = {"id": "q01", "objective": "08.1", "kind": "single", "points": 1,
            "variants": [_variant("q01-1"), _variant("q01-2", key="c")]}
    return {"id": "quiz9_test", "title": "T", "intro": "I.", "slots": [{**base, **slot}]}


OBJECTIVES = {"08.1": ("AUDIT-C", "DAST-10 and TAPS Tool"), "05.1": ()}


def _bank_error(raw: dict) -> str:
    from hrcourse.content.quiz_bank import parse_bank

    with pytest.raises(ContentError) as caught:
        parse_bank(raw, "data/quizzes/quiz9_test.yml", OBJECTIVES)
    return str(caught.value)


def test_a_bank_is_read_with_its_defaults():
    from hrcourse.content.quiz_bank import parse_bank

    bank = parse_bank(_bank(part="AUDIT-C"), "x.yml", OBJECTIVES)
    assert bank.slots[0].shuffle is True and bank.slots[0].part == "AUDIT-C"
    classify = parse_bank(_bank(kind="classify"), "x.yml", OBJECTIVES)
    assert classify.slots[0].shuffle is False
    kept = parse_bank(_bank(kind="classify", shuffle=True), "x.yml", OBJECTIVES)
    assert kept.slots[0].shuffle is True


@pytest.mark.parametrize("change, expected", [
    (lambda b: b["slots"][0]["variants"][1].update(key="e"),
     "data/quizzes/quiz9_test.yml, entry 'slot q01 > variant q01-2', field 'key': e is not "
     "one of the options (a, b, c, d)"),
    (lambda b: b["slots"][0]["variants"][1].update(_variant("q01-2", n=3)),
     "entry 'slot q01 > variant q01-2', field 'options': 3 options, but q01-1 has 4"),
    (lambda b: b["slots"][0]["variants"][0]["feedback"].pop("c"),
     "entry 'slot q01 > variant q01-1', field 'feedback': feedback must be given for every "
     "option and only for them; missing c"),
    (lambda b: b["slots"][0].update(part="AUDIT"),
     "entry 'slot q01', field 'part': 'AUDIT' is not a part of objective 08.1 (declared "
     "parts: 'AUDIT-C', 'DAST-10 and TAPS Tool')"),
    (lambda b: b["slots"][0].update(objective="05.1", part="x"),
     "'x' is not a part of objective 05.1 (it declares no parts)"),
    (lambda b: b["slots"][0].update(objective="07.9"),
     "entry 'slot q01', field 'objective': objective '07.9' is not declared"),
    (lambda b: b["slots"][0]["variants"][1].update(id="q01-1"),
     "ids (slots, variants and written items) repeat: q01-1"),
    (lambda b: b["slots"][0]["variants"][1].update(id="q02-1"),
     "entry 'slot q01 > variant q02-1', field 'id': variant ids look like 'q01-1'"),
    (lambda b: b["slots"][0]["variants"][0].update(key="a,b"),
     "entry 'slot q01 > variant q01-1', field 'key': a single item has exactly one key"),
    (lambda b: b["slots"][0].update(variants=[]),
     "entry 'slot q01', field 'variants'"),
    (lambda b: b["slots"][0]["variants"][0].update(feedbak={}),
     "entry 'slot q01 > variant q01-1', field 'feedbak': unknown field"),
])
def test_a_bank_error_names_the_file_the_slot_the_variant_and_the_field(change, expected):
    raw = _bank()
    change(raw)
    assert expected in _bank_error(raw)


def test_a_private_bank_replaces_slots_by_id_and_adds_new_ones(tmp_path):
    from hrcourse.content.quiz_bank import load_private, merged, parse_bank

    public = parse_bank(_bank(), "x.yml", OBJECTIVES)
    (tmp_path / "mine.yml").write_text(
        "id: quiz9_test\nslots:\n"
        "- {id: q01, objective: '05.1', kind: single, points: 2, variants: [PRIVATE1]}\n"
        "- {id: q77, objective: '05.1', kind: single, points: 1, variants: [PRIVATE2]}\n"
        .replace("PRIVATE1", str(_variant("q01-7", key="d")))
        .replace("PRIVATE2", str(_variant("q77-1", key="a"))))
    (tmp_path / "other.yml").write_text("id: quiz8_other\nslots: []\n")
    bank = merged(public, load_private(tmp_path, OBJECTIVES))
    assert [s.id for s in bank.slots] == ["q01", "q77"]
    assert [v.id for v in bank.slots[0].variants] == ["q01-7"]
    assert bank.slots[0].variants[0].key == "d" and bank.slots[0].points == 2
    (tmp_path / "bad.yml").write_text("id: quiz9_test\nslots:\n- {id: q05}\n")
    with pytest.raises(ContentError, match="bad.yml, entry 'slot q05'"):
        load_private(tmp_path, OBJECTIVES)
