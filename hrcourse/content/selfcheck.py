"""Self-check items (data/selfchecks/<lesson>.yml): the model, its rules, the loader.

A formative item is single-choice (exactly one correct option) or multiple-select (at
least one), with 2 to 6 options, each carrying its own feedback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field, StringConstraints, model_validator
from pydantic.json_schema import SkipJsonSchema

from hrcourse.content import ContentError, load_yaml
from hrcourse.content.base import Code, ContentModel, Invalid, Items, by_id, parse, unique

FOLDER = Path("selfchecks")


class Option(ContentModel):
    id: Annotated[str, StringConstraints(to_lower=True)]
    text: str
    correct: bool = False
    feedback: str


class Item(ContentModel):
    id: str
    objective: str
    kind: Literal["single", "multiple"]
    stem: str
    options: Items[Option]
    lesson: SkipJsonSchema[str] = Field("", exclude=True)  # taken from the file, not written
    positional: ClassVar[frozenset[str]] = frozenset({"options"})

    @property
    def correct_ids(self) -> set[str]:
        return {o.id for o in self.options if o.correct}

    def option(self, option_id: str) -> Option:
        return by_id(self.options, option_id, "option")

    @model_validator(mode="after")
    def _answerable(self) -> Item:
        if not 2 <= len(self.options) <= 6:
            raise Invalid(f"needs 2 to 6 options, found {len(self.options)}", field="options")
        unique((o.id for o in self.options), "option ids", field="options")
        n_correct = sum(o.correct for o in self.options)
        if self.kind == "single" and n_correct != 1:
            raise Invalid(f"a single-choice item needs exactly one correct option, found "
                          f"{n_correct}", field="options")
        if self.kind == "multiple" and n_correct < 1:
            raise Invalid("a multiple-select item needs at least one correct option",
                          field="options")
        return self


class SelfCheckFile(ContentModel):
    lesson: Code
    items: Items[Item]

    @model_validator(mode="before")
    @classmethod
    def _items_know_their_lesson(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("items"), list):
            lesson = data.get("lesson")
            lesson = str(lesson) if isinstance(lesson, (str, int)) else ""
            items = [{**i, "lesson": lesson} if isinstance(i, dict) else i
                     for i in data["items"]]
            return {**data, "items": items}
        return data

    @model_validator(mode="after")
    def _ids_once(self) -> SelfCheckFile:
        seen: set[str] = set()
        for item in self.items:
            if item.id in seen:
                raise Invalid("item id used twice", entry=f"item {item.id}", field="id")
            seen.add(item.id)
        return self


def load_bank(lesson: str) -> list[Item]:
    """Items of data/selfchecks/<lesson>.yml, validated."""
    relative = FOLDER / f"{lesson}.yml"
    bank = parse(SelfCheckFile, load_yaml(relative), relative)
    if bank.lesson != lesson:
        raise ContentError(relative, f"says lesson {bank.lesson!r} but the file is for "
                                     f"lesson {lesson!r}", field="lesson")
    return list(bank.items)


def find_item(lesson: str, item_id: str) -> Item:
    items = load_bank(lesson)
    for item in items:
        if item.id == item_id:
            return item
    raise ContentError(FOLDER / f"{lesson}.yml", f"no self-check item '{item_id}' (known: "
                                                 f"{', '.join(i.id for i in items)})")
