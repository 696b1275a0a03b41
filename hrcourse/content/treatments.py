"""Treatment options for the side-by-side explorer (lesson 06), data/treatments.yml.

Attributes are the explorer's rows; each treatment gives a value for some of them (a
missing one reads as '-') and names its sources.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import model_validator

from hrcourse.content.base import Code, ContentModel, Invalid, Items, by_id, load

SOURCE = Path("treatments.yml")


class Attribute(ContentModel):
    id: str
    label: str


class Treatment(ContentModel):
    id: str
    name: str
    category: str
    values: dict[str, Code]
    sources: Items[str]


class Catalogue(ContentModel):
    attributes: Items[Attribute]
    treatments: Items[Treatment]

    def get(self, treatment_id: str) -> Treatment:
        return by_id(self.treatments, treatment_id, "treatment")

    def table(self, ids: list[str]) -> list[tuple[str, list[str]]]:
        """Rows (label, one cell per chosen treatment); a missing value reads as '-'."""
        chosen = [self.get(i) for i in ids]
        return [(a.label, [t.values.get(a.id, "-") for t in chosen]) for a in self.attributes]

    @model_validator(mode="after")
    def _known_attributes(self) -> Catalogue:
        ids = {a.id for a in self.attributes}
        for t in self.treatments:
            unknown = sorted(set(t.values) - ids)
            if unknown:
                raise Invalid(f"values for unknown attribute(s) {', '.join(unknown)}",
                              entry=f"treatment {t.id}", field="values")
        return self


def load_catalogue() -> Catalogue:
    return load(Catalogue, SOURCE)
