"""Scores and mastery across the class: nbgrader's points, each student's total and
objectives, score bands and the summary numbers. Pure: pandas in, pandas out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hrcourse.instructor.report.item_stats import label
from hrcourse.instructor.report.model import Item, Settings

if TYPE_CHECKING:
    import pandas as pd


def grade_points(grades: pd.DataFrame) -> pd.DataFrame:
    """Adds `points` (manual over auto, NaN if not graded yet; no extra credit, so an
    item's share stays within 0..1) and `score` (exactly nbgrader's: extra credit in,
    ungraded counts 0)."""
    out = grades.copy()
    manual, auto = out["manual_score"].astype(float), out["auto_score"].astype(float)
    points = manual.where(manual.notna(), auto)
    out["points"] = points
    extra = out["extra_credit"].astype(float).fillna(0.0)
    out["score"] = (points.astype(float) + extra).fillna(0.0)
    return out


def point_matrix(grades: pd.DataFrame, students: list[str], item_ids: list[str]) -> pd.DataFrame:
    """Students x items, points earned; NaN where there is no grade (yet)."""
    import pandas as pd

    if grades.empty:
        return pd.DataFrame(float("nan"), index=pd.Index(students, name="student"),
                            columns=item_ids)
    keyed = grades.assign(item=grades["notebook"] + "/" + grades["cell"])
    # (student, item) is unique in nbgrader's schema, so a plain unstack suffices.
    matrix = keyed.set_index(["student", "item"])["points"].unstack("item")
    return matrix.reindex(index=students, columns=item_ids).astype(float)


def mastery_by_student(points: pd.DataFrame, items: list[Item]) -> pd.DataFrame:
    """Students x objectives: share of the objective's points earned, over graded items."""
    import pandas as pd

    objectives = sorted({i.objective for i in items if i.objective})
    out = {}
    for objective in objectives:
        ids = [i.id for i in items if i.objective == objective]
        maxima = pd.Series({i.id: i.max_points for i in items if i.objective == objective})
        earned = points[ids].sum(axis=1, min_count=1)
        possible = points[ids].notna().mul(maxima, axis=1).sum(axis=1)
        out[objective] = (earned / possible.replace(0, float("nan"))).clip(0, 1)
    return pd.DataFrame(out, index=points.index, columns=objectives)


def objective_table(mastery: pd.DataFrame, items: list[Item], settings: Settings,
                    describe=None) -> pd.DataFrame:
    """Objectives across the class: items, points, average share, share who mastered it."""
    import pandas as pd

    describe = describe or (lambda _objective: "")
    rows = []
    for objective in mastery.columns:
        column = mastery[objective].dropna()
        mine = [i for i in items if i.objective == objective]
        rows.append({"objective": objective, "description": describe(objective),
                     "items": ", ".join(label(i, items) for i in mine),
                     "points": sum(i.max_points for i in mine), "students": len(column),
                     "class_mastery": column.mean() if len(column) else float("nan"),
                     "share_mastered": (column >= settings.mastery_level).mean()
                     if len(column) else float("nan")})
    return pd.DataFrame(rows, columns=["objective", "description", "items", "points",
                                       "students", "class_mastery", "share_mastered"])


def score_bands(percent: pd.Series) -> pd.DataFrame:
    """Students per 10-point band of the total score; 100% joins the 90-100 band."""
    import numpy as np
    import pandas as pd

    band = np.minimum(np.floor(percent.to_numpy(float) / 10), 9).astype(int)
    counts = np.bincount(band, minlength=10) if len(band) else np.zeros(10, int)
    names = [f"{10 * b}-{10 * b + 9}%" if b < 9 else "90-100%" for b in range(10)]
    total = counts.sum()
    return pd.DataFrame({"band": names, "students": counts,
                         "share": counts / total if total else np.zeros(10)})


def student_table(roster: pd.DataFrame, submitted: list[str], grades: pd.DataFrame,
                  points: pd.DataFrame, mastery: pd.DataFrame, max_total: float) -> pd.DataFrame:
    """Every student on the roster: submitted or not, nbgrader's total, share, grades still
    to be given, and mastery of each objective."""
    import pandas as pd

    everyone = roster.index.union(pd.Index(submitted)).sort_values()
    out = roster.reindex(everyone)[["first_name", "last_name"]]
    out.index.name = "student"
    out["submitted"] = out.index.isin(submitted)
    totals = grades.groupby("student")["score"].sum().reindex(everyone).fillna(0.0)
    out["score"] = totals.where(out["submitted"])  # NaN, not 0, for no submission
    out["max_score"] = max_total
    out["percent"] = 100 * out["score"] / max_total if max_total else float("nan")
    out["not_graded"] = points.isna().sum(axis=1).reindex(everyone).astype("Int64")
    mastered = mastery.reindex(everyone).add_prefix("mastery ")
    return pd.concat([out, mastered], axis=1)


def summarise(students: pd.DataFrame, stats: pd.DataFrame, max_total: float) -> dict:
    """The numbers at the top of the report."""
    done = students[students["submitted"]]
    percent = done["percent"]
    return {"roster": len(students), "submitted": len(done),
            "not_submitted": int((~students["submitted"]).sum()), "max_score": max_total,
            "mean": float(percent.mean()), "median": float(percent.median()),
            "sd": float(percent.std()), "min": float(percent.min()),
            "max": float(percent.max()), "q1": float(percent.quantile(0.25)),
            "q3": float(percent.quantile(0.75)), "items": len(stats),
            "flagged": int((stats["flag"] != "").sum()),
            "not_graded": int(stats["not_graded"].sum())}
