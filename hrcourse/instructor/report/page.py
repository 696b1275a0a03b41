"""The HTML page: one self-contained file (charts embedded as PNG), readable in any
browser without help, with a section on how to read each figure. The page itself is a
Jinja2 template (templates/report.html.j2, shipped with the package); this module
gives it the report's numbers as plain text, and Jinja2 escapes every one."""

from __future__ import annotations

import numbers
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING

from hrcourse.instructor.report.descriptions import describe_options
from hrcourse.instructor.report.gain_page import gain_context
from hrcourse.instructor.report.model import CHOICE_KINDS, CSV_TABLES, ClassReport
from hrcourse.instructor.report.text import fmt_number
from hrcourse.instructor.report.views import view

if TYPE_CHECKING:
    import pandas as pd

TEMPLATE = "report.html.j2"
CSV_HELP = {
    "items": "one row per item: objective, kind, key, points, how many graded, difficulty "
             "(share of points, 0–1), discrimination (item-rest correlation), strong and weak "
             "students' shares, flag",
    "options": "one row per option of each choice item (and one for no answer): times chosen, "
               "share of submitters, whether it is the key or the most common wrong answer",
    "objectives": "one row per learning objective: items, points, class average share, share "
                  "of students who mastered it",
    "students": "one row per student on the roster: submitted, score (nbgrader's total), "
                "percent, grades not given yet, share of each objective's points",
    "scores": "students per 10-point score band",
}
VARIANTS_HELP = ("one row per variant of each item-bank question: students shown it, "
                 "difficulty (share of points, 0–1), discrimination (the variant's score "
                 "against the rest of the test, among those shown it), flag, the "
                 "question's gap between its easiest and hardest variant")


@cache
def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(loader=PackageLoader("hrcourse.instructor.report", "templates"),
                      autoescape=select_autoescape(["j2"], default_for_string=True),
                      undefined=StrictUndefined)
    env.filters["percent"] = lambda share: f"{share:.0%}"
    return env


def _text(value: object) -> str:
    """Numbers without needless decimals (4, not 4.0); '–' for missing."""
    import pandas as pd

    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return "–"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.2f}".rstrip("0")
    return str(value)


def _cell(value: object) -> dict:
    # numpy numbers are numbers.Real too; bool is an int to Python but reads as a word
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        kind = "num"
    else:
        kind = "text" if isinstance(value, str) and len(value) > 40 else ""
    return {"kind": kind, "text": _text(value)}


def _table(frame: pd.DataFrame, index: bool = False, flag_column: str | None = None) -> dict:
    """A table for the template; rows with text in `flag_column` get a highlight (and keep
    the text, so the flag never depends on colour alone)."""
    frame = frame.reset_index() if index else frame
    flag = frame.columns.get_loc(flag_column) if flag_column is not None else None
    return {"columns": [_text(c) for c in frame.columns],
            "rows": [{"flagged": flag is not None and bool(values[flag]),
                      "cells": [_cell(v) for v in values]}
                     for values in frame.itertuples(index=False)]}


def _glance(report: ClassReport) -> list[str]:
    s = report.summary
    absent = (f", {s['not_submitted']} did not (they are left out of every figure below)"
              if s["not_submitted"] else "")
    lines = [f"{s['roster']} student(s) on the roster; {s['submitted']} submitted{absent}."]
    if s["submitted"]:
        lines.append(f"Average score {fmt_number(s['mean'])}% (median "
                     f"{fmt_number(s['median'])}%) out of {s['max_score']:g} points.")
        lines.append(f"{s['flagged']} of {s['items']} items flagged for review.")
    if s["not_graded"]:
        lines.append(f"{s['not_graded']} grade(s) not given yet (written answers waiting in the "
                     f"formgrader): totals count them as 0, as nbgrader does, so those scores "
                     f"will rise; item and objective figures use graded answers only.")
    if 0 < s["submitted"] < 30:
        lines.append(f"With only {s['submitted']} submissions, read discrimination as a rough "
                     f"guide: one student can move it a lot.")
    return lines


def _choice_items(report: ClassReport) -> list[dict]:
    items = []
    for item in report.items[report.items["kind"].isin(CHOICE_KINDS)].itertuples():
        rows = report.options[report.options["item"] == item.Index]
        if rows.empty:  # a question with variants: see the Variants table
            continue
        items.append({
            "label": _text(item.label), "objective": _text(item.objective),
            "key": _text(item.key), "question": _text(item.question),
            "description": describe_options(report, item.label),
            "options": [{"option": _text(r.option), "text": _text(r.text),
                         "note": "✔ key" if r.is_key
                         else "◀ most common wrong" if r.most_common_wrong else "",
                         "chosen": r.chosen, "percent": f"{100 * r.share:.0f}"}
                        for r in rows.itertuples()]})
    return items


def render_html(report: ClassReport, images: dict[str, tuple[str, str]]) -> str:
    """The report page. `images`: chart name -> (base64 PNG, description); a chart left
    out of `images` is simply not shown."""
    context = {"title": f"Class report: {report.assignment}",
               "generated": f"{datetime.now():%Y-%m-%d %H:%M}", "course": report.course,
               "glance": _glance(report), "notes": report.notes, "empty": report.empty,
               "images": images, "gain": gain_context(report, _table)}
    if not report.empty:
        flagged = view(report, "flagged").drop(columns=["Graded"])
        context.update(
            settings=report.settings, choice_items=_choice_items(report),
            student_count=len(report.students),
            csv_help=[(name, CSV_HELP[name]) for name in CSV_TABLES]
            + ([("variants", VARIANTS_HELP)] if report.variants is not None else []),
            tables={"scores": _table(view(report, "scores")),
                    "flagged": _table(flagged) if report.summary["flagged"] else None,
                    "all_items": _table(view(report, "items"), flag_column="Flag"),
                    "variants": (_table(view(report, "variants"), flag_column="Flag")
                                 if report.variants is not None else None),
                    "objectives": _table(view(report, "objectives")),
                    "students": _table(view(report, "students"), index=True)})
    return _environment().get_template(TEMPLATE).render(context)
