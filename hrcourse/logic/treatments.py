"""Treatment options for the side-by-side explorer (lesson 06), from data/treatments.yml."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hrcourse.content import Where, check_keys, load_yaml, require, text

SOURCE = Path("treatments.yml")


@dataclass(frozen=True)
class Treatment:
    id: str
    name: str
    category: str
    values: dict[str, str]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Catalogue:
    attributes: tuple[tuple[str, str], ...]  # (id, label) rows, in order
    treatments: tuple[Treatment, ...]

    def get(self, treatment_id: str) -> Treatment:
        for t in self.treatments:
            if t.id == treatment_id:
                return t
        raise KeyError(treatment_id)

    def table(self, ids: list[str]) -> list[tuple[str, list[str]]]:
        """Rows (label, one cell per chosen treatment); a missing value reads as '-'."""
        chosen = [self.get(i) for i in ids]
        return [(label, [t.values.get(aid, "-") for t in chosen])
                for aid, label in self.attributes]


def load_catalogue() -> Catalogue:
    raw = load_yaml(SOURCE)
    where = Where(SOURCE)
    check_keys(raw, {"attributes", "treatments"}, where)
    attributes = []
    for i, a in enumerate(require(raw, "attributes", list, where)):
        aw = where.at(f"attributes[{i}]")
        check_keys(a, {"id", "label"}, aw)
        attributes.append((require(a, "id", str, aw), require(a, "label", str, aw)))
    ids = {a for a, _ in attributes}
    treatments = []
    for i, t in enumerate(require(raw, "treatments", list, where)):
        tw = where.at(f"treatments[{i}]")
        check_keys(t, {"id", "name", "category", "values", "sources"}, tw)
        tw = tw.at(str(t.get("id", i)))
        values = require(t, "values", dict, tw)
        unknown = sorted(set(values) - ids)
        if unknown:
            raise tw.error(f"values for unknown attribute(s) {', '.join(unknown)}", "values")
        treatments.append(Treatment(require(t, "id", str, tw), require(t, "name", str, tw),
                                    require(t, "category", str, tw),
                                    {k: text(str(v)) for k, v in values.items()},
                                    tuple(require(t, "sources", list, tw))))
    return Catalogue(tuple(attributes), tuple(treatments))
