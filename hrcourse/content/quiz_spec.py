"""A quiz spec: the plain YAML an instructor writes for tools/make_quiz.py, from which
hrcourse/instructor/quiz_notebook.py builds the nbgrader instructor notebook.

    id: quiz1_foundations
    title: ...
    intro: ...
    items:            # autograded; kinds: single, multiple, classify (= single over classes)
      - {kind: single, objective: "01.1", points: 1, stem: ..., options: {a: ..., b: ...},
         key: b, concept: what the item checks,           # multiple: key: "a,c"
         feedback: {a: why a is right or wrong, b: ...}}   # optional; shown for chosen options
    written:          # graded by hand in the formgrader
      - {id: written_1, points: 4, prompt: ..., rubric: ..., objective: "01.2"}

Specs hold the answer key: keep them private. Text is kept exactly as written (the
notebook builder decides what to strip), so a spec builds the same notebook as before.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import ConfigDict, Field, model_validator

from hrcourse.content import read_yaml
from hrcourse.content.base import ContentModel, Invalid, Items, parse, unique


class _Spec(ContentModel):
    model_config = ConfigDict(str_strip_whitespace=False)


class QuizItem(_Spec):
    kind: Literal["single", "multiple", "classify"]
    objective: str
    points: int = Field(1, ge=1)
    stem: str
    options: dict[str, str] = Field(description="option letter -> the option's text")
    key: str = Field(description="the correct option's letter; for multiple, the correct "
                                 "letters separated by commas (a,c)")
    concept: str = ""
    feedback: dict[str, str] | None = None

    @model_validator(mode="after")
    def _key_among_options(self) -> QuizItem:
        if len(self.options) < 2:
            raise Invalid(f"needs at least 2 options, found {len(self.options)}",
                          field="options")
        letters = [k.strip() for k in self.key.split(",")]
        unknown = [k for k in letters if k not in self.options]
        if unknown:
            raise Invalid(f"{', '.join(unknown)} is not one of the options "
                          f"({', '.join(self.options)})", field="key")
        if self.kind != "multiple" and len(letters) != 1:
            raise Invalid(f"a {self.kind} item has exactly one correct option, found "
                          f"{self.key!r}", field="key")
        extra = sorted(set(self.feedback or {}) - set(self.options))
        if extra:
            raise Invalid(f"feedback for option(s) {', '.join(extra)}, which do not exist",
                          field="feedback")
        return self


class WrittenItem(_Spec):
    id: str
    points: int = Field(ge=1)
    prompt: str
    rubric: str
    objective: str = ""
    title: str = "Written answer"


class QuizSpec(_Spec):
    id: str = Field(pattern=r"^[A-Za-z0-9_]+$")
    title: str
    intro: str
    items: Items[QuizItem]
    written: Items[WrittenItem] = ()

    @model_validator(mode="after")
    def _ids_once(self) -> QuizSpec:
        unique((w.id for w in self.written), "written ids", field="written")
        return self


def quiz_spec(raw: object, source: Path | str = "quiz spec",
              annotated: bool = False) -> QuizSpec:
    """A spec given as data, validated. `annotated`: items may carry keys of the
    caller's own beside the spec's (the synthetic class's answer model); they are left
    out. A spec file (load_quiz_spec) never may: there an unknown key is a typo."""
    if isinstance(raw, QuizSpec):
        return raw
    if annotated and isinstance(raw, dict):
        raw = dict(raw)
        for key, model in (("items", QuizItem), ("written", WrittenItem)):
            if isinstance(raw.get(key), list):
                raw[key] = [{k: v for k, v in i.items() if k in model.model_fields}
                            if isinstance(i, dict) else i for i in raw[key]]
    return parse(QuizSpec, raw, source)


def load_quiz_spec(path: Path) -> QuizSpec:
    """An instructor's spec file (anywhere; specs are not course content in data/)."""
    return parse(QuizSpec, read_yaml(path), path)
