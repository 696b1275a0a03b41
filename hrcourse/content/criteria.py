"""The DSM-5 criteria (data/dsm5_criteria.yml) and the classification cases of lesson 05
(data/classify_cases.yml): models, rules and loaders.

DSM-5 (APA, 2013; unchanged in DSM-5-TR, 2022) lists eleven criteria in four groups.
The counting rules live in hrcourse/logic/criteria.py; a case's answer key is checked
against them by the `classify` function the caller passes to `load_cases` (content
imports no logic).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Literal

from pydantic import ValidationInfo, field_validator, model_validator

from hrcourse.content import load_yaml
from hrcourse.content.base import ContentModel, Invalid, Items, by_id, parse

SOURCE = Path("dsm5_criteria.yml")
CASES = Path("classify_cases.yml")
PHYSIOLOGICAL = ("tolerance", "withdrawal")
Class = Literal["neither", "physical-dependence-only", "use-disorder", "both"]
Classify = Callable[[tuple[str, ...], bool], str]


class Group(ContentModel):
    id: str
    label: str


class Criterion(ContentModel):
    id: str
    number: int
    group: str
    text: str


class Preset(ContentModel):
    id: str
    label: str
    description: str
    checked: Items[str]
    supervised: bool


class Criteria(ContentModel):
    groups: Items[Group]
    criteria: Items[Criterion]
    presets: Items[Preset]
    supervision_note: str

    @property
    def ids(self) -> list[str]:
        return [c.id for c in self.criteria]

    @property
    def group_labels(self) -> dict[str, str]:
        return {g.id: g.label for g in self.groups}

    def preset(self, preset_id: str) -> Preset:
        return by_id(self.presets, preset_id, "preset")

    @field_validator("criteria")
    @classmethod
    def _in_dsm_order(cls, criteria: tuple[Criterion, ...]) -> tuple[Criterion, ...]:
        return tuple(sorted(criteria, key=lambda c: c.number))

    @model_validator(mode="after")
    def _eleven_known_criteria(self) -> Criteria:
        groups = [g.id for g in self.groups]
        for c in self.criteria:
            if c.group not in groups:
                raise Invalid(f"{c.group!r} is not one of {', '.join(map(repr, groups))}",
                              entry=f"criterion {c.id}", field="group")
        if [c.number for c in self.criteria] != list(range(1, 12)):
            raise Invalid("DSM-5 has exactly eleven criteria numbered 1-11", field="criteria")
        for needed in PHYSIOLOGICAL:
            if needed not in self.ids:
                raise Invalid(f"criterion '{needed}' is required by the supervision rule",
                              field="criteria")
        for p in self.presets:
            _known(p.checked, self.ids, f"preset {p.id}")
        return self


def _known(checked: tuple[str, ...], ids: list[str], entry: str) -> None:
    unknown = [c for c in checked if c not in ids]
    if unknown:
        raise Invalid(f"unknown criteria {', '.join(unknown)}", entry=entry, field="checked")


class Case(ContentModel):
    id: str
    title: str
    story: str
    checked: Items[str] = ()
    supervised: bool
    answer: Class
    explanation: str


class ClassifyCases(ContentModel):
    cases: Items[Case]

    @model_validator(mode="after")
    def _keys_agree_with_the_rules(self, info: ValidationInfo) -> ClassifyCases:
        context = info.context or {}
        for case in self.cases:
            _known(case.checked, context.get("criteria", []), f"case {case.id}")
            classify: Classify | None = context.get("classify")
            actual = classify(case.checked, case.supervised) if classify else case.answer
            if actual != case.answer:
                raise Invalid(f"the answer key says '{case.answer}' but the criteria ticked "
                              f"give '{actual}'", entry=f"case {case.id}", field="answer")
        return self


def load_criteria() -> Criteria:
    return parse(Criteria, load_yaml(SOURCE), SOURCE)


def load_cases(classify: Classify, relative: str | Path = CASES) -> list[Case]:
    """The cases, each `checked` a known criterion and each answer key what
    `classify(checked, supervised)` gives (hrcourse.logic.criteria.classify)."""
    context = {"criteria": load_criteria().ids, "classify": classify}
    return list(parse(ClassifyCases, load_yaml(relative), relative, context=context).cases)
