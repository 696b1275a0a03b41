"""Readable tables: plain column names and whole percentages, for people rather than
programs. The notebook and the HTML page show the same views; the CSVs keep the raw ones."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hrcourse.instructor.report.gain_views import VIEWS as GAIN_VIEWS
from hrcourse.instructor.report.model import ClassReport
from hrcourse.instructor.report.text import shorten

if TYPE_CHECKING:
    import pandas as pd


def _pct(series: pd.Series) -> pd.Series:
    return (100 * series).round(0).astype("Int64")


def _items_view(report: ClassReport) -> pd.DataFrame:
    import pandas as pd

    items = report.items
    table = pd.DataFrame({
        "Item": items["label"], "Question": [shorten(q, 70) for q in items["question"]],
        "Objective": items["objective"], "Points": items["max_points"],
        "Graded": items["graded"], "Correct %": _pct(items["difficulty"]),
        "Discrimination": items["discrimination"].round(2),
        "Strong students correct %": _pct(items["strong_students"]),
        "Weak students correct %": _pct(items["weak_students"]), "Flag": items["flag"]})
    return table.reset_index(drop=True)


def _variants_view(report: ClassReport) -> pd.DataFrame:
    import pandas as pd

    v = report.variants
    if v is None:
        return pd.DataFrame(columns=["Item", "Variant", "Objective", "Students", "Graded",
                                     "Correct %", "Discrimination", "Question's gap (points)",
                                     "Flag"])
    return pd.DataFrame({
        "Item": v["item"], "Variant": v["variant"], "Objective": v["objective"],
        "Students": v["students"], "Graded": v["graded"], "Correct %": _pct(v["difficulty"]),
        "Discrimination": v["discrimination"].round(2),
        "Question's gap (points)": _pct(v["gap"]), "Flag": v["flag"]})


def _flagged_view(report: ClassReport) -> pd.DataFrame:
    table = _items_view(report)
    return table[table["Flag"] != ""].reset_index(drop=True)


def _options_view(report: ClassReport) -> pd.DataFrame:
    import pandas as pd

    options = report.options
    return pd.DataFrame({
        "Item": options["label"], "Option": options["option"], "Text": options["text"],
        "Key": options["is_key"].map({True: "✔ key", False: ""}),
        "Chosen by": options["chosen"], "Share %": _pct(options["share"]),
        "Most common wrong answer": options["most_common_wrong"].map(
            {True: "◀ most common wrong", False: ""})})


def _objectives_view(report: ClassReport) -> pd.DataFrame:
    import pandas as pd

    table = report.objectives
    return pd.DataFrame({
        "Objective": table["objective"], "Description": table["description"],
        "Items": table["items"], "Points": table["points"],
        "Class average %": _pct(table["class_mastery"]),
        f"Mastered (≥{report.settings.mastery_level:.0%}) %": _pct(table["share_mastered"])})


def _students_view(report: ClassReport) -> pd.DataFrame:
    import pandas as pd

    table = report.students
    names = table["first_name"].fillna("") + " " + table["last_name"].fillna("")
    out = pd.DataFrame({
        "Name": names.str.strip(), "Submitted": table["submitted"].map({True: "yes",
                                                                          False: "no"}),
        "Score": table["score"], "Out of": table["max_score"],
        "Score %": table["percent"].round(0).astype("Int64"),
        "Not graded yet": table["not_graded"]}, index=table.index)
    for column in (c for c in table.columns if c.startswith("mastery ")):
        out[column.replace("mastery ", "") + " %"] = _pct(table[column])
    return out


def _scores_view(report: ClassReport) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame({"Score band": report.scores["band"],
                         "Students": report.scores["students"],
                         "Share %": _pct(report.scores["share"])})


VIEWS = {"items": _items_view, "variants": _variants_view, "flagged": _flagged_view,
         "options": _options_view,
         "objectives": _objectives_view, "students": _students_view, "scores": _scores_view,
         **GAIN_VIEWS}  # the knowledge check's gain: gain, gain_students, gain_objectives...


def view(report: ClassReport, name: str) -> pd.DataFrame:
    """A table with plain column names and percentages, for people rather than programs:
    items, flagged, options, objectives, students or scores; for the knowledge check once
    both forms are graded, also gain, gain_students, gain_objectives, gain_items and
    gain_unmatched."""
    if name not in VIEWS:
        raise ValueError(f"no table {name!r}; choose {', '.join(VIEWS)}")
    return VIEWS[name](report)
