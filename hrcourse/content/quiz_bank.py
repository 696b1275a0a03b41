"""A graded quiz as an item bank (data/quizzes/<quiz id>.yml): slots with interchangeable
variants, written items graded by rubric.

    id: quiz2_dependence
    title: ...
    intro: ...                 # Markdown at the top of the quiz (safety note, crisis lines)
    slots:                     # one question each, in the order shown
    - id: q01
      objective: '05.3'        # a lesson objective (data/lessons/NN.yml)
      part: ...                # only for an objective that declares parts: one of them
      kind: single             # single | multiple (tick all that apply) | classify
      points: 1
      teaches_language: true   # optional: quotes stigmatizing words on purpose
      shuffle: true            # optional: defaults to true, except for classify
      variants:
      - {id: q01-1, concept: ..., stem: ..., options: {a: ..., b: ...}, key: b,
         feedback: {a: ..., b: ...}}
    written:
    - {id: written_1, points: 4, objective: '10.3', prompt: ..., rubric: ...}

Each student sees one variant of every slot, its options in a student-specific order
(hrcourse/logic/variants.py); the builder (hrcourse/instructor/bank_notebook.py) turns a
bank into the nbgrader instructor notebook. An instructor's private bank (a folder of files
in this format, named in the course config) adds or replaces slots by id: `merged`.

The files hold the answer keys. Fixed-form quizzes (the knowledge check's forms, an
instructor's own spec) keep the simpler QuizSpec (quiz_spec.py): one item per question.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints, ValidationInfo, model_validator

from hrcourse.content import ContentError, data_dir, read_yaml
from hrcourse.content.base import ContentModel, Invalid, Items, parse, unique

FOLDER = "quizzes"  # under data/
Ident = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_]+(-[A-Za-z0-9_]+)*$")]
OptionId = Annotated[str, StringConstraints(pattern=r"^[a-z]$")]
ObjectiveId = Annotated[str, StringConstraints(pattern=r"^\d\d\.\d+$")]


class Variant(ContentModel):
    """One interchangeable item of a slot."""

    id: Ident = Field(description="<slot id>-<n>, stable, never reused")
    concept: str = Field(description="what the item checks, in one sentence (no key in it)")
    stem: str = Field(description="Markdown: a short clinical scenario, self-contained")
    options: dict[OptionId, str] = Field(description="option id (a, b, c... in order) -> "
                                                     "text; students see their own letters")
    key: Annotated[str, StringConstraints(pattern=r"^[a-z](,[a-z])*$")] = Field(
        description="the correct option id; for kind multiple, ids in order: 'a,c'")
    feedback: dict[OptionId, str] = Field(description="for every option: why it is right or "
                                                      "wrong (the key's opens 'Correct.')")

    @model_validator(mode="after")
    def _consistent(self) -> Variant:
        ids = list(self.options)
        if ids != [chr(ord("a") + i) for i in range(len(ids))] or not 2 <= len(ids) <= 8:
            raise Invalid(f"options must be a, b, c... in order (2 to 8 of them); found "
                          f"{', '.join(ids)}", field="options")
        keys = self.key.split(",")
        unknown = [k for k in keys if k not in self.options]
        if unknown:
            raise Invalid(f"{', '.join(unknown)} is not one of the options ({', '.join(ids)})",
                          field="key")
        if len(set(keys)) != len(keys) or keys != sorted(keys):
            raise Invalid(f"{self.key!r}: list each option once, in order", field="key")
        if set(self.feedback) != set(ids):
            missing = sorted(set(ids) - set(self.feedback))
            extra = sorted(set(self.feedback) - set(ids))
            raise Invalid("feedback must be given for every option and only for them"
                          + (f"; missing {', '.join(missing)}" if missing else "")
                          + (f"; no such option {', '.join(extra)}" if extra else ""),
                          field="feedback")
        return self

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(self.key.split(","))


class Slot(ContentModel):
    """One question of the quiz: each student gets one of its variants."""

    id: Ident
    objective: ObjectiveId
    part: str | None = Field(None, description="one of the objective's declared parts")
    kind: Literal["single", "multiple", "classify"]
    points: int = Field(ge=1)
    teaches_language: bool = Field(False, description="quotes stigmatizing words on purpose")
    shuffle: bool = Field(True, description="options in a per-student order; defaults to "
                                            "true except for classify (categories keep "
                                            "their written order)")
    variants: Items[Variant] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _shuffle_default(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("shuffle") is None:
            data = {**data, "shuffle": data.get("kind") != "classify"}
        return data

    @model_validator(mode="after")
    def _variants_alike(self, info: ValidationInfo) -> Slot:
        first = self.variants[0]
        for v in self.variants:
            where = f"variant {v.id}"
            if not v.id.startswith(self.id + "-"):
                raise Invalid(f"variant ids look like '{self.id}-1'; found {v.id!r}",
                              entry=where, field="id")
            if len(v.options) != len(first.options):
                raise Invalid(f"{len(v.options)} options, but {first.id} has "
                              f"{len(first.options)}: every variant of a slot has the same "
                              f"number", entry=where, field="options")
            many = len(v.keys) > 1
            if self.kind != "multiple" and many:
                raise Invalid(f"a {self.kind} item has exactly one key, found {v.key!r}",
                              entry=where, field="key")
            if self.kind == "multiple" and len(v.keys) == len(v.options):
                raise Invalid("a tick-all item where every option applies cannot "
                              "discriminate", entry=where, field="key")
        objectives = (info.context or {}).get("objectives")
        if objectives is not None:
            if self.objective not in objectives:
                raise Invalid(f"objective {self.objective!r} is not declared in "
                              f"data/lessons/", field="objective")
            parts = objectives[self.objective]
            if self.part is not None and self.part not in parts:
                declared = (f"declared parts: {', '.join(repr(p) for p in parts)}" if parts
                            else "it declares no parts")
                raise Invalid(f"{self.part!r} is not a part of objective {self.objective} "
                              f"({declared})", field="part")
        return self

    @property
    def many(self) -> bool:
        return self.kind == "multiple"


class Written(ContentModel):
    """A written answer, graded by hand against the rubric (in the formgrader)."""

    id: Ident
    points: int = Field(ge=1)
    objective: ObjectiveId
    prompt: str
    rubric: str
    title: str = "Written answer"


class QuizBank(ContentModel):
    id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_]+$")]
    title: str
    intro: str
    slots: Items[Slot] = Field(min_length=1)
    written: Items[Written] = ()

    @model_validator(mode="after")
    def _ids_once(self) -> QuizBank:
        unique([s.id for s in self.slots] + [v.id for s in self.slots for v in s.variants]
               + [w.id for w in self.written], "ids (slots, variants and written items)")
        return self

    @property
    def objectives(self) -> list[str]:
        return list(dict.fromkeys([s.objective for s in self.slots]
                                  + [w.objective for w in self.written]))


# -- private banks -------------------------------------------------------------------

class PrivateBank(ContentModel):
    """A private bank file: same format; every field but `id` and `slots` optional
    (a file may only replace or add slots)."""

    id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_]+$")]
    title: str | None = None
    intro: str | None = None
    slots: Items[Slot] = ()
    written: Items[Written] = ()


def merged(public: QuizBank, private: Sequence[PrivateBank],
           source: Path | str = "private bank") -> QuizBank:
    """The public bank with the private files for the same quiz applied in order: a slot
    (or written item) with a known id replaces the public one in place, a new id is added
    at the end; a title or intro given replaces the public one."""
    raw = public.model_dump()
    raw["slots"], raw["written"] = list(raw["slots"]), list(raw["written"])
    for extra in private:
        if extra.id != public.id:
            continue
        data = extra.model_dump()
        for field in ("title", "intro"):
            if data[field] is not None:
                raw[field] = data[field]
        for field in ("slots", "written"):
            known = {entry["id"]: i for i, entry in enumerate(raw[field])}
            for entry in data[field]:
                if entry["id"] in known:
                    raw[field][known[entry["id"]]] = entry
                else:
                    raw[field].append(entry)
    return parse(QuizBank, raw, source)


# -- loading -------------------------------------------------------------------------

def _objectives() -> dict[str, tuple[str, ...]]:
    """objective id -> its declared parts, for every lesson in data/lessons/."""
    from hrcourse.content.lesson import lesson_objectives

    return lesson_objectives()


def parse_bank(raw: Any, source: Path | str,
               objectives: Mapping[str, Sequence[str]] | None = None) -> QuizBank:
    """A bank given as data, validated (objectives: id -> parts; None: not checked)."""
    return parse(QuizBank, raw, source,
                 context=None if objectives is None else {"objectives": objectives})


def bank_files() -> list[Path]:
    base = data_dir() / FOLDER
    return sorted(p for p in base.glob("*.yml")) if base.is_dir() else []


def load_bank(quiz_id: str, private: Path | str | None = None) -> QuizBank:
    """data/quizzes/<quiz_id>.yml, validated, with a private bank folder applied."""
    path = data_dir() / FOLDER / f"{quiz_id}.yml"
    objectives = _objectives()
    bank = parse_bank(read_yaml(path), Path("data") / FOLDER / path.name, objectives)
    if bank.id != quiz_id:
        raise ContentError(path, f"id {bank.id!r} does not match the file name ({quiz_id})",
                           field="id")
    if private:
        bank = merged(bank, load_private(Path(private), objectives),
                      f"{private} (merged into {quiz_id})")
    return bank


def load_bank_file(path: Path | str) -> QuizBank:
    """A bank file anywhere (a copy being written, a file named on the command line)."""
    path = Path(path)
    return parse_bank(read_yaml(path), path, _objectives())


def load_private(folder: Path,
                 objectives: Mapping[str, Sequence[str]] | None = None) -> list[PrivateBank]:
    """Every YAML file of an instructor's private bank folder, validated, in name order."""
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        raise ContentError(folder, "the private bank folder does not exist")
    context = None if objectives is None else {"objectives": objectives}
    return [parse(PrivateBank, read_yaml(p), p, context=context)
            for p in sorted(folder.iterdir()) if p.suffix in (".yml", ".yaml")]


def load_banks(private: Path | str | None = None) -> dict[str, QuizBank]:
    """quiz id -> bank, for every data/quizzes/*.yml."""
    return {p.stem: load_bank(p.stem, private) for p in bank_files()}


def quiz_number(quiz_id: str) -> int | None:
    found = re.match(r"quiz(\d+)_", quiz_id)
    return int(found.group(1)) if found else None
