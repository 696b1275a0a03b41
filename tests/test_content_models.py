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
