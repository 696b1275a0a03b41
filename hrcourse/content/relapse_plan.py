"""The relapse-prevention plan builder's template (data/relapse_plan.yml): an intro and
the plan's sections, each with a prompt and optional examples."""

from __future__ import annotations

from pathlib import Path

from hrcourse.content.base import ContentModel, Items, load

SOURCE = Path("relapse_plan.yml")


class Section(ContentModel):
    id: str
    title: str
    prompt: str
    examples: Items[str] = ()


class PlanTemplate(ContentModel):
    intro: str
    sections: Items[Section]


def load_template() -> PlanTemplate:
    return load(PlanTemplate, SOURCE)
