"""The report page's learning-gain section (knowledge check, forms A and B): what the
template (templates/report.html.j2, its "gain" part) shows: the gain at a glance, the
objectives chart, and the tables, built with the page's own table helper."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from hrcourse.instructor.report.gain_views import G_CLASS, G_INDIVIDUAL, summary_lines
from hrcourse.instructor.report.model import ClassReport
from hrcourse.instructor.report.views import view

if TYPE_CHECKING:
    pass

CSV_HELP = {  # the tables output.py writes beside the page when there is a gain
    "gain_students": "each matched student's pre-test and post-test form and score, change "
                     "and own g",
    "gain_objectives": "each objective's mean share before and after, change and g",
    "gain_items": "each item pair's share correct before and after, change, g, moved least",
    "gain_unmatched": "every student not matched, with the reason",
}

def gain_context(report: ClassReport, table: Callable[..., dict]) -> dict | None:
    """What the template's gain part needs (None if the report has no gain); `table` is
    the page's table helper (frame, index=False, flag_column=None) -> table for the
    template."""
    gain = report.gain
    if gain is None:
        return None
    context = {"lines": summary_lines(gain), "notes": gain.notes,
               "matched": gain.summary["matched"], "g_class": G_CLASS,
               "g_individual": G_INDIVIDUAL, "csv_help": list(CSV_HELP.items()),
               "unmatched": (table(view(report, "gain_unmatched"))
                             if len(gain.unmatched) else None)}
    if gain.summary["matched"]:
        context["tables"] = {
            "objectives": table(view(report, "gain_objectives")),
            "items": table(view(report, "gain_items"), flag_column="Moved least"),
            "students": table(view(report, "gain_students"), index=True)}
    return context
