"""The relapse-prevention plan builder's sections and its Markdown export."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hrcourse.content import Where, check_keys, load_yaml, require, text

SOURCE = Path("relapse_plan.yml")


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    prompt: str
    examples: tuple[str, ...]


@dataclass(frozen=True)
class PlanTemplate:
    intro: str
    sections: tuple[Section, ...]


def load_template() -> PlanTemplate:
    raw = load_yaml(SOURCE)
    where = Where(SOURCE)
    check_keys(raw, {"intro", "sections"}, where)
    sections = []
    for i, s in enumerate(require(raw, "sections", list, where)):
        sw = where.at(f"sections[{i}]")
        check_keys(s, {"id", "title", "prompt", "examples"}, sw)
        sections.append(Section(require(s, "id", str, sw), require(s, "title", str, sw),
                                text(require(s, "prompt", str, sw)),
                                tuple(require(s, "examples", list, sw, default=[]))))
    return PlanTemplate(text(require(raw, "intro", str, where)), tuple(sections))


def to_markdown(template: PlanTemplate, answers: dict[str, str]) -> str:
    lines = ["# My relapse-prevention plan (practice exercise)", "", template.intro, ""]
    for s in template.sections:
        lines += [f"## {s.title}", "", (answers.get(s.id) or "").strip() or "_(not filled in)_",
                  ""]
    return "\n".join(lines)
