"""The stance self-assessment (data/stance.yml): Likert items grouped by domain.

A reflective tool written for this course, not a validated instrument. Each domain has
a prompt for low and one for high scores; every item belongs to a declared domain and
every domain has items.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import model_validator

from hrcourse.content.base import ContentModel, Invalid, Items, by_id, load, unique

SOURCE = Path("stance.yml")
SCALE = (1, 2, 3, 4, 5)


class Domain(ContentModel):
    id: str
    label: str
    low_prompt: str
    high_prompt: str


class StanceItem(ContentModel):
    id: str
    domain: str
    text: str
    reverse: bool = False


class Instrument(ContentModel):
    note: str
    scale_labels: Items[str]
    domains: Items[Domain]
    items: Items[StanceItem]

    def domain(self, domain_id: str) -> Domain:
        return by_id(self.domains, domain_id, "domain")

    @model_validator(mode="after")
    def _domains_and_items_match(self) -> Instrument:
        if len(self.scale_labels) != len(SCALE):
            raise Invalid(f"needs {len(SCALE)} labels, one per point", field="scale_labels")
        domain_ids = [d.id for d in self.domains]
        for item in self.items:
            if item.domain not in domain_ids:
                raise Invalid(f"{item.domain!r} is not one of "
                              f"{', '.join(map(repr, domain_ids))}",
                              entry=f"item {item.id}", field="domain")
        unique((i.id for i in self.items), "item ids", field="items")
        empty = [d for d in domain_ids if not any(i.domain == d for i in self.items)]
        if empty:
            raise Invalid(f"domain(s) without items: {', '.join(empty)}", field="items")
        return self


def load_instrument() -> Instrument:
    return load(Instrument, SOURCE)
