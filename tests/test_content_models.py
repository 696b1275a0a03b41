"""The content models' base: pydantic's errors in the course's one format."""

from typing import Literal

import pytest
from pydantic import Field, ValidationError, model_validator

from hrcourse.content import ContentError
from hrcourse.content.base import ContentModel, parse


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
     "data/x.yml, entry 'scene open > choice a': unknown field(s) feedbak; "
     "expected some of fit, id, next"),
    ({k: v for k, v in GOOD.items() if k != "title"},
     "data/x.yml, field 'title': required field is missing"),
    ([1, 2], "data/x.yml: expected a mapping (key: value lines)"),
])
def test_each_problem_names_file_entry_and_field(raw, message):
    with pytest.raises(ContentError) as err:
        parse(Case, raw, "data/x.yml")
    assert str(err.value) == message
