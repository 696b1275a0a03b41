"""The relapse-prevention plan's Markdown export, from the template (the content model in
hrcourse/content/relapse_plan.py) and the learner's answers."""

from __future__ import annotations

from hrcourse.content.relapse_plan import PlanTemplate


def to_markdown(template: PlanTemplate, answers: dict[str, str]) -> str:
    lines = ["# My relapse-prevention plan (practice exercise)", "", template.intro, ""]
    for s in template.sections:
        lines += [f"## {s.title}", "", (answers.get(s.id) or "").strip() or "_(not filled in)_",
                  ""]
    return "\n".join(lines)
