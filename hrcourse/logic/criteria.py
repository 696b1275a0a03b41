"""DSM-5 substance use disorder criteria: counting, severity, and the supervision note.

DSM-5 (APA, 2013; unchanged in DSM-5-TR, 2022) lists eleven criteria. Two or more
within 12 months meet the threshold: 2-3 mild, 4-5 moderate, 6 or more severe.
Tolerance and withdrawal are not counted for a medicine taken only as prescribed
under appropriate medical supervision: physiological adaptation on its own is
not a use disorder. That rule is the core of the chemical dependence vs addiction
distinction, so it lives here, in one place, and every widget and test uses it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hrcourse.content import ContentError, Where, check_keys, load_yaml, require, text

SOURCE = Path("dsm5_criteria.yml")
PHYSIOLOGICAL = ("tolerance", "withdrawal")
CLASSES = ("neither", "physical-dependence-only", "use-disorder", "both")
CLASS_LABELS = {
    "neither": "Neither: no use disorder and no physical dependence",
    "physical-dependence-only": "Physical (chemical) dependence only: no use disorder",
    "use-disorder": "Substance use disorder without physical dependence",
    "both": "Both: a substance use disorder with physical dependence",
}


@dataclass(frozen=True)
class Criterion:
    id: str
    number: int
    group: str
    text: str


@dataclass(frozen=True)
class Preset:
    id: str
    label: str
    description: str
    checked: tuple[str, ...]
    supervised: bool


@dataclass(frozen=True)
class Criteria:
    groups: dict[str, str]  # id -> label, in order
    criteria: tuple[Criterion, ...]
    presets: tuple[Preset, ...]
    supervision_note: str

    @property
    def ids(self) -> list[str]:
        return [c.id for c in self.criteria]

    def preset(self, preset_id: str) -> Preset:
        for p in self.presets:
            if p.id == preset_id:
                return p
        raise KeyError(f"no preset '{preset_id}' (presets: "
                       f"{', '.join(p.id for p in self.presets)})")


@dataclass(frozen=True)
class Evaluation:
    counted: tuple[str, ...]
    excluded: tuple[str, ...]  # ticked but not counted (supervision note)
    severity: str  # none, mild, moderate, severe
    physiological: bool  # tolerance or withdrawal present at all

    @property
    def count(self) -> int:
        return len(self.counted)

    @property
    def classification(self) -> str:
        disorder = self.severity != "none"
        if disorder and self.physiological:
            return "both"
        if disorder:
            return "use-disorder"
        return "physical-dependence-only" if self.physiological else "neither"


def severity(count: int) -> str:
    if count >= 6:
        return "severe"
    if count >= 4:
        return "moderate"
    if count >= 2:
        return "mild"
    return "none"


def evaluate(checked: set[str] | list[str] | tuple[str, ...], supervised: bool) -> Evaluation:
    """Count the criteria that apply. `supervised`: taken only as prescribed, supervised."""
    ticked = tuple(dict.fromkeys(checked))
    excluded = tuple(c for c in ticked if supervised and c in PHYSIOLOGICAL)
    counted = tuple(c for c in ticked if c not in excluded)
    return Evaluation(counted=counted, excluded=excluded, severity=severity(len(counted)),
                      physiological=any(c in PHYSIOLOGICAL for c in ticked))


def load_criteria() -> Criteria:
    raw = load_yaml(SOURCE)
    where = Where(SOURCE)
    check_keys(raw, {"groups", "criteria", "presets", "supervision_note"}, where)
    groups = {}
    for i, g in enumerate(require(raw, "groups", list, where)):
        gw = where.at(f"groups[{i}]")
        groups[require(g, "id", str, gw)] = require(g, "label", str, gw)
    criteria = []
    for i, c in enumerate(require(raw, "criteria", list, where)):
        cw = where.at(f"criteria[{i}]")
        check_keys(c, {"id", "number", "group", "text"}, cw)
        criteria.append(Criterion(id=require(c, "id", str, cw),
                                  number=require(c, "number", int, cw),
                                  group=require(c, "group", str, cw, allowed=groups),
                                  text=text(require(c, "text", str, cw))))
    ids = [c.id for c in criteria]
    if len(criteria) != 11 or sorted(c.number for c in criteria) != list(range(1, 12)):
        raise where.error("DSM-5 has exactly eleven criteria numbered 1-11", "criteria")
    for needed in PHYSIOLOGICAL:
        if needed not in ids:
            raise where.error(f"criterion '{needed}' is required by the supervision rule",
                              "criteria")
    presets = []
    for i, p in enumerate(require(raw, "presets", list, where)):
        pw = where.at(f"presets[{i}]")
        check_keys(p, {"id", "label", "description", "checked", "supervised"}, pw)
        checked = tuple(require(p, "checked", list, pw))
        unknown = [c for c in checked if c not in ids]
        if unknown:
            raise pw.error(f"unknown criteria {', '.join(map(str, unknown))}", "checked")
        presets.append(Preset(id=require(p, "id", str, pw), label=require(p, "label", str, pw),
                              description=text(require(p, "description", str, pw)),
                              checked=checked, supervised=require(p, "supervised", bool, pw)))
    return Criteria(groups=groups, criteria=tuple(sorted(criteria, key=lambda c: c.number)),
                    presets=tuple(presets),
                    supervision_note=text(require(raw, "supervision_note", str, where)))


# -- classification cases (lesson 05): the learner sorts short cases into CLASSES -----

@dataclass(frozen=True)
class Case:
    id: str
    title: str
    story: str
    checked: tuple[str, ...]
    supervised: bool
    answer: str
    explanation: str


def load_cases(relative: str = "classify_cases.yml") -> list[Case]:
    criteria = load_criteria()
    raw = load_yaml(relative)
    where = Where(relative)
    check_keys(raw, {"cases"}, where)
    cases = []
    for i, c in enumerate(require(raw, "cases", list, where)):
        cw = where.at(f"cases[{i}]")
        check_keys(c, {"id", "title", "story", "checked", "supervised", "answer",
                       "explanation"}, cw)
        checked = tuple(require(c, "checked", list, cw, default=[]))
        unknown = [x for x in checked if x not in criteria.ids]
        if unknown:
            raise cw.error(f"unknown criteria {', '.join(map(str, unknown))}", "checked")
        case = Case(id=require(c, "id", str, cw), title=require(c, "title", str, cw),
                    story=text(require(c, "story", str, cw)), checked=checked,
                    supervised=require(c, "supervised", bool, cw),
                    answer=require(c, "answer", str, cw, allowed=CLASSES),
                    explanation=text(require(c, "explanation", str, cw)))
        actual = evaluate(case.checked, case.supervised).classification
        if actual != case.answer:
            raise ContentError(relative, f"the answer key says '{case.answer}' but the "
                               f"criteria ticked give '{actual}'", entry=case.id,
                               field="answer")
        cases.append(case)
    return cases
