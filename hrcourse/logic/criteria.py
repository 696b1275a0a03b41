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
from typing import get_args

from hrcourse.content.criteria import PHYSIOLOGICAL, Case, Class, Criteria

CLASSES: tuple[str, ...] = get_args(Class)
CLASS_LABELS = {
    "neither": "Neither: no use disorder and no physical dependence",
    "physical-dependence-only": "Physical (chemical) dependence only: no use disorder",
    "use-disorder": "Substance use disorder without physical dependence",
    "both": "Both: a substance use disorder with physical dependence",
}


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


def classify(checked: tuple[str, ...], supervised: bool) -> str:
    """The class (one of CLASSES) of a case that ticks `checked`."""
    return evaluate(checked, supervised).classification


__all__ = ["CLASSES", "CLASS_LABELS", "PHYSIOLOGICAL", "Case", "Criteria", "Evaluation",
           "classify", "evaluate", "severity"]
