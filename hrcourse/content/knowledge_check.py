"""The knowledge check: two parallel forms (A and B) of click items, taken before lesson 01
and after the capstone, and the certificate's pass mark (data/knowledge_check.yml).

Read by the learner's widgets (hrcourse/widgets/knowledge_check.py), by the pure scoring
rules (hrcourse/logic/knowledge_check.py) and by the instructor side (nbgrader versions of
the same forms, the class gain report). Each field is declared once, here.

A class's student copy of the course (hrcourse/instructor/student_env.py) holds the file
with `keys_withheld: true` and no keys or feedback: there the instructor grades the two
forms in nbgrader, and no student account can read a key.

The forms are parallel by construction: position n of form A and position n of form B check
the same objective, with the same kind of item (one answer or several) and the same number
of options, so a score on A and a score on B can be compared.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from hrcourse.content import ContentError
from hrcourse.content.base import ContentModel, load, parse

FILE = "knowledge_check.yml"
FORMS = ("A", "B")

Letter = Annotated[str, StringConstraints(pattern=r"^[a-f]$")]
Text = Annotated[str, StringConstraints(min_length=1)]


class CheckItem(ContentModel):
    """One click item: a short scenario, lettered options, the key and feedback per option."""

    id: Annotated[str, StringConstraints(pattern=r"^[AB]\d\d$")]  # stable: "A01", "B07"
    objective: Annotated[str, StringConstraints(pattern=r"^\d\d\.\d+$")]  # e.g. "05.1"
    concept: Text  # what the item checks, in a few words (the class report counts by it)
    stem: Text
    options: dict[Letter, Text]
    # "b" or "a,c"; None only in a class's student copy (keys_withheld), with no feedback
    key: Annotated[str, StringConstraints(pattern=r"^[a-f](,[a-f])*$")] | None = None
    many: bool = False
    feedback: dict[Letter, Text] | None = None

    @model_validator(mode="after")
    def _consistent(self) -> CheckItem:
        letters = list(self.options)
        if letters != list("abcdef"[:len(letters)]) or not 3 <= len(letters) <= 6:
            raise ValueError(f"options must be lettered a, b, c... in order (3 to 6 of them); "
                             f"found {', '.join(letters)}")
        if self.key is None:
            if self.feedback is not None:
                raise ValueError("feedback without a key: give both, or neither in a "
                                 "student copy with keys_withheld")
            return self
        if self.feedback is None:
            raise ValueError("feedback must be given for every option")
        keys = self.key.split(",")
        if not set(keys) <= set(letters):
            raise ValueError(f"key {self.key!r} names an option that does not exist")
        if len(set(keys)) != len(keys) or keys != sorted(keys):
            raise ValueError(f"key {self.key!r}: list each letter once, in order")
        if not self.many and len(keys) != 1:
            raise ValueError(f"key {self.key!r} has several letters; set many: true "
                             f"or keep one")
        if self.many and len(keys) == len(letters):
            raise ValueError("a tick-all item where every option applies cannot discriminate")
        if set(self.feedback) != set(letters):
            missing = sorted(set(letters) - set(self.feedback))
            extra = sorted(set(self.feedback) - set(letters))
            raise ValueError("feedback must be given for every option and only for them"
                             + (f"; missing {', '.join(missing)}" if missing else "")
                             + (f"; no such option {', '.join(extra)}" if extra else ""))
        return self

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(self.key.split(",")) if self.key else frozenset()

    @property
    def letters(self) -> str:
        return "".join(self.options)

    def fingerprint(self) -> str:
        """Changes when what the learner saw or how it is scored changes (stem, options,
        key, kind), not when feedback or the concept label is reworded. Saved with an
        answer, it tells whether that answer still belongs to the item as it is now."""
        seen = json.dumps([self.stem, self.options, self.key, self.many], sort_keys=True)
        return hashlib.sha256(seen.encode("utf-8")).hexdigest()[:12]


class KnowledgeCheck(ContentModel):
    pass_mark: float = Field(gt=0, le=1)  # share of the post-check to reach for a certificate
    # A class's student copy: keys and feedback left out; the instructor grades the forms.
    keys_withheld: bool = False
    forms: dict[Literal["A", "B"], list[CheckItem]]

    @model_validator(mode="after")
    def _parallel(self) -> KnowledgeCheck:
        if set(self.forms) != set(FORMS):
            raise ValueError("forms must hold both A and B")
        a, b = self.forms["A"], self.forms["B"]
        seen: set[str] = set()
        for form, items in self.forms.items():
            for item in items:
                if not item.id.startswith(form):
                    raise ValueError(f"item {item.id} is in form {form}; its id must start "
                                     f"with {form}")
                if item.id in seen:
                    raise ValueError(f"item id {item.id} is used twice")
                seen.add(item.id)
                if (item.key is None) != self.keys_withheld:
                    raise ValueError(f"item {item.id}: " + (
                        "has a key, but this copy says keys_withheld" if self.keys_withheld
                        else "has no key (only a student copy with keys_withheld: true may "
                             "leave keys and feedback out)"))
        if len(a) != len(b):
            raise ValueError(f"the forms must be parallel: A has {len(a)} items, B {len(b)}")
        for n, (x, y) in enumerate(zip(a, b, strict=True), start=1):
            if (x.objective, x.many, len(x.options)) != (y.objective, y.many, len(y.options)):
                raise ValueError(f"position {n}: {x.id} and {y.id} must check the same "
                                 f"objective with the same kind of item and number of options")
        return self

    def form(self, name: str) -> list[CheckItem]:
        return self.forms[name]  # type: ignore[index]

    def item(self, item_id: str) -> CheckItem | None:
        return next((i for f in self.forms.values() for i in f if i.id == item_id), None)

    @property
    def objectives(self) -> list[str]:
        """The objectives checked, in form order, each once."""
        return list(dict.fromkeys(i.objective for i in self.forms["A"]))


def other_form(name: str) -> str:
    """Counterbalancing: who starts with A ends with B, and the reverse."""
    return "B" if name == "A" else "A"


def write_student_copy(source: Path, target: Path) -> None:
    """Write `source` (a knowledge_check.yml) to `target` without its keys and feedback, as
    a class's student copy holds it (keys_withheld: the instructor grades the forms); the
    result is validated before it is written."""
    import yaml

    from hrcourse.content import read_yaml

    raw = read_yaml(source)
    if not isinstance(raw, dict) or not isinstance(raw.get("forms"), dict):
        raise ContentError(source, "not a knowledge check (no forms)")
    raw = {**raw, "keys_withheld": True,
           "forms": {name: [{k: v for k, v in item.items() if k not in ("key", "feedback")}
                            for item in items if isinstance(item, dict)]
                     for name, items in raw["forms"].items() if isinstance(items, list)}}
    parse(KnowledgeCheck, raw, target)
    header = ("# The knowledge check as a class's student copy holds it: no keys and no "
              "feedback\n# (written by hrcourse/instructor/student_env.py; the instructor "
              "grades the forms).\n")
    target.write_text(header + yaml.safe_dump(raw, sort_keys=False, allow_unicode=True,
                                              width=95), encoding="utf-8")


def load_knowledge_check() -> KnowledgeCheck:
    """data/knowledge_check.yml as a validated model (re-read when the file changes)."""
    return load(KnowledgeCheck, FILE)
